"""Three more classes of news language, several cases each, both ways.

Every case is written for this file (none is a headline from any data set): a title,
an optional lead, a date, and the decision the default rules must reach, "none" or
"kind/status".

- underway: a contact told in the present progressive ("are meeting", "is speaking
  with") is happening now, even under a headline that looked ahead; a time still to
  come in its clause ("are meeting next week", "tomorrow") keeps it a plan.
- outcome: what the two presidents agreed, pledged or struck together ("Trump and Xi
  agree to a tariff pause") reports the contact that produced it, with no meeting word;
  an agreement still ahead ("expected to agree", "may strike a deal"), an agreement to
  meet, one president's claim or a dated one is no new contact.
- talks_call: a headline's "talks" over a lead that says how they talked takes the lead's
  mode.
- discussed: both presidents discussing something together is a contact (told with no
  mode, a call unless the item says otherwise), and a call word beside "the two
  presidents" is theirs; a discussion still ahead is a plan, one that may happen or a
  summary of what they discussed is none.
- off: a contact said to be off ("may not happen", "won't take place") is no event.
- wording: messages and calls told in other words ("sends New Year wishes", "pens a
  note to", "rings", "dials", "shake on a deal"), never the same words aimed elsewhere.
- copies: a news search's copy of a headline, with the outlet after it, reads as the
  headline does: an opinion's verdict or byline still ends it.
- satisfy: to meet a target, a deadline or the moment is to satisfy it, not to meet
  anyone; a meeting whose purpose names a target is still a meeting.
- signal: "sends Trump a clear message", "Xi's message to Trump: ..." are signals and
  statements, not messages; a message sent or delivered is one.
- counted: contacts counted ("has met Xi many times") are background, not news.
"""

from __future__ import annotations

import pytest
from helpers import assert_both_ways, case_params, reading

from monitor.classify import Classifier

PHONE, VIDEO, MEET = "phone_call", "video_call", "in_person_meeting"

