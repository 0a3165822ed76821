"""Read-only views and reports: `digest`, `sources`, `events`, `search`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli.app import cli, config_option, load_settings, open_store
from monitor.errors import UsageError

if TYPE_CHECKING:
    from monitor.models import SourceState


def _duration(text: str | None) -> timedelta | None:
    from monitor.config import parse_duration

    if text is None:
        return None
    try:
        return timedelta(seconds=parse_duration(text))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


@cli.command("digest")
@config_option
@click.option(
    "--date",
    "day",
    metavar="YYYY-MM-DD",
    help="The day to digest, in monitor.timezone (default: today).",
)
@click.option(
    "--since", metavar="DUR", help="Digest a window ending now instead of a calendar day, e.g. 36h."
)
@click.option(
    "--send",
    is_flag=True,
    help="Also send it to the [digest] channels (email gets the HTML page).",
)
def digest_cmd(config_path: Path | None, day: str | None, since: str | None, send: bool) -> int:
    """Write the digest files (Markdown and HTML) for a day or a window; print their paths.

    With --send, exit 1 if a digest channel could not be reached (it is retried later).
    """
    from monitor.alerts import outbox
    from monitor.cli.app import setup_logging
    from monitor.digest import job as digest_job
    from monitor.digest import render as digest
    from monitor.timeutil import utcnow

    if day and since:
        raise UsageError("give either --date or --since, not both")
    settings = load_settings(config_path, sends=send)
    setup_logging("warning", settings.secrets)
    if send and not settings.digest_channels:
        raise UsageError("--send needs [digest] channels = [...] naming at least one channel")
    now = utcnow()
    if since:
        window = _duration(since)
        assert window is not None
        start, end = now - window, now
        label = now.astimezone(settings.tz).date().isoformat()
    else:
        try:
            the_day = date.fromisoformat(day) if day else now.astimezone(settings.tz).date()
        except ValueError as exc:
            raise UsageError(f"--date {day!r} is not a date like 2026-11-28") from exc
        start, end = digest.day_window(the_day, settings.tz)
        label = the_day.isoformat()
    store = open_store(settings)
    try:
        md_path, html_path = digest_job.write(settings, store, start, end, label, now)
        failed = 0
        if send:
            alert_id = outbox.enqueue_digest(store, label, settings, now, again=True)
            from monitor import pipeline

            pipeline.send_due(store, settings, now)
            for d in store.outbox.deliveries(states=("pending", "dead")):
                if d.alert_id == alert_id:
                    failed += 1
                    click.echo(f"digest not sent to {d.channel}: {d.last_error}", err=True)
    finally:
        store.close()
    click.echo(str(md_path))
    click.echo(str(html_path))
    return 1 if failed else 0


@cli.command("sources")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (see the contract).")
def sources_cmd(config_path: Path | None, as_json: bool) -> int:
    """Every configured source with its health: status, last success, failures, next poll.

    Status is `ok`, `backoff` (failing: retried later, never given up), `GONE` (answered
    410: not polled until its url changes in the config), `new` (never polled) or
    `disabled`.
    """
    from monitor.models import SourceState
    from monitor.sources import backoff
    from monitor.timeutil import utcnow

    settings = load_settings(config_path, sends=False)
    store = open_store(settings)
    states = {s.name: s for s in store.sources.source_states()}
    store.close()
    rows = []
    for src in settings.sources:
        st = states.get(src.name) or SourceState(name=src.name, kind=src.kind)
        backoff.reconcile(st, src)  # a URL changed in the config since the last poll starts afresh
        if not src.enabled:
            st.status = "disabled"
        rows.append(st)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2))
        return 0
    now = utcnow()
    table = [
        [
            st.name,
            st.status.upper() if st.status == backoff.GONE else st.status,
            _ago(st.last_success, now),
            str(st.consecutive_failures),
            _next(st, now),
            str(st.items_seen),
            _note(st),
        ]
        for st in rows
    ]
    header = ["source", "status", "last success", "fails", "next poll", "items", "last error"]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header) - 1)]
    right = {3, 5}
    for r in [header, *table]:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r[:-1], widths, strict=True))
        ]
        click.echo("  ".join([*cells, r[-1]]).rstrip())
    counts = {k: sum(1 for st in rows if st.status == k) for k in ("ok", "backoff", "gone")}
    others = len(rows) - sum(counts.values())
    click.echo(
        f"\n{len(rows)} sources: {counts['ok']} ok, {counts['backoff']} backing off, "
        f"{counts['gone']} gone, {others} new or disabled"
    )
    return 0


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def _ago(value: datetime | None, now: datetime) -> str:
    return f"{_span(max(0.0, (now - value).total_seconds()))} ago" if value else "never"


def _next(st: SourceState, now: datetime) -> str:
    if st.status in ("gone", "disabled"):
        return "never"
    if st.next_poll is None or st.next_poll <= now:
        return "due"
    return f"in {_span((st.next_poll - now).total_seconds())}"


def _note(st: SourceState) -> str:
    notes = []
    if st.status == "gone":
        notes.append(f"{st.last_error}: change its url in the config")
    elif st.consecutive_failures or (st.last_error and st.last_error.startswith("parse:")):
        notes.append(_short(st.last_error or ""))
    if st.redirect_url:
        notes.append(f"moved to {st.redirect_url} (update the config)")
    return "; ".join(notes)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cli.command("events")
@config_option
@click.option(
    "--since", metavar="DUR", help="Only events first seen or updated within this window, e.g. 7d."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (see the contract).")
def events_cmd(config_path: Path | None, since: str | None, as_json: bool) -> int:
    """The detected leader-communication events, newest first."""
    from monitor.models import KIND_LABELS
    from monitor.timeutil import utcnow

    window = _duration(since)
    settings = load_settings(config_path, sends=False)
    store = open_store(settings)
    found = store.events.all(since=utcnow() - window if window else None)
    store.close()
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        click.echo("No events.")
    for e in found:
        click.echo(
            f"#{e.id} {e.date} {KIND_LABELS.get(e.kind, e.kind)} ({e.status}) — {' – '.join(e.leaders)}"
        )
        click.echo(f"    {e.best_title}")
        click.echo(
            f"    {e.sources} source(s), {len(e.items)} report(s)"
            + (f"; topics: {', '.join(e.topics)}" if e.topics else "")
        )
    return 0


@cli.command("search")
@config_option
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def search_cmd(config_path: Path | None, query: str, limit: int, as_json: bool) -> int:
    """Full-text search over stored items (SQLite FTS5 syntax; plain words work).

    Chinese matches in either script: 通电话 and 通電話 find the same items.
    """
    settings = load_settings(config_path, sends=False)
    store = open_store(settings)
    found = store.items.search(query, limit=limit)
    store.close()
    if as_json:
        out = [
            {
                "id": i.id,
                "source": i.source,
                "title": i.title,
                "url": i.url,
                "published": i.published.isoformat() if i.published else None,
                "first_seen": i.first_seen.isoformat(),
                "kind": i.classification.kind if i.classification else None,
                "status": i.classification.status if i.classification else None,
                "event_id": i.event_id,
            }
            for i in found
        ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not found:
        click.echo("No matches.")
    for i in found:
        kind = i.classification.kind if i.classification else "?"
        when = (i.published or i.first_seen).strftime("%Y-%m-%d")
        click.echo(f"{when} [{i.source}] {i.title} ({kind})\n    {i.url or ''}")
    return 0
