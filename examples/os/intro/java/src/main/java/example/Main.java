// Object Store Intro
//
// The object store keeps files (objects) of any size in a JetStream stream. An
// object is cut into chunks, each one a message, and a last message holds the
// object's metadata: its name, size, number of chunks and a SHA-256 digest of
// its content, so a reader can check that it got back exactly what was put.
//
// This example puts an object larger than one chunk and a small one, gets the
// large one back and verifies its digest, lists the store, deletes an object
// and lists it again.

package example;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.ObjectStore;
import io.nats.client.Options;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

public class Main {
    public static void main(String[] args) throws Exception {
        // Get the list of servers.
        String natsURL = System.getenv().getOrDefault("NATS_URL", "nats://localhost:4222");
        String[] servers = natsURL.split(",");

        Options options = new Options.Builder().servers(servers).build();

        // Create the connection to NATS. try-with-resources closes it at the end.
        try (Connection nc = Nats.connect(options)) {
            // Stores are managed through ObjectStoreManagement; an ObjectStore reads
            // and writes the objects of one.
            nc.objectStoreManagement().create(ObjectStoreConfiguration.builder("files").build());
            ObjectStore store = nc.objectStore("files");
            System.out.println("created object store files");

            // 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB,
            // the default chunk size.
            byte[] data = new byte[300_000];
            for (int n = 0; n < data.length; n++) {
                data[n] = (byte) (n % 251);
            }
            ObjectInfo info = store.put("data.bin", data);
            System.out.println("put data.bin: " + info.getSize() + " bytes in " + info.getChunks() + " chunks");
            System.out.println("digest: " + info.getDigest());

            store.put("notes.txt", "remember the milk".getBytes(StandardCharsets.UTF_8));
            System.out.println("put notes.txt");

            // Get the object back (get writes its content to a stream) and compute
            // its digest ourselves: the digest is "SHA-256=" and the URL-safe base64
            // of the content's SHA-256 hash.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ObjectInfo got = store.get("data.bin", out);
            byte[] result = out.toByteArray();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(result);
            String digest = "SHA-256=" + Base64.getUrlEncoder().encodeToString(hash);
            System.out.println("got data.bin: " + result.length + " bytes, same as put: "
                + (Arrays.equals(result, data) ? "yes" : "no"));
            System.out.println("digest verified: " + (digest.equals(got.getDigest()) ? "yes" : "no"));

            System.out.println("objects:");
            printListing(store);

            store.delete("data.bin");
            System.out.println("deleted data.bin");

            System.out.println("objects:");
            printListing(store);
        }
    }

    static void printListing(ObjectStore store) throws Exception {
        // getList leaves deleted objects out. Objects are listed in no set order,
        // so sort them by name.
        List<ObjectInfo> infos = new ArrayList<>(store.getList());
        infos.sort(Comparator.comparing(ObjectInfo::getObjectName));
        for (ObjectInfo info : infos) {
            System.out.println("  " + info.getObjectName() + ": " + info.getSize() + " bytes");
        }
    }
}
