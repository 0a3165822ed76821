"""feedparser's rules for naming elements and typing their text, for the lxml fast path.

feedparser knows an element by its namespace's usual prefix and its lowercased local
name ("dc:date"), the namespaces of RSS and Atom being no prefix at all; it decides
whether a text is markup or plain text from its `type` attribute, and in RSS (where
titles have no type) from whether the text looks like HTML.
"""

from __future__ import annotations

import html.entities
import re
from functools import lru_cache

from feedparser.sanitizer import _HTMLSanitizer

_CORE = {
    "",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
    "http://purl.org/rss/1.0/",
    "http://www.w3.org/2005/atom",
    "http://purl.org/rss/1.0/modules/rss091#",
}
_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://search.yahoo.com/mrss": "media",
    "http://search.yahoo.com/mrss/": "media",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://example.com/dtds/podcast-1.0.dtd": "itunes",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPTABLE = _HTMLSanitizer.acceptable_elements
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_ENTITY = re.compile(r"&(\w+);")


class Unsupported(Exception):
    """A construct the fast path leaves to feedparser (base64 text, say)."""


@lru_cache(maxsize=512)
def name(tag: object) -> str | None:
    """ "dc:date", "title", "media:title"; None for namespaces feedparser does not read."""
    if not isinstance(tag, str):
        return None
    if tag[:1] != "{":
        return tag.lower()
    uri, _, local = tag[1:].partition("}")
    uri = uri.lower()
    if uri in _CORE:
        return local.lower()
    prefix = _PREFIXES.get(uri)
    return f"{prefix}:{local.lower()}" if prefix else None


def content_type(value: str | None, default: str) -> str:
    kind = (value or default).lower()
    return {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(
        kind, "application/xhtml+xml" if kind == "xhtml" else kind
    )


def check_plain(attrs: dict[str, str], kind: str) -> None:
    """Raise Unsupported where feedparser would decode the text as base64."""
    if attrs.get("mode") == "base64" or not (
        kind.startswith("text/") or kind.endswith(("+xml", "/xml"))
    ):
        raise Unsupported(kind)


def looks_like_html(text: str) -> bool:
    """feedparser's guess that a nominally plain text is markup: a closing tag or an entity,
    and only tags and entities that HTML knows."""
    if not (_CLOSE_TAG.search(text) or _ENTITY.search(text)):
        return False
    if any(t.lower() not in _ACCEPTABLE for t in _TAG_NAME.findall(text)):
        return False
    return all(e in html.entities.entitydefs for e in _NAMED_ENTITY.findall(text))


def is_markup(value: str, kind: str, atom: bool) -> bool:
    """Whether `value` of content type `kind` is read as markup (else as plain text)."""
    if kind in HTML_TYPES:
        return True
    return not atom and kind == "text/plain" and looks_like_html(value)
