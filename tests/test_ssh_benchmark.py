"""The SSH section of the benchmark report is put in once, before the commands, and replaced on a rerun."""

from __future__ import annotations

from benchmarks.ssh import HEADING, splice, there_and_back


def test_the_section_is_spliced_in_once_and_replaced() -> None:
    report = "# Report\n\n## Slow link\n\nx\n\n## Commands\n\nrun it\n"
    first = splice(report, [HEADING, "", "old figures", ""])
    assert first.index("## Slow link") < first.index(HEADING) < first.index("## Commands")
    second = splice(first, [HEADING, "", "new figures", ""])
    assert second.count(HEADING) == 1 and "new figures" in second and "old figures" not in second
    assert second.endswith("## Commands\n\nrun it\n")


def test_moves_never_go_above_the_top() -> None:
    for moves in (3, 19, 20):
        keys = there_and_back(b"j", b"k", moves)
        assert len(keys) == moves
        depth = 0
        for key in keys:
            depth += 1 if key == b"j" else -1
            assert depth >= 1  # the first j places the cursor; no k is wasted at the top
