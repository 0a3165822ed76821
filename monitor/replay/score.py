"""Scoring alerts against labelled items, as a desk would see them.

A real communication is a group of positives (label not none, status occurred) with the
same leaders (by surname) and kind, each dated within `SAME_DAYS` of the group's previous
one. After a replay (see `replay`), every alerted event is credited to the communication
most of its positive reports belong to (the earliest on a tie), or to none. Then:

- alert precision: alerts (first alerts and updates) whose event holds a communication;
- event recall: communications with at least one alerted event;
- repeats: alerted events beyond the first for one communication.

A missed communication is the classifier's when none of its items was read as an
occurred communication; otherwise the events' (its reports went to an event credited to
another communication, or to none that alerted).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor.classify.evaluate import effective, surnames
from monitor.models import KINDS
from monitor.replay.run import Replayed, instant

SAME_DAYS = timedelta(days=2)


def positive(record: dict[str, Any]) -> bool:
    return effective(record.get("label"), record.get("status")) != "none"


def _surnames(names: Any) -> tuple[str, ...]:
    return tuple(sorted(surnames(names or [])))


@dataclass
class Communication:
    kind: str
    leaders: tuple[str, ...]
    first: datetime
    last: datetime
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.kind} {'/'.join(self.leaders)} {self.first.date().isoformat()}"


def communications(records: list[dict[str, Any]]) -> list[Communication]:
    """The real communications the positives among `records` report, in date order."""
    dated = [(instant(r.get("published")), r) for r in records if positive(r)]
    found: list[Communication] = []
    for at, r in sorted(((a, r) for a, r in dated if a), key=lambda x: (x[0], str(x[1]["id"]))):
        kind, leaders = r["label"], _surnames(r.get("leaders"))
        group = next(
            (
                c
                for c in reversed(found)
                if c.kind == kind and c.leaders == leaders and at - c.last <= SAME_DAYS
            ),
            None,
        )
        if group is None:
            group = Communication(kind, leaders, at, at)
            found.append(group)
        group.last = at
        group.records.append(r)
    return found


@dataclass
class Alerted:
    event_id: int
    reasons: list[str]
    members: list[dict[str, Any]]  # the labelled records among its reports
    communication: int | None  # index into the communications, or None: a false alert


@dataclass
class Miss:
    communication: Communication
    whose: str  # "classifier" or "events"
    readings: list[tuple[dict[str, Any], str, str | None]]  # record, kind read, status read


@dataclass
class EventsReport:
    items: int
    alerts: int
    correct_alerts: int
    communications: list[Communication]
    recalled: int
    repeats: int
    alerted: list[Alerted]
    missed: list[Miss]
    undated: int = 0

    @property
    def alert_precision(self) -> float:
        return round(self.correct_alerts / self.alerts, 3) if self.alerts else 0.0

    @property
    def event_recall(self) -> float:
        n = len(self.communications)
        return round(self.recalled / n, 3) if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        comms = self.communications
        return {
            "items": self.items,
            "undated": self.undated,
            "alerts": self.alerts,
            "alert_precision": self.alert_precision,
            "communications": len(comms),
            "event_recall": self.event_recall,
            "repeats": self.repeats,
            "false_alerts": [
                {"event": a.event_id, "reasons": a.reasons, "items": [_brief(r) for r in a.members]}
                for a in self.alerted
                if a.communication is None
            ],
            "repeated": [
                {"communication": comms[i].label, "alerted_events": n}
                for i, n in sorted(self._alerted_per_communication().items())
                if n > 1
            ],
            "missed": [
                {
                    "communication": m.communication.label,
                    "whose": m.whose,
                    "items": [
                        {**_brief(r), "read_kind": kind, "read_status": status}
                        for r, kind, status in m.readings
                    ],
                }
                for m in self.missed
            ],
        }

    def _alerted_per_communication(self) -> Counter[int]:
        return Counter(a.communication for a in self.alerted if a.communication is not None)


def _brief(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record.get("id"),
        "published": record.get("published"),
        "label": record.get("label"),
        "status": record.get("status"),
        "title": record.get("title"),
    }


def score(records: list[dict[str, Any]], replayed: Replayed) -> EventsReport:
    comms = communications(records)
    comm_of = {str(r["id"]): i for i, c in enumerate(comms) for r in c.records}
    by_item = {item_id: rid for rid, item_id in replayed.item_of.items()}
    record_of = {str(r.get("id", "")): r for r in records}
    members: dict[int, list[dict[str, Any]]] = {}
    for item_id, (event_id, _, _) in replayed.readings.items():
        rid = by_item.get(item_id)
        if event_id is not None and rid is not None:
            members.setdefault(event_id, []).append(record_of[rid])
    reasons: dict[int, list[str]] = {}
    for event_id, reason in replayed.alerts:
        reasons.setdefault(event_id, []).append(reason)
    alerted = []
    for event_id, why in reasons.items():
        held = members.get(event_id, [])
        votes = Counter(comm_of[str(r["id"])] for r in held if str(r["id"]) in comm_of)
        best = min(votes, key=lambda i: (-votes[i], i)) if votes else None
        alerted.append(Alerted(event_id, why, held, best))
    per_comm = Counter(a.communication for a in alerted if a.communication is not None)
    missed = []
    for i, c in enumerate(comms):
        if per_comm[i]:
            continue
        readings = []
        for r in c.records:
            stored = replayed.item_of.get(str(r["id"]))
            reading = replayed.readings.get(stored) if stored is not None else None
            readings.append((r, reading[1], reading[2]) if reading else (r, "none", None))
        read = any(kind in KINDS and status == "occurred" for _, kind, status in readings)
        missed.append(Miss(c, "events" if read else "classifier", readings))
    return EventsReport(
        items=len(records),
        alerts=sum(len(a.reasons) for a in alerted),
        correct_alerts=sum(len(a.reasons) for a in alerted if a.communication is not None),
        communications=comms,
        undated=replayed.undated,
        recalled=len(per_comm),
        repeats=sum(n - 1 for n in per_comm.values()),
        alerted=alerted,
        missed=missed,
    )


def format_report(report: EventsReport) -> str:
    comms = report.communications
    undated = f" ({report.undated} without a date, as of now)" if report.undated else ""
    lines = [
        f"{report.items} items replayed{undated}, {report.alerts} alerts, "
        f"{len(comms)} real communications",
        "",
        f"alert precision  {report.alert_precision:.3f}  "
        f"({report.correct_alerts} of {report.alerts} alerts hold a real communication)",
        f"event recall     {report.event_recall:.3f}  "
        f"({report.recalled} of {len(comms)} communications alerted)",
        f"repeats          {report.repeats}",
    ]
    false = [a for a in report.alerted if a.communication is None]
    if false:
        lines += ["", f"false alerts ({len(false)})"]
    for a in false:
        lines.append(f"- event {a.event_id} ({', '.join(a.reasons)})")
        for r in a.members:
            lines.append(f"    {r.get('id')}  {r.get('published')}  [{_gold(r)}]  {r.get('title')}")
    repeated = {i: n for i, n in report._alerted_per_communication().items() if n > 1}
    if repeated:
        lines += ["", f"repeated ({len(repeated)})"]
    for i, n in sorted(repeated.items()):
        lines.append(f"- {comms[i].label}: {n} alerted events")
    if report.missed:
        lines += ["", f"missed communications ({len(report.missed)})"]
    for m in report.missed:
        lines.append(f"- {m.communication.label} (lost by the {m.whose})")
        for r, kind, status in m.readings:
            read = f"{kind}/{status}" if kind != "none" else "none"
            lines.append(f"    {r.get('id')}  {r.get('published')}  read {read}: {r.get('title')}")
    return "\n".join(lines)


def _gold(record: dict[str, Any]) -> str:
    label = record.get("label") or "none"
    return f"{label}/{record.get('status')}" if record.get("status") else label
