"""The digest sent by email, `monitor notify-test`, `monitor outbox` and channel config checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import (
    CALL,
    NO_CATCHUP,
    RULES,
    FeedServer,
    SmtpSink,
    Webhook,
    rss,
    run_cli,
    run_monitor,
    write_config,
)

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.digest import job as digest_job
from monitor.errors import ConfigError
from monitor.store import Store

T0 = datetime(2026, 10, 15, 8, 0, tzinfo=UTC)


def test_daily_digest_is_yesterdays_emailed_once_and_on_demand_again(
    tmp_path: Path, feed_server: FeedServer, smtp: SmtpSink, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [
            {"name": "hook", "url": webhook.apprise_url},
            # Event alerts go elsewhere: this inbox takes the digest and video calls only.
            {"name": "email", "url": smtp.apprise_url, "kinds": ["video_call"]},
        ],
        NO_CATCHUP + '\n[digest]\nat = "07:00"\nchannels = ["email"]\n',
    )
    settings = config.load(cfg)
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        pipeline.run_cycle(ctx, list(settings.sources), lambda: T0)
        assert len(webhook.received) == 1 and smtp.messages == []
        morning = T0 + timedelta(days=1) - timedelta(hours=1)  # 2026-10-16 07:00
        md_path, html_path = digest_job.daily(settings, store, morning)
        pipeline.send_due(store, settings, morning)
        digest_job.daily(settings, store, morning + timedelta(minutes=5))  # a restarted daemon
        pipeline.send_due(store, settings, morning + timedelta(minutes=5))
    finally:
        store.close()
    assert md_path.name == "2026-10-15.md" and html_path.name == "2026-10-15.html"
    assert "President Trump holds phone call" in md_path.read_text()
    [msg] = smtp.messages
    assert msg["Subject"] == "US–China leader communications: digest for 2026-10-15"
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert html.startswith("<!DOCTYPE html>") and "<h3>Phone call (1)</h3>" in html
    assert "President Trump holds phone call with President Xi Jinping" in text
    assert "Source health" in text

    # On demand: an empty day says so, and --send sends it even though one went today.
    out = run_cli("digest", "--date", "2026-10-01", "--send", "--config", str(cfg))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.split() == [
        str(tmp_path / "state" / "digests" / "2026-10-01.md"),
        str(tmp_path / "state" / "digests" / "2026-10-01.html"),
    ]
    assert len(smtp.messages) == 2
    assert "Nothing to report" in smtp.messages[1].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    smtp.close()  # the mail server goes down: the digest is written, not sent, and queued
    # A real process once: the console script's exit code for a digest it could not send.
    down = run_monitor("digest", "--date", "2026-10-02", "--send", "--config", str(cfg))
    assert down.returncode == 1
    assert "digest not sent to email:" in down.stderr and "2026-10-02.html" in down.stdout


def test_notify_test_renders_through_the_channels_template_and_reports_failures(
    tmp_path: Path, webhook: Webhook, second_webhook: Webhook
) -> None:
    second_webhook.fail = True
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "short.md.j2").write_text(
        "{% set title %}[{{ e.kind_label }}] {{ e.leaders_text }}{% endset %}"
        "{{ e.headline }} <{{ e.url }}>\n",
        encoding="utf-8",
    )
    cfg = write_config(
        tmp_path,
        [],
        [
            {"name": "team", "url": webhook.apprise_url, "template": "tpl/short.md.j2"},
            {"name": "broken", "url": second_webhook.apprise_url},
        ],
    )
    result = run_cli("notify-test", "--config", str(cfg))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "team (json://***, markdown): ok"
    assert lines[1].startswith("broken (json://***, markdown): FAILED: ") and "503" in lines[1]
    [sample] = webhook.received
    assert sample["title"] == "[Phone call] Donald Trump – Xi Jinping"
    assert str(sample["message"]).strip() == (
        "Sample: Trump and Xi hold phone call (a test of this channel) "
        "<https://example.com/sample-readout>"
    )


def test_outbox_lists_dead_deliveries_and_retries_them(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    webhook.fail = True
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [{"name": "hook", "url": webhook.apprise_url}],
        NO_CATCHUP + "max_attempts = 1\n",
    )
    settings = config.load(cfg)
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        assert pipeline.run_cycle(ctx, list(settings.sources), lambda: T0).alerts_failed == 1
    finally:
        store.close()
    listing = run_cli("outbox", "--config", str(cfg))
    assert listing.returncode == 1  # something is dead
    assert "outbox: 0 pending, 0 sent, 1 dead" in listing.stdout
    assert "dead    hook         Phone call (occurred): Donald Trump – Xi Jinping" in listing.stdout
    assert "last error: Failed to send JSON POST notification" in listing.stdout

    webhook.fail = False
    retried = run_cli("outbox", "--retry-dead", "--json", "--state", "sent", "--config", str(cfg))
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert "1 dead delivery queued again." in retried.stderr
    [row] = json.loads(retried.stdout)
    assert row["state"] == "sent" and row["channel"] == "hook" and row["kind"] == "event"
    assert len(webhook.received) == 1


def _cfg(tmp_path: Path, channel_extra: str, extra: str = "") -> Path:
    text = (
        f"[monitor]\nstate_dir = {str(tmp_path / 'state')!r}\n"
        f"rules = {str(RULES)!r}\n"
        '[[sources]]\nname = "a"\nurl = "https://example.com/feed"\n'
        f'[[channels]]\nname = "c"\nurl = "json://127.0.0.1:9/x"\n{channel_extra}\n{extra}'
    )
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_channel_config_problems_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "bad.j2").write_text("{% for x in y %}\nno end\n", encoding="utf-8")
    path = _cfg(
        tmp_path,
        'format = "pdf"\nkinds = ["phone"]\nmin_score = 2\n',
        '[digest]\nchannels = ["nobody"]\n[alerts]\nbackoff = "soon"\n',
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    text = str(info.value)
    for fragment in ("channels[0] (name = 'c').format", ".kinds", ".min_score", "alerts.backoff"):
        assert fragment in text, fragment
    path = _cfg(
        tmp_path,
        'template = "bad.j2"\nhealth_template = "none.j2"\nsources = ["zz"]\n',
        '[digest]\nchannels = ["nobody"]\n',
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    text = str(info.value)
    assert f"channels[0] (name = 'c').template: {tmp_path / 'bad.j2'}:" in text
    assert "template syntax error" in text
    assert "health_template: cannot read template" in text
    assert "sources: no source named 'zz'" in text
    assert "digest.channels: no channel named 'nobody'" in text


def test_channel_filters_must_name_leaders_and_topics_of_the_rules(tmp_path: Path) -> None:
    path = _cfg(tmp_path, 'leaders = ["Xi Jinping", "Xi"]\ntopics = ["taiwan", "tariffs"]\n')
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "leaders: not a leader in the rules: 'Xi'" in result.stderr
    assert "topics: not a topic in the rules: 'tariffs'" in result.stderr
    assert "Traceback" not in result.stderr


def test_effective_config_shows_channels_filters_and_resolved_format(tmp_path: Path) -> None:
    path = _cfg(tmp_path, 'kinds = ["phone_call"]\ntimeout = "5s"\n')
    settings = config.load(path)
    ch = config.effective(settings)["channels"][0]
    assert ch == {
        "name": "c",
        "url": "json://***",
        "format": "markdown",
        "timeout": 5.0,
        "kinds": ["phone_call"],
        "source_health": True,
    }
    mail = _cfg(
        tmp_path,
        "",
        '[[channels]]\nname = "m"\nurl = "mailto://127.0.0.1:25?from=a@example.com&to=b@example.com&mode=insecure"\n',
    )
    from monitor.alerts.sender import format_for

    assert [format_for(c) for c in config.load(mail).channels] == ["markdown", "html"]
