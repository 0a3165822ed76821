"""The classifier: from a document's title, summary and body to a Classification.

For each sentence that names a sitting US head of state and a sitting Chinese head of
state (or "the two leaders" in an item that names both), every trigger phrase proposes
a communication of its kind, unless it is name-calling ("called Xi brilliant",
naming.py). The nearest status cue before the trigger, or a denial whose clause holds
it (status.py), decides whether it happened, is planned, or is no event (denied,
historical, hypothetical). A trigger
whose first named person is an official or a third country's leader ("a video call
with Putin") belongs to them and is dropped. Among the surviving proposals, the one
with the highest weight (strong phrase, title over lead over body, early over late)
decides the kind; happened beats planned.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.classify import sentences
from monitor.classify.chinese import ChineseText, mask_names, requester
from monitor.classify.matchers import (
    STRONG,
    Cue,
    Hit,
    Trigger,
    cue_book,
    non_report_book,
    topic_book,
    trigger_book,
)
from monitor.classify.naming import NameCalling
from monitor.classify.roster import LEADER, PAIR, THIRD_PARTY, Head, Mention, Roster
from monitor.classify.rules import FIELDS, RuleSet, load_rules
from monitor.classify.status import cue_status
from monitor.classify.tokens import Tokens, phrase_tokens, tokenize
from monitor.models import Classification, Document, Evidence

_AND = re.compile(r"^\W*(?:and|&|与|和)\W*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\s|的")
_CLAUSE_BREAK = re.compile(r"[,;:()，；：]|\s[-–—]\s")
THIRD_PARTY_CATS = frozenset(THIRD_PARTY)
THIRD_PARTY_REACH = 60
ATTACH_REACH = 16  # "call with President Xi": a weak trigger's party this close
SUBJECT_REACH = 25  # "Blinken meets", "Yellen says her talks": subject right before  # characters around a trigger in which its parties are named
CARRY_REACH = 60  # a planned or denied trigger colours the next one this close after it


@dataclass
class Proposal:
    kind: str
    status: str  # occurred, planned, or the reason it is no event
    weight: float
    field: str
    trigger: Hit[Trigger]
    cue: Hit[Cue] | None
    heads: list[Head]
    note: Evidence | None = None  # who asked for it ("应约"), where the item says


@dataclass(slots=True)
class Sentence:
    field: str
    idx: int  # position in its field
    mentions: list[Mention]  # offsets in the field, like every offset here
    heads: list[Head]
    source: str  # the whole field, and its tokens, which sentences share
    tokens: Tokens
    span: tuple[int, int]
    token_range: tuple[int, int]


class Classifier:
    """Rule-based classifier; build with `Classifier.load(path)`, then call `classify`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.roster = Roster(rules)
        self._triggers = trigger_book(rules)
        self._cues = cue_book(rules)
        self._topics = topic_book(rules)
        self._non_reports = non_report_book(rules)
        self._naming = NameCalling(rules)
        self._chinese = ChineseText(rules.chinese)
        self._finite: dict[str, list[tuple[str, ...]]] = {}
        for phrase in rules.finite:
            if toks := phrase_tokens(phrase):
                self._finite.setdefault(toks[0], []).append(toks)

    @classmethod
    def load(cls, path: str | Path) -> Classifier:
        return cls(load_rules(path))

    def mentions_leader(self, text: str) -> bool:
        """Cheap pre-filter: does the text name any configured leader or office?"""
        return self.roster.names_leader(self._chinese.normalise(text))

    def topics(self, text: str, tokens: Tokens | None = None) -> list[str]:
        found: set[str] = set()
        if tokens is None:
            text = self._chinese.normalise(text)
        for hit in self._topics.finditer(text, tokens):
            found.update(hit.payloads)
        return [t for t in self.rules.topics if t in found]

    def classify(self, doc: Document, now: datetime) -> Classification:
        day = (doc.published or now).date()
        # Chinese text is matched in one script and one width (chinese.py); the
        # evidence quotes it so normalised.
        norm = self._chinese.normalise
        fields = [(f, t, tokenize(t)) for f in FIELDS if (t := norm(getattr(doc, f) or ""))]
        if fields and fields[0][0] == "title":
            for hit in self._non_reports.finditer(fields[0][1], fields[0][2]):
                evidence = Evidence(f"non_report:{hit.payloads[0]}", "title", hit.text.strip())
                return Classification(evidence=[evidence])
        parsed: list[Sentence] = []
        countries: set[str] = set()
        skipped: list[Evidence] = []
        for fname, text, toks in fields:
            found = self.roster.mentions(text, toks)
            if not found:
                continue  # nobody named: no sentence of this field can count
            # Triggers and cues are looked for around Chinese names, not inside them.
            match_toks = mask_names(toks, found)
            for idx, (start, end) in enumerate(sentences.split(text)):
                mentions = [m for m in found if start <= m.start < end]
                heads: list[Head] = []
                rng = (0, 0)  # tokens are looked at only in sentences that name someone
                if mentions:
                    rng = toks.index_range(start, end)
                    for m in mentions:
                        head, reason = self.roster.resolve(toks, m, day, rng[0])
                        if head is not None:
                            heads.append(head)
                            countries.add(head.country)
                        elif reason == "role" or reason == "out_of_term":
                            skipped.append(Evidence(f"not_head:{reason}", fname, m.text.strip()))
                parsed.append(
                    Sentence(fname, idx, mentions, heads, text, match_toks, (start, end), rng)
                )
        if not {"us", "cn"} <= countries:
            return Classification(evidence=skipped[:12])
        proposals: list[Proposal] = []
        for sen in parsed:
            have = {h.country for h in sen.heads}
            if {"us", "cn"} <= have or any(m.category == PAIR for m in sen.mentions):
                proposals.extend(self._propose(sen))
        if self._other_peg([sen for sen in parsed if sen.field == "title"]):
            # The headline is about one president's contact with someone else ("Xi
            # receives ovation from business leaders"): a meeting of the two presidents
            # further down is background, not the item's news.
            for p in proposals:
                if p.field != "title" and p.status in ("occurred", "planned"):
                    p.status = "background"
        titled = [p.status for p in proposals if p.field == "title"]
        if titled and all(status == "history" for status in titled):
            # The headline is about what followed a contact ("中美元首会晤引发热烈反响",
            # "A year after Biden and Xi met, ..."): the lead retelling it is background.
            for p in proposals:
                if p.field != "title" and p.status in ("occurred", "planned"):
                    p.status = "background"
        doc_heads = [h for sen in parsed for h in sen.heads]
        result = self._decide(proposals, skipped, doc_heads)
        if result.kind != "none":
            found_topics: set[str] = set()
            for _, _, toks in fields:
                found_topics |= self._topics.payloads(toks)
            result.topics = [t for t in self.rules.topics if t in found_topics]
        return result

    @staticmethod
    def _other_peg(title: list[Sentence]) -> bool:
        countries = {h.country for sen in title for h in sen.heads}
        third = any(m.category in THIRD_PARTY for sen in title for m in sen.mentions)
        return len(countries) == 1 and third

    def _propose(self, sen: Sentence) -> list[Proposal]:
        fname, idx, sent, mentions, heads = sen.field, sen.idx, sen.source, sen.mentions, sen.heads
        hits = [
            h
            for h in self._triggers.finditer(sen.source, sen.tokens, sen.span, sen.token_range)
            if not any(t.kind == "idiom" for t in h.payloads)
        ]
        if not hits:
            return []
        cues = self._cues.finditer(sen.source, sen.tokens, sen.span, sen.token_range)
        head_starts = {h.mention.start for h in heads}
        out: list[Proposal] = []
        field_weight = self.rules.field_weights[fname]
        prev: Proposal | None = None
        prev_end = sen.span[0]  # where the previous trigger ends
        # Clause breaks and finite triggers matter only to a cue that could reach across.
        finite = [h.start for h in hits if self._is_finite(sen.tokens, h)] if cues else []
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sent, *sen.span)] if finite else []
        for hit in hits:
            trig = max(hit.payloads, key=lambda t: t.strength)
            hit_prev_end, prev_end = prev_end, hit.end
            if self._naming.applies(sen.tokens, sen.token_range[1], hit, mentions):
                continue  # "called Xi brilliant": a description, not a call
            # An ambiguous word ("call", "visit", "talks") below the headline counts only
            # when a president is named right beside it ("a call with President Xi"),
            # not when it is someone else's ("The visit comes months after Biden ...").
            if (
                trig.strength < STRONG
                and fname != "title"
                and not any(
                    hit.start - ATTACH_REACH <= h.mention.end <= hit.start
                    or hit.end <= h.mention.start <= hit.end + ATTACH_REACH
                    for h in heads
                )
            ):
                continue
            cue: Hit[Cue] | None = None
            if self._third_party(sent, hit, mentions, head_starts, hit_prev_end):
                status = "third_party"
            else:
                own = _own_clause(sen.span[0], hit, breaks, finite) if breaks else sen.span[0]
                status, cue = cue_status(sent, hit, cues, self.rules.reach, own)
                # "to host Xi for a state visit": with no cue of its own since the
                # previous trigger, a trigger shares that trigger's status.
                if (
                    prev is not None
                    and prev.status not in ("occurred", "third_party")
                    and prev.trigger.end > own
                    and hit.start - prev.trigger.end <= CARRY_REACH
                    and (cue is None or cue.end <= prev.trigger.end)
                    and not _bound_to_clause(sent, prev, hit)
                ):
                    status, cue = prev.status, prev.cue
            weight = trig.strength * field_weight / (1 + 0.25 * idx)
            prop = Proposal(trig.kind, status, weight, fname, hit, cue, heads)
            if asked := requester(sent, max(sen.span[0], hit_prev_end), hit.start, heads):
                head, words = asked
                prop.note = Evidence(f"requested_by:{head.name}", fname, words)
            out.append(prop)
            prev = prop
        return out

    def _is_finite(self, tokens: Tokens, hit: Hit[Trigger]) -> bool:
        """Does the trigger start with a finite verb ("phoned", "spoke by phone")?"""
        i = bisect_left(tokens.starts, hit.start)
        if i >= len(tokens.values):
            return False
        return any(
            tuple(tokens.values[i : i + len(toks)]) == toks
            for toks in self._finite.get(tokens.values[i], ())
        )

    def _third_party(
        self,
        sent: str,
        hit: Hit[Trigger],
        mentions: list[Mention],
        head_starts: set[int],
        prev_end: int,
    ) -> bool:
        """Is the trigger's counterpart, or its subject, an official or another leader?

        `prev_end` is where the sentence's previous trigger ends: a person named before
        it is that trigger's subject, not this one's.
        """
        people = [m for m in mentions if m.category != PAIR]
        after = [
            m
            for m in people
            if hit.end <= m.start <= hit.end + THIRD_PARTY_REACH
            and not _CLAUSE_BREAK.search(sent, hit.end, m.start)
        ]
        if len(after) > 1 and (
            _POSSESSIVE.match(sent, after[0].end)
            or (after[1].start == after[0].end and after[1].category in THIRD_PARTY)
        ):
            # "meets Trump's special envoy", "会见习近平特使": the envoy is the counterpart.
            after = after[1:]
        if after:
            if after[0].category in THIRD_PARTY:
                return True
            # "a video conversation between Xi and Russian President Vladimir Putin"
            if (
                len(after) > 1
                and after[1].category in THIRD_PARTY
                and _AND.match(sent[after[0].end : after[1].start])
            ):
                return True
        before = [
            m
            for m in people
            if hit.start - THIRD_PARTY_REACH <= m.end <= hit.start
            and not _CLAUSE_BREAK.search(sent, m.end, hit.start)
        ]
        # "Xi and Putin talk by video link": the subject pairs a president with a third party.
        if (
            len(before) > 1
            and THIRD_PARTY_CATS & {before[-1].category, before[-2].category}
            and _AND.match(sent[before[-2].end : before[-1].start])
        ):
            return True
        # "Blinken meets Xi": a third party named just before the trigger is its subject;
        # so is a president's name that stands for no head of state ("前总统布什之子会见").
        if (
            before
            and (
                before[-1].category in THIRD_PARTY
                or (before[-1].category == LEADER and before[-1].start not in head_starts)
            )
            and hit.start - before[-1].end <= SUBJECT_REACH
            and before[-1].start >= prev_end
        ):
            return True
        # With no one named after it, a trigger whose clause names a third party and no
        # president before it is the third party's.
        return (
            not after
            and any(m.category in THIRD_PARTY for m in before)
            and not any(m.start in head_starts for m in before)
        )

    def _decide(
        self,
        proposals: list[Proposal],
        skipped: list[Evidence],
        doc_heads: list[Head],
    ) -> Classification:
        for status in ("occurred", "planned"):
            live = [p for p in proposals if p.status == status]
            if live:
                return self._result(status, live, doc_heads)
        evidence = list(skipped)
        for p in proposals:
            rule = f"ignored:{p.status}/{p.kind}"
            evidence.append(Evidence(rule, p.field, _span(p)))
        return Classification(evidence=evidence[:12])

    def _result(self, status: str, live: list[Proposal], doc_heads: list[Head]) -> Classification:
        best_by_kind: dict[str, tuple[float, float]] = {}
        for p in live:
            top, total = best_by_kind.get(p.kind, (0.0, 0.0))
            best_by_kind[p.kind] = (max(top, p.weight), total + p.weight)
        kind = max(best_by_kind, key=lambda k: best_by_kind[k])
        chosen = sorted((p for p in live if p.kind == kind), key=lambda p: -p.weight)
        leaders: list[str] = []
        evidence: list[Evidence] = []
        most_named = _most_named(doc_heads)
        for p in chosen:
            for h in _parties(p, most_named):
                if h.name not in leaders:
                    leaders.append(h.name)
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
        us = [n for n in leaders if self.roster.leaders[n].country == "us"]
        cn = [n for n in leaders if self.roster.leaders[n].country == "cn"]
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


