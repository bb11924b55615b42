# A new Python port. It reads NATS_URL (a comma-separated list), prints what the example
# shows on stdout (logs go to stderr), and exits 0 on its own.
import asyncio
import os

import nats

servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def main():
    nc = await nats.connect(servers=servers)

    # Replace this with the example: one reply to one request.
    async def answer(msg):
        await msg.respond(b"hello, world")

    sub = await nc.subscribe("hello", cb=answer)
    reply = await nc.request("hello", b"", timeout=1)
    print(reply.data.decode())

    await sub.unsubscribe()
    await nc.drain()


if __name__ == "__main__":
    asyncio.run(main())
