"""A config as an installed user writes it: the core keys, anywhere, and the command line
around it (where --config goes, unusable state directories, a full disk, failed polls).

Everything runs against servers on 127.0.0.1; names are resolved by a stand-in resolver.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import FeedServer, free_port, rss, run_monitor, run_on_a_terminal

from monitor import config
from monitor.classify import Classifier
from monitor.config.schema import FetchSection
from monitor.fetch import Fetcher
from monitor.models import Document, FetchRequest

CALL = "Trump and Xi Jinping hold a phone call on trade"


def core_config(directory: Path, sources: str = "", extra: str = "") -> Path:
    """The core keys of the contract, no `rules` key, state beside the file."""
    path = directory / "monitor.toml"
    path.write_text(
        textwrap.dedent(
            f"""\
            [monitor]
            state_dir = {str(directory / "state")!r}
            timezone = "UTC"

            [digest]
            at = "07:00"
            """
        )
        + sources
        + extra,
        encoding="utf-8",
    )
    return path


def source(name: str, url: str) -> str:
    return f'\n[[sources]]\nname = "{name}"\nkind = "rss"\nurl = "{url}"\ninterval = "5m"\n'


def test_without_a_rules_key_the_rules_shipped_in_the_package_apply(tmp_path: Path) -> None:
    settings = config.load(core_config(tmp_path))
    shipped = importlib.resources.files("monitor") / "classify" / "rules.toml"
    assert settings.rules_path == Path(str(shipped)) and settings.rules_path.is_file()
    result = Classifier.load(settings.rules_path).classify(
        Document(title=CALL, published=datetime(2025, 6, 5, tzinfo=UTC)),
        datetime(2025, 6, 5, tzinfo=UTC),
    )
    assert result.kind == "phone_call" and result.status == "occurred"
    # As a user runs it, from the config's own directory, far from the repository.
    checked = run_monitor("check-config", "--config", "monitor.toml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert f"rules:  {settings.rules_path} (valid)" in checked.stdout
    assert not (tmp_path / "state").exists()  # checked, not created
    classified = run_monitor("classify", "--json", "--published", "2025-06-05", CALL, cwd=tmp_path)
    assert classified.returncode == 0, classified.stderr
    assert json.loads(classified.stdout)["kind"] == "phone_call"


@pytest.mark.parametrize(
    "args",
    [
        ["--config", "{cfg}", "check-config", "--json"],
        ["check-config", "--json", "--config", "{cfg}"],
        ["--config", "{cfg}", "events", "--json"],
        ["events", "--json", "--config", "{cfg}"],
        # Both given: the command's own --config wins (the other does not even exist).
        ["--config", "{missing}", "check-config", "--json", "--config", "{cfg}"],
        ["--config", "{missing}", "events", "--json", "--config", "{cfg}"],
    ],
)
def test_config_before_or_after_the_command(tmp_path: Path, args: list[str]) -> None:
    cfg = core_config(tmp_path)
    missing = tmp_path / "elsewhere" / "monitor.toml"
    argv = [a.format(cfg=cfg, missing=missing) for a in args]
    done = run_monitor(*argv, cwd="/")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    if "check-config" in argv:
        assert data["monitor"]["config"] == str(cfg)
    else:
        assert data == [] and (tmp_path / "state" / "monitor.db").is_file()


def test_a_config_before_the_command_is_used_when_the_command_names_none(tmp_path: Path) -> None:
    cfg = core_config(tmp_path)
    wrong = run_monitor("--config", str(tmp_path / "nope.toml"), "check-config")
    assert wrong.returncode == 2 and f"{tmp_path / 'nope.toml'}: " in wrong.stderr
    env = {"MONITOR_CONFIG": str(tmp_path / "nope.toml")}
    right = run_monitor("--config", str(cfg), "health", env=env, cwd="/")  # over $MONITOR_CONFIG
    assert right.returncode == 1 and "Traceback" not in right.stderr  # no daemon: unhealthy


@pytest.mark.parametrize("never", ["0", "0s", 0])
def test_silence_zero_means_never(tmp_path: Path, never: object) -> None:
    value = json.dumps(never)
    cfg = core_config(
        tmp_path,
        source("a", "https://example.com/feed") + f"silence = {value}\n",
        f"\n[alerts]\nsilence = {value}\n",
    )
    settings = config.load(cfg, check_channels=False)
    assert settings.alerts.silence == 0 and settings.sources[0].silence == 0


def test_a_bare_number_other_than_zero_still_needs_a_unit(tmp_path: Path) -> None:
    cfg = core_config(tmp_path, extra='\n[alerts]\nsilence = "3"\n')
    with pytest.raises(config.ConfigError) as err:
        config.load(cfg, check_channels=False)
    assert "alerts.silence: not a duration: '3'" in str(err.value)


@pytest.mark.parametrize("where", ["afile", "afile/state"])
def test_a_state_dir_that_cannot_be_a_directory_is_a_config_error(
    tmp_path: Path, where: str
) -> None:
    # A regular file where a directory is needed: root, as tests run, could write anywhere.
    (tmp_path / "afile").write_text("not a directory\n")
    cfg = core_config(tmp_path)
    text = cfg.read_text().replace(str(tmp_path / "state"), str(tmp_path / where))
    cfg.write_text(text)
    for command in ("once", "events", "check-config"):
        done = run_monitor(command, "--config", str(cfg))
        assert done.returncode == 2, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert f"monitor.state_dir: cannot use {tmp_path / where}: " in done.stderr
        assert f"{tmp_path / 'afile'} is a file, where a directory is needed" in done.stderr


# A full disk, made real: every connection the process opens may not grow its database
# past PAGES pages. Only the sqlite3 module is wrapped; the monitor runs as shipped.
FULL_DISK = """
import sqlite3, sys
real = sqlite3.connect
def connect(*args, **kwargs):
    conn = real(*args, **kwargs)
    conn.execute("PRAGMA max_page_count = {pages}")
    return conn
