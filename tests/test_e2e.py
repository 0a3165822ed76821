"""The whole pipeline as a user runs it: `monitor once` against feeds on a local server,
alerts received by a local webhook through apprise's json:// plugin. Each command runs in
this process as a fresh run of the console script would."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import FIXTURES, FeedServer, Webhook, run_cli, write_config

FEEDS = FIXTURES / "feeds"
# These tests are about what the first poll finds, so it alerts like any later poll would
# (by default a source's first poll is a silent catch-up: see test_new_source_catches_up).
ALERT_ON_FIRST_POLL = "\n[alerts]\ncatchup_new_sources = false\n"


def _setup(tmp_path: Path, feed_server: FeedServer, webhook: Webhook) -> Path:
    sources = [
        {
            "name": "official",
            "url": feed_server.serve("/official.xml", (FEEDS / "official.xml").read_bytes()),
            "interval": "5m",
        },
        {
            "name": "statemedia",
            "url": feed_server.serve(
                "/statemedia.atom",
                (FEEDS / "statemedia.atom").read_bytes(),
                content_type="application/atom+xml",
            ),
            "interval": "5m",
        },
        {
            "name": "outlet",
            "url": feed_server.serve(
                "/outlet.rdf",
                (FEEDS / "outlet.rdf").read_bytes(),
                content_type="application/rdf+xml",
            ),
            "interval": "5m",
        },
    ]
    return write_config(
        tmp_path, sources, [{"name": "hook", "url": webhook.apprise_url}], ALERT_ON_FIRST_POLL
    )


def test_once_alerts_exactly_once_for_the_leader_call(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _setup(tmp_path, feed_server, webhook)

    first = run_cli("once", "--config", str(cfg))
    assert first.returncode == 0, first.stderr + first.stdout
    # The White House readout and the state-media report are one call: one alert.
    assert len(webhook.received) == 1, webhook.received
    alert = webhook.received[0]
    assert "Trump" in str(alert["title"]) and "Xi Jinping" in str(alert["title"])
    assert "Phone call" in str(alert["title"])
    # Near-misses (Xi–Putin call, a minister's meeting, "likely to speak") sent nothing.
    for text in ("Putin", "Wang Yi", "likely"):
        assert text not in json.dumps(webhook.received)

    db = sqlite3.connect(tmp_path / "state" / "monitor.db")
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 6
    kinds = dict(
        db.execute(
            "SELECT i.title, c.kind FROM items i JOIN classifications c ON c.item_id = i.id"
        ).fetchall()
    )
    assert kinds["Xi, Putin hold phone talks on regional security"] == "none"
    occurred = db.execute("SELECT count(*) FROM events WHERE status = 'occurred'").fetchone()[0]
    assert occurred == 1
    assert db.execute("SELECT count(*) FROM deliveries WHERE state = 'sent'").fetchone()[0] == 1
    db.close()

    # The next run finds the feeds unchanged (ETag: 304) and sends nothing more.
    second = run_cli("once", "--config", str(cfg))
    assert second.returncode == 0, second.stderr
    assert "not modified" in second.stdout
    assert len(webhook.received) == 1
    conditional = [h for p, h in feed_server.requests if p == "/official.xml"]
    assert conditional[-1].get("If-None-Match")


def test_changed_feed_with_same_items_sends_nothing(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _setup(tmp_path, feed_server, webhook)
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert len(webhook.received) == 1
    # The same entries with a new build date and tracking parameters: still nothing new.
    body = (
        (FEEDS / "official.xml")
        .read_text()
        .replace(
            "readout-call-president-xi/",
            "readout-call-president-xi/?utm_source=rss&amp;utm_medium=feed",
        )
        .replace("<title>Official Briefing Room</title>", "<title>Official Briefing Room </title>")
    )
    feed_server.serve("/official.xml", body)
    result = run_cli("once", "--config", str(cfg))
    assert result.returncode == 0, result.stderr
    assert "0 new items" in result.stdout
    assert len(webhook.received) == 1


def test_failing_source_is_recorded_and_others_still_run(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/official.xml", (FEEDS / "official.xml").read_bytes())
    cfg = write_config(
        tmp_path,
        [
            {"name": "broken", "url": feed_server.url + "/missing.xml", "interval": "5m"},
            {"name": "official", "url": url, "interval": "5m"},
        ],
        [{"name": "hook", "url": webhook.apprise_url}],
        ALERT_ON_FIRST_POLL,
    )
    result = run_cli("once", "--config", str(cfg))
    assert result.returncode == 1
    assert "broken: ERROR HTTP 404" in result.stdout
    assert len(webhook.received) == 1
    sources = json.loads(run_cli("sources", "--json", "--config", str(cfg)).stdout)
    by_name = {s["name"]: s for s in sources}
    assert by_name["broken"]["consecutive_failures"] == 1
    assert by_name["broken"]["last_error"] == "HTTP 404"
    assert by_name["official"]["items_seen"] == 2
    assert by_name["official"]["last_success"]
    assert set(by_name["official"]) >= {
        "name",
        "kind",
        "url",
        "last_success",
        "last_error",
        "consecutive_failures",
        "next_poll",
        "items_seen",
    }


def test_catchup_records_without_alerting(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _setup(tmp_path, feed_server, webhook)
    result = run_cli("once", "--catchup", "--config", str(cfg))
    assert result.returncode == 0, result.stderr
    assert webhook.received == []
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert webhook.received == []


def test_events_search_and_digest_after_a_run(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _setup(tmp_path, feed_server, webhook)
    assert run_cli("once", "--config", str(cfg)).returncode == 0

    events = json.loads(run_cli("events", "--json", "--config", str(cfg)).stdout)
    occurred = [e for e in events if e["status"] == "occurred"]
    assert len(occurred) == 1
    ev = occurred[0]
    assert ev["kind"] == "phone_call"
    assert ev["leaders"] == ["Donald Trump", "Xi Jinping"]
    assert ev["sources"] == 2 and len(ev["items"]) == 2
    assert ev["date"] == "2026-10-14"
    assert {"id", "first_seen", "topics"} <= set(ev)

    found = json.loads(run_cli("search", "Putin", "--json", "--config", str(cfg)).stdout)
    assert [f["title"] for f in found] == ["Xi, Putin hold phone talks on regional security"]

    out = run_cli("digest", "--since", "1h", "--config", str(cfg))
    assert out.returncode == 0, out.stderr
    md_path, html_path = (Path(p) for p in out.stdout.split())
    assert md_path.parent == tmp_path / "state" / "digests"
    markdown = md_path.read_text()
    assert "Readout of President Trump" in markdown or "Xi Jinping speaks with" in markdown
    assert "official" in markdown and "statemedia" in markdown
    assert "<script" not in html_path.read_text().lower()
