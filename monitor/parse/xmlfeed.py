"""The fast path for well-formed feeds: RSS 2.0, Atom 1.0 and RSS 1.0, read with lxml.

feedparser builds its result in Python, element by element, and was nine tenths of a
fresh cycle's time; libxml2 reads the same feeds more than ten times faster. This module
takes what the monitor uses (title, link, id, summary, content, date, author) and
follows feedparser's rules for them, so that an item reads the same either way
(tests/test_parse_differential.py holds it to that):

- elements are known by feedparser's names (`feedrules.name`): dc:title is a title,
  dc:description and media:description are descriptions, itunes:summary a summary,
  dcterms:issued a publication date, dc:date and dcterms:modified update dates;
- the title is the first title (media:title counts only where no other is given); it is
  markup or plain text by its type, and in RSS by whether it looks like HTML, so that
  "the <blink> tag" in a plain title keeps its word;
- the summary is the last description or summary, or else the first HTML or text
  content; a description that comes after a summary, while no content has been seen, is
  content; the content is every content:encoded, atom:content or xhtml:body, joined;
- the link is the last <link> text or Atom link of rel="alternate" with an HTML type,
  resolved against xml:base (else the feed's base URL); until one comes, a guid or id
  that is a permalink stands in. An enclosure, licence, self, related or via link is
  never the item's page;
- the date is the last publication date, or failing that the last update date;
- C1 control characters, which are windows-1252 text mislabelled as Latin-1, become the
  characters they stand for; in a UTF-8 document, text that is UTF-8 read as Latin-1 is
  read again as UTF-8.

Anything else (a document that is not well-formed, another format such as RSS 0.90, a
charset label that contradicts the document, base64 text) returns None, and feedparser,
which recovers from all of that, reads it instead. Entities are never expanded and the
network is never used.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict
from urllib.parse import urljoin

from lxml import etree

from monitor.parse.feedrules import (
    HTML_TYPES,
    Unsupported,
    check_plain,
    content_type,
    is_markup,
    name,
)

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
_MEDIA_TITLES = ("{http://search.yahoo.com/mrss/}title", "{http://search.yahoo.com/mrss}title")

# Elements by feedparser's names, with the content type it assumes for them.
_DESCRIPTIONS = {
    "description": "text/html",
    "dc:description": "text/html",
    "media:description": "text/html",
    "summary": "text/plain",
    "itunes:summary": "text/plain",
}
_CONTENTS = {"content:encoded": "text/html", "content": "text/plain", "xhtml:body": "xhtml"}
_TITLES = {"title", "dc:title"}
_GUIDS = {"guid", "id"}
_PUBLISHED = {"published", "pubdate", "issued", "dcterms:issued"}
_UPDATED = {"updated", "modified", "lastbuilddate", "dc:date", "dcterms:modified"}
_TEXT_TYPES = {"", "text", "html", "xhtml", "text/plain", "text/html", "application/xhtml+xml"}
_C1 = re.compile("[\x80-\x9f]")
_CP1252 = {c: bytes([c]).decode("cp1252", "ignore") or chr(c) for c in range(0x80, 0xA0)}
_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # "http:///x" is "http://x"
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)

DateReader = Callable[[str], datetime | None]


class RawEntry(TypedDict):
    """One entry as read from a feed, before it becomes an `Entry`: its texts as written
    (markup or plain, as `title_html` and `summary_html` say)."""

    title: str
    title_html: bool
    link: str | None
    guid: str | None
    summary: str
    summary_html: bool
    content: str
    published: datetime | None
    author: str | None


@dataclass
class _Doc:
    atom: bool  # Atom types its texts; RSS texts are guessed (feedrules.is_markup)
    parse_date: DateReader


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _declared(body: bytes) -> str:
    m = _DECLARED.match(body[:200])
    return m.group(1).decode("ascii") if m else "utf-8"


def _labels_agree(body: bytes, charset: str | None) -> bool:
    """The HTTP charset (if any) names the encoding the document declares (or UTF-8)."""
    if not charset:
        return True
    return _codec(charset) == _codec(_declared(body)) is not None


def _fix(text: str) -> str:
    return text.translate(_CP1252) if _C1.search(text) else text


def _inner(el: Any) -> str:
    """An element's content as markup (its text and children, serialized)."""
    parts = [el.text or ""]
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def _value(el: Any) -> str:
    """Text of an element; child elements (inline XHTML, or HTML left unescaped) are kept
    as markup, for html_to_text to read like any other markup."""
    if el is None:
        return ""
    return _fix(_inner(el) if len(el) else el.text or "")


def _child_text(el: Any, tag: str) -> str:
    found = el.find(tag)
    return _value(found).strip() if found is not None else ""


def _text(el: Any, default_type: str, doc: _Doc) -> tuple[str, bool]:
    """(value, whether it is markup) of a title, summary or content element. Elements
    inside a text that is not XHTML are markup left unescaped: it is read as markup."""
    kind = content_type(el.get("type"), default_type)
    check_plain(el.attrib, kind)
    value = _value(el)
    return value, len(el) > 0 or is_markup(value, kind, doc.atom)


