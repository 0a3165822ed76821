"""A contact given as the reason for other news is news itself when it is fresh.

"Trump will travel to Beijing following a phone call with Xi on Wednesday", "Markets
rally after Trump and Xi spoke by phone Tuesday", "Tariff pause announced after the
Biden-Xi call this morning": the call sits in a phrase opened by "after" or
"following", which usually makes it background ("after their call in November",
"since the Busan summit"). A time marker of the item's own week inside that phrase
says the contact has just happened: a weekday (not "next Tuesday"), "today", "this
morning", "last night", "yesterday", "earlier this week", or "on <date>" no more than
a week before the item's date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from monitor.classify.matchers import Cue, Hit, Trigger
from monitor.classify.years import MONTHS

# The phrases that give a contact as what other news follows: not "months after", which
# dates it well before the item.
_AFTER = frozenset(
    [
        "after", "following", "since", "in the wake of", "in wake of", "on the heels of",
        "hours after", "days after", "day after", "shortly after", "soon after",
        "just after", "right after", "comes on the heels of", "fresh from", "fresh off",
        "opening_after_clause",
    ]
)  # fmt: skip
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MARKER = re.compile(
    rf"(?<!next )(?<!coming )\b{_DAY}(?:['’]s)?\b(?!\s+(?:week|next))"
    r"|\b(?:today|tonight|yesterday|overnight|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|earlier\s+(?:today|this\s+week))\b"
    rf"|\bon\s+(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH}))\b",
    re.IGNORECASE,
)
# The phrase ends at a clause break: what follows belongs to the main clause.
_PHRASE_END = re.compile(r"[,;:()]|\s[-–—]\s")
REACH = 45  # characters after the trigger in which its own time is told
WEEK = timedelta(days=7)


def marked(sent: str, end: int, hit: Hit[Trigger], cue: Hit[Cue], day: date) -> bool:
    """Is the contact `hit`, inside the phrase that `cue` opens, dated in the item's
    week? `end` is where its sentence ends, `day` the item's date."""
    if not any(c.cls == "history" and c.rule.lower() in _AFTER for c in cue.payloads):
        return False
    stop = min(end, hit.end + REACH)
    brk = _PHRASE_END.search(sent, hit.end, stop)
    if brk is not None:
        stop = brk.start()
    for m in _MARKER.finditer(sent, cue.end, stop):
        month = m.group("month") or m.group("month2")
        if month is None:
            return True
        when = _dated(MONTHS[month.lower()], int(m.group("day") or m.group("day2")), day)
        if when is not None and day - WEEK <= when <= day + timedelta(days=1):
            return True
    return False


def _dated(month: int, dom: int, day: date) -> date | None:
    """The date of "<month> <dom>" nearest before the item's date, if it exists."""
    year = day.year if month <= day.month else day.year - 1
    try:
        return date(year, month, dom)
    except ValueError:
        return None
