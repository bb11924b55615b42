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
//
// It uses nats.c, the C client. Every call returns a natsStatus; the usual
// style is to chain calls with `if (s == NATS_OK)` and report the first
// failure once at the end.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

// Read one subscription's messages until `greet.end`, printing each one, then
// print how many it received.
static natsStatus
readUntilEnd(natsSubscription *sub)
{
    const char *pattern = natsSubscription_GetSubject(sub);
    natsStatus  s       = NATS_OK;
    int         count   = 0;
    bool        done    = false;

    while ((s == NATS_OK) && !done)
    {
        natsMsg *msg = NULL;

        // Wait up to five seconds (in milliseconds) for the next message.
        s = natsSubscription_NextMsg(&msg, sub, 5000);
        if (s != NATS_OK)
            break;

        // The data is not NUL-terminated in general: print exactly its length.
        printf("%s received %s: %.*s\n", pattern, natsMsg_GetSubject(msg),
               natsMsg_GetDataLength(msg), natsMsg_GetData(msg));
        count++;
        done = (strcmp(natsMsg_GetSubject(msg), "greet.end") == 0);
        natsMsg_Destroy(msg);
    }
    if (s == NATS_OK)
        printf("%s received %d messages\n", pattern, count);
    return s;
}

int main(void)
{
    natsConnection   *nc        = NULL;
    natsSubscription *oneToken  = NULL;
    natsSubscription *anyTokens = NULL;
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);

    // Nobody is subscribed yet, so this message goes nowhere.
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "greet.early", "hello, early");
    if (s == NATS_OK)
        printf("published greet.early before subscribing\n");

    // Two synchronous subscriptions (no callback): we read their messages
    // with natsSubscription_NextMsg. `greet.*` matches `greet.joe` but not
    // `greet.team.bob`; `greet.>` matches both.
    if (s == NATS_OK)
        s = natsConnection_SubscribeSync(&oneToken, nc, "greet.*");
    if (s == NATS_OK)
        s = natsConnection_SubscribeSync(&anyTokens, nc, "greet.>");

    // The last message, `greet.end`, matches both wildcards: it tells each
    // subscription that there is nothing more to read.
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "greet.joe", "hello, joe");
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "greet.pam", "hello, pam");
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "greet.team.bob", "hello, bob");
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "greet.end", "goodbye");
    if (s == NATS_OK)
        printf("published greet.joe, greet.pam, greet.team.bob, greet.end\n");

    // Messages from one connection arrive in the order they were published,
    // so when `greet.end` arrives, every earlier match has arrived before it.
    if (s == NATS_OK)
        s = readUntilEnd(oneToken);
    if (s == NATS_OK)
        s = readUntilEnd(anyTokens);

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    // Destroying the subscriptions and the connection releases them (the
    // connection is closed, flushing what is still buffered); nats_Close then
    // releases the library's own threads and memory.
    natsSubscription_Destroy(oneToken);
    natsSubscription_Destroy(anyTokens);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