sqlite3.connect = connect
from monitor.cli import main
main(sys.argv[1:])
"""


def run_with(prelude: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_CONFIG"}
    return subprocess.run(
        [sys.executable, "-c", prelude, *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )


def test_a_full_disk_ends_the_cycle_plainly_and_the_next_run_recovers(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    first = [{"title": "Harbour opens", "link": f"{feed_server.url}/a/0", "guid": "g0"}]
    url = feed_server.serve("/wire.xml", rss(first))
    cfg = core_config(tmp_path, source("wire", url))
    assert run_monitor("once", "--config", str(cfg)).returncode == 0
    db_path = tmp_path / "state" / "monitor.db"
    db = sqlite3.connect(db_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()

    many = [
        {
            "title": f"Trump and Xi hold call number {i}",
            "link": f"{feed_server.url}/a/{i}",
            "guid": f"g{i}",
            "description": f"Report {i} " + "words of the report " * 200,
        }
        for i in range(1, 40)
    ]
    feed_server.serve("/wire.xml", rss(first + many))
    full = run_with(FULL_DISK.format(pages=pages), "once", "--config", str(cfg))
    assert full.returncode == 1
    assert "Traceback" not in full.stderr + full.stdout
    said = f"the disk holding {tmp_path / 'state'} is full"
    assert (full.stderr + full.stdout).count(said) == 1, full.stderr

    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 1  # nothing half-stored
    db.close()
    again = run_monitor("once", "--config", str(cfg))
    assert again.returncode == 0, again.stderr
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 40
    db.close()


# A full disk met by a plain file write: the digest's files cannot be written.
NO_ROOM_FOR_FILES = """
import errno, pathlib, sys
real = pathlib.Path.write_text
def write_text(self, *args, **kwargs):
    if "digests" in self.parts:
        self.open("w").write("half a dig")  # the write got this far, then the disk filled
        raise OSError(errno.ENOSPC, "No space left on device", str(self))
    return real(self, *args, **kwargs)
