/* Tests for record/pipe.c and record/socket.c: the two transports under the
 * record layer. Network tests use only 127.0.0.1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "record/transport.h"

/* ---- in-memory pipe ---- */

static void test_pipe_in_order(void **state)
{
    (void)state;
    gt_pipe *p = gt_pipe_new();
    gt_transport c = gt_pipe_client(p), s = gt_pipe_server(p);
    uint8_t buf[16];
    assert_int_equal(c.send(c.ctx, (const uint8_t *)"abc", 3), 3);
    assert_int_equal(c.send(c.ctx, (const uint8_t *)"defg", 4), 4);
    assert_int_equal(s.send(s.ctx, (const uint8_t *)"XY", 2), 2);
    /* a short read takes the oldest bytes first */
    assert_int_equal(s.recv(s.ctx, buf, 2), 2);
    assert_memory_equal(buf, "ab", 2);
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), 5);
    assert_memory_equal(buf, "cdefg", 5);
    /* the other direction is its own queue */
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), 2);
    assert_memory_equal(buf, "XY", 2);
    gt_pipe_free(p);
}

static void test_pipe_large_and_interleaved(void **state)
{
    (void)state;
    gt_pipe *p = gt_pipe_new();
    gt_transport c = gt_pipe_client(p), s = gt_pipe_server(p);
    static uint8_t out[100000], in[100000];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)(i * 31 + 7);
    /* send in chunks, receive in other chunks, interleaved */
    size_t sent = 0, got = 0;
    while (got < sizeof out) {
        if (sent < sizeof out) {
            size_t n = sizeof out - sent < 7001 ? sizeof out - sent : 7001;
            assert_int_equal(c.send(c.ctx, out + sent, n), (long)n);
            sent += n;
        }
        long k = s.recv(s.ctx, in + got, 5003);
        assert_true(k > 0);
        got += (size_t)k;
    }
    assert_memory_equal(in, out, sizeof out);
    assert_int_equal(s.recv(s.ctx, in, 1), GT_IO_WOULD_BLOCK);
    gt_pipe_free(p);
}

static void test_pipe_would_block_and_close(void **state)
{
    (void)state;
    gt_pipe *p = gt_pipe_new();
    gt_transport c = gt_pipe_client(p), s = gt_pipe_server(p);
    uint8_t buf[8];
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), GT_IO_WOULD_BLOCK);
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), GT_IO_WOULD_BLOCK);
    assert_int_equal(c.send(c.ctx, (const uint8_t *)"bye", 3), 3);
    gt_pipe_close(p, 0); /* the server's side: it sees end of stream once drained */
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), 3);
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), 0);
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), 0);
    /* the client's side is still open */
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), GT_IO_WOULD_BLOCK);
    gt_pipe_close(p, 1);
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), 0);
    gt_pipe_free(p);
}

typedef struct tap_log {
    int calls;
    int from_client[4];
    size_t n[4];
} tap_log;

/* Upper-cases what the client sends, as a tampering demo would. */
static void shouting_tap(void *ctx, int from_client, uint8_t *p, size_t n)
{
    tap_log *log = ctx;
    log->from_client[log->calls] = from_client;
    log->n[log->calls] = n;
    log->calls++;
    if (from_client)
        for (size_t i = 0; i < n; i++)
            if (p[i] >= 'a' && p[i] <= 'z')
                p[i] = (uint8_t)(p[i] - 'a' + 'A');
}

static void test_pipe_tap(void **state)
{
    (void)state;
    gt_pipe *p = gt_pipe_new();
    tap_log log = {0};
    gt_pipe_set_tap(p, shouting_tap, &log);
    gt_transport c = gt_pipe_client(p), s = gt_pipe_server(p);
    uint8_t msg[] = "hello";
    uint8_t buf[8];
    assert_int_equal(c.send(c.ctx, msg, 5), 5);
    assert_int_equal(s.send(s.ctx, (const uint8_t *)"ok", 2), 2);
    assert_int_equal(log.calls, 2);
    assert_int_equal(log.from_client[0], 1);
    assert_int_equal(log.n[0], 5);
    assert_int_equal(log.from_client[1], 0);
    assert_memory_equal(msg, "hello", 5); /* the sender's buffer is untouched */
    assert_int_equal(s.recv(s.ctx, buf, sizeof buf), 5);
    assert_memory_equal(buf, "HELLO", 5); /* the receiver gets the tampered copy */
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), 2);
    assert_memory_equal(buf, "ok", 2);
    gt_pipe_free(p);
}

