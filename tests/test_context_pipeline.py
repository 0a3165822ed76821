"""The record is context, never evidence: with an empty record the monitor decides the same.

The bundled demo feeds go through the real pipeline twice, once with the shipped record and
once with an empty one; items, classifications and events must be identical, and only the
context lines of the alert may differ.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import RULES, Webhook

from monitor import config, demo, pipeline
from monitor.classify import Classifier
from monitor.digest import job as digest_job
from monitor.record import gather
from monitor.store import Store

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 29, tzinfo=UTC)


def _run(state: Path, hook: Webhook) -> tuple[list[Any], list[Any]]:
    state.mkdir()
    with demo.serve_directory(demo.data_dir()) as base:
        cfg = demo.write_config(state, base, RULES)
        cfg.write_text(
            cfg.read_text(encoding="utf-8").replace(
                'name = "console"\nurl = "console://"', f'name = "hook"\nurl = "{hook.apprise_url}"'
            ),
            encoding="utf-8",
        )
        settings = config.load(cfg)
        store = Store(settings.db_path)
        try:
            ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
            pipeline.run_cycle(ctx, list(settings.sources), lambda: NOW)
            events = {e.id: e for e in store.events.all()}
            # Sources are fetched in parallel, so rows may be numbered in another order.
            items = sorted(
                (
                    (
                        i.source,
                        i.title,
                        (events[i.event_id].kind, events[i.event_id].date) if i.event_id else None,
                        i.classification and i.classification.to_dict(),
                    )
                    for i in store.items.items_between(datetime(2000, 1, 1, tzinfo=UTC), LATER)
                ),
                key=json.dumps,
            )
            shown = []
            for e in events.values():
                d = e.to_dict()
                d.pop("id")
                d["items"] = sorted(d["items"], key=json.dumps)  # type: ignore[arg-type]
                shown.append(d)
        finally:
            store.close()
    # The page source's links are on this run's loopback port.
    return (
        json.loads(json.dumps(items).replace(base, "")),
        sorted(json.loads(json.dumps(shown).replace(base, "")), key=json.dumps),
    )


def test_an_empty_record_changes_no_decision_only_the_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, webhook: Webhook, second_webhook: Webhook
) -> None:
    with_record = _run(tmp_path / "shipped", webhook)
    monkeypatch.setattr(gather, "shipped", lambda: ())
    without_record = _run(tmp_path / "empty", second_webhook)

    assert with_record == without_record
    items, events = with_record
    assert any(i[3] and i[3]["kind"] != "none" for i in items)
    # "Likely to speak with Xi again before the spring summit" plans a call, which joins
    # the call it follows: the summit only dates it.
    assert sorted((e["kind"], e["status"]) for e in events) == [("phone_call", "occurred")]

    assert len(webhook.received) == len(second_webhook.received) == 1
    shipped_body, empty_body = (
        next(str(m["message"]) for m in hook.received if "Phone call" in str(m["title"]))
        for hook in (webhook, second_webhook)
    )
    assert "First phone call since 2026-02-04" in shipped_body
    assert "First phone call between them on record" in empty_body
    # What the reports themselves say does not depend on the record.
    for body in (shipped_body, empty_body):
        assert "at the request of the US side (per xinhua, xinhua-zh)" in body
        assert "more than an hour (per xinhua)" in body


def test_the_digest_of_a_real_store_carries_context_readouts_and_timeline(
    tmp_path: Path, webhook: Webhook
) -> None:
    state = tmp_path / "s"
    _run(state, webhook)
    settings = config.load(state / "demo.toml")
    store = Store(settings.db_path)
    try:
        md_path, html_path = digest_job.for_day(settings, store, NOW.date(), NOW)
    finally:
        store.close()
    markdown = md_path.read_text(encoding="utf-8")
    assert (
        "Last twelve months: 2025-12 to 2026-11: 2026-02 ●call · 2026-05 ●meeting"
        " · 2026-09 ●meeting · 2026-11 ◉call (this digest)"
    ) in markdown
    assert "  - First phone call since 2026-02-04 (295 days)" in markdown
    assert "  - Their 4th communication this year" in markdown
    assert "  - Asked for: at the request of the US side (per xinhua, xinhua-zh)" in markdown
    assert (
        "Readouts: US (whitehouse): " in markdown and "China (mfa, xinhua, xinhua-zh): " in markdown
    )
    # The planned call is coverage of the call it follows, not a meeting of its own.
    assert "likely to speak with Xi again before the spring summit" in markdown
    assert "Would be the first in-person meeting" not in markdown
    html = html_path.read_text(encoding="utf-8")
    assert "&#9733;1" in html and "<th>US readout" in html
    assert "2026-09 ●meeting · 2026-11 ◉call (this digest)</p>" in html
