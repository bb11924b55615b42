// Limits-based Stream
//
// A stream stores the messages published to its subjects. Its retention
// policy decides when they go; the default, limits, keeps messages until one
// of the stream's limits is reached and then discards the oldest ones first.
// There are three limits: how many messages, how many bytes, and how old a
// message may be.
//
// This example creates a stream with all three limits, publishes past each one
// in turn and prints the stream's state after every step: how many messages it
// holds and the first and last sequence numbers still in it.
//
// It uses nats.c, the C client. Every call returns a natsStatus; the usual
// style is to chain calls with `if (s == NATS_OK)` and report the first
// failure once at the end. JetStream calls also fill in a jsErrCode, the
// server's error code, when the server refused the request.

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

// Durations in stream configurations are in nanoseconds.
#define SECOND ((int64_t) 1000000000)

// Print the stream's state after a step.
static natsStatus
printState(jsCtx *js, const char *step)
{
    jsStreamInfo *si   = NULL;
    jsErrCode     jerr = 0;
    natsStatus    s;

    s = js_GetStreamInfo(&si, js, "EVENTS", NULL, &jerr);
    if (s == NATS_OK)
    {
        printf("%s: %" PRIu64 " messages, first seq %" PRIu64 ", last seq %" PRIu64 "\n",
               step, si->State.Msgs, si->State.FirstSeq, si->State.LastSeq);
        jsStreamInfo_Destroy(si);
    }
    return s;
}

// Publish one message and wait for the stream's acknowledgment.
static natsStatus
publish(jsCtx *js, int n, const void *data, int len)
{
    char        subject[32];
    jsErrCode   jerr = 0;

    snprintf(subject, sizeof(subject), "events.%d", n);
    // The ack itself (stream name and sequence) is not needed: pass NULL.
    return js_Publish(NULL, js, subject, data, len, NULL, &jerr);
}

int main(void)
{
    natsConnection   *nc   = NULL;
    jsCtx            *js   = NULL;
    jsStreamInfo     *si   = NULL;
    jsErrCode         jerr = 0;
    jsStreamConfig    cfg;
    const char       *subjects[] = { "events.>" };
    char              large[200];
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);
    if (s == NATS_OK)
        s = natsConnection_JetStream(&js, nc, NULL);

    // At most 10 messages and 1 KiB of data, each kept for at most an hour.
    // The configuration is a plain struct: initialize it, then set fields.
    if (s == NATS_OK)
        s = jsStreamConfig_Init(&cfg);
    if (s == NATS_OK)
    {
        cfg.Name        = "EVENTS";
        cfg.Subjects    = subjects;
        cfg.SubjectsLen = 1;
        cfg.MaxMsgs     = 10;
        cfg.MaxBytes    = 1024;
        cfg.MaxAge      = 3600 * SECOND;
        // Passing NULL for the stream info: it is not needed here.
        s = js_AddStream(NULL, js, &cfg, NULL, &jerr);
    }
    if (s == NATS_OK)
        s = printState(js, "created");

    // Fifteen small messages: the five oldest are discarded to stay at 10.
    for (int n = 1; (s == NATS_OK) && (n <= 15); n++)
    {
        char data[32];
        int  len = snprintf(data, sizeof(data), "event %d", n);

        s = publish(js, n, data, len);
    }
    if (s == NATS_OK)
        s = printState(js, "after 15 small messages");

    // Four larger messages, 200 bytes each: now the byte limit bites first,
    // and older messages go until the stream fits in 1 KiB again.
    memset(large, 'x', sizeof(large));
    for (int n = 16; (s == NATS_OK) && (n <= 19); n++)
        s = publish(js, n, large, (int) sizeof(large));
    if (s == NATS_OK)
        s = printState(js, "after 4 messages of 200 bytes");

    // Lower the age limit to one second, starting from the configuration the
    // server reports. The duplicate window may not be longer than the age
    // limit, so it is lowered too.
    if (s == NATS_OK)
        s = js_GetStreamInfo(&si, js, "EVENTS", NULL, &jerr);
    if (s == NATS_OK)
    {
        si->Config->MaxAge     = 1 * SECOND;
        si->Config->Duplicates = 1 * SECOND;
        s = js_UpdateStream(NULL, js, si->Config, NULL, &jerr);
        jsStreamInfo_Destroy(si);
        si = NULL;
    }

    // The server removes expired messages on its own; wait until it has,
    // looking every 100 ms for at most 10 seconds.
    for (int i = 0; (s == NATS_OK) && (i < 100); i++)
    {
        uint64_t msgs = 0;

        s = js_GetStreamInfo(&si, js, "EVENTS", NULL, &jerr);
        if (s == NATS_OK)
        {
            msgs = si->State.Msgs;
            jsStreamInfo_Destroy(si);
            si = NULL;
        }
        if ((s != NATS_OK) || (msgs == 0))
            break;
        nats_Sleep(100);
    }
    if (s == NATS_OK)
        s = printState(js, "after the age limit passed");

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s (JetStream error code %d)\n", natsStatus_GetText(s), (int) jerr);
        nats_PrintLastErrorStack(stderr);
    }

    // Everything the library handed out is destroyed by the caller: the
    // JetStream context, then the connection (destroying closes it).
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
