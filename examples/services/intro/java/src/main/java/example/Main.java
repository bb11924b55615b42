// Services Intro
//
// The service API turns request-reply handlers into a service that can be
// found and observed. A service has a name, a version and endpoints, each one
// a subject with a handler. Every service also answers on discovery subjects:
// `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS`, optionally followed by a service
// name, return who is running, which endpoints they serve, and how many
// requests and errors each endpoint has handled.
//
// This example runs a `calc` service with two endpoints, `calc.sum` and
// `calc.max`, which take numbers separated by spaces. It sends requests to each
// (one of them with bad input, answered with a service error), then asks for
// the service's info and stats through discovery.

package example;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import io.nats.service.Group;
import io.nats.service.Service;
import io.nats.service.ServiceEndpoint;
import io.nats.service.ServiceMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // The service and its endpoints, in a group that prefixes their subjects.
            Group group = new Group("calc");
            Service svc = Service.builder()
                .connection(nc)
                .name("calc")
                .version("1.0.0")
                .description("Sums and maximums of numbers")
                .addServiceEndpoint(endpoint(nc, group, "sum",
                    numbers -> numbers.stream().mapToLong(Long::longValue).sum()))
                .addServiceEndpoint(endpoint(nc, group, "max",
                    numbers -> numbers.stream().mapToLong(Long::longValue).max().getAsLong()))
                .build();
            // startService subscribes the endpoints and the discovery subjects; its
            // future completes only when the service stops.
            svc.startService();

            ask(nc, "calc.sum", "3 9 4");
            ask(nc, "calc.max", "3 9 4");
            ask(nc, "calc.sum", "3 x 4");

            // Discovery: any client can ask, with a plain request. Each running
            // instance answers; there is one here. Its id is left out, as it is random.
            Message rep = request(nc, "$SRV.INFO.calc", null);
            JsonValue info = JsonParser.parse(rep.getData());
            System.out.println("info: " + info.map.get("name").string + " " + info.map.get("version").string
                + ", " + info.map.get("description").string);
            for (JsonValue endpoint : byName(info.map.get("endpoints"))) {
                System.out.println("  endpoint " + endpoint.map.get("name").string
                    + " on " + endpoint.map.get("subject").string);
            }

            rep = request(nc, "$SRV.STATS.calc", null);
            JsonValue stats = JsonParser.parse(rep.getData());
            System.out.println("stats: " + stats.map.get("name").string + " " + stats.map.get("version").string);
            for (JsonValue endpoint : byName(stats.map.get("endpoints"))) {
                // jnats leaves a count of zero out of the stats it sends: read it as 0.
                System.out.println("  endpoint " + endpoint.map.get("name").string
                    + ": requests " + JsonValueUtils.readLong(endpoint, "num_requests", 0)
                    + ", errors " + JsonValueUtils.readLong(endpoint, "num_errors", 0));
            }

            svc.stop();
        }
    }

    // An endpoint of the group that parses the request's numbers, applies op to them
    // and responds with the result, or with a service error (a code and a
    // description in headers) if a word is not a number. jnats counts an error in
    // the endpoint's stats only when the handler throws, and then always answers
    // with code 500 and the exception's text; an error answered with
    // respondStandardError, as here, keeps its code but is not counted.
    static ServiceEndpoint endpoint(Connection nc, Group group, String name, Function<List<Long>, Long> op) {
        return ServiceEndpoint.builder()
            .group(group)
            .endpointName(name)
            .handler((ServiceMessage req) -> {
                List<Long> numbers = new ArrayList<>();
                for (String word : new String(req.getData(), StandardCharsets.UTF_8).trim().split("\\s+")) {
                    if (!word.matches("-?[0-9]+")) {
                        req.respondStandardError(nc, "not a number: " + word, 400);
                        return;
                    }
                    numbers.add(Long.parseLong(word));
                }
                req.respond(nc, String.valueOf(op.apply(numbers)));
            })
            .build();
    }

    static void ask(Connection nc, String subject, String payload) throws Exception {
        Message rep = request(nc, subject, payload.getBytes(StandardCharsets.UTF_8));
        Headers headers = rep.getHeaders();
        if (headers != null && headers.containsKey(ServiceMessage.NATS_SERVICE_ERROR_CODE)) {
            System.out.println(subject + " " + payload + ": error "
                + headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR_CODE) + ", "
                + headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR));
        } else {
            System.out.println(subject + " " + payload + ": " + new String(rep.getData(), StandardCharsets.UTF_8));
        }
    }

    // A request that waits two seconds for its reply, and fails without one.
    static Message request(Connection nc, String subject, byte[] body) throws Exception {
        Message rep = nc.request(subject, body, Duration.ofSeconds(2));
        if (rep == null) {
            throw new IllegalStateException("no reply on " + subject + " within 2 s");
        }
        return rep;
    }

    // The endpoints of an info or stats response, sorted by name.
    static List<JsonValue> byName(JsonValue endpoints) {
        List<JsonValue> sorted = new ArrayList<>(endpoints.array);
        sorted.sort(Comparator.comparing(endpoint -> endpoint.map.get("name").string));
        return sorted;
    }
}
