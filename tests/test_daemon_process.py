"""`monitor run` as a real process against a real feed server and webhook on 127.0.0.1:
alert latency, health, SIGTERM, restart without repeats, crash detection, SIGHUP, PID 1."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    FeedServer,
    Webhook,
    run_cli,
    run_monitor,
    start_monitor,
    wait_until,
    write_config,
)
from helpers import wire_rss as rss

INTERVAL = 2.0
DAEMON = '\n[daemon]\nheartbeat = "1s"\nstale_after = "3s"\nflush_interval = "1s"\n'


QUIET = [("w-1", "Markets steady as investors await jobs figures")]
CALL = ("w-2", "Trump and Xi Jinping hold phone call on trade and fentanyl")


class Daemon:
    """A `python -m monitor run` process whose stderr lines are collected as they come."""

    def __init__(self, config: Path, prefix: list[str] | None = None) -> None:
        self.lines: list[str] = []
        self.proc = start_monitor(
            "run",
            "--config",
            str(config),
            prefix=prefix,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, start: int = 0, timeout: float = 10.0) -> int:
        """Index of the first log line from `start` on that matches `pattern`."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i in range(start, len(self.lines)):
                if regex.search(self.lines[i]):
                    return i
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no log line matching {pattern!r}:\n" + "\n".join(self.lines))

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=2)
        return code, time.monotonic() - started

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=2)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for d in started:
        d.close()


def health(cfg: Path) -> subprocess.CompletedProcess[str]:
    """`monitor health`: it only reads the state the daemon process writes."""
    return run_cli("health", "--config", str(cfg))


def test_daemon_alerts_stops_cleanly_restarts_without_repeats_and_detects_a_crash(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook, daemons: list[Daemon]
) -> None:
    url = feed_server.serve("/wire.xml", rss(QUIET))
    cfg = write_config(
        tmp_path,
        [{"name": "wire", "url": url, "interval": "2s"}],
        [{"name": "hook", "url": webhook.apprise_url}],
        extra=DAEMON,
    )
    # Once as the console script, for its exit code: nothing has run here yet.
    assert run_monitor("health", "--config", str(cfg), timeout=30).returncode == 1

    first = Daemon(cfg)
    daemons.append(first)
    first.wait_for(r"polled source=wire ")
    assert health(cfg).returncode == 0

    # The report appears between two polls: alerted within one interval plus 3 s.
    feed_server.serve("/wire.xml", rss([*QUIET, CALL]))
    latency = wait_until(lambda: len(webhook.received) >= 1, INTERVAL + 3)
    assert latency is not None, "\n".join(first.lines)
    assert "Xi Jinping" in str(webhook.received[0]["title"])

    code, took = first.stop(signal.SIGTERM)
    assert code == 0, "\n".join(first.lines)
    assert took < 10
    assert any("daemon stopped clean=true" in line for line in first.lines)
    after = health(cfg)
    assert after.returncode == 1 and after.stdout.startswith("stopped"), after.stdout

    # A restarted daemon polls the same feed again and sends nothing twice.
    second = Daemon(cfg)
    daemons.append(second)
    started = second.wait_for(r"daemon started")
    polled = second.wait_for(r"polled source=wire ", started + 1)
    second.wait_for(r"polled source=wire ", polled + 1)
    time.sleep(0.5)  # room for a (wrong) flush after the second poll
    assert len(webhook.received) == 1, webhook.received
    assert health(cfg).returncode == 0

    # A crash records no stop: healthy until the heartbeat is older than stale_after (3 s).
    second.stop(signal.SIGKILL)
    wait_until(lambda: health(cfg).stdout.startswith("stale"), 3.5)
    crashed = health(cfg)
    assert crashed.returncode == 1 and crashed.stdout.startswith("stale"), crashed.stdout


