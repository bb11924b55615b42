# Key-Value Intro
#
# The key-value store is built on a JetStream stream: a bucket is a stream,
# a key is a subject in it, and every change to a key is a message. So each
# value has a revision (its sequence in the stream), a bucket can keep some
# history per key, and a client can watch keys for changes as they happen.
#
# This example creates a bucket, puts, gets and updates a key (an update names
# the revision it expects to replace, and fails if the key has moved on since),
# deletes it, reads its history, and then watches another key change.

import os
import asyncio

import nats
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")

# How a change to a key is named in this example's output.
OPERATIONS = {None: "put", "PUT": "put", "DEL": "delete", "PURGE": "purge"}


def describe(entry):
    value = f" {entry.value.decode()}" if entry.value else ""
    return f"{entry.key} revision {entry.revision}: {OPERATIONS[entry.operation]}{value}"


async def main():
    nc = await nats.connect(servers=servers)
    js = nc.jetstream()

    # A bucket that keeps the last five values of each key.
    kv = await js.create_key_value(bucket="profiles", history=5)
    print("created bucket profiles")

    revision = await kv.put("sue.color", b"blue")
    print(f"put sue.color = blue: revision {revision}")

    entry = await kv.get("sue.color")
    print(f"get sue.color: {entry.value.decode()}, revision {entry.revision}")

    # An update only succeeds if the key is still at the revision we read.
    revision = await kv.update("sue.color", b"green", last=entry.revision)
    print(f"update sue.color = green at revision {entry.revision}: revision {revision}")

    # Revision 1 is no longer the latest, so this update is refused.
    try:
        await kv.update("sue.color", b"red", last=entry.revision)
    except KeyWrongLastSequenceError:
        print(f"update sue.color = red at revision {entry.revision}: refused, wrong revision")

    # A delete is a new revision too: a marker that hides the older values.
    await kv.delete("sue.color")
    try:
        await kv.get("sue.color")
    except KeyNotFoundError:
        print("get sue.color after delete: not found")

    print("history of sue.color:")
    for entry in await kv.history("sue.color"):
        print(f"  {describe(entry)}")

    # A watcher first delivers the current values of the keys it matches (there
    # are none under `bob.` yet), then a marker that ends them (None here),
    # then every change as it happens.
    watcher = await kv.watch("bob.*")
    await watcher.updates(timeout=2)
    print("watching bob.*")

    await kv.put("bob.color", b"red")
    await kv.put("bob.color", b"yellow")
    await kv.delete("bob.color")
    for _ in range(3):
        entry = await watcher.updates(timeout=2)
        print(f"  watched {describe(entry)}")
    await watcher.stop()

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
