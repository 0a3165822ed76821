"""The item's news peg: what its headline says happened decides how its lead is read.

A headline that only looks ahead ("Biden and Xi to meet next week", "World waits to
see if the Trump-Xi dinner brings peace", "Meeting with Xi not likely") makes the
lead's loose wording of that same contact ("It's a meeting of the world's two
largest emitters", "a packed visit with meetings on the sidelines") part of the
preview, not a report. Only a finite verb in the lead reporting a contact of another
kind ("The two leaders spoke by phone on Thursday and agreed to meet") is news of
its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.classify.matchers import STRONG

if TYPE_CHECKING:
    from monitor.classify.engine import Proposal

# Statuses of a headline that looks ahead or says a contact will not happen.
AHEAD = frozenset(["planned", "hypothetical", "negation"])
VIDEO, MEETING, PHONE = "video_call", "in_person_meeting", "phone_call"


def follow_title(proposals: list[Proposal]) -> None:
    """Mark lead and body reports that merely restate a forward-looking headline."""
    title = [p for p in proposals if p.field == "title"]
    if not title or any(p.status not in AHEAD for p in title):
        return
    title_kinds = {p.kind for p in title}
    for p in proposals:
        if p.field == "title" or p.status != "occurred":
            continue
        if p.finite and p.kind not in title_kinds:
            continue  # "to meet next month ... The two spoke by phone on Thursday"
        p.status = "preview"


def kind_of(live: list[Proposal], best: str) -> str:
    """The kind of a communication, given the proposals that report it.

    A virtual meeting is a video call however the item also words it ("met", "summit",
    "talks"), so any video proposal outranks a meeting, and a call word that names no
    mode ("call", "spoke with").
    """
    if best == VIDEO or not any(p.kind == VIDEO for p in live):
        return best
    if best == MEETING:
        return VIDEO
    if best == PHONE and all(
        max(t.strength for t in p.trigger.payloads) < STRONG for p in live if p.kind == PHONE
    ):
        return VIDEO
    return best
