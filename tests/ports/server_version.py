"""Prints the version of the nats-server it reached: proof of which server a check ran against."""
import asyncio
import os

import nats


async def main():
    nc = await nats.connect(servers=os.environ["NATS_URL"].split(","))
    version = nc.connected_server_version
    print("server", f"{version.major}.{version.minor}.{version.patch}")
    await nc.close()


asyncio.run(main())
