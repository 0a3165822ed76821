"""A contact given as the reason for other news is news itself when it is fresh.

"Trump will travel to Beijing following a phone call with Xi on Wednesday", "Markets
rally after Trump and Xi spoke by phone Tuesday", "Tariff pause announced after the
Biden-Xi call this morning": the call sits in a phrase opened by "after" or
"following", which usually makes it background ("after their call in November",
"since the Busan summit"). A time marker of the item's own week inside that phrase
says the contact has just happened: a weekday (not "next Tuesday"), "today", "this
morning", "last night", "yesterday", "earlier this week", or "on <date>" no more than
a week before the item's date.

Both presidents as the subject of the clause ("Obama, Xi announce climate deal after
talks in Beijing") say the same with no marker: what the two did together is the
outcome of the contact they have just had, not of one mentioned as background.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from monitor.classify.matchers import Cue, Hit, Trigger
from monitor.classify.near import Near
from monitor.classify.parties import CLAUSE_BREAK, JOINED
from monitor.classify.roster import Head

if TYPE_CHECKING:
    from monitor.classify.status import Cues
from monitor.classify.years import MONTH_WORD
from monitor.parse.dates import MONTH_NAMES

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

_MARKER = re.compile(
    rf"(?<!next )(?<!coming )\b{_DAY}(?:['’]s)?\b(?!\s+(?:week|next))"
    r"|\b(?:today|tonight|yesterday|overnight|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|earlier\s+(?:today|this\s+week))\b"
    rf"|\bon\s+(?:(?P<month>{MONTH_WORD})\.?\s+(?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_WORD}))\b",
    re.IGNORECASE,
)
# The phrases in which the two presidents' own contact is what their news came out of:
# not "since" ("first call since the summit"), which looks back past it.
_OUTCOME = frozenset(
    [
        "after", "following", "hours after", "shortly after", "right after", "just after",
        "opening_after_clause",
    ]
)  # fmt: skip
# From two presidents joined as one subject (`parties.JOINED`) to an "after" phrase.
_OPENING = re.compile(r"[\W_]{0,3}")
_VERB_PHRASE = re.compile(r"[^,;:()]{1,80}")
# The cue classes that make what the subject did still ahead or no event.
_NOT_DONE = frozenset(["planned", "negation", "hypothetical"])
REACH = 45  # characters after the trigger in which its own time is told
WEEK = timedelta(days=7)


def marked(sent: str, end: int, hit: Hit[Trigger], cue: Hit[Cue], day: date) -> bool:
    """Is the contact `hit`, inside the phrase that `cue` opens, dated in the item's
    week? `end` is where its sentence ends, `day` the item's date."""
    if not any(c.cls == "history" and c.rule.lower() in _AFTER for c in cue.payloads):
        return False
    stop = min(end, hit.end + REACH)
    brk = CLAUSE_BREAK.search(sent, hit.end, stop)
    if brk is not None:
        stop = brk.start()
    for m in _MARKER.finditer(sent, cue.end, stop):
        month = m.group("month") or m.group("month2")
        if month is None:
            return True
        when = _dated(MONTH_NAMES[month.lower()], int(m.group("day") or m.group("day2")), day)
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


def joint(sent: str, floor: int, cue: Hit[Cue], heads: Near[Head], cues: Cues) -> bool:
    """Does the clause from `floor` open with both presidents as its subject, and go on,
    with nothing that puts it ahead, to the "after" phrase `cue` opens? ("Obama, Xi
    announce climate deal after talks in Beijing".)"""
    if not any(c.cls == "history" and c.rule.lower() in _OUTCOME for c in cue.payloads):
        return False
    first = heads.starting(floor, floor + 3)
    if not first or not _OPENING.fullmatch(sent, floor, first[0].mention.start):
        return False
    chain = [first[0]]
    for head in heads.starting(first[0].mention.end, cue.start):
        if not JOINED.fullmatch(sent, chain[-1].mention.end, head.mention.start):
            break
        chain.append(head)
    end = chain[-1].mention.end
    if len({h.country for h in chain}) < 2 or not _VERB_PHRASE.fullmatch(sent, end, cue.start):
        return False
    # "to" and the like plan only what they touch: "Trump and Xi to meet", not "pledge to
    # cooperate after meeting".
    return not any(
        c.cls in _NOT_DONE and (c.where != "adjacent" or other.start <= end + 2)
        for other in cues.starting(end, cue.start - 1)
        for c in other.payloads
    )
