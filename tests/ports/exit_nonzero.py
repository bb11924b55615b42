"""Prints the expected line, complains on stderr, and exits 3."""
import sys

print("ok")
print("something went wrong in the port", file=sys.stderr)
sys.exit(3)
