"""The classifier: from a document's title, summary and body to a Classification.

Only the headline and the lead are read (lead.py); opinion and analysis are set aside
first (coverage.py). For each sentence that names a sitting US head of state and a
sitting Chinese head of state (or "the two leaders" in an item that names both), every
trigger phrase proposes a communication of its kind, unless it is name-calling
("called Xi brilliant", naming.py). The nearest status cue before the trigger, or a
denial or background phrase whose clause holds it (status.py), decides whether it
happened, is planned, or is no event (denied, background, hypothetical), unless that
cue says nothing of the contact's time ("thanks Xi for the call", purpose.py); a
contact dated before the item's week is background (years.py), and one of the item's
week that other news follows ("after Trump and Xi spoke Tuesday") is news (fresh.py).
A trigger whose first named person is an official or a third country's leader ("a
video call with Putin") belongs to them and is dropped (parties.py). The headline's
own status then colours the lead's, and a meeting that only dates a planned talk is
its time (peg.py). Among the surviving proposals (decide.py), the one with the
highest weight (strong phrase, title over lead over body, early over late) decides the
kind, a virtual wording anywhere its mode; happened beats planned.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from monitor.classify import fresh, near, parties, peg, purpose, sentences, years
from monitor.classify.chinese import ChineseText, mask_names, requester
from monitor.classify.coverage import Coverage
from monitor.classify.decide import Proposal, decide
from monitor.classify.lead import CAPS, read
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
from monitor.classify.near import Near
from monitor.classify.roster import (
    LEADER,
    OFFICE,
    OFFICES,
    PAIR,
    THIRD_PARTY,
    Head,
    Mention,
    Roster,
)
from monitor.classify.rules import FIELDS, RuleSet, load_rules
from monitor.classify.status import Cues, cue_status
from monitor.classify.tokens import Tokens, phrase_tokens, tokenize
from monitor.models import Classification, Document, Evidence

# Where a clause of its own may start, if a finite trigger follows: a clause break, or
# "and" joining two verbs ("arrived in Beijing and met Xi").
_OWN_BREAK = re.compile(parties.CLAUSE_BREAK.pattern + r"|\band\b", re.IGNORECASE)
# The outlet a news search appends to a headline: " - The Daily Planet", " | Wire".
_OUTLET_SUFFIX = re.compile(r"\s+[-–—|]\s+[^-–—|:]{2,50}$")
ATTACH_REACH = 16  # "call with President Xi": a weak trigger's party this close
SUBORDINATE = 0.5  # a fresh contact in an "after" phrase weighs less than the main clause's
CARRY_REACH = 60  # a planned or denied trigger colours the next one this close after it


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
        self._coverage = Coverage(rules.non_report_sections, rules.non_report_voice)
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
        # evidence quotes it so normalised. The lead is cut from the normalised text;
        # only twice its length is normalised, which leaves room for what normalising
        # drops (pinyin glosses) and bounds the cost of a field of any length.
        norm = self._chinese.normalise
        fields = [
            (f, t, tokenize(t))
            for f in FIELDS
            if (t := read(f, norm((getattr(doc, f) or "")[: 2 * CAPS[f]])))
        ]
        # A title that is no news report (an opinion, an explainer) reports no
        # communication; the presidents it names still tell what it follows.
        non_report: Evidence | None = None
        if fields and fields[0][0] == "title":
            title, title_tokens = fields[0][1], fields[0][2]
            hits = self._non_reports.finditer(title, title_tokens)
            if not hits and (core := _OUTLET_SUFFIX.sub("", title)) != title:
                # "...: A Good Start - The Daily Planet": a news search's copy names the
                # outlet after the headline, where a verdict or a byline should end it.
                hits = self._non_reports.finditer(core)
            if hits:
                hit = hits[0]
                non_report = Evidence(f"non_report:{hit.payloads[0]}", "title", hit.text.strip())
        parsed: list[Sentence] = []
        skipped: list[Evidence] = []
        named: dict[str, list[str]] = {}  # leaders named in the item, per country
        masked: dict[str, Tokens] = {}  # per field, the tokens phrases are matched on
        for fname, text, toks in fields:
            found = self.roster.mentions(text, toks)
            if not found:
                continue  # nobody named: no sentence of this field can count
            found_starts = [m.start for m in found]
            masked[fname] = mask_names(toks, found)
            for idx, (start, end) in enumerate(sentences.split(text)):
                mentions = found[bisect_left(found_starts, start) : bisect_left(found_starts, end)]
                rng = (0, 0)  # tokens are looked at only in sentences that name someone
                sen = Sentence(fname, idx, mentions, [], text, toks, (start, end), rng)
                if mentions:
                    sen.token_range = toks.index_range(start, end)
                    for m in mentions:
                        if m.category not in (OFFICE, OFFICES):
                            self._resolve(sen, m, day, skipped, named)
                parsed.append(sen)
        # An office phrase is resolved once the item's named leaders are known: "U.S.
        # President" in an item that names Biden is Biden, whatever its date says.
        for sen in parsed:
            if any(m.category in (OFFICE, OFFICES) for m in sen.mentions):
                for m in sen.mentions:
                    if m.category == OFFICE:
                        self._resolve(sen, m, day, skipped, named)
                    elif m.category == OFFICES:  # one office per country, same words
                        for code in ("us", "cn"):
                            office = m._replace(category=OFFICE, key=code)
                            self._resolve(sen, office, day, skipped, named)
                sen.heads.sort(key=lambda h: h.mention.start)
        countries = {h.country for sen in parsed for h in sen.heads}
        if not {"us", "cn"} <= countries:
            return Classification(evidence=[non_report] if non_report else skipped[:12])
        doc_heads = [h for sen in parsed for h in sen.heads]
        most_named = parties.most_named(doc_heads)
        pair = [most_named["us"].name, most_named["cn"].name]
        # Opinion and analysis are coverage, never a new event; asked only of the items
        # that name both presidents, since the rest report no communication anyway.
        opinion = (
            non_report
            or self._coverage.section(doc.url)
            or self._coverage.voice(read("summary", doc.summary))
        )
        if opinion is not None:
            return Classification(evidence=[opinion], named=pair)
        # Triggers and cues are looked for around Chinese names, not inside them; the
        # names themselves were resolved on the tokens as written.
        for sen in parsed:
            sen.tokens = masked[sen.field]
        proposals: list[Proposal] = []
        for sen in parsed:
            have = {h.country for h in sen.heads}
            if {"us", "cn"} <= have or any(m.category == PAIR for m in sen.mentions):
                proposals.extend(self._propose(sen, day))
        peg.time_reference(proposals)
        peg.tenseless_title(proposals)
        peg.follow_title(proposals)
        titled = [p.status for p in proposals if p.field == "title"]
        if self._other_peg([sen for sen in parsed if sen.field == "title"]) or (
            titled and all(status == "history" for status in titled)
        ):
            # The headline is about one president's contact with someone else ("Xi
            # receives ovation from business leaders"), or about what followed a contact
            # ("中美元首会晤引发热烈反响", "A year after Biden and Xi met, ..."): a meeting
            # of the two presidents further down is background, not the item's news.
            for p in proposals:
                if p.field != "title" and p.status in ("occurred", "planned"):
                    p.status = "background"
        result = decide(proposals, skipped, most_named)
        if not result.relevant:
            result.named = pair
        if result.kind != "none":
            found_topics: set[str] = set()
            for _, _, toks in fields:
                found_topics |= self._topics.payloads(toks)
            result.topics = [t for t in self.rules.topics if t in found_topics]
        return result

    def _resolve(
        self,
        sen: Sentence,
        m: Mention,
        day: date,
        skipped: list[Evidence],
        named: dict[str, list[str]],
    ) -> None:
        """Add the head of state a mention stands for to its sentence, if any."""
        if m.category == OFFICE and named.get(m.key):
            head, reason = self.roster.named_office(m, sen.mentions, named[m.key], day)
        else:
            head, reason = self.roster.resolve(sen.tokens, m, day, sen.token_range[0])
        if m.category == LEADER and reason != "role":
            named.setdefault(self.roster.leaders[m.key].country, []).append(m.key)
        if head is not None:
            sen.heads.append(head)
        elif reason in ("role", "out_of_term"):
            skipped.append(Evidence(f"not_head:{reason}", sen.field, m.text.strip()))

    @staticmethod
    def _other_peg(title: list[Sentence]) -> bool:
        countries = {h.country for sen in title for h in sen.heads}
        third = any(m.category in THIRD_PARTY for sen in title for m in sen.mentions)
        return len(countries) == 1 and third

    def _propose(self, sen: Sentence, day: date) -> list[Proposal]:
        fname, idx, sent, mentions, heads = sen.field, sen.idx, sen.source, sen.mentions, sen.heads
        hits = [
            h
            for h in self._triggers.finditer(sen.source, sen.tokens, sen.span, sen.token_range)
            if not any(t.kind == "idiom" for t in h.payloads)
        ]
        if not hits:
            return []
        cues = Cues(
            self._cues.finditer(sen.source, sen.tokens, sen.span, sen.token_range),
            self.rules.reach,
        )
        head_starts = {h.mention.start for h in heads}
        # Mentions do not overlap, so their starts and their ends are both in order:
        # what lies near a trigger is found by bisection, never by a scan of the
        # sentence, so that a sentence costs in proportion to its length.
        near_heads = near.heads(heads)
        people = near.mentions([m for m in mentions if m.category != PAIR])
        pairs: Near[Mention] | None = None  # built when a trigger needs them
        by_token = {m.token: m for m in mentions}
        out: list[Proposal] = []
        field_weight = self.rules.field_weights[fname]
        prev: Proposal | None = None
        prev_end = sen.span[0]  # where the previous trigger ends
        # Clause breaks and finite triggers matter only to a cue that could reach across.
        finite = [h.start for h in hits if self._is_finite(sen.tokens, h)]
        breaks = [m.end() for m in _OWN_BREAK.finditer(sent, *sen.span)] if finite and cues else []
        finite_at = set(finite)
        starts = [h.start for h in hits]
        for hit in hits:
            trig = max(hit.payloads, key=lambda t: t.strength)
            hit_prev_end, prev_end = prev_end, hit.end
            if self._naming.applies(sen.tokens, sen.token_range[1], hit, by_token):
                continue  # "called Xi brilliant": a description, not a call
            # An ambiguous word ("call", "visit", "talks") below the headline counts only
            # when a president is named right beside it ("a call with President Xi"),
            # or both are named before it in its clause ("Xi warned Biden during a
            # two-hour call"), not when it is someone else's ("The visit comes months
            # after Biden ...").
            if trig.needs == "pair":
                if pairs is None:
                    pairs = near.mentions([m for m in mentions if m.category == PAIR])
                if not parties.pair_subject(sent, hit, near_heads, pairs):
                    continue  # "talk tough", "spoke highly of Xi"
            elif trig.needs == "object":
                if not parties.addressed(sent, hit, near_heads, ATTACH_REACH):
                    continue  # "talks to reporters about Xi"
            elif trig.needs == "guest":
                if not parties.guest_after(sent, hit, near_heads, ATTACH_REACH):
                    continue  # "welcomes Xi's pledge", "welcomed the news"
            elif (
                trig.strength < STRONG
                and fname != "title"
                and not near_heads.ending(hit.start - ATTACH_REACH, hit.start)
                and not near_heads.starting(hit.end, hit.end + ATTACH_REACH)
                and not parties.pair_before(sent, hit, near_heads)
            ):
                # "In a call on Wednesday, the two presidents discussed ...": a phrase
                # for both presidents beside it is as good as a name.
                if pairs is None:
                    pairs = near.mentions([m for m in mentions if m.category == PAIR])
                if not _pair_beside(pairs, hit):
                    continue
            if parties.possessive_object(sent, hit, people):
                continue  # "meets Trump's tariff threat": no one is met
            cue: Hit[Cue] | None = None
            subordinate = 1.0
            if parties.third_party(sent, hit, people, head_starts, hit_prev_end):
                status = "third_party"
            else:
                own = _own_clause(sen.span[0], hit, breaks, finite) if breaks else sen.span[0]
                status, cue = cue_status(sent, hit, cues, self.rules.reach, own)
                skip: list[Hit[Cue]] = []
                while cue is not None and purpose.not_ahead(
                    sent, sen.span[0], hit, cue, near_heads, hit.start in finite_at
                ):
                    # "thanks Xi for the call", "Remarks prior to a meeting with Xi",
                    # "Trump praised Xi for the meeting". What comes before such a cue
                    # speaks of another clause ("will thank Xi for the call"), denials
                    # apart.
                    skip.append(cue)
                    if all(c.cls not in ("negation", "hypothetical") for c in cue.payloads):
                        own = max(own, cue.end)
                    status, cue = cue_status(sent, hit, cues, self.rules.reach, own, skip)
                if status == "occurred" and cue is None and fname == "title" and sen.idx == 0:
                    shared = purpose.label_status(
                        sent, sen.span, hit, cues.starting(hit.end, sen.span[1]), starts
                    )
                    if shared is not None:  # "Trump-Xi summit: Trump heads to Busan"
                        status, cue = shared.payloads[0].cls, shared
                # "rally after Trump and Xi spoke by phone Tuesday": a contact of the
                # item's week is news, whatever else it is the reason for; a contact
                # of the main clause still names the kind ("calls Xi days after their
                # meeting on Thursday").
                if (
                    status == "history"
                    and cue is not None
                    and (
                        fresh.marked(sent, sen.span[1], hit, cue, day)
                        or fresh.joint(sent, own, cue, near_heads, cues)
                    )
                ):
                    status, subordinate = "occurred", SUBORDINATE
                past = hit.start in finite_at
                if status == "occurred" and years.earlier(sent, sen.span[0], hit, day, past):
                    status, cue = "history", None  # "during his 2017 state visit"
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
            weight = subordinate * trig.strength * field_weight / (1 + 0.25 * idx)
            prop = Proposal(
                trig.kind, status, weight, fname, hit, cue, heads, hit.start in finite_at
            )
            prop.sentence = idx
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


def _own_clause(floor: int, hit: Hit[Trigger], breaks: list[int], finite: list[int]) -> int:
    """Where the trigger's clause starts, if a finite trigger opens it; else `floor`.

    `breaks` are the ends of the sentence's clause breaks, `finite` the starts of its
    finite triggers. "Ahead of his trip, Trump phoned Xi": the clause after the comma
    reports a call of its own, and the opening phrase's cue does not reach it.
    """
    n = bisect_right(breaks, hit.start)
    if n and bisect_right(finite, hit.start) > bisect_left(finite, breaks[n - 1]):
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
        and parties.CLAUSE_BREAK.search(sent, prev.trigger.end, hit.start) is not None
    )


def _pair_beside(pairs: Near[Mention], hit: Hit[Trigger]) -> bool:
    """Is a phrase for both presidents ("the two leaders", not a bare "their") this
    close to the trigger?"""
    beside = [
        *pairs.ending(hit.start - ATTACH_REACH, hit.start),
        *pairs.starting(hit.end, hit.end + ATTACH_REACH),
    ]
    return any(m.text.strip().lower() != "their" for m in beside)
