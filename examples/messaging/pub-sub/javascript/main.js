// Publish-Subscribe
//
// NATS delivers a message to every subscription whose subject matches at the
// moment the message is published. Subjects are dot-separated tokens, and a
// subscription may use wildcards: `*` matches exactly one token, `>` matches
// one or more tokens at the end of a subject.
//
// This example subscribes with both wildcards, publishes to a few subjects and
// prints what each subscription received. NATS core is fire-and-forget: a
// message published while nobody is subscribed is not stored, so the first
// message, sent before any subscription exists, is seen by no one.

// The Node.js transport of the NATS client re-exports everything from
// @nats-io/nats-core, including the helpers `syncIterator` and `deadline`.
import { connect, deadline, syncIterator } from "@nats-io/transport-node";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

const nc = await connect({ servers });

// Nobody is subscribed yet, so this message goes nowhere.
nc.publish("greet.early", "hello, early");
console.log("published greet.early before subscribing");

// Two subscriptions without a callback: each is an async iterator of its
// messages. `greet.*` matches `greet.joe` but not `greet.team.bob`; `greet.>`
// matches both.
const oneToken = nc.subscribe("greet.*");
const anyTokens = nc.subscribe("greet.>");

// The last message, `greet.end`, matches both wildcards: it tells each
// subscription that there is nothing more to read.
for (const subject of ["greet.joe", "greet.pam", "greet.team.bob"]) {
  const name = subject.split(".").pop();
  nc.publish(subject, `hello, ${name}`);
}
nc.publish("greet.end", "goodbye");
console.log("published greet.joe, greet.pam, greet.team.bob, greet.end");

// Messages from one connection arrive in the order they were published,
// so when `greet.end` arrives, every earlier match has arrived before it.
for (const sub of [oneToken, anyTokens]) {
  // `syncIterator` reads one message at a time with `next()`, and `deadline`
  // gives up (with a TimeoutError) if none comes within five seconds.
  const messages = syncIterator(sub);
  let count = 0;
  while (true) {
    const msg = await deadline(messages.next(), 5000);
    console.log(`${sub.getSubject()} received ${msg.subject}: ${msg.string()}`);
    count++;
    if (msg.subject === "greet.end") {
      break;
    }
  }
  console.log(`${sub.getSubject()} received ${count} messages`);
}

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
