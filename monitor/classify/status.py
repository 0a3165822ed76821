"""Which status cue governs a trigger: happened, planned, or no event at all.

The nearest cue before a trigger usually decides ("will meet", "last met", "if they
meet"). Two kinds of cue reach further than their neighbours:

- A clause cue (a denial or refusal: "denies", "ruled out", "no plans to") governs
  the rest of its clause, so "denies Trump held a call" is a denial even though
  "held" is nearer. It stops at a clause break and at a word that opens a phrase of
  its own ("denies Taiwan came up during the call": the call itself is not denied).
- A hypothetical cue after a planned trigger makes the plan a condition: "would
  meet Xi if ..." is no plan.

An auxiliary of the progressive touching an "-ing" trigger ("are meeting", "is
speaking") reports the contact as under way, unless a time still ahead, or a denial,
follows in its clause ("are meeting next week").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from monitor.classify.matchers import Cue, Hit, Trigger

# A word for adjacency: letters and digits, with apostrophes or hyphens inside.
_ADJACENT_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
_POSSESSIVE = re.compile(r"\w['’]s?\s")
_LENGTH = re.compile(r"\b(?:hours?|minutes?|mins?|hrs?)\b", re.IGNORECASE)
_ING = re.compile(r"\s*\w+ing\b", re.IGNORECASE)  # "meeting", "speaking by phone"
# Where a clause ends for a clause cue: punctuation, a dash, or a conjunction that
# starts a clause of its own ("rejects tariffs but held a call").
_CLAUSE_END = re.compile(
    r"[,;:()，；：]|\s[-–—]\s|\b(?:but|while|although|though|whereas|yet)\b", re.IGNORECASE
)


# "as" or "amid" opening a clause of their own: not "as planned", "as early as".
_AS_CLAUSE = re.compile(
    r"(?<!\bearly\s)(?<!\bsoon\s)(?<!\blate\s)(?<!\bfar\s)\b(?:as|amid)\s+"
    r"(?!(?:planned|scheduled|expected|agreed|promised|announced|early|soon|late|part|well|"
    r"much|many|long|far)\b)",
    re.IGNORECASE,
)
# A cue after a trigger speaks of it within its clause, which also ends where "and"
# starts a verb phrase of its own ("met Xi on Thursday and will fly to Tokyo next") and
# where "as" or "amid" opens another ("calls Xi as the tariff deadline nears"), not
# "as planned" or "as early as next week".
_AFTER_END = re.compile(
    _CLAUSE_END.pattern
    + r"|\band\s+(?:will|'ll|would|may|might|could|is|was|are|were|has|have|had|then|"
    r"later|also|plans|said|says)\b|" + _AS_CLAUSE.pattern,
    re.IGNORECASE,
)


class Cues:
    """A sentence's cue hits in text order, looked up by the window around a trigger.

    Every cue reaches a bounded number of characters, so a trigger looks only at the
    cues in that window: a sentence costs in proportion to its length, whatever its
    length and however many cues and triggers it holds.
    """

    __slots__ = ("_hits", "_longest", "_starts", "after", "before")

    def __init__(self, hits: list[Hit[Cue]], reach: dict[str, int]) -> None:
        self._hits = hits
        self._starts = [c.start for c in hits]
        self._longest = max((c.end - c.start for c in hits), default=0)
        self.before = max(reach[k] for k in reach if k != "after")
        self.after = reach["after"]

    def __bool__(self) -> bool:
        return bool(self._hits)

    def starting(self, lo: int, hi: int) -> list[Hit[Cue]]:
        """The cues that start within [lo, hi)."""
        return self._hits[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def around(self, hit: Hit[Trigger]) -> list[Hit[Cue]]:
        """The cues that could decide `hit`: ending within reach before it, or starting
        within reach after it."""
        lo = bisect_left(self._starts, hit.start - self.before - self._longest)
        hi = bisect_right(self._starts, hit.end + self.after)
        return self._hits[lo:hi]


def _adjacent(gap: str) -> bool:
    """Is the text between a cue and a trigger at most two words, ending in a space
    or a mark ("to meet", "last met", "their last phone call")?"""
    if len(_ADJACENT_WORD.findall(gap)) > 2:
        return False
    return not gap or not (gap[-1].isalnum() or gap[-1] == "_")


def cue_status(
    sent: str,
    hit: Hit[Trigger],
    index: Cues,
    reach: dict[str, int],
    own_clause: int = 0,
    skip: list[Hit[Cue]] | None = None,
) -> tuple[str, Hit[Cue] | None]:
    """The status of the trigger `hit` in `sent`, and the cue that decided it (or None).

    `own_clause` is where the trigger's clause starts when that clause has a finite
    verb of its own ("Ahead of his trip, Trump phoned Xi"): a cue before it, other
    than a negation, belongs to the opening phrase and says nothing of the trigger.
    `skip` are cues to pass over ("thanks Xi for the call": no trip's purpose).
    """
    cues = index.around(hit)
    if skip:
        cues = [c for c in cues if c not in skip]  # cues found to say nothing of the trigger
    governing = _governing(sent, hit, cues, reach["clause"])
    if governing is not None:
        return governing
    best: tuple[int, int, Hit[Cue], Cue] | None = None
    for c in cues:
        if c.end > hit.start:
            continue
        if c.end <= own_clause and all(cue.cls != "negation" for cue in c.payloads):
            continue
        gap = sent[c.end : hit.start]
        for cue in c.payloads:
            # A clause cue that reaches the trigger has decided above; one that does
            # not (a comma between: "deny rift, say they spoke") says nothing of it.
            if cue.where == "before":
                ok = hit.start - c.end <= reach[cue.cls]
            elif cue.where == "progressive":
                ok = not gap.strip() and _ING.match(hit.text) is not None
            elif cue.where == "adjacent":
                ok = hit.start - c.end <= index.before and _adjacent(gap)
                # "replies to Trump's letter": "to" before a possessive is no infinitive.
                ok = ok and not (cue.rule == "to" and _POSSESSIVE.search(gap))
                # "spoke for two hours by phone": a length, not a trip's purpose.
                ok = ok and not (cue.rule == "for" and _LENGTH.search(gap))
            else:
                ok = False
            # Closest wins; at equal distance a non-event cue beats "occurred".
            rank = (c.end, 0 if cue.cls == "occurred" else 1)
            if ok and (best is None or rank > best[:2]):
                best = (rank[0], rank[1], c, cue)
    # A cue after the trigger speaks of it only within its clause: "通话,将于四月访华"
    # is a call and then a plan of something else.
    after = [
        (c, cue)
        for c in cues
        if c.start >= hit.end
        and c.start - hit.end <= reach["after"]
        and not _AFTER_END.search(sent, hit.end, c.start)
        for cue in c.payloads
        if cue.where == "after"
    ]
    if best is not None:
        if best[3].where == "progressive":
            for c, cue in after:
                if cue.cls in ("planned", "negation"):
                    return cue.cls, c
        if best[3].cls == "planned":
            # "would meet Xi if Beijing ...": a plan under a condition is a hypothesis.
            for c, cue in after:
                if cue.cls == "hypothetical" and not _CLAUSE_END.search(sent, hit.end, c.start):
                    return cue.cls, c
        return best[3].cls, best[2]
    for c, cue in after:
        # A condition after a plain report ("met Xi to see if ...") says nothing of it.
        if cue.cls != "hypothetical":
            return cue.cls, c
    return "occurred", None


def _governing(
    sent: str, hit: Hit[Trigger], cues: list[Hit[Cue]], reach: int
) -> tuple[str, Hit[Cue]] | None:
    """The nearest clause cue whose clause holds the trigger, with nothing opening between."""
    found: tuple[str, Hit[Cue]] | None = None
    for c in cues:
        if c.end > hit.start:
            break
        # A phrase may open a clause of one class and stop another's ("after" opens
        # background and ends a denial's reach): the clause it opens wins.
        opens = next((cue for cue in c.payloads if cue.where in ("clause", "reaction")), None)
        if opens is not None:
            ok = hit.start - c.end <= reach and not _CLAUSE_END.search(sent, c.end, hit.start)
            if ok and opens.where == "reaction":
                # "Markets cheer as Trump and Xi agree to extend the truce": what the
                # "as" clause tells is news of its own, not the thing reacted to.
                ok = not _AS_CLAUSE.search(sent, c.end, hit.start)
            found = (opens.cls, c) if ok else None
        elif found is not None and any(cue.where == "stop" for cue in c.payloads):
            found = None  # "denies ... during the call": the call is a given
    return found
