"""`monitor classify` and `monitor evaluate` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FIXTURES as ALL_FIXTURES
from helpers import RULES as RULES_PATH
from helpers import run_cli

import monitor.cli.classify_cmds  # noqa: F401  registers the commands on `cli`
from monitor.cli import cli

RULES = str(RULES_PATH)
FIXTURES = ALL_FIXTURES / "classify"


def run(*args: str) -> tuple[int, str]:
    result = run_cli(*args)
    return result.returncode, result.stdout + result.stderr


def test_classify_text_explains_itself() -> None:
    code, out = run(
        "classify",
        "--rules",
        RULES,
        "--published",
        "2022-11-14",
        "Biden and Xi meet in Bali\nThe talks covered Taiwan and export controls.",
    )
    assert code == 0
    assert "kind:     in_person_meeting" in out
    assert "status:   occurred" in out
    assert "leaders:  Joe Biden, Xi Jinping" in out
    assert "taiwan" in out and "technology_export_controls" in out
    assert "kind:in_person_meeting/meet  [title]  'meet'" in out


def test_classify_text_json() -> None:
    code, out = run(
        "classify",
        "--rules",
        RULES,
        "--json",
        "--published",
        "2025-06-05",
        "Trump and Xi speak by phone",
    )
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "phone_call" and data["status"] == "occurred"
    assert data["leaders"] == ["Donald Trump", "Xi Jinping"]
    assert {"rule", "field", "text"} == set(data["evidence"][0])


def test_classify_file_uses_first_line_as_title(tmp_path: Path) -> None:
    code, out = run(
        "classify",
        "--rules",
        RULES,
        "--json",
        "--published",
        "2024-04-02",
        "--file",
        str(FIXTURES / "seed_call.txt"),
    )
    assert code == 0
    data = json.loads(out)
    assert (data["kind"], data["status"]) == ("phone_call", "occurred")
    assert any(e["field"] == "text" for e in data["evidence"])


def test_classify_jsonl_one_line_per_input_in_order(tmp_path: Path) -> None:
    records = [
        {"id": "a", "title": "Xi'an opens a new metro line", "published": "2024-05-01"},
        {"id": 7, "title": "Biden and Xi hold virtual summit", "published": "2021-11-16"},
        {"title": "Xi congratulates Trump on election win", "published": "2024-11-07T08:00:00Z"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, out = run("classify", "--rules", RULES, "--jsonl", str(src))
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == ["a", 7, None]
    assert [r["kind"] for r in lines] == ["none", "video_call", "letter_or_message"]
    assert lines[0]["status"] is None and lines[0]["leaders"] == []
    for r in lines:
        assert set(r) == {"id", "kind", "status", "leaders", "topics", "score", "evidence"}
        assert 0.0 <= r["score"] <= 1.0


def test_evaluate_prints_figures_and_misses() -> None:
    code, out = run("evaluate", "--rules", RULES, str(FIXTURES / "labeled_small.jsonl"))
    assert code == 0
    assert "detection  precision 1.000  recall 1.000  (tp 3, fp 0, fn 0)" in out
    assert "kind accuracy among detected true positives  0.667" in out
    assert "confusion (rows: expected, columns: got)" in out
    # t-5 is labeled phone_call but says "video call": listed with its evidence.
    assert "t-5  expected phone_call, got video_call" in out
    assert "kind:video_call/video call  [title]  video call" in out


def test_evaluate_json() -> None:
    code, out = run("evaluate", "--rules", RULES, "--json", str(FIXTURES / "labeled_small.jsonl"))
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 5
    assert data["detection"]["tp"] == 3 and data["detection"]["fp"] == 0
    assert data["kind_accuracy"] == pytest.approx(2 / 3, abs=0.001)
    assert [m["id"] for m in data["misclassified"]] == ["t-5"]


def test_evaluate_scores_one_part(tmp_path: Path) -> None:
    lines = (FIXTURES / "labeled_small.jsonl").read_text(encoding="utf-8").splitlines()
    # Ids chosen so that one falls in the check part (sha256 % 4 == 0) and two do not.
    renamed = [line.replace('"t-1"', '"a-7"').replace('"t-2"', '"a-1"') for line in lines[:3]]
    (tmp_path / "l.jsonl").write_text("\n".join(renamed), encoding="utf-8")
    totals = {}
    for part in ("check", "tune", "all"):
        code, out = run(
            "evaluate", "--rules", RULES, "--json", "--part", part, str(tmp_path / "l.jsonl")
        )
        assert code == 0
        totals[part] = json.loads(out)["total"]
    assert totals == {"check": 1, "tune": 2, "all": 3}


def test_rules_path_comes_from_config(tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text('[monitor]\nrules = "my-rules.toml"\n')
    (tmp_path / "my-rules.toml").write_text(Path(RULES).read_text(encoding="utf-8"))
    code, out = run(
        "classify",
        "--config",
        str(tmp_path / "monitor.toml"),
        "--published",
        "2025-06-05",
        "Trump and Xi speak by phone",
    )
    assert code == 0 and "phone_call" in out


@pytest.mark.parametrize(
    "args",
    [
        ["classify", "--rules", "{bad}", "Trump and Xi speak by phone"],
        ["evaluate", "--rules", "{bad}", str(FIXTURES / "labeled_small.jsonl")],
    ],
)
def test_broken_rule_file_exits_2_with_line(tmp_path: Path, args: list[str]) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text("[settings]\nfield_weights = { title = 1.0 \n", encoding="utf-8")
    result = run_cli(*[a.replace("{bad}", str(bad)) for a in args])
    assert result.returncode == 2
    err = result.stderr
    assert f"{bad}:2:" in err and "TOML syntax error" in err
    assert "Traceback" not in err


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": 1, "title": "ok"}\nnot json\n', encoding="utf-8")
    result = run_cli("classify", "--rules", RULES, "--jsonl", str(src))
    assert result.returncode == 2
    assert f"{src}:2: not valid JSON" in result.stderr
    assert run_cli("classify", "--rules", RULES).returncode == 2


def test_every_option_has_help() -> None:
    for name in ("classify", "evaluate"):
        command = cli.commands[name]
        assert command.help
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"{name} {param.name}"
