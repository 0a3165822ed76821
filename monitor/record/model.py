"""The shapes of the record and of the merged history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SIDES = ("us", "cn")


@dataclass(frozen=True)
class RecordEntry:
    """One communication of the shipped record.

    `day` is the date where it happened: local for a meeting, Beijing for a call (the
    date China's readout gives), the sender's for a letter. `day_utc` is set only where
    the UTC date differs and is known.
    """

    day: date
    kind: str
    leaders: tuple[str, ...]
    sources: tuple[str, ...]
    day_utc: date | None = None
    end_day: date | None = None  # last day of a meeting that ran over several days
    at_utc: datetime | None = None
    venue: str | None = None
    initiated_by: str | None = None  # "us" or "cn", only where a readout says so
    note: str | None = None

    @property
    def utc_day(self) -> date:
        if self.day_utc is not None:
            return self.day_utc
        return self.at_utc.date() if self.at_utc is not None else self.day


@dataclass
class HistoryEntry:
    """One line of `monitor history`: from the record, detected, or both."""

    day: date
    kind: str
    leaders: list[str]
    origin: str  # "record", "detected" or "both"
    sources: list[str] = field(default_factory=list)
    venue: str | None = None
    initiated_by: str | None = None
    note: str | None = None
    event_id: int | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "leaders": list(self.leaders),
            "origin": self.origin,
            "sources": list(self.sources),
        }
        for key, value in (
            ("venue", self.venue),
            ("initiated_by", self.initiated_by),
            ("note", self.note),
            ("event_id", self.event_id),
            ("title", self.title),
        ):
            if value is not None:
                out[key] = value
        return out
