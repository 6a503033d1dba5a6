"""What the ambiguous-width question found for a remote terminal, remembered for next time.

Over SSH the answer can take longer than we are willing to wait before the first paint; the
last answer from the same terminal type on the same client is then the best guess to start
with. The entry is keyed by TERM and the SSH client's address, kept in the user's cache
directory, and only ever a starting point: a fresh answer always wins (and is remembered).
Local sessions are not remembered (a local terminal answers at once).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

MODES = ("narrow", "wide")


def terminal_key(environ: Mapping[str, str]) -> str | None:
    """``TERM client-address`` for a session over SSH, else None."""
    connection = environ.get("SSH_CONNECTION", "").split()
    if not connection:
        return None
    return f"{environ.get('TERM', '')} {connection[0]}"


def memory_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("aiplan-tui", appauthor=False)) / "terminals.json"


def _load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and v in MODES}


def recall(environ: Mapping[str, str]) -> str | None:
    key = terminal_key(environ)
    return None if key is None else _load(memory_path()).get(key)


def remember(environ: Mapping[str, str], mode: str) -> None:
    """Best effort: a cache that cannot be written is simply not kept."""
    key = terminal_key(environ)
    if key is None or mode not in MODES:
        return
    path = memory_path()
    known = _load(path)
    if known.get(key) == mode:
        return
    known[key] = mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
