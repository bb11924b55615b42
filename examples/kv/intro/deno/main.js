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

// How a change to a key is named in this example's output.
const OPERATIONS = { PUT: "put", DEL: "delete", PURGE: "purge" };

function describe(entry) {
  const value = entry.value.length > 0 ? ` ${sc.decode(entry.value)}` : "";
  return `${entry.key} revision ${entry.revision}: ${OPERATIONS[entry.operation]}${value}`;
}

// A bucket that keeps the last five values of each key. The views of the
// JetStream context create the bucket, or bind to it if it exists.
const js = nc.jetstream();
const kv = await js.views.kv("profiles", { history: 5 });
console.log("created bucket profiles");

let revision = await kv.put("sue.color", sc.encode("blue"));
console.log(`put sue.color = blue: revision ${revision}`);

const entry = await kv.get("sue.color");
console.log(`get sue.color: ${sc.decode(entry.value)}, revision ${entry.revision}`);

// An update only succeeds if the key is still at the revision we read.
revision = await kv.update("sue.color", sc.encode("green"), entry.revision);
console.log(`update sue.color = green at revision ${entry.revision}: revision ${revision}`);

// Revision 1 is no longer the latest, so this update is refused: JetStream
// answers with the error code 10071, wrong last sequence.
try {
  await kv.update("sue.color", sc.encode("red"), entry.revision);
} catch (err) {
  if (err.api_error?.err_code !== 10071) {
    throw err;
  }
  console.log(`update sue.color = red at revision ${entry.revision}: refused, wrong revision`);
}

// A delete is a new revision too: a marker that hides the older values. This
// client's `get` returns that marker (operation DEL), or null for a key that
// never existed; either way there is no value.
await kv.delete("sue.color");
const deleted = await kv.get("sue.color");
if (deleted === null || deleted.operation !== "PUT") {
  console.log("get sue.color after delete: not found");
}

// The history is an iterator that ends after the key's last revision.
console.log("history of sue.color:");
for await (const e of await kv.history({ key: "sue.color" })) {
  console.log(`  ${describe(e)}`);
}

// A watcher first delivers the current values of the keys it matches (there
// are none under `bob.` yet), and `initializedFn` is called once they have
// been delivered; then comes every change as it happens.
let initialized;
const watching = new Promise((resolve) => (initialized = resolve));
const watcher = await kv.watch({ key: "bob.*", initializedFn: () => initialized() });
await watching;
console.log("watching bob.*");

await kv.put("bob.color", sc.encode("red"));
await kv.put("bob.color", sc.encode("yellow"));
await kv.delete("bob.color");

// Should a change never come, stop waiting after two seconds: stopping the
// watcher ends the loop.
const guard = setTimeout(() => watcher.stop(), 2000);
let seen = 0;
for await (const e of watcher) {
  console.log(`  watched ${describe(e)}`);
  if (++seen === 3) {
    break;
  }
}
clearTimeout(guard);
watcher.stop();

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
