"""The last twelve months of communications, month by month and kind by kind.

Pure: the digest draws it as a table of cells coloured by kind (HTML) and as one line of
text (Markdown).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from monitor.models import KINDS
from monitor.record.model import HistoryEntry

MONTHS = 12
SHORT = {
    "phone_call": "call",
    "video_call": "video call",
    "in_person_meeting": "meeting",
    "letter_or_message": "letter",
}


@dataclass(frozen=True)
class Mark:
    day: date
    kind: str
    highlight: bool  # one of the events the page is about


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    marks: tuple[Mark, ...]

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def short(self) -> str:
        return date(self.year, self.month, 1).strftime("%b")

    def count(self, kind: str) -> int:
        return sum(1 for m in self.marks if m.kind == kind)

    def highlighted(self, kind: str) -> bool:
        return any(m.highlight for m in self.marks if m.kind == kind)

    def days(self, kind: str) -> str:
        return ", ".join(m.day.isoformat() for m in self.marks if m.kind == kind)


@dataclass(frozen=True)
class Timeline:
    months: tuple[Month, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds that occur in the window, in the fixed order of KINDS."""
        present = {m.kind for month in self.months for m in month.marks}
        return tuple(k for k in KINDS if k in present)

    @property
    def empty(self) -> bool:
        return not self.kinds

    @property
    def text(self) -> str:
        """One line: "2025-10 ●meeting · 2025-11 ●call · 2026-11 ◉call (this digest)"."""
        parts = []
        for month in self.months:
            if month.marks:
                marks = " ".join(
                    f"◉{SHORT.get(m.kind, m.kind)} (this digest)"
                    if m.highlight
                    else f"●{SHORT.get(m.kind, m.kind)}"
                    for m in sorted(month.marks, key=lambda m: m.day)
                )
                parts.append(f"{month.label} {marks}")
        first, last = self.months[0].label, self.months[-1].label
        if not parts:
            return f"{first} to {last}: no communication"
        return f"{first} to {last}: " + " · ".join(parts)


def timeline(
    history: Sequence[HistoryEntry],
    end: date,
    *,
    event_ids: Collection[int] = (),
) -> Timeline:
    """The twelve months ending with `end`'s month. Entries of `event_ids` are highlighted."""
    first_index = end.year * 12 + end.month - 1 - (MONTHS - 1)
    months = []
    for index in range(first_index, first_index + MONTHS):
        year, month0 = divmod(index, 12)
        marks = tuple(
            Mark(
                day=e.day,
                kind=e.kind,
                highlight=e.event_id is not None and e.event_id in event_ids,
            )
            for e in history
            if e.day.year == year and e.day.month == month0 + 1 and e.day <= end
        )
        months.append(Month(year, month0 + 1, marks))
    return Timeline(tuple(months))
