"""The main text of an article page, so that classification can read past the headline.

A small readability heuristic on bs4 (through `page.soup_of`): drop scripts, navigation,
headers, footers, asides and forms; read the largest <article>, else <main>, else the
element whose direct <p> children hold the most text; join its paragraphs. Good enough
for the news sites the monitor reads, and cheap; the text is capped, since only its
first paragraphs carry the news.
"""

from __future__ import annotations

from typing import Any

from monitor.normalize import clean_text
from monitor.parse.page import soup_of

MAX_CHARS = 20_000
JUNK_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "figcaption",
]
JUNK_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}


def _paragraphs(scope: Any) -> list[str]:
    return [t for t in (clean_text(p.get_text(" ")) for p in scope.find_all("p")) if t]


def _densest(scope: Any) -> list[str]:
    """Paragraphs of the element whose own <p> children hold the most text."""
    by_parent: dict[int, tuple[Any, int]] = {}
    for p in scope.find_all("p"):
        parent = p.parent
        size = len(p.get_text())
        node, total = by_parent.get(id(parent), (parent, 0))
        by_parent[id(parent)] = (node, total + size)
    if not by_parent:
        return []
    best = max(by_parent.values(), key=lambda pair: pair[1])[0]
    return [
        t for t in (clean_text(p.get_text(" ")) for p in best.find_all("p", recursive=False)) if t
    ]


def _meta_description(soup: Any) -> str:
    for attrs in ({"property": "og:description"}, {"name": "description"}):
        tag = soup.find("meta", attrs=attrs)
        if tag is not None and tag.get("content"):
            return clean_text(str(tag["content"]))
    return ""


def extract_article(body: bytes, headers: dict[str, str]) -> str:
    """Plain text of the page's main article ('' when none is found)."""
    soup = soup_of(body, headers)
    for tag in soup(JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(role=True):
        if not tag.decomposed and str(tag.get("role", "")).lower() in JUNK_ROLES:
            tag.decompose()
    articles = soup.find_all("article")
    paragraphs: list[str] = []
    if articles:
        scope = max(articles, key=lambda a: sum(len(p.get_text()) for p in a.find_all("p")))
        paragraphs = _paragraphs(scope)
    else:
        main = soup.find("main") or soup.find(role="main")
        if main is not None:
            paragraphs = _paragraphs(main)
    if not paragraphs:
        paragraphs = _densest(soup.body or soup)
    text = "\n".join(paragraphs) or _meta_description(soup)
    return text[:MAX_CHARS]
