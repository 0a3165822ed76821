"""Turning stored values back into our own types, shared by the store's query modules."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from monitor.errors import StoreError
from monitor.models import Evidence
from monitor.store.sqlite_lib import sqlite_utils
from monitor.timeutil import parse_iso


def one(db: sqlite_utils.Database, sql: str, args: list[Any]) -> dict[str, Any] | None:
    """The first row of a query, or None."""
    return next(iter(db.query(sql, args)), None)


def pk(value: object) -> int:
    if not isinstance(value, int):
        raise StoreError(f"unexpected primary key {value!r}")
    return value


def dt(value: str | None) -> datetime:
    parsed = parse_iso(value)
    if parsed is None:
        raise StoreError(f"missing timestamp in the database: {value!r}")
    return parsed


def evidence_json(evidence: list[Evidence]) -> str:
    if not evidence:  # most items: the encoder's setup costs more than the "[]"
        return "[]"
    return json.dumps([{"rule": e.rule, "field": e.field, "text": e.text} for e in evidence])


def evidence_from_json(text: str | None) -> list[Evidence]:
    return [Evidence(**e) for e in json.loads(text or "[]")]


def list_json(values: list[str]) -> str:
    """`json.dumps` of a list of strings; the empty list (most items) without the encoder."""
    return json.dumps(values) if values else "[]"
