"""The command group, shared options, and the one place errors become exit codes."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from monitor.errors import MonitorError

if TYPE_CHECKING:
    from monitor.classify import Classifier
    from monitor.config import Settings
    from monitor.store import Store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONFIG = "config/monitor.toml"


def default_config_path() -> str:
    return os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG


def config_option(func: F) -> F:
    """`--config PATH` on every command (default: $MONITOR_CONFIG, else config/monitor.toml)."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Config file (default: the one given before the command, else $MONITOR_CONFIG, "
        "else config/monitor.toml).",
    )(func)


def resolve_config_path(config_path: Path | None) -> Path:
    """The command's own --config; else the one written before the command
    (`monitor --config F once`); else $MONITOR_CONFIG; else config/monitor.toml.

    The command's own wins when both are given: it is the nearer and later word, as with
    `git -C a status` versus a path given to the subcommand."""
    if config_path is not None:
        return config_path
    ctx = click.get_current_context(silent=True)
    before = ctx.find_root().params.get("config_path") if ctx is not None else None
    return before if before is not None else Path(default_config_path())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="monitor", prog_name="monitor")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Config file for the command (default: $MONITOR_CONFIG, else config/monitor.toml); "
    "a --config written after the command wins.",
)
def cli(config_path: Path | None) -> None:
    """Watch the news for communications between the presidents of the US and China.

    Polls feeds and pages, folds duplicate reports into events, classifies them with
    readable keyword rules, stores everything in SQLite, alerts through apprise and
    writes a daily digest. Start with `monitor demo`.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map errors to exit codes (0 ok, 1 failure, 2 usage/config)."""
    try:
        code = cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except MonitorError as exc:
        click.echo(f"monitor: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a full disk is said plainly; anything else is a bug to show
        _exit_if_disk_full(exc)
        raise
    sys.exit(code if isinstance(code, int) else 0)


# The state directory of the config a command last loaded, to name it if the disk fills
# up (one slot: the daemon loads its config again on every SIGHUP).
_state_dir: list[Path] = []


def _exit_if_disk_full(exc: BaseException) -> None:
    """Any command that meets a full disk (SQLite's "database or disk is full", a file
    write's ENOSPC) says so in one line and exits 1, whichever write it was."""
    from monitor.store import as_disk_full

    full = as_disk_full(exc, _state_dir[0] if _state_dir else Path("state_dir"))
    if full is not None:
        click.echo(f"monitor: {full}", err=True)
        sys.exit(full.exit_code)


# -- shared loading for commands ------------------------------------------------------------


def setup_logging(
    level: str = "warning", secrets: frozenset[str] = frozenset(), fmt: str = "text"
) -> None:
    """Log to stderr, one line per event, as key=value text or JSON, secrets masked."""
    from monitor.cli import logs

    logs.setup(level, secrets, fmt)


def load_settings(
    config_path: Path | None, *, sends: bool = True, create_state: bool = True
) -> Settings:
    """The validated config, its state_dir made sure of (created unless `create_state` is
    false). A command that may send checks every channel URL with apprise, which is
    slow to load; one that only reads (events, search, …) skips that."""
    from monitor import config

    settings = config.load(resolve_config_path(config_path), check_channels=sends)
    config.check_state_dir(settings, create=create_state)
    _state_dir[:] = [settings.state_dir]
    return settings


def open_store(settings: Settings) -> Store:
    from monitor.store import Store

    return Store(settings.db_path)


def load_classifier(settings: Settings) -> Classifier:
    from monitor.alerts import routing
    from monitor.classify import Classifier
    from monitor.errors import ConfigError

    classifier = Classifier.load(settings.rules_path)
    # Channel filters name leaders and topics of the rule file: check them against it.
    rules = classifier.rules
    problems = routing.rule_problems(settings, [r.name for r in rules.leaders], rules.topics)
    if problems:
        raise ConfigError(str(settings.path), problems)
    return classifier


def freeze_startup_objects() -> None:
    """Leave what start-up loaded (modules, classes, compiled rules, the config: alive
    until exit) out of garbage collection, so each collection while polling walks only
    what polling made (figures in the README's Performance section)."""
    gc.freeze()
