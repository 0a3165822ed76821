"""Compiled matchers for trigger phrases and status cues.

Each family (triggers, cues, topics) is one compiled alternation, so a sentence is
scanned once per family however many phrases the rule file lists. Regex patterns from
the rule file come first as named groups; plain phrases follow, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from monitor.classify.phrases import alternation, norm
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
        parts = [f"(?P<{gid}>{regex})" for gid, regex, _ in self._patterns]
        if self._originals:
            parts.append(f"(?P<phrase>{alternation(self._originals.values())})")
        self._regex = re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)
        self._by_group = {gid: payload for gid, _, payload in self._patterns}

    def finditer(self, text: str) -> Iterator[Hit[T]]:
        assert self._regex is not None, "compile() first"
        for m in self._regex.finditer(text):
            group = m.lastgroup
            if group == "phrase":
                payloads = tuple(self._phrases.get(norm(m.group(0)), ()))
            else:
                payloads = (self._by_group[group],) if group in self._by_group else ()
            if payloads:
                yield Hit(m.start(), m.end(), m.group(0), payloads)


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
