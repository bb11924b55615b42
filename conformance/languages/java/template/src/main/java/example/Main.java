// A new Java port. It reads NATS_URL (a comma-separated list), prints what the example
// shows on stdout (logs go to stderr), and exits 0 on its own.
package example;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

public class Main {
    public static void main(String[] args) throws Exception {
        String[] servers = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222").split(",");
        Options options = new Options.Builder().servers(servers).build();

        try (Connection nc = Nats.connect(options)) {
            // Replace this with the example: one reply to one request.
            Dispatcher dispatcher = nc.createDispatcher(msg ->
                nc.publish(msg.getReplyTo(), "hello, world".getBytes(StandardCharsets.UTF_8)));
            dispatcher.subscribe("hello");

            Message reply = nc.request("hello", null, Duration.ofSeconds(1));
            System.out.println(new String(reply.getData(), StandardCharsets.UTF_8));

            nc.closeDispatcher(dispatcher);
        }
    }
}
