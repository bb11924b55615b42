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

// Nobody is subscribed yet, so this message goes nowhere.
nc.publish("greet.early", sc.encode("hello, early"));
console.log("published greet.early before subscribing");

// Two subscriptions without a callback: each is an async iterator of its
// messages, which queue up until we read them. `greet.*` matches `greet.joe`
// but not `greet.team.bob`; `greet.>` matches both.
const oneToken = nc.subscribe("greet.*");
const anyTokens = nc.subscribe("greet.>");

// The last message, `greet.end`, matches both wildcards: it tells each
// subscription that there is nothing more to read.
for (const subject of ["greet.joe", "greet.pam", "greet.team.bob"]) {
  const name = subject.split(".").pop();
  nc.publish(subject, sc.encode(`hello, ${name}`));
}
nc.publish("greet.end", sc.encode("goodbye"));
console.log("published greet.joe, greet.pam, greet.team.bob, greet.end");

// Messages from one connection arrive in the order they were published, so
// when `greet.end` arrives, every earlier match has arrived before it.
for (const sub of [oneToken, anyTokens]) {
  // Should `greet.end` never come, stop waiting after five seconds: ending
  // the subscription ends the loop, and the count below shows what is missing.
  const guard = setTimeout(() => sub.unsubscribe(), 5000);
  let count = 0;
  for await (const msg of sub) {
    console.log(`${sub.getSubject()} received ${msg.subject}: ${sc.decode(msg.data)}`);
    count++;
    // Leaving the loop unsubscribes.
    if (msg.subject === "greet.end") {
      break;
    }
  }
  clearTimeout(guard);
  console.log(`${sub.getSubject()} received ${count} messages`);
}

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
