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

import {
  connect,
  deadline,
  deferred,
  errors,
} from "@nats-io/transport-node";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

const COUNT = 30;

const nc = await connect({ servers });

// Each member records the payloads it was handed; the plain subscriber, which
// is not in the group, records every message.
const received = { "member 1": [], "member 2": [], "member 3": [] };
const plain = [];
const deliveredSoFar = () =>
  Object.values(received).reduce((sum, tasks) => sum + tasks.length, 0);

// Resolved by the handlers once the plain subscriber has every message and
// the members, between them, as many.
const allArrived = deferred();
const checkDone = () => {
  if (plain.length >= COUNT && deliveredSoFar() >= COUNT) {
    allArrived.resolve();
  }
};

// The `queue` option puts a subscription in a queue group.
for (const name of Object.keys(received)) {
  nc.subscribe("tasks", {
    queue: "workers",
    callback: (err, msg) => {
      if (err) {
        console.error(`subscription error: ${err.message}`);
        return;
      }
      received[name].push(msg.string());
      checkDone();
    },
  });
}

// The plain subscriber is not in the group, so it sees every message.
nc.subscribe("tasks", {
  callback: (err, msg) => {
    if (err) {
      console.error(`subscription error: ${err.message}`);
      return;
    }
    plain.push(msg.string());
    checkDone();
  },
});

for (let n = 1; n <= COUNT; n++) {
  nc.publish("tasks", `task ${n}`);
}
console.log(`published ${COUNT} messages to tasks`);

// Wait until everything has arrived, or give up after five seconds and print
// what arrived.
try {
  await deadline(allArrived, 5000);
} catch (err) {
  if (!(err instanceof errors.TimeoutError)) {
    throw err;
  }
}

const delivered = Object.values(received).flat();
console.log(`plain subscriber received ${plain.length}`);
console.log(
  `queue group received ${delivered.length} in total, ${new Set(delivered).size} distinct`,
);
// The same payloads, each as often: compare the two lists sorted.
const exactlyOnce =
  JSON.stringify([...delivered].sort()) === JSON.stringify([...plain].sort());
console.log(
  `every message went to exactly one member: ${exactlyOnce ? "yes" : "no"}`,
);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
