"""Who is named in a sentence, and who of them was a head of state on the item's date.

All people-like phrases (leader aliases, offices such as "Chinese President", pair
phrases such as "the two leaders", officials and other countries' leaders) are found
with one token trie. A name only counts as a head of state when the date falls in one
of the leader's terms and no role word sits right before it ("Vice President Xi
Jinping", "Melania Trump").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import NamedTuple

from monitor.classify.rules import LeaderRule, RuleSet, Term
from monitor.classify.tokens import SuffixSet, Tokens, TokenTrie, phrase_tokens, tokenize
from monitor.errors import RulesError

# Categories of a mention. HIDDEN marks a phrase that contains a name but is not that
# person ("Xi'an", "Pius XI"); it hides the name and is not reported.
LEADER, OFFICE, ELECT, PAIR, OFFICIAL, OTHER, HIDDEN, OFFICES = (
    "leader",
    "office",
    "elect",
    "pair",
    "official",
    "other",
    "hidden",
    "offices",  # both offices in one phrase: "Chinese, U.S. presidents"
)
THIRD_PARTY = (OFFICIAL, OTHER)


class Mention(NamedTuple):
    start: int  # offsets in the field's text
    end: int
    text: str
    category: str
    key: str  # leader name, country code, or the phrase itself
    token: int  # index of the first token, for the role check


class Head(NamedTuple):
    """A mention resolved to a sitting head of state."""

    name: str
    country: str
    mention: Mention


def in_term(term: Term, day: date) -> bool:
    first = term.elected or term.start
    return first <= day and (term.end is None or day <= term.end)


class Roster:
    def __init__(self, rules: RuleSet) -> None:
        self.leaders = {lead.name: lead for lead in rules.leaders}
        self._lookup: dict[tuple[str, ...], tuple[str, str]] = {}
        self._trie: TokenTrie[tuple[str, str]] = TokenTrie()
        for lead in rules.leaders:
            for alias in lead.aliases:
                self._add(rules.path, alias, LEADER, lead.name)
        for code, country in rules.countries.items():
            for phrase in country.office:
                self._add(rules.path, phrase, OFFICE, code)
            for phrase in country.elect:
                self._add(rules.path, phrase, ELECT, code)
        for phrase in rules.pairs:
            self._add(rules.path, phrase, PAIR, phrase)
        for phrase in rules.pair_offices:
            self._add(rules.path, phrase, OFFICES, phrase)
        for phrase in rules.officials:
            self._add(rules.path, phrase, OFFICIAL, phrase, replace=False)
        for phrase in rules.other_leaders:
            self._add(rules.path, phrase, OTHER, phrase, replace=False)
        # Aliases that are something else when written in capitals in mixed-case text.
        self._not_in_capitals = {
            toks
            for lead in rules.leaders
            for a in lead.not_in_capitals
            if (toks := phrase_tokens(a))
        }
        for lead in rules.leaders:
            for phrase in lead.not_within:
                # Longest match wins, so "Xi'an" is found instead of "Xi".
                self._trie.add(phrase, (HIDDEN, lead.name))
        # Role words and relatives, per leader, looked up backwards from the name.
        self._before_name = {
            lead.name: SuffixSet([*rules.role_before_name, *lead.not_after])
            for lead in rules.leaders
        }
        self.countries = {
            code: [lead for lead in rules.leaders if lead.country == code]
            for code in rules.countries
        }
        self._bare = [
            (
                re.compile(
                    r"(?<!\w)(?:" + "|".join(map(re.escape, c.bare)) + r")(?!\w)"
                    # Not when a name or "of" follows: "the President of Kenya".
                    r"(?![ \t]+(?:of\b|[A-Z]))"
                ),
                code,
            )
            for code, c in rules.countries.items()
            if c.bare
        ]
        # The bare phrases as written: most texts hold none, and a substring test settles
        # that before any pattern runs.
        self._bare_phrases = tuple(p for c in rules.countries.values() for p in c.bare)
        self._holders: dict[tuple[str, date, bool], LeaderRule | None] = {}
        self._terms: dict[tuple[str, date], bool] = {}

    def _add(self, path: str, phrase: str, category: str, key: str, replace: bool = True) -> None:
        toks = phrase_tokens(phrase)
        if toks in self._lookup:
            if self._lookup[toks] != (category, key) and replace:
                raise RulesError(
                    path,
                    f"phrase {phrase!r} is listed twice, as "
                    f"{self._lookup[toks][0]} and as {category}",
                )
            return
        self._lookup[toks] = (category, key)
        self._trie.add(phrase, (category, key))
        if category == LEADER and toks[-1].isascii() and toks[-1].isalpha():
            # "trumps story" in URL slugs: a possessive without its apostrophe.
            self._trie.add(f"{phrase}s", (category, key))

    def mentions(self, text: str, tokens: Tokens | None = None) -> list[Mention]:
        toks = tokens or tokenize(text)
        starts, ends = toks.starts, toks.ends
        out: list[Mention] = []
        for i, j, payloads in self._trie.find(toks):
            category, key = payloads[0]
            if category == HIDDEN:
                continue
            start, end = starts[i], ends[j - 1]
            if (
                self._not_in_capitals
                and category == LEADER
                and text[start:end].isupper()
                and tuple(toks.values[i:j]) in self._not_in_capitals
                and not _in_capitals(text, toks, i, j)
            ):
                continue  # "Super Bowl XI", "Chapter XI": a numeral, not the leader
            out.append(Mention(start, end, text[start:end], category, key, i))
        if self._bare and any(p in text for p in self._bare_phrases):
            out = self._with_bare(text, toks, out)
        return out

    def _with_bare(self, text: str, toks: Tokens, found: list[Mention]) -> list[Mention]:
        """`found` with the bare office phrases that overlap none of its mentions."""
        extra = [
            Mention(
                m.start(), m.end(), m.group(0), OFFICE, code, bisect_left(toks.starts, m.start())
            )
            for rx, code in self._bare
            for m in rx.finditer(text)
        ]
        if not extra:
            return found
        starts = [m.start for m in found]
        keep = []
        for m in extra:
            i = bisect_left(starts, m.end)
            if i == 0 or found[i - 1].end <= m.start:
                keep.append(m)
        return sorted([*found, *keep], key=lambda m: m.start)

    def named_office(
        self, mention: Mention, mentions: list[Mention], names: list[str], day: date
    ) -> tuple[Head | None, str | None]:
        """The head an office phrase stands for in an item that names leaders of its
        country (`names`, in the order named): the leader named right after it ("U.S.
        President Joe Biden"), else the office holder if the item names them, else the
        leader it names most. A named leader out of office on the day is nobody's head:
        an item never turns a named former president into the current one.
        """
        country = mention.key
        after = next((m for m in mentions if m.start >= mention.end), None)
        if (
            after is not None
            and after.category == LEADER
            and after.start - mention.end <= 3
            and self.leaders[after.key].country == country
        ):
            name = after.key
        else:
            holder = self._holder(country, day, False)
            if holder is not None and holder.name in names:
                name = holder.name
            else:
                name = max(dict.fromkeys(names), key=names.count)
        if not self._sitting(self.leaders[name], day):
            return None, "out_of_term"
        return Head(name, country, mention), None

    def names_leader(self, text: str) -> bool:
        return any(m.category in (LEADER, OFFICE, ELECT, OFFICES) for m in self.mentions(text))

    def resolve(
        self, tokens: Tokens, mention: Mention, day: date, floor: int
    ) -> tuple[Head | None, str | None]:
        """The sitting head of state a mention stands for, or the reason it stands for none.

        `floor` is the first token of the mention's sentence: a role word must be in
        the same sentence as the name.
        """
        category = mention.category
        if category == LEADER:
            lead = self.leaders[mention.key]
            if self._before_name[lead.name].ends_before(tokens, mention.token, floor):
                return None, "role"
            if not self._sitting(lead, day):
                return None, "out_of_term"
            return Head(lead.name, lead.country, mention), None
        if category in (OFFICE, ELECT):
            holder = self._holder(mention.key, day, category == ELECT)
            if holder is None:
                return None, "vacant"
            return Head(holder.name, holder.country, mention), None
        return None, None

    def _sitting(self, lead: LeaderRule, day: date) -> bool:
        key = (lead.name, day)
        sitting = self._terms.get(key)
        if sitting is None:
            sitting = any(in_term(t, day) for t in lead.terms)
            if len(self._terms) < 4096:  # items' dates cluster; keep the cache bounded
                self._terms[key] = sitting
        return sitting

    def _holder(self, country: str, day: date, elect: bool) -> LeaderRule | None:
        key = (country, day, elect)
        if key in self._holders:
            return self._holders[key]
        best: tuple[date, LeaderRule] | None = None
        for lead in self.countries.get(country, []):
            for t in lead.terms:
                if elect:
                    ok = t.elected is not None and t.elected <= day < t.start
                else:
                    ok = t.start <= day and (t.end is None or day <= t.end)
                if ok and (best is None or t.start > best[0]):
                    best = (t.start, lead)
        holder = best[1] if best else None
        if len(self._holders) < 4096:  # items' dates cluster; keep the cache bounded
            self._holders[key] = holder
        return holder


def _in_capitals(text: str, toks: Tokens, i: int, j: int) -> bool:
    """Is a word next to tokens i..j written in capitals ("TRUMP AND XI MEET")?"""
    for k in (i - 1, j):
        if 0 <= k < len(toks.values):
            word = text[toks.starts[k] : toks.ends[k]]
            if len(word) > 1 and word.isalpha() and word.isupper():
                return True
    return False
