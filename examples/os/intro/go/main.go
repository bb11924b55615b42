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
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func main() {
	// Get the list of servers. nats.Connect takes a comma-separated list of
	// URLs itself, so NATS_URL can name one server or several.
	servers := os.Getenv("NATS_URL")
	if servers == "" {
		servers = nats.DefaultURL
	}

	// Draining (at the end) is asynchronous: a closed handler tells us when
	// the connection is done, so the program does not exit half-way through.
	closed := make(chan struct{})
	nc, err := nats.Connect(servers, nats.ClosedHandler(func(*nats.Conn) {
		close(closed)
	}))
	if err != nil {
		log.Fatal(err)
	}

	// The JetStream API of the client: every call takes a context, which
	// bounds how long it may wait for the server.
	js, err := jetstream.New(nc)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	store, err := js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: "files"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created object store files")

	// 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB,
	// the default chunk size.
	data := make([]byte, 300_000)
	for n := range data {
		data[n] = byte(n % 251)
	}
	info, err := store.PutBytes(ctx, "data.bin", data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("put data.bin: %d bytes in %d chunks\n", info.Size, info.Chunks)
	fmt.Printf("digest: %s\n", info.Digest)

	if _, err := store.PutString(ctx, "notes.txt", "remember the milk"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("put notes.txt")

	// Get the object back and compute its digest ourselves: the digest is
	// "SHA-256=" and the URL-safe base64 of the content's SHA-256 hash. (The
	// client checks it too: reading a corrupted object ends in an error.)
	result, err := store.Get(ctx, "data.bin")
	if err != nil {
		log.Fatal(err)
	}
	got, err := io.ReadAll(result)
	if err != nil {
		log.Fatal(err)
	}
	if err := result.Close(); err != nil {
		log.Fatal(err)
	}
	gotInfo, err := result.Info()
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(got)
	digest := "SHA-256=" + base64.URLEncoding.EncodeToString(sum[:])
	fmt.Printf("got data.bin: %d bytes, same as put: %s\n", len(got), yesNo(bytes.Equal(got, data)))
	fmt.Printf("digest verified: %s\n", yesNo(digest == gotInfo.Digest))

	fmt.Println("objects:")
	printListing(ctx, store)

	if err := store.Delete(ctx, "data.bin"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted data.bin")

	fmt.Println("objects:")
	printListing(ctx, store)

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}

// printListing lists the objects in the store; deleted ones are left out
// unless asked for.
func printListing(ctx context.Context, store jetstream.ObjectStore) {
	infos, err := store.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	// Objects are listed in no set order, so sort them by name.
	slices.SortFunc(infos, func(a, b *jetstream.ObjectInfo) int {
		return strings.Compare(a.Name, b.Name)
	})
	for _, info := range infos {
		fmt.Printf("  %s: %d bytes\n", info.Name, info.Size)
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
