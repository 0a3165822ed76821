"""One real-world communication is one event and one alert, across feeds, runs and restarts.

Every poll is a separate run of `monitor once`, started afresh in this process (its own
store connection and near-duplicate index), against feeds on a loopback server; alerts
arrive at a loopback webhook through apprise.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from feedgen import Story, atom, rss
from helpers import NO_CATCHUP, FeedServer, Webhook, run_cli, write_config

BEIJING = timezone(timedelta(hours=8))


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


READOUT = Story(
    "Readout of President Trump’s Call with President Xi Jinping of the People’s Republic of China",
    "https://gov.example/briefings/2026/09/15/readout-call-xi/?utm_source=rss&utm_medium=feed",
    _utc(2026, 9, 15, 23, 40),
    "President Donald J. Trump spoke by telephone this evening with President Xi Jinping of "
    "China. The two leaders discussed trade, fentanyl and the situation in the Taiwan Strait.",
    guid="gov-2026-09-15-1187",
)
RALLY = Story(
    "Remarks by the President on Manufacturing Jobs in Pennsylvania",
    "https://gov.example/briefings/2026/09/14/remarks-manufacturing/",
    _utc(2026, 9, 14, 18, 0),
    "The President spoke about factory jobs and energy prices.",
    guid="gov-2026-09-14-1170",
)
STATE_MEDIA = Story(
    "Xi holds phone talks with U.S. President Trump",
    "https://statenews.example.cn/20260916/c8812/c.html",
    datetime(2026, 9, 16, 8, 15, tzinfo=BEIJING),
    "BEIJING, Sept. 16 -- Chinese President Xi Jinping held a phone conversation with U.S. "
    "President Donald Trump on Tuesday evening at the request of the U.S. side.",
)
PUTIN = Story(
    "Xi, Putin discuss energy cooperation in phone call",
    "https://statenews.example.cn/20260915/c8790/c.html",
    datetime(2026, 9, 15, 20, 0, tzinfo=BEIJING),
    "Chinese President Xi Jinping held a phone call with Russian President Vladimir Putin on "
    "Tuesday, discussing energy cooperation.",
)
WIRE_LEAD = (
    "U.S. President Donald Trump and Chinese President Xi Jinping spoke by phone on Tuesday, "
    "the White House said, as a deadline for their trade truce approached."
)
WIRE = Story(
    "Trump and Xi speak by phone as trade truce deadline nears - Wire Service",
    "https://wire.example/world/trump-xi-call-trade?utm_source=newssearch&utm_campaign=asia",
    _utc(2026, 9, 15, 23, 55),
    WIRE_LEAD,
)
SYNDICATED = Story(
    "Trump and Xi speak by phone as trade truce deadline nears - Daily Portal",
    "https://portal.example/news/trump-and-xi-speak-by-phone-123456.html",
    _utc(2026, 9, 16, 1, 10),
    WIRE_LEAD,
)
OUTLET_A = Story(
    "Trump, Xi hold phone call on tariffs and Taiwan - Capital Times",
    "https://capitaltimes.example/politics/2026/09/15/trump-xi-phone-call/",
    _utc(2026, 9, 16, 0, 20),
    "President Donald Trump held a phone call with Chinese leader Xi Jinping on Tuesday night, "
    "covering tariffs and Taiwan.",
)
OUTLET_B = Story(
    "Xi tells Trump in phone call that Taiwan is the most important issue - Harbour Post",
    "https://harbourpost.example/news/china/article/3300112/xi-tells-trump",
    _utc(2026, 9, 16, 2, 30),
    "Chinese President Xi Jinping told US President Donald Trump in a phone call on Tuesday "
    "that Taiwan remained the most important issue in relations.",
)


def _serve(
    server: FeedServer, official: list[Story], state: list[Story], search: list[Story]
) -> None:
    server.serve("/official.xml", rss("Briefing Room", official))
    server.serve(
        "/state.atom", atom("State News: World", state), content_type="application/atom+xml"
    )
    server.serve("/search.xml", rss("News search: Xi Trump", search))


def _config(tmp_path: Path, server: FeedServer, webhook: Webhook, extra: str = "") -> Path:
    sources = [
        {"name": "official", "url": server.url + "/official.xml", "tier": "official"},
        {"name": "statenews", "url": server.url + "/state.atom", "tier": "state_media"},
        {"name": "newssearch", "url": server.url + "/search.xml"},
    ]
    # The first poll alerts here (these tests are about what it finds), not a silent catch-up.
    return write_config(
        tmp_path, sources, [{"name": "hook", "url": webhook.apprise_url}], NO_CATCHUP + extra
    )


def _once(cfg: Path) -> str:
    result = run_cli("once", "--config", str(cfg))
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def _events(cfg: Path) -> list[dict[str, Any]]:
    """`monitor events --json`: what the polls stored."""
    out = run_cli("events", "--json", "--config", str(cfg))
    assert out.returncode == 0, out.stderr
    events: list[dict[str, Any]] = json.loads(out.stdout)
    return events


def test_one_call_reported_six_times_across_three_feeds_is_one_event_and_one_alert(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    # First poll: the readout and two reports from the news search.
    _serve(feed_server, [READOUT, RALLY], [PUTIN], [WIRE, OUTLET_A])
    _once(cfg)
    assert len(webhook.received) == 1, webhook.received

    # A new process later: the state-media report (dated the next day in Beijing), a
    # syndicated copy of the wire story, another outlet, and the wire story again with
    # other tracking parameters and no GUID.
    wire_again = Story(
        WIRE.title,
        WIRE.url.replace("utm_campaign=asia", "utm_campaign=world&fbclid=XyZ") + "#comments",
        WIRE.published,
        WIRE.summary,
    )
    _serve(
        feed_server,
        [READOUT, RALLY],
        [STATE_MEDIA, PUTIN],
        [wire_again, SYNDICATED, OUTLET_B, OUTLET_A],
    )
    out = _once(cfg)
    assert "3 new items" in out, out

    assert len(webhook.received) == 1, webhook.received
    assert "Phone call" in str(webhook.received[0]["title"])

    events = _events(cfg)
    assert len(events) == 1, events
    ev = events[0]
    assert ev["kind"] == "phone_call" and ev["status"] == "occurred"
    assert ev["leaders"] == ["Donald Trump", "Xi Jinping"]
    assert ev["date"] == "2026-09-15"  # the UTC day of the first report, not Beijing's
    items = ev["items"]
    assert isinstance(items, list) and len(items) == 6
    assert {i["source"] for i in items} == {"official", "statenews", "newssearch"}
    assert ev["sources"] == 3
    assert not any("Putin" in i["title"] for i in items)
    assert ev["best_item"] == {
        "title": READOUT.title,
        "url": READOUT.url,
        "source": "official",
    }
    assert set(ev["topics"]) >= {"taiwan", "fentanyl"}

    db = sqlite3.connect(tmp_path / "state" / "monitor.db")
    copy, original = (
        db.execute("SELECT dup_of FROM items WHERE url = ?", [SYNDICATED.url]).fetchone()[0],
        db.execute("SELECT id FROM items WHERE url = ?", [WIRE.url]).fetchone()[0],
    )
    assert copy == original
    assert db.execute("SELECT count(*) FROM alerts").fetchone()[0] == 1
    db.close()


def test_two_calls_two_days_apart_are_two_events(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    first = Story(
        "Readout of President Trump’s Call with President Xi Jinping",
        "https://gov.example/briefings/2026/09/01/readout-call/",
        _utc(2026, 9, 1, 21, 0),
        "President Donald J. Trump spoke by telephone today with President Xi Jinping of China "
        "about trade.",
    )
    second = Story(
        "Readout of President Trump’s Second Call with President Xi Jinping This Week",
        "https://gov.example/briefings/2026/09/03/readout-second-call/",
        _utc(2026, 9, 3, 21, 30),
        "President Donald J. Trump spoke again by telephone today with President Xi Jinping of "
        "China about fentanyl.",
    )
    _serve(feed_server, [first], [], [])
    _once(cfg)
    _serve(feed_server, [second, first], [], [])
    _once(cfg)
    events = _events(cfg)
    assert [(e["date"], e["kind"], e["status"]) for e in events] == [
        ("2026-09-03", "phone_call", "occurred"),
        ("2026-09-01", "phone_call", "occurred"),
    ]
    assert len(webhook.received) == 2


PLANNED = Story(
    "Trump says he will speak with Xi by phone on Thursday",
    "https://capitaltimes.example/politics/2026/09/08/trump-xi-thursday/",
    _utc(2026, 9, 8, 15, 0),
    "President Donald Trump said on Tuesday he would speak with Chinese President Xi Jinping "
    "by phone on Thursday.",
)
HAPPENED = Story(
    "Readout of President Trump’s Call with President Xi Jinping",
    "https://gov.example/briefings/2026/09/10/readout-call/",
    _utc(2026, 9, 10, 21, 0),
    "President Donald J. Trump spoke by telephone today with President Xi Jinping of China.",
)


def test_planned_call_that_happens_is_one_event_one_alert_and_one_update(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook, "\n[events]\nalert_planned = true\n")
    _serve(feed_server, [], [], [PLANNED])
    _once(cfg)
    assert len(webhook.received) == 1
    assert "(planned)" in str(webhook.received[0]["title"])
    _serve(feed_server, [HAPPENED], [], [PLANNED])
    _once(cfg)
    assert len(webhook.received) == 2
    assert str(webhook.received[1]["title"]).startswith("Update: now confirmed")
    events = _events(cfg)
    assert len(events) == 1
    assert events[0]["status"] == "occurred" and events[0]["date"] == "2026-09-10"
    assert events[0]["sources"] == 2
    assert events[0]["best_item"]["source"] == "official"
    # Later reports only add to the event.
    later = Story(
        "Xi speaks with Trump over the phone",
        "https://statenews.example.cn/20260911/c7001/c.html",
        datetime(2026, 9, 11, 7, 0, tzinfo=BEIJING),
        "BEIJING, Sept. 11 -- Chinese President Xi Jinping spoke with U.S. President Donald "
        "Trump over the phone on Thursday.",
    )
    _serve(feed_server, [HAPPENED], [later], [PLANNED])
    _once(cfg)
    assert len(webhook.received) == 2
    assert len(_events(cfg)[0]["items"]) == 3


def test_planned_events_do_not_alert_by_default_until_they_happen(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    _serve(feed_server, [], [], [PLANNED])
    _once(cfg)
    assert webhook.received == []
    assert [e["status"] for e in _events(cfg)] == ["planned"]
    _serve(feed_server, [HAPPENED], [], [PLANNED])
    _once(cfg)
    # Nobody was told of the plan: the call is announced as news, not as an update.
    assert len(webhook.received) == 1
    title = str(webhook.received[0]["title"])
    assert title.startswith("Phone call: ") and "Update" not in title
    assert [e["status"] for e in _events(cfg)] == ["occurred"]


def test_kind_corrected_by_the_official_account_is_one_update(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    call = Story(
        "Trump and Xi hold phone call, report says",
        "https://capitaltimes.example/politics/2026/09/21/trump-xi-call-report/",
        _utc(2026, 9, 21, 14, 0),
        "U.S. President Donald Trump and Chinese President Xi Jinping held a phone call on "
        "Monday, according to a news report.",
    )
    video = Story(
        "Readout of President Trump’s Video Call with President Xi Jinping",
        "https://gov.example/briefings/2026/09/21/readout-video-call-xi/",
        _utc(2026, 9, 21, 20, 0),
        "President Donald J. Trump held a video call with President Xi Jinping of China on Monday.",
    )
    _serve(feed_server, [], [], [call])
    _once(cfg)
    _serve(feed_server, [video], [], [call])
    _once(cfg)
    assert len(webhook.received) == 2
    assert str(webhook.received[1]["title"]).startswith("Update: kind corrected. Video call")
    events = _events(cfg)
    assert [(e["kind"], e["sources"]) for e in events] == [("video_call", 2)]


FOLLOW_UP = Story(
    "Soybean futures climb after the Trump-Xi call - Farm Wire",
    "https://farmwire.example/markets/2026/09/16/soybeans-after-call",
    _utc(2026, 9, 16, 15, 0),
    "Traders bet that Beijing will resume purchases after President Trump and President Xi "
    "talked trade.",
)
ANALYSIS = Story(
    "What the Trump-Xi call means for Taiwan - Capital Times",
    "https://capitaltimes.example/opinion/2026/09/17/trump-xi-call-taiwan/",
    _utc(2026, 9, 17, 9, 0),
    "Donald Trump and Xi Jinping left the hardest question for later.",
)
UNRELATED = Story(
    "Xi tours a battery plant in Fujian - State News",
    "https://statenews.example.cn/20260917/c8840/c.html",
    _utc(2026, 9, 17, 2, 0),
    "Chinese President Xi Jinping visited a battery maker on Thursday.",
)


def test_follow_ups_and_analysis_join_the_call_they_follow_without_an_alert(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    _serve(feed_server, [READOUT], [], [WIRE])
    _once(cfg)
    # The follow-up comes from a source that reported nothing of the call.
    _serve(feed_server, [READOUT], [UNRELATED, FOLLOW_UP], [WIRE, ANALYSIS])
    _once(cfg)
    assert len(webhook.received) == 1, webhook.received
    [event] = _events(cfg)
    titles = {i["title"] for i in event["items"]}
    assert {FOLLOW_UP.title, ANALYSIS.title} <= titles
    assert UNRELATED.title not in titles
    marked = {i["title"] for i in event["items"] if i["follow_up"]}
    assert marked == {FOLLOW_UP.title, ANALYSIS.title}
    assert event["sources"] == 2  # official and newssearch: a follow-up reports nothing
    assert event["kind"] == "phone_call" and event["status"] == "occurred"
    assert event["date"] == "2026-09-15"
    # Read one by one, the follow-up reports no communication and names no leaders.
    src = tmp_path / "follow.jsonl"
    src.write_text(json.dumps({"title": FOLLOW_UP.title, "summary": FOLLOW_UP.summary}) + "\n")
    out = run_cli("classify", "--jsonl", str(src), "--config", str(cfg))
    reading = json.loads(out.stdout)
    assert (reading["kind"], reading["status"], reading["leaders"]) == ("none", None, [])


def test_analysis_with_no_event_to_follow_is_the_digests_other_coverage(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    cfg = _config(tmp_path, feed_server, webhook)
    _serve(feed_server, [], [UNRELATED], [ANALYSIS])
    _once(cfg)
    assert webhook.received == [] and _events(cfg) == []
    done = run_cli("digest", "--config", str(cfg))
    assert done.returncode == 0, done.stderr
    markdown = next((tmp_path / "state" / "digests").glob("*.md")).read_text(encoding="utf-8")
    other = markdown.split("## Other relevant coverage", 1)[1].split("\n## ", 1)[0]
    assert ANALYSIS.title.replace(" - Capital Times", "") in other
    assert "(analysis or follow-up)" in other
    assert "battery plant" not in other  # one president, no communication: not coverage
