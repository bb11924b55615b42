// Limits-based Stream
//
// A stream stores the messages published to its subjects. Its retention
// policy decides when they go; the default, limits, keeps messages until one
// of the stream's limits is reached and then discards the oldest ones first.
// There are three limits: how many messages, how many bytes, and how old a
// message may be.
//
// This example creates a stream with all three limits, publishes past each one
// in turn and prints the stream's state after every step: how many messages it
// holds and the first and last sequence numbers still in it.

package example;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // Streams are managed through JetStreamManagement; messages are
            // published through JetStream, which waits for the stream's ack.
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();

            // At most 10 messages and 1 KiB of data, each kept for at most an hour.
            jsm.addStream(StreamConfiguration.builder()
                .name("EVENTS")
                .subjects("events.>")
                .maxMessages(10)
                .maxBytes(1024)
                .maxAge(Duration.ofHours(1))
                .build());
            printState(jsm, "created");

            // Fifteen small messages: the five oldest are discarded to stay at 10.
            for (int n = 1; n <= 15; n++) {
                js.publish("events." + n, ("event " + n).getBytes(StandardCharsets.UTF_8));
            }
            printState(jsm, "after 15 small messages");

            // Four larger messages, 200 bytes each: now the byte limit bites first,
            // and older messages go until the stream fits in 1 KiB again.
            byte[] large = new byte[200];
            Arrays.fill(large, (byte) 'x');
            for (int n = 16; n <= 19; n++) {
                js.publish("events." + n, large);
            }
            printState(jsm, "after 4 messages of 200 bytes");

            // Lower the age limit to one second. The duplicate window may not be
            // longer than the age limit, so it is lowered too. The builder starts
            // from the stream's current configuration and changes only these two.
            StreamInfo info = jsm.getStreamInfo("EVENTS");
            jsm.updateStream(StreamConfiguration.builder(info.getConfiguration())
                .maxAge(Duration.ofSeconds(1))
                .duplicateWindow(Duration.ofSeconds(1))
                .build());

            // The server removes expired messages on its own; wait until it has
            // (checking every 100 ms, for at most ten seconds).
            for (int i = 0; i < 100; i++) {
                if (jsm.getStreamInfo("EVENTS").getStreamState().getMsgCount() == 0) {
                    break;
                }
                Thread.sleep(100);
            }
            printState(jsm, "after the age limit passed");
        }
    }

    static void printState(JetStreamManagement jsm, String step) throws Exception {
        StreamState state = jsm.getStreamInfo("EVENTS").getStreamState();
        System.out.println(step + ": " + state.getMsgCount() + " messages, first seq "
            + state.getFirstSequence() + ", last seq " + state.getLastSequence());
    }
}
