"""The classifier: from a document's title, summary and body to a Classification.

For each sentence that names a sitting US head of state and a sitting Chinese head of
state (or "the two leaders" in an item that names both), every trigger phrase proposes
a communication of its kind. The nearest status cue before the trigger decides whether
it happened, is planned, or is no event (denied, historical, hypothetical). A trigger
whose first named person is an official or a third country's leader ("a video call
with Putin") belongs to them and is dropped. Among the surviving proposals, the one
with the highest weight (strong phrase, title over lead over body, early over late)
decides the kind; happened beats planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.classify import sentences
from monitor.classify.matchers import (
    Cue,
    Hit,
    Trigger,
    cue_book,
    topic_book,
    trigger_book,
)
from monitor.classify.roster import PAIR, THIRD_PARTY, Head, Mention, Roster
from monitor.classify.rules import FIELDS, RuleSet, load_rules
from monitor.models import Classification, Document, Evidence

_ADJACENT = re.compile(r"^\W*(?:[\w'’-]+\W+){0,2}$")
_AND = re.compile(r"^\W*(?:and|&|与|和)\W*$", re.IGNORECASE)
THIRD_PARTY_REACH = 60  # characters after a trigger in which its counterpart is named


@dataclass
class Proposal:
    kind: str
    status: str  # occurred, planned, or the reason it is no event
    weight: float
    field: str
    trigger: Hit[Trigger]
    cue: Hit[Cue] | None
    heads: list[Head]


class Classifier:
    """Rule-based classifier; build with `Classifier.load(path)`, then call `classify`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.roster = Roster(rules)
        self._triggers = trigger_book(rules)
        self._cues = cue_book(rules)
        self._topics = topic_book(rules)

    @classmethod
    def load(cls, path: str | Path) -> Classifier:
        return cls(load_rules(path))

    def mentions_leader(self, text: str) -> bool:
        """Cheap pre-filter: does the text name any configured leader or office?"""
        return self.roster.names_leader(text)

    def topics(self, text: str) -> list[str]:
        found: list[str] = []
        for hit in self._topics.finditer(text):
            for topic in hit.payloads:
                if topic not in found:
                    found.append(topic)
        return [t for t in self.rules.topics if t in found]

    def classify(self, doc: Document, now: datetime) -> Classification:
        day = (doc.published or now).date()
        fields = [(f, getattr(doc, f) or "") for f in FIELDS]
        parsed: list[tuple[str, int, str, list[Mention], list[Head]]] = []
        countries: set[str] = set()
        skipped: list[Evidence] = []
        for fname, text in fields:
            for idx, (_, sent) in enumerate(sentences.split(text)):
                mentions = self.roster.mentions(sent)
                heads: list[Head] = []
                for m in mentions:
                    found, reason = self.roster.resolve(sent, m, day)
                    heads.extend(found)
                    if reason in ("role", "out_of_term", "not_leader"):
                        skipped.append(Evidence(f"not_head:{reason}", fname, m.text.strip()))
                countries.update(h.country for h in heads)
                parsed.append((fname, idx, sent, mentions, heads))
        both = {"us", "cn"} <= countries
        proposals: list[Proposal] = []
        for fname, idx, sent, mentions, heads in parsed:
            have = {h.country for h in heads}
            paired = both and any(m.category == PAIR for m in mentions)
            if {"us", "cn"} <= have or paired:
                proposals.extend(self._propose(fname, idx, sent, mentions, heads))
        return self._decide(doc, proposals, skipped)

    def _propose(self, fname: str, idx: int, sent: str, mentions: list[Mention],
                 heads: list[Head]) -> list[Proposal]:
        cues = list(self._cues.finditer(sent))
        out: list[Proposal] = []
        field_weight = self.rules.field_weights[fname]
        for hit in self._triggers.finditer(sent):
            if any(t.kind == "idiom" for t in hit.payloads):
                continue
            trig = max(hit.payloads, key=lambda t: t.strength)
            if self._third_party(sent, hit, mentions):
                status, cue = "third_party", None
            else:
                status, cue = self._status(sent, hit, cues)
            weight = trig.strength * field_weight / (1 + 0.25 * idx)
            out.append(Proposal(trig.kind, status, weight, fname, hit, cue, heads))
        return out

    def _third_party(self, sent: str, hit: Hit[Trigger], mentions: list[Mention]) -> bool:
        """Is the trigger's counterpart an official or another country's leader?"""
        after = [m for m in mentions
                 if hit.end <= m.start <= hit.end + THIRD_PARTY_REACH and m.category != PAIR]
        if not after:
            return False
        if after[0].category in THIRD_PARTY:
            return True
        # "a video conversation between Xi and Russian President Vladimir Putin"
        return (len(after) > 1 and after[1].category in THIRD_PARTY
                and bool(_AND.match(sent[after[0].end:after[1].start])))

    def _status(self, sent: str, hit: Hit[Trigger], cues: list[Hit[Cue]]) -> tuple[str, Hit[Cue] | None]:
        reach = self.rules.reach
        best: tuple[int, int, Hit[Cue], Cue] | None = None
        for c in cues:
            if c.end > hit.start:
                continue
            gap = sent[c.end:hit.start]
            for cue in c.payloads:
                if cue.where == "before":
                    ok = hit.start - c.end <= reach[cue.cls]
                elif cue.where == "adjacent":
                    ok = bool(_ADJACENT.match(gap))
                else:
                    ok = False
                # Closest wins; at equal distance a non-event cue beats "occurred".
                rank = (c.end, 0 if cue.cls == "occurred" else 1)
                if ok and (best is None or rank > best[:2]):
                    best = (rank[0], rank[1], c, cue)
        if best is not None:
            return best[3].cls, best[2]
        for c in cues:
            if c.start >= hit.end and c.start - hit.end <= reach["after"]:
                for cue in c.payloads:
                    if cue.where == "after":
                        return cue.cls, c
        return "occurred", None

    def _decide(self, doc: Document, proposals: list[Proposal],
                skipped: list[Evidence]) -> Classification:
        for status in ("occurred", "planned"):
            live = [p for p in proposals if p.status == status]
            if live:
                return self._result(doc, status, live)
        evidence = list(skipped)
        for p in proposals:
            rule = f"ignored:{p.status}/{p.kind}"
            evidence.append(Evidence(rule, p.field, _span(p)))
        return Classification(evidence=evidence[:12])

    def _result(self, doc: Document, status: str, live: list[Proposal]) -> Classification:
        best_by_kind: dict[str, tuple[float, float]] = {}
        for p in live:
            top, total = best_by_kind.get(p.kind, (0.0, 0.0))
            best_by_kind[p.kind] = (max(top, p.weight), total + p.weight)
        kind = max(best_by_kind, key=lambda k: best_by_kind[k])
        chosen = sorted((p for p in live if p.kind == kind), key=lambda p: -p.weight)
        leaders: list[str] = []
        evidence: list[Evidence] = []
        for p in chosen:
            for h in sorted(p.heads, key=lambda h: h.country != "us"):
                if h.name not in leaders:
                    leaders.append(h.name)
                    evidence.append(Evidence(f"leader:{h.name}", p.field, h.mention.text.strip()))
        for p in chosen[:3]:
            evidence.append(Evidence(f"kind:{kind}/{p.trigger.payloads[0].rule}", p.field,
                                     p.trigger.text))
            if p.cue is not None:
                evidence.append(Evidence(f"status:{status}/{p.cue.payloads[0].rule}", p.field,
                                         p.cue.text))
        us = [n for n in leaders if self.roster.leaders[n].country == "us"]
        cn = [n for n in leaders if self.roster.leaders[n].country == "cn"]
        text = " ".join((doc.title, doc.summary, doc.text))
        top = chosen[0].weight
        support = min(1.0, sum(p.weight for p in chosen) / 3)
        score = min(1.0, 0.75 * top + 0.25 * support)
        if status == "planned":
            score *= 0.8
        return Classification(kind=kind, status=status, leaders=us + cn, topics=self.topics(text),
                              score=round(score, 3), evidence=evidence)


def _span(p: Proposal) -> str:
    if p.cue is not None and p.cue.start < p.trigger.start:
        return f"{p.cue.text} … {p.trigger.text}"
    return p.trigger.text

