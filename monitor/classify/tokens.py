"""Phrase matching on tokens: one C-level tokenizing pass, then dictionary lookups.

Scanning a text with a regex of hundreds of phrases costs the regex engine a few
attempts at every character, for every family of phrases. Cutting the text into
tokens once and walking a trie of token sequences from each token costs one
dictionary lookup per token instead, which is what lets the classifier handle
thousands of items a second on one core.

Tokens are lower-case words, single CJK characters (Chinese has no spaces), an
apostrophe, or a punctuation mark that no phrase crosses. Hyphens and dashes separate
words like spaces ("face-to-face" is "face to face"), and a phrase with dots also
matches without them ("U.S." and "US"), so a phrase tolerates the usual variants.
Matching is leftmost and longest, and matches do not overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate, compress, count
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# A word, or one other character that is not a space or dash: a CJK character, an
# apostrophe, or a punctuation mark that no phrase crosses. Captured, so that
# `split` returns separators and tokens alternately and their lengths give offsets.
_TOKEN = re.compile(r"([a-z0-9]+|[^\sa-z0-9\-‐‑–—])")
_END = object()  # key of a trie node's payloads


def lower(text: str) -> str:
    """text.lower(), keeping every offset so that matches point into the original."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters ("İ") grow when lowered; leave those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Tokens:
    """A text's tokens as parallel lists (values, start and end offsets).

    `split` and `accumulate` run in C and make no per-token objects, because this is
    the classifier's innermost loop: offsets are the running sum of the lengths of
    separators and tokens.
    """

    __slots__ = ("ends", "lowered", "memo", "starts", "values")

    def __init__(self, text: str) -> None:
        low = lower(text)
        if "’" in low or "‘" in low:
            low = low.replace("’", "'").replace("‘", "'")
        self.lowered = low  # same offsets as text
        parts = _TOKEN.split(low)  # separator, token, separator, ..., separator
        offsets = list(accumulate(map(len, parts)))
        self.values: list[str] = parts[1::2]
        self.starts: list[int] = offsets[0:-1:2]
        self.ends: list[int] = offsets[1::2]
        # What the matchers learnt of the whole text, for its other sentences: where a
        # word lies, which of a phrasebook's patterns can match at all.
        self.memo: dict[object, Any] = {}

    def index_range(self, start: int, end: int) -> tuple[int, int]:
        """Indexes of the tokens that lie within [start, end) of the text."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def first(self, word: str, start: int, end: int) -> int:
        """Where `word` (lower case) first lies within [start, end) of the text, or -1.

        Every occurrence in the whole text is found once and kept, since each of a
        text's sentences asks for the same words.
        """
        found: list[int] | None = self.memo.get(word)
        if found is None:
            found = []
            at = self.lowered.find(word)
            while at >= 0:
                found.append(at)
                at = self.lowered.find(word, at + 1)
            self.memo[word] = found
        i = bisect_left(found, start)
        if i < len(found) and found[i] + len(word) <= end:
            return found[i]
        return -1


def tokenize(text: str) -> Tokens:
    return Tokens(text)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(tokenize(phrase).values)


def _variants(phrase: str) -> list[tuple[str, ...]]:
    # "U.S. President" also as "US President": dots are optional.
    out = [phrase_tokens(phrase)]
    if "." in phrase:
        out.append(phrase_tokens(phrase.replace(".", "")))
    return [toks for toks in out if toks]


class TokenTrie(Generic[T]):
    """Token sequences with payloads; find leftmost-longest non-overlapping matches."""

    def __init__(self) -> None:
        self._root: dict[Any, Any] = {}
        self._firsts: set[str] = set()  # tokens that start a phrase

    def add(self, phrase: str, payload: T) -> bool:
        """Add a phrase; False if it has no tokens (nothing to match)."""
        variants = _variants(phrase)
        for toks in variants:
            self._firsts.add(toks[0])
            node = self._root
            for tok in toks:
                node = node.setdefault(tok, {})
            payloads: tuple[T, ...] = node.get(_END, ())
            if payload not in payloads:
                node[_END] = (*payloads, payload)
        return bool(variants)

    def find(
        self, tokens: Tokens, lo: int = 0, hi: int | None = None
    ) -> list[tuple[int, int, tuple[T, ...]]]:
        """(first token, last token + 1, payloads) of each match within tokens lo..hi."""
        root = self._root
        values = tokens.values
        n = len(values) if hi is None else hi
        # Where a phrase can start, found in C: most tokens start none, and most
        # texts hold no token that starts a phrase of a given family.
        firsts = self._firsts
        if lo == 0 and n == len(values):
            if firsts.isdisjoint(values):
                return []
            starts: Iterable[int] = compress(count(), map(firsts.__contains__, values))
        else:
            window = values[lo:n]
            if firsts.isdisjoint(window):
                return []
            starts = compress(range(lo, n), map(firsts.__contains__, window))
        out: list[tuple[int, int, tuple[T, ...]]] = []
        free = lo  # matches do not overlap: the first token not yet consumed
        for i in starts:
            if i < free:
                continue
            node = root[values[i]]
            best = -1
            payloads: tuple[T, ...] = ()
            j = i
            while True:
                if _END in node:
                    best, payloads = j, node[_END]
                j += 1
                if j >= n:
                    break
                node = node.get(values[j])
                if node is None:
                    break
            if best >= 0:
                out.append((i, best + 1, payloads))
                free = best + 1
        return out


class SuffixSet:
    """Token sequences looked up backwards from a position: "is X right before here?"

    Used for the words in front of a name ("Vice President", "Melania"); dots between
    them and the name are skipped, as in "Gov. Newsom" or "VP. Harris".
    """

    def __init__(self, phrases: list[str]) -> None:
        self._root: dict[Any, Any] = {}
        for phrase in phrases:
            for toks in _variants(phrase):
                node = self._root
                for tok in reversed(toks):
                    node = node.setdefault(tok, {})
                node[_END] = True

    def ends_before(self, tokens: Tokens, index: int, floor: int) -> bool:
        """Does a phrase end right before token `index`, starting no earlier than `floor`?"""
        values = tokens.values
        j = index - 1
        while j >= floor and values[j] == ".":
            j -= 1
        node: dict[Any, Any] | None = self._root
        while j >= floor and node is not None:
            node = node.get(values[j])
            if node is not None and _END in node:
                return True
            j -= 1
        return False
