"""The one error taxonomy: every expected failure of nbe is an NbeError with an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 3  # a bug in nbe itself, one that no check owns
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class NbeError(Exception):
    """A failure reported to the user as one message, with a defined exit code."""

    exit_code = EXIT_USAGE


class UsageError(NbeError):
    """Bad command line: unknown target, bad flag value."""


class ConfigError(NbeError):
    """A malformed file in the project: meta.yaml, language.yaml, nbe.yaml."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM so that every cleanup path runs, as for Ctrl-C."""
