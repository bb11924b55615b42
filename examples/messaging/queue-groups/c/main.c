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
//
// It uses nats.c, the C client. Each asynchronous subscription runs its
// callback on its own thread, so what the callbacks record is guarded by a
// mutex, and a condition variable tells the main thread when to look again.

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nats/nats.h>

#define COUNT   30
#define MEMBERS 3

// The payloads one subscriber was handed.
typedef struct
{
    char    tasks[COUNT * 2][32];
    int     len;

} received;

static pthread_mutex_t  mu      = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t   changed = PTHREAD_COND_INITIALIZER;

static received         members[MEMBERS];
static received         plain;

// Record a payload for the subscriber the closure points to. The callback
// owns the message and destroys it.
static void
record(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    received *r = (received *) closure;

    pthread_mutex_lock(&mu);
    if (r->len < COUNT * 2)
    {
        snprintf(r->tasks[r->len], sizeof(r->tasks[0]), "%.*s",
                 natsMsg_GetDataLength(msg), natsMsg_GetData(msg));
        r->len++;
    }
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&mu);

    natsMsg_Destroy(msg);
}

// Called with the mutex held.
static int
deliveredSoFar(void)
{
    int n = 0;

    for (int i = 0; i < MEMBERS; i++)
        n += members[i].len;
    return n;
}

static int
byText(const void *a, const void *b)
{
    return strcmp((const char *) a, (const char *) b);
}

int main(void)
{
    natsConnection   *nc = NULL;
    natsSubscription *subs[MEMBERS + 1] = { NULL };
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);

    // Each member records the payloads it was handed.
    for (int i = 0; (s == NATS_OK) && (i < MEMBERS); i++)
        s = natsConnection_QueueSubscribe(&subs[i], nc, "tasks", "workers", record, &members[i]);

    // The plain subscriber is not in the group, so it sees every message.
    if (s == NATS_OK)
        s = natsConnection_Subscribe(&subs[MEMBERS], nc, "tasks", record, &plain);

    for (int n = 1; (s == NATS_OK) && (n <= COUNT); n++)
    {
        char task[32];

        snprintf(task, sizeof(task), "task %d", n);
        s = natsConnection_PublishString(nc, "tasks", task);
    }
    if (s == NATS_OK)
        printf("published %d messages to tasks\n", COUNT);

    if (s == NATS_OK)
    {
        received        delivered = { .len = 0 };
        struct timespec deadline;
        int             distinct = 0;
        bool            exactlyOnce;

        // Wait until the plain subscriber has every message and the members,
        // between them, as many; or give up after five seconds and print what
        // arrived.
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 5;

        pthread_mutex_lock(&mu);
        while ((plain.len < COUNT) || (deliveredSoFar() < COUNT))
        {
            if (pthread_cond_timedwait(&changed, &mu, &deadline) != 0)
                break;
        }
        // Copy what the members received into one list.
        for (int i = 0; i < MEMBERS; i++)
            for (int j = 0; (j < members[i].len) && (delivered.len < COUNT * 2); j++)
                memcpy(delivered.tasks[delivered.len++], members[i].tasks[j], sizeof(delivered.tasks[0]));
        received all = plain;
        pthread_mutex_unlock(&mu);

        // Sort both lists: equal distinct neighbours count the distinct
        // payloads, and equal sorted lists mean each message went to exactly
        // one member.
        qsort(delivered.tasks, (size_t) delivered.len, sizeof(delivered.tasks[0]), byText);
        qsort(all.tasks, (size_t) all.len, sizeof(all.tasks[0]), byText);
        for (int j = 0; j < delivered.len; j++)
            if ((j == 0) || (strcmp(delivered.tasks[j], delivered.tasks[j - 1]) != 0))
                distinct++;
        exactlyOnce = (delivered.len == all.len);
        for (int j = 0; exactlyOnce && (j < all.len); j++)
            exactlyOnce = (strcmp(delivered.tasks[j], all.tasks[j]) == 0);

        printf("plain subscriber received %d\n", all.len);
        printf("queue group received %d in total, %d distinct\n", delivered.len, distinct);
        printf("every message went to exactly one member: %s\n", exactlyOnce ? "yes" : "no");
    }

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    // Destroying a subscription stops its callbacks; then the connection is
    // closed and nats_Close releases the library's threads and memory.
    for (int i = 0; i <= MEMBERS; i++)
        natsSubscription_Destroy(subs[i]);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