/* ---- TCP sockets on 127.0.0.1 ---- */

static void test_socket_round_trip(void **state)
{
    (void)state;
    gt_error e = {0};
    int port = 0;
    int lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    assert_true(port > 0 && port < 65536);
    char port_text[8];
    snprintf(port_text, sizeof port_text, "%d", port);
    /* the kernel completes the connection from the listen backlog, so one
     * thread can connect first and accept afterwards */
    int cfd = gt_tcp_connect("127.0.0.1", port_text, 5, &e);
    if (cfd < 0)
        fail_msg("connect failed: %s", e.why);
    int sfd = gt_tcp_accept(lfd, 5, &e);
    assert_true(sfd >= 0);
    gt_transport c = gt_socket_transport(&cfd), s = gt_socket_transport(&sfd);

    static uint8_t out[50000], in[50000];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)(i ^ (i >> 8));
    assert_int_equal(c.send(c.ctx, out, sizeof out), (long)sizeof out);
    size_t got = 0;
    while (got < sizeof in) {
        long k = s.recv(s.ctx, in + got, sizeof in - got);
        assert_true(k > 0);
        got += (size_t)k;
    }
    assert_memory_equal(in, out, sizeof out);

    assert_int_equal(s.send(s.ctx, (const uint8_t *)"pong", 4), 4);
    uint8_t buf[4];
    got = 0;
    while (got < 4) {
        long k = c.recv(c.ctx, buf + got, 4 - got);
        assert_true(k > 0);
        got += (size_t)k;
    }
    assert_memory_equal(buf, "pong", 4);

    /* end of stream: recv returns 0 once the peer has closed */
    gt_tcp_close(sfd);
    assert_int_equal(c.recv(c.ctx, buf, sizeof buf), 0);
    gt_tcp_close(cfd);
    gt_tcp_close(lfd);
}

static void test_socket_recv_timeout(void **state)
{
    (void)state;
    gt_error e = {0};
    int port = 0;
    int lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    char port_text[8];
    snprintf(port_text, sizeof port_text, "%d", port);
    int cfd = gt_tcp_connect("127.0.0.1", port_text, 1, &e);
    assert_true(cfd >= 0);
    int sfd = gt_tcp_accept(lfd, 1, &e);
    assert_true(sfd >= 0);
    /* the server stays silent: after the 1 s timeout the client's recv fails */
    gt_transport c = gt_socket_transport(&cfd);
    uint8_t buf[1];
    assert_int_equal(c.recv(c.ctx, buf, 1), -1);
    gt_tcp_close(sfd);
    gt_tcp_close(cfd);
    gt_tcp_close(lfd);
}

static void test_connect_refused(void **state)
{
    (void)state;
    gt_error e = {0};
    /* take a free port, then close it: nothing listens there any more */
    int port = 0;
    int lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    gt_tcp_close(lfd);
    char port_text[8], want[64];
    snprintf(port_text, sizeof port_text, "%d", port);
    assert_int_equal(gt_tcp_connect("127.0.0.1", port_text, 2, &e), -1);
    assert_int_equal(e.code, GT_ERR_IO);
    snprintf(want, sizeof want, "could not connect to 127.0.0.1:%d: ", port);
    assert_memory_equal(e.why, want, strlen(want));
    assert_non_null(strstr(e.why, "refused"));
}

static void test_accept_timeout_and_bad_listen(void **state)
{
    (void)state;
    gt_error e = {0};
    int port = 0;
    int lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    assert_int_equal(gt_tcp_accept(lfd, 1, &e), -1);
    assert_non_null(strstr(e.why, "no client connected within 1 second"));
    gt_tcp_close(lfd);

    /* a port already in use cannot be listened on twice */
    gt_error e2 = {0};
    lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e2);
    assert_true(lfd >= 0);
    char port_text[8];
    snprintf(port_text, sizeof port_text, "%d", port);
    gt_error e3 = {0};
    assert_int_equal(gt_tcp_listen("127.0.0.1", port_text, NULL, &e3), -1);
    assert_non_null(strstr(e3.why, "could not listen on 127.0.0.1:"));
    gt_tcp_close(lfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipe_in_order),
        cmocka_unit_test(test_pipe_large_and_interleaved),
        cmocka_unit_test(test_pipe_would_block_and_close),
        cmocka_unit_test(test_pipe_tap),
        cmocka_unit_test(test_socket_round_trip),
        cmocka_unit_test(test_socket_recv_timeout),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_accept_timeout_and_bad_listen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
