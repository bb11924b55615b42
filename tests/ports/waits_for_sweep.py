"""Runs beside setsid_escape (LEAK_DIR shared): waits until that port's escaped process is dead,
killed by its own check's sweep, then prints ok. If that sweep killed this port or its server
too, this check fails; if nothing kills the escaped process, it times out."""
import os
import time

leak_dir = os.environ["LEAK_DIR"]
open(os.path.join(leak_dir, "waiting"), "w").close()
pid_file = os.path.join(leak_dir, "escaped.pid")
while not os.path.exists(pid_file):
    time.sleep(0.02)
with open(pid_file) as file:
    pid = int(file.read())


def running(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


while running(pid):
    time.sleep(0.02)
print("ok", flush=True)
