"""Prints on stdout and on stderr, then hangs: what it printed must be shown at its timeout."""
import sys
import time

print("connected to the server", flush=True)
print("waiting for the reply", flush=True)
print("about to wait for ever", file=sys.stderr, flush=True)
time.sleep(3600)
