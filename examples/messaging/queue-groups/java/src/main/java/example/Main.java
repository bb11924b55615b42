// Queue Groups
//
// Subscriptions that name the same queue group share the work: each message
// published to the subject is delivered to only one member of the group, chosen
// by the server at random. Subscriptions outside the group are unaffected, and a
// plain subscription on the same subject still receives every message.
//
// Which member gets which message is up to the server, so this example prints
// counts that do not depend on that choice: how many messages the group
// received in total, how many distinct ones, and how many the plain subscriber
// received.

package example;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public class Main {
    static final int COUNT = 30;

    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // Each member records the payloads it was handed. Handlers run on their
            // dispatcher's thread, so the lists are synchronized, and each delivery
            // counts down a latch the main thread waits on.
            Map<String, List<String>> received = new LinkedHashMap<>();
            CountDownLatch groupDone = new CountDownLatch(COUNT);
            for (String name : List.of("member 1", "member 2", "member 3")) {
                List<String> tasks = Collections.synchronizedList(new ArrayList<>());
                received.put(name, tasks);
                // One dispatcher per member: three independent subscribers.
                Dispatcher member = nc.createDispatcher(msg -> {
                    tasks.add(new String(msg.getData(), StandardCharsets.UTF_8));
                    groupDone.countDown();
                });
                member.subscribe("tasks", "workers");
            }

            // The plain subscriber is not in the group, so it sees every message.
            List<String> plain = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch plainDone = new CountDownLatch(COUNT);
            Dispatcher plainSub = nc.createDispatcher(msg -> {
                plain.add(new String(msg.getData(), StandardCharsets.UTF_8));
                plainDone.countDown();
            });
            plainSub.subscribe("tasks");

            for (int n = 1; n <= COUNT; n++) {
                nc.publish("tasks", ("task " + n).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("published " + COUNT + " messages to tasks");

            // Wait until the plain subscriber has every message and the members, between
            // them, as many; or give up after five seconds and print what arrived.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            plainDone.await(5, TimeUnit.SECONDS);
            groupDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);

            List<String> delivered = new ArrayList<>();
            for (List<String> tasks : received.values()) {
                synchronized (tasks) {
                    delivered.addAll(tasks);
                }
            }
            List<String> everything;
            synchronized (plain) {
                everything = new ArrayList<>(plain);
            }
            System.out.println("plain subscriber received " + everything.size());
            System.out.println("queue group received " + delivered.size() + " in total, "
                + new HashSet<>(delivered).size() + " distinct");
            Collections.sort(delivered);
            Collections.sort(everything);
            boolean exactlyOnce = delivered.equals(everything);
            System.out.println("every message went to exactly one member: " + (exactlyOnce ? "yes" : "no"));
        }
    }
}
