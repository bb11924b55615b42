// Publish-Subscribe
//
// NATS delivers a message to every subscription whose subject matches at the
// moment the message is published. Subjects are dot-separated tokens, and a
// subscription may use wildcards: `*` matches exactly one token, `>` matches
// one or more tokens at the end of a subject.
//
// This example subscribes with both wildcards, publishes to a few subjects and
// prints what each subscription received. NATS core is fire-and-forget: a
// message published while nobody is subscribed is not stored, so the first
// message, sent before any subscription exists, is seen by no one.

package example;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;

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
            // Nobody is subscribed yet, so this message goes nowhere.
            nc.publish("greet.early", bytes("hello, early"));
            System.out.println("published greet.early before subscribing");

            // Two subscriptions without a handler: we read their messages with
            // `nextMessage`. `greet.*` matches `greet.joe` but not `greet.team.bob`;
            // `greet.>` matches both.
            Subscription oneToken = nc.subscribe("greet.*");
            Subscription anyTokens = nc.subscribe("greet.>");

            // The last message, `greet.end`, matches both wildcards: it tells each
            // subscription that there is nothing more to read.
            for (String subject : List.of("greet.joe", "greet.pam", "greet.team.bob")) {
                String name = subject.substring(subject.lastIndexOf('.') + 1);
                nc.publish(subject, bytes("hello, " + name));
            }
            nc.publish("greet.end", bytes("goodbye"));
            System.out.println("published greet.joe, greet.pam, greet.team.bob, greet.end");

            // Messages from one connection arrive in the order they were published,
            // so when `greet.end` arrives, every earlier match has arrived before it.
            for (Subscription sub : List.of(oneToken, anyTokens)) {
                int count = 0;
                while (true) {
                    // nextMessage returns null if nothing came within the timeout.
                    Message msg = sub.nextMessage(Duration.ofSeconds(5));
                    if (msg == null) {
                        throw new IllegalStateException(sub.getSubject() + ": no message within 5 s");
                    }
                    System.out.println(sub.getSubject() + " received " + msg.getSubject() + ": "
                        + new String(msg.getData(), StandardCharsets.UTF_8));
                    count++;
                    if (msg.getSubject().equals("greet.end")) {
                        break;
                    }
                }
                System.out.println(sub.getSubject() + " received " + count + " messages");
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
