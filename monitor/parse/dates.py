"""Every date the monitor reads from outside, as an aware UTC datetime (None if unreadable).

feedparser's date rules are the reference: W3C/ISO 8601 and RFC 822 dates are read by its
rules (ported here, so that they run without feedparser's per-call overhead), then its
rarer handlers (Perforce, Greek, Hungarian, Korean) are asked as they are. Where those
rules give a wrong or arbitrary answer, ours differs, on purpose:

- a zone name feedparser does not know but that has one meaning (CET, CEST, EET, JST,
  HKT, SGT, ...) is read as that zone, not as UTC;
- an ISO offset written without a colon ("+0530") keeps its minutes;
- a compact ISO date with a time ("20251125T085700Z") keeps its time;
- text that only starts like a date ("2026/10/15", "2025年11月24日") is not read as the
  first of the current month of that year; forms without a year or month are not filled
  in from today's clock;
- "2026/10/15", "October 15, 2026", "15 October 2026", "Oct. 15, 2026" are read (UTC);
- Chinese dates ("2025年11月24日", with a time "14:30" or "14时30分", full-width digits)
  are China time (UTC+8). "11月24日" takes the year, and "24日" the month and year, that put
  the day nearest before (or on) a reference date: the page's or the poll's.

An offset that is not a number ("+zz:00") gives no date, never UTC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

CHINA = timezone(timedelta(hours=8))

# feedparser's zone names (hours east of UTC); it reads any other name as UTC.
_ZONES = {
    "ut": 0, "gmt": 0, "z": 0,
    "adt": -3, "ast": -4, "at": -4,
    "edt": -4, "est": -5, "et": -5,
    "cdt": -5, "cst": -6, "ct": -6,
    "mdt": -6, "mst": -7, "mt": -7,
    "pdt": -7, "pst": -8, "pt": -8,
    "a": -1, "n": 1, "m": -12, "y": 12,
}  # fmt: skip
# Names with one meaning that feedparser lacks (as minutes east of UTC). CST stays US
# Central, as feedparser reads it; IST is left out (India, Ireland or Israel).
_MORE_ZONES = {
    "utc": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "met": 60,
    "mest": 120, "eet": 120, "eest": 180, "msk": 180, "hkt": 480, "sgt": 480,
    "awst": 480, "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "nzst": 720,
    "nzdt": 780, "hst": -600, "akst": -540, "akdt": -480,
}  # fmt: skip
_RFC_ZONES = {**{k: v * 60 for k, v in _ZONES.items()}, **_MORE_ZONES}
_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
# English month names and their abbreviations, lower case: the one table of them, which the
# rules (a dated contact) and the events (a communication's day) read too.
MONTH_NAMES = {
    m: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}


def parse_date(text: str | None, reference: datetime | None = None) -> datetime | None:
    """A date field's text as aware UTC; None if unreadable. `reference` (the page's or
    the poll's date) completes Chinese dates written without a year or month."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if _CJK.search(text):
        found = chinese_date(text, reference)
        if found:
            return found
        text = unicodedata.normalize("NFKC", text)
    for handler in _HANDLERS:
        try:
            found = handler(text)
        except (KeyError, OverflowError, ValueError, AttributeError, IndexError):
            continue
        if found is not None:
            return found
    return None


def text_date(raw: str, reference: datetime | None = None) -> datetime | None:
    """A date somewhere in free text (a page's date line): a whole date field first, then
    the first year-month-day or month-name date found in it."""
    raw = " ".join(raw.split())
    found = parse_date(raw, reference)
    if found:
        return found
    m = _YMD_ANYWHERE.search(raw)
    if m:
        return _at(int(m.group(1)), int(m.group(2)), int(m.group(3)), m, raw)
    m = _MONTH_DAY_YEAR.search(raw)
    if m:
        return _day(int(m.group(3)), MONTH_NAMES[m.group(1).lower()[:3]], int(m.group(2)))
    m = _DAY_MONTH_YEAR.search(raw)
    if m:
        return _day(int(m.group(3)), MONTH_NAMES[m.group(2).lower()[:3]], int(m.group(1)))
    return None


def http_date(value: str | None) -> datetime | None:
    """An HTTP header date (Date, Last-Modified, Retry-After)."""
    return parse_date(value) if value else None


# -- feedparser's W3C-DTF rules -----------------------------------------------------------


def _offset(sign_and_digits: str) -> int:
    """Minutes east of UTC of "+08:00", "+0800" or "+08"; ValueError if not numbers."""
    digits = sign_and_digits[1:].replace(":", "")
    if not digits.isdigit() or len(digits) not in (2, 4):
        raise ValueError(sign_and_digits)
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return -minutes if sign_and_digits[0] == "-" else minutes


