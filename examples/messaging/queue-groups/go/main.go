// Queue Groups
//
// Subscriptions that name the same queue group share the work: each message
// published to the subject is delivered to only one member of the group, chosen
// by the server at random. Subscriptions outside the group are unaffected, and a
// plain subscription on the same subject still receives every message.
//
// Which member gets which message is up to the server, so this example prints
// counts that do not depend on that choice: how many messages the group
// received in total, how many distinct ones, and how many the plain subscriber
// received.
package main

import (
	"fmt"
	"log"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

const count = 30

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

	// Each subscription's handler runs on a goroutine of its own, so what they
	// record is guarded by a mutex. `all` is closed once the plain subscriber
	// has every message and the members, between them, as many.
	var (
		mu        sync.Mutex
		members   = [][]string{nil, nil, nil}
		plain     []string
		delivered int
		all       = make(chan struct{})
		allOnce   sync.Once
	)
	checkAll := func() {
		if len(plain) == count && delivered == count {
			allOnce.Do(func() { close(all) })
		}
	}

	// Each member records the payloads it was handed.
	for i := range members {
		_, err := nc.QueueSubscribe("tasks", "workers", func(msg *nats.Msg) {
			mu.Lock()
			defer mu.Unlock()
			members[i] = append(members[i], string(msg.Data))
			delivered++
			checkAll()
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	// The plain subscriber is not in the group, so it sees every message.
	_, err = nc.Subscribe("tasks", func(msg *nats.Msg) {
		mu.Lock()
		defer mu.Unlock()
		plain = append(plain, string(msg.Data))
		checkAll()
	})
	if err != nil {
		log.Fatal(err)
	}

	for n := 1; n <= count; n++ {
		if err := nc.Publish("tasks", fmt.Appendf(nil, "task %d", n)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("published %d messages to tasks\n", count)

	// Wait until every message has arrived, or give up after five seconds and
	// print what arrived.
	select {
	case <-all:
	case <-time.After(5 * time.Second):
	}

	mu.Lock()
	var group []string
	for _, tasks := range members {
		group = append(group, tasks...)
	}
	distinct := map[string]bool{}
	for _, task := range group {
		distinct[task] = true
	}
	fmt.Printf("plain subscriber received %d\n", len(plain))
	fmt.Printf("queue group received %d in total, %d distinct\n", len(group), len(distinct))
	slices.Sort(group)
	everyOnce := slices.Equal(group, slices.Sorted(slices.Values(plain)))
	mu.Unlock()
	answer := "no"
	if everyOnce {
		answer = "yes"
	}
	fmt.Printf("every message went to exactly one member: %s\n", answer)

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
