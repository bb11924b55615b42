// Request-Reply
//
// The request-reply pattern allows a client to send a message and expect a
// reply of some kind. In practice, the request message will either be a
// command, which is an intention for service to carry out some work that
// results in a state change, or a query, which is a request for information.
//
// Unlike request-reply constrained protocols like HTTP, NATS is not limited to
// a strict point-to-point interaction between a client and server. The
// request-reply pattern is built on top of the core publish-subscribe model.
//
// By default, this means that any one of subscribers could be a responder and
// reply to the client. However, because NATS is not limited to point-to-point
// interactions, the client could indicate to NATS that multiple replies should
// be allowed.
//
// This example shows the basics of the request-reply pattern including the
// standard "no responders" error if there are no subscribers available to
// handle and reply to the requesting message.

package example;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder()
            .servers(servers)
            // When nobody is subscribed to a request's subject, the server answers at
            // once with a "no responders" status (503). By default jnats just cancels
            // the request's future; with this option the future fails with an
            // exception that carries the status, so the program can tell why.
            .reportNoResponders()
            .build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // In addition to vanilla publish-request, NATS supports request-reply
            // interactions as well. Under the covers, this is just an optimized pair of
            // publish-subscribe operations. The request handler is a subscription that
            // responds to a message sent to it. This kind of subscription is called a
            // service. A Dispatcher runs the handler on its own thread for each
            // message, so the service answers while the main thread makes requests.
            Dispatcher dispatcher = nc.createDispatcher(msg -> {
                // Parse out the second token in the subject (everything after
                // `greet.`) and use it as part of the response message.
                String name = msg.getSubject().substring("greet.".length());
                String reply = "hello, " + name;
                // A request carries the subject its reply goes to: publish there.
                nc.publish(msg.getReplyTo(), reply.getBytes(StandardCharsets.UTF_8));
            });
            dispatcher.subscribe("greet.*");

            // Now we can use the built-in request method to do the service request.
            // We simply pass a null body since that is not being used right now. In
            // addition, we need to specify a timeout since with a request we are
            // waiting for the reply and we likely don't want to wait forever.
            // This blocking form returns the reply, or null if none came in time.
            Duration timeout = Duration.ofMillis(500);

            Message rep = nc.request("greet.joe", null, timeout);
            System.out.println(new String(rep.getData(), StandardCharsets.UTF_8));

            rep = nc.request("greet.sue", null, timeout);
            System.out.println(new String(rep.getData(), StandardCharsets.UTF_8));

            rep = nc.request("greet.bob", null, timeout);
            System.out.println(new String(rep.getData(), StandardCharsets.UTF_8));

            // What happens if the service is unavailable? We can simulate this by
            // draining our handler from above: the dispatcher unsubscribes, finishes
            // the messages it already has, and stops. Now if we make a request, we
            // will expect an error.
            dispatcher.drain(Duration.ofSeconds(1)).get();

            // The blocking request above returns null both on a timeout and when nobody
            // listens; to learn which, use the asynchronous form and look at how its
            // future failed.
            try {
                nc.requestWithTimeout("greet.joe", null, timeout).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof JetStreamStatusException status
                        && status.getStatus().isNoResponders()) {
                    System.out.println("no responders");
                } else {
                    throw e;
                }
            }
        }
    }
}
