"""Publishes a token of its own on a shared subject and counts tokens it did not send:
with a private server per check, there are none. Two copies meet at a rendezvous folder
(RENDEZVOUS) before publishing and again before leaving, so they provably ran at once."""
import asyncio
import os
import sys
import time
import uuid

import nats

PEERS = 2


async def meet(stage: str, me: str) -> int:
    """Wait until PEERS ports have reached `stage`; the number that did (within 30 s)."""
    folder = os.path.join(os.environ["RENDEZVOUS"], stage)
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, me), "w").close()
    deadline = time.monotonic() + 30
    while len(os.listdir(folder)) < PEERS and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    return len(os.listdir(folder))


async def main():
    nc = await nats.connect(servers=os.environ["NATS_URL"].split(","))
    mine = uuid.uuid4().hex
    foreign = set()

    async def seen(msg):
        if msg.data.decode() != mine:
            foreign.add(msg.data.decode())

    await nc.subscribe("probe", cb=seen)
    together = await meet("publishing", mine)
    for _ in range(20):
        await nc.publish("probe", mine.encode())
    await nc.flush()
    together = min(together, await meet("published", mine))
    await nc.flush()
    await nc.drain()
    print(f"foreign messages: {len(foreign)}")
    print(f"url: {os.environ['NATS_URL']}", file=sys.stderr)
    print(f"ran together with {together - 1} other port(s)", file=sys.stderr)


asyncio.run(main())
