"""The benchmarks still run against the code as it is (on tiny sizes; nothing is timed)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [
        ("ingest.py", ["--sizes", "300", "--items", "40"], "items/s"),
        ("event_size.py", ["--sizes", "5,20", "--reports", "10", "--rounds", "1"], "us/report"),
    ],
)
def test_benchmark_runs(script: str, args: list[str], expect: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert expect in done.stdout
