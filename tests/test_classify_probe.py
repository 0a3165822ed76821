"""Classes of news language found by the probe, and the probe itself as a guard.

The probe (`tests/fixtures/probe_en.jsonl`) is 160 items of news coverage written for
this project in its own words, independently of the labelled development set: wire
flashes, readouts, state-media phrasing, previews, denials, markets, opinion,
backgrounders, officials' and other leaders' contacts, idioms, letters, video summits
and state visits. Every case below is written for this file too: a title, an optional
lead, a date, and the decision the default rules must reach, "none" or "kind/status".

- outcome: both presidents as the subject of a clause ("Obama, Xi unveil a pact after
  talks in Beijing") report the contact its "after" phrase names; one side alone, or
  anyone else, keeps it background, and a plan stays a plan.
- staged: a purpose told after a staging that took place ("held a ceremony on
  Thursday to welcome Trump") is the contact itself; "will hold a ceremony to welcome"
  and officials' rehearsals stay ahead or no contact.
- joint: a joint news conference or appearance brings the two together.
- calmed: what a contact calms ("shares rally as the Biden-Xi meeting eases tensions")
  is a follow-up; the presidents easing fears in their call, or a lead saying what was
  said in it, are reports.
- below: talks that by their name are held below the presidents (military-to-military,
  working-level, ministerial) are no contact between them.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from helpers import FIXTURES, assert_both_ways, case_params, reading

from monitor.classify import Classifier
from monitor.classify.evaluate import evaluate
from monitor.classify.records import read_jsonl

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PHONE, MEET = "phone_call", "in_person_meeting"
PROBE = FIXTURES / "probe_en.jsonl"

# (class, title, lead, published, expected)
CASES = [
    ("outcome", "Obama, Xi unveil emissions pact after talks in Beijing", "", "2014-11-12", f"{MEET}/occurred"),
    ("outcome", "Biden and Xi pledge to curb fentanyl after meeting in California", "", "2023-11-15", f"{MEET}/occurred"),
    ("outcome", "Trump and Xi trade barbs following phone call", "", "2020-03-20", f"{PHONE}/occurred"),
    ("outcome", "Xi and Trump agree on tariff pause after dinner in Buenos Aires", "", "2018-12-02", f"{MEET}/occurred"),
    ("outcome", "Trump and Xi to meet again after Busan summit", "", "2025-11-01", f"{MEET}/planned"),
    ("outcome", "Trump and Xi have not spoken since the Busan summit", "", "2025-11-10", "none"),
    ("outcome", "Soybean buyers return after Trump-Xi summit", "", "2025-10-31", "none"),
    ("outcome", "Trump lifts chip curbs after call with Xi", "", "2025-06-07", "none"),
    ("outcome", "Biden and Xi would talk again after the summit, aides say", "", "2023-11-20", f"{PHONE}/planned"),
    ("staged", "Xi hosts welcome banquet for Obama", "Chinese President Xi Jinping hosted a banquet on Monday evening to honour U.S. President Barack Obama.", "2014-11-10", f"{MEET}/occurred"),
    ("staged", "Xi greets Trump at Great Hall", "Chinese President Xi Jinping held a ceremony on Thursday morning to welcome U.S. President Donald Trump to Beijing.", "2017-11-09", f"{MEET}/occurred"),
    ("staged", "Obama rolls out red carpet for Xi", "President Obama held an arrival ceremony on the South Lawn to welcome Chinese President Xi Jinping on Friday.", "2015-09-25", f"{MEET}/occurred"),
    ("staged", "China to roll out red carpet for Trump", "Chinese President Xi Jinping will hold a ceremony to welcome U.S. President Donald Trump next week.", "2017-11-03", f"{MEET}/planned"),
    ("staged", "Beijing readies Great Hall for Trump", "Chinese officials held rehearsals on Tuesday to welcome U.S. President Donald Trump, who arrives on Wednesday.", "2017-11-07", "none"),
    ("staged", "White House plans lavish dinner for Xi", "Aides have held meetings all week to prepare a state dinner for Chinese President Xi Jinping, who arrives on Thursday.", "2015-09-22", "none"),
    ("joint", "Obama and Xi hold joint news conference in Beijing", "", "2014-11-12", f"{MEET}/occurred"),
    ("joint", "Trump and Xi make joint appearance at Great Hall", "", "2017-11-09", f"{MEET}/occurred"),
    ("joint", "Obama and Xi clash over rights", "The two presidents sparred over press freedom at a joint news conference in Beijing on Wednesday.", "2014-11-12", f"{MEET}/occurred"),
    ("joint", "Obama, Xi to hold joint news conference after talks", "", "2014-11-10", f"{MEET}/planned"),
    ("joint", "No joint news conference planned for Trump and Xi", "", "2017-11-07", "none"),
    ("calmed", "Asian shares rally as Biden-Xi meeting eases tensions", "", "2022-11-15", "none"),
    ("calmed", "Oil steadies as Trump-Xi call calms trade fears", "", "2025-06-06", "none"),
    ("calmed", "Trump-Xi summit revives hopes for farm exports", "", "2025-10-31", "none"),
    ("calmed", "Trump and Xi ease trade fears in phone call", "", "2025-06-06", f"{PHONE}/occurred"),
    ("calmed", "Xi says call with Trump eased tensions", "Chinese President Xi Jinping told U.S. President Donald Trump in a phone call on Thursday that trade tensions had eased.", "2025-06-05", f"{PHONE}/occurred"),
    ("calmed", "Biden says meeting with Xi calmed nerves", "President Joe Biden said on Wednesday his meeting with Chinese President Xi Jinping had calmed nerves in the region.", "2023-11-15", f"{MEET}/occurred"),
    ("below", "U.S., China resume military-to-military talks after Biden-Xi summit", "", "2024-01-09", "none"),
    ("below", "Working-level talks continue as Trump and Xi prepare to meet", "", "2025-10-25", f"{MEET}/planned"),
    ("below", "Ministerial talks in Geneva pave way for Trump-Xi call", "", "2025-05-12", f"{PHONE}/planned"),
    ("below", "Biden and Xi agree to restart military-to-military talks at their summit", "", "2023-11-15", f"{MEET}/occurred"),
    ("below", "Trump and Xi hold talks in Busan", "", "2025-10-30", f"{MEET}/occurred"),
]  # fmt: skip

# What the shipped rules reach on the whole probe, rounded down: a change that breaks a
# class of its language falls below.
PROBE_PRECISION = 0.98
PROBE_RECALL = 0.98


@pytest.mark.parametrize(
    ("title", "lead", "published", "expected"),
    case_params(CASES),
)
def test_case(clf: Classifier, title: str, lead: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, lead, published)
    assert got == expected, evidence


def test_every_class_has_cases_both_ways() -> None:
    assert_both_ways(CASES, {"outcome", "staged", "joint", "calmed", "below"})


def test_probe_is_labelled_as_the_labels_say() -> None:
    items: list[dict[str, Any]] = [
        json.loads(line) for line in PROBE.read_text(encoding="utf-8").splitlines()
    ]
    assert len(items) == 160
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        positive = item["label"] != "none"
        assert (item["status"] == "occurred") == positive, item["id"]
        assert item["status"] in ("occurred", "planned", None), item["id"]
        assert 2013 <= int(item["published"][:4]) <= 2026, item["id"]
    share = sum(i["label"] != "none" for i in items) / len(items)
    assert 0.4 <= share <= 0.5


def test_probe_scores_hold(clf: Classifier) -> None:
    report = evaluate(clf, list(read_jsonl(PROBE)), NOW)
    assert math.floor(report.detection["precision"] * 100) / 100 >= PROBE_PRECISION, report.misses
    assert math.floor(report.detection["recall"] * 100) / 100 >= PROBE_RECALL, report.misses
