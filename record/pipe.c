/* record/pipe: an in-memory transport under the record layer, two byte
 * queues standing in for the two directions of a TCP connection: TLS asks
 * only for a reliable byte stream (RFC 5246 section 1). The demo and the tests
 * run a client and a server in one process over it; a tap sees (and may
 * alter) every chunk sent, which is how the demo plays eavesdropper and
 * attacker. */
#include "record/transport.h"

#include <stdlib.h>
#include <string.h>

/* We keep the whole backlog in memory; nothing legitimate comes close. */
#define PIPE_QUEUE_LIMIT (64u * 1024 * 1024)

/* Bytes sent by one side and not yet received by the other. */
typedef struct byte_queue {
    uint8_t *buf;
    size_t head; /* first unread byte */
    size_t len;  /* bytes in buf, read or not */
    size_t cap;
    int closed; /* the receiving side sees end of stream once drained */
} byte_queue;

/* Each end's transport ctx points at one of these. */
typedef struct pipe_end {
    gt_pipe *pipe;
    int is_client;
} pipe_end;

struct gt_pipe {
    byte_queue to_server, to_client;
    pipe_end client_end, server_end;
    gt_pipe_tap tap;
    void *tap_ctx;
};

gt_pipe *gt_pipe_new(void)
{
    gt_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->client_end = (pipe_end){p, 1};
    p->server_end = (pipe_end){p, 0};
    return p;
}

void gt_pipe_free(gt_pipe *p)
{
    if (!p)
        return;
    free(p->to_server.buf);
    free(p->to_client.buf);
    free(p);
}

/* Makes room for n more bytes: first by moving the unread bytes to the
 * front, then by growing. Returns where the new bytes go, or NULL. */
static uint8_t *queue_reserve(byte_queue *q, size_t n)
{
    if (q->head > 0) {
        memmove(q->buf, q->buf + q->head, q->len - q->head);
        q->len -= q->head;
        q->head = 0;
    }
    if (n > PIPE_QUEUE_LIMIT - q->len)
        return NULL;
    if (q->len + n > q->cap) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap < q->len + n)
            cap *= 2;
        uint8_t *bigger = realloc(q->buf, cap);
        if (!bigger)
            return NULL;
        q->buf = bigger;
        q->cap = cap;
    }
    return q->buf + q->len;
}

static long pipe_send(void *ctx, const uint8_t *p, size_t n)
{
    pipe_end *end = ctx;
    gt_pipe *pipe = end->pipe;
    byte_queue *q = end->is_client ? &pipe->to_server : &pipe->to_client;
    if (n == 0)
        return 0;
    uint8_t *dst = queue_reserve(q, n);
    if (!dst)
        return -1;
    memcpy(dst, p, n);
    /* The tap changes our queued copy, never the sender's buffer. */
    if (pipe->tap)
        pipe->tap(pipe->tap_ctx, end->is_client, dst, n);
    q->len += n;
    return (long)n;
}

static long pipe_recv(void *ctx, uint8_t *p, size_t n)
{
    pipe_end *end = ctx;
    byte_queue *q = end->is_client ? &end->pipe->to_client : &end->pipe->to_server;
    size_t available = q->len - q->head;
    if (available == 0)
        return q->closed ? 0 : GT_IO_WOULD_BLOCK;
    if (n > available)
        n = available;
    memcpy(p, q->buf + q->head, n);
    q->head += n;
    return (long)n;
}

gt_transport gt_pipe_client(gt_pipe *p)
{
    return (gt_transport){pipe_send, pipe_recv, &p->client_end};
}

gt_transport gt_pipe_server(gt_pipe *p)
{
    return (gt_transport){pipe_send, pipe_recv, &p->server_end};
}

void gt_pipe_set_tap(gt_pipe *p, gt_pipe_tap tap, void *ctx)
{
    p->tap = tap;
    p->tap_ctx = ctx;
}

void gt_pipe_close(gt_pipe *p, int client_side)
{
    byte_queue *q = client_side ? &p->to_client : &p->to_server;
    q->closed = 1;
}
