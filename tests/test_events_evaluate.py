"""`monitor evaluate --events`: labelled items replayed into a scratch state, alerts scored
per real communication."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from helpers import RULES, run_cli, write_config

from monitor.classify.evaluate import part_of, select
from monitor.cli import cli
from monitor.models import Document
from monitor.replay import score as evaluate
from monitor.replay.run import Replayed, instant

FIXTURE = Path(__file__).parent / "fixtures" / "events_labeled.jsonl"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["evaluate", str(FIXTURE), "--events", *args])
    return result.exit_code, result.output


def _config(tmp_path: Path, extra: str = "") -> Path:
    # A channel that would fail if anything were sent to it: nothing must be.
    channels = [{"name": "desk", "url": "json://127.0.0.1:9/never"}]
    return write_config(tmp_path, [], channels, extra=extra)


def test_figures_and_lists_of_the_whole_fixture(tmp_path: Path) -> None:
    code, out = _run("--config", str(_config(tmp_path)), "--json")
    assert code == 0, out
    report = json.loads(out)
    # The letter, the call (announced, then reported three times) and the false call alert;
    # a dated readout two days after the call is a second event: a repeat.
    assert (report["alerts"], report["communications"]) == (4, 3)
    assert report["alert_precision"] == 0.75
    assert report["event_recall"] == 0.667
    assert report["repeats"] == 1
    assert [i["id"] for a in report["false_alerts"] for i in a["items"]] == ["fx-07"]
    assert [(m["communication"], m["whose"]) for m in report["missed"]] == [
        ("phone_call biden/jinping 2024-08-02", "classifier")
    ]
    assert report["repeated"] == [
        {"communication": "phone_call biden/jinping 2024-03-12", "alerted_events": 2}
    ]


def test_the_users_state_is_never_touched(tmp_path: Path) -> None:
    code, out = _run("--config", str(_config(tmp_path)))
    assert code == 0, out
    assert not (tmp_path / "state").exists()
    assert "alert precision  0.750" in out
    assert "fx-06  2024-08-02  read none: The two leaders compared notes" in out
    assert "(lost by the classifier)" in out


def test_the_users_events_settings_apply(tmp_path: Path) -> None:
    cfg = _config(tmp_path, extra="\n[events]\nalert_planned = true\n")
    code, out = _run("--config", str(cfg), "--json")
    assert code == 0, out
    report = json.loads(out)
    # The announced call alerts when announced, and once more when it happens.
    assert report["alerts"] == 5
    assert report["alert_precision"] == 0.8


def test_the_configs_rules_apply_and_rules_replaces_them(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("[monitor]\n", '[monitor]\nrules = "mine.toml"\n'), "utf-8")
    done = run_cli("evaluate", str(FIXTURE), "--events", "--config", str(cfg))
    assert done.returncode == 2, done.stderr  # the config's own rules were looked for
    assert "mine.toml" in done.stderr
    done = run_cli(
        "evaluate", str(FIXTURE), "--events", "--config", str(cfg), "--rules", str(RULES)
    )
    assert done.returncode == 0 and "alert precision" in done.stdout, done.stderr


def test_parts_split_by_the_stable_hash(tmp_path: Path) -> None:
    cfg = str(_config(tmp_path))
    figures = {}
    for part in ("tune", "check"):
        code, out = _run("--config", cfg, "--part", part, "--json")
        assert code == 0, out
        figures[part] = json.loads(out)
    assert figures["tune"]["items"] + figures["check"]["items"] == 8
    check = figures["check"]
    assert (check["alerts"], check["alert_precision"], check["communications"]) == (2, 1.0, 3)
    tune = figures["tune"]
    assert (tune["alerts"], tune["repeats"], tune["event_recall"]) == (3, 1, 1.0)


def test_check_part_is_a_quarter_by_sha256() -> None:
    ids = [f"item-{n}" for n in range(400)]
    check = [i for i in ids if part_of(i) == "check"]
    assert check == [i for i in ids if int(hashlib.sha256(i.encode()).hexdigest(), 16) % 4 == 0]
    assert 70 < len(check) < 130
    items = [({"id": i}, Document(title=i)) for i in ids]
    assert len(select(items, "check")) == len(check)
    assert len(select(items, "tune")) == len(ids) - len(check)
    assert select(items, "all") == items


def test_a_date_alone_is_noon_utc() -> None:
    assert instant("2024-03-11") == datetime(2024, 3, 11, 12, tzinfo=UTC)
    assert instant("2024-03-11T23:10:00-05:00") == datetime(2024, 3, 12, 4, 10, tzinfo=UTC)
    assert instant("2024-03") == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert instant("") is None and instant(None) is None


def test_dates_in_any_form_evaluate_reads_replay_too(tmp_path: Path) -> None:
    # Item-level `evaluate` reads RFC 822 and Chinese dates; the replay must too.
    assert instant("Mon, 24 Nov 2025 13:00:00 GMT") == datetime(2025, 11, 24, 13, tzinfo=UTC)
    labelled = tmp_path / "one.jsonl"
    record = {"id": "t-1", "title": "Trump and Xi hold phone call", "label": "phone_call",
              "status": "occurred", "published": "Mon, 24 Nov 2025 13:00:00 GMT"}  # fmt: skip
    labelled.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(labelled), "--events"])
    assert result.exit_code == 0, result.output
    assert "event recall     1.000  (1 of 1 communications alerted)" in result.output


def _positive(rid: str, day: str, kind: str = "phone_call", who: str = "Trump") -> dict[str, Any]:
    return {
        "id": rid,
        "published": day,
        "label": kind,
        "status": "occurred",
        "leaders": [who, "Xi Jinping"],
    }


def test_communications_group_by_leaders_kind_and_days() -> None:
    records = [
        _positive("a", "2025-01-17"),
        _positive("b", "2025-01-19"),  # two days on: the same call
        _positive("c", "2025-01-22"),  # three days after the last: another
        _positive("d", "2025-01-17", kind="letter_or_message"),
        _positive("e", "2025-01-17", who="Biden"),
        {"id": "f", "published": "2025-01-17", "label": "phone_call", "status": "planned"},
        {"id": "g", "published": "2025-01-17", "label": "none", "status": None},
    ]
    groups = evaluate.communications(records)
    assert sorted(sorted(r["id"] for r in c.records) for c in groups) == [
        ["a", "b"],
        ["c"],
        ["d"],
        ["e"],
    ]


def test_an_event_holding_two_communications_counts_for_one() -> None:
    records = [_positive("a", "2025-01-17"), _positive("b", "2025-01-17", "letter_or_message")]
    folded = Replayed(
        item_of={"a": 1, "b": 2},
        readings={1: (7, "phone_call", "occurred"), 2: (7, "phone_call", "occurred")},
        alerts=[(7, "new")],
    )
    report = evaluate.score(records, folded)
    assert (report.alert_precision, report.event_recall, report.repeats) == (1.0, 0.5, 0)
    assert [(m.communication.kind, m.whose) for m in report.missed] == [
        ("letter_or_message", "events")
    ]


def test_items_without_a_date_come_last_as_of_now(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    # Trump and Xi, as of now: a call whose label says it is none, so a false alert.
    undated = {"id": "u-1", "title": "Trump and Xi hold phone call", "label": "none"}
    labelled.write_text(
        FIXTURE.read_text(encoding="utf-8") + json.dumps(undated) + "\n", encoding="utf-8"
    )
    cfg = str(_config(tmp_path))
    result = CliRunner().invoke(cli, ["evaluate", str(labelled), "--events", "--config", cfg])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("9 items replayed (1 without a date, as of now), 5 alerts")
    assert "u-1  None  [none]  Trump and Xi hold phone call" in result.output


def _record(rid: str, at: str, outlet: str, url: str, title: str, summary: str) -> dict[str, Any]:
    return {
        "id": rid,
        "published": at,
        "source": outlet,
        "url": url,
        "title": title,
        "summary": summary,
        "label": "video_call",
        "status": "occurred",
        "leaders": ["Donald Trump", "Xi Jinping"],
    }


def test_a_configured_sources_tier_applies_to_items_from_its_host(tmp_path: Path) -> None:
    from monitor import config
    from monitor.classify import Classifier
    from monitor.replay.run import replay

    gov = {"name": "gov", "url": "https://gov.example/feed/", "tier": "official"}
    settings = config.load(write_config(tmp_path, [gov]), check_channels=False)
    records = [
        _record(
            "t-1",
            "2026-09-21T14:00:00Z",
            "Capital Times",
            "https://capitaltimes.example/2026/09/21/trump-xi-call/",
            "Trump and Xi hold phone call, report says",
            "U.S. President Donald Trump and Chinese President Xi Jinping held a phone call.",
        ),
        _record(
            "t-2",
            "2026-09-21T20:00:00Z",
            "Government",
            "https://gov.example/briefings/2026/09/21/readout-video-call-xi/",
            "Readout of President Trump's Video Call with President Xi Jinping",
            "President Donald J. Trump held a video call with President Xi Jinping of China.",
        ),
    ]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    replayed = replay(settings, Classifier.load(settings.rules_path), records, now)
    # The official readout outranks the outlet: the event's kind is corrected, once.
    assert [reason for _, reason in replayed.alerts] == ["new", "kind"]
    report = evaluate.score(records, replayed)
    assert (report.alert_precision, report.event_recall, report.repeats) == (1.0, 1.0, 0)
