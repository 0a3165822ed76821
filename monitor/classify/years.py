"""A contact dated well before the item is history, not news.

"During his 2017 state visit", "the 2019 Osaka meeting", "when they met in Osaka in
2019", "who met Xi last month", "a meeting in Bali last November", "a call three weeks
ago": a year right before the trigger, or a time after it within its clause, that lies
before the item's own week: an earlier year, "last week/month/year/<month>", "N weeks
ago", "earlier this year", "in <month>" of another month than the item's. A year after
"since" ("for the first time since 2019") dates the previous contact, not this one,
and a weekday or a full date ("on Tuesday", "on Dec. 30, 2022") is left to the
events' dating: a report a few days late still joins its contact.
"""

from __future__ import annotations

import re
from datetime import date

from monitor.classify.matchers import Hit, Trigger
from monitor.parse.dates import MONTH_NAMES

# A month's name or abbreviation, as a pattern (`MONTH_NAMES` gives its number).
MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MONTH = MONTH_WORD + r"\.?"
# A year, then at most two words, then the trigger: "his 2017 state visit".
_BEFORE = re.compile(r"(?<![\w,])((?:19|20)\d\d)(?:['’]s)?\s+(?:[\w\-.]+\s+){0,2}$")
# Within the trigger's clause, after it: "in 2019", "in June 2019", "at the 2019
# summit", "last month", "in November", "three weeks ago", "earlier this year".
_AFTER = re.compile(
    r"[^,;:.!?()]{0,40}?(?<!since )\b(?:"
    r"(?:in|at\s+(?:the|their|a))\s+(?:(?:early|late|mid)[\s-]+)?"
    rf"(?:{_MONTH}\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-–])"
    r"|(?P<last>last\s+(?:month|year|spring|summer|fall|autumn|winter|"
    rf"{_MONTH}(?!\s*\d)))\b"
    r"|(?P<ago>(?:\d+|two|three|four|five|six|several|a\s+few|many)\s+(?:weeks|months|years)\s+ago"
    r"|a\s+(?:month|year)\s+ago|earlier\s+this\s+year)\b"
    rf"|in\s+(?P<month>{_MONTH})(?!\s*\d)(?=\W|$)"
    r")",
    re.IGNORECASE,
)
REACH = 30


def earlier(sent: str, floor: int, hit: Hit[Trigger], day: date, past: bool) -> bool:
    """Is the trigger dated before the week of `day`, the item's date? `floor` is where
    its sentence starts; `past` says the trigger is a verb in the past tense, which a
    month later in the year than the item's puts in the year before ("who spoke with
    Xi in November", in February), where a noun may be ahead ("a meeting in November")."""
    m = _BEFORE.search(sent, max(floor, hit.start - REACH), hit.start)
    if m is not None and int(m.group(1)) < day.year:
        return True
    m = _AFTER.match(sent, hit.end)
    if m is None:
        return False
    if m.group("year"):
        return int(m.group("year")) < day.year
    if m.group("month"):
        month = MONTH_NAMES[m.group("month").lower().rstrip(".")]
        return month < day.month or (past and month > day.month)
    return True
