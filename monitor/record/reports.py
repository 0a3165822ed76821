"""What an event's own reports say about it: who asked for it, how long it ran, where.

Pure functions over (source, text) pairs. Each answer names the source that said it, and
says nothing when no report does: a guess would read as fact in an alert.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

ReportText = tuple[str, str]  # (source name, the report's title, summary and text)

# Words that name a side, in the order a reader meets them in "at the request of ...".
_SIDE_WORDS = {
    "us": (
        r"U\.S\.",
        r"\bUS\b",
        r"United States",
        r"\bAmerican?\b",
        r"Washington",
        r"White House",
        r"\bTrump\b",
        r"\bBiden\b",
        r"\bObama\b",
        r"\bBush\b",
        "美方",
        "美国",
        "特朗普",
        "川普",
        "拜登",
        "奥巴马",
    ),
    "cn": (
        r"\bChina\b",
        r"\bChinese\b",
        r"Beijing",
        r"\bXi\b",
        "中方",
        "中国",
        "习近平",
    ),
}
_SIDE_RES = {side: re.compile("|".join(words)) for side, words in _SIDE_WORDS.items()}

_ASKED_EN = re.compile(r"\bat the (request|invitation) of ((?:U\.S\.|[^.;:!?\n]){1,80})", re.I)
# 应美方约请 / 应美国总统特朗普邀请: the party named between 应 and the verb asked.
_ASKED_ZH_NAMED = re.compile(r"应([^，。；、\s]{1,20}?)(约请|邀请|请求)")
# 习近平应约同特朗普通电话: the subject accepted, so the other side asked.
_ASKED_ZH_ACCEPT = re.compile(r"([^，。；\s]{0,12})应约")

_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+-[a-z]+)"
_ABOUT = r"(?:(?:more than|less than|nearly|about|almost|over|just over|just under|some|roughly|around|close to) )?"
_HOURS = rf"{_ABOUT}{_NUMBER}(?: and a half)? hours?(?: and {_NUMBER} minutes?)?"
_SPAN = rf"(?:{_HOURS}|{_ABOUT}\d+ minutes|{_ABOUT}half an hour)"
_LENGTH_EN = (
    re.compile(
        rf"\b(?:lasted|lasting|ran for|went on for|spoke for|talked for|met for)\s+({_SPAN})\b",
        re.I,
    ),
    re.compile(
        r"\b(\d+|[a-z]+(?:-[a-z]+)?)-(minute|hour)\s+(?:phone |video |telephone )?(?:call|conversation|talks?|meeting|summit|session)\b",
        re.I,
    ),
)
_LENGTH_ZH = re.compile(
    r"(?:持续|历时|长达)(约?[\d一二两三四五六七八九十]+个?多?(?:小时|分钟)(?:[\d一二两三四五六七八九十]+分钟)?)"
)

# "met ... in Busan", "talks in Kuala Lumpur, Malaysia": a capitalised place after "in".
_VENUE_EN = re.compile(
    r"\b(?:met|meet|meeting|talks|summit|sidelines)\b[^.;\n]{0,60}?\bin "
    r"((?:the )?[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}(?:, [A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})?)"
)
_NOT_PLACES = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "The",
    "A",
    "An",
}


@dataclass(frozen=True)
class Said:
    """One fact a report stated, and the sources that stated it."""

    value: str
    sources: tuple[str, ...]


def side_named(text: str) -> str | None:
    """The side ("us" or "cn") named first in `text`, or None."""
    first: tuple[int, str] | None = None
    for side, pattern in _SIDE_RES.items():
        m = pattern.search(text)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), side)
    return first[1] if first else None


def _other(side: str) -> str:
    return "cn" if side == "us" else "us"


def _asks(text: str) -> list[tuple[str, str]]:
    """(side that asked, "request" or "invitation") for each such phrase in `text`."""
    found = []
    for m in _ASKED_EN.finditer(text):
        side = side_named(m.group(2))
        if side:
            found.append((side, m.group(1).lower()))
    for m in _ASKED_ZH_NAMED.finditer(text):
        side = side_named(m.group(1))
        if side:
            found.append((side, "invitation" if m.group(2) == "邀请" else "request"))
    for m in _ASKED_ZH_ACCEPT.finditer(text):
        side = side_named(m.group(1))
        if side:
            found.append((_other(side), "request"))
    return found


def who_asked(reports: Sequence[ReportText]) -> tuple[str, str, Said] | None:
    """(side, "request" or "invitation", who said so) where reports say who asked; the side
    most reports name, and nothing when they are split evenly."""
    votes: Counter[tuple[str, str]] = Counter()
    by: dict[tuple[str, str], list[str]] = {}
    for source, text in reports:
        for key in dict.fromkeys(_asks(text)):
            votes[key] += 1
            by.setdefault(key, [])
            if source not in by[key]:
                by[key].append(source)
    if not votes:
        return None
    sides: Counter[str] = Counter()
    for (side, _how), n in votes.items():
        sides[side] += n
    ranked = sides.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    side = ranked[0][0]
    how = max((k for k in votes if k[0] == side), key=lambda k: votes[k])[1]
    sources = tuple(dict.fromkeys(s for k, v in by.items() if k[0] == side for s in v))
    return side, how, Said(side, sources)


def stated_length(reports: Sequence[ReportText]) -> Said | None:
    """How long it lasted, in the words of the first report that says ("two hours and 17
    minutes", "90 minutes")."""
    for source, text in reports:
        value = _length(text)
        if value:
            return Said(value, (source,))
    return None


def _length(text: str) -> str | None:
    m = _LENGTH_EN[0].search(text)
    if m:
        return re.sub(r"\s+", " ", m.group(1)).strip()
    m = _LENGTH_EN[1].search(text)
    if m:
        number, unit = m.group(1), m.group(2).lower()
        plural = "" if number.lower() in {"one", "a", "an", "1"} else "s"
        return f"{number} {unit}{plural}"
    m = _LENGTH_ZH.search(text)
    return m.group(1) if m else None


def stated_venue(reports: Sequence[ReportText]) -> Said | None:
    """Where a meeting was held, as the first report that names a place puts it."""
    for source, text in reports:
        for m in _VENUE_EN.finditer(text):
            place = m.group(1).removeprefix("the ")
            if place.split(" ")[0].rstrip(",") not in _NOT_PLACES:
                return Said(place, (source,))
    return None
