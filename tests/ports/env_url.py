"""Prints what a port is given: NATS_URL's shape, and that the server answers there."""
import asyncio
import os

import nats


async def main():
    url = os.environ["NATS_URL"]
    nc = await nats.connect(servers=url.split(","))
    print("connected", "127.0.0.1" in url)
    await nc.close()


asyncio.run(main())
