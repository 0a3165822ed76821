"""Aware-UTC timestamps and their ISO 8601 text form, as stored and printed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """The clock, read only at the edges (CLI, scheduler); stages take `now` as a parameter."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken to be UTC; aware ones are converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """UTC ISO 8601 with seconds, sortable as text."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # the common case, several times per stored item
        return value.isoformat(timespec="seconds")
    return as_utc(value).isoformat(timespec="seconds")


def iso_end(value: datetime) -> str:
    """`value` as the exclusive end of a window over stored times (`stored < iso_end(v)`).

    Times are stored cut to the second, so what was stored in the end's own second reads
    as equal to the end. When the end has a fraction (a window ending now), that moment
    was stored before it and belongs in the window: the end rounds up to the next second.
    An end exactly on a second (a day's midnight) stays as it is.
    """
    utc = as_utc(value)
    if utc.microsecond:
        utc = utc.replace(microsecond=0) + timedelta(seconds=1)
    return utc.isoformat(timespec="seconds")


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None
