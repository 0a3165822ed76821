"""The item's news peg: what its headline says happened decides how its lead is read.

A headline that only looks ahead ("Biden and Xi to meet next week", "World waits to
see if the Trump-Xi dinner brings peace", "Meeting with Xi not likely") makes the
lead's loose wording of that same contact ("It's a meeting of the world's two
largest emitters", "a packed visit with meetings on the sidelines") part of the
preview, not a report. Only a finite verb in the lead reporting a contact of another
kind ("The two leaders spoke by phone on Thursday and agreed to meet") is news of
its own, and so is one that a past-tense cue reports ("had a long phone conversation"),
and a lead that tells the headline's contact as under way ("are meeting this morning").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.classify.matchers import STRONG

if TYPE_CHECKING:
    from monitor.classify.decide import Proposal

# Statuses of a headline that looks ahead or says a contact will not happen.
AHEAD = frozenset(["planned", "hypothetical", "negation", "preview"])
# Statuses of a headline whose contact is background to other news ("defence chiefs
# seek calm after the summit"): the lead's account of that contact is a follow-up.
BEHIND = frozenset(["history", "background", "third_party"])
# A video wording shows the mode of the contact an item reports, unless it is another
# contact altogether.
SHOWS_MODE = frozenset(["occurred", "planned", "preview"])
# Occurred cues that are verbs: "during a virtual summit" may caption a file photo.
_PAST_VERBS = frozenset(["held", "had", "wrapped up", "concluded"])
# A headline's contact told in the past tense.
_PAST_FORMS = frozenset(
    [
        "met", "met with", "spoke", "spoke with", "spoke to", "held", "phoned", "telephoned",
        "called", "visited", "hosted", "welcomed", "greeted", "sat down", "shook hands",
        "congratulated", "wrote to", "talked with", "talked to", "spoke by phone",
    ]
)  # fmt: skip
# A lead's plain future, unlike a trip's purpose ("beamed in for a virtual summit").
_FUTURE = frozenset(
    [
        "will", "'ll", "shall", "set to", "is set", "are set", "expected to", "is expected",
        "are expected", "scheduled", "is scheduled", "scheduled for", "plans to", "plan to",
        "planning to", "to", "will take place", "will be held", "to be held", "due to meet",
        "due to hold", "due to speak", "将", "将于", "拟", "即将", "定于", "拟于",
    ]
)  # fmt: skip
VIDEO, MEETING, PHONE = "video_call", "in_person_meeting", "phone_call"


def tenseless_title(proposals: list[Proposal]) -> None:
    """A headline in the present with no cue ("Biden, Xi hold virtual summit") takes its
    time from the lead: when the lead's first contact is the same one, still ahead
    ("Biden will hold a virtual meeting with Xi on Monday evening"), the headline is a
    preview too. A headline in the past ("met", "spoke") keeps its own time.
    """
    title = [p for p in proposals if p.field == "title"]
    if not title or any(
        p.status != "occurred" or p.cue is not None or p.trigger.text.lower() in _PAST_FORMS
        for p in title
    ):
        return
    lead = [p for p in proposals if p.field != "title"]
    if not lead:
        return
    first_field = lead[0].field
    opening = [p for p in lead if p.field == first_field and p.sentence == 0]
    if not opening or any(p.status == "occurred" for p in opening):
        return
    first = min(opening, key=lambda p: p.trigger.start)
    kinds = {p.kind for p in title}
    same = first.kind in kinds or {first.kind, *kinds} <= {VIDEO, MEETING}
    told_ahead = first.cue is not None and any(c.rule in _FUTURE for c in first.cue.payloads)
    if first.status == "planned" and same and told_ahead:
        for p in title:
            p.status = "preview"


def follow_title(proposals: list[Proposal]) -> None:
    """Mark lead and body reports that merely restate a forward-looking headline."""
    title = [p for p in proposals if p.field == "title"]
    statuses = {p.status for p in title}
    if not title or not (statuses <= AHEAD or statuses <= BEHIND):
        return
    title_kinds = {p.kind for p in title}
    for p in proposals:
        if p.field == "title" or p.status != "occurred":
            continue
        if _under_way(p):
            # "Xi to meet Obama ... Obama and Xi are meeting this morning": the lead
            # reports the headline's contact as it happens.
            continue
        if p.kind not in title_kinds and (p.finite or _told_as_past(p)):
            # "to meet next month ... The two spoke by phone on Thursday", "... he had
            # had a very good phone conversation with Xi"
            continue
        if statuses <= AHEAD:
            p.status = "preview"
        elif p.kind in title_kinds:
            p.status = "follow_up"


# Words that make a contact the time of another: "before the spring summit".
_TIME_OF = frozenset(["before", "ahead of", "prior to", "in advance of"])
TIME_REACH = 60  # "likely to speak with Xi again before the summit": this close


def time_reference(proposals: list[Proposal]) -> None:
    """A planned talk that a meeting only dates ("likely to speak with Xi again before
    the spring summit") is the plan the item reports: the meeting is its time, not a
    contact of its own."""
    calls = [p for p in proposals if p.kind == PHONE and p.status == "planned"]
    if not calls:
        return
    for p in proposals:
        if p.kind not in (MEETING, VIDEO) or p.status != "planned" or p.cue is None:
            continue
        if p.cue.end > p.trigger.start or not any(c.rule in _TIME_OF for c in p.cue.payloads):
            continue
        if any(
            q.field == p.field
            and q.sentence == p.sentence
            and q.trigger.end <= p.cue.start <= q.trigger.end + TIME_REACH
            for q in calls
        ):
            p.status = "time_reference"


def kind_of(live: list[Proposal], best: str, everything: list[Proposal]) -> str:
    """The kind of a communication, given the proposals that report it (`live`) and
    all of the item's proposals.

    A virtual meeting is a video call however the item also words it ("met", "summit",
    "talks", "beamed in for a virtual summit"), so any video proposal that is not
    another contact outranks a meeting, and a call word that names no mode ("call",
    "spoke with"). A meeting word that names no mode ("talks", an agreement reached
    together) yields to a call or video proposal that reports the same.
    """
    if best == MEETING and all(_modeless(p) for p in live if p.kind == MEETING):
        # "Trump, Xi hold talks" over "Trump spoke with Xi by phone on Thursday": the
        # talks name no mode, and the lead's call or video says which it was.
        told = [p for p in live if p.kind in (PHONE, VIDEO)]
        if told:
            best = max(told, key=lambda p: p.weight).kind
    if best == VIDEO or not any(p.kind == VIDEO and p.status in SHOWS_MODE for p in everything):
        return best
    if best == MEETING:
        return VIDEO
    if best == PHONE and all(
        max(t.strength for t in p.trigger.payloads) < STRONG for p in live if p.kind == PHONE
    ):
        return VIDEO
    return best


# Meeting triggers that say two leaders dealt with each other, not how.
_MODELESS = frozenset(["talks", "held talks", "joint_outcome"])


def _modeless(p: Proposal) -> bool:
    return all(t.rule in _MODELESS for t in p.trigger.payloads if t.kind == MEETING)


def _under_way(p: Proposal) -> bool:
    """Was the trigger's status decided by a progressive ("are meeting", "is speaking")?"""
    return p.cue is not None and any(c.where == "progressive" for c in p.cue.payloads)


def _told_as_past(p: Proposal) -> bool:
    """Was the trigger's status decided by a verb that says it happened ("held", "had")?"""
    return p.cue is not None and any(c.rule in _PAST_VERBS for c in p.cue.payloads)
