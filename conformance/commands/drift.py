"""`nbe drift`: group each example's ports by what they print (not yet written)."""

from __future__ import annotations

import argparse

from conformance.errors import UsageError


def main(args: argparse.Namespace) -> int:
    raise UsageError("nbe drift is not written yet")
