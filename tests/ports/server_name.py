"""Prints the name of the nats-server it reached (`server_name` in the server's INFO line, read
with the standard library alone): proof of which server image a check ran against."""
import json
import os
import socket
from urllib.parse import urlparse

url = urlparse(os.environ["NATS_URL"].split(",")[0])
with socket.create_connection((url.hostname, url.port or 4222), timeout=10) as sock:
    line = sock.makefile("rb").readline()
print("server", json.loads(line.split(b" ", 1)[1])["server_name"])
