"""Name-calling: "called Xi a tough guy", "calls Xi brilliant", "called him a friend".

A call verb followed by a person is a phone call when what comes next is the end of
the clause or a word that goes on about the call ("called Xi on Tuesday", "calls Xi
about TikTok", "called Xi, saying ..."). Anything else after the person (a noun
phrase, an adjective, a quote, a possessive) describes the person instead, and the
verb reports no call. The words that keep it a call are listed in the rule file
(`[idioms] call_continues`), since a list of descriptions could never be complete.
"""

from __future__ import annotations

from bisect import bisect_left

from monitor.classify.matchers import Hit, Trigger
from monitor.classify.roster import Mention
from monitor.classify.rules import RuleSet
from monitor.classify.tokens import Tokens, phrase_tokens

_QUOTES = frozenset("'\"“”«»")
_LEADING = frozenset(
    ["the", "his", "her", "their", "china", "chinas", "chinese", "america", "americas", "'", "s"]
)
# A pronoun stands for the person as a name does: "called him a friend" describes,
# "called him on Tuesday" calls.
_PRONOUNS = frozenset(["him", "her", "them"])
# Before "call", these make it the noun ("the call Xi requested"), not the verb.
_NOUN_MARKS = frozenset(["a", "an", "the", "his", "her", "their", "this", "that", "phone", "video"])


class NameCalling:
    def __init__(self, rules: RuleSet) -> None:
        self._verbs = frozenset(" ".join(phrase_tokens(v)) for v in rules.naming_verbs)
        self._continues = frozenset(phrase_tokens(w) for w in rules.call_continues)

    def applies(
        self, tokens: Tokens, hi: int, hit: Hit[Trigger], by_token: dict[int, Mention]
    ) -> bool:
        """Does `hit` (a call verb) describe the person after it rather than call them?

        `hi` is the index of the first token after the sentence; `by_token` holds the
        sentence's mentions by their first token.
        """
        if not self._verbs or hit.text.lower() not in self._verbs:
            return False
        starts, values = tokens.starts, tokens.values
        k = bisect_left(starts, hit.end)
        before = bisect_left(starts, hit.start) - 1
        if before >= 0 and values[before] in _NOUN_MARKS:
            return False
        named = False
        if k < hi and values[k] in _PRONOUNS and k + 1 not in by_token:
            k += 1  # "called him a friend"; but "called her counterpart Xi" names Xi
            named = True
        else:
            # "called the Chinese leader a dictator", "calls China's Xi a dictator"
            # ("chinas" in URL slugs): words that lead up to the person.
            lead_up = min(hi, k + 3)
            while k < lead_up and values[k] in _LEADING and k not in by_token:
                k += 1
        # Consecutive mentions make one person: "Chinese President" "Xi Jinping".
        while k in by_token:
            k = bisect_left(starts, by_token[k].end)
            named = True
        if not named or k >= hi:
            return False
        word = values[k]
        if word == "'" and k + 1 < hi and values[k + 1] == "s":
            return True  # "called Xi's bluff"
        if word in _QUOTES:
            return True  # "calls Xi 'a killer'"
        if not word[0].isalnum() or word.isdigit():
            return False  # "called Xi, saying", "called Xi 2 days ago"
        return (word,) not in self._continues and tuple(values[k : k + 2]) not in self._continues
