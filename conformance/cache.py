"""nbe's cache folder, and validated configuration kept there in marshal form: a warm run
reads a few hundred bytes instead of importing the YAML parser (about 10 ms of start-up)."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any, Callable


def cache_dir() -> Path:
    """NBE_CACHE_DIR, else $XDG_CACHE_HOME/nbe, else ~/.cache/nbe."""
    explicit = os.environ.get("NBE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nbe"


def cached_config(path: Path, parser_file: str, parse: Callable[[], Any]) -> Any:
    """`parse()`'s plain result for the file at `path`, reused while the file's bytes and the
    parser's source are unchanged. Errors are never cached: a bad file is parsed every time."""
    data = path.read_bytes()
    parser_version = os.stat(parser_file).st_mtime_ns
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}-{parser_version}"
    entry = cache_dir() / "config" / f"{Path(parser_file).stem}-{key}.marshal"
    try:
        return marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    plain = parse()
    _store(entry, marshal.dumps(plain))
    return plain


def _store(entry: Path, payload: bytes) -> None:
    """Best effort and atomic: a read-only or full disk only costs the next run the parse."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_name(f".{entry.name}.{os.getpid()}")
        temporary.write_bytes(payload)
        os.replace(temporary, entry)
    except OSError:
        pass
