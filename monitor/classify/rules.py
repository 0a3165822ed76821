"""Load and validate the rule file (config/rules.toml) into plain, typed rules.

Every problem is a `RulesError` naming the file, the line and what is wrong, because
the people who edit this file are not expected to read a traceback. tomllib reports
syntax errors with a line; for semantic errors (an unknown key, a bad date, a regex
that does not compile) the line is found by searching the file text for the offending
key or value, starting at its section header.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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
}


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str


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


@dataclass
class CountryRule:
    code: str
    name: str
    office: list[str]
    elect: list[str]


@dataclass
class KindRule:
    strong: list[str]
    weak: list[str]
    patterns: list[Pattern]


@dataclass
class CueRule:
    before: list[str]
    adjacent: list[str]
    after: list[str]
    patterns: list[Pattern] = field(default_factory=list)  # count as "before" cues


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
    status: dict[str, CueRule]
    non_report_titles: list[str]
    non_report_patterns: list[Pattern]
    pairs: list[str]
    topics: dict[str, list[str]]


_TOML_LINE = re.compile(r"at line (\d+)")
DEFAULT_REACH = {
    "planned": 70,
    "occurred": 70,
    "negation": 30,
    "history": 45,
    "hypothetical": 60,
    "after": 45,
}


class _Reader:
    """Type checks with line lookup, so each error can point into the file."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, needle: str, section: str | None = None) -> int | None:
        start = 0
        if section:
            header = re.compile(r"^\s*\[\[?\s*" + re.escape(section) + r"\s*\]\]?\s*(#.*)?$")
            for i, line in enumerate(self.lines):
                if header.match(line):
                    start = i
                    break
        for i in range(start, len(self.lines)):
            if needle in self.lines[i]:
                return i + 1
        return None

    def fail(
        self, message: str, needle: str | None = None, section: str | None = None
    ) -> RulesError:
        line = self.line_of(needle, section) if needle else None
        if line is None and section:
            line = self.line_of(f"[{section}", None)
        return RulesError(self.path, message, line)

    def table(self, value: Any, where: str, section: str | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"[{where}] must be a table", where.split(".")[-1], section)
        return value

    def keys(self, table: dict[str, Any], allowed: set[str], where: str, section: str) -> None:
        for key in table:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(
                    f"unknown key {key!r} in [{where}] (allowed: {names})", key, section
                )

    def strings(self, table: dict[str, Any], key: str, where: str, section: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key} must be a list of strings", key, section)
        for v in value:
            if not v.strip():
                raise self.fail(f"{where}.{key} holds an empty phrase", key, section)
        return list(value)

    def patterns(self, table: dict[str, Any], where: str, section: str) -> list[Pattern]:
        value = table.get("patterns", [])
        if not isinstance(value, list):
            raise self.fail(
                f"{where}.patterns must be a list of {{ name, regex }} tables", "patterns", section
            )
        out: list[Pattern] = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"name", "regex"}:
                raise self.fail(
                    f"{where}.patterns: each entry needs exactly name and regex",
                    "patterns",
                    section,
                )
            name, regex = item["name"], item["regex"]
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise self.fail(
                    f"{where}.patterns: name {name!r} must be letters, digits, _",
                    str(name),
                    section,
                )
            if not isinstance(regex, str):
                raise self.fail(f"{where}.patterns.{name}: regex must be a string", name, section)
            try:
                re.compile(regex)
            except re.error as exc:
                raise self.fail(
                    f"{where}.patterns.{name}: bad regular expression: {exc}", name, section
                ) from exc
            out.append(Pattern(name, regex))
        return out

    def day(self, value: Any, what: str, section: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise self.fail(
                f"{what}: {value!r} is not a date (write YYYY-MM-DD)", str(value), section
            ) from exc


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
    return _build(_Reader(spath, text), data)


def _build(r: _Reader, data: dict[str, Any]) -> RuleSet:
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
        r.keys(t, {"name", "office", "elect"}, sec, sec)
        countries[code] = CountryRule(
            code,
            str(t.get("name", code)),
            r.strings(t, "office", sec, sec),
            r.strings(t, "elect", sec, sec),
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
        r.keys(t, {"strong", "weak", "patterns"}, sec, sec)
        kinds[kind] = KindRule(
            r.strings(t, "strong", sec, sec),
            r.strings(t, "weak", sec, sec),
            r.patterns(t, sec, sec),
        )
    if not kinds:
        raise r.fail("[kinds] must define at least one kind", "kinds")

    idioms = r.table(data.get("idioms", {}), "idioms")
    r.keys(idioms, {"phrases", "patterns"}, "idioms", "idioms")

    status: dict[str, CueRule] = {}
    for cls, raw in r.table(data.get("status", {}), "status").items():
        sec = f"status.{cls}"
        if cls not in STATUS_CLASSES:
            raise r.fail(
                f"unknown status class {cls!r} (allowed: {', '.join(STATUS_CLASSES)})", f"[{sec}]"
            )
        t = r.table(raw, sec, sec)
        r.keys(t, {"before", "adjacent", "after", "patterns"}, sec, sec)
        status[cls] = CueRule(
            r.strings(t, "before", sec, sec),
            r.strings(t, "adjacent", sec, sec),
            r.strings(t, "after", sec, sec),
            r.patterns(t, sec, sec),
        )
    non_reports = r.table(data.get("non_reports", {}), "non_reports")
    r.keys(non_reports, {"title", "patterns"}, "non_reports", "non_reports")

    pairs = r.table(data.get("pairs", {}), "pairs")
    r.keys(pairs, {"phrases"}, "pairs", "pairs")
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
        status=status,
        non_report_titles=r.strings(non_reports, "title", "non_reports", "non_reports"),
        non_report_patterns=r.patterns(non_reports, "non_reports", "non_reports"),
        pairs=r.strings(pairs, "phrases", "pairs", "pairs"),
        topics=topics,
    )


def _leaders(r: _Reader, raw: Any, countries: dict[str, CountryRule]) -> list[LeaderRule]:
    if not isinstance(raw, list) or not raw:
        raise r.fail("[[leaders]] must list at least one leader", "leaders")
    out: list[LeaderRule] = []
    allowed = {"name", "country", "aliases", "terms", "not_after", "not_within"}
    for t in raw:
        name = t.get("name") if isinstance(t, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise r.fail("every [[leaders]] entry needs a name", "[[leaders]]")
        sec = "leaders"
        for key in t:
            if key not in allowed:
                raise r.fail(
                    f"unknown key {key!r} for leader {name!r} "
                    f"(allowed: {', '.join(sorted(allowed))})",
                    f"{key} =",
                    None,
                )
        country = t.get("country")
        if country not in countries:
            raise r.fail(
                f"leader {name!r}: country must be one of {', '.join(countries)}",
                f'"{country}"' if country else name,
            )
        terms_raw = t.get("terms")
        if not isinstance(terms_raw, list) or not terms_raw:
            raise r.fail(f"leader {name!r} needs terms = [{{ start = YYYY-MM-DD }}]", name)
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
                    None,
                )
            what = f"leader {name!r} term"
            start = r.day(term["start"], what, sec)
            end = r.day(term["end"], what, sec) if "end" in term else None
            elected = r.day(term["elected"], what, sec) if "elected" in term else None
            if (end and end < start) or (elected and elected > start):
                raise r.fail(
                    f"{what}: dates out of order (elected <= start <= end)", str(term["start"]), sec
                )
            terms.append(Term(start, end, elected))
        aliases = r.strings(t, "aliases", f"leader {name!r}", sec)
        out.append(
            LeaderRule(
                name,
                country,
                aliases or [name],
                terms,
                r.strings(t, "not_after", f"leader {name!r}", sec),
                r.strings(t, "not_within", f"leader {name!r}", sec),
            )
        )
    return out
