"""`monitor once` and `monitor check-config`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from monitor.cli.app import (
    cli,
    config_option,
    freeze_startup_objects,
    load_classifier,
    load_settings,
    open_store,
    setup_logging,
)
from monitor.errors import UsageError
from monitor.models import CycleProgress, Source


@cli.command()
@config_option
@click.option(
    "--source",
    "source_names",
    multiple=True,
    metavar="NAME",
    help="Poll only this source (repeatable).",
)
@click.option(
    "--catchup",
    is_flag=True,
    help="Record what is found without alerting (first run on a new install).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log every source's poll to stderr.")
def once(
    config_path: Path | None, source_names: tuple[str, ...], catchup: bool, verbose: bool
) -> int:
    """Poll every source (or the named ones) once through the whole pipeline, then exit.

    Every enabled source is polled whatever its backoff; a source that answered
    410 Gone is skipped (and said so) unless named with --source. On a terminal a
    progress line is shown on stderr. Exit 0 when every source and channel worked,
    1 when one failed (it is recorded and the others still ran), 2 on bad config.
    """
    from monitor import pipeline
    from monitor import sources as polled
    from monitor.timeutil import utcnow

    settings = load_settings(config_path)
    setup_logging(
        settings.log_level if verbose else "warning", settings.secrets, settings.log_format
    )
    unknown = [n for n in source_names if settings.source(n) is None]
    if unknown:
        known = ", ".join(s.name for s in settings.sources) or "(none)"
        raise UsageError(f"unknown source(s): {', '.join(unknown)}; configured: {known}")
    classifier = load_classifier(settings)
    store = open_store(settings)
    sources = polled.select_sources(settings, source_names)
    states = polled.states(store, sources, announce=True)
    gone: list[Source] = []
    if not source_names:
        # A source that answered 410 is left alone until its URL changes; naming it polls it.
        sources, gone = polled.split_gone(sources, states)
    if not sources and not gone:
        click.echo("No enabled sources in the config: nothing to poll.", err=True)
        return 0
    ctx = pipeline.Context(settings=settings, store=store, classifier=classifier, catchup=catchup)
    line = ProgressLine(enabled=sys.stderr.isatty())
    freeze_startup_objects()
    # Each failed poll is printed below with its source; without -v the log would say it again.
    pipeline_log = logging.getLogger(pipeline.__name__)
    if not verbose:
        pipeline_log.addFilter(_not_a_poll_failure)
    try:
        report = pipeline.run_cycle(ctx, sources, utcnow, on_progress=line.show, states=states)
    finally:
        # A full disk (DiskFull) is said by the command line's one error line.
        pipeline_log.removeFilter(_not_a_poll_failure)
        line.clear()
        store.close()
    for p in report.polls:
        if p.error:
            click.echo(f"{p.source}: ERROR {p.error}")
        elif p.not_modified:
            click.echo(f"{p.source}: not modified")
        else:
            click.echo(
                f"{p.source}: {p.entries} entries, {p.new_items} new, {p.relevant} relevant, {p.new_events} new events"
                + (" (first poll: recorded without alerting)" if p.catchup and not catchup else "")
            )
    for src in gone:
        click.echo(
            f"{src.name}: skipped, gone (HTTP 410); change its url in the config, "
            f"or poll it anyway with --source {src.name}"
        )
    for notice in report.health:
        click.echo(f"source health: {notice.source} {notice.state}")
    new_items = sum(p.new_items for p in report.polls)
    new_events = sum(p.new_events for p in report.polls)
    failed = report.failed_sources
    click.echo(
        f"{len(report.polls)} sources polled, {len(failed)} failed"
        + (f", {len(gone)} gone skipped" if gone else "")
        + f"; {new_items} new items, {new_events} new events; "
        f"{report.alerts_sent} alerts sent, {report.alerts_failed} failed"
        + (" (catch-up: no alerts queued)" if catchup else "")
    )
    return 1 if failed or report.alerts_failed else 0


def _not_a_poll_failure(record: logging.LogRecord) -> bool:
    from monitor.pipeline import POLL_FAILURE

    return not getattr(record, POLL_FAILURE, False)


class ProgressLine:
    """One self-overwriting status line on a terminal's stderr; nothing at all elsewhere."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.width = 0

    def show(self, p: CycleProgress) -> None:
        if not self.enabled:
            return
        verb = "fetched" if p.phase == "fetch" else "processed"
        text = f"{verb} {p.done}/{p.total} sources"
        if p.phase == "process":
            text += f", {p.new_items} new items"
        text += f", {p.errors} errors"
        self._write("\r" + text.ljust(self.width))
        self.width = len(text)

    def clear(self) -> None:
        if self.enabled and self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    @staticmethod
    def _write(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()


@cli.command("check-config")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the effective config as JSON.")
def check_config(config_path: Path | None, as_json: bool) -> int:
    """Validate the config and the rule file; print the effective config with secrets masked."""
    from monitor import config

    settings = load_settings(config_path, create_state=False)
    classifier = load_classifier(settings)
    data = config.effective(settings)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return 0
    click.echo(f"config: {settings.path} (valid)")
    click.echo(f"rules:  {settings.rules_path} (valid)")
    for section in ("monitor", "fetch", "events", "alerts", "digest", "daemon"):
        click.echo(f"\n[{section}]")
        for key, value in data[section].items():
            click.echo(f"{key} = {json.dumps(value)}")
    for src in data["sources"]:
        click.echo("\n[[sources]]")
        for key, value in src.items():
            click.echo(f"{key} = {json.dumps(value)}")
    for ch in data["channels"]:
        click.echo("\n[[channels]]")
        for key, value in ch.items():
            click.echo(f"{key} = {json.dumps(value)}")
    del classifier
    return 0
