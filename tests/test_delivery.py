"""Alerts as each medium receives them: a real SMTP server, Slack's own apprise plugin
pointed at a loopback webhook, a json:// webhook. Hostile titles come out neutralized."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    NO_CATCHUP,
    FeedServer,
    SmtpSink,
    Webhook,
    rss,
    run_monitor,
    write_config,
)

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.store import Store

NOW = datetime(2026, 10, 15, 8, 0, tzinfo=UTC)
# A title written to ping everyone and to hide a link; the rules still read a phone call.
# Feeds carry titles as escaped HTML, so the markup is escaped once more to reach the
# pipeline as the literal text below (a feed's real tags are stripped by the parser).
HOSTILE_TITLE = (
    "<!channel> @here Trump and Xi hold phone call [Click here](http://evil.example/x) "
    "<http://evil.example/y|Official readout> <script>alert(1)</script> & more"
)
HOSTILE = {
    "guid": "hostile-1",
    "title": html.escape(HOSTILE_TITLE, quote=False),
    "link": "https://news.example/2026/10/14/call?ref=a&b=c",
    "description": "The two presidents spoke by telephone &lt;!everyone&gt;.",
}
PINGS = re.compile(r"<!(?:channel|here|everyone)|@(?:here|channel|everyone)\b", re.IGNORECASE)


def _cycle(tmp_path: Path, feed_server: FeedServer, channels: list[dict[str, Any]]) -> Any:
    url = feed_server.serve("/feed.xml", rss([HOSTILE]))
    cfg = write_config(tmp_path, [{"name": "official", "url": url}], channels, NO_CATCHUP)
    settings = config.load(cfg)
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        return pipeline.run_cycle(ctx, list(settings.sources), lambda: NOW)
    finally:
        store.close()


def test_email_alert_has_html_and_text_parts_and_escapes_the_title(
    tmp_path: Path, feed_server: FeedServer, smtp: SmtpSink
) -> None:
    report = _cycle(tmp_path, feed_server, [{"name": "email", "url": smtp.apprise_url}])
    assert report.alerts_sent == 1, report
    store = Store(tmp_path / "state" / "monitor.db")
    assert store.events.all()[0].best_title == HOSTILE_TITLE  # the attack reached the pipeline
    store.close()
    [msg] = smtp.messages
    assert msg["Subject"] == "Phone call: Donald Trump – Xi Jinping"
    assert msg["To"] == "desk@example.com"
    assert msg.get_content_type() == "multipart/alternative"
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "&lt;!channel&gt;" in html
    assert 'href="http://evil.example' not in html  # the title's links are text, not links
    assert 'href="https://news.example/2026/10/14/call?ref=a&amp;b=c"' in html
    # The plain-text part carries the headline and the link written out.
    assert "Trump and Xi hold phone call" in text
    assert "https://news.example/2026/10/14/call?ref=a&b=c" in text
    assert "Sources so far: 1" in text


def test_slack_payload_has_linked_headline_and_no_pings_or_disguised_links(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apprise.plugins.slack import NotifySlack

    # apprise's own Slack plugin, unchanged, posting to a loopback webhook instead of Slack.
    monkeypatch.setattr(NotifySlack, "webhook_url", webhook.url + "/services")
    slack_url = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7?blocks=yes&footer=no"
    report = _cycle(tmp_path, feed_server, [{"name": "slack", "url": slack_url}])
    assert report.alerts_sent == 1, report
    assert webhook.paths == ["/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7"]
    blocks = webhook.received[0]["attachments"][0]["blocks"]  # type: ignore[index]
    assert blocks[0]["text"]["text"] == "Phone call: Donald Trump – Xi Jinping"
    text = blocks[1]["text"]["text"]
    assert blocks[1]["text"]["type"] == "mrkdwn"
    # The headline is one Slack link, to the item's URL, its text the (escaped) title.
    links = re.findall(r"<([^<>|]+)\|([^<>]*)>", text)
    assert [url for url, _ in links] == ["https://news.example/2026/10/14/call?ref=a&amp;b=c"]
    assert "Trump and Xi hold phone call" in links[0][1]
    assert "&lt;http://evil.example/y|Official readout&gt;" in text  # visible text, no link
    # No control sequence survives: every < > & left is the link's or an escape.
    outside = re.sub(r"<https://news\.example[^>]*>", "", text)
    assert re.search(r"[<>]|&(?!amp;|lt;|gt;)", outside) is None, outside
    assert not PINGS.search(text)
    assert "*Phone call*" in text and "Sources so far: 1 (official)" in text


def test_json_webhook_gets_the_markdown_message(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    _cycle(tmp_path, feed_server, [{"name": "hook", "url": webhook.apprise_url}])
    [payload] = webhook.received
    body = str(payload["message"])
    assert body.startswith("**[")
    assert re.findall(r"(?<!\\)\]\((\S+?)\)", body) == [
        "https://news.example/2026/10/14/call?ref=a&b=c"
    ]
    assert re.search(r"(?<!\\)[<>]", body) is None and not PINGS.search(body)


def test_text_channel_breaks_pings(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    _cycle(tmp_path, feed_server, [{"name": "hook", "url": webhook.apprise_url, "format": "text"}])
    body = str(webhook.received[0]["message"])
    assert body.splitlines()[1] == "https://news.example/2026/10/14/call?ref=a&b=c"
    assert "@\u200bhere" in body and not re.search(r"@here\b", body)


SECRET_PASS = "pa55Word-Sekrit"
SECRET_TOKEN = "tok3nABCDEF12345"


def test_secrets_never_reach_logs_errors_or_cli_output(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    webhook.fail = True
    url = feed_server.serve("/feed.xml", rss([HOSTILE]))
    hook = f"json://user:{SECRET_PASS}@127.0.0.1:{webhook.port}/{SECRET_TOKEN}"
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [{"name": "hook", "url": hook}, {"name": "env", "url": "${MONITOR_TEST_HOOK}"}],
        NO_CATCHUP,
    )
    cfg.write_text(
        cfg.read_text().replace("[monitor]\n", '[monitor]\nlog_level = "debug"\n'), "utf-8"
    )
    env = {"MONITOR_TEST_HOOK": f"json://127.0.0.1:{webhook.port}/envtok3n987654321"}
    # Real processes: whatever writes to their stdout and stderr, this checks all of it.
    runs = [
        run_monitor("once", "-v", "--config", str(cfg), env=env),
        run_monitor("outbox", "--flush", "--config", str(cfg), env=env),
        run_monitor("notify-test", "--config", str(cfg), env=env),
    ]
    assert webhook.posts >= 3  # the sends were really attempted, and failed
    assert runs[0].returncode == 1 and "alert failed channel=hook" in runs[0].stderr
    assert "503" in runs[2].stdout and runs[2].returncode == 1
    for run in runs:
        out = run.stdout + run.stderr
        for secret in (SECRET_PASS, SECRET_TOKEN, "envtok3n987654321"):
            assert secret not in out, (run.args, out)
    store = Store(tmp_path / "state" / "monitor.db")
    stored = json.dumps([d.to_dict() for d in store.outbox.deliveries()])
    store.close()
    assert "503" in stored and SECRET_TOKEN not in stored
