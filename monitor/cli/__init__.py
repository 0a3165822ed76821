"""The `monitor` command line. Each module here adds its commands to the group."""

from monitor.cli.app import cli, main

# Importing a command module registers its commands on `cli`.
from monitor.cli import classify_cmds, demo_cmd, notify_cmds, poll_cmds, prune_cmd, report_cmds  # noqa: F401  isort: skip
from monitor.cli import daemon_cmds  # noqa: F401  isort: skip
from monitor.cli import history_cmd  # noqa: F401  isort: skip

__all__ = ["cli", "main"]