pathlib.Path.write_text = write_text
from monitor.cli import main
main(sys.argv[1:])
"""


def test_any_command_says_a_full_disk_plainly_and_leaves_no_half_file(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.serve(
        "/wire.xml",
        rss([{"title": "Harbour opens", "link": f"{feed_server.url}/a/0", "guid": "g0"}]),
    )
    cfg = core_config(tmp_path, source("wire", url))
    assert run_monitor("once", "--config", str(cfg)).returncode == 0
    done = run_with(NO_ROOM_FOR_FILES, "digest", "--config", str(cfg))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    said = f"the disk holding {tmp_path / 'state'} is full"
    assert done.stderr.count(said) == 1, done.stderr
    assert list((tmp_path / "state" / "digests").iterdir()) == []
    # With room again, the same command writes the digest.
    again = run_monitor("digest", "--config", str(cfg))
    assert again.returncode == 0, again.stderr
    assert sorted(p.suffix for p in (tmp_path / "state" / "digests").iterdir()) == [".html", ".md"]


def test_a_failed_poll_is_printed_once_on_a_terminal(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/feed.xml"  # nothing listens there
    cfg = core_config(tmp_path, source("down", closed))
    code, _, screen = run_on_a_terminal("once", "--config", str(cfg), stdout_on_terminal=True)
    assert code == 1
    assert screen.count("ConnectError") == 1, screen
    assert "down: ERROR ConnectError" in screen
    # -v asks for the log: then the log line is there too.
    code, _, screen = run_on_a_terminal("once", "-v", "--config", str(cfg), stdout_on_terminal=True)
    assert code == 1 and "poll failed source=down" in screen


def refuse_every_name(host: object, *args: object, **kwargs: object) -> list[object]:
    """A resolver that knows no name, as every resolver treats .invalid."""
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_a_name_that_does_not_resolve_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", refuse_every_name)
    url = "http://www.example.invalid/feed.xml"
    result = Fetcher(FetchSection(timeout=1, connect_timeout=1, host_spacing=0)).fetch(
        [FetchRequest(source="wire", url=url)]
    )[0]
    assert result.error_kind == "dns"
    assert result.error == "cannot resolve www.example.invalid"


NO_NAMES = """
import socket, sys
def getaddrinfo(*args, **kwargs):
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
socket.getaddrinfo = getaddrinfo
from monitor.cli import main
main(sys.argv[1:])
"""


def test_once_says_which_name_did_not_resolve(tmp_path: Path) -> None:
    cfg = core_config(tmp_path, source("gov", "https://www.example.invalid/news/feed/"))
    done = run_with(NO_NAMES, "once", "--config", str(cfg))
    assert done.returncode == 1
    assert "gov: ERROR cannot resolve www.example.invalid" in done.stdout
    assert "Errno" not in done.stdout + done.stderr


def test_the_daemon_says_a_full_disk_once_and_goes_on(
    tmp_path: Path,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from monitor.daemon.service import Daemon

    first = [{"title": "Harbour opens", "link": f"{feed_server.url}/a/0", "guid": "g0"}]
    url = feed_server.serve("/wire.xml", rss(first))
    settings = config.load(core_config(tmp_path, source("wire", url)))
    classifier = Classifier.load(settings.rules_path)
    clock = [datetime.now(UTC)]

    def tick() -> datetime:
        return clock[0]

    Daemon(settings, classifier, clock=tick).poll("wire")
    db = sqlite3.connect(settings.db_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    real = sqlite3.connect

    def no_room(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", no_room)
    many = [
        {
            "title": f"Port report {i}",
            "link": f"{feed_server.url}/a/{i}",
            "guid": f"g{i}",
            "description": "words of the report " * 200,
        }
        for i in range(1, 30)
    ]
    feed_server.serve("/wire.xml", rss(first + many))
    daemon = Daemon(settings, classifier, clock=tick)
    caplog.set_level(logging.DEBUG, logger="monitor")
    for _ in range(2):
        clock[0] += timedelta(minutes=10)
        daemon.poll("wire")  # returns: the daemon goes on
    said = [r for r in caplog.records if "is full" in r.getMessage()]
    assert [r.levelno for r in said] == [logging.ERROR, logging.DEBUG]
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.ERROR)
    # Space again: the same daemon stores the poll and says so.
    daemon.stores.get(settings.db_path).db.execute("PRAGMA max_page_count = 1073741823")
    clock[0] += timedelta(minutes=10)
    daemon.poll("wire")
    assert any("writable again" in r.getMessage() for r in caplog.records)
    db = real(settings.db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 30
    db.close()
    daemon.stores.close_mine()
