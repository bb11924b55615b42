# Publish-Subscribe
#
# NATS delivers a message to every subscription whose subject matches at the
# moment the message is published. Subjects are dot-separated tokens, and a
# subscription may use wildcards: `*` matches exactly one token, `>` matches
# one or more tokens at the end of a subject.
#
# This example subscribes with both wildcards, publishes to a few subjects and
# prints what each subscription received. NATS core is fire-and-forget: a
# message published while nobody is subscribed is not stored, so the first
# message, sent before any subscription exists, is seen by no one.

import os
import asyncio

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def main():
    nc = await nats.connect(servers=servers)

    # Nobody is subscribed yet, so this message goes nowhere.
    await nc.publish("greet.early", b"hello, early")
    print("published greet.early before subscribing")

    # Two subscriptions without a callback: we read their messages with
    # `next_msg`. `greet.*` matches `greet.joe` but not `greet.team.bob`;
    # `greet.>` matches both.
    one_token = await nc.subscribe("greet.*")
    any_tokens = await nc.subscribe("greet.>")

    # The last message, `greet.end`, matches both wildcards: it tells each
    # subscription that there is nothing more to read.
    for subject in ["greet.joe", "greet.pam", "greet.team.bob"]:
        name = subject.split(".")[-1]
        await nc.publish(subject, f"hello, {name}".encode())
    await nc.publish("greet.end", b"goodbye")
    print("published greet.joe, greet.pam, greet.team.bob, greet.end")

    # Messages from one connection arrive in the order they were published,
    # so when `greet.end` arrives, every earlier match has arrived before it.
    for sub in [one_token, any_tokens]:
        count = 0
        while True:
            msg = await sub.next_msg(timeout=5)
            print(f"{sub.subject} received {msg.subject}: {msg.data.decode()}")
            count += 1
            if msg.subject == "greet.end":
                break
        print(f"{sub.subject} received {count} messages")

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
