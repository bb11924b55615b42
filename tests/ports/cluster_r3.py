"""A cluster example's port: NATS_URL lists three servers; an R3 stream is created through the
first, written through the second and read through the third. Server names stay unprinted."""
import asyncio
import os
import sys

import nats
import nats.js.errors


async def publish(js, subject, data):
    """Retried on no responders, as nats.go's JetStream publish does by default: the new stream's
    interest reaches the other servers over their routes a moment after it is created."""
    for _ in range(40):
        try:
            return await js.publish(subject, data)
        except nats.js.errors.NoStreamResponseError:
            await asyncio.sleep(0.05)
    return await js.publish(subject, data)


async def main():
    urls = os.environ["NATS_URL"].split(",")
    print("servers", len(urls))
    if len(urls) != 3:
        sys.exit("expected three servers in NATS_URL")
    first, second, third = [await nats.connect(servers=[url], allow_reconnect=False) for url in urls]
    names = {nc._server_info.get("server_name") for nc in (first, second, third)}
    print("connected to", len(names), "distinct servers")
    for _ in range(40):  # a cluster that has only just formed may not yet place three replicas
        try:
            await first.jetstream().add_stream(name="ORDERS", subjects=["orders.>"], num_replicas=3)
            break
        except nats.js.errors.APIError:
            await asyncio.sleep(0.1)
    for n in range(3):
        await publish(second.jetstream(), f"orders.{n}", f"order {n}".encode())
    js = third.jetstream()
    info = await js.stream_info("ORDERS")
    print("replicas", info.config.num_replicas, "placed on", 1 + len(info.cluster.replicas or []))
    for seq in range(1, info.state.messages + 1):
        print((await js.get_msg("ORDERS", seq)).data.decode())
    for nc in (first, second, third):
        await nc.close()


asyncio.run(main())
