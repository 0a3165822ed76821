"""Plain phrases from the rule file, turned into regular expressions.

Rule authors write phrases the way they appear in news copy ("U.S. President",
"face-to-face", "Xi's"). To keep the rule file short, a phrase tolerates the usual
variations of typography: dots are optional ("US" matches "U.S."), straight and curly
apostrophes are the same, and a space or hyphen between words matches any run of spaces
or hyphens ("face to face", "face-to-face"). Matching ignores case, because feeds carry
lower-case URL slugs and ALL-CAPS datelines.

The classifier's phrase families are matched on tokens (see tokens.py); this module
serves the short regexes that check the few words right before a name ("Vice
President", "Melania") and the places a name hides in ("Xi'an").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _is_word_char(ch: str) -> bool:
    # CJK characters count as word characters for \b, and Chinese has no spaces
    # between words, so boundaries are only asserted around ASCII letters and digits.
    return ch.isascii() and (ch.isalnum() or ch == "_")


_SEPARATORS = "-‐‑–"
_SEP_ATOM = r"[\s\-‐‑–]+"


def _atoms(phrase: str) -> list[str]:
    """Regex pieces of a phrase, one per character (lower-cased) or separator run."""
    out: list[str] = []
    pending_space = False
    for ch in phrase.strip():
        if ch.isspace() or ch in _SEPARATORS:
            pending_space = True
            continue
        if pending_space:
            out.append(_SEP_ATOM)
            pending_space = False
        if ch == ".":
            out.append(r"\.?")
        elif ch in "'’‘":
            out.append("['’‘]")
        else:
            out.append(re.escape(ch.lower()))
    return out


def phrase_regex(phrase: str) -> str:
    """The regex source for one plain phrase (without boundaries)."""
    return "".join(_atoms(phrase))


def _ends_in_word(phrase: str) -> bool:
    stripped = phrase.strip().rstrip(".")
    return bool(stripped) and _is_word_char(stripped[-1])


def _emit(node: dict[str, Any]) -> str:
    branches = [atom + _emit(child) for atom, child in sorted(node.items()) if atom]
    ends: set[str] | None = node.get("")
    if not branches:
        return r"\b" if ends and "" not in ends else ""
    body = "|".join(branches)
    if ends is None:
        return body if len(branches) == 1 and len(node) == 1 else f"(?:{body})"
    # A phrase ends here and longer ones continue: try the longer ones first.
    return f"(?:{body})?" if "" in ends else f"(?:{body}|\\b)"


def trie_regex(phrases: Iterable[str], end_boundary: bool = True) -> str:
    """One regex matching any of the phrases, factored by common prefixes.

    Python's regex engine tries alternatives one by one at every position, so 300
    phrases in a flat alternation cost 300 attempts per character. Sharing prefixes
    ("meet", "meeting", "meets") leaves a handful of attempts per position, which is
    what keeps classification above thousands of items per second.
    """
    tries: dict[bool, dict[str, Any]] = {True: {}, False: {}}
    for phrase in phrases:
        atoms = _atoms(phrase)
        if not atoms:
            continue
        node = tries[_is_word_char(phrase.strip()[0])]
        for atom in atoms:
            node = node.setdefault(atom, {})
        end = r"\b" if end_boundary and _ends_in_word(phrase) else ""
        node.setdefault("", set()).add(end)
    parts = []
    if tries[True]:
        # A lookbehind, not \b: it lets the engine reject a position in the middle of
        # a word before trying any branch, which halves the scanning time.
        parts.append(r"(?<!\w)(?:" + _emit(tries[True]) + ")")
    if tries[False]:
        parts.append("(?:" + _emit(tries[False]) + ")")
    return "|".join(parts) or r"(?!x)x"


def alternation(phrases: Iterable[str]) -> str:
    """One bounded alternation of phrases; at any position the longest phrase wins."""
    return trie_regex(phrases)
