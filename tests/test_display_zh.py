"""Chinese titles as each reader sees them: email (HTML and text parts), Slack, the digest
in both forms and `monitor events`, from a Chinese feed through the whole pipeline."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import NO_CATCHUP, FeedServer, SmtpSink, Webhook, rss, run_monitor, write_config

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.store import Store

NOW = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
HEADLINE = "习近平同美国总统特朗普通电话：双方同意保持沟通"
READOUT = {
    "guid": "zh-call-1",
    "title": HEADLINE,
    "link": "https://www.news.cn/politics/leaders/20261127/3e9a/c.html",
    "date": "Fri, 27 Nov 2026 07:20:00 +0800",
    "description": "国家主席习近平26日晚应约同美国总统特朗普通电话，两国元首就经贸和台湾问题交换意见。",
}
CJK_FONT = "Noto Sans CJK SC"


def _cycle(tmp_path: Path, feed_server: FeedServer, channels: list[dict[str, Any]]) -> Path:
    url = feed_server.serve("/zh.xml", rss([READOUT], title="新华网 时政"))
    cfg = write_config(
        tmp_path, [{"name": "xinhua-zh", "url": url, "tier": "state_media"}], channels, NO_CATCHUP
    )
    settings = config.load(cfg)
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        report = pipeline.run_cycle(ctx, list(settings.sources), lambda: NOW)
        assert [p.new_events for p in report.polls] == [1], report
        assert store.events.all()[0].best_title == HEADLINE
        assert report.alerts_sent == len(channels), report
    finally:
        store.close()
    return cfg


def test_email_parts_carry_the_chinese_headline(
    tmp_path: Path, feed_server: FeedServer, smtp: SmtpSink
) -> None:
    _cycle(tmp_path, feed_server, [{"name": "email", "url": smtp.apprise_url}])
    [msg] = smtp.messages
    assert msg["Subject"] == "Phone call: Donald Trump – Xi Jinping"
    html_part = msg.get_body(("html",))
    text_part = msg.get_body(("plain",))
    assert html_part is not None and text_part is not None
    for part in (html_part, text_part):
        assert part.get_content_charset() == "utf-8"
    html = html_part.get_content()
    assert f">{HEADLINE}</a>" in html
    assert "xinhua-zh: " in html
    assert CJK_FONT in html
    assert HEADLINE in text_part.get_content()


def test_slack_message_carries_the_chinese_headline(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apprise.plugins.slack import NotifySlack

    monkeypatch.setattr(NotifySlack, "webhook_url", webhook.url + "/services")
    slack_url = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7?blocks=yes&footer=no"
    _cycle(tmp_path, feed_server, [{"name": "slack", "url": slack_url}])
    blocks = webhook.received[0]["attachments"][0]["blocks"]  # type: ignore[index]
    text = blocks[1]["text"]["text"]
    assert f"<{READOUT['link']}|{HEADLINE}>" in text


def test_events_and_digest_show_the_chinese_headline(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    cfg = _cycle(tmp_path, feed_server, [])
    env = {"PYTHONIOENCODING": "utf-8"}
    listing = run_monitor("events", "--config", str(cfg), env=env)
    assert listing.returncode == 0, listing.stderr
    assert f"    {HEADLINE}\n" in listing.stdout
    as_json = run_monitor("events", "--json", "--config", str(cfg), env=env)
    assert HEADLINE in as_json.stdout  # written as characters, not \u escapes
    assert json.loads(as_json.stdout)[0]["items"][0]["title"] == HEADLINE

    made = run_monitor("digest", "--date", "2026-11-27", "--config", str(cfg), env=env)
    assert made.returncode == 0, made.stderr
    md_path, html_path = (Path(p) for p in made.stdout.split())
    markdown = md_path.read_bytes().decode("utf-8")
    html = html_path.read_bytes().decode("utf-8")
    assert f"[{HEADLINE}]({READOUT['link']})" in markdown
    assert f">{HEADLINE}</a>" in html
    assert '<meta charset="utf-8">' in html
    assert CJK_FONT in html.split("</style>")[0]
