// Pull Consumer
//
// A consumer is a view on a stream that remembers what it delivered and what
// was acknowledged. A pull consumer delivers only when asked: the application
// fetches a batch of messages when it is ready for them, and acknowledges each
// one when it is done. A durable consumer has a name and keeps its position on
// the server, so a worker that restarts carries on where it left off.
//
// A message that is negatively acknowledged (nak) is delivered again, and it
// comes before the messages that were never delivered. Each delivery carries a
// count, so a worker can tell a first delivery from a redelivery.

import { connect } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

const nc = await connect({ servers });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);

await jsm.streams.add({ name: "JOBS", subjects: ["jobs.>"] });
for (let n = 1; n <= 5; n++) {
  await js.publish(`jobs.${n}`, `job ${n}`);
}
console.log("published 5 jobs");

// The durable consumer `worker`, which expects an explicit ack for each
// message, and a handle on it that fetches on demand.
await jsm.consumers.add("JOBS", {
  durable_name: "worker",
  ack_policy: AckPolicy.Explicit,
});
const consumer = await js.consumers.get("JOBS", "worker");

// Fetch batches of two, waiting at most a second for each: a fetch ends when
// it has two messages or when the second has passed. In the second batch, job
// 3 is nak'd. The acks use `ackAck`, which waits for the server to confirm:
// the server handles a consumer's acks in order, so once job 4's ack is
// confirmed, job 3's nak has been handled too, and the next fetch sees job 3
// again.
for (let batch = 1; batch <= 4; batch++) {
  const iter = await consumer.fetch({ max_messages: 2, expires: 1000 });
  const msgs = [];
  for await (const msg of iter) {
    msgs.push(msg);
  }
  if (msgs.length === 0) {
    console.log(`fetch ${batch}: no messages`);
    continue;
  }
  console.log(`fetch ${batch}:`);
  for (const msg of msgs) {
    const delivery = msg.info.deliveryCount;
    if (msg.string() === "job 3" && delivery === 1) {
      msg.nak();
      console.log(`  ${msg.string()}, delivery ${delivery}: nak`);
    } else {
      await msg.ackAck();
      console.log(`  ${msg.string()}, delivery ${delivery}: ack`);
    }
  }
}

// The consumer's state on the server: everything handled.
const info = await jsm.consumers.info("JOBS", "worker");
console.log(
  `consumer worker: ${info.delivered.consumer_seq} deliveries, ` +
    `${info.num_pending} pending, ${info.num_ack_pending} awaiting ack`,
);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
