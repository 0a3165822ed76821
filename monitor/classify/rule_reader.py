"""Reading a rule file's tables with checks that point at the offending line.

tomllib reports syntax errors with a line but returns plain values without one, so
for semantic errors (an unknown key, a bad date, a regex that does not compile) the
line is found by searching the file text for the offending key or value, within its
table: the table's header down to the next header, or the n-th table of an array of
tables such as [[leaders]].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from monitor.errors import RulesError

# A table header such as [kinds.phone_call] or [[leaders]], where a section ends.
_HEADER = re.compile(r"^\s*\[\[?\s*[A-Za-z0-9_.\-]+\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str


class RuleReader:
    """Type checks with line lookup, so each error can point into the file."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def _region(self, section: str, entry: int | None) -> tuple[int, int] | None:
        """Lines [first, last) of a table, or of the n-th table of an array of tables."""
        header = re.compile(r"^\s*\[\[?\s*" + re.escape(section) + r"\s*\]\]?\s*(#.*)?$")
        seen = -1
        for i, line in enumerate(self.lines):
            if header.match(line):
                seen += 1
                if entry is None or seen == entry:
                    end = next(
                        (j for j in range(i + 1, len(self.lines)) if _HEADER.match(self.lines[j])),
                        len(self.lines),
                    )
                    return i, end
        return None

    def line_of(
        self, needle: str, section: str | None = None, entry: int | None = None
    ) -> int | None:
        """The first line holding needle: within the section (or its n-th entry) if given.

        Comment lines are skipped: they often name the key they explain.
        """
        first, last = 0, len(self.lines)
        if section:
            region = self._region(section, entry)
            if region is not None:
                first, last = region
        for i in range(first, last):
            line = self.lines[i]
            if needle in line and not line.lstrip().startswith("#"):
                return i + 1
        if section and first > 0:
            return first + 1  # not found inside: point at the table's header
        return None

    def fail(
        self,
        message: str,
        needle: str | None = None,
        section: str | None = None,
        entry: int | None = None,
    ) -> RulesError:
        line = self.line_of(needle, section, entry) if needle else None
        if line is None and section:
            region = self._region(section, entry)
            line = region[0] + 1 if region else None
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

    def strings(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        section: str,
        entry: int | None = None,
    ) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key} must be a list of strings", key, section, entry)
        for v in value:
            if not v.strip():
                raise self.fail(f"{where}.{key} holds an empty phrase", key, section, entry)
        return list(value)

    def patterns(
        self, table: dict[str, Any], where: str, section: str, key: str = "patterns"
    ) -> list[Pattern]:
        value = table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(
                f"{where}.{key} must be a list of {{ name, regex }} tables", key, section
            )
        out: list[Pattern] = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"name", "regex"}:
                raise self.fail(
                    f"{where}.{key}: each entry needs exactly name and regex", key, section
                )
            name, regex = item["name"], item["regex"]
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise self.fail(
                    f"{where}.{key}: name {name!r} must be letters, digits, _",
                    str(name),
                    section,
                )
            if not isinstance(regex, str):
                raise self.fail(f"{where}.{key}.{name}: regex must be a string", name, section)
            try:
                re.compile(regex)
            except re.error as exc:
                raise self.fail(
                    f"{where}.{key}.{name}: bad regular expression: {exc}", name, section
                ) from exc
            out.append(Pattern(name, regex))
        return out

    def day(self, value: Any, what: str, section: str, entry: int | None = None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise self.fail(
                f"{what}: {value!r} is not a date (write YYYY-MM-DD)", str(value), section, entry
            ) from exc
