"""Fails the first time it runs (per state file), passes after: a flaky port."""
import os
import sys

state = os.environ["FLAKY_STATE"]
if not os.path.exists(state):
    open(state, "w").close()
    print("not yet")
    sys.exit(1)
print("ok")
