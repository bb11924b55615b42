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

async function printListing(store) {
  // Objects are listed in no set order, so sort them by name. Deleted objects
  // are left out of the list.
  const infos = await store.list();
  infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const info of infos) {
    console.log(`  ${info.name}: ${info.size} bytes`);
  }
}

// Read a stream of byte chunks into one array.
async function readAll(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The views of the JetStream context create the store, or bind to it if it
// exists.
const js = nc.jetstream();
const store = await js.views.os("files");
console.log("created object store files");

// 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB, the
// default chunk size. `putBlob` puts bytes held in memory; `put` takes a
// ReadableStream instead.
const data = Uint8Array.from({ length: 300_000 }, (_, n) => n % 251);
const info = await store.putBlob({ name: "data.bin" }, data);
console.log(`put data.bin: ${info.size} bytes in ${info.chunks} chunks`);
console.log(`digest: ${info.digest}`);

await store.putBlob({ name: "notes.txt" }, sc.encode("remember the milk"));
console.log("put notes.txt");

// Get the object back and compute its digest ourselves: the digest is
// "SHA-256=" and the URL-safe base64 of the content's SHA-256 hash. The
// result's `error` settles once the content has been read: it holds an error
// if the client found the content incomplete or corrupt.
const result = await store.get("data.bin");
const content = await readAll(result.data);
const readError = await result.error;
if (readError) {
  throw readError;
}
const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", content));
const digest = "SHA-256=" +
  btoa(String.fromCharCode(...hash)).replaceAll("+", "-").replaceAll("/", "_");
const same = content.length === data.length && content.every((byte, n) => byte === data[n]);
console.log(`got data.bin: ${content.length} bytes, same as put: ${same ? "yes" : "no"}`);
console.log(`digest verified: ${digest === result.info.digest ? "yes" : "no"}`);

console.log("objects:");
await printListing(store);

await store.delete("data.bin");
console.log("deleted data.bin");

console.log("objects:");
await printListing(store);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
