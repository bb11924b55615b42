"""Why a build failed, in a maintainer's words. A language's `build_failures` (language.yaml) pairs
a pattern of its tools' output with a cause (causes.py) and a reason that may quote the match:
the first pattern found in a failed build's log names them. A log none matches is left to
causes.build_failure_cause, which reads any build's log alike."""

from __future__ import annotations

import re
from typing import NamedTuple

from conformance.languages import Language
from conformance.runtimes.protocol import BuildError


class Diagnosis(NamedTuple):
    cause: str  # one of causes.DESCRIPTIONS
    reason: str


class DiagnosedBuildError(BuildError):
    """A failed build whose cause the language's `build_failures` named."""

    def __init__(self, reason: str, log: str, cause: str) -> None:
        super().__init__(reason, log)
        self.cause = cause


def diagnose(language: Language, log: str) -> Diagnosis | None:
    for pattern, cause, reason in language.build_failures:
        found = re.search(pattern, log, re.MULTILINE)
        if found:
            text = reason.format_map({name: value or "" for name, value in found.groupdict().items()})
            return Diagnosis(cause, " ".join(text.split()))  # one line, whatever an empty group left
    return None
