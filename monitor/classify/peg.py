"""The item's news peg: what its headline says happened decides how its lead is read.

A headline that only looks ahead ("Biden and Xi to meet next week", "World waits to
see if the Trump-Xi dinner brings peace", "Meeting with Xi not likely") makes the
lead's loose wording of that same contact ("It's a meeting of the world's two
largest emitters", "a packed visit with meetings on the sidelines") part of the
preview, not a report. Only a finite verb in the lead reporting a contact of another
kind ("The two leaders spoke by phone on Thursday and agreed to meet") is news of
its own, and so is one that a past-tense cue reports ("had a long phone conversation").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.classify.matchers import STRONG

if TYPE_CHECKING:
    from monitor.classify.engine import Proposal

# Statuses of a headline that looks ahead or says a contact will not happen.
AHEAD = frozenset(["planned", "hypothetical", "negation"])
# Statuses of a headline whose contact is background to other news ("defence chiefs
# seek calm after the summit"): the lead's account of that contact is a follow-up.
BEHIND = frozenset(["history", "background", "third_party"])
# A video wording shows the mode of the contact an item reports, unless it is another
# contact altogether.
SHOWS_MODE = frozenset(["occurred", "planned", "preview"])
# Occurred cues that are verbs: "during a virtual summit" may caption a file photo.
_PAST_VERBS = frozenset(["held", "had", "wrapped up", "concluded"])
VIDEO, MEETING, PHONE = "video_call", "in_person_meeting", "phone_call"


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
        if p.kind not in title_kinds and (p.finite or _told_as_past(p)):
            # "to meet next month ... The two spoke by phone on Thursday", "... he had
            # had a very good phone conversation with Xi"
            continue
        if statuses <= AHEAD:
            p.status = "preview"
        elif p.kind in title_kinds:
            p.status = "follow_up"


def kind_of(live: list[Proposal], best: str, everything: list[Proposal]) -> str:
    """The kind of a communication, given the proposals that report it (`live`) and
    all of the item's proposals.

    A virtual meeting is a video call however the item also words it ("met", "summit",
    "talks", "beamed in for a virtual summit"), so any video proposal that is not
    another contact outranks a meeting, and a call word that names no mode ("call",
    "spoke with").
    """
    if best == VIDEO or not any(p.kind == VIDEO and p.status in SHOWS_MODE for p in everything):
        return best
    if best == MEETING:
        return VIDEO
    if best == PHONE and all(
        max(t.strength for t in p.trigger.payloads) < STRONG for p in live if p.kind == PHONE
    ):
        return VIDEO
    return best


def _told_as_past(p: Proposal) -> bool:
    """Was the trigger's status decided by a verb that says it happened ("held", "had")?"""
    return p.cue is not None and any(c.rule in _PAST_VERBS for c in p.cue.payloads)
