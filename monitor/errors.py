"""The project's exceptions. Only the command line (`monitor/cli/`) turns them into exit codes.

    MonitorError
     ├── UsageError        bad input on the command line             (exit 2)
     ├── ConfigError       config file missing or invalid            (exit 2)
     ├── RulesError        rule file missing or invalid              (exit 2)
     └── StoreError        the database cannot be opened or migrated (exit 1)
          └── DiskFull     the disk under state_dir is full (exit 1)

Fetch and parse failures are not exceptions across module boundaries: they are
recorded on `FetchResult.error` / `ParseResult.error`, because a failing source must
never stop the cycle.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error the monitor raises on purpose."""

    exit_code = 1


class UsageError(MonitorError):
    exit_code = 2


class ConfigError(MonitorError):
    """Every problem found in a config file, reported at once."""

    exit_code = 2

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: invalid configuration ({len(problems)} problem(s)):\n{lines}")


class RulesError(MonitorError):
    """A rule file problem, with the file and line when known."""

    exit_code = 2

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class StoreError(MonitorError):
    exit_code = 1


class DiskFull(StoreError):
    """No room to write under state_dir: SQLite rolled the transaction back whole."""

    def __init__(self, state_dir: str) -> None:
        self.state_dir = state_dir
        super().__init__(
            f"the disk holding {state_dir} is full (database or disk is full); "
            "this run stopped and stored nothing half-way. Free some space there (or move "
            "state_dir) and the next run picks up where this one left off."
        )
