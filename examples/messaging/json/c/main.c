// JSON Payloads
//
// NATS message payloads are opaque bytes: the server never looks inside them.
// Applications agree on an encoding, and JSON is a common choice. The
// publisher encodes an object into bytes; the subscriber decodes the bytes
// back into an object and reads its fields.
//
// Nothing stops a publisher from sending bytes that are not valid JSON, so a
// subscriber should treat a payload that fails to decode as an error to report
// and move past, not as a reason to crash.
//
// It uses nats.c, the C client, which has no JSON API of its own, and C has
// none in its standard library. Rather than add a dependency, this example
// writes its JSON with snprintf and reads it with a small strict parser for
// the one object shape it exchanges: {"id": <int>, "item": <string>,
// "qty": <int>}, fields in any order. Anything else (cut short, trailing
// bytes, an unknown, missing or repeated field, another type) is a decode
// error.

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

// The order as the program sees it.
typedef struct
{
    long long   id;
    char        item[128];
    long long   qty;

} order;

// ---------------------------------------------------------------------------
// A strict JSON parser for one object shape.
//
// The parser walks the payload with a cursor `p` that never passes `end` (the
// payload is not NUL-terminated). Each function returns false as soon as the
// input is not what JSON allows at that point, and the caller gives up: the
// payload is a decode error.
// ---------------------------------------------------------------------------

typedef struct
{
    const char  *p;
    const char  *end;

} cursor;

// JSON whitespace: space, tab, line feed, carriage return.
static void
skipSpace(cursor *c)
{
    while ((c->p < c->end)
           && ((*c->p == ' ') || (*c->p == '\t') || (*c->p == '\n') || (*c->p == '\r')))
    {
        c->p++;
    }
}

// Consume the character `ch` (after optional whitespace).
static bool
expect(cursor *c, char ch)
{
    skipSpace(c);
    if ((c->p >= c->end) || (*c->p != ch))
        return false;
    c->p++;
    return true;
}

// A JSON string into `out` (at most `size` bytes with the NUL). Escapes are
// decoded; \u escapes are accepted for ASCII only, which is all this example
// exchanges. Control characters must be escaped, as JSON requires.
static bool
parseString(cursor *c, char *out, size_t size)
{
    size_t n = 0;

    if (!expect(c, '"'))
        return false;
    while (c->p < c->end)
    {
        char ch = *c->p++;

        if (ch == '"')
        {
            out[n] = '\0';
            return true;
        }
        if ((unsigned char) ch < 0x20)
            return false;
        if (ch == '\\')
        {
            if (c->p >= c->end)
                return false;
            switch (*c->p++)
            {
                case '"':  ch = '"';  break;
                case '\\': ch = '\\'; break;
                case '/':  ch = '/';  break;
                case 'b':  ch = '\b'; break;
                case 'f':  ch = '\f'; break;
                case 'n':  ch = '\n'; break;
                case 'r':  ch = '\r'; break;
                case 't':  ch = '\t'; break;
                case 'u':
                {
                    unsigned int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        char h;
                        if (c->p >= c->end)
                            return false;
                        h = *c->p++;
                        code <<= 4;
                        if ((h >= '0') && (h <= '9'))      code |= (unsigned int) (h - '0');
                        else if ((h >= 'a') && (h <= 'f')) code |= (unsigned int) (h - 'a' + 10);
                        else if ((h >= 'A') && (h <= 'F')) code |= (unsigned int) (h - 'A' + 10);
                        else return false;
                    }
                    if ((code == 0) || (code > 0x7F))
                        return false;
                    ch = (char) code;
                    break;
                }
                default:
                    return false;
            }
        }
        if (n + 1 >= size)
            return false;
        out[n++] = ch;
    }
    return false; // the payload ended inside the string
}

// A JSON integer: an optional minus, then 0 or digits without a leading zero.
// Fractions and exponents are numbers too, but not integers: refused.
static bool
parseInteger(cursor *c, long long *out)
{
    char        digits[24];
    size_t      n = 0;
    char       *stop;

    skipSpace(c);
    if ((c->p < c->end) && (*c->p == '-'))
        digits[n++] = *c->p++;
    if ((c->p >= c->end) || (*c->p < '0') || (*c->p > '9'))
        return false;
    if (*c->p == '0')
        digits[n++] = *c->p++;
    else
    {
        while ((c->p < c->end) && (*c->p >= '0') && (*c->p <= '9'))
        {
            if (n + 1 >= sizeof(digits))
                return false;
            digits[n++] = *c->p++;
        }
    }
    if ((c->p < c->end) && ((*c->p == '.') || (*c->p == 'e') || (*c->p == 'E')))
        return false;
    digits[n] = '\0';
    errno = 0;
    *out = strtoll(digits, &stop, 10);
    return (errno == 0);
}

