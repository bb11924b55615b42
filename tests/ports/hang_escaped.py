"""Starts a child in a session of its own (out of reach of the group kill), prints a line,
then hangs: both must die with nbe, however nbe ends."""
import subprocess
import sys
import time

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)  # escaped"], start_new_session=True)
print("started", flush=True)
time.sleep(3600)
