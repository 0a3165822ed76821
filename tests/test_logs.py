"""Log lines: one line per event, key=value text or JSON, secrets masked everywhere."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from monitor.cli import logs


def record(msg: str, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise RuntimeError("token s3cr3t-T0KEN rejected\nsecond line")
        except RuntimeError:
            import sys

            exc_info = sys.exc_info()
    return logging.LogRecord("monitor.pipeline", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_split_fields_keeps_values_with_spaces_whole() -> None:
    head, fields = logs.split_fields("fetch failed source=wire error=HTTP 404 failures=2")
    assert head == "fetch failed"
    assert fields == {"source": "wire", "error": "HTTP 404", "failures": "2"}
    assert logs.split_fields("no fields here") == ("no fields here", {})


def test_json_lines_carry_the_source_as_a_field_and_mask_secrets() -> None:
    fmt = logs.JsonFormatter(frozenset({"s3cr3t-T0KEN"}))
    line = fmt.format(
        record(
            "alert failed channel=%s error=%s", "slack", "bad url https://h/s3cr3t-T0KEN", exc=True
        )
    )
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "warning" and data["logger"] == "monitor.pipeline"
    assert data["msg"] == "alert failed" and data["channel"] == "slack"
    assert data["error"] == "bad url https://h/***"
    assert "RuntimeError" in data["exc"] and "s3cr3t" not in line


def test_text_lines_are_single_lines_with_masked_tracebacks() -> None:
    fmt = logs.TextFormatter(frozenset({"s3cr3t-T0KEN"}))
    line = fmt.format(record("poll failed source=%s", "wire", exc=True))
    assert "\n" not in line
    assert " WARNING monitor.pipeline poll failed source=wire exc=" in line
    assert "s3cr3t" not in line and "***" in line


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    chatty = {name: logging.getLogger(name).level for name in ("apscheduler", "httpx", "httpcore")}
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, old in chatty.items():
        logging.getLogger(name).setLevel(old)


def test_setup_switches_format_in_place(
    capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    log = logging.getLogger("monitor.test")
    logs.setup("info", frozenset({"hunter2"}), "text")
    log.info("polled source=%s key=%s", "wire", "hunter2")
    logs.setup("info", frozenset({"hunter2"}), "json")
    log.info("polled source=%s", "wire")
    log.debug("not shown at info")
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("polled source=wire key=***")
    assert json.loads(lines[1])["source"] == "wire"
    assert logging.getLogger("httpx").level == logging.WARNING  # no line per request
