// Replicated Stream
//
// In a NATS cluster, a JetStream stream can keep copies of its messages on
// several servers: its replicas. A stream with three replicas (R3) has a leader
// and two followers; a message is stored once a majority of them have it, so
// the stream survives the loss of any one server. Clients need not know which
// server leads: any server in the cluster takes JetStream requests and routes
// them to the stream's leader.
//
// This example connects to each of the three servers in NATS_URL: it creates an
// R3 stream through the first, publishes through the second and reads through
// the third. Which server leads is decided at random, so it is not printed.

package example;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

public class Main {
    // An action that may fail with the errors `retried` tries again on.
    interface Action<T> {
        T run() throws IOException, JetStreamApiException;
    }

    // Right after a cluster forms, a server may not yet know of the JetStream API
    // or of a new stream's subjects on the others (no responders, which jnats
    // reports as an IOException), JetStream may be briefly unavailable, or the
    // leader may not yet count every server as a place for a replica ("no
    // suitable peers", a JetStreamApiException): try again for a while.
    static <T> T retried(Action<T> action) throws Exception {
        for (int i = 0; i < 50; i++) {
            try {
                return action.run();
            } catch (IOException | JetStreamApiException e) {
                Thread.sleep(100);
            }
        }
        return action.run();
    }

    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        System.out.println("servers in NATS_URL: " + servers.length);
        if (servers.length < 3) {
            System.err.println("this example needs three servers in NATS_URL");
            System.exit(1);
        }

        // One connection to each server, each given that server's URL only.
        // try-with-resources closes all three at the end.
        try (Connection first = Nats.connect(new Options.Builder().server(servers[0]).build());
             Connection second = Nats.connect(new Options.Builder().server(servers[1]).build());
             Connection third = Nats.connect(new Options.Builder().server(servers[2]).build())) {

            JetStreamManagement jsm = first.jetStreamManagement();
            StreamInfo info = retried(() -> jsm.addStream(StreamConfiguration.builder()
                .name("ORDERS")
                .subjects("orders.>")
                .replicas(3)
                .build()));
            System.out.println("created stream ORDERS through server 1: "
                + info.getConfiguration().getReplicas() + " replicas");

            JetStream js = second.jetStream();
            for (int n = 1; n <= 3; n++) {
                String subject = "orders." + n;
                byte[] data = ("order " + n).getBytes(StandardCharsets.UTF_8);
                PublishAck ack = retried(() -> js.publish(subject, data));
                System.out.println("published " + subject + " through server 2: sequence " + ack.getSeqno());
            }

            // Through the third server: the stream's configuration, where it is
            // placed (the leader and its followers), and the messages it holds.
            JetStreamManagement jsm3 = third.jetStreamManagement();
            info = retried(() -> jsm3.getStreamInfo("ORDERS"));
            List<?> replicas = info.getClusterInfo().getReplicas();
            int placed = 1 + (replicas == null ? 0 : replicas.size());
            System.out.println("read through server 3: " + info.getConfiguration().getReplicas()
                + " replicas configured, placed on " + placed + " servers");
            for (long seq = 1; seq <= info.getStreamState().getMsgCount(); seq++) {
                MessageInfo msg = jsm3.getMessage("ORDERS", seq);
                System.out.println("  " + seq + " " + msg.getSubject() + ": "
                    + new String(msg.getData(), StandardCharsets.UTF_8));
            }
        }
    }
}
