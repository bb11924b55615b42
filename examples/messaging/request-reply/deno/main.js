// Request-Reply
//
// The request-reply pattern allows a client to send a message and expect a
// reply of some kind. In practice, the request message will either be a
// command, which is an intention for service to carry out some work that
// results in a state change, or a query, which is a request for information.
//
// Unlike request-reply constrained protocols like HTTP, NATS is not limited to
// a strict point-to-point interaction between a client and server. The
// request-reply pattern is built on top of the core publish-subscribe model.
//
// This example shows the basics of the request-reply pattern including the
// standard "no responders" error if there are no subscribers available to
// handle and reply to the requesting message.
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import { connect, ErrorCode, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// NATS message payloads are byte arrays: a codec turns text into bytes and back.
const sc = StringCodec();

// The request handler is a subscription that responds to each message sent to
// it: a service. Passing a `callback` handles each message as it arrives.
const sub = nc.subscribe("greet.*", {
  callback: (err, msg) => {
    if (err) {
      console.error(`subscription error: ${err.message}`);
      return;
    }
    // Parse out the second token in the subject (everything after `greet.`)
    // and use it as part of the response message.
    const name = msg.subject.substring("greet.".length);
    msg.respond(sc.encode(`hello, ${name}`));
  },
});

// Now we can use the built-in request method to do the service request, with
// an empty body and a timeout in milliseconds.
for (const name of ["joe", "sue", "bob"]) {
  const rep = await nc.request(`greet.${name}`, sc.encode(""), { timeout: 500 });
  console.log(sc.decode(rep.data));
}

// What happens if the service is unavailable? Drain the handler's subscription:
// it processes what it has already received, then unsubscribes. Now a request
// is expected to fail.
await sub.drain();

// The server answers at once that nobody is subscribed, so the request fails
// without waiting for the timeout.
try {
  await nc.request("greet.joe", sc.encode(""), { timeout: 500 });
} catch (err) {
  if (err.code === ErrorCode.NoResponders) {
    console.log("no responders");
  } else {
    throw err;
  }
}

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
