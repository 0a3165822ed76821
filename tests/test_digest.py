from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.digest import render as digest
from monitor.models import Delivery, Event, EventItem, SourceHealth, SourceState

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>'


def _data() -> digest.DigestData:
    ev = Event(
        id=1,
        kind="phone_call",
        status="occurred",
        leaders=["Donald Trump", "Xi Jinping"],
        date="2026-10-14",
        first_seen=NOW,
        topics=["trade_tariffs"],
        sources=2,
        best_title=HOSTILE,
        best_url="javascript:alert(1)",
        items=[
            EventItem(HOSTILE, "https://ok.example/a", "official"),
            EventItem("Fine", None, "wire"),
        ],
    )
    return digest.DigestData(
        day="2026-10-15",
        timezone="UTC",
        generated=NOW,
        events=[ev],
        sources=[SourceState(name="official", status="ok", last_success=NOW, items_seen=3)],
    )


def test_untrusted_text_is_escaped_in_html() -> None:
    _, html = digest.render(_data())
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert 'href="https://ok.example/a"' in html
    assert "<script" not in html.lower().replace("&lt;script", "")


def test_markdown_has_no_live_links_or_html_from_titles() -> None:
    markdown, _ = digest.render(_data())
    # Every "<" from a title is backslash-escaped: CommonMark shows it, never parses it as HTML.
    assert re.search(r"(?<!\\)<", markdown) is None
    assert "\\<script\\>" in markdown
    assert re.search(r"(?<!\\)\]\(javascript:", markdown) is None  # only escaped brackets remain
    assert "Phone call" in markdown and "Donald Trump – Xi Jinping" in markdown
    assert "| official | ok |" in markdown


def test_empty_day_says_so(tmp_path: Path) -> None:
    data = digest.DigestData(day="2026-10-16", timezone="UTC", generated=NOW)
    markdown, html = digest.render(data)
    assert "No leader communication was detected on this day." in markdown
    assert "No leader communication was detected on this day." in html
    assert "Nothing to report" in markdown and "Nothing to report" in html
    assert "None: every alert was delivered." in markdown
    md_path, html_path = digest.write(tmp_path / "digests", data.day, markdown, html)
    assert md_path.name == "2026-10-16.md" and html_path.read_text() == html
    assert not list((tmp_path / "digests").glob("*.tmp"))


def test_day_window_in_time_zone() -> None:
    start, end = digest.day_window(date(2026, 10, 15), ZoneInfo("Asia/Shanghai"))
    assert start.astimezone(UTC) == datetime(2026, 10, 14, 16, 0, tzinfo=UTC)
    assert (end - start).total_seconds() == 86400


def _event(id: int, kind: str, status: str, title: str, day: str) -> Event:
    return Event(
        id=id,
        kind=kind,
        status=status,
        leaders=["Donald Trump", "Xi Jinping"],
        date=day,
        first_seen=NOW,
        sources=1,
        best_title=title,
        best_url=f"https://ex.example/{id}",
        items=[EventItem(title, f"https://ex.example/{id}", "official")],
    )


def test_events_grouped_by_kind_with_planned_undelivered_and_health() -> None:
    data = digest.DigestData(
        day="2026-10-15",
        timezone="UTC",
        generated=NOW,
        events=[
            _event(1, "in_person_meeting", "occurred", "Leaders meet in Busan", "2026-10-15"),
            _event(2, "phone_call", "occurred", "Leaders speak by phone", "2026-10-15"),
            _event(3, "phone_call", "occurred", "Second call on trade", "2026-10-15"),
        ],
        planned=[_event(4, "in_person_meeting", "planned", "Summit set for April", "2026-10-15")],
        undelivered=[
            Delivery(
                id=9,
                alert_id=4,
                channel="slack",
                state="dead",
                kind="event",
                attempts=8,
                last_error="Failed to send: error=503.",
                subject="Phone call (occurred): Donald Trump – Xi Jinping, 2026-10-15",
            )
        ],
        sources=[
            SourceState(
                name="mfa", status="backoff", consecutive_failures=6, last_error="HTTP 503"
            ),
            SourceState(name="official", status="ok", last_success=NOW, items_seen=3),
        ],
        health={"mfa": SourceHealth("mfa", "failing", NOW)},
    )
    markdown, html = digest.render(data)
    # Phone calls before meetings (the order of kinds), each group counted.
    assert markdown.index("### Phone call (2)") < markdown.index("### In-person meeting (1)")
    assert "Nothing to report" not in markdown
    planned = markdown.split("## Planned communications ahead")[1].split("##")[0]
    assert "Summit set for April" in planned and "In-person meeting" in planned
    undelivered = markdown.split("## Alerts not delivered")[1].split("##")[0]
    assert (
        "slack: Phone call (occurred)" in undelivered and "gave up after 8 attempts" in undelivered
    )
    assert "monitor outbox --retry-dead" in undelivered
    assert "| mfa | failing |" in markdown and "| official | ok |" in markdown
    assert '<h2 class="bad">Alerts not delivered</h2>' in html
    assert "<h3>Phone call (2)</h3>" in html
    assert "<script" not in html.lower()


def test_html_digest_is_standalone_without_script_or_external_resources() -> None:
    _, html = digest.render(_data())
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert 'name="viewport"' in html
    assert "default-src 'none'" in html
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)  # real tags; escaped text is not one
    assert not [t for t in tags if re.match(r"<(script|link|img|iframe|object)\b", t, re.I)]
    assert not [t for t in tags if re.search(r"\s(src|on\w+)=", t, re.I)]
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
