// Services Intro
//
// The service API turns request-reply handlers into a service that can be
// found and observed. A service has a name, a version and endpoints, each one
// a subject with a handler. Every service also answers on discovery subjects:
// `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS`, optionally followed by a service
// name, return who is running, which endpoints they serve, and how many
// requests and errors each endpoint has handled.
//
// This example runs a `calc` service with two endpoints, `calc.sum` and
// `calc.max`, which take numbers separated by spaces. It sends requests to each
// (one of them with bad input, answered with a service error), then asks for
// the service's info and stats through discovery.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// parseNumbers reads the numbers in a request. On bad input it answers the
// request itself with a service error, and reports false.
func parseNumbers(req micro.Request) ([]int, bool) {
	var numbers []int
	for _, word := range strings.Fields(string(req.Data())) {
		n, err := strconv.Atoi(word)
		if err != nil {
			// An error response carries its code and description in headers,
			// and counts as an error in the endpoint's stats.
			if err := req.Error("400", "not a number: "+word, nil); err != nil {
				log.Print(err)
			}
			return nil, false
		}
		numbers = append(numbers, n)
	}
	if len(numbers) == 0 {
		if err := req.Error("400", "no numbers", nil); err != nil {
			log.Print(err)
		}
		return nil, false
	}
	return numbers, true
}

func handleSum(req micro.Request) {
	numbers, ok := parseNumbers(req)
	if !ok {
		return
	}
	sum := 0
	for _, n := range numbers {
		sum += n
	}
	if err := req.Respond([]byte(strconv.Itoa(sum))); err != nil {
		log.Print(err)
	}
}

func handleMax(req micro.Request) {
	numbers, ok := parseNumbers(req)
	if !ok {
		return
	}
	if err := req.Respond([]byte(strconv.Itoa(slices.Max(numbers)))); err != nil {
		log.Print(err)
	}
}

func ask(nc *nats.Conn, subject, payload string) {
	rep, err := nc.Request(subject, []byte(payload), 2*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	if code := rep.Header.Get(micro.ErrorCodeHeader); code != "" {
		fmt.Printf("%s %s: error %s, %s\n", subject, payload, code, rep.Header.Get(micro.ErrorHeader))
	} else {
		fmt.Printf("%s %s: %s\n", subject, payload, rep.Data)
	}
}

// discover sends a plain request to a discovery subject and decodes the JSON
// answer of the one running instance.
func discover(nc *nats.Conn, subject string, v any) {
	rep, err := nc.Request(subject, nil, 2*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(rep.Data, v); err != nil {
		log.Fatal(err)
	}
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

	// The service and its endpoints, in a group that prefixes their subjects.
	svc, err := micro.AddService(nc, micro.Config{
		Name:        "calc",
		Version:     "1.0.0",
		Description: "Sums and maximums of numbers",
	})
	if err != nil {
		log.Fatal(err)
	}
	group := svc.AddGroup("calc")
	if err := group.AddEndpoint("sum", micro.HandlerFunc(handleSum)); err != nil {
		log.Fatal(err)
	}
	if err := group.AddEndpoint("max", micro.HandlerFunc(handleMax)); err != nil {
		log.Fatal(err)
	}

	ask(nc, "calc.sum", "3 9 4")
	ask(nc, "calc.max", "3 9 4")
	ask(nc, "calc.sum", "3 x 4")

	// Discovery: any client can ask, with a plain request. Each running
	// instance answers; there is one here. Its id is left out, as it is random.
	var info micro.Info
	discover(nc, "$SRV.INFO.calc", &info)
	fmt.Printf("info: %s %s, %s\n", info.Name, info.Version, info.Description)
	slices.SortFunc(info.Endpoints, func(a, b micro.EndpointInfo) int { return strings.Compare(a.Name, b.Name) })
	for _, endpoint := range info.Endpoints {
		fmt.Printf("  endpoint %s on %s\n", endpoint.Name, endpoint.Subject)
	}

	// The service counts a request once its handler has returned, which can be
	// a moment after the reply went out: ask until all three are counted.
	var stats micro.Stats
	for deadline := time.Now().Add(2 * time.Second); ; {
		discover(nc, "$SRV.STATS.calc", &stats)
		counted := 0
		for _, endpoint := range stats.Endpoints {
			counted += endpoint.NumRequests
		}
		if counted >= 3 || time.Now().After(deadline) {
			break
		}
	}
	fmt.Printf("stats: %s %s\n", stats.Name, stats.Version)
	slices.SortFunc(stats.Endpoints, func(a, b *micro.EndpointStats) int { return strings.Compare(a.Name, b.Name) })
	for _, endpoint := range stats.Endpoints {
		fmt.Printf("  endpoint %s: requests %d, errors %d\n", endpoint.Name, endpoint.NumRequests, endpoint.NumErrors)
	}

	// Stop drains the service's subscriptions; then drain the connection,
	// which closes it once everything in flight is done.
	if err := svc.Stop(); err != nil {
		log.Fatal(err)
	}
	if err := nc.Drain(); err != nil {
		log.Fatal(err)
	}
	<-closed
}
