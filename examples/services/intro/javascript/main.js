// Services Intro
//
// The service API turns request-reply handlers into a service that can be
// found and observed. A service has a name, a version and endpoints, each one
// a subject with a handler. Every service also answers on discovery subjects:
// `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS`, optionally followed by a service
// name, return who is running, which endpoints they serve, and how many
// requests and errors each endpoint has handled.
//
// This example runs a `calc` service with two endpoints, `calc.sum` and
// `calc.max`, which take numbers separated by spaces. It sends requests to each
// (one of them with bad input, answered with a service error), then asks for
// the service's info and stats through discovery.

import { connect } from "@nats-io/transport-node";
// The service API has its own package; `Svcm` adds services to a connection.
// Its latest release on npm is the pre-release 3.0.0-25, built against an
// older nats-core: package.json's `overrides` gives it the nats-core 3.4.0
// that the transport uses, so the port runs on one copy of the client's core.
import { ServiceError, Svcm } from "@nats-io/services";

// Get the list of servers.
const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

function parseNumbers(text) {
  const words = text.split(/\s+/).filter((word) => word !== "");
  return words.map((word) => {
    if (!/^-?\d+$/.test(word)) {
      // Thrown from a handler, a ServiceError becomes an error response (its
      // code and description in headers) and counts as an error in the
      // endpoint's stats. The handler must throw before it returns: an error
      // from an async handler would not be seen.
      throw new ServiceError(400, `not a number: ${word}`);
    }
    return parseInt(word, 10);
  });
}

// An endpoint's handler gets each request as a message to respond to.
function handleSum(_err, msg) {
  const total = parseNumbers(msg.string()).reduce((sum, n) => sum + n, 0);
  msg.respond(`${total}`);
}

function handleMax(_err, msg) {
  msg.respond(`${Math.max(...parseNumbers(msg.string()))}`);
}

async function ask(nc, subject, payload) {
  const rep = await nc.request(subject, payload, { timeout: 2000 });
  // An error response carries its code and description in headers;
  // `toServiceError` reads them, and gives null for a normal response.
  const err = ServiceError.toServiceError(rep);
  if (err) {
    console.log(`${subject} ${payload}: error ${err.code}, ${err.message}`);
  } else {
    console.log(`${subject} ${payload}: ${rep.string()}`);
  }
}

const nc = await connect({ servers });

// The service and its endpoints, in a group that prefixes their subjects.
const svcm = new Svcm(nc);
const svc = await svcm.add({
  name: "calc",
  version: "1.0.0",
  description: "Sums and maximums of numbers",
});
const group = svc.addGroup("calc");
group.addEndpoint("sum", { handler: handleSum });
group.addEndpoint("max", { handler: handleMax });

await ask(nc, "calc.sum", "3 9 4");
await ask(nc, "calc.max", "3 9 4");
await ask(nc, "calc.sum", "3 x 4");

// Discovery: any client can ask, with a plain request. Each running
// instance answers; there is one here. Its id is left out, as it is random.
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

let rep = await nc.request("$SRV.INFO.calc", "", { timeout: 2000 });
const info = rep.json();
console.log(`info: ${info.name} ${info.version}, ${info.description}`);
for (const endpoint of [...info.endpoints].sort(byName)) {
  console.log(`  endpoint ${endpoint.name} on ${endpoint.subject}`);
}

rep = await nc.request("$SRV.STATS.calc", "", { timeout: 2000 });
const stats = rep.json();
console.log(`stats: ${stats.name} ${stats.version}`);
for (const endpoint of [...stats.endpoints].sort(byName)) {
  console.log(
    `  endpoint ${endpoint.name}: requests ${endpoint.num_requests}, errors ${endpoint.num_errors}`,
  );
}

await svc.stop();
// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
