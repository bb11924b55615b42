// Limits-based Stream
//
// A stream stores the messages published to its subjects. Its retention
// policy decides when they go; the default, limits, keeps messages until one
// of the stream's limits is reached and then discards the oldest ones first.
// There are three limits: how many messages, how many bytes, and how old a
// message may be.
//
// This example creates a stream with all three limits, publishes past each one
// in turn and prints the stream's state after every step: how many messages it
// holds and the first and last sequence numbers still in it.

import { connect, delay, nanos } from "@nats-io/transport-node";
// JetStream lives in its own package: `jetstreamManager` administers streams
// and consumers, `jetstream` publishes and consumes.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

async function printState(jsm, step) {
  const { state } = await jsm.streams.info("EVENTS");
  console.log(
    `${step}: ${state.messages} messages, first seq ${state.first_seq}, last seq ${state.last_seq}`,
  );
}

const nc = await connect({ servers });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);

// At most 10 messages and 1 KiB of data, each kept for at most an hour.
// Durations in a stream's configuration are nanoseconds: `nanos` converts
// milliseconds.
await jsm.streams.add({
  name: "EVENTS",
  subjects: ["events.>"],
  max_msgs: 10,
  max_bytes: 1024,
  max_age: nanos(60 * 60 * 1000),
});
await printState(jsm, "created");

// Fifteen small messages: the five oldest are discarded to stay at 10. A
// JetStream publish waits for the stream's acknowledgement.
for (let n = 1; n <= 15; n++) {
  await js.publish(`events.${n}`, `event ${n}`);
}
await printState(jsm, "after 15 small messages");

// Four larger messages, 200 bytes each: now the byte limit bites first,
// and older messages go until the stream fits in 1 KiB again.
for (let n = 16; n <= 19; n++) {
  await js.publish(`events.${n}`, "x".repeat(200));
}
await printState(jsm, "after 4 messages of 200 bytes");

// Lower the age limit to one second. The duplicate window may not be
// longer than the age limit, so it is lowered too.
const info = await jsm.streams.info("EVENTS");
await jsm.streams.update("EVENTS", {
  ...info.config,
  max_age: nanos(1000),
  duplicate_window: nanos(1000),
});

// The server removes expired messages on its own; wait until it has, checking
// every 100 ms for at most ten seconds.
for (let i = 0; i < 100; i++) {
  const { state } = await jsm.streams.info("EVENTS");
  if (state.messages === 0) {
    break;
  }
  await delay(100);
}
await printState(jsm, "after the age limit passed");

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
