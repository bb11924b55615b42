"""Per-example regex substitutions applied to a port's actual output before comparing."""

from __future__ import annotations

import re
from typing import NamedTuple


class Rule(NamedTuple):
    """One narrow substitution from meta.yaml, optionally scoped to some languages."""

    description: str
    pattern: re.Pattern[str]
    replace: str
    languages: tuple[str, ...] | None  # None: every language

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages


class RuleHit(NamedTuple):
    """A rule that fired on an output, and how many times."""

    description: str
    pattern: str
    times: int


def apply_rules(text: str, rules: tuple[Rule, ...], language: str) -> tuple[str, tuple[RuleHit, ...]]:
    """Apply every rule for `language` in order; report each one that changed something."""
    hits = []
    for rule in rules:
        if not rule.applies_to(language):
            continue
        text, count = rule.pattern.subn(rule.replace, text)
        if count:
            hits.append(RuleHit(rule.description, rule.pattern.pattern, count))
    return text, tuple(hits)
