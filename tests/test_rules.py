"""Loading the rule file: every mistake is a RulesError naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.rules import load_rules
from monitor.errors import RulesError

RULES = Path(__file__).resolve().parent.parent / "config" / "rules.toml"
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


def test_missing_file(tmp_path: Path) -> None:
    err = error_for(tmp_path / "nope.toml")
    assert "not found" in err.message and err.line is None
