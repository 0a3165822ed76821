"""The charset an HTTP response declares in its Content-Type, shared by feeds and pages."""

from __future__ import annotations

import re

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def header_charset(headers: dict[str, str]) -> str | None:
    m = _CHARSET.search(headers.get("content-type", ""))
    return m.group(1) if m else None
