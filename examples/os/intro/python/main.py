# Object Store Intro
#
# The object store keeps files (objects) of any size in a JetStream stream. An
# object is cut into chunks, each one a message, and a last message holds the
# object's metadata: its name, size, number of chunks and a SHA-256 digest of
# its content, so a reader can check that it got back exactly what was put.
#
# This example puts an object larger than one chunk and a small one, gets the
# large one back and verifies its digest, lists the store, deletes an object
# and lists it again.

import os
import asyncio
import base64
import hashlib

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def print_listing(store):
    # Objects are listed in no set order, so sort them by name.
    infos = await store.list(ignore_deletes=True)
    for info in sorted(infos, key=lambda info: info.name):
        print(f"  {info.name}: {info.size} bytes")


async def main():
    nc = await nats.connect(servers=servers)
    js = nc.jetstream()

    store = await js.create_object_store("files")
    print("created object store files")

    # 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB,
    # the default chunk size.
    data = bytes(n % 251 for n in range(300_000))
    info = await store.put("data.bin", data)
    print(f"put data.bin: {info.size} bytes in {info.chunks} chunks")
    print(f"digest: {info.digest}")

    await store.put("notes.txt", b"remember the milk")
    print("put notes.txt")

    # Get the object back and compute its digest ourselves: the digest is
    # "SHA-256=" and the URL-safe base64 of the content's SHA-256 hash.
    result = await store.get("data.bin")
    digest = "SHA-256=" + base64.urlsafe_b64encode(hashlib.sha256(result.data).digest()).decode()
    print(f"got data.bin: {len(result.data)} bytes, same as put: {'yes' if result.data == data else 'no'}")
    print(f"digest verified: {'yes' if digest == result.info.digest else 'no'}")

    print("objects:")
    await print_listing(store)

    await store.delete("data.bin")
    print("deleted data.bin")

    print("objects:")
    await print_listing(store)

    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
