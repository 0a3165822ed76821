"""The classifier against the default rules: the seed story and one hard case per trap."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.models import Classification, Document

FIXTURES = Path(__file__).parent / "fixtures" / "classify"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def seed_doc() -> Document:
    title, _, body = (FIXTURES / "seed_call.txt").read_text(encoding="utf-8").partition("\n")
    return Document(title=title.strip(), text=body.strip(), published=day("2024-04-02"))


def test_seed_story_is_an_occurred_biden_xi_phone_call(clf: Classifier) -> None:
    result = clf.classify(seed_doc(), NOW)
    assert (result.kind, result.status) == ("phone_call", "occurred")
    assert result.leaders == ["Joe Biden", "Xi Jinping"]
    expected_topics = {
        "taiwan",
        "ai",
        "military_channels",
        "fentanyl",
        "climate",
        "south_china_sea",
        "russia_ukraine",
        "korean_peninsula",
    }
    assert expected_topics <= set(result.topics)
    assert 0 < result.score <= 1
    assert any(e.rule == "kind:phone_call/phone call" for e in result.evidence)


def test_seed_lead_meeting_is_history_not_a_meeting(clf: Classifier) -> None:
    # The lead alone: the in-person meeting it names happened months before.
    lead = seed_doc().text.split("\n")[0]
    result = clf.classify(Document(title=lead, published=day("2024-04-02")), NOW)
    assert result.kind == "phone_call"
    assert not any("in_person_meeting" in e.rule for e in result.evidence)


def test_seed_pick_up_the_phone_is_no_second_call(clf: Classifier) -> None:
    quote = seed_doc().text.strip().split("\n")[-1]
    result = clf.classify(Document(title=quote, published=day("2024-04-02")), NOW)
    assert result.kind == "none"


# One hard case per trap: (title, summary, published, kind, status, leaders).
HARD_CASES = {
    "negation_denial": (
        "Beijing says no phone call took place between Xi and Trump",
        "China's foreign ministry said President Xi Jinping has not called President "
        "Donald Trump, contradicting the American leader's account.",
        "2025-04-29",
        "none",
        None,
        [],
    ),
    "negation_disputed_account": (
        "Beijing disputes Trump's account of a phone call with Xi",
        "",
        "2025-05-02",
        "none",
        None,
        [],
    ),
    "phone_without_article": (
        "Trump and Xi talk on phone about soybean purchases",
        "",
        "2025-10-02",
        "phone_call",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "letter_wrote_to": (
        "Xi wrote to Biden after the floods, state media says",
        "",
        "2023-08-10",
        "letter_or_message",
        "occurred",
        ["Joe Biden", "Xi Jinping"],
    ),
    "negation_not_spoken": (
        "Biden and Xi have not spoken by phone in more than a year",
        "",
        "2023-09-20",
        "none",
        None,
        [],
    ),
    "history_background": (
        "Yellen arrives in Beijing for talks on the economy",
        "The visit comes months after President Joe Biden and Chinese President Xi Jinping "
        "last met in Bali.",
        "2023-07-06",
        "none",
        None,
        [],
    ),
    "history_since": (
        "Tariff truce holds as markets rally",
        "Trade has calmed since Trump and Xi met in Busan.",
        "2025-12-01",
        "none",
        None,
        [],
    ),
    "hypothetical": (
        "Trump says he might call Xi if talks on tariffs stall",
        "",
        "2025-04-10",
        "none",
        None,
        [],
    ),
    "idiom_calls_for": (
        "Xi calls for calm after Biden remarks on Taiwan",
        "",
        "2022-05-24",
        "none",
        None,
        [],
    ),
    "idiom_calls_him_a": (
        "Trump calls Xi Jinping a 'very tough' negotiator as tariffs bite",
        "",
        "2025-06-04",
        "none",
        None,
        [],
    ),
    "idiom_called_on": (
        "Biden called on Xi to rein in North Korea's missile tests",
        "",
        "2022-11-03",
        "none",
        None,
        [],
    ),
    "role_secretary": (
        "Blinken meets Xi in Beijing as Biden seeks steadier ties",
        "Secretary of State Antony Blinken met President Xi Jinping at the Great Hall of the "
        "People on Monday.",
        "2023-06-19",
        "none",
        None,
        [],
    ),
    "role_ministers_call": (
        "Rubio and Wang Yi hold phone call on trade",
        "Secretary of State Marco Rubio held a phone call with Chinese Foreign Minister Wang Yi "
        "to prepare for a possible meeting between Trump and Xi.",
        "2025-09-10",
        "in_person_meeting",
        "planned",
        ["Donald Trump", "Xi Jinping"],
    ),
    "role_first_lady": (
        "Melania Trump shows China's first lady around the White House garden",
        "",
        "2017-04-06",
        "none",
        None,
        [],
    ),
    "dyad_per_sentence": (
        "Xi Jinping holds phone call with Trump after video call with Putin",
        "Earlier on Wednesday Xi held a video call with Russian President Vladimir Putin.",
        "2026-02-04",
        "phone_call",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "other_leader_only": (
        "Xi and Putin talk by video link days before Trump's Asia trip",
        "Xi Jinping and Vladimir Putin spoke via video link on Monday.",
        "2025-10-20",
        "none",
        None,
        [],
    ),
    "token_xinhua_xinjiang": (
        "Xinhua: taxi fleet in Xinjiang switches to electric cars",
        "President Trump's tariffs on Chinese vehicles were not discussed.",
        "2025-03-03",
        "none",
        None,
        [],
    ),
    "token_xian": (
        "Trump meets with tourism group from Xi'an",
        "",
        "2025-05-05",
        "none",
        None,
        [],
    ),
    "token_pius_xi": (
        "Trump meets historians to discuss Pope Pius XI archive",
        "",
        "2025-05-05",
        "none",
        None,
        [],
    ),
    "out_of_term_biden_2026": (
        "Biden and Xi speak by phone",
        "Former president Joe Biden talked with Xi Jinping about his memoir.",
        "2026-02-10",
        "none",
        None,
        [],
    ),
    "out_of_term_vice_president_xi": (
        "Obama meets Chinese Vice President Xi Jinping at the White House",
        "President Barack Obama met Vice President Xi Jinping in the Oval Office on Tuesday.",
        "2012-02-14",
        "none",
        None,
        [],
    ),
    "president_elect_call": (
        "Trump holds phone call with Xi ahead of inauguration",
        "",
        "2025-01-17",
        "phone_call",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "president_elect_message": (
        "Xi sends congratulatory message to U.S. president-elect",
        "",
        "2016-11-10",
        "letter_or_message",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "planned_virtual_summit": (
        "Biden and Xi to hold virtual summit next week",
        "",
        "2021-11-10",
        "video_call",
        "planned",
        ["Joe Biden", "Xi Jinping"],
    ),
    # The news is the trip; the call sits in a phrase of background.
    "plan_after_a_call": (
        "Trump will travel to Beijing in April following a phone call with Xi",
        "",
        "2025-11-25",
        "none",
        None,
        [],
    ),
    # A headline of a plan with a lead that reports a call just held: the call.
    "planned_then_occurred": (
        "Trump to visit Beijing in April",
        "Trump and Xi spoke by phone on Monday and agreed on the date of the trip.",
        "2025-11-25",
        "phone_call",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "chinese_phone": (
        "习近平同美国总统拜登通电话",
        "",
        "2022-07-28",
        "phone_call",
        "occurred",
        ["Joe Biden", "Xi Jinping"],
    ),
    "chinese_video": (
        "习近平同美国总统拜登举行视频会晤",
        "",
        "2021-11-16",
        "video_call",
        "occurred",
        ["Joe Biden", "Xi Jinping"],
    ),
    "chinese_meeting": (
        "习近平在釜山同美国总统特朗普会晤",
        "",
        "2025-10-30",
        "in_person_meeting",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "chinese_congratulatory_cable": (
        "习近平致贺电祝贺特朗普当选美国总统",
        "",
        "2024-11-07",
        "letter_or_message",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "alias_the_chinese_leader": (
        "Trump says he had a 'very good' call with the Chinese leader",
        "",
        "2025-06-05",
        "phone_call",
        "occurred",
        ["Donald Trump", "Xi Jinping"],
    ),
    "office_resolves_by_date": (
        "Chinese president sends condolences to Obama after storm",
        "",
        "2012-11-01",
        "letter_or_message",
        "occurred",
        ["Barack Obama", "Hu Jintao"],
    ),
}


@pytest.mark.parametrize("case", sorted(HARD_CASES))
def test_hard_case(clf: Classifier, case: str) -> None:
    title, summary, published, kind, status, leaders = HARD_CASES[case]
    result: Classification = clf.classify(
        Document(title=title, summary=summary, published=day(published)), NOW
    )
    explain = [(e.rule, e.field, e.text) for e in result.evidence]
    assert (result.kind, result.status) == (kind, status), explain
    assert result.leaders == leaders, explain


def test_undated_item_is_judged_as_of_now(clf: Classifier) -> None:
    doc = Document(title="Biden and Xi speak by phone")
    assert clf.classify(doc, day("2022-07-28")).kind == "phone_call"
    assert clf.classify(doc, day("2026-01-05")).kind == "none"


def test_classify_is_pure(clf: Classifier) -> None:
    doc = seed_doc()
    assert clf.classify(doc, NOW) == clf.classify(doc, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Xi arrives in Paris", True),
        ("The Chinese leader spoke on Monday", True),
        ("拜登发表讲话", True),
        ("Xinhua reports a taxi strike in Xinjiang", False),
        ("A century of popes: Pius XI", False),
        ("Markets close higher", False),
    ],
)
def test_mentions_leader(clf: Classifier, text: str, expected: bool) -> None:
    assert clf.mentions_leader(text) is expected


def test_evidence_names_rule_field_and_text(clf: Classifier) -> None:
    result = clf.classify(
        Document(title="Biden and Xi meet in Bali", published=day("2022-11-14")), NOW
    )
    assert result.kind == "in_person_meeting"
    rules = {e.rule: (e.field, e.text) for e in result.evidence}
    assert rules["kind:in_person_meeting/meet"] == ("title", "meet")
    assert rules["leader:Xi Jinping"] == ("title", "Xi")
