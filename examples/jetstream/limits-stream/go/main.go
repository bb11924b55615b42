// Limits-based Stream
//
// A stream stores the messages published to its subjects. Its retention
// policy decides when they go; the default, limits, keeps messages until one
// of the stream's limits is reached and then discards the oldest ones first.
// There are three limits: how many messages, how many bytes, and how old a
// message may be.
//
// This example creates a stream with all three limits, publishes past each one
// in turn and prints the stream's state after every step: how many messages it
// holds and the first and last sequence numbers still in it.
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
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

	// At most 10 messages and 1 KiB of data, each kept for at most an hour.
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name:     "EVENTS",
		Subjects: []string{"events.>"},
		MaxMsgs:  10,
		MaxBytes: 1024,
		MaxAge:   time.Hour,
	})
	if err != nil {
		log.Fatal(err)
	}
	printState(ctx, stream, "created")

	// Fifteen small messages: the five oldest are discarded to stay at 10.
	for n := 1; n <= 15; n++ {
		if _, err := js.Publish(ctx, fmt.Sprintf("events.%d", n), fmt.Appendf(nil, "event %d", n)); err != nil {
			log.Fatal(err)
		}
	}
	printState(ctx, stream, "after 15 small messages")

	// Four larger messages, 200 bytes each: now the byte limit bites first,
	// and older messages go until the stream fits in 1 KiB again.
	for n := 16; n <= 19; n++ {
		if _, err := js.Publish(ctx, fmt.Sprintf("events.%d", n), bytes.Repeat([]byte("x"), 200)); err != nil {
			log.Fatal(err)
		}
	}
	printState(ctx, stream, "after 4 messages of 200 bytes")

	// Lower the age limit to one second. The duplicate window may not be
	// longer than the age limit, so it is lowered too.
	info, err := stream.Info(ctx)
	if err != nil {
		log.Fatal(err)
	}
	cfg := info.Config
	cfg.MaxAge = time.Second
	cfg.Duplicates = time.Second
	if _, err := js.UpdateStream(ctx, cfg); err != nil {
		log.Fatal(err)
	}

	// The server removes expired messages on its own; wait until it has.
	for range 100 {
		info, err := stream.Info(ctx)
		if err != nil {
			log.Fatal(err)
		}
		if info.State.Msgs == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	printState(ctx, stream, "after the age limit passed")

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}

// printState asks the server for the stream's current state.
func printState(ctx context.Context, stream jetstream.Stream, step string) {
	info, err := stream.Info(ctx)
	if err != nil {
		log.Fatal(err)
	}
	state := info.State
	fmt.Printf("%s: %d messages, first seq %d, last seq %d\n", step, state.Msgs, state.FirstSeq, state.LastSeq)
}
