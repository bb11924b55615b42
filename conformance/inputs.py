"""A port's inputs: the files its `image_inputs` patterns select, and one hash over files.
The Docker image tag and the local build folder are both named by it, so the two runtimes
agree on what "the port changed" means."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conformance.language import Language

Files = dict[str, tuple[bytes, int]]  # relative path -> (content, mode)
FORMAT = "1"  # bump when the way inputs are hashed changes


def port_files(language: Language, port_dir: Path) -> Files:
    """The port's files that `image_inputs` selects; hidden files and folders are never inputs."""
    files: Files = {}
    for pattern in language.image_inputs:
        for path in sorted(port_dir.glob(pattern)):
            relative = path.relative_to(port_dir).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
                files[relative] = read(path)
    return files


def read(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), 0o755 if path.stat().st_mode & 0o111 else 0o644


def content_hash(files: Files, *extra: str) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for value in extra:
        digest.update(b"\0" + value.encode())
    for name in sorted(files):
        content, mode = files[name]
        digest.update(f"\0{name}\0{mode:o}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
