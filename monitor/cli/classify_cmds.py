"""`monitor classify` and `monitor evaluate`: run the rules on text and explain them."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli.app import cli, config_option, resolve_config_path
from monitor.cli.events_eval_cmd import evaluate_events
from monitor.errors import ConfigError, UsageError
from monitor.models import Classification, Document

if TYPE_CHECKING:
    from monitor.classify import Classifier

rules_option = click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Rule file (default: the config's [monitor] rules key, else the shipped rules).",
)


def rules_path_for(config_path: Path | None, rules: Path | None) -> Path:
    """--rules if given; else the config's `[monitor] rules` (relative to the config);
    else the rules shipped in the package."""
    from monitor.config import shipped_rules

    if rules is not None:
        return rules
    config = resolve_config_path(config_path)
    if not config.is_file():
        return shipped_rules()
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(config), [f"cannot read: {exc}"]) from exc
    section = data.get("monitor", {})
    value = section.get("rules") if isinstance(section, dict) else None
    if value is None:
        return shipped_rules()
    if not isinstance(value, str) or not value:
        raise ConfigError(str(config), ["monitor.rules must be a path string"])
    return config.parent / Path(value).expanduser()


def _load(config_path: Path | None, rules: Path | None) -> Classifier:
    # Imported here, not at the top: every command (`monitor health` every minute in a
    # container) imports this module, and the rule engine takes a tenth of a second to load.
    from monitor.classify import Classifier

    return Classifier.load(rules_path_for(config_path, rules))


def _read_file(path: Path) -> tuple[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise UsageError(f"{path} is empty: its first non-empty line should be the title")
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def _human(result: Classification) -> str:
    out = [
        f"kind:     {result.kind}",
        f"status:   {result.status or '-'}",
        f"leaders:  {', '.join(result.leaders) or '-'}",
        f"topics:   {', '.join(result.topics) or '-'}",
        f"score:    {result.score:.2f}",
        "evidence:" if result.evidence else "evidence: none",
    ]
    out += [f"  {e.rule}  [{e.field}]  {e.text!r}" for e in result.evidence]
    return "\n".join(out)


@cli.command()
@config_option
@rules_option
@click.argument("text", required=False)
@click.option(
    "--file",
    "file_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Classify a text file: its first non-empty line is the title, the rest the body.",
)
@click.option(
    "--jsonl",
    "jsonl_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Classify every line of a JSON Lines file (id, title, summary, text, url, "
    "published); write one JSON result per line, in order.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--published",
    metavar="DATE",
    help="The item's date (ISO 8601) for TEXT or --file; it decides who was in office "
    "(default: now).",
)
def classify(
    config_path: Path | None,
    rules_path: Path | None,
    text: str | None,
    file_path: Path | None,
    jsonl_path: Path | None,
    as_json: bool,
    published: str | None,
) -> None:
    """Classify TEXT (a headline, optionally followed by the story), a file, or JSON Lines.

    Prints the kind of communication, whether it happened or is planned, the leaders,
    the topics, a score, and the evidence: every rule that decided, the field it
    matched in, and the matched text.
    """
    from monitor.classify.records import parse_published, read_jsonl

    given = [x for x in (text, file_path, jsonl_path) if x is not None]
    if len(given) != 1:
        raise UsageError("classify takes exactly one of TEXT, --file F or --jsonl F")
    classifier = _load(config_path, rules_path)
    now = datetime.now(UTC)
    if jsonl_path is not None:
        for raw, doc in read_jsonl(jsonl_path):
            result = classifier.classify(doc, now)
            click.echo(json.dumps(result.to_dict(id=raw.get("id")), ensure_ascii=False))
        return
    try:
        when = parse_published(published)
    except ValueError as exc:
        raise UsageError(f"--published {published!r} is not an ISO 8601 date") from exc
    if file_path is not None:
        title, body = _read_file(file_path)
        doc = Document(title=title, text=body, published=when)
    else:
        assert text is not None
        title, _, rest = text.strip().partition("\n")
        doc = Document(title=title, summary=rest.strip(), published=when)
    result = classifier.classify(doc, now)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(result))


@cli.command()
@config_option
@rules_option
@click.argument("labeled", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--part",
    type=click.Choice(["tune", "check", "all"]),
    default="all",
    show_default=True,
    help="Score one part of LABELED: an item is in the check part when the SHA-256 of its "
    "id, read as a number, is divisible by 4, else in the tune part.",
)
@click.option(
    "--events",
    "per_event",
    is_flag=True,
    help="Replay the items, with their dates, through the whole pipeline into a scratch "
    "state and score the alerts per real communication (alert precision, event recall, "
    "repeats) instead.",
)
def evaluate(
    config_path: Path | None,
    rules_path: Path | None,
    labeled: Path,
    as_json: bool,
    per_event: bool,
    part: str,
) -> None:
    """Measure the rules against LABELED, a JSON Lines file with `label` and `status`.

    Prints precision, recall and F1 per label, detection precision and recall (an item
    is detected when its kind is not none and its status is occurred), kind accuracy
    among the detected true positives, the confusion matrix, and every misclassified
    item with its evidence. Undated items are judged as of now.

    \b
    --part splits LABELED by a hash that never changes: an item is in the check part
    when int(sha256(id).hexdigest(), 16) % 4 == 0, else in the tune part. Tune rules
    on the tune part; the check part measures them on wording they were not tuned on.

    With --events, the items are replayed instead, in published order and each at its
    date, through the whole pipeline into a temporary state (never state_dir; no alert is
    sent), and the alerts are scored per real communication: alert precision, event
    recall and repeats, with the false alerts and the missed communications.
    """
    from monitor.classify.evaluate import evaluate as run_evaluation
    from monitor.classify.evaluate import format_report, select
    from monitor.classify.records import read_jsonl

    items = select(list(read_jsonl(labeled)), part)
    records = [raw for raw, _ in items]
    if per_event:
        evaluate_events(config_path, rules_path, records, as_json)
        return
    classifier = _load(config_path, rules_path)
    report = run_evaluation(classifier, items, datetime.now(UTC))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
