// JSON Payloads
//
// NATS message payloads are opaque bytes: the server never looks inside them.
// Applications agree on an encoding, and JSON is a common choice. The
// publisher encodes an object into bytes; the subscriber decodes the bytes
// back into an object and reads its fields.
//
// Nothing stops a publisher from sending bytes that are not valid JSON, so a
// subscriber should treat a payload that fails to decode as an error to report
// and move past, not as a reason to crash.
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import { connect, JSONCodec, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// A JSON codec turns an object into bytes and back; decoding throws when the
// bytes are not valid JSON. A string codec shows such bytes as they are.
const jc = JSONCodec();
const sc = StringCodec();

// `max: 3` ends the subscription after three messages, and so the loop below.
const sub = nc.subscribe("orders.new", { max: 3 });

// Two well-formed orders, and between them a payload that was cut short.
nc.publish("orders.new", jc.encode({ id: 1, item: "coffee", qty: 2 }));
nc.publish("orders.new", sc.encode('{"id": 2, "item": "tea"'));
nc.publish("orders.new", jc.encode({ id: 3, item: "cake", qty: 1 }));

// Should a message never come, stop waiting after two seconds: ending the
// subscription ends the loop.
const guard = setTimeout(() => sub.unsubscribe(), 2000);

// Decode each message as it arrives. A decode error is printed with the raw
// payload, and the loop goes on to the next message.
for await (const msg of sub) {
  let order;
  try {
    order = jc.decode(msg.data);
  } catch {
    console.log(`decode error: ${sc.decode(msg.data)}`);
    continue;
  }
  console.log(`order ${order.id}: ${order.qty} x ${order.item}`);
}
clearTimeout(guard);

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