def test_sighup_refuses_a_broken_config_and_applies_a_good_one(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook, daemons: list[Daemon]
) -> None:
    url_a = feed_server.serve("/a.xml", rss(QUIET))
    url_b = feed_server.serve("/b.xml", rss(QUIET))
    sources = [{"name": "alpha", "url": url_a, "interval": "2s"}]
    channels = [{"name": "hook", "url": webhook.apprise_url}]
    cfg = write_config(tmp_path, sources, channels, extra=DAEMON)
    good = cfg.read_text()
    daemon = Daemon(cfg)
    daemons.append(daemon)
    daemon.wait_for(r"polled source=alpha ")

    cfg.write_text(good.replace('interval = "2s"', 'interval = "soon"'))
    daemon.proc.send_signal(signal.SIGHUP)
    refused = daemon.wait_for(r"reload refused")
    assert "interval" in daemon.lines[refused]  # the error names the key
    # The old config keeps running: more polls, a fresh heartbeat.
    daemon.wait_for(r"polled source=alpha ", refused + 1)
    assert health(cfg).returncode == 0  # it reads only state_dir from the config

    write_config(
        tmp_path, [*sources, {"name": "beta", "url": url_b, "interval": "2s"}], channels, DAEMON
    )
    daemon.proc.send_signal(signal.SIGHUP)
    reloaded = daemon.wait_for(r"config reloaded .*sources=2")
    polled_b = daemon.wait_for(r"polled source=beta ", reloaded)
    # The new source works like any other: a report added after its first poll is alerted.
    feed_server.serve("/b.xml", rss([*QUIET, CALL]))
    assert wait_until(lambda: len(webhook.received) >= 1, INTERVAL + 3) is not None, "\n".join(
        daemon.lines[polled_b:]
    )
    code, _took = daemon.stop(signal.SIGINT)
    assert code == 0


class Silent:
    """A server on loopback that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def test_sigterm_abandons_a_hung_poll_within_the_grace(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    silent = Silent()
    try:
        cfg = write_config(
            tmp_path,
            [{"name": "hung", "url": silent.url, "interval": "2s"}],
            extra=DAEMON + 'shutdown_grace = "1s"\n',
        )
        daemon = Daemon(cfg)
        daemons.append(daemon)
        daemon.wait_for(r"daemon started")
        assert wait_until(lambda: bool(silent.held), 5) is not None  # the poll is now stuck
        code, took = daemon.stop(signal.SIGTERM)
        assert code == 0, "\n".join(daemon.lines)
        assert took < 5  # the fetch timeout is 20 s: it was abandoned, not waited for
        assert any("abandoning running jobs count=1" in line for line in daemon.lines)
        assert health(cfg).stdout.startswith("stopped")
    finally:
        silent.close()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="needs root and unshare to make a PID namespace",
)
def test_sigterm_stops_the_daemon_as_pid_1(
    tmp_path: Path, feed_server: FeedServer, daemons: list[Daemon]
) -> None:
    """As PID 1 (a container's entry process) a signal without a handler is dropped."""
    url = feed_server.serve("/wire.xml", rss(QUIET))
    cfg = write_config(tmp_path, [{"name": "wire", "url": url, "interval": "2s"}], extra=DAEMON)
    probe = subprocess.run(
        ["unshare", "--pid", "--fork", "--", sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or probe.stdout.strip() != "1":
        pytest.skip(f"cannot make a PID namespace here: {probe.stderr.strip()}")
    daemon = Daemon(cfg, prefix=["unshare", "--pid", "--fork", "--"])
    daemons.append(daemon)
    daemon.wait_for(r"polled source=wire ")
    assert any(re.search(r"daemon started pid=1 ", line) for line in daemon.lines)
    children = _children(daemon.proc.pid)
    assert len(children) == 1
    started = time.monotonic()
    os.kill(children[0], signal.SIGTERM)
    assert daemon.proc.wait(timeout=10) == 0, "\n".join(daemon.lines)
    assert time.monotonic() - started < 10
    assert any("daemon stopped clean=true" in line for line in daemon.lines)
