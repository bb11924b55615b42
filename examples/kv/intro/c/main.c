// Key-Value Intro
//
// The key-value store is built on a JetStream stream: a bucket is a stream,
// a key is a subject in it, and every change to a key is a message. So each
// value has a revision (its sequence in the stream), a bucket can keep some
// history per key, and a client can watch keys for changes as they happen.
//
// This example creates a bucket, puts, gets and updates a key (an update names
// the revision it expects to replace, and fails if the key has moved on since),
// deletes it, reads its history, and then watches another key change.
//
// It uses nats.c, the C client. Every call returns a natsStatus; the usual
// style is to chain calls with `if (s == NATS_OK)` and report the first
// failure once at the end.

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

// How a change to a key is named in this example's output.
static const char *
operationName(kvOperation op)
{
    switch (op)
    {
        case kvOp_Put:    return "put";
        case kvOp_Delete: return "delete";
        case kvOp_Purge:  return "purge";
        default:          return "unknown";
    }
}

// Print one entry: its key, revision, operation and value (a delete or purge
// marker has none). The value is not NUL-terminated: print exactly its length.
static void
describe(const char *prefix, kvEntry *e)
{
    int len = kvEntry_ValueLen(e);

    printf("%s%s revision %" PRIu64 ": %s", prefix, kvEntry_Key(e), kvEntry_Revision(e),
           operationName(kvEntry_Operation(e)));
    if (len > 0)
        printf(" %.*s", len, (const char *) kvEntry_Value(e));
    printf("\n");
}

int main(void)
{
    natsConnection   *nc      = NULL;
    jsCtx            *js      = NULL;
    kvStore          *kv      = NULL;
    kvEntry          *entry   = NULL;
    kvWatcher        *watcher = NULL;
    kvEntryList       history = { NULL, 0 };
    uint64_t          revision = 0, read = 0;
    kvConfig          cfg;
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);
    if (s == NATS_OK)
        s = natsConnection_JetStream(&js, nc, NULL);

    // A bucket that keeps the last five values of each key.
    if (s == NATS_OK)
        s = kvConfig_Init(&cfg);
    if (s == NATS_OK)
    {
        cfg.Bucket  = "profiles";
        cfg.History = 5;
        s = js_CreateKeyValue(&kv, js, &cfg);
    }
    if (s == NATS_OK)
        printf("created bucket profiles\n");

    if (s == NATS_OK)
        s = kvStore_PutString(&revision, kv, "sue.color", "blue");
    if (s == NATS_OK)
        printf("put sue.color = blue: revision %" PRIu64 "\n", revision);

    if (s == NATS_OK)
        s = kvStore_Get(&entry, kv, "sue.color");
    if (s == NATS_OK)
    {
        read = kvEntry_Revision(entry);
        printf("get sue.color: %.*s, revision %" PRIu64 "\n",
               kvEntry_ValueLen(entry), (const char *) kvEntry_Value(entry), read);
        kvEntry_Destroy(entry);
        entry = NULL;
    }

    // An update only succeeds if the key is still at the revision we read.
    if (s == NATS_OK)
        s = kvStore_UpdateString(&revision, kv, "sue.color", "green", read);
    if (s == NATS_OK)
        printf("update sue.color = green at revision %" PRIu64 ": revision %" PRIu64 "\n",
               read, revision);

    // That revision is no longer the latest, so this update is refused. The
    // server answers with the error "wrong last sequence", which nats.c
    // returns as NATS_ERR with that text on its error stack.
    if (s == NATS_OK)
    {
        s = kvStore_UpdateString(&revision, kv, "sue.color", "red", read);
        if ((s == NATS_ERR) && (strstr(nats_GetLastError(NULL), "wrong last sequence") != NULL))
        {
            printf("update sue.color = red at revision %" PRIu64 ": refused, wrong revision\n", read);
            s = NATS_OK;
        }
        else if (s == NATS_OK)
        {
            fprintf(stderr, "an update at an old revision was accepted\n");
            s = NATS_ERR;
        }
    }

    // A delete is a new revision too: a marker that hides the older values.
    if (s == NATS_OK)
        s = kvStore_Delete(kv, "sue.color");
    if (s == NATS_OK)
    {
        s = kvStore_Get(&entry, kv, "sue.color");
        if (s == NATS_NOT_FOUND)
        {
            printf("get sue.color after delete: not found\n");
            s = NATS_OK;
        }
        else if (s == NATS_OK)
        {
            fprintf(stderr, "a deleted key was found\n");
            s = NATS_ERR;
        }
    }

    // The history holds every value the bucket kept, delete marker included.
    if (s == NATS_OK)
        s = kvStore_History(&history, kv, "sue.color", NULL);
    if (s == NATS_OK)
    {
        printf("history of sue.color:\n");
        for (int i = 0; i < history.Count; i++)
            describe("  ", history.Entries[i]);
    }

    // A watcher first delivers the current values of the keys it matches (there
    // are none under `bob.` yet), then a marker that ends them (a NULL entry
    // here), then every change as it happens. Waits are in milliseconds.
    if (s == NATS_OK)
        s = kvStore_Watch(&watcher, kv, "bob.*", NULL);
    if (s == NATS_OK)
        s = kvWatcher_Next(&entry, watcher, 2000);
    if ((s == NATS_OK) && (entry != NULL))
    {
        fprintf(stderr, "expected the end of the initial values, got a value\n");
        s = NATS_ERR;
    }
    if (s == NATS_OK)
        printf("watching bob.*\n");

    if (s == NATS_OK)
        s = kvStore_PutString(NULL, kv, "bob.color", "red");
    if (s == NATS_OK)
        s = kvStore_PutString(NULL, kv, "bob.color", "yellow");
    if (s == NATS_OK)
        s = kvStore_Delete(kv, "bob.color");
    for (int i = 0; (s == NATS_OK) && (i < 3); i++)
    {
        s = kvWatcher_Next(&entry, watcher, 2000);
        if ((s == NATS_OK) && (entry != NULL))
        {
            describe("  watched ", entry);
            kvEntry_Destroy(entry);
        }
        entry = NULL;
    }
    if (s == NATS_OK)
        s = kvWatcher_Stop(watcher);

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    // Everything the library handed out is destroyed by the caller: entries
    // (NULL is allowed), lists, the watcher, the store object (the bucket
    // stays on the server), the JetStream context and the connection.
    kvEntry_Destroy(entry);
    kvEntryList_Destroy(&history);
    kvWatcher_Destroy(watcher);
    kvStore_Destroy(kv);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
