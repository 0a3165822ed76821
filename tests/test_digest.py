from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor import digest
from monitor.models import Event, EventItem, SourceState

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
    md_path, html_path = digest.write(tmp_path / "digests", data.day, markdown, html)
    assert md_path.name == "2026-10-16.md" and html_path.read_text() == html
    assert not list((tmp_path / "digests").glob("*.tmp"))


def test_day_window_in_time_zone() -> None:
    start, end = digest.day_window(date(2026, 10, 15), ZoneInfo("Asia/Shanghai"))
    assert start.astimezone(UTC) == datetime(2026, 10, 14, 16, 0, tzinfo=UTC)
    assert (end - start).total_seconds() == 86400
