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
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import { AckPolicy, connect, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// NATS message payloads are byte arrays: a codec turns text into bytes and back.
const sc = StringCodec();

// The JetStream manager creates streams and consumers; the JetStream context
// publishes to streams and reads through consumers.
const jsm = await nc.jetstreamManager();
const js = nc.jetstream();

await jsm.streams.add({ name: "JOBS", subjects: ["jobs.>"] });
for (let n = 1; n <= 5; n++) {
  await js.publish(`jobs.${n}`, sc.encode(`job ${n}`));
}
console.log("published 5 jobs");

// The durable consumer `worker`, which expects an explicit ack for each
// message, and a handle on it that fetches on demand.
await jsm.consumers.add("JOBS", { durable_name: "worker", ack_policy: AckPolicy.Explicit });
const consumer = await js.consumers.get("JOBS", "worker");

// Fetch four batches of two. In the second, job 3 is nak'd. The acks use
// `ackAck`, which waits for the server to confirm: the server handles a
// consumer's acks in order, so once job 4's ack is confirmed, job 3's nak has
// been handled too, and the next fetch sees job 3 again.
for (let batch = 1; batch <= 4; batch++) {
  // A fetch ends when it has two messages, or after one second with what it
  // has: the last one finds none.
  const msgs = [];
  for await (const msg of await consumer.fetch({ max_messages: 2, expires: 1000 })) {
    msgs.push(msg);
  }
  if (msgs.length === 0) {
    console.log(`fetch ${batch}: no messages`);
    continue;
  }
  console.log(`fetch ${batch}:`);
  for (const msg of msgs) {
    const data = sc.decode(msg.data);
    const delivery = msg.info.deliveryCount;
    if (data === "job 3" && delivery === 1) {
      msg.nak();
      console.log(`  ${data}, delivery ${delivery}: nak`);
    } else {
      await msg.ackAck();
      console.log(`  ${data}, delivery ${delivery}: ack`);
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
