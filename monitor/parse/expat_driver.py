"""A SAX driver for feedparser: the standard expat reader with text buffering on.

Plain expat hands text to its handler in many small pieces (one per line, one around
every entity such as `&lt;`), and feedparser does real work per piece. With
`buffer_text` expat joins each run of text first; the parse is the same and takes
about half the time. `parse/feed.py` names this module in feedparser's list of
preferred SAX drivers.
"""

from __future__ import annotations

from typing import Any
from xml.sax.expatreader import ExpatParser


class BufferedExpatParser(ExpatParser):
    def reset(self) -> None:
        super().reset()
        parser: Any = self._parser  # type: ignore[attr-defined]
        parser.buffer_text = True
        parser.buffer_size = 1 << 16


def create_parser(*args: Any, **kwargs: Any) -> BufferedExpatParser:
    return BufferedExpatParser(*args, **kwargs)
