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
//
// It uses nats.c, the C client. Every call returns a natsStatus; the usual
// style is to chain calls with `if (s == NATS_OK)` and report the first
// failure once at the end.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

// The request handler. nats.c runs it on the subscription's own thread for
// every message, and the handler owns the message: it must destroy it.
static void
onGreet(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    // Parse out the second token in the subject (everything after `greet.`)
    // and use it as part of the response message.
    const char *name = natsMsg_GetSubject(msg) + strlen("greet.");
    char        reply[256];

    snprintf(reply, sizeof(reply), "hello, %s", name);

    // A request carries the subject its reply is expected on (an "inbox");
    // responding is simply publishing to it.
    natsStatus s = natsConnection_PublishString(nc, natsMsg_GetReply(msg), reply);
    if (s != NATS_OK)
        fprintf(stderr, "reply failed: %s\n", natsStatus_GetText(s));

    natsMsg_Destroy(msg);
}

// Send one request and print the reply's data, which is not NUL-terminated
// in general: print exactly its length.
static natsStatus
greet(natsConnection *nc, const char *subject)
{
    natsMsg    *reply = NULL;
    natsStatus  s;

    // The request needs a timeout (in milliseconds) since we are waiting
    // for the reply and we likely don't want to wait forever.
    s = natsConnection_RequestString(&reply, nc, subject, "", 500);
    if (s == NATS_OK)
    {
        printf("%.*s\n", natsMsg_GetDataLength(reply), natsMsg_GetData(reply));
        natsMsg_Destroy(reply);
    }
    return s;
}

int main(void)
{
    natsConnection   *nc    = NULL;
    natsSubscription *sub   = NULL;
    natsMsg          *reply = NULL;
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses, and tries
    // the servers in it (in random order) until one accepts the connection.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);

    // In addition to vanilla publish-request, NATS supports request-reply
    // interactions as well. Under the covers, this is just an optimized pair
    // of publish-subscribe operations. The request handler is a subscription
    // that responds to a message sent to it. This kind of subscription is
    // called a service. Passing a callback makes the subscription
    // asynchronous: the library calls it for each message.
    if (s == NATS_OK)
        s = natsConnection_Subscribe(&sub, nc, "greet.*", onGreet, NULL);

    // Now we can use the built-in request function to do the service
    // request. We simply pass an empty body since that is not used here.
    if (s == NATS_OK)
        s = greet(nc, "greet.joe");
    if (s == NATS_OK)
        s = greet(nc, "greet.sue");
    if (s == NATS_OK)
        s = greet(nc, "greet.bob");

    // What happens if the service is unavailable? We can simulate this by
    // draining our handler from above: drain stops the interest on the server,
    // lets the callback finish what was already delivered, then closes the
    // subscription. Draining does not block, so wait for it to complete.
    if (s == NATS_OK)
        s = natsSubscription_Drain(sub);
    if (s == NATS_OK)
        s = natsSubscription_WaitForDrainCompletion(sub, 5000);

    // Now if we make a request, we expect an error. A server (2.2.0+) that
    // knows nobody is subscribed answers at once, and the request returns
    // NATS_NO_RESPONDERS instead of waiting for the timeout.
    if (s == NATS_OK)
    {
        s = natsConnection_RequestString(&reply, nc, "greet.joe", "", 500);
        if (s == NATS_NO_RESPONDERS)
        {
            printf("no responders\n");
            s = NATS_OK;
        }
        else if (s == NATS_OK)
        {
            fprintf(stderr, "unexpected reply from a drained service\n");
            s = NATS_ERR;
        }
    }

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    // Everything the library handed out is destroyed by the caller: the reply
    // (NULL here, which is allowed), the subscription and the connection
    // (destroying closes it, flushing what is still buffered). nats_Close
    // then releases the library's own threads and memory.
    natsMsg_Destroy(reply);
    natsSubscription_Destroy(sub);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
