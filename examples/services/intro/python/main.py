# Services Intro
#
# The service API turns request-reply handlers into a service that can be
# found and observed. A service has a name, a version and endpoints, each one
# a subject with a handler. Every service also answers on discovery subjects:
# `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS`, optionally followed by a service
# name, return who is running, which endpoints they serve, and how many
# requests and errors each endpoint has handled.
#
# This example runs a `calc` service with two endpoints, `calc.sum` and
# `calc.max`, which take numbers separated by spaces. It sends requests to each
# (one of them with bad input, answered with a service error), then asks for
# the service's info and stats through discovery.

import os
import json
import asyncio

import nats
from nats.micro import add_service
from nats.micro.request import ServiceError

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


def parse_numbers(data):
    numbers = []
    for word in data.decode().split():
        if not word.lstrip("-").isdigit():
            # Raised from a handler, a ServiceError becomes an error response
            # (its code and description in headers) and counts as an error in
            # the endpoint's stats.
            raise ServiceError("400", f"not a number: {word}")
        numbers.append(int(word))
    return numbers


async def handle_sum(req):
    await req.respond(str(sum(parse_numbers(req.data))).encode())


async def handle_max(req):
    await req.respond(str(max(parse_numbers(req.data))).encode())


async def ask(nc, subject, payload):
    rep = await nc.request(subject, payload.encode(), timeout=2)
    headers = rep.headers or {}
    if "Nats-Service-Error-Code" in headers:
        code, description = headers["Nats-Service-Error-Code"], headers["Nats-Service-Error"]
        print(f"{subject} {payload}: error {code}, {description}")
    else:
        print(f"{subject} {payload}: {rep.data.decode()}")


async def main():
    nc = await nats.connect(servers=servers)

    # The service and its endpoints, in a group that prefixes their subjects.
    svc = await add_service(nc, name="calc", version="1.0.0", description="Sums and maximums of numbers")
    group = svc.add_group(name="calc")
    await group.add_endpoint(name="sum", handler=handle_sum)
    await group.add_endpoint(name="max", handler=handle_max)

    await ask(nc, "calc.sum", "3 9 4")
    await ask(nc, "calc.max", "3 9 4")
    await ask(nc, "calc.sum", "3 x 4")

    # Discovery: any client can ask, with a plain request. Each running
    # instance answers; there is one here. Its id is left out, as it is random.
    rep = await nc.request("$SRV.INFO.calc", b"", timeout=2)
    info = json.loads(rep.data)
    print(f"info: {info['name']} {info['version']}, {info['description']}")
    for endpoint in sorted(info["endpoints"], key=lambda e: e["name"]):
        print(f"  endpoint {endpoint['name']} on {endpoint['subject']}")

    rep = await nc.request("$SRV.STATS.calc", b"", timeout=2)
    stats = json.loads(rep.data)
    print(f"stats: {stats['name']} {stats['version']}")
    for endpoint in sorted(stats["endpoints"], key=lambda e: e["name"]):
        print(f"  endpoint {endpoint['name']}: requests {endpoint['num_requests']}, errors {endpoint['num_errors']}")

    await svc.stop()
    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
