"""Where `c` puts a node's text: always a file the user can find, and the terminal's clipboard.

The app cannot know whether the clipboard received anything: OSC 52 is dropped by tmux's
default settings, PuTTY, GNOME Terminal and macOS Terminal without a word. So the text is
always also written to a file, and the toast names it. Inside tmux the text also goes into a
tmux paste buffer (``tmux load-buffer``), which works whatever tmux's clipboard setting.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

COPY_DIR_ENV = "AIPLAN_COPY_DIR"
FOLDER = "복사"
_UNSAFE = re.compile(r"[^\w.\-]+")
SCREEN_CHUNK = 76  # screen passes a DCS string through only up to a limited length


def copy_dir(configured: str = "", environ: Mapping[str, str] | None = None) -> Path:
    """The folder for copied text: $AIPLAN_COPY_DIR, the settings' ``copy_dir``, or the
    user data folder (``~/.local/share/aiplan-tui/복사`` on Linux)."""
    environ = os.environ if environ is None else environ
    if environ.get(COPY_DIR_ENV):
        return Path(environ[COPY_DIR_ENV]).expanduser()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("aiplan-tui", appauthor=False)) / FOLDER


def file_name(node_id: str) -> str:
    """3-2.5 → 3-2.5.txt, 3-2/t6 → 3-2_t6.txt, 환경부 → 환경부.txt."""
    return (_UNSAFE.sub("_", node_id).strip("._") or "복사") + ".txt"


def save(text: str, folder: Path, node_id: str) -> Path:
    """Write the text to ``folder``/<id>.txt atomically (a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(node_id)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".partial")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def osc52(text: str, environ: Mapping[str, str] | None = None) -> str:
    """The OSC 52 sequence that sets the clipboard, wrapped so a multiplexer passes it on:
    tmux (DCS passthrough, used when ``allow-passthrough`` is on; the bare sequence too, used
    when ``set-clipboard`` is on) and GNU screen (DCS in short chunks)."""
    environ = os.environ if environ is None else environ
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    bare = f"\x1b]52;c;{payload}\x07"
    if environ.get("TMUX"):
        return bare + "\x1bPtmux;" + bare.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if environ.get("STY") or environ.get("TERM", "").startswith("screen"):
        chunks = [bare[i : i + SCREEN_CHUNK] for i in range(0, len(bare), SCREEN_CHUNK)]
        return "".join(f"\x1bP{chunk}\x1b\\" for chunk in chunks)
    return bare


def tmux_buffer(text: str, environ: Mapping[str, str] | None = None) -> bool:
    """Inside tmux, put the text in a paste buffer (prefix + ] pastes it); True if it worked."""
    environ = os.environ if environ is None else environ
    if not environ.get("TMUX"):
        return False
    try:
        done = subprocess.run(
            ["tmux", "load-buffer", "-"], input=text.encode("utf-8"), capture_output=True, timeout=2, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
