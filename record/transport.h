/* record/transport: how bytes leave and enter a connection, under the record
 * layer. TLS needs only a reliable, ordered byte stream (RFC 5246 section 1).
 * A transport is a pair of callbacks on a context, so the record layer does
 * not care whether the peer is a TCP socket or the other half of an in-memory
 * pipe (the demo runs client and server in one process over such a pipe). */
#ifndef GT_TRANSPORT_H
#define GT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"

#define GT_IO_WOULD_BLOCK (-2L)

typedef struct gt_transport {
    /* Sends all n bytes; returns n, or -1 on failure. */
    long (*send)(void *ctx, const uint8_t *p, size_t n);
    /* Receives up to n bytes; returns the count (> 0), 0 at end of stream,
     * GT_IO_WOULD_BLOCK when nothing has arrived yet (pipe only), -1 on failure. */
    long (*recv)(void *ctx, uint8_t *p, size_t n);
    void *ctx;
} gt_transport;

/* ---- In-memory pipe: two byte queues, one per direction. ---- */
typedef struct gt_pipe gt_pipe;

/* A tap sees every chunk of bytes as it is sent, and may change it in place
 * (used by the demo's eavesdropper and tampering scenarios). from_client is 1
 * for bytes the client sent. */
typedef void (*gt_pipe_tap)(void *ctx, int from_client, uint8_t *p, size_t n);

gt_pipe *gt_pipe_new(void);
void gt_pipe_free(gt_pipe *p);
gt_transport gt_pipe_client(gt_pipe *p); /* the client's end */
gt_transport gt_pipe_server(gt_pipe *p); /* the server's end */
void gt_pipe_set_tap(gt_pipe *p, gt_pipe_tap tap, void *ctx);
/* After this, the given side's recv returns 0 (end of stream) once its queue is empty. */
void gt_pipe_close(gt_pipe *p, int client_side);

/* ---- TCP sockets (blocking, with a receive/send timeout). ---- */
/* Connects to host:port; returns the socket or -1 with *e set. timeout_seconds
 * bounds the connect and each later send/recv (<= 0: wait forever). */
int gt_tcp_connect(const char *host, const char *port, int timeout_seconds, gt_error *e);
/* Listens on host:port (port "0" picks a free one); *bound_port gets the port. */
int gt_tcp_listen(const char *host, const char *port, int *bound_port, gt_error *e);
/* Waits up to timeout_seconds for a client (<= 0: forever); the accepted
 * socket gets the same send/recv timeout. */
int gt_tcp_accept(int listen_fd, int timeout_seconds, gt_error *e);
/* After this, a send or receive on fd that waits longer than timeout_seconds
 * fails (0 or less: wait forever). 0, or -1. */
int gt_tcp_set_timeout(int fd, int timeout_seconds);
void gt_tcp_close(int fd);
/* A transport over a connected socket; ctx points at the caller's int fd. */
gt_transport gt_socket_transport(int *fd);

#endif
