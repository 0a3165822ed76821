"""Contacts told without the usual words, and the words that make a contact old or
not ahead after all, several cases each.

Every case is written for this file: a title, an optional lead, a date, and the
decision the default rules must reach, "none" or "kind/status". Each class holds
cases that must be caught and cases that look alike but must not be.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import assert_both_ways, case_params, reading

from monitor.classify import Classifier
from monitor.models import Document

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PHONE, VIDEO, MEET = "phone_call", "video_call", "in_person_meeting"

# (class, title, lead, published, expected)
CASES = [
    # A talk with both presidents as its subject and a sign of a contact.
    ("talk", "Biden and Xi talk for first time in five months", "", "2022-03-18", f"{PHONE}/occurred"),
    ("talk", "Trump and Xi speak for the first time since the tariff truce", "", "2025-06-05", f"{PHONE}/occurred"),
    ("talk", "Biden, Xi speak again as tensions simmer", "", "2022-07-28", f"{PHONE}/occurred"),
    ("talk", "Tariff worries ease", "Trump and Xi spoke one-on-one for the first time since January, the White House said.",
     "2025-06-05", f"{PHONE}/occurred"),
    ("talk", "Trump and Xi turn down the heat", "The two spoke one-on-one for the first time since the election, aides said.",
     "2025-02-20", f"{PHONE}/occurred"),
    ("talk", "Biden and Xi re-engage as markets steady", "The two leaders talked for more than two hours on Thursday, officials said.",
     "2022-07-29", f"{PHONE}/occurred"),
    ("talk", "A thaw on trade", "Trump and Xi talked at length on Friday about fentanyl and soybeans.", "2025-09-20", f"{PHONE}/occurred"),
    ("talk", "Trump and Xi talk again, by video this time", "", "2025-06-05", f"{VIDEO}/occurred"),
    ("talk", "Trump and Xi will talk again next week", "", "2025-09-10", f"{PHONE}/planned"),
    ("talk", "Trump says he and Xi spoke", "", "2025-01-17", f"{PHONE}/occurred"),
    ("talk", "Biden and Xi Jinping talk", "", "2021-09-10", f"{PHONE}/occurred"),
    ("talk", "Trump, Xi spoke Friday about TikTok", "", "2025-09-19", f"{PHONE}/occurred"),
    ("talk", "Trump and Xi must talk, senators say", "", "2025-04-10", "none"),
    ("talk", "Trump says he and Xi never spoke", "", "2025-04-10", "none"),
    # ... but not other talk, nor one president talking.
    ("talk", "Trump and Xi talk tough on trade ahead of summit", "", "2025-10-20", f"{MEET}/planned"),
    ("talk", "Biden spoke highly of Xi at a fundraiser", "", "2023-06-21", "none"),
    ("talk", "What Biden and Xi talk about when they talk about Taiwan", "", "2023-11-10", "none"),
    ("talk", "Trump says he and Xi will talk soon", "", "2025-05-20", "none"),
    ("talk", "Trump spoke again about Xi at a rally in Ohio", "", "2025-05-20", "none"),
    ("talk", "Trump and Xi last talked in June, aides say", "", "2025-09-01", "none"),
    ("talk", "The two countries spoke again through envoys, Trump and Xi aides say", "", "2025-06-05", "none"),
    # The ceremonies of a state visit bring the two together.
    ("state visit", "Xi welcomes Trump to Beijing with a red carpet and military band", "", "2017-11-08", f"{MEET}/occurred"),
    ("state visit", "Xi rolls out the red carpet for Trump in Beijing", "", "2017-11-08", f"{MEET}/occurred"),
    ("state visit", "Trump hosts Xi for a state dinner at the White House", "", "2025-09-10", f"{MEET}/occurred"),
    ("state visit", "Obama greets Xi with an honor guard on the South Lawn", "", "2015-09-25", f"{MEET}/occurred"),
    ("state visit", "Xi and Trump tour the Forbidden City together", "", "2017-11-08", f"{MEET}/occurred"),
    ("state visit", "Welcome ceremony for Trump held in Beijing as Xi looks on", "", "2017-11-09", f"{MEET}/occurred"),
    ("state visit", "Xi holds state banquet in honour of Trump", "", "2017-11-09", f"{MEET}/occurred"),
    ("state visit", "Obama welcomes Xi with a 21-gun salute and a guard of honour", "", "2015-09-25", f"{MEET}/occurred"),
    ("state visit", "Trump was welcomed by Xi at the Great Hall of the People", "", "2017-11-09", f"{MEET}/occurred"),
    ("state visit", "Xi to welcome Trump with a state banquet next month", "", "2017-10-20", f"{MEET}/planned"),
    ("state visit", "Xi will host Trump for a state dinner in April", "", "2026-02-01", f"{MEET}/planned"),
    ("state visit", "Xi and Trump dine at Mar-a-Lago", "", "2017-04-06", f"{MEET}/occurred"),
    ("state visit", "Trump, Xi huddle in Busan", "", "2025-10-30", f"{MEET}/occurred"),
    ("state visit", "Trump and Xi to dine at Mar-a-Lago on Thursday", "", "2017-04-05", f"{MEET}/planned"),
    # ... but a welcome of words, a visit being readied, or someone else's visit is none.
    ("state visit", "Trump huddles with aides before Xi call", "", "2025-06-05", f"{PHONE}/planned"),
    ("state visit", "China readies red carpet for Trump visit", "", "2017-11-06", "none"),
    ("state visit", "Trump welcomes Xi's pledge to buy more soybeans", "", "2025-06-10", "none"),
    ("state visit", "Trump welcomed Xi's decision on rare earths", "", "2025-06-10", "none"),
    ("state visit", "Trump Welcomes Xi's Offer On Fentanyl", "", "2025-06-10", "none"),
    ("state visit", "Xi welcomes Putin with a red carpet in Beijing", "", "2025-05-08", "none"),
    ("state visit", "Trump toured a factory as Xi watched trade data", "", "2025-06-10", "none"),
    # A transcript's heading is said at the meeting itself.
    ("transcript", "Remarks by President Biden prior to a meeting with President Xi Jinping", "", "2023-11-15", f"{MEET}/occurred"),
    ("transcript", "Remarks by President Obama and President Xi before their bilateral meeting", "", "2016-09-03", f"{MEET}/occurred"),
    ("transcript", "Remarks by President Trump at a bilateral meeting with President Xi", "", "2017-11-09", f"{MEET}/occurred"),
    ("transcript", "Remarks by President Trump after his meeting with President Xi", "", "2019-06-29", f"{MEET}/occurred"),
    ("transcript", "Remarks by President Biden before a virtual meeting with President Xi", "", "2021-11-15", f"{VIDEO}/occurred"),
    # ... while remarks told in a story keep their time.
    ("transcript", "Trump makes remarks before his meeting with Xi next week", "", "2019-06-20", f"{MEET}/planned"),
    ("transcript", "Biden will deliver remarks prior to the meeting with Xi on Wednesday", "", "2023-11-13", f"{MEET}/planned"),
    ("transcript", "Stocks rise after the Trump-Xi meeting, remarks by analysts show", "", "2019-06-30", "none"),
    # A contact dated to an earlier year is history.
    ("past year", "Trump praises Xi", "Trump said he remained grateful for the welcome he got during his 2017 state visit to Beijing.",
     "2025-05-01", "none"),
    ("past year", "Trade deal hopes", "Trump and Xi met at the 2019 G20 summit in Osaka and agreed a truce.", "2020-01-10", "none"),
    ("past year", "Trump and Xi spoke of a golden era at the 2017 dinner", "", "2025-05-01", "none"),
    ("past year", "Biden and Xi spoke for the first time in 2021, aides recall", "", "2023-02-01", "none"),
    ("past year", "Biden and Xi met in Bali in November 2022, aides recalled", "", "2023-11-10", "none"),
    ("past year", "The 2017 Mar-a-Lago summit between Trump and Xi, revisited", "", "2025-04-07", "none"),
    ("past year", "Trump threatens new chip curbs",
     "Trump, who met Xi last month in Busan, said on Tuesday that export rules would tighten.", "2025-11-25", "none"),
    ("past year", "Biden signs chip bill", "Biden, who spoke with Xi in November, signed the bill on Tuesday.",
     "2023-02-10", "none"),
    ("past year", "US envoy visits Beijing", "The trip follows a meeting between Biden and Xi in Bali.", "2023-06-18", "none"),
    ("past year", "Blinken heads to China", "The visit was agreed when Biden and Xi met in Bali last year.",
     "2023-06-16", "none"),
    ("past year", "Tariff truce holds", "Trump and Xi spoke by phone three weeks ago, aides said.", "2025-07-01", "none"),
    # ... the same year or month, a weekday, or a year after "since", is not.
    ("past year", "Trump and Xi agree to extend truce",
     "Trump and Xi spoke by phone on Monday and agreed to extend the tariff truce, both sides said.",
     "2025-11-24", f"{PHONE}/occurred"),
    ("past year", "Biden and Xi talk trade", "Biden and Xi spoke by phone in November about chips, officials said.",
     "2022-11-20", f"{PHONE}/occurred"),
    ("past year", "Biden and Xi met in Bali in November 2022", "", "2022-11-15", f"{MEET}/occurred"),
    ("past year", "Trump says China will buy more farm goods",
     "Trump, fresh from his meeting with Xi, told reporters on Air Force One that Beijing would buy soybeans.",
     "2025-10-31", "none"),
    ("past year", "Biden and Xi meet at 2023 APEC in San Francisco", "", "2023-11-15", f"{MEET}/occurred"),
    ("past year", "Trump and Xi meet in Busan", "The two leaders met on Thursday for the first time since 2019.",
     "2025-10-30", f"{MEET}/occurred"),
    # "For" that is no trip's purpose: thanks, and both presidents at one place.
    ("purpose", "Trump thanks Xi for the call", "", "2025-06-06", f"{PHONE}/occurred"),
    ("purpose", "Trump thanks Xi for the phone call and says trade talks go on", "", "2025-06-06", f"{PHONE}/occurred"),
    ("purpose", "Xi thanked Biden for the call on Thursday", "", "2022-07-29", f"{PHONE}/occurred"),
    ("purpose", "Trump will thank Xi for the call, aides say", "", "2025-06-06", f"{PHONE}/occurred"),
    ("purpose", "Trump praised Xi for the meeting in Busan", "", "2025-11-01", f"{MEET}/occurred"),
    ("purpose", "Trump, Xi at Mar-a-Lago for summit", "", "2017-04-07", f"{MEET}/occurred"),
    ("purpose", "Obama and Xi in California for informal summit", "", "2013-06-07", f"{MEET}/occurred"),
    ("purpose", "Trump and Xi at the Great Hall for talks", "", "2017-11-09", f"{MEET}/occurred"),
    # ... while one president on a trip, or a thank-you for a plan, stays ahead.
    ("purpose", "Trump in Beijing for talks with Xi", "", "2017-11-08", f"{MEET}/planned"),
    ("purpose", "Trump at Mar-a-Lago for summit with Xi next week", "", "2017-03-30", f"{MEET}/planned"),
    ("purpose", "Trump, Xi in Osaka for talks next week", "", "2019-06-20", f"{MEET}/planned"),
    ("purpose", "Trump thanks Xi for agreeing to meet in Busan next week", "", "2025-10-20", f"{MEET}/planned"),
    ("purpose", "Xi replies to Trump's letter", "", "2025-03-01", "letter_or_message/occurred"),
    ("purpose", "Trump plans to answer Xi's letter", "", "2025-03-01", "letter_or_message/planned"),
    # The contact as the subject of what is still ahead, or named in a headline's label.
    ("preview", "Trump-Xi meeting on track, White House says", "", "2025-10-20", f"{MEET}/planned"),
    ("preview", "Trump says Xi meeting 'will happen'", "", "2025-10-20", f"{MEET}/planned"),
    ("preview", "Trump expects Xi call this week", "", "2025-06-02", f"{PHONE}/planned"),
    ("preview", "Date set for Trump-Xi summit", "", "2025-06-02", f"{MEET}/planned"),
    ("preview", "US official: Biden-Xi meeting likely in November", "", "2023-10-01", f"{MEET}/planned"),
    ("preview", "Trump says call with Xi will come 'soon'", "", "2025-05-30", f"{PHONE}/planned"),
    ("preview", "Trump-Xi summit: Trump heads to Busan", "", "2025-10-29", f"{MEET}/planned"),
    ("preview", "Biden-Xi summit: what to know", "", "2023-11-14", "none"),
    ("preview", "Trump's Xi meeting: all you need to know", "", "2025-10-29", "none"),
    # ... while a label over news of the contact, or a plan after a report, stays a report.
    ("preview", "Biden-Xi summit: The leaders shake hands", "", "2023-11-15", f"{MEET}/occurred"),
    ("preview", "Trump, Xi call: US president says talks went well", "", "2025-06-05", f"{PHONE}/occurred"),
    ("preview", "Trump-Xi call: Trump will visit Beijing in April", "", "2025-11-24", f"{PHONE}/occurred"),
    ("preview", "Trump met Xi on Thursday and will fly to Tokyo next week", "", "2025-10-30", f"{MEET}/occurred"),
    ("preview", "Trump hails call with Xi, says it will be the first of many", "", "2025-06-05", f"{PHONE}/occurred"),
    # A meeting on a screen is a video call.
    ("video", "Biden and Xi hold talks over video", "", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "Biden, Xi meet online as tensions rise", "", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "Xi and Biden talk via video for three hours", "", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "Biden and Xi to meet online next week", "", "2021-11-09", f"{VIDEO}/planned"),
    ("video", "Biden and Xi meet in person after years online", "", "2022-11-14", f"{MEET}/occurred"),
    # Words of contact that meet or send nothing.
    ("idiom", "Xi meets Trump halfway on tariffs", "", "2025-05-12", "none"),
    ("idiom", "Xi meets Trump's tariff threat with defiance", "", "2025-04-05", "none"),
    ("idiom", "Trump met Xi's demands on chips, critics say", "", "2025-12-05", "none"),
    ("idiom", "Xi has a message for Trump", "", "2025-04-05", "none"),
    ("idiom", "Xi meets Trump's special envoy in Beijing", "", "2025-04-05", "none"),
    ("idiom", "Xi meets Trump at the Great Hall", "", "2017-11-09", f"{MEET}/occurred"),
    ("idiom", "Trump thanks Xi for congratulatory message", "", "2024-11-08", "letter_or_message/occurred"),
    ("idiom", "Trump dines with Xi's rival", "", "2025-06-04", "none"),
    ("idiom", "Xi welcomes Trump's envoy in Beijing", "", "2025-04-05", "none"),
    ("idiom", "Xi hosts Putin for a state banquet, snubbing Trump", "", "2025-05-08", "none"),
    ("idiom", "Chinese and US defence chiefs talk for first time since Trump-Xi summit", "", "2025-11-01", "none"),
    # Messages told as condolences and wishes.
    ("message", "Xi condoles with Trump over Texas floods", "", "2025-07-08", "letter_or_message/occurred"),
    ("message", "Xi sends well-wishes to Trump after COVID diagnosis", "", "2020-10-03", "letter_or_message/occurred"),
    ("message", "Trump says Xi expressed sympathies in their call", "", "2025-07-08", f"{PHONE}/occurred"),
    ("message", "Xi is expected to send birthday wishes to Trump", "", "2025-06-13", "letter_or_message/planned"),
    ("message", "Trump wishes Xi happy birthday", "", "2025-06-15", "letter_or_message/occurred"),
    ("message", "Xi offers sympathy to Trump over hurricane", "", "2025-09-01", "letter_or_message/occurred"),
    ("message", "Xi expresses sympathy to Biden over Maui wildfires", "", "2023-08-12", "letter_or_message/occurred"),
    ("message", "Xi expresses sympathy to Biden in phone call", "", "2023-08-12", f"{PHONE}/occurred"),
    ("message", "Trump calls Xi to wish him happy birthday", "", "2025-06-15", f"{PHONE}/occurred"),
    ("message", "Trump replies to Xi", "", "2025-03-01", "none"),
    # Both offices in one phrase.
    ("offices", "Chinese, US presidents hold phone talks", "", "2025-06-05", f"{PHONE}/occurred"),
    ("offices", "China, US leaders meet in Busan", "", "2025-10-30", f"{MEET}/occurred"),
    ("offices", "Chinese and American presidents talk by phone", "", "2022-07-28", f"{PHONE}/occurred"),
    ("offices", "Heads of state of China and US hold video call", "", "2021-11-16", f"{VIDEO}/occurred"),
    ("offices", "US and Chinese leaders to meet in Lima next week", "", "2024-11-08", f"{MEET}/planned"),
    ("offices", "Chinese, US leaders last met a year ago", "", "2024-11-08", "none"),
    ("offices", "China, US business leaders meet in Shanghai", "", "2024-11-08", "none"),
    ("offices", "POTUS speaks with Xi by phone", "", "2022-07-28", f"{PHONE}/occurred"),
    ("offices", "America's president meets China's leader in Busan", "", "2025-10-30", f"{MEET}/occurred"),
    ("offices", "us chinese presidents hold phone call", "", "2025-06-05", f"{PHONE}/occurred"),
    ("offices", "US-China leaders summit opens in Busan", "", "2025-10-30", f"{MEET}/occurred"),
    ("offices", "US-China business leaders summit opens in Busan", "", "2025-10-30", "none"),
    # Others' reactions are follow-ups; a president's own is the report.
    ("reaction", "Japan welcomes Trump-Xi call", "", "2025-06-06", "none"),
    ("reaction", "Taiwan slams Trump-Xi summit", "", "2025-10-31", "none"),
    ("reaction", "Markets cheer Biden-Xi meeting", "", "2023-11-16", "none"),
    ("reaction", "China hails 'positive' Trump-Xi call", "", "2025-06-06", "none"),
    ("reaction", "China welcomes the outcome of the Trump-Xi talks", "", "2025-10-31", "none"),
    ("reaction", "Xi hails candid call with Biden", "", "2022-04-02", f"{PHONE}/occurred"),
    ("reaction", "Trump hails 'great' meeting with Xi", "", "2025-10-30", f"{MEET}/occurred"),
    ("reaction", "Trump praised Xi for the meeting in Busan", "", "2025-11-01", f"{MEET}/occurred"),
    # What a contact set off is the news; features and explainers are coverage.
    ("follow-up", "Biden-Xi call sparks hopes of thaw", "", "2022-03-19", "none"),
    ("follow-up", "Trump-Xi call lifts stocks", "", "2025-06-06", "none"),
    ("follow-up", "Xi's remarks in call with Biden draw criticism", "", "2022-03-20", "none"),
    ("follow-up", "How the Trump-Xi call changed the trade war", "", "2025-06-10", "none"),
    ("follow-up", "Inside the Biden-Xi meeting in Woodside", "", "2023-11-17", "none"),
    ("follow-up", "The Trump-Xi call, explained", "", "2025-06-06", "none"),
    ("follow-up", "Stocks rise as Trump and Xi speak by phone", "", "2025-06-05", f"{PHONE}/occurred"),
    ("follow-up", "Trump and Xi spoke; here is what they said", "", "2025-06-05", f"{PHONE}/occurred"),
    ("follow-up", "White House working on Trump-Xi meeting", "", "2025-05-20", f"{MEET}/planned"),
    ("follow-up", "Trump-Xi summit lifts Asian stocks", "", "2025-10-31", "none"),
    ("follow-up", "Trump and Xi met in Busan and drew up a trade truce", "", "2025-10-30", f"{MEET}/occurred"),
    ("follow-up", "Trump and Xi met and lifted tariffs on soybeans", "", "2025-10-30", f"{MEET}/occurred"),
    ("reaction", "Xi said he would welcome a call with Trump", "", "2025-05-01", "none"),
    ("reaction", "Reporters questioned Trump about his call with Xi", "", "2025-06-06", "none"),
    ("reaction", "Xi and Biden hail 'candid' talks", "", "2021-11-16", f"{MEET}/occurred"),
    # A president's wish told in a contact, and advice before one.
    ("setting", "Xi says China, US should be partners in call with Biden", "", "2021-11-16", f"{PHONE}/occurred"),
    ("setting", "Xi tells Biden the US should not support Taiwan independence in video call", "", "2021-11-16",
     f"{VIDEO}/occurred"),
    ("setting", "Xi Jinping talks with Trump over phone", "", "2025-06-05", f"{PHONE}/occurred"),
    ("setting", "Trump should raise human rights in his meeting with Xi", "", "2025-10-20", "none"),
    ("setting", "Senators say Trump should raise rights in his meeting with Xi", "", "2025-10-20", "none"),
    ("setting", "Trump could raise Taiwan in a meeting with Xi, aides say", "", "2025-10-20", "none"),
    ("setting", "No breakthrough in Trump-Xi call", "", "2025-06-06", f"{PHONE}/occurred"),
    ("setting", "Trump says he did not discuss Taiwan in call with Xi", "", "2025-06-06", f"{PHONE}/occurred"),
    ("setting", "Trump will not raise Taiwan in his meeting with Xi", "", "2025-10-20", f"{MEET}/planned"),
    ("setting", "Trump and Xi did not hold talks in Busan", "", "2025-10-31", "none"),
    ("setting", "Trump says there will be no meeting with Xi in Busan", "", "2025-10-20", "none"),
    # Backgrounders list past contacts.
    ("backgrounder", "Factbox: Trump and Xi's meetings over the years", "", "2025-10-28", "none"),
    ("backgrounder", "Timeline: Biden-Xi calls and meetings", "", "2023-11-14", "none"),
    ("backgrounder", "A brief history of Trump-Xi summits", "", "2025-10-28", "none"),
    ("backgrounder", "Trump and Xi meet again, six years on", "", "2025-10-30", f"{MEET}/occurred"),
    # A headline in the present takes its time from a lead that tells the same contact.
    ("peg", "Biden, Xi hold virtual summit",
     "Biden will hold a virtual meeting with Xi on Monday evening, the White House said.", "2021-11-13", f"{VIDEO}/planned"),
    ("peg", "Trump meets Xi", "Trump will meet Xi on Thursday in Busan, the White House said.", "2025-10-26", f"{MEET}/planned"),
    ("peg", "Biden, Xi meet in Bali", "Biden and Xi met for three hours on Monday. They will meet again next year.",
     "2022-11-14", f"{MEET}/occurred"),
    ("peg", "Trump and Xi met in Busan", "Trump will meet Xi again in April in Beijing.", "2025-10-30", f"{MEET}/occurred"),
    ("peg", "Trump, Xi talk trade by phone", "The two will meet in Busan later this month, Trump said.", "2025-10-05",
     f"{PHONE}/occurred"),
    ("peg", "Biden in tense talks with Xi",
     "Xi beamed into the White House on Monday for a virtual summit with Biden.", "2021-11-16", f"{VIDEO}/occurred"),
    # A headline that looks ahead, a lead that reports another contact in the past tense.
    ("peg", "US, Chinese presidents to meet at the summit in Osaka",
     "Trump said he had had a long phone conversation with Xi on Tuesday.", "2019-06-19", f"{PHONE}/occurred"),
    ("peg", "Biden and Xi to hold talks",
     "Biden and Xi are pictured during a virtual summit last year.", "2022-11-10", f"{MEET}/planned"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lead", "published", "expected"),
    case_params(CASES),
)
def test_case(clf: Classifier, title: str, lead: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, lead, published)
    assert got == expected, evidence


def test_every_class_has_cases_both_ways() -> None:
    assert_both_ways(CASES, {
        "talk", "state visit", "transcript", "past year", "purpose", "offices", "reaction",
        "backgrounder", "peg", "message", "preview", "follow-up", "idiom", "setting", "video",
    })  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://paper.example.com/commentisfree/2025/jun/06/trump-xi-call", "none"),
        ("https://paper.example.com/voices/trump-xi-call-a0123", "none"),
        ("https://wire.example.com/breakingviews/trump-xi-call-2025-06-06/", "none"),
        ("https://paper.example.com/world/asia/explainer/trump-xi-call", "none"),
        ("https://paper.example.com/world/asia/trump-xi-call-comment-section", f"{PHONE}/occurred"),
        ("https://paper.example.com/world/views-from-beijing/trump-xi-call", f"{PHONE}/occurred"),
        # A slug that opens with the kind of piece, on sites without such sections.
        ("https://paper.example.com/content/opinion-why-the-call-matters", "none"),
        ("https://wire.example.com/world/analysis-trump-xi-call-2025-06-06/", "none"),
        ("https://paper.example.com/2025/06/06/op-ed-a-call-worth-making", "none"),
        ("https://paper.example.com/world/trump-xi-call-analysis-of-tariffs", f"{PHONE}/occurred"),
        ("https://paper.example.com/world/opinion", f"{PHONE}/occurred"),
    ],
)
def test_opinion_sections(clf: Classifier, url: str, expected: str) -> None:
    doc = Document(
        title="Trump and Xi hold a phone call", url=url, published=datetime(2025, 6, 6, tzinfo=UTC)
    )
    result = clf.classify(doc, NOW)
    assert ("none" if result.kind == "none" else f"{result.kind}/{result.status}") == expected


def test_evidence_names_the_talk_and_the_cue_passed_over(clf: Classifier) -> None:
    talk = clf.classify(
        Document(
            title="Biden and Xi talk for first time in five months",
            published=datetime(2022, 3, 18, tzinfo=UTC),
        ),
        NOW,
    )
    assert talk.leaders == ["Joe Biden", "Xi Jinping"]
    assert any(e.rule == "kind:phone_call/pair_talked" for e in talk.evidence)
    thanks = clf.classify(
        Document(title="Trump thanks Xi for the call", published=datetime(2025, 6, 6, tzinfo=UTC)),
        NOW,
    )
    # The "for" of thanks decides nothing: no status cue is shown for the call.
    assert not any(e.rule.startswith("status:") for e in thanks.evidence)
