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
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import {
  connect,
  delay,
  NatsError,
  StringCodec,
} from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// NATS message payloads are byte arrays: a codec turns text into bytes and back.
const sc = StringCodec();

// Right after a cluster forms, a server may not yet know of the JetStream API
// or of a new stream's subjects on the others (no responders), JetStream may
// be briefly unavailable, or the leader may not yet count every server as a
// place for a replica ("no suitable peers"): try again for a while.
async function retried(action) {
  for (let i = 0; i < 50; i++) {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof NatsError)) {
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
  Deno.exit(1);
}

// One connection to each server, each given that server's URL only.
const connections = [];
for (const url of servers.slice(0, 3)) {
  connections.push(await connect({ servers: [url] }));
}
const [first, second, third] = connections;

// `jetstreamManager()` first checks that JetStream answers, so it is retried
// along with the request that follows it.
let info = await retried(async () => {
  const jsm = await first.jetstreamManager();
  return await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"], num_replicas: 3 });
});
console.log(`created stream ORDERS through server 1: ${info.config.num_replicas} replicas`);

const js = second.jetstream();
for (let n = 1; n <= 3; n++) {
  const ack = await retried(() => js.publish(`orders.${n}`, sc.encode(`order ${n}`)));
  console.log(`published orders.${n} through server 2: sequence ${ack.seq}`);
}

// Through the third server: the stream's configuration, where it is placed
// (the leader and its followers), and the messages it holds.
const jsm = await retried(() => third.jetstreamManager());
info = await retried(() => jsm.streams.info("ORDERS"));
const placed = 1 + (info.cluster?.replicas?.length ?? 0);
console.log(
  `read through server 3: ${info.config.num_replicas} replicas configured, placed on ${placed} servers`,
);
for (let seq = 1; seq <= info.state.messages; seq++) {
  const msg = await jsm.streams.getMessage("ORDERS", { seq });
  console.log(`  ${seq} ${msg.subject}: ${sc.decode(msg.data)}`);
}

// Drain each connection: let pending messages be handled, then close it.
for (const nc of connections) {
  await nc.drain();
}
