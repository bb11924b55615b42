# JSON Payloads
#
# NATS message payloads are opaque bytes: the server never looks inside them.
# Applications agree on an encoding, and JSON is a common choice. The
# publisher encodes an object into bytes; the subscriber decodes the bytes
# back into an object and reads its fields.
#
# Nothing stops a publisher from sending bytes that are not valid JSON, so a
# subscriber should treat a payload that fails to decode as an error to report
# and move past, not as a reason to crash.

import os
import json
import asyncio

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def main():
    nc = await nats.connect(servers=servers)

    sub = await nc.subscribe("orders.new")

    # Two well-formed orders, and between them a payload that was cut short.
    await nc.publish("orders.new", json.dumps({"id": 1, "item": "coffee", "qty": 2}).encode())
    await nc.publish("orders.new", b'{"id": 2, "item": "tea"')
    await nc.publish("orders.new", json.dumps({"id": 3, "item": "cake", "qty": 1}).encode())

    # Decode each message as it arrives. A decode error is printed with the
    # raw payload, and the loop goes on to the next message.
    for _ in range(3):
        msg = await sub.next_msg(timeout=2)
        try:
            order = json.loads(msg.data)
        except json.JSONDecodeError:
            print(f"decode error: {msg.data.decode()}")
            continue
        print(f"order {order['id']}: {order['qty']} x {order['item']}")

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
