"""Three more classes of news language, several cases each, both ways.

Every case is written for this file (none is a headline from any data set): a title,
an optional lead, a date, and the decision the default rules must reach, "none" or
"kind/status".

- fresh: a contact given as the reason for other news ("after Trump and Xi spoke by
  phone Tuesday") is news itself when a time marker of the item's week dates it; with
  no such marker, or a date well before, it stays background; "ahead of" and "before"
  keep it ahead.
- talk: "X talks to Y", "X had a talk with Y" between the two presidents is a call,
  unless the item names another mode; a talk to anyone else is no contact.
- timed: a planned talk that a summit only dates is a planned call.
"""

from __future__ import annotations

import pytest
from helpers import assert_both_ways, case_params, reading

from monitor.classify import Classifier

PHONE, VIDEO, MEET = "phone_call", "video_call", "in_person_meeting"

# (class, title, lead, published, expected)
CASES = [
    # A fresh contact in an "after" phrase is news.
    ("fresh", "Trump to visit Beijing in April following a phone call with Xi on Wednesday", "", "2025-11-27", f"{PHONE}/occurred"),
    ("fresh", "Stocks climb after Trump and Xi spoke by phone Tuesday", "", "2025-09-17", f"{PHONE}/occurred"),
    ("fresh", "Chip curbs eased after Biden-Xi call this morning", "", "2022-07-28", f"{PHONE}/occurred"),
    ("fresh", "Beijing orders more soybeans after the Trump-Xi call yesterday", "", "2025-06-06", f"{PHONE}/occurred"),
    ("fresh", "Yuan firms after Trump and Xi spoke by phone last night", "", "2025-06-06", f"{PHONE}/occurred"),
    ("fresh", "Export licences resume after Biden and Xi spoke by phone on Apr. 2", "", "2024-04-04", f"{PHONE}/occurred"),
    ("fresh", "Yuan rallies after Trump and Xi spoke by phone on Dec. 30", "", "2026-01-02", f"{PHONE}/occurred"),
    ("fresh", "After Monday's Trump-Xi call, tariff talk cools", "", "2025-11-26", f"{PHONE}/occurred"),
    ("fresh", "Markets steady", "Asian shares held gains on Thursday after Trump and Xi spoke by phone on Wednesday.", "2025-11-27", f"{PHONE}/occurred"),
    # The main clause's contact still names the kind.
    ("fresh", "Trump calls Xi days after their meeting on Thursday", "", "2025-11-04", f"{PHONE}/occurred"),
    ("fresh", "Xi and Trump meet in Beijing after a phone call on Monday", "", "2026-04-01", f"{MEET}/occurred"),
    # ... while an undated or older one stays background, and a coming one ahead.
    ("fresh", "Trump will visit Beijing after their call in November", "", "2026-01-12", "none"),
    ("fresh", "Tensions ease since the Busan summit with Xi", "", "2025-12-03", "none"),
    ("fresh", "After the Trump-Xi call, soybean purchases rose", "", "2025-09-25", "none"),
    ("fresh", "Export licences resume after Biden and Xi spoke by phone on Feb. 2", "", "2024-04-04", "none"),
    ("fresh", "Soybean futures rally Tuesday after the Trump-Xi call", "", "2025-09-23", "none"),
    ("fresh", "Trump prepares ahead of a call with Xi on Wednesday", "", "2025-11-23", f"{PHONE}/planned"),
    ("fresh", "Aides brief Trump before Thursday's call with Xi", "", "2025-09-16", f"{PHONE}/planned"),
    ("fresh", "Trump to visit Beijing after a call with Xi next Wednesday", "", "2025-11-20", f"{MEET}/planned"),
    # A talk with the other president, in the present or as "had a talk".
    ("talk", "Trump talks to Xi by phone", "", "2025-06-05", f"{PHONE}/occurred"),
    ("talk", "Trump talks to Xi as tariff deadline nears", "", "2025-09-19", f"{PHONE}/occurred"),
    ("talk", "Biden talks to Chinese President Xi about Taiwan", "", "2023-02-08", f"{PHONE}/occurred"),
    ("talk", "Trump says he had a talk with Xi about fentanyl", "", "2025-02-20", f"{PHONE}/occurred"),
    ("talk", "Trump talks to Xi by video link", "", "2025-03-04", f"{VIDEO}/occurred"),
    ("talk", "Trump will talk to Xi next week", "", "2025-06-01", f"{PHONE}/planned"),
    ("talk", "Biden speaks with his Chinese counterpart on the tariff truce", "", "2022-07-28", f"{PHONE}/occurred"),
    # ... while a talk to anyone else is no contact.
    ("talk", "Trump speaks to the press about Xi and tariffs", "", "2025-06-05", "none"),
    ("talk", "Trump talks to reporters about Xi", "", "2025-06-05", "none"),
    ("talk", "Trump talks to Xi's envoy in the Oval Office", "", "2025-06-05", "none"),
    ("talk", "Biden talks to Congress about Xi and Taiwan", "", "2023-02-08", "none"),
    ("talk", "Trump talks to supporters, says Xi respects him", "", "2025-04-11", "none"),
    # A planned talk dated by a summit is a planned call.
    ("timed", "Trump likely to speak with Xi again before the spring summit", "", "2026-01-20", f"{PHONE}/planned"),
    ("timed", "Trump expects to talk to Xi before the summit in Beijing", "", "2026-02-03", f"{PHONE}/planned"),
    ("timed", "Biden will call Xi ahead of their San Francisco meeting", "", "2023-10-30", f"{PHONE}/planned"),
    ("timed", "Trump wants to speak with Xi prior to the APEC meeting", "", "2025-10-02", f"{PHONE}/planned"),
    # ... while a summit with no talk before it is the plan, and a talk that happened wins.
    ("timed", "Trump to meet Xi at the spring summit", "", "2026-01-20", f"{MEET}/planned"),
    ("timed", "Trump will travel to Beijing before the summit with Xi", "", "2026-03-20", f"{MEET}/planned"),
    ("timed", "Trump spoke with Xi before the summit", "", "2025-10-20", f"{PHONE}/occurred"),
    ("timed", "Trump aides say a summit with Xi must wait until after the tariff talks", "", "2025-09-12", "none"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lead", "published", "expected"),
    case_params(CASES),
)
def test_case(clf: Classifier, title: str, lead: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, lead, published)
    assert got == expected, evidence


def test_every_class_has_cases_both_ways() -> None:
    assert_both_ways(CASES, {"fresh", "talk", "timed"})
