"""The entry point of aiplan.pyz: scripts/build_dist.py copies this file into the archive as __main__.py.

The archive holds aiplan_tui (with its plan database and themes) and the pure-Python
packages that lookups and the explorer import. SQLite cannot open a database inside a zip
file and Textual reads stylesheets from files, so the first run unpacks the archive once
into a per-user cache directory ($XDG_CACHE_HOME/aiplan-tui, else ~/.cache/aiplan-tui, else
a private directory in the system's temporary directory) and every run imports from there,
where Python also keeps its bytecode. Standard library only.
"""

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

if sys.version_info < (3, 9):  # noqa: UP036 (this file parses on older Pythons, to say so)
    sys.exit("aiplan에는 Python 3.9 이상이 필요합니다 (needs Python 3.9+): 이 Python은 " + sys.version.split()[0])

BUNDLE = "dev"  # the build writes the app's version and a hash of the archive's contents here
EXIT_DATA = 3  # as `aiplan` exits for a missing or damaged database


def cache_dirs() -> Iterator[Path]:
    if os.environ.get("XDG_CACHE_HOME"):
        yield Path(os.environ["XDG_CACHE_HOME"]) / "aiplan-tui"
    else:
        try:
            home: Optional[Path] = Path.home()
        except RuntimeError:  # no home directory
            home = None
        if home is not None:
            yield home / ".cache" / "aiplan-tui"
    import tempfile

    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    yield Path(tempfile.gettempdir()) / f"aiplan-tui-{user}"


def private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
        raise PermissionError(f"{path} belongs to another user")


def unpacked(archive: Path) -> Path:
    """The directory holding the archive's contents, unpacked there on first use."""
    errors = []
    for base in cache_dirs():
        target = base / BUNDLE
        if (target / "aiplan_tui" / "__init__.py").is_file():
            return target
        import shutil
        import zipfile

        staging = base / f".{BUNDLE}.{os.getpid()}"
        try:
            private_dir(base)
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(staging, [name for name in zipped.namelist() if name != "__main__.py"])
            try:
                staging.rename(target)  # atomic: whoever sees the directory sees all of it
            except OSError:
                if not (target / "aiplan_tui" / "__init__.py").is_file():
                    raise
            return target
        except OSError as error:
            errors.append(f"{base}: {error}")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    raise OSError("; ".join(errors))


def main() -> int:
    archive = Path(__file__).resolve().parent
    try:
        sys.path[0] = str(unpacked(archive))
    except OSError as error:
        print(f"aiplan: cannot unpack {archive} into a cache directory ({error})", file=sys.stderr)
        print("aiplan: set XDG_CACHE_HOME or TMPDIR to a writable directory", file=sys.stderr)
        return EXIT_DATA
    from aiplan_tui.launch import main as aiplan

    return aiplan()


if __name__ == "__main__":
    raise SystemExit(main())
