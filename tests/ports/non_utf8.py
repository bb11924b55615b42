"""Prints bytes that are not UTF-8, and a terminal control character."""
import sys

sys.stdout.buffer.write(b"ok \xff\xfe caf\xe9 \x07bell\n")
