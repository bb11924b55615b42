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

import { connect, deadline, syncIterator } from "@nats-io/transport-node";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

const nc = await connect({ servers });

const sub = nc.subscribe("orders.new");

// Two well-formed orders, and between them a payload that was cut short.
// `publish` takes a string or bytes; a string is sent as UTF-8.
nc.publish("orders.new", JSON.stringify({ id: 1, item: "coffee", qty: 2 }));
nc.publish("orders.new", '{"id": 2, "item": "tea"');
nc.publish("orders.new", JSON.stringify({ id: 3, item: "cake", qty: 1 }));

// Decode each message as it arrives, waiting at most two seconds for each.
// `msg.json()` parses the payload and throws a SyntaxError when it is not
// valid JSON: the error is printed with the raw payload, and the loop goes
// on to the next message.
const messages = syncIterator(sub);
for (let i = 0; i < 3; i++) {
  const msg = await deadline(messages.next(), 2000);
  let order;
  try {
    order = msg.json();
  } catch (err) {
    if (!(err instanceof SyntaxError)) {
      throw err;
    }
    console.log(`decode error: ${msg.string()}`);
    continue;
  }
  console.log(`order ${order.id}: ${order.qty} x ${order.item}`);
}

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
