"""Prints a line, then waits until it is sent SIGUSR1 (so a test can act on its running
container first), prints another and exits 0."""
import signal

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # blocked first: a signal sent early waits
print("before", flush=True)
signal.sigwait({signal.SIGUSR1})
print("after", flush=True)
