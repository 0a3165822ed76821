"""Read-only views and reports: `digest`, `sources`, `events`, `search`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import click

from monitor.cli.app import cli, config_option, load_settings, open_store
from monitor.errors import UsageError


def _duration(text: str | None) -> timedelta | None:
    from monitor.config import parse_duration

    if text is None:
        return None
    try:
        return timedelta(seconds=parse_duration(text))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _when(value: datetime | None, tz: object) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "-"  # type: ignore[arg-type]


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
    from monitor import digest, digest_job, outbox
    from monitor.cli.app import setup_logging
    from monitor.timeutil import utcnow

    if day and since:
        raise UsageError("give either --date or --since, not both")
    settings = load_settings(config_path)
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
            outbox.enqueue_digest(store, label, settings, now, again=True)
            report = outbox.flush(store, settings, now)
            failed = report.failed
            for error in report.errors:
                click.echo(f"digest not sent: {error}", err=True)
    finally:
        store.close()
    click.echo(str(md_path))
    click.echo(str(html_path))
    return 1 if failed else 0


@cli.command("sources")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (see the contract).")
def sources_cmd(config_path: Path | None, as_json: bool) -> int:
    """Every configured source with its health: last success, errors, next poll, items seen."""
    from monitor.models import SourceState

    settings = load_settings(config_path)
    store = open_store(settings)
    states = {s.name: s for s in store.source_states()}
    store.close()
    rows = []
    for src in settings.sources:
        st = states.get(src.name) or SourceState(name=src.name, kind=src.kind, url=src.url)
        st.kind = src.kind
        st.url = st.redirect_url or src.url
        if not src.enabled:
            st.status = "disabled"
        rows.append(st)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2))
        return 0
    tz = settings.tz
    header = f"{'source':<18} {'status':<9} {'last success':<16} {'fails':>5} {'next poll':<16} {'items':>6}  last error"
    click.echo(header)
    click.echo("-" * len(header))
    for st in rows:
        error = (st.last_error or "")[:60] if st.consecutive_failures or st.status != "ok" else ""
        click.echo(
            f"{st.name:<18} {st.status:<9} {_when(st.last_success, tz):<16} {st.consecutive_failures:>5} "
            f"{_when(st.next_poll, tz):<16} {st.items_seen:>6}  {error}"
        )
    return 0


@cli.command("events")
@config_option
@click.option(
    "--since", metavar="DUR", help="Only events first seen or updated within this window, e.g. 7d."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (see the contract).")
def events_cmd(config_path: Path | None, since: str | None, as_json: bool) -> int:
    """The detected leader-communication events, newest first."""
    from monitor.alerts import KIND_LABELS
    from monitor.timeutil import utcnow

    window = _duration(since)
    settings = load_settings(config_path)
    store = open_store(settings)
    found = store.events(since=utcnow() - window if window else None)
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
    """Full-text search over stored items (SQLite FTS5 syntax; plain words work)."""
    settings = load_settings(config_path)
    store = open_store(settings)
    found = store.search(query, limit=limit)
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
