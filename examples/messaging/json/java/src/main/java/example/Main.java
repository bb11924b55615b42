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
// jnats has a small JSON encoder and parser of its own (the ones it uses for
// the JetStream API), so this example needs no other library.

package example;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            Subscription sub = nc.subscribe("orders.new");

            // Two well-formed orders, and between them a payload that was cut short.
            nc.publish("orders.new", order(1, "coffee", 2));
            nc.publish("orders.new", "{\"id\": 2, \"item\": \"tea\"".getBytes(StandardCharsets.UTF_8));
            nc.publish("orders.new", order(3, "cake", 1));

            // Decode each message as it arrives. A decode error is printed with the
            // raw payload, and the loop goes on to the next message.
            for (int i = 0; i < 3; i++) {
                Message msg = sub.nextMessage(Duration.ofSeconds(2));
                if (msg == null) {
                    throw new IllegalStateException("no message within 2 s");
                }
                JsonValue order;
                try {
                    order = JsonParser.parse(msg.getData());
                } catch (JsonParseException e) {
                    System.out.println("decode error: " + new String(msg.getData(), StandardCharsets.UTF_8));
                    continue;
                }
                // A parsed object is a map of JSON values; each holds its content in
                // the field of its type (`i` for an int, `string` for a string).
                System.out.println("order " + order.map.get("id").i + ": "
                    + order.map.get("qty").i + " x " + order.map.get("item").string);
            }
        }
    }

    // Encode an order as a JSON object: {"id":1,"item":"coffee","qty":2}.
    private static byte[] order(int id, String item, int qty) {
        String json = JsonValueUtils.mapBuilder()
            .put("id", id)
            .put("item", item)
            .put("qty", qty)
            .toJson();
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
