"""JSON Lines records (the `classify --jsonl` and `evaluate` input) as Documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor.errors import UsageError
from monitor.models import Document
from monitor.parse.dates import parse_date


def parse_published(value: Any) -> datetime | None:
    """ISO 8601 date or datetime, a bare "YYYY-MM" month, or any other form `parse_date`
    reads (RFC 822, ...); naive values are taken as UTC."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a string, not {type(value).__name__}")
    # "2025-11" reads as its first day: a month is enough to decide terms of office.
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError("not a date")
    return parsed


def document(obj: Any, where: str) -> Document:
    if not isinstance(obj, dict):
        raise UsageError(f"{where}: expected a JSON object")
    title = obj.get("title")
    if not isinstance(title, str):
        raise UsageError(f"{where}: every record needs a string 'title'")
    try:
        published = parse_published(obj.get("published"))
    except ValueError as exc:
        raise UsageError(f"{where}: bad 'published' value {obj.get('published')!r}: {exc}") from exc
    rid = obj.get("id")
    return Document(
        title=title,
        summary=str(obj.get("summary") or ""),
        text=str(obj.get("text") or ""),
        published=published,
        id=None if rid is None else str(rid),
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
    )


def read_jsonl(path: str | Path) -> Iterator[tuple[dict[str, Any], Document]]:
    """Yield (raw record, Document) per non-blank line; a bad line is a UsageError."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115  closed by the with below
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{where}: not valid JSON ({exc.msg})") from exc
            yield obj, document(obj, where)
