"""What part of a long item the rules read: the headline and the lead.

News copy puts its news first: the headline and the first paragraphs say who did what
with whom, and what follows is quotes, background and earlier events. Reading only
that part keeps the cost of an item bounded whatever a feed sends (broken CMS output
or a hostile feed can put megabytes in a description), and it also keeps background
paragraphs far down a story from being read as its news.

The title is read up to TITLE_CAP characters (no real headline is that long; a longer
one is broken markup), cut at a word. The summary and the body are each read up to
LEAD_CAP characters, cut at the last sentence end in that window, or at a word when
the window holds no sentence end in its second half.
"""

from __future__ import annotations

from monitor.classify import sentences

TITLE_CAP = 1000
LEAD_CAP = 3000
CAPS = {"title": TITLE_CAP, "summary": LEAD_CAP, "text": LEAD_CAP}


def lead(text: str, cap: int) -> str:
    """The first `cap` characters of text or fewer, ending at a sentence end or a word."""
    if len(text) <= cap:
        return text
    # One character past the cap shows whether the cap falls between two sentences. Only
    # an end in the window's second half is used, so only that half (from a word) is split.
    window = text[: cap + 1]
    start = window.rfind(" ", 0, cap // 2) + 1
    spans = sentences.split(window[start:])
    ends = [start + end for _, end in spans if start + end <= cap]
    if ends and ends[-1] >= cap // 2:
        return text[: ends[-1]].rstrip()
    cut = window.rfind(" ", cap // 2, cap + 1)
    return text[: cut if cut > 0 else cap].rstrip()


def read(field: str, text: str) -> str:
    """The part of a document's field (title, summary, text) that the rules read."""
    return lead(text, CAPS[field])
