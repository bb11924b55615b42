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
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// How a change to a key is named in this example's output.
var operations = map[jetstream.KeyValueOp]string{
	jetstream.KeyValuePut:    "put",
	jetstream.KeyValueDelete: "delete",
	jetstream.KeyValuePurge:  "purge",
}

func describe(entry jetstream.KeyValueEntry) string {
	value := ""
	if len(entry.Value()) > 0 {
		value = " " + string(entry.Value())
	}
	return fmt.Sprintf("%s revision %d: %s%s", entry.Key(), entry.Revision(), operations[entry.Operation()], value)
}

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

	// A bucket that keeps the last five values of each key.
	kv, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "profiles", History: 5})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created bucket profiles")

	revision, err := kv.Put(ctx, "sue.color", []byte("blue"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("put sue.color = blue: revision %d\n", revision)

	entry, err := kv.Get(ctx, "sue.color")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("get sue.color: %s, revision %d\n", entry.Value(), entry.Revision())

	// An update only succeeds if the key is still at the revision we read.
	revision, err = kv.Update(ctx, "sue.color", []byte("green"), entry.Revision())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("update sue.color = green at revision %d: revision %d\n", entry.Revision(), revision)

	// Revision 1 is no longer the latest, so this update is refused.
	_, err = kv.Update(ctx, "sue.color", []byte("red"), entry.Revision())
	if !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		log.Fatalf("expected a wrong revision, got: %v", err)
	}
	fmt.Printf("update sue.color = red at revision %d: refused, wrong revision\n", entry.Revision())

	// A delete is a new revision too: a marker that hides the older values.
	if err := kv.Delete(ctx, "sue.color"); err != nil {
		log.Fatal(err)
	}
	if _, err := kv.Get(ctx, "sue.color"); !errors.Is(err, jetstream.ErrKeyNotFound) {
		log.Fatalf("expected key not found, got: %v", err)
	}
	fmt.Println("get sue.color after delete: not found")

	fmt.Println("history of sue.color:")
	history, err := kv.History(ctx, "sue.color")
	if err != nil {
		log.Fatal(err)
	}
	for _, entry := range history {
		fmt.Printf("  %s\n", describe(entry))
	}

	// A watcher first delivers the current values of the keys it matches (there
	// are none under `bob.` yet), then a nil entry that ends them, then every
	// change as it happens.
	watcher, err := kv.Watch(ctx, "bob.*")
	if err != nil {
		log.Fatal(err)
	}
	next := func() jetstream.KeyValueEntry {
		select {
		case entry := <-watcher.Updates():
			return entry
		case <-time.After(2 * time.Second):
			log.Fatal("no update from the watcher within 2s")
			return nil
		}
	}
	if entry := next(); entry != nil {
		log.Fatalf("expected the end of the current values, got: %s", describe(entry))
	}
	fmt.Println("watching bob.*")

	if _, err := kv.Put(ctx, "bob.color", []byte("red")); err != nil {
		log.Fatal(err)
	}
	if _, err := kv.Put(ctx, "bob.color", []byte("yellow")); err != nil {
		log.Fatal(err)
	}
	if err := kv.Delete(ctx, "bob.color"); err != nil {
		log.Fatal(err)
	}
	for range 3 {
		fmt.Printf("  watched %s\n", describe(next()))
	}
	if err := watcher.Stop(); err != nil {
		log.Fatal(err)
	}

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
