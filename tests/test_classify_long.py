"""A long item costs what a normal one does: the rules read the headline and the lead.

A description of megabytes (broken CMS output, or a hostile feed) must neither stall a
cycle nor change what the rules decide from the item's opening.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from helpers import RULES

from monitor.classify import Classifier
from monitor.classify.lead import CAPS, LEAD_CAP, TITLE_CAP, lead, read
from monitor.classify.matchers import cue_book, trigger_book
from monitor.classify.rules import load_rules
from monitor.classify.status import Cues
from monitor.models import Document

NOW = datetime(2026, 3, 1, tzinfo=UTC)
DAY = datetime(2025, 6, 2, tzinfo=UTC)
# Leader names and trigger words with no sentence end between them: one endless
# sentence, the worst case for matching names to triggers and cues.
WORDS = [
    "Trump", "Xi", "President Xi", "the two leaders", "Chinese President", "met", "call",
    "phone call", "summit", "will", "after", "not", "denies", "if", "Putin", "letter",
    "video call", "talks", "and", ",", "Xi's", "'-'",
]  # fmt: skip


def noise(size: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        word = rnd.choice(WORDS)
        out.append(word)
        total += len(word) + 1
    return " ".join(out)


def test_lead_is_bounded_and_ends_at_a_sentence_end() -> None:
    opening = "Trump and Xi spoke by phone on Monday. " * 40
    text = opening + noise(4_000_000)
    cut = lead(text, LEAD_CAP)
    assert len(cut) <= LEAD_CAP
    assert cut.endswith("Monday.")
    assert text.startswith(cut)


def test_lead_without_sentence_ends_stops_at_a_word() -> None:
    text = noise(4_000_000)
    cut = lead(text, LEAD_CAP)
    assert LEAD_CAP // 2 <= len(cut) <= LEAD_CAP
    assert text[len(cut)] == " "  # the cut falls between two words


def test_short_fields_are_read_whole() -> None:
    for field, cap in CAPS.items():
        text = "Xi and Trump met. " * (cap // 20)
        assert read(field, text) == text
    assert TITLE_CAP < LEAD_CAP


def test_multi_megabyte_item_is_classified_on_its_lead(clf: Classifier) -> None:
    title = "Trump and Xi hold a phone call on trade"
    big = Document(title=title, summary=noise(3_000_000), text=noise(2_000_000, 8), published=DAY)
    examined = sum(len(read(f, getattr(big, f))) for f in CAPS)
    assert examined <= TITLE_CAP + 2 * LEAD_CAP
    result = clf.classify(big, NOW)
    assert (result.kind, result.status) == ("phone_call", "occurred")
    # What lies past the lead is never read: cutting it off changes nothing.
    trimmed = Document(
        title=title,
        summary=read("summary", big.summary),
        text=read("text", big.text),
        published=DAY,
    )
    assert clf.classify(trimmed, NOW) == result


def test_news_past_the_lead_is_not_read(clf: Classifier) -> None:
    filler = "Markets were calm and traders waited for data on jobs. " * 80
    news = "Trump and Xi spoke by phone on Friday about tariffs."
    late = clf.classify(Document(title="Markets wait", text=filler + news, published=DAY), NOW)
    early = clf.classify(Document(title="Markets wait", text=news + filler, published=DAY), NOW)
    assert late.kind == "none"
    assert (early.kind, early.status) == ("phone_call", "occurred")


def test_hostile_title_is_cut(clf: Classifier) -> None:
    title = "Trump and Xi met in Busan. " + noise(1_000_000)
    result = clf.classify(Document(title=title, published=DAY), NOW)
    assert len(read("title", title)) <= TITLE_CAP
    assert (result.kind, result.status) == ("in_person_meeting", "occurred")


def test_a_trigger_weighs_only_the_cues_within_reach() -> None:
    # The work per trigger is the cues in a window of fixed width around it, however
    # long the sentence: counted here for a short and a very long one.
    rules = load_rules(RULES)
    cue_hits, triggers = cue_book(rules), trigger_book(rules)

    def window_sizes(repeats: int) -> list[int]:
        text = "Trump will not meet Xi after the call, " * repeats
        cues = Cues(cue_hits.finditer(text), rules.reach)
        return [len(cues.around(hit)) for hit in triggers.finditer(text)]

    short, long = window_sizes(5), window_sizes(1000)
    assert max(long) == max(short)
    assert len(long) == 200 * len(short)


def test_patterns_are_tried_only_where_their_leading_word_is() -> None:
    from monitor.classify.matchers import Phrasebook, literal_start
    from monitor.classify.tokens import tokenize

    # Lookbehinds and word boundaries before the word do not hide it.
    assert literal_start(r"(?<!\bto\s)(?<!\bmay\s)\bagree[sd]?\b") == "agree"
    assert literal_start(r"\bvow(?:s|ed)?\b") == "vow"
    assert literal_start(r"\b(?:spoke|talked)") == ""
    book: Phrasebook[str] = Phrasebook()
    book.add_pattern("agree", r"(?<!\bto\s)\bagree[sd]?\b", "agree")
    text = "Markets fell. Trump and Xi agreed. Aides want to agree. Trump and Xi agree again."
    tokens = tokenize(text)
    hits = [book.finditer(text, tokens, (s, e)) for s, e in ((0, 13), (14, 34), (35, 55), (56, 82))]
    assert [[h.text for h in sen] for sen in hits] == [[], ["agreed"], [], ["agree"]]
    # Where a word lies is found once per text and serves every sentence.
    assert tokens.first("agree", 0, len(text)) == text.index("agreed")
    assert tokens.first("agree", 56, 82) == text.rindex("agree")
    assert tokens.first("agree", 0, 13) == -1
    assert tokens.first("never", 0, len(text)) == -1
