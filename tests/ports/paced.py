"""Prints as a port that waits for messages does: pauses between lines, one line in two writes
with a pause between them, a coloured line with trailing spaces and a line a rule drops; each
write flushed, so what a recording shows is when the port really printed it."""
import sys
import time

PAUSE = 0.4  # seconds; tests/check/test_recordings_cast.py relies on it


def say(text, end="\n"):
    sys.stdout.write(text + end)
    sys.stdout.flush()


say("first")
time.sleep(PAUSE)
say("second")
say("\x1b[32mthird\x1b[0m   ")
say("waiting...", end="")
time.sleep(PAUSE)
say(" done")
say("noise")
say("last")
