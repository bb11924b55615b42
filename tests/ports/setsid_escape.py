"""Prints ok and exits, leaving daemons made the way daemons are made, none of them in the
port's process group: a child in a session of its own that starts one more in yet another
session, and `setsid sh -c 'sleep 3600 &'`. They hold the port's stdout and stderr open.
With LEAK_DIR set, it writes the first one's pid there and exits only once waits_for_sweep
is waiting, so that the two checks overlap."""
import os
import subprocess
import sys
import time

SECOND = "import time; time.sleep(3600)  # escaped-second"
FIRST = ("import subprocess, sys, time; "
         f"subprocess.Popen([sys.executable, '-c', {SECOND!r}], start_new_session=True); "
         "print('second started', flush=True); time.sleep(3600)  # escaped-first")

first = subprocess.Popen([sys.executable, "-c", FIRST], start_new_session=True, stdout=subprocess.PIPE)
first.stdout.readline()  # the chain is complete before the port exits
subprocess.run(["setsid", "sh", "-c", "sleep 3600 &"], check=True)
leak_dir = os.environ.get("LEAK_DIR")
if leak_dir:
    with open(os.path.join(leak_dir, "escaped.tmp"), "w") as file:
        file.write(str(first.pid))
    os.replace(os.path.join(leak_dir, "escaped.tmp"), os.path.join(leak_dir, "escaped.pid"))
    while not os.path.exists(os.path.join(leak_dir, "waiting")):
        time.sleep(0.02)
print("ok", flush=True)
