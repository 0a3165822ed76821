"""Rendering of alerts in each medium, shipped and user templates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.alerts import messages
from monitor.models import Event, EventItem, Evidence, HealthNotice

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
UTCZ = ZoneInfo("UTC")
HOSTILE = "<!channel> Trump @here [Click me](http://evil.example) <http://evil.example|Read> <script>x</script> & co"


def event(title: str = HOSTILE, url: str | None = "https://news.example/a?b=1&c=2") -> Event:
    return Event(
        id=7,
        kind="phone_call",
        status="occurred",
        leaders=["Donald Trump", "Xi Jinping"],
        date="2026-10-14",
        first_seen=NOW,
        topics=["trade_tariffs", "taiwan"],
        sources=2,
        best_title=title,
        best_url=url,
        best_source="official",
        items=[
            EventItem(title, url, "official"),
            EventItem("Xi speaks with Trump by phone", "javascript:alert(1)", "wire"),
        ],
        evidence=[
            Evidence("leader:Xi Jinping", "title", "Xi"),
            Evidence("kind:phone_call/spoke by phone", "summary", "spoke <!here> by phone"),
        ],
    )


def test_markdown_alert_has_linked_headline_and_the_facts() -> None:
    msg = messages.event_message(event("Trump and Xi hold phone call"), "new", "markdown", UTCZ)
    assert msg.format == "markdown"
    assert msg.title == "Phone call: Donald Trump – Xi Jinping"
    assert msg.body.startswith(
        "**[Trump and Xi hold phone call](https://news.example/a?b=1&c=2)**\n"
    )
    for fact in (
        "**Phone call** · Donald Trump – Xi Jinping · 2026-10-14",
        "Topics: trade tariffs, taiwan",
        "Sources so far: 2 (official, wire)",
        "Evidence: “spoke \\<\u200b!here\\> by phone” (summary)",
    ):
        assert fact in msg.body, fact
    # The evidence naming the kind comes before a mere leader match.
    assert msg.body.index("spoke") < msg.body.index("“Xi”")


def test_markdown_alert_neutralizes_untrusted_title() -> None:
    body = messages.event_message(event(), "new", "markdown", UTCZ).body
    headline = body.splitlines()[0]
    # One link only: ours, to the item's URL; the title's own link syntax is escaped.
    assert re.findall(r"(?<!\\)\]\(", headline) == ["]("]
    assert "(https://news.example/a?b=1&c=2)" in headline
    assert re.search(r"(?<!\\)[<>]", body) is None
    assert "@here" not in body


def test_html_alert_escapes_and_keeps_link_as_text() -> None:
    msg = messages.event_message(event(), "new", "html", UTCZ)
    assert msg.title == "Phone call: Donald Trump – Xi Jinping"  # a subject: plain text
    html = msg.body
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "&lt;!channel&gt;" in html
    assert 'href="https://news.example/a?b=1&amp;c=2"' in html
    assert 'href="javascript:' not in html
    # The URL is also written out, so the plain-text part apprise derives keeps it.
    assert ">https://news.example/a?b=1&amp;c=2</p>" in html
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_text_alert_and_update_titles() -> None:
    msg = messages.event_message(event("Xi and Trump talk"), "status", "text", UTCZ)
    assert msg.title == "Update: now confirmed. Phone call: Donald Trump – Xi Jinping"
    assert msg.body.startswith("Xi and Trump talk\nhttps://news.example/a?b=1&c=2\n")
    planned = event("Xi and Trump to talk")
    planned.status = "planned"
    assert messages.event_message(planned, "new", "text", UTCZ).title.startswith(
        "Phone call (planned):"
    )


def test_user_template_overrides_and_is_fed_escaped_text(tmp_path: Path) -> None:
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text(
        "{% set title %}NEWS {{ e.kind_label }}{% endset %}"
        "{{ e.headline }} | {{ e.leaders | join('+') }} | {{ e.items | length }}\n",
        encoding="utf-8",
    )
    msg = messages.event_message(event(), "new", "markdown", UTCZ, template=tpl)
    assert msg.title == "NEWS Phone call"
    assert msg.body.endswith(" | Donald Trump+Xi Jinping | 2\n")
    assert "\\<\u200b!channel\\>" in msg.body and "@here" not in msg.body


def test_user_template_without_title_gets_the_default(tmp_path: Path) -> None:
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text("<p>{{ e.headline }}</p>", encoding="utf-8")
    msg = messages.event_message(event(), "new", "html", UTCZ, template=tpl)
    assert msg.title == "Phone call: Donald Trump – Xi Jinping"
    assert msg.body.startswith("<p>&lt;!channel&gt; Trump")


def test_template_problem_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.j2"
    bad.write_text("line one\n{% if e.url %}\nno end\n", encoding="utf-8")
    problem = messages.template_problem(bad)
    assert problem is not None and str(bad) in problem and "template syntax error" in problem
    missing = messages.template_problem(tmp_path / "missing.j2")
    assert missing is not None and "cannot read template" in missing
    good = tmp_path / "good.j2"
    good.write_text("{{ e.headline }}", encoding="utf-8")
    assert messages.template_problem(good) is None


def test_health_messages_in_each_medium() -> None:
    failing = HealthNotice(
        source="mfa",
        state="failing",
        since=datetime(2026, 10, 14, 8, 0, tzinfo=UTC),
        failures=5,
        last_error="HTTP 503 <!channel>",
    )
    md = messages.health_message(failing, "markdown", UTCZ, NOW)
    assert md.title == "Source failing: mfa"
    assert "**mfa** has failed 5 polls in a row (since 2026-10-14 08:00 UTC)" in md.body
    assert "Last error: HTTP 503 \\<\u200b!channel\\>" in md.body
    silent = HealthNotice(source="mfa", state="silent", since=datetime(2026, 10, 12, tzinfo=UTC))
    html = messages.health_message(silent, "html", UTCZ, NOW)
    assert html.title == "Source silent: mfa"
    assert "nothing new for 3 days" in html.body
    back = HealthNotice(source="mfa", state="recovered", since=NOW, previous="failing")
    assert "works again (it was failing" in messages.health_message(back, "text", UTCZ, NOW).body
    gone = HealthNotice(source="mfa <b>", state="gone", since=NOW, last_error="HTTP 410")
    for fmt in messages.FORMATS:
        msg = messages.health_message(gone, fmt, UTCZ, NOW)
        assert msg.title == "Source gone: mfa <b>"
        assert "answered 410 Gone (on 2026-10-15" in msg.body
        assert "no longer polled" in msg.body and "works again" not in msg.body
        assert ("mfa &lt;b&gt;" in msg.body) is (fmt == "html")


def test_sample_event_renders_in_every_format() -> None:
    sample = messages.sample_event(NOW)
    for fmt in messages.FORMATS:
        msg = messages.event_message(sample, "test", fmt, UTCZ)
        assert msg.title.startswith("Test alert: Phone call")
        assert "test message from monitor" in msg.body
