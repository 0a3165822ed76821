"""Sentence splitting tuned for news copy.

A pair of presidents is judged per sentence, so a split in the wrong place can join
an Xi-Putin sentence to a Trump-Xi one, or cut "U.S. President Joe Biden" in two.
Periods after initials ("U.S.", "Donald J. Trump"), titles ("Gov.", "Mr.") and
month abbreviations ("Sept. 25") do not end a sentence.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?:\s+|(?=[\"“‘A-Z]))|[。！？]|\n\s*\n|\s+\|\s+|\n")
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
_TAIL_WORD = re.compile(r"([A-Za-z]+)\.$")


def split(text: str) -> list[tuple[int, str]]:
    """Sentences of text with their start offsets; empty pieces are dropped."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(text):
        piece_end = m.end()
        stripped = text[start : m.start() + 1] if text[m.start()] == "." else ""
        if stripped:
            tail = _TAIL_WORD.search(stripped)
            # "U.S." and "J." (single letters) or a known abbreviation: not an end.
            if tail and (len(tail.group(1)) == 1 or tail.group(1).lower() in _ABBREV):
                continue
        piece = text[start:piece_end]
        if piece.strip():
            out.append((start, piece))
        start = piece_end
    if text[start:].strip():
        out.append((start, text[start:]))
    return out
