// Replicated Stream
//
// In a NATS cluster, a JetStream stream can keep copies of its messages on
// several servers: its replicas. A stream with three replicas (R3) has a leader
// and two followers; a message is stored once a majority of them have it, so
// the stream survives the loss of any one server. Clients need not know which
// server leads: any server in the cluster takes JetStream requests and routes
// them to the stream's leader.
//
// This example connects to each of the three servers in NATS_URL: it creates an
// R3 stream through the first, publishes through the second and reads through
// the third. Which server leads is decided at random, so it is not printed.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// retried runs action until it succeeds. Right after a cluster forms, a server
// may not yet know of the JetStream API or of a new stream's subjects on the
// others (no responders), JetStream may be briefly unavailable, or the leader
// may not yet count every server as a place for a replica ("no suitable
// peers", an API error): try again for a while.
func retried[T any](action func() (T, error)) T {
	for range 50 {
		result, err := action()
		var apiErr *jetstream.APIError
		if err == nil {
			return result
		}
		if !errors.Is(err, nats.ErrNoResponders) && !errors.Is(err, jetstream.ErrNoStreamResponse) &&
			!errors.As(err, &apiErr) {
			log.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	result, err := action()
	if err != nil {
		log.Fatal(err)
	}
	return result
}

func main() {
	// Get the list of servers: here, three of them, comma-separated.
	servers := strings.Split(os.Getenv("NATS_URL"), ",")
	if servers[0] == "" {
		servers = []string{nats.DefaultURL}
	}
	fmt.Printf("servers in NATS_URL: %d\n", len(servers))
	if len(servers) < 3 {
		log.Fatal("this example needs three servers in NATS_URL")
	}

	// One connection to each server, each given that server's URL only. Each
	// connection's closed handler tells us when its drain (at the end) is done.
	var conns []*nats.Conn
	var closed []chan struct{}
	for _, url := range servers[:3] {
		done := make(chan struct{})
		nc, err := nats.Connect(url, nats.ClosedHandler(func(*nats.Conn) { close(done) }))
		if err != nil {
			log.Fatal(err)
		}
		conns = append(conns, nc)
		closed = append(closed, done)
	}
	first, second, third := jetStream(conns[0]), jetStream(conns[1]), jetStream(conns[2])

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()

	stream := retried(func() (jetstream.Stream, error) {
		return first.CreateStream(ctx, jetstream.StreamConfig{
			Name:     "ORDERS",
			Subjects: []string{"orders.>"},
			Replicas: 3,
		})
	})
	fmt.Printf("created stream ORDERS through server 1: %d replicas\n", stream.CachedInfo().Config.Replicas)

	for n := 1; n <= 3; n++ {
		ack := retried(func() (*jetstream.PubAck, error) {
			return second.Publish(ctx, fmt.Sprintf("orders.%d", n), fmt.Appendf(nil, "order %d", n))
		})
		fmt.Printf("published orders.%d through server 2: sequence %d\n", n, ack.Sequence)
	}

	// Through the third server: the stream's configuration, where it is
	// placed (the leader and its followers), and the messages it holds.
	stream = retried(func() (jetstream.Stream, error) { return third.Stream(ctx, "ORDERS") })
	info := stream.CachedInfo()
	placed := 1
	if info.Cluster != nil {
		placed += len(info.Cluster.Replicas)
	}
	fmt.Printf("read through server 3: %d replicas configured, placed on %d servers\n", info.Config.Replicas, placed)
	for seq := uint64(1); seq <= info.State.Msgs; seq++ {
		msg, err := stream.GetMsg(ctx, seq)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("  %d %s: %s\n", seq, msg.Subject, msg.Data)
	}

	for i, nc := range conns {
		if err := nc.Drain(); err != nil {
			log.Fatal(err)
		}
		<-closed[i]
	}
}

// jetStream is the JetStream API of one connection.
func jetStream(nc *nats.Conn) jetstream.JetStream {
	js, err := jetstream.New(nc)
	if err != nil {
		log.Fatal(err)
	}
	return js
}
