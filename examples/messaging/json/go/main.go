// JSON Payloads
//
// NATS message payloads are opaque bytes: the server never looks inside them.
// Applications agree on an encoding, and JSON is a common choice. The
// publisher encodes a value into bytes; the subscriber decodes the bytes back
// into a value and reads its fields.
//
// Nothing stops a publisher from sending bytes that are not valid JSON, so a
// subscriber should treat a payload that fails to decode as an error to report
// and move past, not as a reason to crash.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/nats-io/nats.go"
)

// Order is what travels on `orders.new`; the struct tags name its JSON fields.
type Order struct {
	ID   int    `json:"id"`
	Item string `json:"item"`
	Qty  int    `json:"qty"`
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

	sub, err := nc.SubscribeSync("orders.new")
	if err != nil {
		log.Fatal(err)
	}

	// Two well-formed orders, and between them a payload that was cut short.
	publish := func(data []byte) {
		if err := nc.Publish("orders.new", data); err != nil {
			log.Fatal(err)
		}
	}
	publishJSON := func(order Order) {
		data, err := json.Marshal(order)
		if err != nil {
			log.Fatal(err)
		}
		publish(data)
	}
	publishJSON(Order{ID: 1, Item: "coffee", Qty: 2})
	publish([]byte(`{"id": 2, "item": "tea"`))
	publishJSON(Order{ID: 3, Item: "cake", Qty: 1})

	// Decode each message as it arrives. A decode error is printed with the
	// raw payload, and the loop goes on to the next message.
	for range 3 {
		msg, err := sub.NextMsg(2 * time.Second)
		if err != nil {
			log.Fatal(err)
		}
		var order Order
		if err := json.Unmarshal(msg.Data, &order); err != nil {
			fmt.Printf("decode error: %s\n", msg.Data)
			continue
		}
		fmt.Printf("order %d: %d x %s\n", order.ID, order.Qty, order.Item)
	}

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