def _own_clause(floor: int, hit: Hit[Trigger], breaks: list[int], finite: list[int]) -> int:
    """Where the trigger's clause starts, if a finite trigger opens it; else `floor`.

    `breaks` are the ends of the sentence's clause breaks, `finite` the starts of its
    finite triggers. "Ahead of his trip, Trump phoned Xi": the clause after the comma
    reports a call of its own, and the opening phrase's cue does not reach it.
    """
    n = bisect_right(breaks, hit.start)
    if n and any(breaks[n - 1] <= f <= hit.start for f in finite):
        return breaks[n - 1]
    return floor


def _bound_to_clause(sent: str, prev: Proposal, hit: Hit[Trigger]) -> bool:
    """Does prev's status come from a cue bound to a clause that ends before `hit`?

    "去年11月会晤之后,两人再次通话": a clause cue (去年) or a cue after the trigger (之后)
    speaks of its own clause, and the call after the comma is not coloured by it.
    Denials still reach across.
    """
    cue = prev.cue
    return (
        cue is not None
        and prev.status != "negation"
        and any(c.where in ("clause", "after") for c in cue.payloads)
        and _CLAUSE_BREAK.search(sent, prev.trigger.end, hit.start) is not None
    )


def _most_named(doc_heads: list[Head]) -> dict[str, Head]:
    """Per country, the head the item names most often (the first of equals)."""
    counts: dict[str, int] = {}
    for h in doc_heads:
        counts[h.name] = counts.get(h.name, 0) + 1
    out: dict[str, Head] = {}
    for h in doc_heads:
        best = out.get(h.country)
        if best is None or counts[h.name] > counts[best.name]:
            out[h.country] = h
    return out


def _parties(p: Proposal, most_named: dict[str, Head]) -> list[Head]:
    """One head per country for a proposal: the one named closest to its trigger.

    A sentence may name an outgoing president and the president-elect ("Xi told Biden
    ..., as President-elect Trump prepares to take over"); the party to the contact is
    the one nearest the trigger. A sentence that only says "the two leaders" takes the
    presidents the item names most.
    """
    out: list[Head] = []
    for country in ("us", "cn"):
        own = [h for h in p.heads if h.country == country]
        if own:
            out.append(min(own, key=lambda h: abs(h.mention.start - p.trigger.start)))
        elif country in most_named:
            out.append(most_named[country])
    return out


def _span(p: Proposal) -> str:
    if p.cue is not None and p.cue.start < p.trigger.start:
        return f"{p.cue.text} … {p.trigger.text}"
    return p.trigger.text
