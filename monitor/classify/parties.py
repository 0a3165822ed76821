"""Who a trigger belongs to: the two presidents, or an official or another leader.

Offsets are those of the sentence's field; everything near a trigger is found by
bisection over the sentence's mentions (near.py), so a sentence costs in proportion to
its length.
"""

from __future__ import annotations

import re

from monitor.classify.matchers import Hit, Trigger
from monitor.classify.near import Near
from monitor.classify.roster import LEADER, THIRD_PARTY, Head, Mention

_AND = re.compile(r"^\W*(?:and|&|与|和)\W*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\s|的")
CLAUSE_BREAK = re.compile(r"[,;:()，；：]|\s[-–—]\s")
THIRD_PARTY_CATS = frozenset(THIRD_PARTY)
THIRD_PARTY_REACH = 60  # characters around a trigger in which its parties are named
# Two presidents joined as one subject: "Trump and Xi", "Trump, Xi".
JOINED = re.compile(r"\s*(?:,|and|&)\s*", re.IGNORECASE)
SUBJECT_REACH = 25  # "Blinken meets", "Yellen says her talks": subject right before
PAIR_REACH = 60  # "Xi warned Biden during a two-hour call": both named this close before


def third_party(
    sent: str,
    hit: Hit[Trigger],
    people: Near[Mention],
    head_starts: set[int],
    prev_end: int,
) -> bool:
    """Is the trigger's counterpart, or its subject, an official or another leader?

    `prev_end` is where the sentence's previous trigger ends: a person named before
    it is that trigger's subject, not this one's.
    """
    after = [
        m
        for m in people.starting(hit.end, hit.end + THIRD_PARTY_REACH)
        if not CLAUSE_BREAK.search(sent, hit.end, m.start)
    ]
    if len(after) > 1 and (
        _POSSESSIVE.match(sent, after[0].end)
        or (after[1].start == after[0].end and after[1].category in THIRD_PARTY)
    ):
        # "meets Trump's special envoy", "会见习近平特使": the envoy is the counterpart.
        after = after[1:]
    if after:
        if after[0].category in THIRD_PARTY:
            return True
        # "a video conversation between Xi and Russian President Vladimir Putin"
        if (
            len(after) > 1
            and after[1].category in THIRD_PARTY
            and _AND.match(sent[after[0].end : after[1].start])
        ):
            return True
    before = [
        m
        for m in people.ending(hit.start - THIRD_PARTY_REACH, hit.start)
        if not CLAUSE_BREAK.search(sent, m.end, hit.start)
    ]
    # "Xi and Putin talk by video link": the subject pairs a president with a third party.
    if (
        len(before) > 1
        and THIRD_PARTY_CATS & {before[-1].category, before[-2].category}
        and _AND.match(sent[before[-2].end : before[-1].start])
    ):
        return True
    # "Blinken meets Xi": a third party named just before the trigger is its subject;
    # so is a president's name that stands for no head of state ("前总统布什之子会见").
    if (
        before
        and (
            before[-1].category in THIRD_PARTY
            or (before[-1].category == LEADER and before[-1].start not in head_starts)
        )
        and hit.start - before[-1].end <= SUBJECT_REACH
        and before[-1].start >= prev_end
    ):
        return True
    # With no one named after it, a trigger whose clause names a third party and no
    # president before it is the third party's.
    return (
        not after
        and any(m.category in THIRD_PARTY for m in before)
        and not any(m.start in head_starts for m in before)
    )


def pair_before(sent: str, hit: Hit[Trigger], heads: Near[Head]) -> bool:
    """Are both presidents named in the trigger's clause, shortly before it?"""
    before = heads.ending(hit.start - PAIR_REACH, hit.start)
    if len({h.country for h in before}) < 2:
        return False
    return not CLAUSE_BREAK.search(sent, before[0].mention.end, hit.start)


def most_named(doc_heads: list[Head]) -> dict[str, Head]:
    """Per country, the head the item names most often (the first of equals)."""
    counts: dict[str, int] = {}
    for h in doc_heads:
        counts[h.name] = counts.get(h.name, 0) + 1
    out: dict[str, Head] = {}
    for h in doc_heads:
        best = out.get(h.country)
        if best is None or counts[h.name] > counts[best.name]:
            out[h.country] = h
    return out


def of(at: int, own: dict[str, Near[Head]], most_named: dict[str, Head]) -> list[Head]:
    """One head per country for the trigger at `at`: the one named closest to it.

    A sentence may name an outgoing president and the president-elect ("Xi told Biden
    ..., as President-elect Trump prepares to take over"); the party to the contact is
    the one nearest the trigger. A sentence that only says "the two leaders" takes the
    presidents the item names most. `own` holds the sentence's heads per country.
    """
    out: list[Head] = []
    for country in ("us", "cn"):
        head = own[country].closest(at)
        if head is not None:
            out.append(head)
        elif country in most_named:
            out.append(most_named[country])
    return out


