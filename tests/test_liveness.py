"""The heartbeat and what `monitor health` makes of it; the daemon lock; signal waiting."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.daemon import liveness
from monitor.daemon.signals import RELOAD, SignalWaiter
from monitor.errors import ConfigError, StoreError
from monitor.store import Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_health_follows_start_beats_stop_and_staleness(tmp_path: Path) -> None:
    store = Store(tmp_path / "monitor.db")
    live = liveness.Liveness(tmp_path, stale_after=90)
    path = tmp_path / liveness.HEARTBEAT_FILE
    assert not liveness.evaluate(liveness.read(path), T0, 90).healthy

    live.start(store, 4242, T0)
    assert liveness.stale_after_of(liveness.read(path)) == 90
    ok = liveness.evaluate(liveness.read(path), T0 + timedelta(seconds=30), 90)
    assert ok.healthy and ok.line.startswith("running: pid 4242")
    live.beat(store, T0 + timedelta(seconds=60))
    assert liveness.evaluate(liveness.read(path), T0 + timedelta(seconds=140), 90).healthy
    stale = liveness.evaluate(liveness.read(path), T0 + timedelta(seconds=151), 90)
    assert not stale.healthy and stale.line.startswith("stale")

    # A restart after that crash sees what the crashed daemon left.
    previous = live.start(store, 4243, T0 + timedelta(seconds=200))
    assert previous["state"] == "running" and previous["pid"] == 4242
    live.stop(store, T0 + timedelta(seconds=210), abandoned=0)
    stopped = liveness.evaluate(liveness.read(path), T0 + timedelta(seconds=211), 90)
    assert not stopped.healthy and stopped.line.startswith("stopped")
    # The stop is in the database too.
    assert store.get_meta("daemon_state") == "stopped"
    assert store.get_meta("daemon_clean_stop") == "true"
    assert store.get_meta("daemon_stopped_at") == "2026-03-01T12:03:30+00:00"
    store.close()


def test_health_finds_the_state_dir_without_validating_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[monitor]\nstate_dir = "var/state"\n[[sources]]\ninterval = "soon"\n')
    monkeypatch.chdir(tmp_path)
    assert liveness.state_dir_of(cfg) == tmp_path / "var" / "state"
    cfg.write_text(f"[monitor]\nstate_dir = {str(tmp_path / 'abs')!r}\n")
    assert liveness.state_dir_of(cfg) == tmp_path / "abs"
    cfg.write_text("[fetch]\n")
    assert liveness.state_dir_of(cfg) == tmp_path / "state"
    cfg.write_text("[monitor\n")
    with pytest.raises(ConfigError, match="cannot read"):
        liveness.state_dir_of(cfg)
    with pytest.raises(ConfigError, match="not found"):
        liveness.state_dir_of(tmp_path / "missing.toml")


def test_a_damaged_heartbeat_file_reads_as_not_running(tmp_path: Path) -> None:
    path = tmp_path / liveness.HEARTBEAT_FILE
    path.write_text("{not json")
    assert not liveness.evaluate(liveness.read(path), T0, 90).healthy


def test_the_lock_admits_one_daemon_per_state_dir(tmp_path: Path) -> None:
    first = liveness.DaemonLock(tmp_path)
    first.acquire()
    with pytest.raises(StoreError, match=f"pid {os.getpid()}"):
        liveness.DaemonLock(tmp_path).acquire()
    first.release()
    second = liveness.DaemonLock(tmp_path)
    second.acquire()
    second.release()


def test_signal_waiter_reports_signals_and_restores_handlers() -> None:
    before = signal.getsignal(signal.SIGHUP)
    with SignalWaiter() as waiter:
        assert waiter.wait(timeout=0.05) is None
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGTERM)
        assert waiter.wait(timeout=5) == RELOAD
        assert waiter.wait(timeout=5) == signal.SIGTERM
    assert signal.getsignal(signal.SIGHUP) == before
