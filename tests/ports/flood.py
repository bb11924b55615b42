"""Writes 4 GiB to stdout if nobody stops it."""
import sys

block = b"y" * 1023 + b"\n"
out = sys.stdout.buffer
for _ in range(4 * 1024 * 1024):
    out.write(block)
