"""A contact dated to an earlier year than the item's is history, not news.

"During his 2017 state visit", "the 2019 Osaka meeting", "when they met in Osaka in
2019", "hosted Xi at Mar-a-Lago in 2017": a year right before the trigger, or an "in
<year>" after it within its clause, that is earlier than the item's own year. A year
after "since" ("for the first time since 2019") dates the previous contact, not this
one, and a full date ("on Dec. 30, 2022") is left to the events' dating.
"""

from __future__ import annotations

import re

from monitor.classify.matchers import Hit, Trigger

# A year, then at most two words, then the trigger: "his 2017 state visit".
_BEFORE = re.compile(r"(?<![\w,])((?:19|20)\d\d)(?:['’]s)?\s+(?:[\w\-.]+\s+){0,2}$")
# "in 2019", "in June 2019", "back in late 2017", "at the 2019 summit", within the
# trigger's clause.
_AFTER = re.compile(
    r"[^,;:.!?()]{0,40}?(?<!since )\b(?:in|at\s+(?:the|their|a))\s+(?:(?:early|late|mid)[\s-]+)?"
    r"(?:[A-Z][a-z]+\.?\s+)?((?:19|20)\d\d)\b(?!\s*[-–])",
)
REACH = 30


def earlier(sent: str, floor: int, hit: Hit[Trigger], year: int) -> bool:
    """Is the trigger dated to a year before `year`? `floor` is where its sentence starts."""
    m = _BEFORE.search(sent, max(floor, hit.start - REACH), hit.start)
    if m is not None and int(m.group(1)) < year:
        return True
    m = _AFTER.match(sent, hit.end)
    return m is not None and int(m.group(1)) < year
