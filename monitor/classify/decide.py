"""Deciding an item's reading from its proposals: each trigger the engine found, with
the status its cues gave it, its weight and the heads of state of its sentence."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.classify import near, parties, peg
from monitor.classify.matchers import Cue, Hit, Trigger
from monitor.classify.near import Near
from monitor.classify.roster import Head
from monitor.models import Classification, Evidence


@dataclass
class Proposal:
    kind: str
    status: str  # occurred, planned, or the reason it is no event
    weight: float
    field: str
    trigger: Hit[Trigger]
    cue: Hit[Cue] | None
    heads: list[Head]
    finite: bool = False  # the trigger is a finite verb ("met", "spoke by phone")
    note: Evidence | None = None  # who asked for it ("应约"), where the item says
    sentence: int = 0  # the sentence's position in its field


def decide(
    proposals: list[Proposal],
    skipped: list[Evidence],
    most_named: dict[str, Head],
) -> Classification:
    """The item's reading from its proposals: happened beats planned, then the kind
    with the weightiest proposal (its mode from peg.kind_of), its leaders (one per
    country, nearest the triggers), evidence and score; no event when none is live.
    `skipped` is evidence of names that stood for no head of state."""
    for status in ("occurred", "planned"):
        live = [p for p in proposals if p.status == status]
        if live:
            return _result(status, live, most_named, proposals)
    evidence = list(skipped)
    for p in proposals:
        rule = f"ignored:{p.status}/{p.kind}"
        evidence.append(Evidence(rule, p.field, _span(p)))
    return Classification(evidence=evidence[:12])


def _result(
    status: str,
    live: list[Proposal],
    most_named: dict[str, Head],
    everything: list[Proposal],
) -> Classification:
    best_by_kind: dict[str, tuple[float, float]] = {}
    for p in live:
        top, total = best_by_kind.get(p.kind, (0.0, 0.0))
        best_by_kind[p.kind] = (max(top, p.weight), total + p.weight)
    kind = peg.kind_of(live, max(best_by_kind, key=lambda k: best_by_kind[k]), everything)
    chosen = sorted((p for p in live if p.kind == kind), key=lambda p: -p.weight)
    if not chosen:
        # The mode comes from wording of another status ("beamed in for a virtual
        # summit" in an item whose headline says "talks"): it leads the evidence.
        shown = max((p for p in everything if p.kind == kind), key=lambda p: p.weight)
        chosen = [shown, *sorted(live, key=lambda p: -p.weight)]
    leaders: list[str] = []
    country: dict[str, str] = {}
    evidence: list[Evidence] = []
    by_country: dict[int, dict[str, Near[Head]]] = {}  # per sentence's heads, built once
    for p in chosen:
        own = by_country.get(id(p.heads))
        if own is None:
            own = by_country[id(p.heads)] = {
                c: near.heads([h for h in p.heads if h.country == c]) for c in ("us", "cn")
            }
        for h in parties.of(p.trigger.start, own, most_named):
            if h.name not in leaders:
                leaders.append(h.name)
                country[h.name] = h.country
                evidence.append(Evidence(f"leader:{h.name}", p.field, h.mention.text.strip()))
    for p in chosen[:3]:
        evidence.append(
            Evidence(f"kind:{kind}/{p.trigger.payloads[0].rule}", p.field, p.trigger.text)
        )
        if p.cue is not None:
            evidence.append(
                Evidence(f"status:{status}/{p.cue.payloads[0].rule}", p.field, p.cue.text)
            )
        if p.note is not None and p.note not in evidence:
            evidence.append(p.note)
    us = [n for n in leaders if country[n] == "us"]
    cn = [n for n in leaders if country[n] == "cn"]
    top = chosen[0].weight
    support = min(1.0, sum(p.weight for p in chosen) / 3)
    score = min(1.0, 0.75 * top + 0.25 * support)
    if status == "planned":
        score *= 0.8
    return Classification(
        kind=kind,
        status=status,
        leaders=us + cn,
        score=round(score, 3),
        evidence=evidence,
    )


def _span(p: Proposal) -> str:
    if p.cue is not None and p.cue.start < p.trigger.start:
        return f"{p.cue.text} … {p.trigger.text}"
    return p.trigger.text
