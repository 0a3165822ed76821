"""`monitor notify-test` and `monitor outbox`: prove the channels work, see what is stuck."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.cli.app import cli, config_option, load_settings, open_store, setup_logging
from monitor.errors import UsageError


@cli.command("notify-test")
@config_option
@click.option(
    "--channel",
    "channel_names",
    multiple=True,
    metavar="NAME",
    help="Only this channel (repeatable).",
)
def notify_test(config_path: Path | None, channel_names: tuple[str, ...]) -> int:
    """Send a sample alert to every channel (or the named ones); exit 1 if any failed.

    The sample is a made-up event rendered exactly like a real alert: the channel's
    format and template, the same escaping, the same delivery path.
    """
    from monitor.alerts import messages, sender
    from monitor.alerts.sender import format_for
    from monitor.secrets import mask_url
    from monitor.timeutil import utcnow

    settings = load_settings(config_path)
    setup_logging("warning", settings.secrets)
    unknown = set(channel_names) - {c.name for c in settings.channels}
    if unknown:
        raise UsageError(f"unknown channel(s): {', '.join(sorted(unknown))}")
    channels = [c for c in settings.channels if not channel_names or c.name in channel_names]
    if not channels:
        click.echo("No channels configured: add a [[channels]] entry with an apprise URL.")
        return 0
    sample = messages.sample_event(utcnow())
    failed = 0
    for ch in channels:
        try:
            message = messages.event_message(
                sample, "test", format_for(ch), settings.tz, ch.template
            )
        except Exception as exc:  # a user's template that fails on real data
            error: str | None = f"template error: {type(exc).__name__}: {exc}"
        else:
            error = sender.send(ch, message)
        failed += error is not None
        status = "ok" if error is None else f"FAILED: {error}"
        click.echo(f"{ch.name} ({mask_url(ch.url)}, {format_for(ch)}): {status}")
    return 1 if failed else 0


@cli.command("outbox")
@config_option
@click.option(
    "--state",
    "states",
    type=click.Choice(["pending", "dead", "sent"]),
    multiple=True,
    help="Only deliveries in this state (repeatable; default: pending and dead).",
)
@click.option("--channel", metavar="NAME", help="Only this channel's deliveries.")
@click.option(
    "--retry-dead",
    is_flag=True,
    help="Make dead deliveries pending again with a fresh set of attempts, then send them.",
)
@click.option("--flush", is_flag=True, help="Send every due delivery now.")
@click.option("--limit", default=50, show_default=True, help="List at most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of deliveries.")
def outbox_cmd(
    config_path: Path | None,
    states: tuple[str, ...],
    channel: str | None,
    retry_dead: bool,
    flush: bool,
    limit: int,
    as_json: bool,
) -> int:
    """The alert outbox: deliveries still pending (retrying) and dead ones that gave up.

    Exit 1 when dead deliveries remain (or a send in --flush failed), else 0.
    """
    from monitor.alerts import outbox
    from monitor.timeutil import utcnow

    settings = load_settings(config_path, sends=flush or retry_dead)
    setup_logging("warning", settings.secrets)
    if channel and settings.channel(channel) is None:
        raise UsageError(f"unknown channel {channel!r}")
    store = open_store(settings)
    try:
        now = utcnow()
        failed = 0
        if retry_dead:
            n = outbox.retry_dead(store, now, channel)
            click.echo(f"{n} dead deliver{'y' if n == 1 else 'ies'} queued again.", err=as_json)
        if retry_dead or flush:
            from monitor import pipeline

            report = pipeline.send_due(store, settings, now)
            failed = report.failed
            click.echo(
                f"sent {report.sent}, failed {report.failed}, dead {report.dead}, "
                f"deferred {report.deferred}",
                err=as_json,
            )
            for error in report.errors:
                click.echo(f"  {error}", err=as_json)
        rows = store.outbox.deliveries(
            states=states or ("pending", "dead"), channel=channel, limit=limit
        )
        counts = store.outbox.delivery_counts()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(
            "outbox: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("pending", "sent", "dead"))
        )
        tz = settings.tz
        for d in rows:
            when = d.next_attempt if d.state == "pending" else (d.sent_at or d.created)
            at = when.astimezone(tz).strftime("%Y-%m-%d %H:%M") if when else "-"
            label = {"pending": "next try", "sent": "sent", "dead": "queued"}[d.state]
            click.echo(
                f"#{d.id} {d.state:<7} {d.channel:<12} {d.subject}  "
                f"(attempts {d.attempts}, {label} {at})"
            )
            if d.last_error and d.state != "sent":
                click.echo(f"    last error: {d.last_error}")
    return 1 if failed or counts.get("dead", 0) else 0
