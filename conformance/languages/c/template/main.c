// A new C port. It reads NATS_URL (a comma-separated list), prints what the example
// shows on stdout (logs go to stderr), and exits 0 on its own.
#include <stdio.h>
#include <stdlib.h>

#include <nats/nats.h>

// Replace this with the example: one reply to one request.
static void
answer(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    natsConnection_PublishString(nc, natsMsg_GetReply(msg), "hello, world");
    natsMsg_Destroy(msg);
}

int main(void)
{
    natsConnection   *nc    = NULL;
    natsSubscription *sub   = NULL;
    natsMsg          *reply = NULL;
    natsStatus        s;

    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    // natsConnection_ConnectTo takes a comma-separated list of server URLs.
    s = natsConnection_ConnectTo(&nc, servers);
    if (s == NATS_OK)
        s = natsConnection_Subscribe(&sub, nc, "hello", answer, NULL);
    if (s == NATS_OK)
        s = natsConnection_RequestString(&reply, nc, "hello", "", 1000);
    if (s == NATS_OK)
        printf("%.*s\n", natsMsg_GetDataLength(reply), natsMsg_GetData(reply));
    if (s == NATS_OK)
        s = natsSubscription_Unsubscribe(sub);

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    natsMsg_Destroy(reply);
    natsSubscription_Destroy(sub);
    natsConnection_Destroy(nc);
    nats_Close();
    return s == NATS_OK ? 0 : 1;
}
