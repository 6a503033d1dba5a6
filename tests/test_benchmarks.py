"""The benchmark harness runs and writes its report (a smoke test: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_harness_writes_a_report(tmp_path: Path) -> None:
    report = tmp_path / "REPORT.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--report", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    assert "| `aiplan search 홍수` |" in text and "× floor" in text
