from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, RULES, run_cli, run_monitor

from monitor import config
from monitor.errors import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    if "[monitor]" not in text:
        rules = RULES
        text = (
            f"[monitor]\nrules = {str(rules)!r}\nstate_dir = {str(tmp_path / 'state')!r}\n" + text
        )
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_SOURCE = '[[sources]]\nname = "a"\nurl = "https://example.com/feed"\ninterval = "5m"\n'


def test_shipped_config_is_valid() -> None:
    settings = config.load(ROOT / "config" / "monitor.toml")
    names = {s.name for s in settings.sources}
    assert {
        "whitehouse",
        "mfa",
        "xinhua",
        "chinadaily",
        "cgtn",
        "state-dept",
        "bbc-china",
        "guardian-china",
        "scmp-china",
        "dailycaller-politics",
        "news-search-xi-trump",
    } <= names
    mfa = settings.source("mfa")
    assert mfa is not None and mfa.kind == "page" and mfa.item
    assert all(s.url.startswith("https://") for s in settings.sources)


def test_durations() -> None:
    assert config.parse_duration("30s") == 30
    assert config.parse_duration("90m") == 5400
    assert config.parse_duration("36h") == 129600
    assert config.parse_duration("7d") == 604800
    with pytest.raises(ValueError, match="not a duration"):
        config.parse_duration("five minutes")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[monitor]\ntimezone = "Mars/Olympus"\ncolour = "red"\n'
        '[[sources]]\nname = "a"\nurl = "ftp://example.com/feed"\ninterval = "soon"\n'
        '[[sources]]\nname = "a"\nurl = "https://example.com/x"\nkind = "page"\n'
        '[[sources]]\nname = "Bad Name"\nurl = "https://example.com/y"\ninterval = 5\n'
        '[[channels]]\nname = "c"\nurl = "nosuchscheme://token"\n',
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    text = str(info.value)
    assert str(path) in text
    for fragment in (
        "monitor.timezone",
        "unknown time zone",
        "monitor.colour: unknown key",
        "sources[0] (name = 'a').url",
        "not an http(s) URL",
        "sources[0] (name = 'a').interval",
        "not a duration",
        "sources[2] (name = 'Bad Name').name",
    ):
        assert fragment in text, fragment
    # Semantic checks run only once the types are right; fix them and the rest shows.
    path = _write(
        tmp_path,
        GOOD_SOURCE
        + GOOD_SOURCE
        + '[[sources]]\nname = "p"\nurl = "https://example.com/x"\nkind = "page"\n'
        + '[[channels]]\nname = "c"\nurl = "nosuchscheme://token"\n',
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    text = str(info.value)
    assert "duplicate name 'a'" in text
    assert "needs an `item` CSS selector" in text
    assert "channels[0] (name = 'c').url: apprise rejects this URL" in text
    assert "token" not in text  # the URL itself may hold a secret


def test_missing_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_TEST_HOOK", raising=False)
    path = _write(
        tmp_path, GOOD_SOURCE + '[[channels]]\nname = "hook"\nurl = "${MONITOR_TEST_HOOK}"\n'
    )
    with pytest.raises(
        ConfigError, match=r"channels\[0\]\.url: environment variable MONITOR_TEST_HOOK is not set"
    ):
        config.load(path)


def test_secrets_are_masked(tmp_path: Path) -> None:
    path = _write(
        tmp_path, GOOD_SOURCE + '[[channels]]\nname = "hook"\nurl = "${MONITOR_TEST_HOOK}"\n'
    )
    result = run_cli(
        "check-config",
        "--config",
        str(path),
        env={"MONITOR_TEST_HOOK": "json://127.0.0.1:9/s3cr3t-t0ken"},
    )
    assert result.returncode == 0, result.stderr
    assert "s3cr3t-t0ken" not in result.stdout + result.stderr
    assert "json://***" in result.stdout


def test_unknown_section_exits_2_naming_it(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_SOURCE + "[notify]\nenabled = true\n")
    # A real process: the console script itself exits 2 on a bad config.
    result = run_monitor("check-config", "--config", str(path))
    assert result.returncode == 2
    assert "notify: unknown key" in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "[sources\nname = 1\n")
    result = run_cli("once", "--config", str(path))
    assert result.returncode == 2
    assert "not valid TOML" in result.stderr and "line 4" in result.stderr
    result = run_cli("once", "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert "config file not found" in result.stderr


def test_env_default_config(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_SOURCE + "[oops]\n")
    result = run_cli("check-config", env={"MONITOR_CONFIG": str(path)})
    # run_cli drops an inherited MONITOR_CONFIG; an explicit one in env is kept.
    assert result.returncode == 2 and "oops" in result.stderr
