// A new Go port. It reads NATS_URL (a comma-separated list), prints what the example
// shows on stdout (logs go to stderr), and exits 0 on its own.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/nats-io/nats.go"
)

func main() {
	servers := os.Getenv("NATS_URL")
	if servers == "" {
		servers = nats.DefaultURL
	}

	// Drain is asynchronous; the closed handler says when it is done.
	closed := make(chan struct{})
	nc, err := nats.Connect(servers, nats.ClosedHandler(func(*nats.Conn) { close(closed) }))
	if err != nil {
		log.Fatal(err)
	}

	// Replace this with the example: one reply to one request.
	sub, err := nc.Subscribe("hello", func(msg *nats.Msg) {
		if err := msg.Respond([]byte("hello, world")); err != nil {
			log.Print(err)
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	reply, err := nc.Request("hello", nil, time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(reply.Data))

	if err := sub.Unsubscribe(); err != nil {
		log.Fatal(err)
	}
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
