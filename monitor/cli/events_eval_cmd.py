"""`monitor evaluate --events`: the labelled items replayed into a scratch state, and
the alerts scored per real communication. Kept apart from the item-level evaluation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor.cli.app import resolve_config_path

if TYPE_CHECKING:
    from monitor.config import Settings


def settings_for(config_path: Path | None, rules: Path | None) -> Settings:
    """The user's config (its rules, sources' tiers and [events] settings) when there is
    one, else the defaults; `rules` (--rules), when given, replaces the config's rules.
    Channels are never checked, since nothing is sent."""
    from dataclasses import replace

    from monitor import config
    from monitor.config.schema import FetchSection

    path = resolve_config_path(config_path)
    if path.is_file():
        settings = config.load(path, check_channels=False)
        return settings if rules is None else replace(settings, rules_path=rules)
    return config.Settings(
        path=path,
        state_dir=Path("state"),
        timezone="UTC",
        rules_path=rules if rules is not None else config.shipped_rules(),
        user_agent="",
        log_level="warning",
        log_format="text",
        fetch=FetchSection(),
        sources=(),
        channels=(),
        digest_at="07:00",
    )


def evaluate_events(
    config_path: Path | None, rules: Path | None, records: list[dict[str, Any]], as_json: bool
) -> None:
    from monitor.classify import Classifier
    from monitor.replay import run as replay
    from monitor.replay import score as evaluate

    settings = settings_for(config_path, rules)
    classifier = Classifier.load(settings.rules_path)
    now = datetime.now(UTC)
    report = evaluate.score(records, replay.replay(settings, classifier, records, now))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(evaluate.format_report(report))
