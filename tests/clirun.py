"""Running `aiplan` in this process, as the reliability tests do thousands of times."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from typing import NamedTuple

from aiplan_tui.cli import main


class Run(NamedTuple):
    code: int
    out: str
    err: str


def run(argv: Sequence[str]) -> Run:
    """main(argv) with strict UTF-8 stdout and stderr (as a terminal's would be); SystemExit
    (argparse) gives its code; any other exception propagates, so the test fails."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    texts = []
    for stream in (out, err):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode("utf-8"))
    return Run(code, texts[0], texts[1])


def one_line_error(result: Run) -> bool:
    """An error is said on stderr in exactly one line, with no control characters."""
    return (
        result.err.count("\n") == 1
        and result.err.endswith("\n")
        and not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in result.err)
    )
