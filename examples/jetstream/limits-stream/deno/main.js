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
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import { connect, delay, nanos, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// NATS message payloads are byte arrays: a codec turns text into bytes and back.
const sc = StringCodec();

// The JetStream manager creates and inspects streams; the JetStream context
// publishes to them and waits for the stream's acknowledgement.
const jsm = await nc.jetstreamManager();
const js = nc.jetstream();

async function printState(step) {
  const { state } = await jsm.streams.info("EVENTS");
  console.log(
    `${step}: ${state.messages} messages, first seq ${state.first_seq}, last seq ${state.last_seq}`,
  );
}

// At most 10 messages and 1 KiB of data, each kept for at most an hour.
// Durations are given to the server in nanoseconds: `nanos` converts
// milliseconds.
await jsm.streams.add({
  name: "EVENTS",
  subjects: ["events.>"],
  max_msgs: 10,
  max_bytes: 1024,
  max_age: nanos(3600 * 1000),
});
await printState("created");

// Fifteen small messages: the five oldest are discarded to stay at 10.
for (let n = 1; n <= 15; n++) {
  await js.publish(`events.${n}`, sc.encode(`event ${n}`));
}
await printState("after 15 small messages");

// Four larger messages, 200 bytes each: now the byte limit bites first,
// and older messages go until the stream fits in 1 KiB again.
for (let n = 16; n <= 19; n++) {
  await js.publish(`events.${n}`, sc.encode("x".repeat(200)));
}
await printState("after 4 messages of 200 bytes");

// Lower the age limit to one second. The duplicate window may not be longer
// than the age limit, so it is lowered too. `update` starts from the stream's
// current configuration and changes only what is given.
await jsm.streams.update("EVENTS", { max_age: nanos(1000), duplicate_window: nanos(1000) });

// The server removes expired messages on its own; wait until it has, for at
// most ten seconds.
for (let i = 0; i < 100; i++) {
  const { state } = await jsm.streams.info("EVENTS");
  if (state.messages === 0) {
    break;
  }
  await delay(100);
}
await printState("after the age limit passed");

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
