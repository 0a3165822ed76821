"""Load and validate a rule file (the shipped monitor/classify/rules.toml, or the
config's `rules`) into plain, typed rules.

Every problem is a `RulesError` naming the file, the line and what is wrong, because
the people who edit this file are not expected to read a traceback. tomllib reports
syntax errors with a line; for semantic errors (an unknown key, a bad date, a regex
that does not compile) rule_reader.py finds the line within the offending table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from monitor.classify.rule_reader import Pattern, RuleReader
from monitor.errors import RulesError
from monitor.models import KINDS

STATUS_CLASSES = ("planned", "occurred", "negation", "history", "hypothetical")
FIELDS = ("title", "summary", "text")
TOP_KEYS = {
    "settings",
    "countries",
    "leaders",
    "roles",
    "kinds",
    "idioms",
    "status",
    "non_reports",
    "pairs",
    "topics",
    "clauses",
    "chinese",
}


@dataclass(frozen=True)
class Term:
    start: date
    end: date | None = None  # None: ongoing
    elected: date | None = None  # president-elect from this day


@dataclass
class LeaderRule:
    name: str
    country: str
    aliases: list[str]
    terms: list[Term]
    not_after: list[str] = field(default_factory=list)
    not_within: list[str] = field(default_factory=list)
    # Aliases that, written in capitals inside text that is not ("Super Bowl XI"),
    # are something else.
    not_in_capitals: list[str] = field(default_factory=list)


@dataclass
class CountryRule:
    code: str
    name: str
    office: list[str]
    elect: list[str]
    # Phrases matched as written, capitals included, that stand for the office when
    # no name follows them: "The President met today with President Xi" in a readout.
    bare: list[str] = field(default_factory=list)


@dataclass
class KindRule:
    strong: list[str]
    weak: list[str]
    patterns: list[Pattern]
    # Weak patterns that count only with both presidents as their subject ("Biden and
    # Xi talk for the first time in months", "the two spoke again").
    together: list[Pattern] = field(default_factory=list)
    # Strong phrases that count only with a president named right after them, not as
    # a possessive ("welcomes Trump", not "welcomes Trump's pledge").
    guest: list[str] = field(default_factory=list)
    # Weak phrases that count only with a president as their object, right after them
    # ("talks to Xi"), not "talks to reporters about Xi".
    addressed: list[str] = field(default_factory=list)
    # Patterns that, like `guest`, count only with a president named right after their
    # match ("greets Xi at Filoli": the match is "greets", what follows a lookahead).
    guest_patterns: list[Pattern] = field(default_factory=list)


@dataclass
class CueRule:
    before: list[str]
    adjacent: list[str]
    after: list[str]
    patterns: list[Pattern] = field(default_factory=list)  # count as "before" cues
    # Cues that govern the rest of their clause, past nearer cues ("denies Trump held").
    clause: list[str] = field(default_factory=list)
    # Not cues themselves: words that open a phrase of its own, which a clause cue
    # does not reach into ("denies Taiwan came up during the call").
    stops: list[str] = field(default_factory=list)
    # Reactions of others ("Japan welcomes", "markets cheer"): clause cues that do not
    # apply when a president is their subject ("Xi hails candid call with Biden").
    reactions: list[str] = field(default_factory=list)
    # Auxiliaries of the present progressive ("are meeting", "is speaking"): touching an
    # "-ing" trigger they report the contact as happening, unless a time still ahead
    # follows in its clause ("are meeting next week").
    progressive: list[str] = field(default_factory=list)


_CUE_KEYS = {
    "before", "adjacent", "after", "patterns", "clause", "stops", "reactions", "progressive"
}  # fmt: skip


@dataclass
class ChineseRule:
    """Short Chinese names that chinese.py writes out before matching.

    `compounds` are read as what they stand for wherever they appear ("中美元首"); a
    `pairs` name of both presidents ("川习") only when one of `pair_words` follows it
    ("川习会", "川习通话"), each read as its value.
    """

    compounds: dict[str, str] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)
    pair_words: dict[str, str] = field(default_factory=dict)


@dataclass
class RuleSet:
    path: str
    field_weights: dict[str, float]
    reach: dict[str, int]
    countries: dict[str, CountryRule]
    leaders: list[LeaderRule]
    role_before_name: list[str]
    officials: list[str]
    other_leaders: list[str]
    kinds: dict[str, KindRule]
    idioms: list[str]
    idiom_patterns: list[Pattern]
    naming_verbs: list[str]  # "called Xi brilliant": a call verb, a person, a description
    call_continues: list[str]  # words after "called Xi" that keep it a call ("on", "about")
    status: dict[str, CueRule]
    non_report_titles: list[str]
    non_report_patterns: list[Pattern]
    pairs: list[str]
    topics: dict[str, list[str]]
    # Trigger words that are a finite verb ("phoned", "met"): after a comma they make a
    # clause of their own, which an opening phrase's cue does not reach into.
    finite: list[str] = field(default_factory=list)
    # URL path sections of opinion and analysis pages ("opinion" for /opinion/...).
    non_report_sections: list[str] = field(default_factory=list)
    # Words of a writer's own voice ("I", "we") that, outside quotes in an item's
    # summary, mark a column rather than a report. Matched as written, case included.
    non_report_voice: list[str] = field(default_factory=list)
    chinese: ChineseRule = field(default_factory=lambda: ChineseRule())
    # Phrases that name both offices at once ("Chinese, U.S. presidents"): whoever held
    # each on the item's date, or the leader of each country the item names.
    pair_offices: list[str] = field(default_factory=list)


_TOML_LINE = re.compile(r"at line (\d+)")
DEFAULT_REACH = {
    "planned": 70,
    "occurred": 70,
    "negation": 30,
    "history": 45,
    "hypothetical": 60,
    "after": 45,
    "clause": 90,
}


def load_rules(path: str | Path) -> RuleSet:
    """Read and validate a rule file; raise RulesError with the line on any problem."""
    spath = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RulesError(spath, "rule file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(spath, f"cannot read rule file: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        raise RulesError(
            spath, f"TOML syntax error: {exc}", int(m.group(1)) if m else None
        ) from exc
    return _build(RuleReader(spath, text), data)


def _build(r: RuleReader, data: dict[str, Any]) -> RuleSet:
    for key in data:
        if key not in TOP_KEYS:
            raise r.fail(f"unknown section [{key}] (allowed: {', '.join(sorted(TOP_KEYS))})", key)
    settings = r.table(data.get("settings", {}), "settings")
    r.keys(settings, {"field_weights", "reach"}, "settings", "settings")
    weights = {"title": 1.0, "summary": 0.9, "text": 0.6}
    for k, v in r.table(settings.get("field_weights", {}), "field_weights", "settings").items():
        if k not in FIELDS or not isinstance(v, int | float) or not 0 <= v <= 1:
            raise r.fail(
                f"settings.field_weights.{k} must be a field "
                f"({', '.join(FIELDS)}) with a number from 0 to 1",
                k,
                "settings",
            )
        weights[k] = float(v)
    reach = dict(DEFAULT_REACH)
    for k, v in r.table(settings.get("reach", {}), "reach", "settings").items():
        if k not in DEFAULT_REACH or not isinstance(v, int) or v < 0:
            raise r.fail(
                f"settings.reach.{k} must be one of {', '.join(DEFAULT_REACH)} "
                "with a whole number of characters",
                k,
                "settings",
            )
        reach[k] = v

    countries: dict[str, CountryRule] = {}
    for code, raw in r.table(data.get("countries", {}), "countries").items():
        sec = f"countries.{code}"
        t = r.table(raw, sec, sec)
        r.keys(t, {"name", "office", "elect", "bare"}, sec, sec)
        countries[code] = CountryRule(
            code,
            str(t.get("name", code)),
            r.strings(t, "office", sec, sec),
            r.strings(t, "elect", sec, sec),
            r.strings(t, "bare", sec, sec),
        )
    if set(countries) != {"us", "cn"}:
        raise r.fail("[countries] must define exactly us and cn", "[countries")

    leaders = _leaders(r, data.get("leaders", []), countries)

    roles = r.table(data.get("roles", {}), "roles")
    r.keys(roles, {"before_name", "officials", "other_leaders"}, "roles", "roles")

    kinds: dict[str, KindRule] = {}
    for kind, raw in r.table(data.get("kinds", {}), "kinds").items():
        sec = f"kinds.{kind}"
        if kind not in KINDS:
            raise r.fail(f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})", f"[{sec}]")
        t = r.table(raw, sec, sec)
        r.keys(
            t,
            {"strong", "weak", "patterns", "together", "guest", "addressed", "guest_patterns"},
            sec,
            sec,
        )
        kinds[kind] = KindRule(
            r.strings(t, "strong", sec, sec),
            r.strings(t, "weak", sec, sec),
            r.patterns(t, sec, sec),
            r.patterns(t, sec, sec, "together"),
            r.strings(t, "guest", sec, sec),
            r.strings(t, "addressed", sec, sec),
            r.patterns(t, sec, sec, "guest_patterns"),
        )
    if not kinds:
        raise r.fail("[kinds] must define at least one kind", "kinds")

    idioms = r.table(data.get("idioms", {}), "idioms")
    r.keys(idioms, {"phrases", "patterns", "naming_verbs", "call_continues"}, "idioms", "idioms")

    status: dict[str, CueRule] = {}
    for cls, raw in r.table(data.get("status", {}), "status").items():
        sec = f"status.{cls}"
        if cls not in STATUS_CLASSES:
            raise r.fail(
                f"unknown status class {cls!r} (allowed: {', '.join(STATUS_CLASSES)})", f"[{sec}]"
            )
        t = r.table(raw, sec, sec)
        r.keys(t, _CUE_KEYS, sec, sec)
        status[cls] = CueRule(
            r.strings(t, "before", sec, sec),
            r.strings(t, "adjacent", sec, sec),
            r.strings(t, "after", sec, sec),
            r.patterns(t, sec, sec),
            r.strings(t, "clause", sec, sec),
            r.strings(t, "stops", sec, sec),
            r.strings(t, "reactions", sec, sec),
            r.strings(t, "progressive", sec, sec),
        )
    non_reports = r.table(data.get("non_reports", {}), "non_reports")
    r.keys(
        non_reports,
        {"title", "patterns", "url_sections", "voice"},
        "non_reports",
        "non_reports",
    )

    clauses = r.table(data.get("clauses", {}), "clauses")
    r.keys(clauses, {"finite"}, "clauses", "clauses")

    pairs = r.table(data.get("pairs", {}), "pairs")
    r.keys(pairs, {"phrases", "offices"}, "pairs", "pairs")
    chinese = r.table(data.get("chinese", {}), "chinese")
    r.keys(chinese, {"compounds", "pairs", "pair_words"}, "chinese", "chinese")
    topics: dict[str, list[str]] = {}
    for name, _ in r.table(data.get("topics", {}), "topics").items():
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise r.fail(
                f"topic name {name!r} must be lower-case letters, digits and _", name, "topics"
            )
        topics[name] = r.strings(data["topics"], name, "topics", "topics")

    return RuleSet(
        path=r.path,
        field_weights=weights,
        reach=reach,
        countries=countries,
        leaders=leaders,
        role_before_name=r.strings(roles, "before_name", "roles", "roles"),
        officials=r.strings(roles, "officials", "roles", "roles"),
        other_leaders=r.strings(roles, "other_leaders", "roles", "roles"),
        kinds=kinds,
        idioms=r.strings(idioms, "phrases", "idioms", "idioms"),
        idiom_patterns=r.patterns(idioms, "idioms", "idioms"),
        naming_verbs=r.strings(idioms, "naming_verbs", "idioms", "idioms"),
        call_continues=r.strings(idioms, "call_continues", "idioms", "idioms"),
        status=status,
        non_report_titles=r.strings(non_reports, "title", "non_reports", "non_reports"),
        non_report_patterns=r.patterns(non_reports, "non_reports", "non_reports"),
        pairs=r.strings(pairs, "phrases", "pairs", "pairs"),
        pair_offices=r.strings(pairs, "offices", "pairs", "pairs"),
        topics=topics,
        finite=r.strings(clauses, "finite", "clauses", "clauses"),
        non_report_sections=[
            x.strip("/").lower()
            for x in r.strings(non_reports, "url_sections", "non_reports", "non_reports")
        ],
        non_report_voice=r.strings(non_reports, "voice", "non_reports", "non_reports"),
        chinese=ChineseRule(
            *(_readings(r, chinese, key) for key in ("compounds", "pairs", "pair_words"))
        ),
    )


def _readings(r: RuleReader, chinese: dict[str, Any], key: str) -> dict[str, str]:
    """A [chinese.KEY] table of phrases, each with the text it is read as."""
    section = f"chinese.{key}"
    table = r.table(chinese.get(key, {}), section, section)
    for name, means in table.items():
        if not name.strip() or not isinstance(means, str) or not means.strip():
            raise r.fail(
                f"{section}: {name!r} must map to the text it is read as, a string",
                f'"{name}"' if name.strip() else "=",
                section,
            )
    return dict(table)


def _leaders(r: RuleReader, raw: Any, countries: dict[str, CountryRule]) -> list[LeaderRule]:
    if not isinstance(raw, list) or not raw:
        raise r.fail("[[leaders]] must list at least one leader", "leaders")
    out: list[LeaderRule] = []
    allowed = {"name", "country", "aliases", "terms", "not_after", "not_within", "not_in_capitals"}
    sec = "leaders"
    # Errors point into the n-th [[leaders]] table, not at the first line anywhere in
    # the file that happens to hold the same text ("terms", a date, a country).
    for n, t in enumerate(raw):
        name = t.get("name") if isinstance(t, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise r.fail("every [[leaders]] entry needs a name", "name", sec, n)
        for key in t:
            if key not in allowed:
                raise r.fail(
                    f"unknown key {key!r} for leader {name!r} "
                    f"(allowed: {', '.join(sorted(allowed))})",
                    f"{key} =",
                    sec,
                    n,
                )
        country = t.get("country")
        if country not in countries:
            raise r.fail(
                f"leader {name!r}: country must be one of {', '.join(countries)}",
                "country",
                sec,
                n,
            )
        terms_raw = t.get("terms")
        if not isinstance(terms_raw, list) or not terms_raw:
            raise r.fail(
                f"leader {name!r} needs terms = [{{ start = YYYY-MM-DD }}]", "terms", sec, n
            )
        terms: list[Term] = []
        for term in terms_raw:
            if (
                not isinstance(term, dict)
                or "start" not in term
                or not set(term) <= {"start", "end", "elected"}
            ):
                raise r.fail(
                    f"leader {name!r}: each term is {{ elected, start, end }} with start required",
                    "terms",
                    sec,
                    n,
                )
            what = f"leader {name!r} term"
            start = r.day(term["start"], what, sec, n)
            end = r.day(term["end"], what, sec, n) if "end" in term else None
            elected = r.day(term["elected"], what, sec, n) if "elected" in term else None
            if (end and end < start) or (elected and elected > start):
                raise r.fail(
                    f"{what}: dates out of order (elected <= start <= end)",
                    str(term["start"]),
                    sec,
                    n,
                )
            terms.append(Term(start, end, elected))
        where = f"leader {name!r}"
        aliases = r.strings(t, "aliases", where, sec, n)
        out.append(
            LeaderRule(
                name,
                country,
                aliases or [name],
                terms,
                r.strings(t, "not_after", where, sec, n),
                r.strings(t, "not_within", where, sec, n),
                r.strings(t, "not_in_capitals", where, sec, n),
            )
        )
    return out
