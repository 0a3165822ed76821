"""Plain text, canonical URLs and aware UTC dates: items made comparable."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from monitor.models import Entry, Item
from monitor.timeutil import as_utc

_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|p|li)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACES = " \t\r\f\v\u00a0\u2000-\u200b\u3000"
# Every run of spaces except a lone " ", which is already what a run becomes: replacing
# each single space with itself was most of the time spent on long bodies.
_WS = re.compile(rf"[\t\r\f\v\u00a0\u2000-\u200b\u3000][{_SPACES}]*| [{_SPACES}]+")

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
    if "\n" in text:
        # Any whitespace around a line break, and blank lines, fold into one break.
        text = "\n".join(filter(None, (line.strip() for line in text.split("\n"))))
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


_AMP_CACHE = re.compile(r"^[^.]+\.cdn\.ampproject\.org$")
# Host prefixes that serve the same article to phones or as AMP pages.
_VARIANT_HOSTS = ("www.", "amp.", "m.", "mobile.")
_AMP_QUERY = re.compile(r"^(amp|outputtype|amp_js_v|usqp)$", re.I)
# URLs with nothing for w3lib to fix (no escapes, non-ASCII, dot segments, '+' or ';'):
# most feed links. They skip it, for speed; the result is the same (tested).
_PLAIN = re.compile(
    r"^https?://[A-Za-z0-9.:-]+(?:/[A-Za-z0-9._~/!$&'()*,=:@-]*)?(?:\?[A-Za-z0-9._~/!$&'()*,=:@?-]*)?(?:#.*)?$"
)


def canonical_url(url: str | None) -> str | None:
    """One spelling per article: https, lowercase host without www/m/amp, no default port,
    fragment, tracking or AMP parameters, AMP path suffix or trailing slash; query sorted.

    w3lib does the part with many corner cases (percent-encoding, IDN hosts, dot
    segments, query order); the rules for variants of the same article are ours.
    """
    if not url:
        return None
    raw = url.strip()
    return _canonical(raw, fast=bool(_PLAIN.match(raw)) and "/." not in raw)


def _canonical(raw: str, fast: bool) -> str:
    try:
        if fast:
            parts = urlsplit(raw)
            pairs = sorted(p.partition("=")[::2] for p in parts.query.split("&") if p)
            query = "&".join(f"{k}={v}" for k, v in pairs)
            # Built directly: namedtuple's _replace cost more than the split itself.
            parts = SplitResult(parts.scheme, parts.netloc, parts.path, query, "")
        else:
            parts = urlsplit(canonicalize_url(raw, keep_fragments=False))
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    path = parts.path or "/"
    if _AMP_CACHE.match(host) and path.startswith(("/c/s/", "/c/", "/v/s/", "/v/")):
        # Google's AMP cache: /c/s/example.com/path is https://example.com/path
        secure = path.startswith(("/c/s/", "/v/s/"))
        rest = path.split("/", 3 if secure else 2)[-1]
        if "/" in rest:
            host, _, tail = rest.partition("/")
            path = "/" + tail
            host, port = host.lower(), None
            scheme = "https" if secure else "http"
    prefix = next((p for p in _VARIANT_HOSTS if host.startswith(p) and host.count(".") > 1), None)
    if prefix:
        host = host[len(prefix) :]
    if port in (80, 443):
        port = None
    netloc = f"{host}:{port}" if port else host
    if path.endswith("/amp") or path.endswith("/amp/"):
        path = path[: path.rindex("/amp")] or "/"
    elif path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _drop_param(unquote_plus(pair.partition("=")[0]))
    ]
    scheme = "https" if scheme in ("http", "https") else scheme
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


def _drop_param(name: str) -> bool:
    return bool(TRACKING_PARAMS.match(name) or _AMP_QUERY.match(name))


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
