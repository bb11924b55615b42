"""Publishes a token of its own on a shared subject and counts tokens it did not send:
with a private server per check, there are none."""
import asyncio
import os
import uuid

import nats


async def main():
    nc = await nats.connect(servers=os.environ["NATS_URL"].split(","))
    mine = uuid.uuid4().hex
    foreign = set()

    async def seen(msg):
        if msg.data.decode() != mine:
            foreign.add(msg.data.decode())

    await nc.subscribe("probe", cb=seen)
    for _ in range(20):
        await nc.publish("probe", mine.encode())
        await nc.flush()
        await asyncio.sleep(0.05)
    await nc.drain()
    print(f"foreign messages: {len(foreign)}")
    print(f"url: {os.environ['NATS_URL']}", file=__import__('sys').stderr)


asyncio.run(main())
