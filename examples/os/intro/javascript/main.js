// Object Store Intro
//
// The object store keeps files (objects) of any size in a JetStream stream. An
// object is cut into chunks, each one a message, and a last message holds the
// object's metadata: its name, size, number of chunks and a SHA-256 digest of
// its content, so a reader can check that it got back exactly what was put.
//
// This example puts an object larger than one chunk and a small one, gets the
// large one back and verifies its digest, lists the store, deletes an object
// and lists it again.

import { createHash } from "node:crypto";
import { connect } from "@nats-io/transport-node";
// The object store has its own package; `Objm` creates and opens stores.
import { Objm } from "@nats-io/obj";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

async function printListing(store) {
  // `list` leaves deleted objects out. Objects are listed in no set order,
  // so sort them by name.
  const infos = await store.list();
  infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const info of infos) {
    console.log(`  ${info.name}: ${info.size} bytes`);
  }
}

const nc = await connect({ servers });
const objm = new Objm(nc);

const store = await objm.create("files");
console.log("created object store files");

// 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB,
// the default chunk size. `putBlob` stores bytes held in memory; `put`
// takes a ReadableStream.
const data = Uint8Array.from({ length: 300_000 }, (_, n) => n % 251);
let info = await store.putBlob({ name: "data.bin" }, data);
console.log(`put data.bin: ${info.size} bytes in ${info.chunks} chunks`);
console.log(`digest: ${info.digest}`);

await store.putBlob(
  { name: "notes.txt" },
  new TextEncoder().encode("remember the milk"),
);
console.log("put notes.txt");

// `get` returns the object's info at once and its content as a ReadableStream
// of chunks; `error` resolves once the content has been read (to null when
// all went well).
const result = await store.get("data.bin");
const chunks = [];
for await (const chunk of result.data) {
  chunks.push(chunk);
}
const err = await result.error;
if (err) {
  throw err;
}
const got = Buffer.concat(chunks);

// Compute the digest ourselves: it is "SHA-256=" and the URL-safe base64 of
// the content's SHA-256 hash, with its padding.
const hash = createHash("sha256").update(got).digest("base64");
const digest = "SHA-256=" + hash.replaceAll("+", "-").replaceAll("/", "_");
console.log(
  `got data.bin: ${got.length} bytes, same as put: ${got.equals(data) ? "yes" : "no"}`,
);
console.log(`digest verified: ${digest === result.info.digest ? "yes" : "no"}`);

console.log("objects:");
await printListing(store);

await store.delete("data.bin");
console.log("deleted data.bin");

console.log("objects:");
await printListing(store);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
