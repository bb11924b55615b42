"""Prints what a port can reach from inside its check: its network interfaces, whether an
address outside answers or is unreachable, and, for each server of NATS_URL, where it is and
whether it greets the port with INFO."""
import os
import socket
from urllib.parse import urlsplit

print("interfaces", " ".join(sorted(os.listdir("/sys/class/net"))))
try:
    socket.create_connection(("192.0.2.1", 4222), timeout=2).close()  # TEST-NET-1: never a real host
    print("outside reached")
except OSError as exc:
    print("outside", "unreachable" if exc.errno == 101 else f"failed otherwise: {exc}")
for url in os.environ["NATS_URL"].split(","):
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=5) as server:
        print(where.hostname, where.port, server.recv(4).decode())