# Between a subject and its verb: auxiliaries and adverbs ("have finally spoken").
_SUBJECT_GAP = re.compile(
    r"\s*(?:(?:have|has|had|will|would|could|may|might|can|to|are|set|due|expected|"
    r"finally|also|then|just|both|reportedly|once\s+again)\s+){0,3}",
    re.IGNORECASE,
)
_JOINED = re.compile(r"\s*(?:,|and|&|与|和)?\s*", re.IGNORECASE)
_OBJECT_OF = re.compile(
    r"\b(?:for|of|to|from|by|with|between|behind|about|among)\s+(?:the\s+)?$", re.IGNORECASE
)
_PRONOUN_AND = re.compile(r"\b(?:he|she)\s+(?:and|&)\s+$", re.IGNORECASE)


def joined_before(sent: str, before: list[Head]) -> tuple[set[str], Head]:
    """From the last of `before` back, the heads joined to it as one subject ("Trump and
    Xi", "Trump, Xi", "特朗普和习近平", "Chinese, U.S. presidents"): their countries, and
    the first of them."""
    countries = {before[-1].country}
    first = before[-1]
    for prev, nxt in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        same = prev.mention == nxt.mention  # "Chinese, U.S. presidents": both in one
        if not same and not _JOINED.fullmatch(sent, prev.mention.end, nxt.mention.start):
            break
        countries.add(prev.country)
        first = prev
    return countries, first


def pair_subject(sent: str, hit: Hit[Trigger], heads: Near[Head], pairs: Near[Mention]) -> bool:
    """Are both presidents the subject of the trigger, right before it ("Biden and Xi
    talk for the first time", "Trump, Xi speak again", "the two leaders spoke")?

    A pair phrase may hold the verb itself ("the two spoke").
    """
    lo = hit.start - PAIR_REACH
    for m in pairs.ending(lo, hit.end):
        if m.start < hit.start < m.end or (
            m.end <= hit.start and _SUBJECT_GAP.fullmatch(sent, m.end, hit.start)
        ):
            return True
    before = heads.ending(lo, hit.start)
    if not before or not _SUBJECT_GAP.fullmatch(sent, before[-1].mention.end, hit.start):
        return False
    countries, first = joined_before(sent, before)
    if len(countries) == 2:
        # "Negotiators for Trump and Xi agree", "aides to Biden and Xi discussed": the
        # pair is the object of a preposition, not the subject.
        return (
            _OBJECT_OF.search(sent, max(0, first.mention.start - 14), first.mention.start) is None
        )
    # "Trump says he and Xi spoke": a pronoun for a president named before.
    return _PRONOUN_AND.search(
        sent, max(0, first.mention.start - 12), first.mention.start
    ) is not None and any(h.country not in countries for h in heads.ending(0, first.mention.start))


_COMPOUND = re.compile(r"\s*[-–/]\s*\w")
_GUEST_GAP = re.compile(r"\s+(?:by\s+)?(?:[\w.]+\s+){0,2}", re.IGNORECASE)


def guest_after(sent: str, hit: Hit[Trigger], heads: Near[Head], reach: int) -> bool:
    """Is a president named right after the trigger, as its object ("welcomes Trump",
    "greets Chinese President Xi"), not as a possessive ("welcomes Xi's pledge")?"""
    after = heads.starting(hit.end, hit.end + reach)
    if not after or not _GUEST_GAP.fullmatch(sent, hit.end, after[0].mention.start):
        return False
    if _COMPOUND.match(sent, after[0].mention.end):
        return False  # half of a pair's name: "Japan welcomes Trump-Xi call"
    last = after[0]
    for nxt in after[1:]:  # "Chinese President Xi Jinping": one name in two mentions
        if nxt.mention.start - last.mention.end > 3:
            break
        last = nxt
    return not _POSSESSIVE.match(sent, last.mention.end)


# Between a verb and its object: "talks to the Chinese leader", "talk with his
# counterpart"; an office or a title is part of the president's mention.
_ADDRESS_GAP = re.compile(r"\s+(?:(?:the|his|her|their|both|visiting)\s+){0,2}", re.IGNORECASE)


def addressed(sent: str, hit: Hit[Trigger], heads: Near[Head], reach: int) -> bool:
    """Is a president the object right after the trigger ("talks to Xi", "a talk with
    President Xi"), not someone or something else ("talks to reporters about Xi")?
    A possessive ("talks to Xi's envoy") is left to `third_party`."""
    after = heads.starting(hit.end, hit.end + reach)
    return bool(after) and _ADDRESS_GAP.fullmatch(sent, hit.end, after[0].mention.start) is not None


_ENGLISH_POSSESSIVE = re.compile(r"['’]s?\s")
_OBJECT_GAP = re.compile(r"\s*(?:(?:with|to)\s+)?", re.IGNORECASE)
OBJECT_REACH = 30  # "meets Trump's special envoy": a person this close after the possessive


def possessive_object(sent: str, hit: Hit[Trigger], people: Near[Mention]) -> bool:
    """Is the trigger's object something of a president, not the president ("Xi meets
    Trump's tariff threat with defiance", "met Xi's demands", "dines with Xi's rival")?

    A person named after the possessive ("meets Trump's envoy") is left to
    `third_party`.
    """
    after = people.starting(hit.end, hit.end + 8)
    if not after or not _OBJECT_GAP.fullmatch(sent, hit.end, after[0].start):
        return False
    end = after[0].end
    if not _ENGLISH_POSSESSIVE.match(sent, end):
        return False
    return not people.starting(end + 1, end + OBJECT_REACH)
