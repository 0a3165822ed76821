"""Loading the rule file: every mistake is a RulesError naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RULES

from monitor.classify import Classifier
from monitor.classify.rules import load_rules
from monitor.errors import RulesError

GOOD = RULES.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the default rules with one edit, and the line the edit is on."""
    assert old in GOOD, old
    text = GOOD.replace(old, new, 1)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


def error_for(path: Path) -> RulesError:
    with pytest.raises(RulesError) as info:
        Classifier.load(path)
    return info.value


def test_default_rules_load() -> None:
    rules = load_rules(RULES)
    assert {lead.name for lead in rules.leaders} >= {
        "Donald Trump",
        "Joe Biden",
        "Barack Obama",
        "George W. Bush",
        "Xi Jinping",
        "Hu Jintao",
    }
    trump = next(lead for lead in rules.leaders if lead.name == "Donald Trump")
    assert trump.terms[-1].end is None  # the second term is the only ongoing one
    assert sum(1 for lead in rules.leaders for t in lead.terms if t.end is None) == 2


def test_toml_syntax_error_has_line(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "[roles]", "[roles")
    err = error_for(path)
    assert err.line == line
    assert "TOML syntax error" in err.message
    assert str(path) in str(err)


def test_bad_regex_has_line(tmp_path: Path) -> None:
    path, line = broken(
        tmp_path,
        "{ name = \"calls_someone_a\", regex = '''",
        "{ name = \"calls_someone_a\", regex = '''(unclosed",
    )
    err = error_for(path)
    assert err.line == line
    assert "calls_someone_a" in err.message and "regular expression" in err.message


def test_unknown_key_has_line(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "[kinds.video_call]\n", "[kinds.video_call]\nstrongg = []\n")
    err = error_for(path)
    assert err.line == line + 1
    assert "unknown key 'strongg'" in err.message


def test_unknown_kind_has_line(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "[kinds.video_call]", "[kinds.fax]")
    err = error_for(path)
    assert err.line == line
    assert "unknown kind 'fax'" in err.message and "phone_call" in err.message


def test_malformed_date_has_line(tmp_path: Path) -> None:
    path, line = broken(tmp_path, 'start = "2013-03-14"', 'start = "2013-14-03"')
    err = error_for(path)
    assert err.line == line
    assert "2013-14-03" in err.message and "YYYY-MM-DD" in err.message


def test_unknown_section_has_line(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "[pairs]", "[pears]")
    err = error_for(path)
    assert err.line == line
    assert "unknown section [pears]" in err.message


def test_phrase_list_must_hold_strings(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "weak = []", "weak = [1]")
    err = error_for(path)
    assert "must be a list of strings" in err.message
    assert err.line == line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # Trump's first term starts the day Obama's ends: the date is in both entries.
        (
            '{ elected = "2016-11-09", start = "2017-01-20"',
            '{ elected = "2017-11-09", start = "2017-01-20"',
            "dates out of order",
        ),
        # Every entry has a terms line; the broken one is the last entry's.
        (
            'terms = [{ start = "2013-03-14" }]',
            'terms = [{ begin = "2013-03-14" }]',
            "each term is",
        ),
        ('name = "Hu Jintao"\ncountry = "cn"', 'name = "Hu Jintao"\ncountry = "tw"', "country"),
        ('not_after = ["Jill"', 'not_afterr = ["Jill"', "unknown key 'not_afterr'"),
    ],
)
def test_leader_entry_error_points_at_its_own_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, line = broken(tmp_path, old, new)
    err = error_for(path)
    assert message in err.message
    changed = path.read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert err.line == line + new.count("\n"), changed


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'naming_verbs = ["call", "calls", "called", "calling"]',
            'naming_verbs = "calls called"\n#',
            "naming_verbs must",
        ),
        ("clause = [\n", "clause = [1,\n", "clause must be a list of strings"),
        ("stops = [", 'stopz = ["x"]\nstops = [', "unknown key 'stopz'"),
        ("finite = [\n", "finite = [1,\n", "finite must be a list of strings"),
        ("finite = [", 'finit = ["x"]\nfinite = [', "unknown key 'finit'"),
        ('not_in_capitals = ["Xi"]', 'not_in_capitals = [""]', "empty phrase"),
    ],
)
def test_trap_keys_are_checked_with_a_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, line = broken(tmp_path, old, new)
    err = error_for(path)
    assert message in err.message
    assert err.line == line


def test_missing_file(tmp_path: Path) -> None:
    err = error_for(tmp_path / "nope.toml")
    assert "not found" in err.message and err.line is None
