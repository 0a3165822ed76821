"""Make untrusted text (titles, summaries, URLs from feeds) harmless in each medium.

A feed can put anything in a title: HTML, Markdown links whose text hides their target,
Slack control sequences like `<!channel>`, `@here` pings. Every piece of such text goes
through one of these functions before it reaches a message or a digest:

- `markdown`: CommonMark with the link, HTML and autolink syntax escaped (`\\[`, `\\<`), so
  converters (apprise turns it into Slack mrkdwn, HTML, ...) see plain characters.
- `text`: plain text for services without markup.
- HTML is escaped by Jinja2's autoescaping; `url` keeps only http(s) links.

All of them also break mass mentions (`@here`, `@channel`, `@everyone`, `@all`) and Slack
control sequences (`<!here>`, `<@U123>`) with an invisible zero-width space, so a headline
can never ping a whole channel, even if a webhook's receiver forwards the text raw.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_MENTION = re.compile(r"@(?=(?:here|channel|everyone|all|group)\b)", re.IGNORECASE)
# Slack's control sequences: <!channel>, <@U123> (a user), <#C123> (a channel), <!subteam^…>.
_CONTROL_SEQ = re.compile(r"<(?=[!@#^])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
# CommonMark characters that could start a link, an image, raw HTML, an autolink or code.
_MD_SPECIAL = re.compile(r"([\\\[\]<>`])")
# Characters that end or split a link destination in Markdown, Slack `<url|text>` or HTML.
_URL_UNSAFE = {
    " ": "%20",
    '"': "%22",
    "'": "%27",
    "<": "%3C",
    ">": "%3E",
    "(": "%28",
    ")": "%29",
    "[": "%5B",
    "]": "%5D",
    "|": "%7C",
    "\\": "%5C",
    "`": "%60",
}

MAX_FIELD = 300  # a title longer than this is cut: a message is not the place for a page


def clean(text: str | None, limit: int = MAX_FIELD) -> str:
    """One line of visible text: no control or bidi-override characters, bounded length."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text or "")).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def break_mentions(text: str) -> str:
    """No `@here`-style ping and no `<!…>` control sequence, whatever reads the text next."""
    return _CONTROL_SEQ.sub("<" + ZWSP, _MENTION.sub("@" + ZWSP, text))


def markdown(text: str | None, limit: int = MAX_FIELD) -> str:
    """Untrusted text as literal CommonMark: no links, images, HTML, code or pings."""
    out = _MD_SPECIAL.sub(r"\\\1", clean(text, limit))
    if out.startswith("#"):
        out = "\\" + out  # a heading when a template puts it at the start of a line
    return break_mentions(out)


def text(value: str | None, limit: int = MAX_FIELD) -> str:
    """Untrusted text for plain-text media: cleaned, bounded, no pings."""
    return break_mentions(clean(value, limit))


def url(value: str | None) -> str | None:
    """An http(s) URL that cannot break out of a link; None for anything else."""
    value = (value or "").strip()
    if not re.match(r"^https?://[^\s/?#]+", value, re.IGNORECASE):
        return None
    value = _CONTROL.sub("", value)
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in value)
