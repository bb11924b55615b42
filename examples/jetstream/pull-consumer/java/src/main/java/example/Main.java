// Pull Consumer
//
// A consumer is a view on a stream that remembers what it delivered and what
// was acknowledged. A pull consumer delivers only when asked: the application
// fetches a batch of messages when it is ready for them, and acknowledges each
// one when it is done. A durable consumer has a name and keeps its position on
// the server, so a worker that restarts carries on where it left off.
//
// A message that is negatively acknowledged (nak) is delivered again, and it
// comes before the messages that were never delivered. Each delivery carries a
// count, so a worker can tell a first delivery from a redelivery.

package example;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();

            jsm.addStream(StreamConfiguration.builder()
                .name("JOBS")
                .subjects("jobs.>")
                .build());
            for (int n = 1; n <= 5; n++) {
                js.publish("jobs." + n, ("job " + n).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("published 5 jobs");

            // The durable consumer `worker`, which expects an explicit ack for each
            // message, and a subscription bound to it that fetches on demand.
            jsm.addOrUpdateConsumer("JOBS", ConsumerConfiguration.builder()
                .durable("worker")
                .ackPolicy(AckPolicy.Explicit)
                .build());
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("JOBS", "worker"));

            // Fetch four batches of two. In the second, job 3 is nak'd. The acks use
            // `ackSync`, which waits for the server to confirm: the server handles a
            // consumer's acks in order, so once job 4's ack is confirmed, job 3's nak
            // has been handled too, and the next fetch sees job 3 again.
            for (int batch = 1; batch <= 4; batch++) {
                // fetch waits up to a second for the batch to fill, and returns
                // what came, an empty list if nothing did.
                List<Message> msgs = sub.fetch(2, Duration.ofSeconds(1));
                if (msgs.isEmpty()) {
                    System.out.println("fetch " + batch + ": no messages");
                    continue;
                }
                System.out.println("fetch " + batch + ":");
                for (Message msg : msgs) {
                    String data = new String(msg.getData(), StandardCharsets.UTF_8);
                    long delivery = msg.metaData().deliveredCount();
                    if (data.equals("job 3") && delivery == 1) {
                        msg.nak();
                        System.out.println("  " + data + ", delivery " + delivery + ": nak");
                    } else {
                        msg.ackSync(Duration.ofSeconds(2));
                        System.out.println("  " + data + ", delivery " + delivery + ": ack");
                    }
                }
            }

            // The consumer's state on the server: everything handled.
            ConsumerInfo info = jsm.getConsumerInfo("JOBS", "worker");
            System.out.println("consumer worker: " + info.getDelivered().getConsumerSequence()
                + " deliveries, " + info.getNumPending() + " pending, "
                + info.getNumAckPending() + " awaiting ack");

            sub.unsubscribe();
        }
    }
}
