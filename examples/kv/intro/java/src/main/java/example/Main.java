// Key-Value Intro
//
// The key-value store is built on a JetStream stream: a bucket is a stream,
// a key is a subject in it, and every change to a key is a message. So each
// value has a revision (its sequence in the stream), a bucket can keep some
// history per key, and a client can watch keys for changes as they happen.
//
// This example creates a bucket, puts, gets and updates a key (an update names
// the revision it expects to replace, and fails if the key has moved on since),
// deletes it, reads its history, and then watches another key change.

package example;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.support.NatsJetStreamConstants;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // A bucket that keeps the last five values of each key. Buckets are
            // managed through KeyValueManagement; a KeyValue reads and writes one.
            nc.keyValueManagement().create(KeyValueConfiguration.builder()
                .name("profiles")
                .maxHistoryPerKey(5)
                .build());
            KeyValue kv = nc.keyValue("profiles");
            System.out.println("created bucket profiles");

            long revision = kv.put("sue.color", "blue");
            System.out.println("put sue.color = blue: revision " + revision);

            KeyValueEntry entry = kv.get("sue.color");
            System.out.println("get sue.color: " + entry.getValueAsString() + ", revision " + entry.getRevision());

            // An update only succeeds if the key is still at the revision we read.
            revision = kv.update("sue.color", "green", entry.getRevision());
            System.out.println("update sue.color = green at revision " + entry.getRevision() + ": revision " + revision);

            // Revision 1 is no longer the latest, so this update is refused: the
            // server answers with the API error "wrong last sequence".
            try {
                kv.update("sue.color", "red", entry.getRevision());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw e;
                }
                System.out.println("update sue.color = red at revision " + entry.getRevision() + ": refused, wrong revision");
            }

            // A delete is a new revision too: a marker that hides the older values.
            // get returns null for a key that is not found, deleted ones included.
            kv.delete("sue.color");
            if (kv.get("sue.color") == null) {
                System.out.println("get sue.color after delete: not found");
            }

            System.out.println("history of sue.color:");
            for (KeyValueEntry e : kv.history("sue.color")) {
                System.out.println("  " + describe(e));
            }

            // A watcher first delivers the current values of the keys it matches (there
            // are none under `bob.` yet), then calls endOfData, then delivers every
            // change as it happens. Its callbacks run on another thread, so they hand
            // what they get to the main thread through a queue and a latch.
            BlockingQueue<KeyValueEntry> changes = new LinkedBlockingQueue<>();
            CountDownLatch endOfData = new CountDownLatch(1);
            KeyValueWatcher watcher = new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry e) {
                    changes.add(e);
                }

                @Override
                public void endOfData() {
                    endOfData.countDown();
                }
            };
            NatsKeyValueWatchSubscription watch = kv.watch("bob.*", watcher);
            if (!endOfData.await(2, TimeUnit.SECONDS)) {
                throw new IllegalStateException("watcher: no end of data within 2 s");
            }
            System.out.println("watching bob.*");

            kv.put("bob.color", "red");
            kv.put("bob.color", "yellow");
            kv.delete("bob.color");
            for (int i = 0; i < 3; i++) {
                KeyValueEntry change = changes.poll(2, TimeUnit.SECONDS);
                if (change == null) {
                    throw new IllegalStateException("watcher: no change within 2 s");
                }
                System.out.println("  watched " + describe(change));
            }
            watch.unsubscribe();
        }
    }

    // How a change to a key is named in this example's output.
    static String describe(KeyValueEntry entry) {
        String operation = switch (entry.getOperation()) {
            case PUT -> "put";
            case DELETE -> "delete";
            case PURGE -> "purge";
        };
        // A delete or purge marker has no value.
        String value = entry.getDataLen() > 0 ? " " + entry.getValueAsString() : "";
        return entry.getKey() + " revision " + entry.getRevision() + ": " + operation + value;
    }
}
