"""Takes a few seconds, as a cold build does, then passes: long enough for the progress ticker
to show it still running (tests/reports/test_progress.py)."""
import time

time.sleep(3)
print("ok", flush=True)
