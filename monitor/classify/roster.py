"""Who is named in a sentence, and who of them was a head of state on the item's date.

All people-like phrases (leader aliases, offices such as "Chinese President", pair
phrases such as "the two leaders", officials and other countries' leaders) are found
with one token trie. A name only counts as a head of state
when the date falls in one of the leader's terms and no role word sits right before
it ("Vice President Xi Jinping", "Melania Trump").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from monitor.classify.phrases import alternation
from monitor.classify.rules import LeaderRule, RuleSet, Term
from monitor.classify.tokens import Tokens, TokenTrie, phrase_tokens, tokenize
from monitor.errors import RulesError

# Categories of a mention.
LEADER, OFFICE, ELECT, PAIR, OFFICIAL, OTHER = (
    "leader",
    "office",
    "elect",
    "pair",
    "official",
    "other",
)
THIRD_PARTY = (OFFICIAL, OTHER)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    category: str
    key: str  # leader name, country code, or the phrase itself


@dataclass(frozen=True)
class Head:
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
        for phrase in rules.officials:
            self._add(rules.path, phrase, OFFICIAL, phrase, replace=False)
        for phrase in rules.other_leaders:
            self._add(rules.path, phrase, OTHER, phrase, replace=False)
        # Names take an optional possessive ("Xi's", and "trumps" in URL slugs), so the
        # end boundary is asserted after the suffix rather than inside each phrase.
        self._role_re = re.compile(
            rf"(?:{alternation(rules.role_before_name)})[\s\-.]*$", re.IGNORECASE
        )
        self._not_after = {
            lead.name: re.compile(rf"(?:{alternation(lead.not_after)})[\s\-.]*$", re.IGNORECASE)
            for lead in rules.leaders
            if lead.not_after
        }
        self._not_within = {
            lead.name: re.compile(alternation(lead.not_within), re.IGNORECASE)
            for lead in rules.leaders
            if lead.not_within
        }
        self.countries = {
            code: [lead for lead in rules.leaders if lead.country == code]
            for code in rules.countries
        }

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
        out: list[Mention] = []
        for start, end, payloads in self._trie.find(tokens or tokenize(text)):
            category, key = payloads[0]
            trap = self._not_within.get(key) if category == LEADER else None
            # "Xi" inside "Pius XI" or "Xi'an" is no mention of anyone.
            if trap and any(t.start() <= start and end <= t.end() for t in trap.finditer(text)):
                continue
            out.append(Mention(start, end, text[start:end], category, key))
        return out

    def names_leader(self, text: str) -> bool:
        return any(m.category in (LEADER, OFFICE, ELECT) for m in self.mentions(text))

    def resolve(self, text: str, mention: Mention, day: date) -> tuple[list[Head], str | None]:
        """Sitting heads of state a mention stands for, or the reason it stands for none."""
        if mention.category == LEADER:
            lead = self.leaders[mention.key]
            before = text[max(0, mention.start - 40) : mention.start]
            if self._role_re.search(before):
                return [], "role"
            gate = self._not_after.get(lead.name)
            if gate and gate.search(before):
                return [], "role"
            if not any(in_term(t, day) for t in lead.terms):
                return [], "out_of_term"
            return [Head(lead.name, lead.country, mention)], None
        if mention.category in (OFFICE, ELECT):
            holder = self._holder(mention.key, day, elect=mention.category == ELECT)
            if holder is None:
                return [], "vacant"
            return [Head(holder.name, holder.country, mention)], None
        return [], None

    def _holder(self, country: str, day: date, elect: bool) -> LeaderRule | None:
        best: tuple[date, LeaderRule] | None = None
        for lead in self.countries.get(country, []):
            for t in lead.terms:
                if elect:
                    ok = t.elected is not None and t.elected <= day < t.start
                else:
                    ok = t.start <= day and (t.end is None or day <= t.end)
                if ok and (best is None or t.start > best[0]):
                    best = (t.start, lead)
        return best[1] if best else None
