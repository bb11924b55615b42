// Request-Reply
//
// The request-reply pattern allows a client to send a message and expect a
// reply of some kind. In practice, the request message will either be a
// command, which is an intention for service to carry out some work that
// results in a state change, or a query, which is a request for information.
//
// Unlike request-reply constrained protocols like HTTP, NATS is not limited to
// a strict point-to-point interaction between a client and server. The
// request-reply pattern is built on top of the core publish-subscribe model.
//
// By default, this means that any one of subscribers could be a responder and
// reply to the client. However, because NATS is not limited to point-to-point
// interactions, the client could indicate to NATS that multiple replies should
// be allowed.
//
// This example shows the basics of the request-reply pattern including the
// standard "no responders" error if there are no subscribers available to
// handle and reply to the requesting message.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
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

	// Draining (at the end) is asynchronous: the connection closes once every
	// subscription has handled its pending messages. A closed handler tells us
	// when that has happened, so the program does not exit half-way through.
	closed := make(chan struct{})

	// Create the connection to NATS.
	nc, err := nats.Connect(servers, nats.ClosedHandler(func(*nats.Conn) {
		close(closed)
	}))
	if err != nil {
		log.Fatal(err)
	}

	// In addition to vanilla publish-subscribe, NATS supports request-reply
	// interactions as well. Under the covers, this is just an optimized pair of
	// publish-subscribe operations. The request handler is a subscription that
	// responds to a message sent to it. This kind of subscription is called a
	// service. nc.Subscribe runs the handler asynchronously, on its own
	// goroutine, for each message that arrives.
	sub, err := nc.Subscribe("greet.*", func(msg *nats.Msg) {
		// Parse out the second token in the subject (everything after
		// `greet.`) and use it as part of the response message.
		name := msg.Subject[len("greet."):]
		if err := msg.Respond([]byte("hello, " + name)); err != nil {
			log.Print(err)
		}
	})
	if err != nil {
		log.Fatal(err)
	}

	// Now we can use the built-in Request method to do the service request.
	// We simply pass a nil body since that is not being used right now. In
	// addition, we need to specify a timeout since with a request we are
	// waiting for the reply and we likely don't want to wait forever.
	for _, name := range []string{"joe", "sue", "bob"} {
		rep, err := nc.Request("greet."+name, nil, 500*time.Millisecond)
		if err != nil {
			log.Fatal(err)
		}
		// The reply's Data is a byte slice; print it as text.
		fmt.Println(string(rep.Data))
	}

	// What happens if the service is unavailable? We can simulate this by
	// draining our handler from above: the server forgets the subscription's
	// interest at once, and the handler finishes any messages already
	// delivered before the subscription closes. Now if we make a request, we
	// will expect an error.
	if err := sub.Drain(); err != nil {
		log.Fatal(err)
	}

	// With nobody subscribed, the server answers the request straight away
	// with a "no responders" status instead of letting it time out, and the
	// client returns nats.ErrNoResponders.
	_, err = nc.Request("greet.joe", nil, 500*time.Millisecond)
	if errors.Is(err, nats.ErrNoResponders) {
		fmt.Println("no responders")
	} else {
		log.Fatalf("expected no responders, got: %v", err)
	}

	// Drain the connection, which closes it once everything in flight is done.
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
