"""Chinese text made uniform before matching, so one Simplified phrase covers every spelling.

News in Chinese comes in two scripts (mainland Simplified; Hong Kong and Taiwan
Traditional), with full-width letters, digits and punctuation, and, on some mirrors,
pinyin put after the characters ("习近平(xí jìn píng)"). The rule file writes its Chinese
phrases once, in Simplified characters; a text that holds Chinese characters is brought
to that form here:

- Traditional characters become Simplified (OpenCC's t2s conversion, a maintained
  dictionary: no table of characters of our own);
- full-width letters, digits and punctuation become half-width, except the sentence
  ends ！ and ？, which the sentence splitter reads as Chinese sentence ends;
- a space between two Chinese characters becomes a comma: headlines separate their
  clauses with a space ("习近平抵达白宫 与奥巴马出席晚宴"), and a comma is the clause break
  the rules know;
- pinyin right after Chinese characters is dropped, and so is any gloss in Latin
  letters in brackets ("亚太经合组织(APEC)", "拜登(Joe Biden)"): the Chinese it
  follows says the same, and its brackets would read as a clause break;
- compound names of the two presidents ("川习会", "川习通话", "中美元首") are written
  out as the names or offices they stand for (the rule file's `[chinese]` tables).

Text without Chinese characters is returned as it is, at the cost of one scan for them:
the conversion only runs where it can change something. The classifier matches, and
quotes in its evidence, the normalised text; what is stored and shown stays the original.
"""

from __future__ import annotations

import re
import unicodedata

from monitor.classify.roster import Head, Mention
from monitor.classify.rules import ChineseRule
from monitor.classify.tokens import Tokens
from monitor.simplified import to_simplified

# Chinese characters, CJK punctuation and full-width forms: any of them means the
# text needs normalising.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HAN = "\u3400-\u9fff\uf900-\ufaff"
# Full-width ASCII to half-width; the ideographic space to a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "！？"}
_WIDTH[0x3000] = 0x20
_HEADLINE_SPACE = re.compile(rf"(?<=[{_HAN}])[ \t]+(?=[{_HAN}])")

# One pinyin syllable, tones written as a digit or (after stripping marks) not at all.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|iao|ian|uai|uan|ang|eng|ing|ong|"
    r"ai|ei|ui|ao|ou|iu|ie|ue|ve|er|an|en|in|un|ia|ua|uo|a|o|e|i|u|v)[1-5]?"
)
_PINYIN_WORD = re.compile(rf"(?:{_SYLLABLE})+")
# Words right after a Chinese character: in brackets, or bare Latin.
_AFTER_HAN = re.compile(
    rf"(?<=[{_HAN}])(?:\s*\((?P<inside>[^()]{{1,60}})\)|\s*(?P<bare>[a-zà-ɏ][a-zà-ɏ1-5' \-]{{0,60}}))",
    re.IGNORECASE,
)
_LATIN_WORDS = re.compile(r"[^\s'\-]+")
_HAN_RUN = re.compile(rf"[{_HAN}]")


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def _plain(word: str) -> str:
    """A word without tone marks, in lower case ("Jìn" is "jin", "lǚ" is "lu")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_pinyin(words: list[str]) -> bool:
    return bool(words) and all(_PINYIN_WORD.fullmatch(_plain(w)) for w in words)


def _drop_gloss(m: re.Match[str]) -> str:
    inside = m.group("inside")
    if inside is not None:
        # "(xí jìn píng)", "(APEC)", "(Joe Biden)": a transcription or translation
        # of what it follows. Brackets that hold Chinese say something of their own.
        return m.group(0) if _HAN_RUN.search(inside) else ""
    bare = m.group("bare")
    words = _LATIN_WORDS.findall(bare)
    # Bare, only lower-case pinyin counts ("习近平xi jinping"): a capital starts a
    # name or an acronym ("会见Biden", "APEC") that is no transcription.
    return "" if bare == bare.lower() and _is_pinyin(words) else m.group(0)


class ChineseText:
    """Normalises text for matching, with the compound names of the rule file."""

    def __init__(self, rule: ChineseRule | None = None) -> None:
        rule = rule or ChineseRule()
        convert = to_simplified
        # Keys in either script: they are matched on text already made Simplified.
        self._names = {convert(k): v for k, v in rule.compounds.items()}
        words = {convert(k): v for k, v in rule.pair_words.items()}
        for pair, means in rule.pairs.items():
            for word, reading in words.items():
                self._names[convert(pair) + word] = means + reading
        self._names_rx = _alternation(self._names)

    def normalise(self, text: str) -> str:
        if not has_chinese(text):
            return text
        text = text.translate(_WIDTH)
        text = _AFTER_HAN.sub(_drop_gloss, text)
        text = to_simplified(text)
        text = _HEADLINE_SPACE.sub(",", text)
        if self._names_rx is not None:
            text = self._names_rx.sub(lambda m: self._names[m.group(0)], text)
        return text


def _alternation(phrases: dict[str, str]) -> re.Pattern[str] | None:
    """One regex for many literal phrases, longest first, grouped by first character.

    Grouping lets the regex engine reject a position after one character instead of
    trying every phrase there.
    """
    if not phrases:
        return None
    by_first: dict[str, list[str]] = {}
    for p in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(p[0], []).append(p[1:])
    parts = [
        re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
        for first, rests in by_first.items()
    ]
    return re.compile("|".join(parts))


_NAME = "\x00"  # a token value that starts no phrase
_FIRST_HAN = "\u3400"  # normalised text has no full-width forms: above this is Chinese


def mask_names(tokens: Tokens, mentions: list[Mention]) -> Tokens:
    """A copy of tokens in which the characters of Chinese names start no phrase.

    Without spaces a name and a trigger can share characters: "川普通话" is 川普 and
    通话, while "普通话" alone is Mandarin and no call. Trigger and cue phrases are
    looked for around the names, never across them, so a phrase that would start
    inside a name ("普通话" in "川普通话") is not seen. Mentions in Latin script are
    left alone: spaces already separate them from the words around them.
    """
    spans = [m for m in mentions if m.text[0] >= _FIRST_HAN]
    if not spans:
        return tokens
    values = list(tokens.values)
    starts = tokens.starts
    for m in spans:
        j = m.token
        while j < len(values) and starts[j] < m.end:
            values[j] = _NAME
            j += 1
    masked = Tokens.__new__(Tokens)  # the same text, offsets and all: only values differ
    masked.lowered, masked.starts, masked.ends = tokens.lowered, tokens.starts, tokens.ends
    masked.values = values
    masked.memo = tokens.memo  # the same text: what is known of it is shared
    return masked


# "应约" (at the other side's request): the head named next asked for the contact.
# "应美方要求" names the side instead of the person.
_REQUEST = re.compile(r"应约|应(美|中)方(?:要求|请求|之约|邀请)?")
_SIDE = {"美": "us", "中": "cn"}


def requester(sentence: str, start: int, end: int, heads: list[Head]) -> tuple[Head, str] | None:
    """Who asked for the contact whose trigger starts at `end`, and the words that say so.

    `sentence` is the whole field's text and start..end the part of the trigger's
    sentence before the trigger, where an official readout puts the formula:
    "习近平应约同美国总统特朗普通电话" (Trump asked).
    """
    m = _REQUEST.search(sentence, start, end)
    if m is None:
        return None
    side = m.group(1)
    for h in sorted(heads, key=lambda h: h.mention.start):
        if side is not None and h.country == _SIDE[side]:
            return h, m.group(0)
        if side is None and m.end() <= h.mention.start < end:
            return h, m.group(0)
    return None
