"""A port that needs JetStream: creates a stream, publishes to it and reads the message back."""
import asyncio
import os

import nats


async def main():
    nc = await nats.connect(servers=os.environ["NATS_URL"].split(","))
    js = nc.jetstream()
    await js.add_stream(name="EVENTS", subjects=["events.>"])
    ack = await js.publish("events.one", b"hello")
    print("stored at", ack.seq, (await js.get_msg("EVENTS", ack.seq)).data.decode())
    await nc.close()


asyncio.run(main())
