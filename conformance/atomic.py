"""The one way nbe writes a file it keeps: through a temporary file in the same folder, renamed
over the target, so a reader (or a crash, or Ctrl-C) sees the old file or the new one, never
half of one. Expected files, reports, the config cache and the timing history all use it."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_UMASK = os.umask(0o022)  # read once, at import (setting it is process-wide): restored at once
os.umask(_UMASK)


def write_atomically(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` with `content` (text is written as UTF-8 with LF line ends).
    `durable` also flushes it to disk first: for what a person keeps, not for caches."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600: give it the mode the file had, or a new file's usual mode
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def write_cache_file(path: Path, content: bytes) -> None:
    """Best effort: a read-only or full disk only costs the next run some work."""
    try:
        write_atomically(path, content, durable=False)
    except OSError:
        pass
