"""Plain text, canonical URLs and aware UTC dates: items made comparable."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.models import Entry, Item
from monitor.timeutil import as_utc

_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|p|li)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")
_NL = re.compile(r"\s*\n\s*")

TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|"
    r"cmpid|cmp|ocid|sr_share|smid|smtyp|ref|ref_src|taid|at_medium|at_campaign|rss|"
    r"spm|share|source|feature|xtor|ito|yclid|wt\.mc_id)$",
    re.I,
)


def clean_text(text: str) -> str:
    """Unicode NFC, one space between words, at most one newline between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = _WS.sub(" ", text)
    text = _NL.sub("\n", text)
    return text.strip()


def html_to_text(markup: str) -> str:
    """Markup to plain text; cheap enough to run on every entry of every feed."""
    if not markup:
        return ""
    if "<" in markup:
        markup = _COMMENT.sub(" ", markup)
        markup = _DROP_BLOCKS.sub(" ", markup)
        markup = _BREAKS.sub("\n", markup)
        markup = _TAG.sub(" ", markup)
    return clean_text(html.unescape(markup))


def parse_date(text: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 text -> aware UTC; None if unreadable. Naive means UTC."""
    if not text:
        return None
    text = text.strip()
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%Y-%m-%d %H:%M", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def canonical_url(url: str | None) -> str | None:
    """Lowercase scheme and host, no default port, fragment, tracking parameters or trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        )
    )
    return urlunsplit(("https" if scheme in ("http", "https") else scheme, netloc, path, query, ""))


def content_hash(title: str, text: str) -> str:
    """A hash of the words of title and text: equal for copies that differ in markup or case."""
    words = re.findall(r"\w+", f"{title} {text}".lower())
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def normalize(entry: Entry, source: str, now: datetime) -> Item:
    """An `Entry` from a parser -> an `Item` with clean text, canonical URL and UTC dates."""
    published = as_utc(entry.published) if entry.published else None
    if (
        published
        and published > now.astimezone(UTC).replace(microsecond=0)
        and (published - now).days > 1
    ):
        published = None  # a date far in the future is a feed error, not news from the future
    title = clean_text(entry.title)
    summary = clean_text(entry.summary)
    text = clean_text(entry.text)
    return Item(
        source=source,
        title=title,
        url=entry.url,
        canonical_url=canonical_url(entry.url),
        guid=entry.guid,
        summary=summary,
        text=text,
        published=published,
        first_seen=now,
        content_hash=content_hash(title, summary or text),
    )