// The whole payload: exactly one object with the fields id, item and qty, in
// any order, each once, and nothing after it but whitespace.
static bool
decodeOrder(const char *data, int len, order *o)
{
    cursor  c       = { data, data + len };
    bool    hasId   = false, hasItem = false, hasQty = false;
    bool    ok;
    char    key[16];

    if (!expect(&c, '{'))
        return false;
    for (;;)
    {
        if (!parseString(&c, key, sizeof(key)) || !expect(&c, ':'))
            return false;
        if ((strcmp(key, "id") == 0) && !hasId)
            ok = hasId = parseInteger(&c, &o->id);
        else if ((strcmp(key, "qty") == 0) && !hasQty)
            ok = hasQty = parseInteger(&c, &o->qty);
        else if ((strcmp(key, "item") == 0) && !hasItem)
            ok = hasItem = parseString(&c, o->item, sizeof(o->item));
        else
            ok = false; // an unknown or repeated field
        if (!ok)
            return false;

        // After a value: a comma and the next field, or the end of the object.
        if (expect(&c, ','))
            continue;
        if (expect(&c, '}'))
            break;
        return false;
    }
    if (!hasId || !hasItem || !hasQty)
        return false;
    skipSpace(&c);
    return (c.p == c.end);
}

// ---------------------------------------------------------------------------

// Encode an order as Python's json.dumps writes it and publish it. The item
// names here need no escaping.
static natsStatus
publishOrder(natsConnection *nc, long long id, const char *item, long long qty)
{
    char buf[256];
    int  n = snprintf(buf, sizeof(buf), "{\"id\": %lld, \"item\": \"%s\", \"qty\": %lld}",
                      id, item, qty);

    return natsConnection_Publish(nc, "orders.new", buf, n);
}

int main(void)
{
    natsConnection   *nc  = NULL;
    natsSubscription *sub = NULL;
    natsStatus        s;

    // Get the list of servers. natsConnection_ConnectTo takes a
    // comma-separated list of URLs, the same form NATS_URL uses.
    const char *servers = getenv("NATS_URL");
    if (servers == NULL || servers[0] == '\0')
        servers = NATS_DEFAULT_URL;

    s = natsConnection_ConnectTo(&nc, servers);
    if (s == NATS_OK)
        s = natsConnection_SubscribeSync(&sub, nc, "orders.new");

    // Two well-formed orders, and between them a payload that was cut short.
    if (s == NATS_OK)
        s = publishOrder(nc, 1, "coffee", 2);
    if (s == NATS_OK)
        s = natsConnection_PublishString(nc, "orders.new", "{\"id\": 2, \"item\": \"tea\"");
    if (s == NATS_OK)
        s = publishOrder(nc, 3, "cake", 1);

    // Decode each message as it arrives. A decode error is printed with the
    // raw payload, and the loop goes on to the next message.
    for (int i = 0; (s == NATS_OK) && (i < 3); i++)
    {
        natsMsg *msg = NULL;
        order    o;

        s = natsSubscription_NextMsg(&msg, sub, 2000);
        if (s != NATS_OK)
            break;
        if (decodeOrder(natsMsg_GetData(msg), natsMsg_GetDataLength(msg), &o))
            printf("order %lld: %lld x %s\n", o.id, o.qty, o.item);
        else
            printf("decode error: %.*s\n", natsMsg_GetDataLength(msg), natsMsg_GetData(msg));
        natsMsg_Destroy(msg);
    }

    if (s != NATS_OK)
    {
        fprintf(stderr, "error: %s\n", natsStatus_GetText(s));
        nats_PrintLastErrorStack(stderr);
    }

    natsSubscription_Destroy(sub);
    natsConnection_Destroy(nc);
    nats_Close();

    return s == NATS_OK ? 0 : 1;
}
