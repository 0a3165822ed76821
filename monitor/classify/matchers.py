"""Compiled matchers for trigger phrases and status cues.

Each family (triggers, cues, topics) is one token trie, so a sentence costs one
lookup per token however many phrases the rule file lists. The few regex patterns of
the rule file run beside it and win where they overlap a phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

from monitor.classify.rules import RuleSet
from monitor.classify.tokens import Tokens, TokenTrie, tokenize

T = TypeVar("T")


class Hit(NamedTuple, Generic[T]):
    start: int  # offsets in the field's text
    end: int
    text: str
    payloads: tuple[T, ...]


# Letters or Chinese characters (or one escaped mark, as in "\\|") a pattern starts
# with, after any word-boundary assertions and lookbehinds ("(?<!\\bto\\s)").
_LEADING_WORD = re.compile(
    r"(?:\\b|\(\?<[!=][^()]*\))*(?:([A-Za-z0-9]+|[\u4e00-\u9fff]+)|\\([^\w\s]))"
)


def _top_level_bar(regex: str) -> bool:
    depth, escaped = 0, False
    for ch in regex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def literal_start(regex: str) -> str:
    """Lower-case letters that start every match of `regex` ("call" for "\\bcalls?"), or "".

    A regex that starts with no fixed letters, or that is matched ignoring case, makes
    the regex engine try it at every character; skipping the sentences that lack
    those letters costs one substring search instead.
    """
    m = _LEADING_WORD.match(regex)
    if m is None or _top_level_bar(regex):
        return ""
    word = m.group(1) or m.group(2)
    if regex[m.end() : m.end() + 1] in ("?", "*", "{"):
        word = word[:-1]  # the quantifier makes the last letter optional
    return word.lower()


class Phrasebook(Generic[T]):
    """Many phrases (and a few named regexes), each carrying payloads."""

    def __init__(self) -> None:
        self._trie: TokenTrie[T] = TokenTrie()
        self._patterns: list[tuple[re.Pattern[str], str, T]] = []

    def add(self, phrase: str, payload: T) -> None:
        self._trie.add(phrase, payload)

    def add_pattern(self, name: str, regex: str, payload: T) -> None:
        # Rule-file patterns run on the original text with the case flag, because
        # they may test capitals (a byline's "Jane Doe").
        rx = re.compile(regex, re.IGNORECASE)
        self._patterns.append((rx, literal_start(regex), payload))

    def finditer(
        self,
        text: str,
        tokens: Tokens | None = None,
        span: tuple[int, int] | None = None,
        token_range: tuple[int, int] | None = None,
    ) -> list[Hit[T]]:
        """Hits in text order within `span` (a sentence of text), with offsets in text.

        Pass `tokens` when the caller already tokenized text, so that the title or
        summary is cut into tokens once for every family of phrases, and the span's
        `token_range` when it is known. Patterns see the sentence alone, so that `^`
        is its start.
        """
        if tokens is None:
            tokens = tokenize(text)
        if span is None:
            span = (0, len(text))
            token_range = (0, len(tokens.values))
        elif token_range is None:
            token_range = tokens.index_range(*span)
        special: list[Hit[T]] = []
        base, stop = span
        for rx, word, payload in self._live(tokens):
            if word:
                # Every match starts with `word`: scan from its first occurrence on.
                first = tokens.first(word, base, stop)
                found = rx.finditer(text, first, stop) if first >= 0 else ()
            else:
                found = rx.finditer(text[base:stop])  # alone, so that ^ is its start
            for m in found:
                offset = 0 if word else base
                special.append(Hit(m.start() + offset, m.end() + offset, m.group(0), (payload,)))
        starts, ends = tokens.starts, tokens.ends
        hits: list[Hit[T]] = []
        if special:
            special.sort(key=lambda h: h.start)
            # The furthest end among the patterns that start before each one: a phrase
            # overlaps some pattern exactly when one starting before its end ends after
            # its start, found by bisection, not by trying every pattern.
            special_starts = [o.start for o in special]
            reach = list(accumulate((o.end for o in special), max))
        for i, j, payloads in self._trie.find(tokens, *token_range):
            start, end = starts[i], ends[j - 1]
            # A pattern (an idiom such as "calls Xi an 'enemy'") wins where it overlaps.
            if special:
                k = bisect_left(special_starts, end)
                if k and reach[k - 1] > start:
                    continue
            hits.append(Hit(start, end, text[start:end], payloads))
        if special:
            hits.extend(special)
            hits.sort(key=lambda h: h.start)
        return hits

    def _live(self, tokens: Tokens) -> list[tuple[re.Pattern[str], str, T]]:
        """The patterns that may match somewhere in the text: those without a leading
        word, and those whose word it holds (asked once per text, not per sentence)."""
        live: list[tuple[re.Pattern[str], str, T]] | None = tokens.memo.get(self)
        if live is None:
            low = tokens.lowered
            live = tokens.memo[self] = [p for p in self._patterns if not p[1] or p[1] in low]
        return live

    def payloads(self, tokens: Tokens) -> set[T]:
        """The payloads of every phrase found (no patterns), for a yes/no per payload."""
        return {p for _, _, payloads in self._trie.find(tokens) for p in payloads}


@dataclass(frozen=True)
class Trigger:
    kind: str  # one of KINDS, or "idiom"
    strength: float
    rule: str  # the phrase or pattern name, for evidence
    # What the trigger needs to count: "" nothing more, "pair" both presidents as its
    # subject, "guest" a president named right after it, "object" a president named
    # right after it with at most an article or a title between.
    needs: str = ""


@dataclass(frozen=True)
class Cue:
    cls: str  # planned, occurred, negation, history, hypothetical
    where: str  # before, adjacent, after, clause, stop, reaction (a clause cue of others),
    # progressive (an auxiliary touching an -ing trigger)
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
        for pat in k.together:
            book.add_pattern(pat.name, pat.regex, Trigger(kind, WEAK, pat.name, "pair"))
        for phrase in k.guest:
            book.add(phrase, Trigger(kind, STRONG, phrase, "guest"))
        for pat in k.guest_patterns:
            book.add_pattern(pat.name, pat.regex, Trigger(kind, STRONG, pat.name, "guest"))
        for phrase in k.addressed:
            book.add(phrase, Trigger(kind, WEAK, phrase, "object"))
    return book


def cue_book(rules: RuleSet) -> Phrasebook[Cue]:
    book: Phrasebook[Cue] = Phrasebook()
    for cls, cues in rules.status.items():
        for where, phrases in (
            ("before", cues.before),
            ("adjacent", cues.adjacent),
            ("progressive", cues.progressive),
            ("after", cues.after),
        ):
            for phrase in phrases:
                book.add(phrase, Cue(cls, where, phrase))
        for phrase in cues.clause:
            book.add(phrase, Cue(cls, "clause", phrase))
        for phrase in cues.stops:
            book.add(phrase, Cue(cls, "stop", phrase))
        for phrase in cues.reactions:
            book.add(phrase, Cue(cls, "reaction", phrase))
        for pat in cues.patterns:
            book.add_pattern(pat.name, pat.regex, Cue(cls, "before", pat.name))
    return book


def non_report_book(rules: RuleSet) -> Phrasebook[str]:
    book: Phrasebook[str] = Phrasebook()
    for phrase in rules.non_report_titles:
        book.add(phrase, phrase)
    for pat in rules.non_report_patterns:
        book.add_pattern(pat.name, pat.regex, pat.name)
    return book


def topic_book(rules: RuleSet) -> Phrasebook[str]:
    book: Phrasebook[str] = Phrasebook()
    for topic, phrases in rules.topics.items():
        for phrase in phrases:
            book.add(phrase, topic)
    return book
