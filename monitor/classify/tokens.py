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
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# A word, or one other character that is not a space or dash: a CJK character, an
# apostrophe, or a punctuation mark that no phrase crosses.
_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9\-‐‑–—]")
_END = object()  # key of a trie node's payloads
_APOSTROPHES = str.maketrans("’‘", "''")


def lower(text: str) -> str:
    """text.lower(), keeping every offset so that matches point into the original."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters ("İ") grow when lowered; leave those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Tokens:
    """A text's tokens as parallel lists (values, start and end offsets).

    Built with C-level `findall`/`finditer` and no per-token objects, because this is
    the classifier's innermost loop.
    """

    __slots__ = ("ends", "starts", "values")

    def __init__(self, text: str) -> None:
        low = lower(text)
        if "’" in low or "‘" in low:
            low = low.translate(_APOSTROPHES)
        matches = list(_TOKEN.finditer(low))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.values = _TOKEN.findall(low)

    def index_range(self, start: int, end: int) -> tuple[int, int]:
        """Indexes of the tokens that lie within [start, end) of the text."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)


def tokenize(text: str) -> Tokens:
    return Tokens(text)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(tokenize(phrase).values)


class TokenTrie(Generic[T]):
    """Token sequences with payloads; find leftmost-longest non-overlapping matches."""

    def __init__(self) -> None:
        self._root: dict[Any, Any] = {}

    def add(self, phrase: str, payload: T) -> bool:
        """Add a phrase; False if it has no tokens (nothing to match)."""
        if "." in phrase:
            # "U.S. President" also as "US President": dots are optional.
            self.add(phrase.replace(".", ""), payload)
        toks = phrase_tokens(phrase)
        if not toks:
            return False
        node = self._root
        for tok in toks:
            node = node.setdefault(tok, {})
        payloads: list[T] = node.setdefault(_END, [])
        if payload not in payloads:
            payloads.append(payload)
        return True

    def add_all(self, phrases: Iterable[str], payload: T) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def find(
        self, tokens: Tokens, lo: int = 0, hi: int | None = None
    ) -> list[tuple[int, int, list[T]]]:
        """(start offset, end offset, payloads) of each match, in text order."""
        root = self._root
        values = tokens.values
        out: list[tuple[int, int, list[T]]] = []
        i, n = lo, len(values) if hi is None else hi
        while i < n:
            node = root.get(values[i])
            if node is None:
                i += 1
                continue
            best = -1
            payloads: list[T] = []
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
            if best < 0:
                i += 1
                continue
            out.append((tokens.starts[i], tokens.ends[best], payloads))
            i = best + 1
        return out
