// Key-Value Intro
//
// The key-value store is built on a JetStream stream: a bucket is a stream,
// a key is a subject in it, and every change to a key is a message. So each
// value has a revision (its sequence in the stream), a bucket can keep some
// history per key, and a client can watch keys for changes as they happen.
//
// This example creates a bucket, puts, gets and updates a key (an update names
// the revision it expects to replace, and fails if the key has moved on since),
// deletes it, reads its history, and then watches another key change.

import { connect, deadline, syncIterator } from "@nats-io/transport-node";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
// The key-value store has its own package; `Kvm` creates and opens buckets.
import { Kvm } from "@nats-io/kv";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

// How a change to a key is named in this example's output.
const OPERATIONS = { PUT: "put", DEL: "delete", PURGE: "purge" };

function describe(entry) {
  const value = entry.value.length > 0 ? ` ${entry.string()}` : "";
  return `${entry.key} revision ${entry.revision}: ${OPERATIONS[entry.operation]}${value}`;
}

const nc = await connect({ servers });
const kvm = new Kvm(nc);

// A bucket that keeps the last five values of each key.
const kv = await kvm.create("profiles", { history: 5 });
console.log("created bucket profiles");

// `put` returns the new revision.
let revision = await kv.put("sue.color", "blue");
console.log(`put sue.color = blue: revision ${revision}`);

const entry = await kv.get("sue.color");
console.log(`get sue.color: ${entry.string()}, revision ${entry.revision}`);

// An update only succeeds if the key is still at the revision we read.
revision = await kv.update("sue.color", "green", entry.revision);
console.log(
  `update sue.color = green at revision ${entry.revision}: revision ${revision}`,
);

// Revision 1 is no longer the latest, so this update is refused: the server
// answers with the JetStream error "wrong last sequence".
try {
  await kv.update("sue.color", "red", entry.revision);
} catch (err) {
  if (
    err instanceof JetStreamApiError &&
    err.code === JetStreamApiCodes.StreamWrongLastSequence
  ) {
    console.log(
      `update sue.color = red at revision ${entry.revision}: refused, wrong revision`,
    );
  } else {
    throw err;
  }
}

// A delete is a new revision too: a marker that hides the older values.
// `get` returns null for a key that was never put, and the marker for one
// that was deleted; either way the key has no value.
await kv.delete("sue.color");
const deleted = await kv.get("sue.color");
if (deleted === null || deleted.operation !== "PUT") {
  console.log("get sue.color after delete: not found");
}

// `history` is an async iterator that ends after the last revision.
console.log("history of sue.color:");
for await (const e of await kv.history({ key: "sue.color" })) {
  console.log(`  ${describe(e)}`);
}

// A watcher first delivers the current values of the keys it matches (there
// are none under `bob.` yet), then every change as it happens. `watch`
// resolves once the watcher is in place, so no change made after it is missed.
const watcher = await kv.watch({ key: "bob.*" });
console.log("watching bob.*");

await kv.put("bob.color", "red");
await kv.put("bob.color", "yellow");
await kv.delete("bob.color");
// Read the three changes one at a time, waiting at most two seconds for each.
const updates = syncIterator(watcher);
for (let i = 0; i < 3; i++) {
  const e = await deadline(updates.next(), 2000);
  console.log(`  watched ${describe(e)}`);
}
watcher.stop();

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
