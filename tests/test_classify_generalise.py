"""Classes of news language the rules must read right, several cases each.

Every case is written for this file (none is a headline from any data set): a title,
an optional lead, an optional URL, a date, and the decision the default rules must
reach, "none" or "kind/status". Each class holds cases that must be caught and cases
that look alike but must not be.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import reading

from monitor.classify import Classifier
from monitor.models import Document

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PHONE, VIDEO, MEET, LETTER = "phone_call", "video_call", "in_person_meeting", "letter_or_message"
OPEN = "https://news.example.org/world/2025/story"

# (class, title, lead, url, published or "", expected)
CASES = [
    # Previews and arrivals: the contact is still ahead.
    ("preview", "Trump prepares to meet Xi at the Busan summit", "", OPEN, "2025-10-28", f"{MEET}/planned"),
    ("preview", "Biden heads to Peru for a last meeting with Xi", "", OPEN, "2024-11-13", f"{MEET}/planned"),
    ("preview", "Trump lands in Seoul ahead of his talks with Xi", "", OPEN, "2025-10-29", f"{MEET}/planned"),
    ("preview", "Biden is in Jakarta for the regional summit and a meeting with Xi", "", OPEN, "2023-09-05", f"{MEET}/planned"),
    ("preview", "Trump and Xi talks set for Thursday morning", "", OPEN, "2025-10-27", f"{MEET}/planned"),
    ("preview", "Biden-Xi phone call expected this week, aides say", "", OPEN, "2022-07-25", f"{PHONE}/planned"),
    ("preview", "Xi and Trump may soon hold a phone conversation", "", OPEN, "2025-05-30", f"{PHONE}/planned"),
    ("preview", "Treasury chief's Beijing visit sets up a Trump-Xi call", "", OPEN, "2025-05-12", f"{PHONE}/planned"),
    ("preview", "A video meeting of Biden and Xi will be held on Monday evening", "", OPEN, "2021-11-13", f"{VIDEO}/planned"),
    ("preview", "Trump arrives in Beijing for a summit with Xi",
     "The president's motorcade left the airport for the state guesthouse, where talks with Xi are due to begin on Thursday.",
     OPEN, "2026-04-01", f"{MEET}/planned"),
    ("preview", "Biden and Xi to meet in Bali",
     "The meeting between the two presidents will be their first in person. It is a summit the region has long waited for.",
     OPEN, "2022-11-10", f"{MEET}/planned"),
    # ... while a lead that reports a contact of its own, or a report after arrival, counts.
    ("preview", "Biden and Xi to meet in Bali next month",
     "Biden spoke by phone with Xi on Tuesday and the two agreed on the date.",
     OPEN, "2022-10-11", f"{PHONE}/occurred"),
    ("preview", "Trump arrived in Busan and met Xi for nearly two hours", "", OPEN, "2025-10-30", f"{MEET}/occurred"),
    ("preview", "Biden flies west, where a Xi meeting awaits", "", OPEN, "2023-11-14", f"{MEET}/planned"),
    ("preview", "Officials say a Trump-Xi call is being arranged", "", OPEN, "2025-05-28", f"{PHONE}/planned"),
    ("preview", "Trump's Asia tour will not include a meeting with Xi", "", OPEN, "2025-10-20", "none"),
    ("preview", "Biden lands in Hanoi; no talks with Xi on the schedule", "", OPEN, "2023-09-10", "none"),
    ("preview", "Trump and Xi meet in Busan after weeks of tariff threats", "", OPEN, "2025-10-30", f"{MEET}/occurred"),
    # The contact sits in a phrase of background: the news is something else.
    ("background", "Soybean futures climb after the Trump-Xi phone call", "", OPEN, "2025-09-20", "none"),
    ("background", "Defence chiefs look for calm following the Biden-Xi summit", "", OPEN, "2023-11-17", "none"),
    ("background", "Chip stocks slide in the wake of the Trump-Xi meeting", "", OPEN, "2025-10-31", "none"),
    ("background", "Beijing lifts curbs on rare earths days after Trump and Xi spoke", "", OPEN, "2025-06-08", "none"),
    ("background", "Trade envoys meet again since the Biden-Xi call in April", "", OPEN, "2024-05-20", "none"),
    ("background", "Beijing relaxes export rules in wake of Trump-Xi talks", "", OPEN, "2025-06-10", "none"),
    ("background", "Markets rally after Xi-Trump summit",
     "Asian shares rose on Friday, a day after Trump and Xi met in Busan and agreed to pause tariffs.",
     OPEN, "2025-10-31", "none"),
    # ... while the contact as the main clause counts, whatever follows it.
    ("background", "Trump and Xi speak by phone after months of silence", "", OPEN, "2025-06-05", f"{PHONE}/occurred"),
    ("background", "Biden and Xi meet, days after a spy balloon row", "", OPEN, "2023-11-15", f"{MEET}/occurred"),
    ("background", "Xi phones Trump following the tariff truce", "", OPEN, "2025-06-05", f"{PHONE}/occurred"),
    # Opinion and analysis: coverage, never an event.
    ("opinion", "What Trump and Xi should talk about in Busan", "", OPEN, "2025-10-20", "none"),
    ("opinion", "Decoding the Biden-Xi meeting in Woodside", "", OPEN, "2023-11-17", "none"),
    ("opinion", "Summing up the Trump-Xi phone call", "", OPEN, "2025-06-06", "none"),
    ("opinion", "Biden and Xi in Bali: a cautious start", "", OPEN, "2022-11-15", "none"),
    ("opinion", "Lessons of the Trump-Xi summit for Asia", "", OPEN, "2025-11-02", "none"),
    ("opinion", "Trump and Xi met. Now comes the hard part", "", "https://paper.example.com/opinion/2025/10/31/hard-part", "2025-10-31", "none"),
    ("opinion", "Biden and Xi held a call", "", "https://site.example.net/commentary/biden-xi-call", "2024-04-03", "none"),
    ("opinion", "Xi and Trump spoke by phone", "", "https://site.example.net/analysis/xi-trump", "2025-06-06", "none"),
    ("opinion", "The Biden-Xi summit", "We watched the two men shake hands and wondered what had changed.",
     OPEN, "2023-11-16", "none"),
    # ... while reports on news pages, and quoted first persons, stay reports.
    ("opinion", "Why the Trump-Xi summit matters for Taiwan", "", OPEN, "2025-10-29", "none"),
    ("opinion", "Key takeaways from the Biden-Xi call", "", OPEN, "2024-04-03", "none"),
    ("opinion", "Biden and Xi agree to restore military hotline at summit", "", OPEN, "2023-11-15", f"{MEET}/occurred"),
    ("opinion", "Trump and Xi hold talks in Busan", "", "https://site.example.net/world/asia/busan-talks", "2025-10-30", f"{MEET}/occurred"),
    ("opinion", "Trump says he and Xi had a great call",
     "\u201cWe had a very good call,\u201d Trump told reporters after he and Xi spoke by phone on Thursday.",
     OPEN, "2025-06-05", f"{PHONE}/occurred"),
    ("opinion", "Analysts weigh what Xi wants from a meeting with Trump", "", OPEN, "2025-10-20", f"{MEET}/planned"),
    # Virtual meetings are video calls, whatever else the item calls them.
    ("virtual", "Biden and Xi met virtually for three hours", "", OPEN, "2021-11-16", f"{VIDEO}/occurred"),
    ("virtual", "Biden, Xi hold talks in a virtual meet", "", OPEN, "2021-11-16", f"{VIDEO}/occurred"),
    ("virtual", "Xi and Biden hold an online meeting on trade", "", OPEN, "2021-11-16", f"{VIDEO}/occurred"),
    ("virtual", "Biden and Xi hold summit",
     "The two leaders spoke over a video link from Washington and Beijing.",
     OPEN, "2021-11-16", f"{VIDEO}/occurred"),
    ("virtual", "Biden in tense talks with Xi",
     "Xi appeared on a screen in the White House for a virtual summit with Biden on Monday.",
     OPEN, "2021-11-16", f"{VIDEO}/occurred"),
    ("virtual", "Biden and Xi hold first in-person meeting in Bali", "", OPEN, "2022-11-14", f"{MEET}/occurred"),
    ("virtual", "Xi and Biden to hold a video conference on Monday", "", OPEN, "2021-11-13", f"{VIDEO}/planned"),
    ("virtual", "Xi and Putin meet virtually as Biden weighs sanctions", "", OPEN, "2022-02-25", "none"),
    ("virtual", "Biden and Xi meet in person, a year after their virtual summit", "", OPEN, "2022-11-14", f"{MEET}/occurred"),
    # Who "the President" is.
    ("president", "Readout of the President's meeting",
     "The President met today with President Xi Jinping of the People's Republic of China.",
     OPEN, "2023-11-15", f"{MEET}/occurred"),
    ("president", "Readout of the President's call",
     "The President spoke today with President Xi Jinping of the People's Republic of China.",
     OPEN, "2025-06-05", f"{PHONE}/occurred"),
    ("president", "U.S. President Joe Biden and Chinese President Xi Jinping spoke by phone", "", OPEN, "", "none"),
    ("president", "US President Biden holds a call with Chinese President Xi", "", OPEN, "2022-07-28", f"{PHONE}/occurred"),
    ("president", "The President of Kenya meets Xi in Beijing", "", OPEN, "2024-09-05", "none"),
    ("president", "Former President Biden says Trump should call Xi", "", OPEN, "2025-05-01", "none"),
    # Messages without the word letter, and calls told only in the lead.
    ("message", "Xi reaches out to Trump with wishes for a speedy recovery", "", OPEN, "2025-07-01", f"{LETTER}/occurred"),
    ("message", "Trump has written to Xi to wish the Chinese people a happy new year", "", OPEN, "2026-02-17", f"{LETTER}/occurred"),
    ("message", "Biden offers condolences to Xi after deadly quake", "", OPEN, "2023-12-19", f"{LETTER}/occurred"),
    ("message", "Xi sends sympathy message to Biden over wildfires", "", OPEN, "2023-08-11", f"{LETTER}/occurred"),
    ("message", "Xi warns of red lines on Taiwan",
     "Xi told Biden in a call on Thursday that Washington should not play with fire over Taiwan.",
     OPEN, "2022-07-29", f"{PHONE}/occurred"),
    ("message", "Trump says trade deal is close",
     "Trump had a long conversation with Xi on Friday, the White House said.",
     OPEN, "2025-09-20", f"{PHONE}/occurred"),
    ("message", "Beijing issues a stern warning",
     "Xi cautioned Biden during a more than two-hour call on Thursday about arms sales.",
     OPEN, "2022-07-29", f"{PHONE}/occurred"),
    ("message", "A visit to remember",
     "The visit comes a month after Biden and Xi agreed to keep talking.",
     OPEN, "2023-12-15", "none"),
    ("message", "Xi wishes for a stable relationship with the US", "", OPEN, "2025-07-01", "none"),
    # Idioms and non-events.
    ("idiom", "Biden calls China's Xi a dictator again", "", OPEN, "2023-06-21", "none"),
    ("idiom", "Trump calls on Xi to open markets", "", OPEN, "2025-04-01", "none"),
    ("idiom", "Tariffs called into question the Trump-Xi truce", "", OPEN, "2025-04-01", "none"),
    ("idiom", "Trump says a meeting with Xi is unlikely before the deadline", "", OPEN, "2019-02-07", "none"),
    ("idiom", "Biden says he has no plans to speak with Xi this month", "", OPEN, "2023-03-01", "none"),
    ("idiom", "Trump cancels his meeting with Xi in Busan", "", OPEN, "2025-10-10", "none"),
    ("idiom", "Xi postpones the video call with Biden", "", OPEN, "2022-03-01", "none"),
    ("idiom", "Trump-Xi meeting postponed over trade dispute", "", OPEN, "2025-10-10", "none"),
    ("idiom", "The Trump-Xi meeting is off, officials say", "", OPEN, "2025-10-10", "none"),
    ("idiom", "Trump and Xi shake hands before their talks", "", OPEN, "2025-10-30", f"{MEET}/occurred"),
    ("idiom", "Trump and Xi face hurdles in trade talks", "", OPEN, "2025-11-10", "none"),
    ("idiom", "Trump calls Xi as the tariff deadline nears", "", OPEN, "2025-09-19", f"{PHONE}/occurred"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lead", "url", "published", "expected"),
    [pytest.param(t, s, u, p, e, id=f"{c}: {t}") for c, t, s, u, p, e in CASES],
)
def test_case(
    clf: Classifier, title: str, lead: str, url: str, published: str, expected: str
) -> None:
    got, evidence = reading(clf, title, lead, published, url)
    assert got == expected, evidence


def test_every_class_has_cases_both_ways() -> None:
    classes: dict[str, set[bool]] = {}
    for cls, *_, expected in CASES:
        classes.setdefault(cls, set()).add(expected == "none")
    assert set(classes) == {
        "preview", "background", "opinion", "virtual", "president", "message", "idiom",
    }  # fmt: skip
    assert all(len(both) == 2 for both in classes.values())


def test_named_president_wins_over_the_role_phrase(clf: Classifier) -> None:
    doc = Document(
        title="U.S. President Joe Biden and Chinese President Xi Jinping spoke by phone",
        published=datetime(2022, 7, 28, tzinfo=UTC),
    )
    assert clf.classify(doc, NOW).leaders == ["Joe Biden", "Xi Jinping"]
    # Undated, judged as of NOW: Biden is out of office, and the role phrase beside his
    # name does not make the current president a party instead.
    undated = Document(title=doc.title)
    assert clf.classify(undated, NOW).leaders == []
