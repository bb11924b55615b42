// Replicated Stream
//
// In a NATS cluster, a JetStream stream can keep copies of its messages on
// several servers: its replicas. A stream with three replicas (R3) has a leader
// and two followers; a message is stored once a majority of them have it, so
// the stream survives the loss of any one server. Clients need not know which
// server leads: any server in the cluster takes JetStream requests and routes
// them to the stream's leader.
//
// This example connects to each of the three servers in NATS_URL: it creates an
// R3 stream through the first, publishes through the second and reads through
// the third. Which server leads is decided at random, so it is not printed.

import { connect, delay, errors } from "@nats-io/transport-node";
import {
  JetStreamApiError,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

// Right after a cluster forms, a server may not yet know of the JetStream API
// or of a new stream's subjects on the others (no responders: the client says
// JetStream is not enabled, with the request's error as the cause), JetStream
// may be briefly unavailable, or the leader may not yet count every server as
// a place for a replica ("no suitable peers"), both a JetStreamApiError: try
// again for a while.
function isTransient(err) {
  const noResponders =
    err?.cause instanceof errors.RequestError && err.cause.isNoResponders();
  return noResponders || err instanceof JetStreamApiError;
}

async function retried(action) {
  for (let i = 0; i < 50; i++) {
    try {
      return await action();
    } catch (err) {
      if (!isTransient(err)) {
        throw err;
      }
      await delay(100);
    }
  }
  return await action();
}

console.log(`servers in NATS_URL: ${servers.length}`);
if (servers.length < 3) {
  console.error("this example needs three servers in NATS_URL");
  process.exit(1);
}

// One connection to each server, each given that server's URL only.
const [first, second, third] = await Promise.all(
  servers.slice(0, 3).map((url) => connect({ servers: [url] })),
);

// Creating a JetStream manager asks the server for the account's JetStream
// information, so it goes inside the retry too.
let info = await retried(async () => {
  const jsm = await jetstreamManager(first);
  return jsm.streams.add({
    name: "ORDERS",
    subjects: ["orders.>"],
    num_replicas: 3,
  });
});
console.log(
  `created stream ORDERS through server 1: ${info.config.num_replicas} replicas`,
);

const js = jetstream(second);
for (let n = 1; n <= 3; n++) {
  const ack = await retried(() => js.publish(`orders.${n}`, `order ${n}`));
  console.log(`published orders.${n} through server 2: sequence ${ack.seq}`);
}

// Through the third server: the stream's configuration, where it is
// placed (the leader and its followers), and the messages it holds.
const jsm = await retried(() => jetstreamManager(third));
info = await retried(() => jsm.streams.info("ORDERS"));
const placed = 1 + (info.cluster?.replicas ?? []).length;
console.log(
  `read through server 3: ${info.config.num_replicas} replicas configured, placed on ${placed} servers`,
);
for (let seq = 1; seq <= info.state.messages; seq++) {
  const msg = await jsm.streams.getMessage("ORDERS", { seq });
  console.log(`  ${seq} ${msg.subject}: ${msg.string()}`);
}

for (const nc of [first, second, third]) {
  await nc.drain();
}