def _body(item: Any, doc: _Doc) -> tuple[str, bool, str]:
    """(summary, whether it is markup, content) by feedparser's rules (module docstring)."""
    summary: tuple[str, bool] | None = None
    summary_depth: int | None = None  # None: any description may replace it
    contents: list[str] = []
    # An Atom entry's <source> describes the feed it came from: its texts are not the entry's.
    # (The set holds the elements themselves: lxml keeps one proxy per node while it is
    # referenced, so membership is exact; ids of proxies are not stable.)
    skip = {el for source in item.iter(ATOM + "source") for el in source.iter()}
    for el in item.iterdescendants():
        if el in skip:
            continue
        tag = name(el.tag)
        if tag in _DESCRIPTIONS:
            if not (el.text or len(el)):
                continue  # an empty description is no summary
            depth = sum(1 for _ in el.iterancestors())
            if summary is not None and not contents:
                contents.append(_text(el, _DESCRIPTIONS[tag], doc)[0])
            elif summary_depth is None or depth <= summary_depth:
                # A caption deeper down (media:content's description) does not replace it.
                summary, summary_depth = _text(el, _DESCRIPTIONS[tag], doc), depth
        elif tag in _CONTENTS:
            value, markup = _text(el, _CONTENTS[tag], doc)
            contents.append(value)
            if summary is None and (el.get("type") or "").lower() in _TEXT_TYPES:
                summary = value, markup
    text, markup = summary or ("", False)
    return text, markup, " ".join(contents)


def _resolve(el: Any, ref: str) -> str:
    """A URL reference resolved against the element's base (xml:base, else the feed URL)."""
    try:
        return urljoin(el.base or "", _SLASHES.sub(r"\1\3", ref))
    except ValueError:
        return ""


def _page_link(el: Any) -> str | None:
    """An Atom-style link's URL if it names the entry's page (rel alternate, HTML type)."""
    rel = (el.get("rel") or "alternate").lower()
    kind = content_type(el.get("type"), "application/atom+xml" if rel == "self" else "text/html")
    if rel != "alternate" or kind not in HTML_TYPES:
        return None
    return _resolve(el, el.get("href").strip())


def _date(el: Any, doc: _Doc) -> datetime | None:
    if el is None:
        return None
    found = doc.parse_date(_value(el).strip())
    return found.replace(microsecond=0) if found else None  # as precise as feedparser's


def _entry(item: Any, doc: _Doc) -> RawEntry:
    """One item or entry, read as the module docstring says."""
    title: Any = None
    link: str | None = None
    guid = (item.get(RDF + "about") or "").strip()
    published: Any = None
    updated: Any = None
    for el in item:
        tag = name(el.tag)
        if tag in _TITLES:
            if title is None and (el.text or len(el)):
                title = el
        elif tag == "link":
            if el.get("href") is not None:
                link = _page_link(el) or link
            else:
                value = _value(el).strip()
                link = _LINK_ENTITY.sub(r"&\1", _resolve(el, value)) if value else ""
        elif tag in _GUIDS:
            value = _value(el).strip()
            permalink = el.get("isPermaLink", "true") == "true"
            guid = (_resolve(el, value) if permalink and value else value) or guid
            if permalink and link is None:
                link = guid
        elif tag in _PUBLISHED:
            published = el
        elif tag in _UPDATED:
            updated = el
    if title is None:
        title = next(item.iter(*_MEDIA_TITLES), None)
    title_text, title_html = _text(title, "text/plain", doc) if title is not None else ("", False)
    summary, summary_html, content = _body(item, doc)
    return RawEntry(
        title=title_text.strip(),
        title_html=title_html,
        link=link or None,
        guid=guid or None,
        summary=summary,
        summary_html=summary_html,
        content=content,
        published=_date(published, doc) or _date(updated, doc),
        author=_author(item),
    )


def _author(item: Any) -> str | None:
    author = item.find(ATOM + "author")
    if author is not None:
        return _child_text(author, ATOM + "name") or None
    return _child_text(item, DC + "creator") or _child_text(item, "author") or None


def _unmangle(rows: list[RawEntry]) -> None:
    """UTF-8 text that was read as Latin-1 somewhere upstream, read again as UTF-8."""
    for row in rows:
        for key in ("title", "summary", "content", "link", "guid", "author"):
            value = row[key]
            if value and not value.isascii():
                with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                    row[key] = value.encode("iso-8859-1").decode("utf-8")


def parse_xml_feed(
    body: bytes, charset: str | None, url: str, parse_date: DateReader
) -> tuple[str | None, list[RawEntry]] | None:
    """(feed title, entries) of a well-formed RSS 2.0, Atom 1.0 or RSS 1.0 feed; None for
    anything this path does not read exactly (feedparser reads those)."""
    if not _labels_agree(body, charset):
        return None
    try:
        root = etree.fromstring(body, _PARSER, base_url=url)
    except (etree.XMLSyntaxError, ValueError):
        return None
    channel = root.find("channel") if root.tag == "rss" else None
    try:
        if channel is not None:
            doc = _Doc(atom=False, parse_date=parse_date)
            title = _child_text(channel, "title")
            rows = [_entry(it, doc) for it in channel.iterchildren("item")]
        elif root.tag == ATOM + "feed":
            doc = _Doc(atom=True, parse_date=parse_date)
            title = _child_text(root, ATOM + "title")
            rows = [_entry(e, doc) for e in root.iterchildren(ATOM + "entry")]
        elif root.tag == RDF + "RDF" and root.find(RSS1 + "channel") is not None:
            doc = _Doc(atom=False, parse_date=parse_date)
            title = _child_text(root, f"{RSS1}channel/{RSS1}title")
            rows = [_entry(i, doc) for i in root.iter(RSS1 + "item")]
        else:
            return None
    except Unsupported:
        return None
    if _codec(_declared(body)) == "utf-8":
        _unmangle(rows)
    return title or None, rows
