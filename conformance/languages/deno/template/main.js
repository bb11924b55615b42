// A new `deno` port: JavaScript run by Deno, importing the NATS client by URL as NATS by
// Example's deno ports do (nbe resolves the URL from npm when deno.land cannot be reached).
// It reads NATS_URL (a comma-separated list), prints what the example shows on stdout (logs
// go to stderr), and exits 0 on its own.
import { connect, StringCodec } from "https://deno.land/x/nats@v1.29.3/src/mod.ts";

const servers = (Deno.env.get("NATS_URL") || "nats://localhost:4222").split(",");
const nc = await connect({ servers });
const sc = StringCodec();

// Replace this with the example: one reply to one request.
nc.subscribe("hello", { callback: (_err, msg) => msg.respond(sc.encode("hello, world")) });
const reply = await nc.request("hello", sc.encode(""), { timeout: 1000 });
console.log(sc.decode(reply.data));

await nc.drain();
