"""The shipped Chinese official sources: their tier, and the foreign ministry's listing
read with the configured selectors (from a page written like theirs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from helpers import FIXTURES, ROOT, FeedServer, write_config

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.models import Source
from monitor.parse.page import parse_page
from monitor.store import Store

BEIJING = ZoneInfo("Asia/Shanghai")
PAGE = (FIXTURES / "pages" / "mfa_zh_leaders.html").read_bytes()
HEADERS = {"content-type": "text/html; charset=utf-8"}
LISTED = [
    ("习近平同美国总统特朗普通电话", "202611/t20261127_11760412.shtml", date(2026, 11, 27)),
    ("习近平复信美国西雅图中学师生", "202611/t20261126_11760198.shtml", date(2026, 11, 26)),
    ("李强会见新西兰总理", "202611/t20261126_11760133.shtml", date(2026, 11, 26)),
    (
        "韩正出席第十五届世界和平论坛开幕式并致辞",
        "202611/t20261125_11759870.shtml",
        date(2026, 11, 25),
    ),
]


def _shipped(name: str) -> Source:
    source = config.load(ROOT / "config" / "monitor.toml").source(name)
    assert source is not None, name
    return source


def test_shipped_chinese_sources_and_their_tiers() -> None:
    mfa, xinhua = _shipped("mfa-zh"), _shipped("xinhua-zh")
    assert (mfa.kind, mfa.tier, mfa.enabled) == ("page", "official", True)
    assert mfa.url.startswith("https://www.mfa.gov.cn/web/")
    assert (xinhua.kind, xinhua.tier, xinhua.enabled) == ("rss", "state_media", True)


def test_configured_selectors_read_title_link_and_date() -> None:
    source = _shipped("mfa-zh")
    result = parse_page(PAGE, HEADERS, source.url, source)
    assert result.error is None
    assert result.feed_title == "领导人活动_中华人民共和国外交部"
    got = [(e.title, e.url, e.published) for e in result.entries]
    # Navigation, breadcrumbs and the footer are not entries; only the listing is.
    assert len(got) == 5
    for (title, url, published), (want_title, path, day) in zip(got, LISTED, strict=False):
        assert title == want_title  # the date beside the link stays out of the title
        assert url == source.url + path
        assert published is not None and published.astimezone(BEIJING).date() == day
    assert got[4][:2] == (
        "习近平向智利新任总统致贺电",
        "https://www.gov.cn/yaowen/liebiao/202611/content_7090112.htm",
    )


def test_listing_polled_stored_and_searchable(tmp_path: Path, feed_server: FeedServer) -> None:
    shipped = _shipped("mfa-zh")
    url = feed_server.serve(
        "/web/wjdt_674879/gjldrhd_674881/", PAGE, content_type=HEADERS["content-type"]
    )
    selectors = {
        k: getattr(shipped, k) for k in ("kind", "tier", "side", "item", "title", "link", "date")
    }
    cfg = write_config(tmp_path, [{"name": "mfa-zh", "url": url, **selectors}])
    settings = config.load(cfg)
    assert replace(settings.sources[0], url=shipped.url, interval=shipped.interval) == shipped
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        now = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
        report = pipeline.run_cycle(ctx, list(settings.sources), lambda: now)
        assert [(p.entries, p.new_items, p.error) for p in report.polls] == [(5, 5, None)]
        found = store.items.search("通电话")
        assert [(i.title, i.url) for i in found] == [(LISTED[0][0], url + LISTED[0][1])]
        assert [i.title for i in store.items.search("復信")] == [LISTED[1][0]]
    finally:
        store.close()
