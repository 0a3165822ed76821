"""`monitor history`: the record merged with stored events, through the real command."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from helpers import write_config

from monitor.cli import cli
from monitor.models import Event, EventReport, Item
from monitor.store import Store

BUSAN = datetime(2025, 10, 30, 3, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def _invoke(cfg: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["history", "--config", str(cfg), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _json(cfg: Path, *args: str) -> list[dict[str, Any]]:
    data = json.loads(_invoke(cfg, "--json", *args))
    assert isinstance(data, list)
    return data


def _store_event(store: Store, kind: str, status: str, at: datetime, url: str, n: int) -> int:
    item = Item(
        source="wire",
        title=f"Report {n} on the two presidents",
        url=url,
        canonical_url=url,
        guid=f"guid-{n}",
        summary="",
        text="",
        published=at,
        first_seen=at,
        content_hash=f"hash-{n}",
    )
    item_id = store.items.add_item(item, [f"key-{n}"])
    event = Event(
        kind=kind,
        status=status,
        leaders=["Donald Trump", "Xi Jinping"],
        date=at.date().isoformat(),
        first_seen=at,
        at=at,
    )
    event_id = store.events.save(event, "Donald Trump|Xi Jinping", item_id)
    store.events.add_report(event_id, EventReport(item_id, "wire", "outlet", kind, status, at), at)
    return event_id


def test_fresh_state_dir_shows_the_record_and_creates_nothing(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [])
    entries = _json(cfg)
    assert len(entries) > 20
    assert {e["origin"] for e in entries} == {"record"}
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    for e in entries:
        assert set(e) >= {"date", "kind", "leaders", "origin", "sources"}
        assert e["sources"] and all(u.startswith("https://") for u in e["sources"])
    assert not (tmp_path / "state").exists()


def test_stored_events_join_the_record(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [])
    store = Store(tmp_path / "state" / "monitor.db")
    busan = _store_event(
        store, "in_person_meeting", "occurred", BUSAN, "https://wire.example/busan", 1
    )
    later = _store_event(store, "phone_call", "occurred", LATER, "https://wire.example/call", 2)
    _store_event(store, "in_person_meeting", "planned", LATER, "https://wire.example/plan", 3)
    store.close()
    db = tmp_path / "state" / "monitor.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    entries = _json(cfg, "--since", "2025-10-01")
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    assert all(e["date"] >= "2025-10-01" for e in entries)
    mine = [(e["date"], e["kind"], e["origin"]) for e in entries if "event_id" in e]
    assert mine == [
        ("2026-11-20", "phone_call", "detected"),
        ("2025-10-30", "in_person_meeting", "both"),
    ]
    detected, both = (e for e in entries if "event_id" in e)
    assert detected["event_id"] == later
    assert detected["sources"] == ["https://wire.example/call"]
    assert both["event_id"] == busan
    assert both["venue"].startswith("Busan")
    assert both["sources"][-1] == "https://wire.example/busan"
    assert len(both["sources"]) >= 2  # the record's readouts come first
    from_record = sum(1 for e in entries if e["origin"] == "record")

    table = _invoke(cfg, "--since", "2025-10-01")
    lines = table.splitlines()
    assert lines[0].split() == ["date", "kind", "leaders", "venue", "origin"]
    assert lines[1].startswith("2026-11-20") and lines[1].endswith("detected")
    busan_line = next(line for line in lines if line.startswith("2025-10-30"))
    assert "Busan" in busan_line and busan_line.endswith("both")
    assert "Donald Trump – Xi Jinping" in busan_line
    total = len(entries)
    assert f"{total} communications: {from_record} from the record, 1 detected, 1 in both" in table
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_since_must_be_a_date(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [])
    result = CliRunner().invoke(cli, ["history", "--config", str(cfg), "--since", "7d"])
    assert result.exit_code != 0
    assert "is not a date like" in str(result.exception)
    future = _invoke(cfg, "--since", "2099-01-01")
    assert future.strip() == "No communications."
