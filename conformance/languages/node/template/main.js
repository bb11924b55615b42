// A new `node` port: JavaScript on Node.js with the classic `nats` client from npm, pinned by
// package-lock.json. In a NATS by Example tree the port has only main.js: the tree's
// docker/node/package.json and lock are used. It reads NATS_URL (a comma-separated list),
// prints what the example shows on stdout (logs go to stderr), and exits 0 on its own.
const { connect, StringCodec } = require("nats");

async function main() {
  const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");
  const nc = await connect({ servers });
  const sc = StringCodec();

  // Replace this with the example: one reply to one request.
  nc.subscribe("hello", { callback: (_err, msg) => msg.respond(sc.encode("hello, world")) });
  const reply = await nc.request("hello", sc.encode(""), { timeout: 1000 });
  console.log(sc.decode(reply.data));

  await nc.drain();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
