# Queue Groups
#
# Subscriptions that name the same queue group share the work: each message
# published to the subject is delivered to only one member of the group, chosen
# by the server at random. Subscriptions outside the group are unaffected, and a
# plain subscription on the same subject still receives every message.
#
# Which member gets which message is up to the server, so this example prints
# counts that do not depend on that choice: how many messages the group
# received in total, how many distinct ones, and how many the plain subscriber
# received.

import os
import asyncio

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")

COUNT = 30


async def main():
    nc = await nats.connect(servers=servers)

    # Each member records the payloads it was handed.
    received = {"member 1": [], "member 2": [], "member 3": []}

    def recorder(name):
        async def handler(msg):
            received[name].append(msg.data.decode())
        return handler

    for name in received:
        await nc.subscribe("tasks", queue="workers", cb=recorder(name))

    # The plain subscriber is not in the group, so it sees every message.
    plain = []

    async def plain_handler(msg):
        plain.append(msg.data.decode())

    await nc.subscribe("tasks", cb=plain_handler)

    for n in range(1, COUNT + 1):
        await nc.publish("tasks", f"task {n}".encode())
    print(f"published {COUNT} messages to tasks")

    # Wait until the plain subscriber has every message and the members, between
    # them, as many; or give up after five seconds and print what arrived.
    def delivered_so_far():
        return sum(len(tasks) for tasks in received.values())

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while (len(plain) < COUNT or delivered_so_far() < COUNT) and loop.time() < deadline:
        await asyncio.sleep(0.01)

    delivered = [task for tasks in received.values() for task in tasks]
    print(f"plain subscriber received {len(plain)}")
    print(f"queue group received {len(delivered)} in total, {len(set(delivered))} distinct")
    exactly_once = sorted(delivered) == sorted(plain)
    print(f"every message went to exactly one member: {'yes' if exactly_once else 'no'}")

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
