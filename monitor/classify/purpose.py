"""When a word that usually looks ahead or back ("for", "before", "after", "hails")
says nothing of a contact's time.

"In Bali for talks with Xi" gives a trip's purpose, so the talks are ahead; "prior to
a meeting with Xi" puts the meeting later. Three wordings use the same words for a
contact that is over or under way:

- thanks and praise: "Trump thanks Xi for the call" is for a call that took place;
- both presidents at one place: "Trump, Xi at Mar-a-Lago for summit" reports them
  together there, the summit under way (one president alone at a place is on a trip);
- a president's wish told in a contact: "Xi says the US should be a partner in a call
  with Biden" (the call is where it was said; "Trump should raise Taiwan in his
  meeting with Xi" is advice before it);
- a president's own reaction: "Xi hails candid call with Biden" reports the call,
  where "Japan welcomes Trump-Xi call" reacts to it;
- "to" before a president's name: "expresses sympathy to Biden in a phone call";
- a purpose told after a staging that took place: "Xi held a ceremony on Thursday to
  welcome Trump" (the welcome is that ceremony; "will hold a ceremony to welcome" is
  ahead through its "will");
- a transcript's heading: "Remarks by President Biden prior to a meeting with
  President Xi", "Remarks ... after their bilateral meeting" are what was said at the
  meeting itself.
"""

from __future__ import annotations

import re

from monitor.classify.matchers import Cue, Hit, Trigger
from monitor.classify.near import Near
from monitor.classify.parties import SUBJECT_REACH, joined_before
from monitor.classify.roster import Head

_FOR = re.compile(r"for\b", re.IGNORECASE)
_THANKS = re.compile(
    r"\b(?:thank(?:s|ed|ing)?|grateful|gratitude|prais(?:e|es|ed|ing)|credit(?:s|ed|ing)?)\b"
    r"[^,;:.!?]{0,50}$",
    re.IGNORECASE,
)
# The later of two presidents, then where they are: "Trump, Xi at Mar-a-Lago ",
# "Obama and Xi in California ".
_AT_PLACE = re.compile(r"\s+(?:(?:are|were|is|meet|together)\s+)?(?:at|in)\s+[^,;:.!?]{1,40}$")
# The contact as the setting of what was said: "in a call with", "during their talks".
_SETTING = re.compile(
    r"\b(?:in|during)\s+(?:(?:a|an|the|their|his|her|its)\s+)?(?:[\w\-]+\s+){0,2}$",
    re.IGNORECASE,
)
_SAYS = re.compile(
    r"\s+(?:says|said|tells|told|urges|urged|warns|warned|stresses|stressed|calls\s+for)\b",
    re.IGNORECASE,
)
# Between a subject and its verb: "Xi has warmly hailed", "Trump on Friday praised".
_VERB_GAP = re.compile(r"(?:\s+(?:has|have|had|also|again|on\s+\w+|\w+ly))*\s*", re.IGNORECASE)
# A staging in the past, then what it was for, within one clause: "held a grand
# ceremony on Thursday to welcome", "hosted a banquet to honour".
_STAGED = re.compile(
    r"\b(?:held|hosted|threw|gave|staged|organi[sz]ed|laid\s+on|put\s+on)\b[^,;:.!?]{0,60}$",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"\b(?:times|occasions|more than once)\b", re.IGNORECASE)
_TRANSCRIPT = re.compile(r"\W*remarks\b", re.IGNORECASE)
_TIME_WORDS = frozenset(
    ["before", "prior to", "ahead of", "in advance of", "after", "following", "upcoming"]
)


def not_ahead(
    sent: str, floor: int, hit: Hit[Trigger], cue: Hit[Cue], heads: Near[Head], finite: bool
) -> bool:
    """Does the cue that decided a trigger say nothing of its time? `floor` is where
    the trigger's sentence starts; `finite` says the trigger is a finite verb."""
    if (
        finite
        and cue.start >= hit.end
        and any(c.cls == "history" for c in cue.payloads)
        and not _COUNTED.search(cue.text)
    ):
        # "The call sparks hopes" makes the call background to what it set off, but
        # "Trump and Xi met and drew up a truce" says what the meeting did. Contacts
        # counted ("met Xi many times") stay background.
        return True
    classes = {c.cls for c in cue.payloads if c.where in ("before", "adjacent")}
    if (
        classes & {"hypothetical", "negation"}
        and cue.end <= hit.start
        and _SETTING.search(sent, max(cue.end, hit.start - 40), hit.start)
        and ("negation" in classes or _president_says(sent, floor, heads))
    ):
        # "Xi says the US should stop arming Taiwan in a call with Trump", "No
        # breakthrough in Trump-Xi talks": the wish or the denial is of what was said
        # or done, the call is where.
        return True
    if any(c.where == "reaction" for c in cue.payloads) and _own_reaction(sent, floor, cue, heads):
        return True
    rules = {c.rule.lower() for c in cue.payloads}
    if "to" in rules and heads.starting(cue.end, cue.end + 2):
        return True  # "expresses sympathy to Biden in a phone call": no infinitive
    if "to" in rules and _STAGED.search(sent, max(floor, cue.start - 70), cue.start):
        return True  # "held a ceremony to welcome Trump": the welcome took place
    if rules & _TIME_WORDS and _TRANSCRIPT.match(sent, floor):
        return True
    if not any(_FOR.match(r) for r in rules):
        return False
    if _THANKS.search(sent, max(floor, cue.start - 60), cue.start):
        return True
    return _together_at(sent, cue, heads.ending(cue.start - 80, cue.start))


def _together_at(sent: str, cue: Hit[Cue], before: list[Head]) -> bool:
    if len(before) < 2 or not _AT_PLACE.fullmatch(sent, before[-1].mention.end, cue.start):
        return False
    return len(joined_before(sent, before)[0]) == 2


def _own_reaction(sent: str, floor: int, cue: Hit[Cue], heads: Near[Head]) -> bool:
    """Is a president the subject of a reaction ("Xi hails candid call with Biden")?"""
    subject = heads.ending(max(floor, cue.start - SUBJECT_REACH), cue.start)
    return (
        bool(subject) and _VERB_GAP.fullmatch(sent, subject[-1].mention.end, cue.start) is not None
    )


# A headline's label: "Trump-Xi summit: Trump heads to Busan". Not a clock ("10:30").
_LABEL = re.compile(r"[^:]{3,80}?(?<!\d):\s")
_AHEAD = frozenset(["planned", "negation", "hypothetical"])


def label_status(
    sent: str, span: tuple[int, int], hit: Hit[Trigger], cues: list[Hit[Cue]], hits: list[int]
) -> Hit[Cue] | None:
    """The cue of a headline's news that a contact named in its label shares, if any.

    "Trump-Xi summit: Trump heads to Busan": the label names the contact, and the news
    after the colon says it is still ahead. When the news has a contact of its own
    ("Trump-Xi call: Trump will visit Beijing in April"), its cue is that contact's.
    `cues` are the sentence's cues, `hits` the starts of its triggers.
    """
    m = _LABEL.match(sent, span[0], span[1])
    if m is None or hit.end > m.start() + len(m.group(0)):
        return None
    for c in cues:
        if c.start < m.end():
            continue
        if any(cue.cls in _AHEAD and cue.where != "after" for cue in c.payloads):
            return None if any(h > c.start for h in hits) else c
    return None


def _president_says(sent: str, floor: int, heads: Near[Head]) -> bool:
    """Does the sentence open with a president saying something ("Xi says ...")?"""
    first = heads.starting(floor, floor + 20)
    return bool(first) and _SAYS.match(sent, first[0].mention.end) is not None
