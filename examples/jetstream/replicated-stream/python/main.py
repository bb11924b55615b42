# Replicated Stream
#
# In a NATS cluster, a JetStream stream can keep copies of its messages on
# several servers: its replicas. A stream with three replicas (R3) has a leader
# and two followers; a message is stored once a majority of them have it, so
# the stream survives the loss of any one server. Clients need not know which
# server leads: any server in the cluster takes JetStream requests and routes
# them to the stream's leader.
#
# This example connects to each of the three servers in NATS_URL: it creates an
# R3 stream through the first, publishes through the second and reads through
# the third. Which server leads is decided at random, so it is not printed.

import os
import asyncio

import nats
from nats.js.errors import APIError, NoStreamResponseError

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def retried(action):
    """Right after a cluster forms, a server may not yet know of the JetStream
    API or of a new stream's subjects on the others (no responders), JetStream
    may be briefly unavailable, or the leader may not yet count every server as
    a place for a replica ("no suitable peers"): try again for a while."""
    for _ in range(50):
        try:
            return await action()
        except (NoStreamResponseError, APIError):
            await asyncio.sleep(0.1)
    return await action()


async def main():
    print(f"servers in NATS_URL: {len(servers)}")
    if len(servers) < 3:
        raise SystemExit("this example needs three servers in NATS_URL")

    # One connection to each server, each given that server's URL only.
    first, second, third = [await nats.connect(servers=[url]) for url in servers[:3]]

    info = await retried(lambda: first.jetstream().add_stream(name="ORDERS", subjects=["orders.>"], num_replicas=3))
    print(f"created stream ORDERS through server 1: {info.config.num_replicas} replicas")

    js = second.jetstream()
    for n in range(1, 4):
        ack = await retried(lambda: js.publish(f"orders.{n}", f"order {n}".encode()))
        print(f"published orders.{n} through server 2: sequence {ack.seq}")

    # Through the third server: the stream's configuration, where it is
    # placed (the leader and its followers), and the messages it holds.
    js = third.jetstream()
    info = await retried(lambda: js.stream_info("ORDERS"))
    placed = 1 + len(info.cluster.replicas or [])
    print(f"read through server 3: {info.config.num_replicas} replicas configured, placed on {placed} servers")
    for seq in range(1, info.state.messages + 1):
        msg = await js.get_msg("ORDERS", seq)
        print(f"  {seq} {msg.subject}: {msg.data.decode()}")

    for nc in (first, second, third):
        await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
