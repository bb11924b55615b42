// Pull Consumer
//
// A consumer is a view on a stream that remembers what it delivered and what
// was acknowledged. A pull consumer delivers only when asked: the application
// fetches a batch of messages when it is ready for them, and acknowledges each
// one when it is done. A durable consumer has a name and keeps its position on
// the server, so a worker that restarts carries on where it left off.
//
// A message that is negatively acknowledged (nak) is delivered again, and it
// comes before the messages that were never delivered. Each delivery carries a
// count, so a worker can tell a first delivery from a redelivery.
package main

import (
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

	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "JOBS", Subjects: []string{"jobs.>"}}); err != nil {
		log.Fatal(err)
	}
	for n := 1; n <= 5; n++ {
		if _, err := js.Publish(ctx, fmt.Sprintf("jobs.%d", n), fmt.Appendf(nil, "job %d", n)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("published 5 jobs")

	// The durable consumer `worker`, which expects an explicit ack for each
	// message. A pull consumer's handle fetches from it on demand.
	cons, err := js.CreateConsumer(ctx, "JOBS", jetstream.ConsumerConfig{
		Durable:   "worker",
		AckPolicy: jetstream.AckExplicitPolicy,
	})
	if err != nil {
		log.Fatal(err)
	}

	// Fetch four batches of up to two, waiting at most a second for each. In
	// the second, job 3 is nak'd. The acks use DoubleAck, which waits for the
	// server to confirm: the server handles a consumer's acks in order, so once
	// job 4's ack is confirmed, job 3's nak has been handled too, and the next
	// fetch sees job 3 again.
	for batch := 1; batch <= 4; batch++ {
		fetched, err := cons.Fetch(2, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			log.Fatal(err)
		}
		// The batch's channel closes when the batch is full or the wait is
		// over; an empty batch is not an error.
		var msgs []jetstream.Msg
		for msg := range fetched.Messages() {
			msgs = append(msgs, msg)
		}
		if err := fetched.Error(); err != nil {
			log.Fatal(err)
		}
		if len(msgs) == 0 {
			fmt.Printf("fetch %d: no messages\n", batch)
			continue
		}
		fmt.Printf("fetch %d:\n", batch)
		for _, msg := range msgs {
			meta, err := msg.Metadata()
			if err != nil {
				log.Fatal(err)
			}
			delivery := meta.NumDelivered
			if string(msg.Data()) == "job 3" && delivery == 1 {
				if err := msg.Nak(); err != nil {
					log.Fatal(err)
				}
				fmt.Printf("  %s, delivery %d: nak\n", msg.Data(), delivery)
			} else {
				if err := msg.DoubleAck(ctx); err != nil {
					log.Fatal(err)
				}
				fmt.Printf("  %s, delivery %d: ack\n", msg.Data(), delivery)
			}
		}
	}

	// The consumer's state on the server: everything handled.
	info, err := cons.Info(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("consumer worker: %d deliveries, %d pending, %d awaiting ack\n",
		info.Delivered.Consumer, info.NumPending, info.NumAckPending)

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
