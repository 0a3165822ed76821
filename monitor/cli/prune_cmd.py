"""`monitor prune`: forget old items, keeping the keys that stop them coming back as new."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from monitor.cli.app import cli, config_option, load_settings, open_store
from monitor.errors import UsageError


@cli.command("prune")
@config_option
@click.option(
    "--older-than",
    "older_than",
    default="90d",
    show_default=True,
    metavar="DUR",
    help="Forget items first seen longer ago than this (items of events keep their row).",
)
@click.option(
    "--bands-older-than",
    "bands_older_than",
    default="7d",
    show_default=True,
    metavar="DUR",
    help="Drop near-duplicate signatures of items first seen longer ago than this.",
)
def prune_cmd(config_path: Path | None, older_than: str, bands_older_than: str) -> int:
    """Delete old items that belong to no event and the body text of old event items.

    Every identity key stays (a tombstone), so a feed that still lists a pruned item never
    brings it back as new. Safe to run while the daemon runs.
    """
    from monitor.config import parse_duration
    from monitor.timeutil import utcnow

    try:
        items_age = timedelta(seconds=parse_duration(older_than))
        bands_age = timedelta(seconds=parse_duration(bands_older_than))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    settings = load_settings(config_path, sends=False)
    store = open_store(settings)
    now = utcnow()
    report = store.dedupe.prune(now - items_age, bands_before=now - min(items_age, bands_age))
    store.close()
    click.echo(
        f"{report.deleted} items deleted, {report.stripped} event items shortened, "
        f"{report.bands} index rows dropped; their identity keys are kept"
    )
    return 0
