"""Prints a line, starts a child that also hangs, then hangs: both must die at the timeout."""
import subprocess
import sys
import time

print("started", flush=True)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
time.sleep(3600)
