"""What the explorer imports before its first paint (issue 17.6: the first paint's margin)."""

from __future__ import annotations

import subprocess
import sys

LATER = ("aiplan_tui.tui.screens.picker", "aiplan_tui.tui.screens.mine", "textual.widgets._selection_list")


def test_the_pickers_and_my_tasks_are_imported_when_first_opened() -> None:
    """The ministry/year pickers (SelectionList) and 내 과제 are not needed for the first screen."""
    code = f"import sys, aiplan_tui.tui.app; print(' '.join(m for m in {LATER!r} if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found == [], found
