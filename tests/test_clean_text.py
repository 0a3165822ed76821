"""clean_text's fast path gives exactly what the plain regular expressions gave."""

from __future__ import annotations

import random
import re
import unicodedata

from monitor.normalize import clean_text

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")
_NL = re.compile(r"\s*\n\s*")


def reference(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _NL.sub("\n", _WS.sub(" ", text)).strip()


def test_same_as_the_plain_regexes_on_awkward_whitespace() -> None:
    pieces = ["a", "Xi", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", "\x1c", "\x85"]
    pieces += ["\u3000", "\r\n", "\u200b", "é", "e\u0301", " \n ", "\f", "\v", "。"]
    rnd = random.Random(20261015)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert clean_text(text) == reference(text), repr(text)


def test_examples() -> None:
    assert clean_text("  Xi \u00a0and\tTrump \n\n \n spoke  ") == "Xi and Trump\nspoke"
    assert clean_text("cafe\u0301") == "café"
    assert clean_text("") == ""
