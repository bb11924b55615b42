// Publish-Subscribe
//
// NATS delivers a message to every subscription whose subject matches at the
// moment the message is published. Subjects are dot-separated tokens, and a
// subscription may use wildcards: `*` matches exactly one token, `>` matches
// one or more tokens at the end of a subject.
//
// This example subscribes with both wildcards, publishes to a few subjects and
// prints what each subscription received. NATS core is fire-and-forget: a
// message published while nobody is subscribed is not stored, so the first
// message, sent before any subscription exists, is seen by no one.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
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

	// Nobody is subscribed yet, so this message goes nowhere.
	if err := nc.Publish("greet.early", []byte("hello, early")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("published greet.early before subscribing")

	// Two synchronous subscriptions: we read their messages with NextMsg.
	// `greet.*` matches `greet.joe` but not `greet.team.bob`; `greet.>`
	// matches both.
	oneToken, err := nc.SubscribeSync("greet.*")
	if err != nil {
		log.Fatal(err)
	}
	anyTokens, err := nc.SubscribeSync("greet.>")
	if err != nil {
		log.Fatal(err)
	}

	// The last message, `greet.end`, matches both wildcards: it tells each
	// subscription that there is nothing more to read.
	for _, subject := range []string{"greet.joe", "greet.pam", "greet.team.bob"} {
		name := subject[strings.LastIndex(subject, ".")+1:]
		if err := nc.Publish(subject, []byte("hello, "+name)); err != nil {
			log.Fatal(err)
		}
	}
	if err := nc.Publish("greet.end", []byte("goodbye")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("published greet.joe, greet.pam, greet.team.bob, greet.end")

	// Messages from one connection arrive in the order they were published,
	// so when `greet.end` arrives, every earlier match has arrived before it.
	for _, sub := range []*nats.Subscription{oneToken, anyTokens} {
		count := 0
		for {
			msg, err := sub.NextMsg(5 * time.Second)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%s received %s: %s\n", sub.Subject, msg.Subject, msg.Data)
			count++
			if msg.Subject == "greet.end" {
				break
			}
		}
		fmt.Printf("%s received %d messages\n", sub.Subject, count)
	}

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
