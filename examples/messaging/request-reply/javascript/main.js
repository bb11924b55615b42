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
// By default, this means that any one of subscribers could be a responder and
// reply to the client. However, because NATS is not limited to point-to-point
// interactions, the client could indicate to NATS that multiple replies should
// be allowed.
//
// This example shows the basics of the request-reply pattern including the
// standard "no responders" error if there are no subscribers available to
// handle and reply to the requesting message.

// The Node.js transport of the NATS client re-exports everything from
// @nats-io/nats-core, including the `errors` the client throws.
import { connect, errors } from "@nats-io/transport-node";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// In addition to vanilla publish-request, NATS supports request-reply
// interactions as well. Under the covers, this is just an optimized pair of
// publish-subscribe operations. The request handler is a subscription that
// responds to a message sent to it. This kind of subscription is called a
// service. Passing a `callback` handles each message as it arrives; without
// one, the subscription is an async iterator to consume with `for await`.
const sub = nc.subscribe("greet.*", {
  callback: (err, msg) => {
    if (err) {
      console.error(`subscription error: ${err.message}`);
      return;
    }
    // Parse out the second token in the subject (everything after
    // `greet.`) and use it as part of the response message. `respond`
    // takes a string or bytes and publishes to the request's reply subject.
    const name = msg.subject.substring("greet.".length);
    msg.respond(`hello, ${name}`);
  },
});

// Now we can use the built-in request method to do the service request.
// We simply pass an empty body since that is not being used right now. In
// addition, we specify a timeout (in milliseconds) since with a request we
// are waiting for the reply and we likely don't want to wait forever.
let rep = await nc.request("greet.joe", "", { timeout: 500 });
// `string()` decodes the reply's payload as UTF-8 text.
console.log(rep.string());

rep = await nc.request("greet.sue", "", { timeout: 500 });
console.log(rep.string());

rep = await nc.request("greet.bob", "", { timeout: 500 });
console.log(rep.string());

// What happens if the service is unavailable? We can simulate this by
// draining our handler's subscription from above: it processes what it has
// already received, then unsubscribes. Now if we make a request, we will
// expect an error.
await sub.drain();

// A failed request rejects with a `RequestError`; its `cause` tells why.
// Here the server answered at once that nobody is subscribed, so the request
// fails without waiting for the timeout.
try {
  await nc.request("greet.joe", "", { timeout: 500 });
} catch (err) {
  if (err instanceof errors.RequestError && err.isNoResponders()) {
    console.log("no responders");
  } else {
    throw err;
  }
}

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
