"""Plain phrases from the rule file, turned into regular expressions.

Rule authors write phrases the way they appear in news copy ("U.S. President",
"face-to-face", "Xi's"). To keep the rule file short, a phrase tolerates the usual
variations of typography: dots are optional ("US" matches "U.S."), straight and curly
apostrophes are the same, and a space or hyphen between words matches any run of spaces
or hyphens ("face to face", "face-to-face"). Matching ignores case, because feeds carry
lower-case URL slugs and ALL-CAPS datelines.

Many phrases are compiled into one alternation, longest first, so that at any position
the most specific phrase wins ("video call" before "call") and a text is scanned once
per rule family rather than once per phrase. The matched text is mapped back to its
phrase through `norm`, which folds every variation a phrase tolerates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FOLD_SPACE = re.compile(r"[\s\-‐‑–]+")


def norm(text: str) -> str:
    """Fold text to the key a phrase and all its tolerated spellings share."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace(".", "")
    return _FOLD_SPACE.sub(" ", text).strip()


def _is_word_char(ch: str) -> bool:
    # CJK characters count as word characters for \b, and Chinese has no spaces
    # between words, so boundaries are only asserted around ASCII letters and digits.
    return ch.isascii() and (ch.isalnum() or ch == "_")


def phrase_regex(phrase: str) -> str:
    """The regex source for one plain phrase (without boundaries)."""
    out: list[str] = []
    pending_space = False
    for ch in phrase.strip():
        if ch.isspace() or ch in "-‐‑–":
            pending_space = True
            continue
        if pending_space:
            out.append(r"[\s\-‐‑–]+")
            pending_space = False
        if ch == ".":
            out.append(r"\.?")
        elif ch in "'’‘":
            out.append("['’‘]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def bounded(phrase: str, body: str) -> str:
    """Add word boundaries where the phrase starts or ends with an ASCII word character."""
    stripped = phrase.strip().rstrip(".")
    start = r"\b" if stripped and _is_word_char(stripped[0]) else ""
    end = r"\b" if stripped and _is_word_char(stripped[-1]) else ""
    return f"{start}(?:{body}){end}"


def alternation(phrases: Iterable[str]) -> str:
    """One bounded alternation of phrases, longest first so the most specific wins."""
    unique = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return "|".join(bounded(p, phrase_regex(p)) for p in unique)
