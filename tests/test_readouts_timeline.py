"""Each side's readout, sources' sides in the config, and the twelve-month timeline."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import ROOT, RULES

from monitor import config
from monitor.alerts import messages
from monitor.digest import render as digest
from monitor.errors import ConfigError
from monitor.models import Classification, Event, EventItem, Item
from monitor.record.context import Context
from monitor.record.model import HistoryEntry
from monitor.record.readouts import Readouts, readouts
from monitor.record.timeline import timeline

NOW = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)
SIDES = {"gov": "us", "dept": "us", "ministry": "cn", "agency": "cn", "wire": None, "blog": "us"}
TIERS = {
    "gov": "official",
    "dept": "official",
    "ministry": "official",
    "agency": "state_media",
    "wire": "wire",
    "blog": "outlet",
}


def _item(source: str, topics: list[str], kind: str = "phone_call") -> Item:
    return Item(
        source=source,
        title=f"{source} report",
        url=None,
        canonical_url=None,
        guid=None,
        summary="",
        text="",
        published=None,
        first_seen=NOW,
        content_hash=source,
        classification=Classification(kind=kind, status="occurred", topics=topics),
    )


def test_each_side_keeps_its_own_topics_in_order() -> None:
    r = readouts(
        [
            _item("gov", ["trade_tariffs", "fentanyl"]),
            _item("ministry", ["taiwan", "trade_tariffs"]),
            _item("agency", ["taiwan", "ukraine"]),
            _item("dept", ["fentanyl", "north_korea"]),
            _item("wire", ["south_china_sea"]),  # a wire is nobody's readout
            _item("blog", ["human_rights"]),  # an outlet on the US side is not its readout
        ],
        SIDES,
        TIERS,
    )
    assert r == Readouts(
        us_sources=("gov", "dept"),
        cn_sources=("ministry", "agency"),
        us_topics=("trade_tariffs", "fentanyl", "north_korea"),
        cn_topics=("taiwan", "trade_tariffs", "ukraine"),
    )
    assert r.only_us == ("fentanyl", "north_korea")
    assert r.only_cn == ("taiwan", "ukraine")
    assert r.both == ("trade_tariffs",)


def test_one_side_alone_is_no_comparison() -> None:
    assert readouts([_item("gov", ["taiwan"]), _item("wire", ["taiwan"])], SIDES, TIERS) is None
    assert readouts([_item("ministry", ["taiwan"])], SIDES, TIERS) is None
    # A readout the rules found no topic in still counts as that side's account.
    r = readouts([_item("gov", []), _item("ministry", ["taiwan"])], SIDES, TIERS)
    assert r is not None and r.us_topics == () and r.only_cn == ("taiwan",)


def test_shipped_sources_have_sides() -> None:
    settings = config.load(ROOT / "config" / "monitor.toml", check_channels=False)
    sides = {s.name: s.side for s in settings.sources}
    assert sides["whitehouse"] == sides["state-dept"] == "us"
    assert sides["mfa"] == sides["xinhua"] == "cn"
    assert sides["bbc-china"] is None


def _config(tmp_path: Path, sources: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(
        f'[monitor]\nstate_dir = "{tmp_path}"\nrules = "{RULES}"\n\n{sources}',
        encoding="utf-8",
    )
    return path


def test_a_side_defaults_from_the_host_and_can_be_set_or_cleared(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        '[[sources]]\nname = "wh"\nurl = "https://www.whitehouse.gov/news/feed/"\n\n'
        '[[sources]]\nname = "xh"\nurl = "https://english.news.cn/rss/worldrss.xml"\n\n'
        '[[sources]]\nname = "mirror"\nurl = "https://mirror.example/feed"\nside = "cn"\n\n'
        '[[sources]]\nname = "wh2"\nurl = "https://whitehouse.gov/x"\nside = "none"\n\n'
        '[[sources]]\nname = "lookalike"\nurl = "https://notwhitehouse.gov.example/feed"\n',
    )
    sides = {s.name: s.side for s in config.load(path, check_channels=False).sources}
    assert sides == {"wh": "us", "xh": "cn", "mirror": "cn", "wh2": None, "lookalike": None}


def test_an_unknown_side_is_a_config_error(tmp_path: Path) -> None:
    path = _config(tmp_path, '[[sources]]\nname = "x"\nurl = "https://x.example/"\nside = "eu"\n')
    with pytest.raises(ConfigError, match="side"):
        config.load(path, check_channels=False)


def _h(day: str, kind: str, event_id: int | None = None) -> HistoryEntry:
    return HistoryEntry(
        date.fromisoformat(day), kind, ["Donald Trump", "Xi Jinping"], "record", event_id=event_id
    )


HISTORY = [
    _h("2026-02-04", "phone_call", event_id=7),
    _h("2026-01-09", "letter_or_message"),
    _h("2025-11-24", "phone_call"),
    _h("2025-11-02", "phone_call"),
    _h("2025-10-30", "in_person_meeting"),
    _h("2025-02-28", "phone_call"),  # thirteen months back: outside the window
]


def test_timeline_covers_twelve_months_across_a_year_end() -> None:
    t = timeline(HISTORY, date(2026, 2, 5), event_ids={7})
    assert (t.months[0].label, t.months[-1].label, len(t.months)) == ("2025-03", "2026-02", 12)
    assert t.kinds == ("phone_call", "in_person_meeting", "letter_or_message")
    nov = next(m for m in t.months if m.label == "2025-11")
    assert nov.count("phone_call") == 2 and nov.days("phone_call") == "2025-11-24, 2025-11-02"
    feb = t.months[-1]
    assert feb.highlighted("phone_call") and not nov.highlighted("phone_call")
    assert t.text == (
        "2025-03 to 2026-02: 2025-10 ●meeting · 2025-11 ●call ●call · 2026-01 ●letter · "
        "2026-02 ◉call (this digest)"
    )


def test_an_empty_timeline_says_so() -> None:
    t = timeline(HISTORY, date(2030, 6, 1))
    assert t.empty and t.text == "2029-07 to 2030-06: no communication"


def _digest(t_end: date) -> digest.DigestData:
    ev = Event(
        id=7,
        kind="phone_call",
        status="occurred",
        leaders=["Donald Trump", "Xi Jinping"],
        date="2026-02-04",
        first_seen=NOW,
        sources=2,
        best_title="Leaders speak by phone",
        best_url="https://gov.example/call",
        items=[EventItem("Leaders speak by phone", "https://gov.example/call", "gov")],
    )
    return digest.DigestData(
        day="2026-02-05",
        timezone="UTC",
        generated=NOW,
        events=[ev],
        context={7: ["First phone call since 2025-11-24 (72 days)", "Length: <b>90</b> minutes"]},
        readouts={
            7: Readouts(
                ("gov",), ("ministry",), ("trade_tariffs", "fentanyl"), ("taiwan", "trade_tariffs")
            )
        },
        timeline=timeline(HISTORY, t_end, event_ids={7}),
    )


def test_digest_html_draws_the_timeline_as_coloured_cells_with_the_event_framed() -> None:
    markdown, html = digest.render(_digest(date(2026, 2, 5)))
    section = html.split("<h2>The last twelve months</h2>")[1].split("<h2>")[0]
    assert "<svg" not in html and "<script" not in html.lower()
    cells = re.findall(
        r'<td align="center" height="24" bgcolor="([^"]+)"[^>]*>([^<]*)</td>', section
    )
    assert len(cells) == 12 * 3  # twelve months for each of the three kinds present
    filled = [(colour, text) for colour, text in cells if colour != "#f0f0f0"]
    assert len(filled) == 4  # Oct meeting, Nov calls, Jan letter, Feb call
    assert ("#1f6feb", "2") in filled  # the two November calls in one cell
    framed = re.findall(r'title="([^"]*)"[^>]*border:3px solid #111111;">&#9733;(\d)', section)
    assert framed == [("2026-02-04", "1")]
    # Context lines and both readouts, side by side; untrusted text stays escaped.
    assert "<li>First phone call since 2025-11-24 (72 days)</li>" in html
    assert "Length: &lt;b&gt;90&lt;/b&gt; minutes" in html
    assert "<strong>fentanyl</strong> (only here)" in html
    assert "<strong>taiwan</strong> (only here)" in html
    assert "Last twelve months: 2025-03 to 2026-02:" in markdown
    assert "◉call (this digest)" in markdown
    assert "only in the US readout: fentanyl; only in China's: taiwan" in markdown
    assert "  - First phone call since 2025-11-24 (72 days)" in markdown


def test_alert_shows_context_and_readouts_in_every_format() -> None:
    ev = _digest(date(2026, 2, 5)).events[0]
    ctx = Context(
        since_kind="First phone call since 2025-11-24 (72 days)",
        asked="at the request of the US side (per gov)",
    )
    r = Readouts(
        ("gov",), ("ministry",), ("trade_tariffs", "fentanyl"), ("taiwan", "trade_tariffs")
    )
    tz = ZoneInfo("UTC")
    md = messages.event_message(ev, "new", "markdown", tz, context=ctx, readouts=r).body
    assert "- First phone call since 2025-11-24 (72 days)" in md
    assert "- Asked for: at the request of the US side (per gov)" in md
    assert "US (gov): trade tariffs, fentanyl · China (ministry): taiwan, trade tariffs" in md
    assert "Only in the US readout: fentanyl · only in China's: taiwan" in md
    html = messages.event_message(ev, "new", "html", tz, context=ctx, readouts=r).body
    assert "<li>First phone call since 2025-11-24 (72 days)</li>" in html
    assert "US readout" in html and "<b>taiwan</b> (only here)" in html
    text = messages.event_message(ev, "new", "text", tz, context=ctx, readouts=r).body
    assert "- Asked for: at the request of the US side (per gov)" in text
    # Without context the alert is as it was.
    plain = messages.event_message(ev, "new", "markdown", tz).body
    assert "Readouts" not in plain and "since" not in plain


def test_a_digest_without_a_timeline_leaves_the_section_out_and_an_empty_one_says_so() -> None:
    data = _digest(date(2026, 2, 5))
    data.timeline = None
    markdown, html = digest.render(data)
    assert "Last twelve months" not in markdown and "The last twelve months" not in html
    data.timeline = timeline(HISTORY, date(2030, 6, 1))
    markdown, html = digest.render(data)
    assert "Last twelve months: 2029-07 to 2030-06: no communication" in markdown
    assert "No communication between the presidents in the last twelve months." in html