# (class, title, lead, published, expected)
CASES = [
    # Under way now: the progressive reports the contact as it happens.
    ("underway", "Xi to meet Obama at climate talks", "Obama and Xi are meeting this morning on the edge of the climate conference in Paris.", "2015-11-30", f"{MEET}/occurred"),
    ("underway", "Biden and Xi set to meet in Bali", "The two leaders are now meeting at a resort hotel, their first in-person talks as presidents.", "2022-11-14", f"{MEET}/occurred"),
    ("underway", "Trump is meeting Xi at an air base in Busan", "", "2025-10-30", f"{MEET}/occurred"),
    ("underway", "Biden and Xi are meeting face to face for the first time in a year", "", "2023-11-15", f"{MEET}/occurred"),
    ("underway", "Trump and Xi are speaking by phone, White House says", "", "2025-09-19", f"{PHONE}/occurred"),
    ("underway", "Trump is talking with Xi right now, spokeswoman says", "", "2025-09-19", f"{PHONE}/occurred"),
    ("underway", "Biden is hosting Xi at an estate south of the city", "", "2023-11-15", f"{MEET}/occurred"),
    ("underway", "Trump was speaking to Xi when markets opened", "", "2025-06-05", f"{PHONE}/occurred"),
    # ... while a time still ahead keeps it a plan, and a noun phrase reports nothing.
    ("underway", "Trump and Xi are meeting next week in Busan", "", "2025-10-22", f"{MEET}/planned"),
    ("underway", "Biden is meeting Xi on the sidelines of APEC later this month", "", "2023-11-01", f"{MEET}/planned"),
    ("underway", "Obama and Xi are meeting tomorrow at the White House", "", "2015-09-24", f"{MEET}/planned"),
    ("underway", "Xi to meet Trump in Busan", "It is a meeting markets have waited months for.", "2025-10-29", f"{MEET}/planned"),
    ("underway", "Trump and Xi are to meet in Beijing in April", "", "2026-01-15", f"{MEET}/planned"),
    ("underway", "Trump and Xi are not meeting this week, aides say", "", "2025-10-01", "none"),
    ("underway", "Xi and Putin are meeting in Moscow", "", "2025-05-08", "none"),
    # The two presidents' joint outcome reports the contact behind it.
    ("outcome", "Trump and Xi agree to a 90-day pause on new tariffs", "", "2018-12-02", f"{MEET}/occurred"),
    ("outcome", "Obama, Xi pledge joint push for a climate deal", "", "2015-11-30", f"{MEET}/occurred"),
    ("outcome", "Military hotline restored", "Presidents Biden and Xi agreed on Wednesday to restore military communications, the White House said.", "2023-11-15", f"{MEET}/occurred"),
    ("outcome", "Trump, Xi strike truce on tariffs", "", "2019-06-29", f"{MEET}/occurred"),
    ("outcome", "Biden and Xi reach deal on fentanyl curbs", "", "2023-11-15", f"{MEET}/occurred"),
    ("outcome", "Trump and Xi agree in a phone call to keep talking", "", "2025-06-05", f"{PHONE}/occurred"),
    ("outcome", "Biden, Xi agree to restore climate talks in virtual summit", "", "2021-11-16", f"{VIDEO}/occurred"),
    ("outcome", "Beijing says Xi and Trump reached important consensus at the summit", "", "2025-10-30", f"{MEET}/occurred"),
    ("outcome", "Xi, Trump seal trade truce at G20", "", "2019-06-29", f"{MEET}/occurred"),
    ("outcome", "Xi, Trump exchange views on ties and Taiwan", "", "2025-10-30", f"{MEET}/occurred"),
    ("outcome", "Obama and Xi ratify the climate accord together", "", "2016-09-03", f"{MEET}/occurred"),
    ("outcome", "Obama and Xi to ratify the climate accord", "", "2016-09-01", "none"),
    ("outcome", "Xi and Biden exchanged candid views by phone", "", "2022-07-28", f"{PHONE}/occurred"),
    ("outcome", "Xi and Trump to exchange views on trade", "", "2025-10-28", "none"),
    ("outcome", "Trump, Xi agree on tariff cuts", "The two presidents settled the remaining points by phone on Wednesday.", "2025-11-26", f"{PHONE}/occurred"),
    # ... while an agreement ahead, to meet, by one side, or dated is no new contact.
    ("outcome", "Biden and Xi are expected to reach a deal on fentanyl", "", "2023-11-10", "none"),
    ("outcome", "Trump and Xi unlikely to strike a deal this year", "", "2019-09-10", "none"),
    ("outcome", "Trump and Xi did not agree on chips", "", "2025-10-30", "none"),
    ("outcome", "Trump and Xi agree to meet in South Korea", "", "2025-09-19", f"{MEET}/planned"),
    ("outcome", "Trump and Xi expected to agree on chip curbs", "", "2025-10-28", "none"),
    ("outcome", "Trump and Xi may strike a deal on soybeans", "", "2025-10-28", "none"),
    ("outcome", "Trump and Xi agreed last year to a truce that is now fraying", "", "2019-05-10", "none"),
    ("outcome", "Soybeans rise after Trump and Xi agreed to a truce", "", "2019-07-05", "none"),
    ("outcome", "Trump says Xi agreed to buy more soybeans", "", "2025-06-12", "none"),
    ("outcome", "US and China agree to extend the tariff pause", "", "2025-08-11", "none"),
    ("outcome", "Trump and Xi fail to agree on export curbs", "", "2025-10-30", "none"),
    ("outcome", "Negotiators for Trump and Xi agree on a framework", "", "2025-10-26", "none"),
    ("outcome", "Kissinger meets Xi, carries no message from Biden", "", "2023-07-20", "none"),
    ("outcome", "Xi and Putin agree to deepen energy ties", "", "2025-05-08", "none"),
    ("outcome", "Fentanyl curbs Biden and Xi pledged show results", "", "2024-03-01", "none"),
    ("outcome", "Markets cheer as Trump and Xi agree to extend the truce", "", "2025-11-01", f"{MEET}/occurred"),
    ("outcome", "Markets cheer the truce Trump and Xi agreed to", "", "2025-11-01", "none"),
    # A headline's talks take the lead's mode.
    ("talks_call", "Trump, Xi hold talks on trade and Taiwan", "Trump spoke with Xi by phone on Thursday, the White House said.", "2025-09-19", f"{PHONE}/occurred"),
    ("talks_call", "Biden and Xi hold talks as tensions rise", "The two presidents spoke for two hours by telephone on Friday.", "2022-07-29", f"{PHONE}/occurred"),
    ("talks_call", "Trump-Xi talks focus on fentanyl", "In a call on Wednesday, Trump pressed Xi on fentanyl shipments.", "2025-11-26", f"{PHONE}/occurred"),
    ("talks_call", "Trump, Xi hold talks in Busan", "The two presidents met for 100 minutes at an air base.", "2025-10-30", f"{MEET}/occurred"),
    ("talks_call", "Biden and Xi hold talks", "The leaders met by video link on Monday evening.", "2021-11-16", f"{VIDEO}/occurred"),
    ("talks_call", "Trump and Xi to hold talks", "Trump said he would call Xi this week.", "2025-06-02", f"{PHONE}/planned"),
    # Discussing together.
    ("discussed", "Trump, Xi discuss Ukraine and soybeans", "", "2025-11-26", f"{PHONE}/occurred"),
    ("discussed", "Biden and Xi talk as Taiwan tensions simmer", "", "2022-07-28", f"{PHONE}/occurred"),
    ("discussed", "Biden and Xi to talk as Taiwan tensions simmer", "", "2022-07-26", f"{PHONE}/planned"),
    ("discussed", "Biden and Xi talk tough as tensions simmer", "", "2022-07-26", "none"),
    ("discussed", "Markets wait for details", "The two leaders discussed export controls by phone on Friday, Trump and Xi's aides said.", "2025-09-20", f"{PHONE}/occurred"),
    ("discussed", "Trump, Xi weigh Ukraine and trade", "In a call on Wednesday, the two presidents went over fentanyl and soybeans.", "2025-11-26", f"{PHONE}/occurred"),
    ("discussed", "Biden and Xi discussed Taiwan at length during their Woodside summit", "", "2023-11-16", f"{MEET}/occurred"),
    ("discussed", "Trump and Xi to discuss trade at their summit", "", "2025-10-26", f"{MEET}/planned"),
    ("discussed", "Trump and Xi will discuss chips next week", "", "2025-10-20", f"{PHONE}/planned"),
    ("discussed", "Trump and Xi may discuss chips", "", "2025-10-20", "none"),
    ("discussed", "What Trump and Xi discussed, and what they left out", "", "2025-10-31", "none"),
    ("discussed", "What Biden and Xi agreed in Woodside", "", "2023-11-16", "none"),
    ("discussed", "Trump and Xi could discuss Taiwan, officials say", "", "2025-06-01", "none"),
    # Off.
    ("off", "Trump says Xi meeting may not happen", "", "2025-10-10", "none"),
    ("off", "Trump-Xi call won't take place this week, aides say", "", "2025-03-10", "none"),
    ("off", "Trump and Xi meeting will not go ahead", "", "2025-10-12", "none"),
    ("off", "Trump and Xi met on Thursday", "", "2025-10-31", f"{MEET}/occurred"),
    ("off", "Biden-Xi call not on the schedule, aides say", "", "2022-07-20", "none"),
    ("off", "Trump-Xi phone call pencilled in for Friday", "", "2025-09-17", f"{PHONE}/planned"),
    # Other words for a message or a call.
    ("wording", "Biden sends Lunar New Year wishes to Xi", "", "2022-02-01", "letter_or_message/occurred"),
    ("wording", "Xi pens a note to Trump on the anniversary of ties", "", "2019-01-01", "letter_or_message/occurred"),
    ("wording", "Biden rings Xi to discuss Ukraine", "", "2022-03-18", f"{PHONE}/occurred"),
    ("wording", "Trump dials Xi as trade tensions mount", "", "2025-03-01", f"{PHONE}/occurred"),
    ("wording", "Xi and Trump shake on a soybean deal", "", "2025-10-30", f"{MEET}/occurred"),
    ("wording", "Trump pens a note to investors about Xi", "", "2025-03-01", "none"),
    ("wording", "Trump dials back tariffs as Xi visit nears", "", "2026-03-20", f"{MEET}/planned"),
    ("wording", "Trump will send Xi his best wishes, aide says", "", "2025-06-01", "letter_or_message/planned"),
    ("wording", "Markets shake on fears over Trump and Xi", "", "2025-04-07", "none"),
    ("wording", "Xi has had a telephone talk with Trump", "", "2025-06-05", f"{PHONE}/occurred"),
    ("wording", "Biden greets Xi at a historic estate", "", "2023-11-15", f"{MEET}/occurred"),
    ("wording", "Xi greets Trump on his election win", "", "2024-11-07", "letter_or_message/occurred"),
    ("wording", "Xi greets Trump in a message on his birthday", "", "2025-06-14", "letter_or_message/occurred"),
    ("wording", "Trump greets supporters in Ohio as Xi call looms", "", "2025-06-03", f"{PHONE}/planned"),
    # A time after "as" belongs to its own clause, unless "as" only measures it.
    ("off", "Trump calls Xi as deadline nears", "", "2025-03-01", f"{PHONE}/occurred"),
    ("off", "Trump-Xi meeting as early as next week, aides say", "", "2025-10-20", f"{MEET}/planned"),
    ("wording", "Trump wishes Xi a happy Year of the Horse", "", "2026-02-17", "letter_or_message/occurred"),
    ("wording", "Xi conveys best wishes to Biden in a video call", "", "2022-03-18", f"{VIDEO}/occurred"),
    ("wording", "Trump sends his best wishes to Xi", "", "2025-06-15", "letter_or_message/occurred"),
    # Copies with the outlet's name after the headline.
    ("copies", "Trump and Xi in Busan: A Good Start - The Daily Planet", "", "2025-10-31", "none"),
    ("copies", "The Trump-Xi call, explained | Capital Times", "", "2025-06-06", "none"),
    ("copies", "Why the Busan summit matters - Harbour Post", "", "2025-10-31", "none"),
    ("copies", "After Busan, America should talk to Beijing more | Jane Roe - Harbour Post", "Donald Trump and Xi Jinping met in Busan.", "2025-11-02", "none"),
    ("copies", "Trump and Xi meet in Busan - The Daily Planet", "", "2025-10-30", f"{MEET}/occurred"),
    ("copies", "Trump and Xi speak by phone - Wire | Asia", "", "2025-06-05", f"{PHONE}/occurred"),
    # Meeting a target.
    ("satisfy", "Beijing met the deadline Xi promised Trump", "", "2025-12-01", "none"),
    ("satisfy", "Trump says China is meeting its soybean commitments under the Xi deal", "", "2025-12-01", "none"),
    ("satisfy", "Xi is meeting the moment, Trump says", "", "2025-12-01", "none"),
    ("satisfy", "China fails to meet purchase targets Trump and Xi set", "", "2020-12-01", "none"),
    ("satisfy", "Trump meets Xi to discuss purchase targets", "", "2025-10-30", f"{MEET}/occurred"),
    ("satisfy", "Trump meets Xi, sets new goals", "", "2025-10-30", f"{MEET}/occurred"),
    # Signals and statements called messages.
    ("signal", "Xi sends Trump a clear message on Taiwan", "", "2025-04-10", "none"),
    ("signal", "Xi's message to Trump: China will not back down", "", "2025-04-10", "none"),
    ("signal", "Trump sent a stern message to Xi with new tariffs", "", "2025-04-10", "none"),
    ("signal", "Xi sends Trump a message of condolence", "", "2025-04-10", "letter_or_message/occurred"),
    ("signal", "Trump's message to Xi delivered by envoy", "", "2025-04-10", "letter_or_message/occurred"),
    # Contacts counted.
    ("counted", "Biden, as vice president, met Xi many times", "", "2021-02-10", "none"),
    ("counted", "Trump says he has spoken with Xi dozens of times", "", "2025-04-20", "none"),
    ("counted", "Obama met Xi on numerous occasions, aides recall", "", "2017-01-10", "none"),
    ("counted", "Trump spoke with Xi for the first time in months", "", "2025-06-05", f"{PHONE}/occurred"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lead", "published", "expected"),
    case_params(CASES),
)
def test_case(clf: Classifier, title: str, lead: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, lead, published)
    assert got == expected, evidence


def test_every_class_has_cases_both_ways() -> None:
    assert_both_ways(
        CASES,
        {
            "underway",
            "outcome",
            "talks_call",
            "discussed",
            "off",
            "wording",
            "copies",
            "satisfy",
            "signal",
            "counted",
        },
    )
