"""`monitor notify-test`: prove that every channel can be reached."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import cli, config_option, load_settings, setup_logging
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
    """Send a sample alert to every channel (or the named ones); exit 1 if any failed."""
    from monitor import alerts
    from monitor.config import mask_url

    settings = load_settings(config_path)
    setup_logging("warning", settings.secrets)
    channels = [c for c in settings.channels if not channel_names or c.name in channel_names]
    unknown = set(channel_names) - {c.name for c in settings.channels}
    if unknown:
        raise UsageError(f"unknown channel(s): {', '.join(sorted(unknown))}")
    if not channels:
        click.echo("No channels configured: add a [[channels]] entry with an apprise URL.")
        return 0
    message = alerts.test_message()
    failed = 0
    for ch in channels:
        error = alerts.send(ch, message)
        status = "ok" if error is None else f"FAILED: {error}"
        failed += error is not None
        click.echo(f"{ch.name} ({mask_url(ch.url)}): {status}")
    return 1 if failed else 0
