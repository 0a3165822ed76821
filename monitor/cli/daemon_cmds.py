"""`monitor run` (the daemon) and `monitor health` (is it alive?)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli.app import (
    cli,
    config_option,
    freeze_startup_objects,
    load_classifier,
    load_settings,
    resolve_config_path,
    setup_logging,
)

if TYPE_CHECKING:
    from monitor.classify import Classifier
    from monitor.config import Settings

log = logging.getLogger("monitor.daemon.service")


@cli.command()
@config_option
def run(config_path: Path | None) -> int:
    """Run the daemon: poll every source at its interval, send alerts, write the daily digest.

    Stops cleanly on SIGTERM or SIGINT (exit 0); SIGHUP reloads the config and the rules (a
    bad new config is refused and logged, and the running one stays). Logs go to stderr, one
    line per event, as set by [monitor] log_level and log_format.
    """
    from monitor.daemon.service import Daemon
    from monitor.daemon.signals import RELOAD, SignalWaiter

    path = resolve_config_path(config_path)
    settings = load_settings(path)
    setup_logging(settings.log_level, settings.secrets, settings.log_format)
    daemon = Daemon(settings, load_classifier(settings))

    def load() -> tuple[Settings, Classifier]:
        new = load_settings(path)
        return new, load_classifier(new)

    freeze_startup_objects()
    # Handlers go in before anything starts, so an early SIGTERM is not lost.
    with SignalWaiter() as signals:
        daemon.start()
        while True:
            signum = signals.wait()
            if signum == RELOAD:
                log.info("reload requested signal=SIGHUP path=%s", path)
                if daemon.reload(load):
                    new = daemon.settings
                    setup_logging(new.log_level, new.secrets, new.log_format)
                continue
            log.info("stop requested signal=%s", _signal_name(signum))
            break
        abandoned = daemon.stop()
    if abandoned:
        # Threads stuck in a fetch would hold the interpreter open until their timeouts end;
        # the stop is recorded and nothing they hold is half-written, so leave now.
        logging.shutdown()
        os._exit(0)
    return 0


def _signal_name(signum: int | None) -> str:
    import signal

    try:
        return signal.Signals(signum or 0).name
    except ValueError:
        return str(signum)


@cli.command()
@config_option
def health(config_path: Path | None) -> int:
    """Exit 0 if the daemon runs and its heartbeat is fresh, else 1; print a one-line status.

    Unhealthy at once after a clean stop, and once a crashed daemon's heartbeat is older
    than [daemon] stale_after. Reads only state_dir from the config and the daemon's
    heartbeat file, so it is cheap enough for frequent container healthchecks.
    """
    from monitor.daemon import liveness
    from monitor.timeutil import utcnow

    state_dir = liveness.state_dir_of(resolve_config_path(config_path))
    status = liveness.read(state_dir / liveness.HEARTBEAT_FILE)
    verdict = liveness.evaluate(status, utcnow(), liveness.stale_after_of(status))
    click.echo(verdict.line)
    return 0 if verdict.healthy else 1
