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
//
// This port is written as NATS by Example's deno ports are: the client is
// imported by URL. (nbe resolves that URL to the same client on npm when
// deno.land cannot be reached; see its README.)
import {
  connect,
  JSONCodec,
  ServiceError,
  ServiceErrorCodeHeader,
  ServiceErrorHeader,
  StringCodec,
} from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

// Get the list of servers.
const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");

// Create the connection to NATS which takes a list of servers.
const nc = await connect({ servers });

// NATS message payloads are byte arrays: codecs turn text and JSON into bytes
// and back.
const sc = StringCodec();
const jc = JSONCodec();

function parseNumbers(data) {
  const words = sc.decode(data).split(/\s+/).filter((word) => word !== "");
  return words.map((word) => {
    if (!/^-?\d+$/.test(word)) {
      // Thrown from a handler, a ServiceError becomes an error response (its
      // code and description in headers) and counts as an error in the
      // endpoint's stats.
      throw new ServiceError(400, `not a number: ${word}`);
    }
    return parseInt(word, 10);
  });
}

// A handler gets the request and responds to it. (Its first argument, an
// error, is always null: the service stops when an endpoint's subscription
// fails.)
function handleSum(_err, msg) {
  const numbers = parseNumbers(msg.data);
  msg.respond(sc.encode(`${numbers.reduce((sum, n) => sum + n, 0)}`));
}

function handleMax(_err, msg) {
  msg.respond(sc.encode(`${Math.max(...parseNumbers(msg.data))}`));
}

async function ask(subject, payload) {
  const rep = await nc.request(subject, sc.encode(payload), { timeout: 2000 });
  const code = rep.headers?.get(ServiceErrorCodeHeader);
  if (code) {
    console.log(`${subject} ${payload}: error ${code}, ${rep.headers.get(ServiceErrorHeader)}`);
  } else {
    console.log(`${subject} ${payload}: ${sc.decode(rep.data)}`);
  }
}

// The service and its endpoints, in a group that prefixes their subjects.
const svc = await nc.services.add({
  name: "calc",
  version: "1.0.0",
  description: "Sums and maximums of numbers",
});
const group = svc.addGroup("calc");
group.addEndpoint("sum", { handler: handleSum });
group.addEndpoint("max", { handler: handleMax });

await ask("calc.sum", "3 9 4");
await ask("calc.max", "3 9 4");
await ask("calc.sum", "3 x 4");

// Discovery: any client can ask, with a plain request. Each running instance
// answers; there is one here. Its id is left out, as it is random.
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

let rep = await nc.request("$SRV.INFO.calc", sc.encode(""), { timeout: 2000 });
const info = jc.decode(rep.data);
console.log(`info: ${info.name} ${info.version}, ${info.description}`);
for (const endpoint of info.endpoints.sort(byName)) {
  console.log(`  endpoint ${endpoint.name} on ${endpoint.subject}`);
}

rep = await nc.request("$SRV.STATS.calc", sc.encode(""), { timeout: 2000 });
const stats = jc.decode(rep.data);
console.log(`stats: ${stats.name} ${stats.version}`);
for (const endpoint of stats.endpoints.sort(byName)) {
  console.log(
    `  endpoint ${endpoint.name}: requests ${endpoint.num_requests}, errors ${endpoint.num_errors}`,
  );
}

await svc.stop();

// Drain the connection: let pending messages be handled, then close it.
await nc.drain();
