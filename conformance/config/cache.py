"""nbe's cache folder, and validated configuration kept there in marshal form: a warm run
reads a few hundred bytes instead of importing the YAML parser (about 10 ms of start-up)."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any, Callable

from conformance.atomic import write_cache_file


def cache_dir() -> Path:
    """NBE_CACHE_DIR, else $XDG_CACHE_HOME/nbe, else ~/.cache/nbe."""
    explicit = os.environ.get("NBE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nbe"


def cached_config(path: Path, parser_modules: tuple[str, ...], parse: Callable[[], Any]) -> Any:
    """`parse()`'s plain result for the file at `path`, reused while the file's bytes, nbe's
    version and every module that shapes the parse are unchanged. Errors are never cached:
    a bad file is parsed every time."""
    data = path.read_bytes()
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}-{parser_fingerprint(parser_modules)}"
    entry = cache_dir() / "config" / f"{path.stem}-{key}.marshal"
    try:
        return marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    plain = parse()
    write_cache_file(entry, marshal.dumps(plain))
    return plain


def parser_fingerprint(modules: tuple[str, ...]) -> str:
    """nbe's version and the size and mtime of each parsing module (a stat each, no reading):
    an upgrade or an edit of any of them makes every cached parse stale."""
    from conformance import __version__

    stats = [os.stat(module) for module in modules]
    parts = [__version__, *(f"{s.st_size}.{s.st_mtime_ns}" for s in stats)]
    return f"{zlib.crc32(' '.join(parts).encode()):08x}"


def parser_modules(*names: str) -> tuple[str, ...]:
    """The files of the named modules of this package (`folder/module` below it), with the ones
    every parse uses."""
    here = Path(__file__).parent.parent
    shared = ("config/cache", "config/fields", "config/yamlfile", "errors", "compare/masks")
    return tuple(str(here / f"{name}.py") for name in (*names, *shared))
