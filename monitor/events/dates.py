"""The day a report says its communication happened ("on Tuesday", "on Nov. 15",
"April 2", "yesterday", "today", "11月15日", "周二"), resolved against its publication date. Pure.

Only the headline and the lead are read: that is where a report dates its news peg,
while later paragraphs date background. A date is always on or before the publication
day (a weekday is the latest such day; a month and day without a year is the latest
such date) and at most `REACH` before it: a report that dates its communication further
back is recounting history, and its publication date stands. The one exception is the
day after the publication's UTC day when it is already that day in Beijing: that is the
report's own day where it was written, read as its publication day, never a day ahead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from monitor.parse.dates import MONTH_NAMES, latest_day

REACH = timedelta(days=7)
ONE_DAY = timedelta(days=1)
EAST = timedelta(hours=8)  # Beijing, the furthest east of the places these reports come from
LEAD = 400  # characters of the body read when there is no summary

_WEEKDAYS = {
    d: i
    for i, names in enumerate(
        (
            ("monday", "一"),
            ("tuesday", "二"),
            ("wednesday", "三"),
            ("thursday", "四"),
            ("friday", "五"),
            ("saturday", "六"),
            ("sunday", "日", "天"),
        )
    )
    for d in names
}
_MONTH = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
# A day after these is ahead of the report ("the summit lasts until Friday"), not its news.
_AHEAD = re.compile(r"\b(?:until|till|through|next|by|before|from|this) $")
# Each pattern first checks the characters its forms can start with: most positions of a
# headline start none, and the engine then skips them at once. Chinese text is read for
# its own forms only when there is some.
_ENGLISH = re.compile(
    r"(?=[adfjmnostwy0-9])\b"
    rf"(?:(?P<md_month>{_MONTH})\.? (?P<md_day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,? \d{{4}}\b)(?!:)"
    rf"|(?P<dm_day>[0-3]?\d) (?P<dm_month>{_MONTH})\b(?!,? \d{{4}}\b)"
    r"|(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?P<yesterday>yesterday)\b"
    r"|(?P<today>today|tonight|this (?:morning|afternoon|evening))\b)"
)
_CHINESE = re.compile(
    r"(?=[0-9周星週禮礼昨今])"
    r"(?:(?P<zh_month>1[0-2]|0?[1-9])月(?P<zh_day>[1-3]?\d)日"
    r"|(?:周|星期|週|禮拜|礼拜)(?P<zh_weekday>[一二三四五六日天])"
    r"|(?P<zh_yesterday>昨天|昨日)"
    r"|(?P<zh_today>今天|今日|今晚))"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _matches(part: str) -> Iterator[re.Match[str]]:
    yield from _ENGLISH.finditer(part)
    if _HAN.search(part):
        yield from _CHINESE.finditer(part)


def happened_on(title: str, summary: str, text: str, published: datetime) -> date | None:
    """The day the headline or lead dates its news to, or None when neither does."""
    day = published.date()
    # Once the next day has begun in Beijing, a report written there may call it today.
    latest = (published + EAST).date()
    for part in (title.lower(), (summary or text[:LEAD]).lower()):
        for m in _matches(part):
            if _AHEAD.search(part, max(0, m.start() - 8), m.start()):
                continue
            found = _resolve(m, day, latest)
            if found is None:
                continue
            if found > day:
                return day  # its own day where it was written: its publication day
            if day - found <= REACH:
                return found
    return None


_GROUPS = (*_ENGLISH.groupindex, *_CHINESE.groupindex)


def _resolve(m: re.Match[str], day: date, latest: date) -> date | None:
    """The day `m` names: the latest one on or before `latest`, "today" being `day`."""
    g: dict[str, str] = dict.fromkeys(_GROUPS, "") | m.groupdict("")
    if g["today"] or g["zh_today"]:
        return day
    if g["yesterday"] or g["zh_yesterday"]:
        return day - ONE_DAY
    weekday = g["weekday"] or g["zh_weekday"]
    if weekday:
        return latest - timedelta(days=(latest.weekday() - _WEEKDAYS[weekday]) % 7)
    if g["md_month"]:
        month, dom = MONTH_NAMES[g["md_month"]], int(g["md_day"])
    elif g["dm_month"]:
        month, dom = MONTH_NAMES[g["dm_month"]], int(g["dm_day"])
    else:
        month, dom = int(g["zh_month"]), int(g["zh_day"])
    return latest_day(month, dom, latest)
