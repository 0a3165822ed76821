"""Compiled matchers for trigger phrases and status cues.

Each family (triggers, cues, topics) is one compiled alternation, so a sentence is
scanned once per family however many phrases the rule file lists. Regex patterns from
the rule file come first as named groups; plain phrases follow, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from monitor.classify.phrases import alternation, lower, norm
from monitor.classify.rules import RuleSet

T = TypeVar("T")


@dataclass(frozen=True)
class Hit(Generic[T]):
    start: int
    end: int
    text: str
    payloads: tuple[T, ...]


class Phrasebook(Generic[T]):
    """Many phrases (and a few named regexes), each carrying payloads, as one regex."""

    def __init__(self) -> None:
        self._phrases: dict[str, list[T]] = {}
        self._originals: dict[str, str] = {}
        self._patterns: list[tuple[str, str, T]] = []
        self._regex: re.Pattern[str] | None = None

    def add(self, phrase: str, payload: T) -> None:
        key = norm(phrase)
        self._originals.setdefault(key, phrase)
        payloads = self._phrases.setdefault(key, [])
        if payload not in payloads:
            payloads.append(payload)

    def add_pattern(self, name: str, regex: str, payload: T) -> None:
        self._patterns.append((f"p{len(self._patterns)}_{name}", regex, payload))

    def compile(self) -> None:
        # Phrases run on lower-cased text without IGNORECASE, which the regex engine
        # scans markedly faster; rule-file patterns keep the original text and case
        # flag because they may test capitals (a byline's "Jane Doe").
        self._regex = re.compile(alternation(self._originals.values()))
        self._pattern_re = [
            (re.compile(regex, re.IGNORECASE), payload) for _, regex, payload in self._patterns
        ]

    def finditer(self, text: str, low: str | None = None) -> list[Hit[T]]:
        """Hits in text order; `low` is text.lower() when the caller already has it."""
        assert self._regex is not None, "compile() first"
        if low is None:
            low = lower(text)
        special = [
            Hit(m.start(), m.end(), m.group(0), (payload,))
            for rx, payload in self._pattern_re
            for m in rx.finditer(text)
        ]
        hits: list[Hit[T]] = []
        for m in self._regex.finditer(low):
            payloads = self._phrases.get(norm(m.group(0)))
            # A pattern (an idiom such as "calls Xi an 'enemy'") wins where it overlaps.
            if payloads and not any(o.start < m.end() and m.start() < o.end for o in special):
                hits.append(Hit(m.start(), m.end(), text[m.start() : m.end()], tuple(payloads)))
        if special:
            hits.extend(special)
            hits.sort(key=lambda h: h.start)
        return hits


@dataclass(frozen=True)
class Trigger:
    kind: str  # one of KINDS, or "idiom"
    strength: float
    rule: str  # the phrase or pattern name, for evidence


@dataclass(frozen=True)
class Cue:
    cls: str  # planned, occurred, negation, history, hypothetical
    where: str  # before, adjacent, after
    rule: str


STRONG, WEAK = 1.0, 0.6


def trigger_book(rules: RuleSet) -> Phrasebook[Trigger]:
    book: Phrasebook[Trigger] = Phrasebook()
    # Idioms go in the same alternation: where an idiom and a trigger overlap, the
    # longer (the idiom: "calls for" over "calls") wins and the trigger is never seen.
    for phrase in rules.idioms:
        book.add(phrase, Trigger("idiom", 0.0, phrase))
    for pat in rules.idiom_patterns:
        book.add_pattern(pat.name, pat.regex, Trigger("idiom", 0.0, pat.name))
    for kind, k in rules.kinds.items():
        for phrase in k.strong:
            book.add(phrase, Trigger(kind, STRONG, phrase))
        for phrase in k.weak:
            book.add(phrase, Trigger(kind, WEAK, phrase))
        for pat in k.patterns:
            book.add_pattern(pat.name, pat.regex, Trigger(kind, STRONG, pat.name))
    book.compile()
    return book


def cue_book(rules: RuleSet) -> Phrasebook[Cue]:
    book: Phrasebook[Cue] = Phrasebook()
    for cls, cues in rules.status.items():
        for where, phrases in (
            ("before", cues.before),
            ("adjacent", cues.adjacent),
            ("after", cues.after),
        ):
            for phrase in phrases:
                book.add(phrase, Cue(cls, where, phrase))
        for pat in cues.patterns:
            book.add_pattern(pat.name, pat.regex, Cue(cls, "before", pat.name))
    book.compile()
    return book


def non_report_book(rules: RuleSet) -> Phrasebook[str]:
    book: Phrasebook[str] = Phrasebook()
    for phrase in rules.non_report_titles:
        book.add(phrase, phrase)
    for pat in rules.non_report_patterns:
        book.add_pattern(pat.name, pat.regex, pat.name)
    book.compile()
    return book


def topic_book(rules: RuleSet) -> Phrasebook[str]:
    book: Phrasebook[str] = Phrasebook()
    for topic, phrases in rules.topics.items():
        for phrase in phrases:
            book.add(phrase, topic)
    book.compile()
    return book
