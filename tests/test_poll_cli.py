"""`monitor once` and `monitor sources` as a user runs them, against a real server.

Commands run in this process; real processes where the process is the point: a
terminal on stderr, and the libraries a run loads.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import hostile
from helpers import (
    FIXTURES,
    FeedServer,
    process_env,
    run_cli,
    run_monitor,
    run_on_a_terminal,
    write_config,
)

FEED = (FIXTURES / "feeds" / "official.xml").read_bytes()


def test_progress_on_a_terminal_and_quiet_in_a_pipe(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    cfg = write_config(
        tmp_path,
        [
            {"name": "official", "url": feed_server.serve("/official.xml", FEED)},
            {"name": "broken", "url": feed_server.url + "/missing.xml"},
        ],
    )
    code, out, screen = run_on_a_terminal("once", "--config", str(cfg))
    assert code == 1 and "broken: ERROR HTTP 404" in out
    assert "fetched 2/2 sources, 1 errors" in screen
    assert "processed 2/2 sources, 2 new items, 1 errors" in screen
    assert "\r" in screen  # one line, rewritten in place
    piped = run_monitor("once", "--config", str(cfg))
    assert piped.returncode == 1
    assert "fetched" not in piped.stderr and "processed" not in piped.stderr
    assert "\r" not in piped.stderr


def test_a_gone_source_is_skipped_until_named_or_moved(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    old = feed_server.handle("/old.xml", hostile.status(410))
    good = feed_server.serve("/official.xml", FEED)
    sources = [{"name": "old", "url": old}, {"name": "official", "url": good}]
    cfg = write_config(tmp_path, sources)

    first = run_cli("once", "--config", str(cfg))
    assert "old: ERROR HTTP 410" in first.stdout
    asked = len([p for p, _ in feed_server.requests if p == "/old.xml"])

    second = run_cli("once", "--config", str(cfg))
    assert second.returncode == 0, second.stdout
    assert (
        "old: skipped, gone (HTTP 410); change its url in the config, "
        "or poll it anyway with --source old"
    ) in second.stdout
    assert "1 sources polled, 0 failed, 1 gone skipped" in second.stdout
    assert len([p for p, _ in feed_server.requests if p == "/old.xml"]) == asked

    named = run_cli("once", "--source", "old", "--config", str(cfg))
    assert "old: ERROR HTTP 410" in named.stdout
    assert len([p for p, _ in feed_server.requests if p == "/old.xml"]) == asked + 1

    # The site moved the feed; the config follows, and the source is polled again.
    feed_server.serve("/new.xml", FEED.replace(b"briefings", b"newsroom"))
    sources[0]["url"] = feed_server.url + "/new.xml"
    write_config(tmp_path, sources)
    third = run_cli("once", "--config", str(cfg))
    assert third.returncode == 0 and "old: 2 entries, 2 new" in third.stdout
    listed = {
        s["name"]: s for s in json.loads(run_cli("sources", "--json", "--config", str(cfg)).stdout)
    }
    assert listed["old"]["status"] == "ok" and listed["old"]["url"].endswith("/new.xml")


def test_sources_shows_health_at_a_glance(tmp_path: Path, feed_server: FeedServer) -> None:
    moved = feed_server.handle("/moved.xml", hostile.status(301, {"Location": "/official.xml"}))
    feed_server.serve("/official.xml", FEED)
    cfg = write_config(
        tmp_path,
        [
            {"name": "healthy", "url": moved, "interval": "5m"},
            {"name": "flaky", "url": feed_server.url + "/down.xml", "interval": "5m"},
            {
                "name": "retired",
                "url": feed_server.handle("/gone.xml", hostile.status(410)),
                "interval": "5m",
            },
            {"name": "paused", "url": feed_server.url + "/p.xml", "enabled": False},
        ],
        fetch={"host_spacing": "0s", "moved_after": 2},
    )
    for _ in range(2):
        run_cli("once", "--config", str(cfg))

    table = run_cli("sources", "--config", str(cfg))
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "source", "status", "last", "success", "fails", "next", "poll", "items", "last", "error"
    ]  # fmt: skip
    rows = {line.split()[0]: line for line in lines[1:] if line.strip()}
    assert rows["healthy"].split()[1] == "ok"
    assert re.search(r"\bin [45]m\b", rows["healthy"])  # the next poll, one interval on
    assert f"moved to {feed_server.url}/official.xml (update the config)" in rows["healthy"]
    assert rows["flaky"].split()[1:2] == ["backoff"]
    assert " 2 " in rows["flaky"] and "HTTP 404" in rows["flaky"]
    assert rows["retired"].split()[1] == "GONE" and "never" in rows["retired"]
    assert "HTTP 410: change its url in the config" in rows["retired"]
    assert rows["paused"].split()[1] == "disabled"
    assert lines[-1] == "4 sources: 1 ok, 1 backing off, 1 gone, 1 new or disabled"

    listed = json.loads(run_cli("sources", "--json", "--config", str(cfg)).stdout)
    by_name = {s["name"]: s for s in listed}
    assert {s["name"] for s in listed} == {"healthy", "flaky", "retired", "paused"}
    for s in listed:
        assert {
            "name",
            "kind",
            "url",
            "status",
            "last_success",
            "last_error",
            "consecutive_failures",
            "next_poll",
            "items_seen",
        } <= set(s)
    assert by_name["healthy"]["url"] == f"{feed_server.url}/official.xml"
    assert by_name["flaky"]["consecutive_failures"] == 2 and by_name["flaky"]["next_poll"]
    assert by_name["retired"]["status"] == "gone" and by_name["retired"]["next_poll"] is None
    assert by_name["paused"]["status"] == "disabled" and by_name["paused"]["last_success"] is None


ITEM = b"""<item><title>Weekly schedule of the President</title>
<link>https://gov.example/schedule/week-40</link><guid>schedule-40</guid>
<description>The week ahead.</description></item>
"""

# Run `monitor ...` in a process that then says which heavy libraries it loaded.
_LOADED = """
import runpy, sys
sys.argv = ["monitor", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("monitor", run_name="__main__")
except SystemExit as exc:
    code = exc.code
heavy = ("numpy", "pandas", "apprise", "jinja2", "bs4")
print("loaded:", ",".join(m for m in heavy if m in sys.modules))
sys.exit(code)
"""


def _run_reporting_loads(*args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """`monitor *args` as a process, and the heavy libraries it had loaded by its end."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=process_env(),
    )
    return done, done.stdout.strip().splitlines()[-1].removeprefix("loaded:").strip()