def _w3dtf(text: str) -> datetime | None:
    parts = text.lower().split("t")
    if len(parts) == 1:
        parts = parts[0].split()
        if len(parts) == 1:
            parts.append("00:00:00z")
    elif len(parts) > 2:
        return None
    ymd = parts[0].split("-", 2)
    if len(ymd[0]) != 4:
        return None
    ymd.extend(["1"] * (3 - len(ymd)))
    year, month, day = (int(i) for i in ymd)
    if parts[1].endswith("z"):
        parts[1] = parts[1][:-1]
        parts.append("z")
    loc = parts[1].find("-") + 1 or parts[1].find("+") + 1 or len(parts[1]) + 1
    loc -= 1
    parts.append(parts[1][loc:])
    parts[1] = parts[1][:loc]
    hms = parts[1].split(":", 2)
    hms.extend(["0"] * (3 - len(hms)))
    zone = parts[2]
    if zone[:1] in ("-", "+"):
        minutes = _offset(zone)
    else:
        minutes = _ZONES.get(zone, 0) * 60 if zone not in _MORE_ZONES else _MORE_ZONES[zone]
    hour, minute, second = (int(float(i)) for i in hms)
    return _utc(datetime(year, month, day, hour, minute, second), minutes)


# -- feedparser's RFC 822 rules (and asctime, which it reorders into RFC 822) -------------


def _rfc822(text: str) -> datetime | None:
    parts = text.lower().split()
    if len(parts) < 5:
        parts.extend(("00:00:00", "0000"))
    if parts[0][:3] in _DAYS:
        parts = parts[1:]
    if len(parts) < 5:
        return None
    month = MONTH_NAMES.get(parts[1][:3])
    try:
        day = int(parts[0])
    except ValueError:
        if not MONTH_NAMES.get(parts[0][:3]):
            return None
        day, month = int(parts[1]), MONTH_NAMES.get(parts[0][:3])
    if not month:
        return None
    year = int(parts[2])
    if len(parts[2]) <= 2:
        year += 1900 if year >= 90 else 2000
    hms = parts[3].split(":")
    hms.extend(("0",) * (3 - len(hms)))
    hour, minute, second = (int(i) for i in hms)
    zone = parts[4]
    if zone.startswith("etc/"):
        zone = zone[4:]
    if zone.startswith("gmt"):
        zone = "".join(zone[3:].split(":")) or "gmt"
    if zone[:1] in ("-", "+"):
        # feedparser's reading: two digits of hours, then the rest (after a colon) minutes.
        hours, rest = zone[1:3], zone[4:] if ":" in zone else zone[3:]
        minutes = int(hours) * 60 + int(rest)
        minutes = -minutes if zone[0] == "-" else minutes
    else:
        minutes = _RFC_ZONES.get(zone, 0)
    return _utc(datetime(year, month, day, hour, minute, second), minutes)


def _asctime(text: str) -> datetime | None:
    parts = text.split()
    if len(parts) == 5:
        parts.insert(4, "+0000")
    if len(parts) != 6:
        return None
    return _rfc822(" ".join([parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]]))


# -- ISO 8601 forms W3C-DTF does not cover (basic format, ordinal days) --------------------

_ISO_TIME = r"(?:T?(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
_ISO_BASIC = re.compile(rf"(\d{{4}})-?([01]\d)-?([0-3]\d){_ISO_TIME}", re.I)
_ISO_ORDINAL = re.compile(rf"(\d{{4}})-?([0-3]\d\d){_ISO_TIME}", re.I)


def _iso(text: str) -> datetime | None:
    m = _ISO_BASIC.fullmatch(text)
    if m:
        start = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _ISO_ORDINAL.fullmatch(text)
        if not m or not 1 <= int(m.group(2)) <= 366:
            return None
        start = datetime(int(m.group(1)), 1, 1) + timedelta(days=int(m.group(2)) - 1)
    hour, minute, second, zone = m.group(4, 5, 6, 7)
    moment = start.replace(hour=int(hour or 0), minute=int(minute or 0), second=int(second or 0))
    return _utc(moment, _offset(zone) if zone and zone.upper() != "Z" else 0)


