"""Read and check the record file (TOML, one [[communication]] table per entry)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.errors import MonitorError
from monitor.models import KINDS
from monitor.record.model import SIDES, RecordEntry

SHIPPED = "communications.toml"
_REQUIRED = ("date", "kind", "leaders", "sources")
_OPTIONAL = ("date_utc", "end_date", "at_utc", "venue", "initiated_by", "note")


class RecordError(MonitorError):
    """The record file is unreadable or an entry breaks the schema."""

    exit_code = 2

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: invalid record ({len(problems)} problem(s)):\n{lines}")


def shipped_path() -> Path:
    return Path(str(resources.files("monitor.record") / SHIPPED))


def load_record(path: str | Path | None = None) -> tuple[RecordEntry, ...]:
    """The record at `path` (default: the one shipped in the package), oldest first."""
    where = Path(path) if path is not None else shipped_path()
    try:
        text = where.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordError(str(where), [f"cannot read it: {exc.strerror or exc}"]) from exc
    return parse_record(text, str(where))


def parse_record(text: str, name: str = "<record>") -> tuple[RecordEntry, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError(name, [f"not valid TOML: {exc}"]) from exc
    unknown = sorted(set(data) - {"communication"})
    problems = [f"unknown top-level key {k!r} (expected [[communication]] tables)" for k in unknown]
    rows = data.get("communication", [])
    if not isinstance(rows, list):
        raise RecordError(name, ["'communication' must be an array of tables"])
    entries = []
    for i, row in enumerate(rows, start=1):
        entry, errors = _entry(row)
        label = f"communication #{i}" + (f" ({row.get('date')})" if isinstance(row, dict) else "")
        problems += [f"{label}: {e}" for e in errors]
        if entry is not None:
            entries.append(entry)
    if problems:
        raise RecordError(name, problems)
    return tuple(sorted(entries, key=lambda e: (e.day, e.kind)))


def _entry(row: Any) -> tuple[RecordEntry | None, list[str]]:
    if not isinstance(row, dict):
        return None, ["must be a table"]
    errors = [f"missing {k!r}" for k in _REQUIRED if k not in row]
    errors += [f"unknown key {k!r}" for k in row if k not in _REQUIRED + _OPTIONAL]
    day = _day(row, "date", errors)
    day_utc = _day(row, "date_utc", errors)
    end_day = _day(row, "end_date", errors)
    at_utc = row.get("at_utc")
    if at_utc is not None and not (isinstance(at_utc, datetime) and at_utc.tzinfo is not None):
        errors.append(
            f"at_utc {at_utc!r} is not a date-time with an offset, like 2025-11-24T13:00:00Z"
        )
        at_utc = None
    kind = row.get("kind")
    if "kind" in row and kind not in KINDS:
        errors.append(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    leaders = row.get("leaders")
    if "leaders" in row and not (
        isinstance(leaders, list)
        and len(leaders) >= 2
        and all(isinstance(n, str) and n.strip() for n in leaders)
    ):
        errors.append("leaders must list at least two names")
    sources = row.get("sources")
    if "sources" in row:
        if not isinstance(sources, list) or not sources:
            errors.append("sources must list at least one URL")
        else:
            errors += [
                f"source {s!r} is not an http(s) URL"
                for s in sources
                if not (isinstance(s, str) and s.startswith(("https://", "http://")))
            ]
    side = row.get("initiated_by")
    if side is not None and side not in SIDES:
        errors.append(f"initiated_by {side!r} must be 'us' or 'cn'")
    for key in ("venue", "note"):
        if key in row and not (isinstance(row[key], str) and row[key].strip()):
            errors.append(f"{key} must be a non-empty string")
    if day and end_day and end_day < day:
        errors.append("end_date is before date")
    if errors or day is None:
        return None, errors
    return (
        RecordEntry(
            day=day,
            kind=str(kind),
            leaders=tuple(leaders),  # type: ignore[arg-type]
            sources=tuple(sources),  # type: ignore[arg-type]
            day_utc=day_utc,
            end_day=end_day,
            at_utc=at_utc,
            venue=row.get("venue"),
            initiated_by=side,
            note=row.get("note"),
        ),
        [],
    )


def _day(row: dict[str, Any], key: str, errors: list[str]) -> date | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"{key} {value!r} is not a date like 2025-10-30")
    return None
