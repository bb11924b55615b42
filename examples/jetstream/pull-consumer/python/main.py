# Pull Consumer
#
# A consumer is a view on a stream that remembers what it delivered and what
# was acknowledged. A pull consumer delivers only when asked: the application
# fetches a batch of messages when it is ready for them, and acknowledges each
# one when it is done. A durable consumer has a name and keeps its position on
# the server, so a worker that restarts carries on where it left off.
#
# A message that is negatively acknowledged (nak) is delivered again, and it
# comes before the messages that were never delivered. Each delivery carries a
# count, so a worker can tell a first delivery from a redelivery.

import os
import asyncio

import nats

# Get the list of servers.
servers = os.environ.get("NATS_URL", "nats://localhost:4222").split(",")


async def main():
    nc = await nats.connect(servers=servers)
    js = nc.jetstream()

    await js.add_stream(name="JOBS", subjects=["jobs.>"])
    for n in range(1, 6):
        await js.publish(f"jobs.{n}", f"job {n}".encode())
    print("published 5 jobs")

    # The durable consumer `worker`, which expects an explicit ack for each
    # message, and a subscription bound to it that fetches on demand.
    await js.add_consumer("JOBS", durable_name="worker", ack_policy="explicit")
    sub = await js.pull_subscribe_bind(durable="worker", stream="JOBS")

    # Fetch four batches of two (the last finds none). In the second, job 3 is
    # nak'd. The acks use `ack_sync`, which waits (up to 5 s) for the server to
    # confirm: the server handles a consumer's acks in order, so once job 4's
    # ack is confirmed, job 3's nak has been handled too, and the next fetch
    # sees job 3 again.
    for batch in range(1, 5):
        # An empty fetch ends in nats.errors.TimeoutError, or in asyncio's own
        # when the server's first "no messages" reply used up the timeout (a
        # busy machine): catch both.
        try:
            msgs = await sub.fetch(2, timeout=1)
        except asyncio.TimeoutError:
            print(f"fetch {batch}: no messages")
            continue
        print(f"fetch {batch}:")
        for msg in msgs:
            delivery = msg.metadata.num_delivered
            if msg.data == b"job 3" and delivery == 1:
                await msg.nak()
                print(f"  {msg.data.decode()}, delivery {delivery}: nak")
            else:
                await msg.ack_sync(timeout=5)
                print(f"  {msg.data.decode()}, delivery {delivery}: ack")

    # The consumer's state on the server: everything handled.
    info = await js.consumer_info("JOBS", "worker")
    print(f"consumer worker: {info.delivered.consumer_seq} deliveries, "
          f"{info.num_pending} pending, {info.num_ack_pending} awaiting ack")

    # nats-py 2.16.0 leaves the status message that ended the empty fetch
    # unread in the subscription, and draining would wait for it until its
    # 30 s drain timeout: unsubscribe first.
    await sub.unsubscribe()
    await nc.drain()


if __name__ == '__main__':
    asyncio.run(main())
