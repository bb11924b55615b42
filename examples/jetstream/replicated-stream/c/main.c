// Replicated Stream
//
// In a NATS cluster, a JetStream stream can keep copies of its messages on
// several servers: its replicas. A stream with three replicas (R3) has a leader
// and two followers; a message is stored once a majority of them have it, so
// the stream survives the loss of any one server. Clients need not know which
// server leads: any server in the cluster takes JetStream requests and routes
// them to the stream's leader.
//
// This example connects to each of the three servers in NATS_URL: it creates an
// R3 stream through the first, publishes through the second and reads through
// the third. Which server leads is decided at random, so it is not printed.
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

#define SERVERS 3

// Right after a cluster forms, a server may not yet know of the JetStream API
// or of a new stream's subjects on the others (no responders), JetStream may
// be briefly unavailable, or the leader may not yet count every server as a
// place for a replica ("no suitable peers"): try again for a while. RETRIED
// makes the call, and while it fails tries again every 100 ms, 50 times at
// most; `s` holds the status of the last attempt.
#define RETRIED(s, call) \
    for (int attempt = 0; (((s) = (call)) != NATS_OK) && (attempt < 50); attempt++) \
        nats_Sleep(100)

int main(void)
{
    natsConnection   *conns[SERVERS] = { NULL };
    jsCtx            *js[SERVERS]    = { NULL };
    jsStreamInfo     *si   = NULL;
    jsPubAck         *pa   = NULL;
    jsErrCode         jerr = 0;
    jsStreamConfig    cfg;
    const char       *subjects[] = { "orders.>" };
    char             *urls[SERVERS] = { NULL };
    int               count = 0;
    natsStatus        s = NATS_OK;

    // Get the list of servers: NATS_URL holds them separated by commas. Split
    // a copy of it (strtok writes into the string it splits).
    const char *env = getenv("NATS_URL");
    char       *list = strdup((env == NULL || env[0] == '\0') ? NATS_DEFAULT_URL : env);

    for (char *url = strtok(list, ","); url != NULL; url = strtok(NULL, ","))
    {
        if (count < SERVERS)
            urls[count] = url;
        count++;
    }
    printf("servers in NATS_URL: %d\n", count);
    if (count < SERVERS)
    {
        fprintf(stderr, "this example needs three servers in NATS_URL\n");
        free(list);
        return 1;
    }

    // One connection to each server, each given that server's URL only, and
    // a JetStream context on each.
    for (int i = 0; (s == NATS_OK) && (i < SERVERS); i++)
    {
        s = natsConnection_ConnectTo(&conns[i], urls[i]);
        if (s == NATS_OK)
            s = natsConnection_JetStream(&js[i], conns[i], NULL);
    }

    if (s == NATS_OK)
        s = jsStreamConfig_Init(&cfg);
    if (s == NATS_OK)
    {
        cfg.Name        = "ORDERS";
        cfg.Subjects    = subjects;
        cfg.SubjectsLen = 1;
        cfg.Replicas    = 3;
        RETRIED(s, js_AddStream(&si, js[0], &cfg, NULL, &jerr));
    }
    if (s == NATS_OK)
    {
        printf("created stream ORDERS through server 1: %" PRId64 " replicas\n", si->Config->Replicas);
        jsStreamInfo_Destroy(si);
        si = NULL;
    }

    for (int n = 1; (s == NATS_OK) && (n <= 3); n++)
    {
        char subject[32], data[32];

        snprintf(subject, sizeof(subject), "orders.%d", n);
        snprintf(data, sizeof(data), "order %d", n);
        RETRIED(s, js_Publish(&pa, js[1], subject, data, (int) strlen(data), NULL, &jerr));
        if (s == NATS_OK)
        {
            printf("published %s through server 2: sequence %" PRIu64 "\n", subject, pa->Sequence);
            jsPubAck_Destroy(pa);
            pa = NULL;
        }
    }

    // Through the third server: the stream's configuration, where it is
    // placed (the leader and its followers), and the messages it holds.
    if (s == NATS_OK)
        RETRIED(s, js_GetStreamInfo(&si, js[2], "ORDERS", NULL, &jerr));
    if (s == NATS_OK)
    {
        int placed = 1 + ((si->Cluster != NULL) ? si->Cluster->ReplicasLen : 0);

        printf("read through server 3: %" PRId64 " replicas configured, placed on %d servers\n",
               si->Config->Replicas, placed);
        for (uint64_t seq = 1; (s == NATS_OK) && (seq <= si->State.Msgs); seq++)
        {
            natsMsg *msg = NULL;

            s = js_GetMsg(&msg, js[2], "ORDERS", seq, NULL, &jerr);
            if (s == NATS_OK)
            {
                printf("  %" PRIu64 " %s: %.*s\n", seq, natsMsg_GetSubject(msg),
                       natsMsg_GetDataLength(msg), natsMsg_GetData(msg));
                natsMsg_Destroy(msg);
            }
        }
        jsStreamInfo_Destroy(si);
    }

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s (JetStream error code %d)\n", natsStatus_GetText(s), (int) jerr);
        nats_PrintLastErrorStack(stderr);
    }

    // Everything the library handed out is destroyed by the caller: the
    // JetStream contexts, then the connections (destroying closes them).
    for (int i = 0; i < SERVERS; i++)
    {
        jsCtx_Destroy(js[i]);
        natsConnection_Destroy(conns[i]);
    }
    nats_Close();
    free(list);

    return s == NATS_OK ? 0 : 1;
}
