"""Traditional Chinese to Simplified, with OpenCC's t2s dictionaries: the one converter the
rules and the search index share. OpenCC is imported, and its dictionaries read, on the
first Chinese text of a process, so English-only work never pays for it."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_converter().convert(text))
