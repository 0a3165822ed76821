from __future__ import annotations

import json
from pathlib import Path

from helpers import ROOT, run_cli, run_monitor

from monitor import config


def test_demo_runs_offline_and_writes_a_digest(tmp_path: Path) -> None:
    state = tmp_path / "state-demo"
    # What a newcomer runs first, so as the console script runs it: a real process.
    result = run_monitor(
        "demo", "--state-dir", str(state), "--config", str(ROOT / "config" / "monitor.toml")
    )
    assert result.returncode == 0, result.stderr + result.stdout
    out = result.stdout
    assert out.count("=== ALERT:") == 1, out
    assert "Phone call: Donald Trump – Xi Jinping" in out
    assert "--- Poll 2 ---" in out
    poll2 = out.split("--- Poll 2 ---")[1]
    assert "alerts sent: 0" in poll2
    digests = list((state / "digests").glob("*.html"))
    assert len(digests) == 1
    html = digests[0].read_text()
    assert "Readout of President Donald J. Trump" in html or "Xi holds phone talks" in html
    # The wire's analysis two days on joins the call, marked as such.
    markdown = digests[0].with_suffix(".md").read_text()
    assert "What the Trump-Xi call settled" in markdown
    assert "(analysis or follow-up)" in markdown

    # The samples link to real sites: the demo must not fetch their pages.
    assert config.load(state / "demo.toml").fetch.articles_per_cycle == 0

    events = json.loads(run_cli("events", "--json", "--config", str(state / "demo.toml")).stdout)
    calls = [e for e in events if e["status"] == "occurred"]
    assert len(calls) == 1 and calls[0]["sources"] >= 3

    # The Chinese readout is stored, found in either script, and one more report of the call.
    for query in ("通电话", "通電話"):
        found = json.loads(
            run_monitor("search", query, "--json", "--config", str(state / "demo.toml")).stdout
        )
        assert [(i["source"], i["title"]) for i in found] == [
            ("xinhua-zh", "习近平同美国总统特朗普通电话")
        ]
        assert found[0]["event_id"] == calls[0]["id"]
    assert "xinhua-zh" in {i["source"] for i in calls[0]["items"]}