# -- written-out forms feedparser misreads or does not read (UTC) -------------------------

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})", re.I)
_YMD_ANYWHERE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_TIME_AFTER = re.compile(r"\s*(?:T|\s)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _written(text: str) -> datetime | None:
    m = _SLASHED.fullmatch(text)
    if m:
        hour, minute, second = (int(g or 0) for g in m.group(4, 5, 6))
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    m = _MONTH_DAY_YEAR.fullmatch(text)
    if m:
        return _day(int(m.group(3)), MONTH_NAMES[m.group(1).lower()[:3]], int(m.group(2)))
    m = _DAY_MONTH_YEAR.fullmatch(text)
    if m:
        return _day(int(m.group(3)), MONTH_NAMES[m.group(2).lower()[:3]], int(m.group(1)))
    return None


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def _at(year: int, month: int, day: int, m: re.Match[str], raw: str) -> datetime | None:
    """A day found in text, with the time of day that follows it, if any."""
    found = _day(year, month, day)
    t = _TIME_AFTER.match(raw, m.end())
    if found and t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
        found = found.replace(hour=int(t.group(1)), minute=int(t.group(2)))
    return found


# -- feedparser's rarer handlers, asked as they are ---------------------------------------


_RARE: list[Callable[[str], Any]] = []


def _rare(text: str) -> datetime | None:
    """feedparser's Perforce, Hungarian, Greek and Korean handlers, in its order. Imported
    on first use: most processes never meet such a date, and feedparser is slow to load."""
    if not _RARE:
        from feedparser.datetimes.greek import _parse_date_greek
        from feedparser.datetimes.hungarian import _parse_date_hungarian
        from feedparser.datetimes.korean import _parse_date_nate, _parse_date_onblog
        from feedparser.datetimes.perforce import _parse_date_perforce

        _RARE.extend(
            [
                _parse_date_perforce,
                _parse_date_hungarian,
                _parse_date_greek,
                _parse_date_nate,
                _parse_date_onblog,
            ]
        )
    for handler in _RARE:
        try:
            found = handler(text)
        except (KeyError, OverflowError, ValueError, AttributeError):
            continue
        if found and len(found) == 9:
            year, month, day, hour, minute, second = found[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return None


def _utc(moment: datetime, minutes_east: int) -> datetime:
    return (moment - timedelta(minutes=minutes_east)).replace(tzinfo=UTC)


_HANDLERS: list[Callable[[str], datetime | None]] = [
    _w3dtf,
    _rfc822,
    _asctime,
    _iso,
    _written,
    _rare,
]


# -- Chinese dates ------------------------------------------------------------------------

_CJK = re.compile(r"[年月日号\uff10-\uff19]")
_CHINESE = re.compile(
    r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]"
    r"(?:[^\d]{0,12}?(上午|下午|晚上|早上|凌晨|中午)?\s*(\d{1,2})\s*[:时時点]\s*(\d{1,2})?"
    r"(?:\s*分)?(?:\s*:\s*(\d{2}))?)?"
)
_DASHED_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")


def chinese_date(text: str, reference: datetime | None = None) -> datetime | None:
    """ "2025年11月24日 14:30" and its shorter forms, China time. Full-width digits count."""
    text = unicodedata.normalize("NFKC", text)
    m = _CHINESE.search(text)
    if not m:
        m2 = _DASHED_CHINESE.search(text)
        if not m2:
            return None
        day_only = _valid(int(m2.group(1)), int(m2.group(2)), 1)
        return _china(day_only, 0, 0, 0) if day_only else None
    year, month, day = (int(g) if g else None for g in m.group(1, 2, 3))
    if year is not None and month is None:
        return None  # "2025年24日" is no date
    when = _complete(year, month, day or 0, reference)
    if when is None:
        return None
    hour, minute, second = (int(g or 0) for g in m.group(5, 6, 7))
    if m.group(4) in ("下午", "晚上") and hour < 12:
        hour += 12
    if m.group(5) is None or hour > 23 or minute > 59 or second > 59:
        hour = minute = second = 0
    return _china(when, hour, minute, second)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest_day(month: int, day: int, today: date) -> date | None:
    """The latest date on or before `today` with this month and day ("Nov. 15", "11月15日"
    with no year); a 29 February goes back to the last leap year. None if no month has
    such a day."""
    start = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    for y in range(start, start - 8, -1):  # back to a leap year for 2月29日
        found = _valid(y, month, day)
        if found:
            return found
    return None


def _complete(
    year: int | None, month: int | None, day: int, reference: datetime | None
) -> date | None:
    """The day named, its missing year (and month) taken so that it falls nearest before
    or on the reference's day in China."""
    if year is not None and month is not None:
        return _valid(year, month, day)
    if reference is None:
        return None
    today = reference.astimezone(CHINA).date()
    if month is not None:
        return latest_day(month, day, today)
    y, mo = today.year, today.month
    for _ in range(13):
        found = _valid(y, mo, day)
        if found and found <= today:
            return found
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    return None


def _china(day: date, hour: int, minute: int, second: int) -> datetime:
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CHINA)
    return local.astimezone(UTC)
