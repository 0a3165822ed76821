"""The evaluation figures: what counts as a detection, and how the labels are scored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from helpers import RULES

from monitor.classify import Classifier
from monitor.classify.evaluate import effective, evaluate, format_report, part_of, select
from monitor.classify.records import document, parse_published
from monitor.errors import UsageError
from monitor.models import Document

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def item(
    rid: str, title: str, published: str, label: str, status: str | None, leaders: list[str]
) -> tuple[dict[str, Any], Document]:
    raw: dict[str, Any] = {
        "id": rid,
        "title": title,
        "published": published,
        "label": label,
        "status": status,
        "leaders": leaders,
    }
    return raw, document(raw, rid)


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        ("phone_call", "occurred", "phone_call"),
        ("phone_call", "planned", "none"),  # planned is news, not a detection
        ("none", None, "none"),
        (None, None, "none"),
    ],
)
def test_effective_label(kind: str | None, status: str | None, expected: str) -> None:
    assert effective(kind, status) == expected


def test_figures_on_a_small_set() -> None:
    items = [
        item(
            "1",
            "Trump and Xi speak by phone",
            "2025-06-05",
            "phone_call",
            "occurred",
            ["Trump", "Xi Jinping"],
        ),
        item(
            "2",
            "Obama and Xi meet at Sunnylands",
            "2013-06-08",
            "in_person_meeting",
            "occurred",
            ["Obama", "Xi Jinping"],
        ),
        item(
            "3",
            "Biden and Xi to meet next week",
            "2022-11-08",
            "none",
            "planned",
            ["Biden", "Xi Jinping"],
        ),
        # A wrong label on purpose: the item reports a meeting, labeled as a non-event.
        item("4", "Biden and Xi meet in Bali", "2022-11-14", "none", None, []),
        item("5", "Xinhua: Xi'an lockdown lifted", "2022-01-24", "none", None, []),
    ]
    report = evaluate(Classifier.load(RULES), items, NOW)
    assert report.total == 5
    assert report.detection == {"precision": 0.667, "recall": 1.0, "tp": 2, "fp": 1, "fn": 0}
    assert report.kind_accuracy == 1.0 and report.leader_accuracy == 1.0
    assert report.confusion["none"]["in_person_meeting"] == 1
    assert report.per_label["in_person_meeting"]["precision"] == 0.5
    assert report.per_label["none"]["recall"] == pytest.approx(0.667)
    assert [m.id for m in report.misses] == ["4"]
    text = format_report(report)
    assert "- 4  expected none, got in_person_meeting (occurred)" in text


def test_figures_without_the_contested_items() -> None:
    items = [
        item("1", "Trump and Xi speak by phone", "2025-06-05", "phone_call", "occurred", ["Xi"]),
        item("2", "Biden and Xi meet in Bali", "2022-11-14", "none", None, []),
        item("3", "Biden and Xi to meet next week", "2022-11-08", "none", "planned", []),
    ]
    classifier = Classifier.load(RULES)
    assert evaluate(classifier, items, NOW).detection_uncontested is None  # none contested
    items[1][0]["contested"] = True  # the wrong label above, marked as one to argue about
    report = evaluate(classifier, items, NOW)
    assert report.detection == {"precision": 0.5, "recall": 1.0, "tp": 1, "fp": 1, "fn": 0}
    assert report.detection_uncontested == {
        "precision": 1.0,
        "recall": 1.0,
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "left_out": 1,
    }
    assert "without the 1 contested items  precision 1.000  recall 1.000" in format_report(report)
    assert report.to_dict()["detection_uncontested"]["left_out"] == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11", datetime(2025, 11, 1, tzinfo=UTC)),
        ("2024-04-02", datetime(2024, 4, 2, tzinfo=UTC)),
        ("2024-04-02T23:30:00-05:00", datetime(2024, 4, 3, 4, 30, tzinfo=UTC)),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: datetime | None) -> None:
    assert parse_published(value) == expected


def test_bad_record_is_usage_error() -> None:
    with pytest.raises(UsageError, match=r"f\.jsonl:3: every record needs a string 'title'"):
        document({"summary": "x"}, "f.jsonl:3")
    with pytest.raises(UsageError, match="bad 'published'"):
        document({"title": "x", "published": "yesterday"}, "f.jsonl:4")


def test_parts_split_by_a_stable_hash_of_the_id() -> None:
    # The rule is fixed: the check part is sha256(id) % 4 == 0, whatever the order.
    ids = [f"a-{n}" for n in range(1, 9)]
    assert [part_of(i) for i in ids] == ["tune"] * 6 + ["check"] * 2
    items = [item(i, "Xi'an museum reopens", "2025-01-01", "none", None, []) for i in ids]
    check = select(items, "check")
    tune = select(items, "tune")
    assert [raw["id"] for raw, _ in check] == ["a-7", "a-8"]
    assert len(tune) == 6 and select(items, "all") == items
    assert select(list(reversed(items)), "check") == list(reversed(check))
