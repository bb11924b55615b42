"""Prints what a port may do inside its container: its user, capabilities, privileges. Then
waits until it is sent SIGUSR1, so the test can inspect its container and network from outside."""
import signal

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # blocked first: a signal sent early waits
status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
print("uid", status["Uid"].split()[0])
print("CapEff", status["CapEff"].strip())
print("NoNewPrivs", status["NoNewPrivs"].strip(), flush=True)
signal.sigwait({signal.SIGUSR1})
