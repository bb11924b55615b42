// Pull Consumer
//
// A consumer is a view on a stream that remembers what it delivered and what
// was acknowledged. A pull consumer delivers only when asked: the application
// fetches a batch of messages when it is ready for them, and acknowledges each
// one when it is done. A durable consumer has a name and keeps its position on
// the server, so a worker that restarts carries on where it left off.
//
// A message that is negatively acknowledged (nak) is delivered again, and it
// comes before the messages that were never delivered. Each delivery carries a
// count, so a worker can tell a first delivery from a redelivery.
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

// Handle one fetched message: nak job 3 on its first delivery, ack the rest.
static natsStatus
handle(natsMsg *msg)
{
    jsMsgMetaData *meta = NULL;
    jsErrCode      jerr = 0;
    natsStatus     s;

    // The metadata (stream and consumer sequences, delivery count, ...) is
    // parsed from the subject the server delivered the message on.
    s = natsMsg_GetMetaData(&meta, msg);
    if (s == NATS_OK)
    {
        const char *data     = natsMsg_GetData(msg);
        int         len      = natsMsg_GetDataLength(msg);
        uint64_t    delivery = meta->NumDelivered;

        if ((len == 5) && (memcmp(data, "job 3", 5) == 0) && (delivery == 1))
        {
            s = natsMsg_Nak(msg, NULL);
            if (s == NATS_OK)
                printf("  %.*s, delivery %" PRIu64 ": nak\n", len, data, delivery);
        }
        else
        {
            // AckSync waits for the server to confirm. The server handles a
            // consumer's acks in order, so once job 4's ack is confirmed, job
            // 3's nak has been handled too, and the next fetch sees job 3 again.
            s = natsMsg_AckSync(msg, NULL, &jerr);
            if (s == NATS_OK)
                printf("  %.*s, delivery %" PRIu64 ": ack\n", len, data, delivery);
        }
        jsMsgMetaData_Destroy(meta);
    }
    return s;
}

int main(void)
{
    natsConnection   *nc   = NULL;
    jsCtx            *js   = NULL;
    natsSubscription *sub  = NULL;
    jsConsumerInfo   *ci   = NULL;
    jsErrCode         jerr = 0;
    jsStreamConfig    cfg;
    jsConsumerConfig  cc;
    jsSubOptions      so;
    const char       *subjects[] = { "jobs.>" };
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);
    if (s == NATS_OK)
        s = natsConnection_JetStream(&js, nc, NULL);

    if (s == NATS_OK)
        s = jsStreamConfig_Init(&cfg);
    if (s == NATS_OK)
    {
        cfg.Name        = "JOBS";
        cfg.Subjects    = subjects;
        cfg.SubjectsLen = 1;
        s = js_AddStream(NULL, js, &cfg, NULL, &jerr);
    }
    for (int n = 1; (s == NATS_OK) && (n <= 5); n++)
    {
        char subject[32], data[32];

        snprintf(subject, sizeof(subject), "jobs.%d", n);
        snprintf(data, sizeof(data), "job %d", n);
        s = js_Publish(NULL, js, subject, data, (int) strlen(data), NULL, &jerr);
    }
    if (s == NATS_OK)
        printf("published 5 jobs\n");

    // The durable consumer `worker`, which expects an explicit ack for each
    // message. A consumer without a deliver subject is a pull consumer.
    if (s == NATS_OK)
        s = jsConsumerConfig_Init(&cc);
    if (s == NATS_OK)
    {
        cc.Durable   = "worker";
        cc.AckPolicy = js_AckExplicit;
        s = js_AddConsumer(NULL, js, "JOBS", &cc, NULL, &jerr);
    }

    // A subscription bound to that consumer (Stream and Consumer name it, so
    // the library creates nothing) that fetches on demand.
    if (s == NATS_OK)
        s = jsSubOptions_Init(&so);
    if (s == NATS_OK)
    {
        so.Stream   = "JOBS";
        so.Consumer = "worker";
        s = js_PullSubscribe(&sub, js, "jobs.>", "worker", NULL, &so, &jerr);
    }

    // Fetch four batches of up to two messages, waiting at most one second
    // (in milliseconds) for each. In the second, job 3 is nak'd; the last
    // finds nothing left and ends with NATS_TIMEOUT.
    for (int batch = 1; (s == NATS_OK) && (batch <= 4); batch++)
    {
        natsMsgList list = { NULL, 0 };

        s = natsSubscription_Fetch(&list, sub, 2, 1000, &jerr);
        if (s == NATS_TIMEOUT)
        {
            printf("fetch %d: no messages\n", batch);
            s = NATS_OK;
            continue;
        }
        if (s == NATS_OK)
            printf("fetch %d:\n", batch);
        for (int i = 0; (s == NATS_OK) && (i < list.Count); i++)
            s = handle(list.Msgs[i]);
        // Destroys every message in the list, then the list's array.
        natsMsgList_Destroy(&list);
    }

    // The consumer's state on the server: everything handled.
    if (s == NATS_OK)
        s = js_GetConsumerInfo(&ci, js, "JOBS", "worker", NULL, &jerr);
    if (s == NATS_OK)
        printf("consumer worker: %" PRIu64 " deliveries, %" PRIu64 " pending, %" PRId64 " awaiting ack\n",
               ci->Delivered.Consumer, ci->NumPending, ci->NumAckPending);

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s (JetStream error code %d)\n", natsStatus_GetText(s), (int) jerr);
        nats_PrintLastErrorStack(stderr);
    }

    // Everything the library handed out is destroyed by the caller. Since
    // nats.c 3.4.0, destroying a subscription does not delete its consumer;
    // here the consumer was created apart from the subscription anyway.
    jsConsumerInfo_Destroy(ci);
    natsSubscription_Destroy(sub);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
