"""`monitor history`: the shipped record of past communications merged with detected events."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from monitor.cli.app import cli, config_option, load_settings, open_store
from monitor.errors import UsageError


@cli.command("history")
@config_option
@click.option("--since", metavar="YYYY-MM-DD", help="Only communications on or after this day.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (see the contract).")
def history_cmd(config_path: Path | None, since: str | None, as_json: bool) -> int:
    """Past communications between the US and Chinese presidents, newest first.

    The record shipped with the monitor (each entry with the URLs of its official
    readouts) merged with the events the monitor detected as having happened. ORIGIN is
    `record`, `detected`, or `both` where a detected event matches a record entry.
    Reads only: with no database yet, it shows the record alone.
    """
    from monitor.record import load_record, merge

    try:
        start = date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise UsageError(f"--since {since!r} is not a date like 2025-01-20") from exc
    settings = load_settings(config_path, sends=False, create_state=False)
    record = load_record()
    events = []
    # Opening the store creates the database: a fresh state_dir stays untouched.
    if settings.db_path.exists():
        store = open_store(settings)
        try:
            events = store.events.all()
        finally:
            store.close()
    entries = merge(record, events, since=start)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        click.echo("No communications.")
        return 0
    header = ["date", "kind", "leaders", "venue", "origin"]
    rows = [
        [
            e.day.isoformat(),
            e.kind,
            " – ".join(e.leaders),
            e.venue or "",
            e.origin,
        ]
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    counts = {o: sum(1 for e in entries if e.origin == o) for o in ("record", "detected", "both")}
    click.echo(
        f"\n{len(entries)} communications: {counts['record']} from the record, "
        f"{counts['detected']} detected, {counts['both']} in both"
    )
    return 0
