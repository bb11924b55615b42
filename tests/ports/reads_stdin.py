"""Reads stdin to the end: it must see EOF at once rather than hang."""
import sys

data = sys.stdin.read()
print("ok" if data == "" else f"stdin had {len(data)} chars")
