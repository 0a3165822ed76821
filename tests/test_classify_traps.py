"""Adversarial wording for every trap class of the classifier, one case per line.

Each case is a headline (sometimes two sentences), its publication date, and what the
default rules must decide: "none", or "kind/status". The wording is our own; it
probes the rules' language, not any labeled item.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import reading

from monitor.classify import Classifier

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PHONE, VIDEO, MEET, LETTER = "phone_call", "video_call", "in_person_meeting", "letter_or_message"

# (class, headline, published, expected)
TRAPS = [
    # Negation: a denial or refusal governs its whole clause, nearer cues included.
    ("negation", "White House denies Trump held a phone call with Xi Jinping", "2026-11-01", "none"),
    ("negation", "Beijing dismisses report that Trump held a phone call with Xi", "2026-11-01", "none"),
    ("negation", "China denies a call between Xi and Trump took place last week", "2025-06-02", "none"),
    ("negation", "Foreign ministry rejects claims that Xi wrote to Trump about tariffs", "2025-06-02", "none"),
    ("negation", "Trump and Xi have not spoken by phone since the tariff truce", "2025-12-01", "none"),
    ("negation", "No call between Trump and Xi is scheduled, the White House says", "2025-07-01", "none"),
    ("negation", "Trump ruled out a meeting with Xi before the tariff deadline", "2025-04-05", "none"),
    ("negation", "Trump has yet to speak with Xi since taking office", "2025-02-10", "none"),
    ("negation", "Trump says he has no plans to meet Xi this year", "2025-03-03", "none"),
    ("negation", "Kremlin and Beijing deny that Xi had a video call with Trump", "2025-09-09", "none"),
    ("negation", "Trump and Xi did not hold talks at the APEC summit", "2025-11-02", "none"),
    # Negation must not spill into a phrase that reports the call as given.
    ("negation", "China denies Taiwan came up during the Trump-Xi phone call", "2025-06-06", f"{PHONE}/occurred"),
    # ... but a call in a phrase of background ("after the call") is not the news.
    ("negation", "White House denies tariff hike after Trump's call with Xi", "2025-06-06", "none"),
    ("negation", "Beijing rejects new tariffs but Xi held a phone call with Trump", "2025-06-06", f"{PHONE}/occurred"),
    ("negation", "Aides deny rift, say Trump and Xi spoke by phone on Friday", "2025-06-06", f"{PHONE}/occurred"),
    ("negation", "Trump denies he gave ground on Taiwan in their phone call with Xi", "2025-06-06", f"{PHONE}/occurred"),
    ("negation", "外交部否认习近平同特朗普通电话", "2025-06-06", "none"),
    ("negation", "Trump won't meet Xi in April, officials say", "2026-01-10", "none"),
    ("negation", "Trump didn't call Xi after the tariff ruling", "2026-01-10", "none"),
    # History: an earlier contact mentioned as background.
    ("history", "Trump and Xi hold their first call since they met in Busan", "2026-01-20", f"{PHONE}/occurred"),
    ("history", "Trump recalled his 2017 meeting with Xi at Mar-a-Lago", "2025-05-01", "none"),
    ("history", "Trump and Xi last met in Busan in October, aides note", "2026-01-05", "none"),
    ("history", "A year after Biden and Xi met in Woodside, tensions persist", "2024-11-15", "none"),
    ("history", "Soybean prices slide since Trump and Xi spoke by phone", "2025-07-01", "none"),
    # Hypotheticals: conditions, wishes, offers.
    ("hypothetical", "Trump says he could pick up the phone and call Xi any time", "2025-04-20", "none"),
    ("hypothetical", "Trump would meet Xi if Beijing eases export curbs", "2025-04-20", "none"),
    ("hypothetical", "Trump should call Xi to defuse chip dispute, senators say", "2025-04-20", "none"),
    ("hypothetical", "Trump offered to meet Xi in Beijing to settle the tariff row", "2025-04-20", "none"),
    ("hypothetical", "Trump might meet Xi later this year, adviser says", "2025-04-20", "none"),
    ("hypothetical", "Trump met Xi in Busan to see if a trade deal was possible", "2025-10-30", f"{MEET}/occurred"),
    ("hypothetical", "Trump would meet Xi in April, aides say", "2026-01-10", f"{MEET}/planned"),
    # Idioms: call words that are no call.
    ("idiom", "Trump called Xi a very tough guy", "2026-11-01", "none"),
    ("idiom", "Trump called Xi brilliant in a rally speech", "2025-08-01", "none"),
    ("idiom", "Trump says he called Xi's bluff on rare earths", "2025-08-01", "none"),
    ("idiom", "Biden called out Xi over abuses in Xinjiang", "2023-06-21", "none"),
    ("idiom", "Trump calls on Xi to release detained Americans", "2025-08-01", "none"),
    ("idiom", "Trump calls for Xi to curb fentanyl exports", "2025-08-01", "none"),
    ("idiom", "Senators renew calls to ban TikTok as Trump praises Xi", "2025-08-01", "none"),
    ("idiom", "Trump calls Chinese President Xi Jinping 'a killer' at rally", "2025-08-01", "none"),
    ("idiom", "Xi's export curbs a wake-up call, Trump says", "2025-08-01", "none"),
    # ... while the same words still report real calls.
    ("idiom", "Trump calls Xi to discuss TikTok deal", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump called Xi on Tuesday, White House says", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump Calls Xi Amid Trade Tensions", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump called Xi twice last week, aides say", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump says he called Xi Jinping", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Xi calls Trump 'an old friend' in phone call", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump calls Xi as tariff deadline looms", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump says he does not want to call Xi a dictator", "2025-09-19", "none"),
    ("idiom", "Trump to call Xi on Friday about soybeans", "2025-09-19", f"{PHONE}/planned"),
    ("idiom", "The call Xi requested lasted an hour, Trump says", "2025-09-19", f"{PHONE}/occurred"),
    # A pronoun is the person too: "called him" is a call unless a description follows.
    ("idiom", "Xi says Trump called him on Tuesday", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump called Xi on Tuesday", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Xi Jinping said Trump called him about soybeans", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Xi says Trump called him twice last week", "2025-09-19", f"{PHONE}/occurred"),
    ("idiom", "Trump praised Xi and called him a friend", "2025-09-19", "none"),
    ("idiom", "Xi says Trump called him 'a good man'", "2025-09-19", "none"),
    ("idiom", "Xi called him brilliant, Trump said", "2025-09-19", "none"),
    # Clauses: an opening phrase's cue stops at the comma before a finite verb of its own.
    ("clause", "Ahead of his trip, Trump phoned Xi", "2025-11-01", f"{PHONE}/occurred"),
    ("clause", "Ahead of APEC, Xi met Trump in Busan", "2025-10-30", f"{MEET}/occurred"),
    ("clause", "Before the tariff deadline, Trump spoke with Xi by phone", "2025-11-01", f"{PHONE}/occurred"),
    ("clause", "Ahead of his Asia trip, Trump telephoned Xi about soybeans", "2025-11-01", f"{PHONE}/occurred"),
    ("clause", "Ahead of next week's summit, Trump congratulated Xi on his birthday", "2025-06-15", f"{LETTER}/occurred"),
    ("clause", "Trump and Xi, who are set to meet in April, spoke by phone on Monday", "2025-11-01", f"{PHONE}/occurred"),
    ("clause", "Trump and Xi, who spoke by phone on Monday, are set to meet in April", "2025-11-01", f"{PHONE}/occurred"),
    # ... a cue of the clause itself still decides, and denials still reach across.
    ("clause", "Ahead of the summit, Trump will call Xi", "2025-11-01", f"{MEET}/planned"),
    ("clause", "Ahead of his Asia trip, Trump will call Xi", "2025-11-01", f"{PHONE}/planned"),
    ("clause", "Ahead of the G20, Trump is expected to meet Xi", "2025-11-01", f"{MEET}/planned"),
    ("clause", "Trump, Xi to hold phone call on Friday", "2025-11-01", f"{PHONE}/planned"),
    ("clause", "Trump has not, aides say, met Xi this year", "2025-11-01", "none"),
    # Role gate, judged per sentence.
    ("role", "Vice President Vance meets Xi in Beijing", "2025-09-01", "none"),
    ("role", "Xi meets Trump's special envoy in Beijing", "2025-09-01", "none"),
    ("role", "Trump meets Xi's top trade negotiator in Geneva", "2025-05-11", "none"),
    ("role", "Treasury Secretary Bessent and Vice Premier He Lifeng meet as Trump eyes Xi talks", "2025-09-01", f"{MEET}/planned"),
    ("role", "California Governor Newsom meets Xi as Trump tariffs bite", "2025-09-01", "none"),
    ("role", "Premier Li Qiang meets Trump's trade team in Madrid", "2025-09-01", "none"),
    ("role", "National security adviser meets Xi before Trump's Beijing trip", "2025-09-01", "none"),
    ("role", "Peng Liyuan hosts Melania Trump at a Beijing school", "2017-11-09", "none"),
    ("role", "Xi holds video call with Putin. Trump and Xi spoke by phone on Thursday.", "2025-05-09", f"{PHONE}/occurred"),
    ("role", "Xi spoke with Putin by video hours after a phone call with Trump", "2025-05-09", "none"),
    ("role", "Xi and Putin hold video call as Trump weighs new tariffs", "2025-05-09", "none"),
    # Token traps: Xi inside other words and names, and the Roman numeral.
    ("token", "Xinhua says Trump met tourists in Xi'an", "2025-05-05", "none"),
    ("token", "Trump met a taxi driver from Xinjiang", "2025-05-05", "none"),
    ("token", "Trump meets Super Bowl XI champions at the White House", "2025-05-05", "none"),
    ("token", "Trump meets historians of Pope Pius XI", "2025-05-05", "none"),
    ("token", "Trump met Li Xi, a senior party official, in Beijing", "2025-05-05", "none"),
    ("token", "Trump visits memorial to Xi Zhongxun in Beijing", "2025-05-05", "none"),
    ("token", "TRUMP AND XI MEET IN BUSAN", "2025-10-30", f"{MEET}/occurred"),
    ("token", "Chen Xi meets Trump delegation in Beijing", "2025-05-05", "none"),
    ("token", "XI JINPING HOLDS PHONE CALL WITH TRUMP", "2025-06-05", f"{PHONE}/occurred"),
    # Out of term: not a head of state on the item's date.
    ("term", "Biden calls Xi to discuss Taiwan", "2026-03-01", "none"),
    ("term", "Vice President Xi meets Obama in Washington", "2012-02-14", "none"),
    ("term", "Obama meets Xi on the sidelines of the G20", "2019-06-29", "none"),
    ("term", "Hu Jintao and Trump hold talks", "2017-06-01", "none"),
    ("term", "Trump says he spoke with Xi by phone", "2024-10-15", "none"),
    ("term", "Obama and Xi meet at Sunnylands", "2013-06-08", f"{MEET}/occurred"),
    # President-elect periods count.
    ("elect", "President-elect Trump held a phone call with Xi Jinping", "2024-11-20", f"{PHONE}/occurred"),
    ("elect", "Xi sends Trump a congratulatory message on his election win", "2024-11-07", f"{LETTER}/occurred"),
    # Planned, not yet happened.
    ("planned", "Trump will meet Xi in Busan next week", "2025-10-22", f"{MEET}/planned"),
    ("planned", "Trump and Xi to speak by phone on Friday", "2025-09-17", f"{PHONE}/planned"),
    ("planned", "Trump set to host Xi at Mar-a-Lago", "2025-03-01", f"{MEET}/planned"),
    ("planned", "Xi expected to hold video call with Trump", "2025-03-01", f"{VIDEO}/planned"),
    ("planned", "Trump likely to meet Xi at APEC", "2025-10-01", f"{MEET}/planned"),
    ("planned", "Trump plans a call with Xi this week", "2025-03-01", f"{PHONE}/planned"),
    ("planned", "Xi accepts invitation to visit Trump at the White House", "2025-03-01", f"{MEET}/planned"),
    ("planned", "Markets rally ahead of Trump-Xi summit", "2025-10-28", f"{MEET}/planned"),
    ("planned", "Trump and Xi agreed to meet in April", "2025-11-25", f"{MEET}/planned"),
    ("planned", "Trump is scheduled to speak with Xi on Tuesday", "2025-09-15", f"{PHONE}/planned"),
    # Positive formulations, including Chinese official media in English and Chinese.
    ("positive", "Xi Jinping spoke with U.S. President Donald Trump on the phone at the request of the U.S. side", "2025-06-05", f"{PHONE}/occurred"),
    ("positive", "习近平同美国总统特朗普通电话", "2025-06-05", f"{PHONE}/occurred"),
    ("positive", "习近平同美国总统特朗普举行视频会晤", "2025-06-05", f"{VIDEO}/occurred"),
    ("positive", "习近平在釜山同美国总统特朗普会晤", "2025-10-30", f"{MEET}/occurred"),
    ("positive", "习近平向特朗普致贺电", "2024-11-07", f"{LETTER}/occurred"),
    ("positive", "习近平致电特朗普祝贺其当选", "2024-11-07", f"{LETTER}/occurred"),
    ("positive", "习近平复信特朗普", "2025-06-05", f"{LETTER}/occurred"),
    ("positive", "习近平回信美国总统特朗普", "2025-06-05", f"{LETTER}/occurred"),
    ("positive", "Trump and Xi held talks in Busan", "2025-10-30", f"{MEET}/occurred"),
    ("positive", "Biden and Xi held a virtual meeting on Monday", "2021-11-16", f"{VIDEO}/occurred"),
    ("positive", "Trump and Xi spoke by phone on Thursday", "2025-06-05", f"{PHONE}/occurred"),
    ("positive", "Xi and Biden exchanged congratulatory messages", "2024-01-01", f"{LETTER}/occurred"),
    ("positive", "Xi sent a letter to Trump", "2025-06-05", f"{LETTER}/occurred"),
    ("positive", "Trump and Xi met on the sidelines of the G20 in Osaka", "2019-06-29", f"{MEET}/occurred"),
    ("positive", "Trump arrived in Beijing and was welcomed by Xi at the Great Hall", "2017-11-09", f"{MEET}/occurred"),
    ("positive", "Trump and Xi hold summit in Busan", "2025-10-30", f"{MEET}/occurred"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "published", "expected"),
    [pytest.param(t, p, e, id=f"{c}: {t}") for c, t, p, e in TRAPS],
)
def test_trap(clf: Classifier, title: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, "", published)
    assert got == expected, evidence


def test_every_trap_class_has_cases() -> None:
    counts: dict[str, int] = {}
    for cls, *_ in TRAPS:
        counts[cls] = counts.get(cls, 0) + 1
    assert set(counts) == {
        "negation", "history", "hypothetical", "idiom", "role", "token",
        "term", "elect", "planned", "positive", "clause",
    }  # fmt: skip
    assert min(counts.values()) >= 2
