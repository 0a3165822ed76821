"""Is the daemon alive? Its heartbeat file, its start and stop records, and its lock file.

The daemon records its start, beats every `[daemon] heartbeat` and records a clean stop, in
the store's `meta` table and in `state_dir/heartbeat.json`. `monitor health` reads only the
small file (a healthcheck runs every few seconds, for months: it should cost milliseconds,
not an import of the database layer): healthy while the state is "running" and the last beat
is fresh, unhealthy at once after a clean stop, and unhealthy once a crashed daemon's beat
has gone stale. A beat writes the database first, so a daemon that can no longer write its
store goes stale too. The lock file (`state_dir/daemon.lock`, held with flock for the
daemon's life and released by the kernel when it dies) keeps two daemons off one state
directory, which would otherwise poll twice and could send an alert twice.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from monitor.errors import ConfigError, StoreError
from monitor.timeutil import iso, parse_iso

if TYPE_CHECKING:
    from monitor.store import Store

HEARTBEAT_FILE = "heartbeat.json"
DEFAULT_STALE_AFTER = 90.0  # three default heartbeats, for a file that does not say
LOCK_FILE = "daemon.lock"
META_PREFIX = "daemon_"


@dataclass(frozen=True)
class Health:
    healthy: bool
    line: str  # one line for people and healthcheck logs


class Liveness:
    """The daemon's side: writes its state to the store's meta table and the heartbeat file."""

    def __init__(self, state_dir: Path, stale_after: float) -> None:
        self.path = state_dir / HEARTBEAT_FILE
        self.stale_after = stale_after
        self.status: dict[str, Any] = {}

    def start(self, store: Store, pid: int, now: datetime) -> dict[str, Any]:
        """Record the start; return what the previous daemon left (to spot a crash)."""
        previous = read(self.path) or {}
        self.status = {
            "state": "running",
            "pid": pid,
            "started_at": iso(now),
            "heartbeat": iso(now),
            "stopped_at": None,
            "clean_stop": None,
            "abandoned_jobs": None,
            # Here so that `monitor health` needs nothing from the config but state_dir.
            "stale_after": self.stale_after,
        }
        self._write(store, all_keys=True)
        return previous

    def beat(self, store: Store, now: datetime) -> None:
        self.status["heartbeat"] = iso(now)
        self.status["stale_after"] = self.stale_after  # a reload may have changed it
        self._write(store, all_keys=False)

    def stop(self, store: Store, now: datetime, abandoned: int) -> None:
        self.status |= {
            "state": "stopped",
            "stopped_at": iso(now),
            "clean_stop": True,
            "abandoned_jobs": abandoned,
        }
        self._write(store, all_keys=True)

    def _write(self, store: Store, all_keys: bool) -> None:
        keys = list(self.status) if all_keys else ["heartbeat"]
        with store.transaction():
            for key in keys:
                store.set_meta(META_PREFIX + key, _text(self.status[key]))
        # Written whole and renamed into place: a reader never sees half a file.
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.status), encoding="utf-8")
        os.replace(tmp, self.path)


def state_dir_of(config_path: Path) -> Path:
    """The config's `[monitor] state_dir`, read without validating the rest of the file.

    `monitor health` runs every minute for months: reading one key keeps it to a few
    milliseconds of CPU (validating the whole config costs half a second), and a config
    edited into a broken state does not make a daemon still running the good one look sick.
    """
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            str(config_path), ["config file not found (create it, or pass --config PATH)"]
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(config_path), [f"cannot read: {exc}"]) from exc
    section = raw.get("monitor")
    value = section.get("state_dir", "state") if isinstance(section, dict) else "state"
    path = Path(os.path.expandvars(str(value)))
    return path if path.is_absolute() else Path.cwd() / path


def stale_after_of(status: dict[str, Any] | None) -> float:
    try:
        return float((status or {}).get("stale_after") or DEFAULT_STALE_AFTER)
    except (TypeError, ValueError):
        return DEFAULT_STALE_AFTER


def _text(value: object) -> str:
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _ago(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds}s ago"
    if seconds < 7200:
        return f"{seconds // 60}m ago"
    return f"{seconds // 3600}h ago"


def evaluate(status: dict[str, Any] | None, now: datetime, stale_after: float) -> Health:
    """Healthy only while the daemon says it runs and its heartbeat is younger than stale_after."""
    if not status or not status.get("state"):
        return Health(False, "not running: no daemon has run with this state directory")
    if status["state"] == "stopped":
        when = parse_iso(status.get("stopped_at"))
        since = f" at {iso(when)} ({_ago(now - when)})" if when else ""
        return Health(False, f"stopped: the daemon stopped cleanly{since}")
    beat_at = parse_iso(status.get("heartbeat"))
    pid = status.get("pid") or "?"
    if beat_at is None:
        return Health(False, f"unknown: daemon pid {pid} recorded no heartbeat")
    age = now - beat_at
    if age > timedelta(seconds=stale_after):
        return Health(
            False,
            f"stale: last heartbeat {_ago(age)} (stale after {stale_after:g}s); "
            f"the daemon (pid {pid}) has crashed or hangs",
        )
    started = parse_iso(status.get("started_at"))
    up = f", up since {iso(started)}" if started else ""
    return Health(True, f"running: pid {pid}, heartbeat {_ago(age)}{up}")


class DaemonLock:
    """An exclusive flock on state_dir/daemon.lock for as long as the daemon runs."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_FILE
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: nothing to lock with
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  held until release()
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise StoreError(
                f"{self.path.parent}: another monitor daemon (pid {holder}) is running with this "
                "state directory; stop it first, or give this one its own state_dir"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the flock
            self._file = None
