// A new JavaScript port. It reads NATS_URL (a comma-separated list), prints what the example
// shows on stdout (logs go to stderr), and exits 0 on its own.
import { connect } from "@nats-io/transport-node";

const servers = (process.env.NATS_URL || "nats://localhost:4222").split(",");

const nc = await connect({ servers });

// Replace this with the example: one reply to one request.
const sub = nc.subscribe("hello", {
  callback: (err, msg) => {
    if (err) {
      console.error(err.message);
      return;
    }
    msg.respond("hello, world");
  },
});
const reply = await nc.request("hello", "", { timeout: 1000 });
console.log(reply.string());

sub.unsubscribe();
await nc.drain();
