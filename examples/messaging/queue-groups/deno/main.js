// Queue Groups
//
// Subscriptions that name the same queue group share the work: each message
// published to the subject is delivered to only one member of the group, chosen
// by the server at random. Subscriptions outside the group are unaffected, and a
// plain subscription on the same subject still receives every message.
//
// Which member gets which message is up to the server, so this example prints
// counts that do not depend on that choice: how many messages the group
// received in total, how many distinct ones, and how many the plain subscriber
// received.
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import { connect, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// NATS message payloads are byte arrays: a codec turns text into bytes and back.
const sc = StringCodec();

const COUNT = 30;

// Resolved once every message has arrived where it should (see `check`).
let allArrived;
const arrived = new Promise((resolve) => (allArrived = resolve));

// Each member records the payloads it was handed.
const received = { "member 1": [], "member 2": [], "member 3": [] };
const deliveredSoFar = () => Object.values(received).reduce((sum, tasks) => sum + tasks.length, 0);

// The plain subscriber is not in the group, so it sees every message.
const plain = [];

// Called after each message: done when the plain subscriber has every message
// and the members, between them, as many.
function check() {
  if (plain.length >= COUNT && deliveredSoFar() >= COUNT) {
    allArrived();
  }
}

for (const name of Object.keys(received)) {
  nc.subscribe("tasks", {
    queue: "workers",
    callback: (_err, msg) => {
      received[name].push(sc.decode(msg.data));
      check();
    },
  });
}

nc.subscribe("tasks", {
  callback: (_err, msg) => {
    plain.push(sc.decode(msg.data));
    check();
  },
});

for (let n = 1; n <= COUNT; n++) {
  nc.publish("tasks", sc.encode(`task ${n}`));
}
console.log(`published ${COUNT} messages to tasks`);

// Wait until every message has arrived, or give up after five seconds and
// print what arrived.
const guard = setTimeout(allArrived, 5000);
await arrived;
clearTimeout(guard);

const delivered = Object.values(received).flat();
console.log(`plain subscriber received ${plain.length}`);
console.log(
  `queue group received ${delivered.length} in total, ${new Set(delivered).size} distinct`,
);
const sameTasks = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
console.log(
  `every message went to exactly one member: ${sameTasks(delivered, plain) ? "yes" : "no"}`,
);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
