"""Sentence splitting tuned for news copy.

A pair of presidents is judged per sentence, so a split in the wrong place can join
an Xi-Putin sentence to a Trump-Xi one, or cut "U.S. President Joe Biden" in two.
Periods after initials ("U.S.", "Donald J. Trump"), titles ("Gov.", "Mr.") and
month abbreviations ("Sept. 25") do not end a sentence.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?:\s+|(?=[\"“‘A-Z]))|[。！？]|\n\s*\n|\s+\|\s+|\n")
# Every end starts at one of these characters, or at the spaces before a bar. Scanning
# for them first is a fast C loop; trying `_END` at every character is not.
_CANDIDATE = re.compile(r"[.!?。！？\n|]")
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gov",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "st",
        "jr",
        "sr",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "est",
        "approx",
        "dept",
        "govt",
        "pres",
    ]
)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LONGEST_ABBREV = max(map(len, _ABBREV))


def _abbreviation(text: str, start: int, period: int) -> bool:
    """Is the period at text[period] the end of an initial or a known abbreviation?

    Only the letters right before it count, and none before `start`.
    """
    window = text[max(start, period - _LONGEST_ABBREV - 1) : period]
    word = window[len(window.rstrip(_LETTERS)) :]
    if len(word) > _LONGEST_ABBREV:
        return False  # a long word, not an abbreviation
    return len(word) == 1 or word.lower() in _ABBREV


def _ends(text: str) -> list[tuple[int, int]]:
    """The matches of `_END` in text, as `_END.finditer` finds them, but faster.

    An end can only start at a candidate character or in the run of spaces right
    before one (" | "); any newline in such a run is a candidate of its own and is
    consumed first, so the run's first space after the last end is the only other
    place to try.
    """
    out: list[tuple[int, int]] = []
    done = 0  # the scan resumes here, after the last end
    for c in _CANDIDATE.finditer(text):
        at = c.start()
        if at < done:
            continue
        first = at
        while first > done and text[first - 1].isspace():
            first -= 1
        m = _END.match(text, first) if first < at else None
        if m is None:
            m = _END.match(text, at)
        if m is not None:
            out.append(m.span())
            done = m.end()
    return out


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text; blank pieces are dropped."""
    out: list[tuple[int, int]] = []
    start = 0
    for at, end in _ends(text):
        # "U.S." and "J." (single letters) or a known abbreviation: not an end.
        if text[at] == "." and _abbreviation(text, start, at):
            continue
        if end > start and not text[start:end].isspace():
            out.append((start, end))
        start = end
    if start < len(text) and not text[start:].isspace():
        out.append((start, len(text)))
    return out