def test_a_poll_with_nothing_new_loads_no_heavy_library(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/official.xml", FEED)
    cfg = write_config(tmp_path, [{"name": "official", "url": url}])
    assert run_cli("once", "--config", str(cfg)).returncode == 0

    again, loaded = _run_reporting_loads("once", "--config", str(cfg))
    assert "0 new items" in again.stdout, again.stdout + again.stderr
    # Not numpy (sqlite-utils would import it), not apprise, not the templates, not the
    # HTML parser: a poll that finds nothing stays cheap.
    assert loaded == ""
    # numpy is still there for the first new item's signature.
    grown = FEED.replace(b"</channel>", ITEM + b"</channel>")
    feed_server.serve("/official.xml", grown)
    more, loaded = _run_reporting_loads("once", "--config", str(cfg))
    assert "1 new items" in more.stdout, more.stdout + more.stderr
    assert "numpy" in loaded.split(",")


def test_reading_commands_skip_the_channel_checks_that_sending_ones_make(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/official.xml", FEED)
    team = {"name": "team", "url": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"}
    cfg = write_config(tmp_path, [{"name": "official", "url": url}], [team])
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    for command in (["events"], ["search", "Trump"], ["sources"]):
        listed, loaded = _run_reporting_loads(*command, "--config", str(cfg))
        assert listed.returncode == 0, listed.stderr
        # Listing needs no apprise: no URL check, and the "auto" format is not resolved.
        assert "apprise" not in loaded.split(","), command

    team["url"] = "nosuchscheme://hook"
    write_config(tmp_path, [{"name": "official", "url": url}], [team])
    assert run_cli("events", "--config", str(cfg)).returncode == 0
    for command in (["once"], ["check-config"], ["digest", "--send"]):
        refused = run_cli(*command, "--config", str(cfg))
        assert refused.returncode == 2, command
        assert "apprise rejects this URL" in refused.stderr
