# Limits-based Stream
#
# A stream stores the messages published to its subjects. Its retention
# policy decides when they go; the default, limits, keeps messages until one
# of the stream's limits is reached and then discards the oldest ones first.
# There are three limits: how many messages, how many bytes, and how old a
# message may be.
#
# This example creates a stream with all three limits, publishes past each one
# in turn and prints the stream's state after every step: how many messages it
# holds and the first and last sequence numbers still in it.

import os
import asyncio

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def print_state(js, step):
    info = await js.stream_info("EVENTS")
    state = info.state
    print(f"{step}: {state.messages} messages, first seq {state.first_seq}, last seq {state.last_seq}")


async def main():
    nc = await nats.connect(servers=servers)
    js = nc.jetstream()

    # At most 10 messages and 1 KiB of data, each kept for at most an hour.
    # `max_age` is given in seconds here; the server stores it as nanoseconds.
    await js.add_stream(name="EVENTS", subjects=["events.>"], max_msgs=10, max_bytes=1024, max_age=3600)
    await print_state(js, "created")

    # Fifteen small messages: the five oldest are discarded to stay at 10.
    for n in range(1, 16):
        await js.publish(f"events.{n}", f"event {n}".encode())
    await print_state(js, "after 15 small messages")

    # Four larger messages, 200 bytes each: now the byte limit bites first,
    # and older messages go until the stream fits in 1 KiB again.
    for n in range(16, 20):
        await js.publish(f"events.{n}", b"x" * 200)
    await print_state(js, "after 4 messages of 200 bytes")

    # Lower the age limit to one second. The duplicate window may not be
    # longer than the age limit, so it is lowered too.
    info = await js.stream_info("EVENTS")
    await js.update_stream(config=info.config, max_age=1, duplicate_window=1)

    # The server removes expired messages on its own; wait until it has.
    for _ in range(100):
        info = await js.stream_info("EVENTS")
        if info.state.messages == 0:
            break
        await asyncio.sleep(0.1)
    await print_state(js, "after the age limit passed")

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
