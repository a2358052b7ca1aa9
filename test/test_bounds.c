/* test_bounds: resources a peer can make glasstls spend (docs/security.md).
 * - Heap: every malloc/calloc/realloc/free of this program's own objects,
 *   libglasstls.a included, goes through the wrappers below (the linker's
 *   --wrap, see mk/strict.mk). While the connection under test runs, what it
 *   allocates is counted; the peak must stay under GT_CONN_HEAP_BOUND
 *   (handshake/conn.h) when the peer sends the largest messages glasstls
 *   takes, and nothing may be left when the connection is freed.
 * - Secrets: every block freed is searched for the session's premaster,
 *   master secret and write keys (as reported in SECRET events): a block
 *   freed while holding one of them is a secret left lying on the heap.
 * - Time: on the socket transport a silent peer (127.0.0.1, nothing sent)
 *   ends the handshake after the socket timeout instead of holding it open.
 * Loops that a peer could keep turning (warning alerts, empty records,
 * refused renegotiations) are bounded and tested in test_state_record.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bytes/bytes.h"
#include "handshake/pair.h"
#include "test/helpers/script.h"

/* ---- the allocation wrappers ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

/* Live blocks: an open-addressing table from pointer to size and whether
 * the block was allocated while counting. */
#define SLOTS 65536
static struct {
    void *p;
    size_t n;
    bool counted;
} live[SLOTS];
static bool counting;        /* the connection under test is running */
static size_t current, peak; /* bytes counted and still allocated; the most at once */
static size_t untracked;     /* table full: must stay 0 */

#define MAX_SECRETS 16
static struct {
    uint8_t bytes[48];
    size_t len;
} secrets[MAX_SECRETS];
static size_t n_secrets;
static int secrets_freed; /* freed blocks that still held a secret */
static char secret_freed_name[64];

static size_t slot_of(const void *p) { return (size_t)(((uintptr_t)p >> 4) * 2654435761u) % SLOTS; }

static void track(void *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = slot_of(p), k = 0; k < SLOTS; i = (i + 1) % SLOTS, k++) {
        if (live[i].p == NULL || live[i].p == (void *)1) {
            live[i].p = p;
            live[i].n = n;
            live[i].counted = counting;
            if (counting && (current += n) > peak)
                peak = current;
            return;
        }
    }
    untracked++;
}

/* Forgets p; returns its size (0 when not ours). */
static size_t untrack(void *p)
{
    if (!p)
        return 0;
    for (size_t i = slot_of(p), k = 0; k < SLOTS && live[i].p; i = (i + 1) % SLOTS, k++) {
        if (live[i].p == p) {
            size_t n = live[i].n;
            if (live[i].counted)
                current -= n;
            live[i].p = (void *)1; /* a tombstone keeps later entries reachable */
            return n;
        }
    }
    return 0;
}

static bool contains(const uint8_t *p, size_t n, const uint8_t *needle, size_t len)
{
    for (size_t i = 0; i + len <= n; i++)
        if (p[i] == needle[0] && memcmp(p + i, needle, len) == 0)
            return true;
    return false;
}

static void check_no_secret(const void *p, size_t n)
{
    for (size_t s = 0; s < n_secrets; s++)
        if (contains(p, n, secrets[s].bytes, secrets[s].len))
            secrets_freed++;
}

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    track(p, n);
    return p;
}

void *__wrap_calloc(size_t m, size_t n)
{
    void *p = __real_calloc(m, n);
    track(p, m * n);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    size_t old_n = 0;
    for (size_t i = old ? slot_of(old) : 0, k = 0; old && k < SLOTS && live[i].p;
         i = (i + 1) % SLOTS, k++)
        if (live[i].p == old)
            old_n = live[i].n;
    if (old_n)
        check_no_secret(old, old_n);
    void *p = __real_realloc(old, n);
    if (!p)
        return NULL; /* old is still there */
    /* Counted as the worst case: the new block exists before the old goes. */
    if (counting && current + n > peak)
        peak = current + n;
    untrack(old);
    track(p, n);
    return p;
}

void __wrap_free(void *p)
{
    size_t n = untrack(p);
    if (n)
        check_no_secret(p, n);
    __real_free(p);
}

/* ---- observing secrets ---- */

static void remember_secrets(void *ctx, const gt_event *ev)
{
    (void)ctx;
    if (ev->kind != GT_EV_SECRET || n_secrets == MAX_SECRETS)
        return;
    /* the 4-byte implicit nonces are too short to search for meaningfully */
    if (ev->len < 16 || ev->len > 48 || !strcmp(ev->name, "session hash"))
        return;
    memcpy(secrets[n_secrets].bytes, ev->data, ev->len);
    secrets[n_secrets].len = ev->len;
    snprintf(secret_freed_name, sizeof secret_freed_name, "%s", ev->name);
    n_secrets++;
}

static void reset_counts(void)
{
    current = peak = 0;
    n_secrets = 0;
    secrets_freed = 0;
    counting = false;
}

static void run_counted(gt_script *s)
{
    counting = true;
    gt_script_run_sut(s);
    counting = false;
}

/* ---- heap bounds ---- */

/* Makes the two connections, counting only the one under test. */
static void start_counting_sut(gt_script *s)
{
    counting = s->sut_role == GT_CLIENT;
    s->p.client = gt_conn_new(GT_CLIENT, &s->p.ccfg, gt_pipe_client(s->p.pipe));
    counting = s->sut_role == GT_SERVER;
    s->p.server = gt_conn_new(GT_SERVER, &s->p.scfg, gt_pipe_server(s->p.pipe));
    counting = false;
    assert_non_null(s->p.client);
    assert_non_null(s->p.server);
    /* The pipe is the test's transport, not the connection's memory: let
     * its two queues grow to their working size before anything is counted. */
    static uint8_t filler[16384];
    gt_transport ends[2] = {gt_pipe_client(s->p.pipe), gt_pipe_server(s->p.pipe)};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ends[i].send(ends[i].ctx, filler, sizeof filler), (long)sizeof filler);
        for (size_t got = 0; got < sizeof filler;)
            got += (size_t)ends[!i].recv(ends[!i].ctx, filler, sizeof filler - got);
    }
    s->sut = s->sut_role == GT_CLIENT ? s->p.client : s->p.server;
    s->peer = s->sut_role == GT_CLIENT ? s->p.server : s->p.client;
    s->wire = s->sut_role == GT_CLIENT ? gt_pipe_server(s->p.pipe) : gt_pipe_client(s->p.pipe);
}

/* Both handshakes to the end, counting only while the side under test runs. */
static void complete_counting_sut(gt_script *s)
{
    for (int turns = 0; !(gt_handshake_done(s->sut) && gt_handshake_done(s->peer)); turns++) {
        gt_err rp = GT_OK, rs = GT_OK;
        assert_true(turns < 10);
        while (!gt_handshake_done(s->peer) && (rp = gt_handshake_step(s->peer)) == GT_OK)
            ;
        counting = true;
        while (!gt_handshake_done(s->sut) && (rs = gt_handshake_step(s->sut)) == GT_OK)
            ;
        counting = false;
        assert_true(rp == GT_OK || rp == GT_WANT_READ);
        assert_true(rs == GT_OK || rs == GT_WANT_READ);
    }
}

static size_t own_certificate_message(const gt_script *s)
{
    size_t n = 16;
    for (size_t i = 0; i < s->p.chain_len; i++)
        n += 3 + s->p.chain[i].der_len;
    return n;
}

/* The server: the largest ClientHello glasstls takes (just under 128 KiB:
 * 32767 cipher suites and a 65 KB extension), in records of 2^14 bytes. */
static void test_server_heap_with_largest_client_hello(void **state)
{
    (void)state;
    reset_counts();
    gt_script *s = calloc(1, sizeof *s);
    gt_script_load(s, GT_SERVER, 60);
    start_counting_sut(s);
    size_t body_len = GT_MAX_HANDSHAKE_MESSAGE - 200;
    uint8_t *msg = malloc(4 + body_len);
    gt_writer w;
    gt_writer_init(&w, msg, 4 + body_len);
    gt_write_u8(&w, GT_HS_CLIENT_HELLO);
    gt_vec_mark m = gt_write_vec_begin(&w, 3);
    gt_write_u16(&w, GT_TLS12);
    for (int i = 0; i < 32; i++)
        gt_write_u8(&w, (uint8_t)i);
    gt_write_u8(&w, 0);
    gt_write_u16(&w, 65534);
    for (int i = 0; i < 32767; i++)
        gt_write_u16(&w, i == 32766 ? 0x009c : (uint16_t)(0x1301 + i % 8));
    gt_write_u8(&w, 1);
    gt_write_u8(&w, 0);
    size_t ext_data = body_len - (w.len - 4) - 2 - 4;
    gt_write_u16(&w, (uint16_t)(ext_data + 4));
    gt_write_u16(&w, 21); /* padding (RFC 7685): zeros */
    gt_write_u16(&w, (uint16_t)ext_data);
    for (size_t i = 0; i < ext_data; i++)
        gt_write_u8(&w, 0);
    assert_true(gt_write_vec_end(&w, m));
    assert_true(gt_writer_ok(&w));
    assert_int_equal(w.len, 4 + body_len);
    for (size_t at = 0; at < w.len; at += GT_MAX_PLAINTEXT) {
        size_t n = w.len - at < GT_MAX_PLAINTEXT ? w.len - at : GT_MAX_PLAINTEXT;
        gt_script_send_record(s, GT_CT_HANDSHAKE, msg + at, n);
    }
    free(msg);
    run_counted(s);
    /* it was taken: the server answered and waits for ClientKeyExchange */
    assert_string_equal(gt_next_row_name(s->sut),
                        "receive ClientKeyExchange, decrypt the premaster");
    size_t bound = GT_CONN_HEAP_BOUND + own_certificate_message(s);
    print_message("server: peak heap %zu bytes for a %zu-byte ClientHello; bound %zu\n", peak,
                  body_len + 4, bound);
    assert_true(peak >= sizeof(gt_conn) + GT_MAX_HANDSHAKE_MESSAGE - 200);
    assert_true(peak <= bound);
    counting = true;
    gt_conn_free(s->p.server);
    counting = false;
    s->p.server = NULL;
    assert_int_equal(current, 0); /* nothing left behind */
    gt_script_close(s);
    free(s);
    assert_int_equal(untracked, 0);
}

/* The client: a Certificate message of 128 KiB holding eight certificates
 * (the most glasstls keeps) and then a ninth of 120 KB, which is refused
 * after the eight have been copied. */
static void test_client_heap_with_largest_certificate(void **state)
{
    (void)state;
    reset_counts();
    gt_script *s = calloc(1, sizeof *s);
    gt_script_load(s, GT_CLIENT, 61);
    start_counting_sut(s);
    gt_script_peer_until(s, "send Certificate");
    const gt_cert *leaf = &s->p.chain[0];
    size_t body_len = GT_MAX_HANDSHAKE_MESSAGE;
    uint8_t *msg = calloc(1, 4 + body_len);
    gt_writer w;
    gt_writer_init(&w, msg, 4 + body_len);
    gt_write_u8(&w, GT_HS_CERTIFICATE);
    gt_write_u24(&w, (uint32_t)body_len);
    gt_write_u24(&w, (uint32_t)(body_len - 3));
    for (int i = 0; i < 8; i++) {
        gt_write_u24(&w, (uint32_t)leaf->der_len);
        gt_write_bytes(&w, leaf->der, leaf->der_len);
    }
    size_t rest = 4 + body_len - w.len - 3;
    gt_write_u24(&w, (uint32_t)rest);
    w.len += rest; /* zeros */
    assert_true(gt_writer_ok(&w));
    for (size_t at = 0; at < w.len; at += GT_MAX_PLAINTEXT) {
        size_t n = w.len - at < GT_MAX_PLAINTEXT ? w.len - at : GT_MAX_PLAINTEXT;
        gt_script_send_record(s, GT_CT_HANDSHAKE, msg + at, n);
    }
    free(msg);
    run_counted(s);
    gt_script_expect_alert(s, GT_ALERT_BAD_CERTIFICATE);
    print_message("client: peak heap %zu bytes for a %zu-byte Certificate; bound %zu\n", peak,
                  body_len + 4, (size_t)GT_CONN_HEAP_BOUND);
    assert_true(peak >= sizeof(gt_conn) + GT_MAX_HANDSHAKE_MESSAGE + 8 * leaf->der_len);
    assert_true(peak <= GT_CONN_HEAP_BOUND);
    counting = true;
    gt_conn_free(s->p.client);
    counting = false;
    s->p.client = NULL;
    assert_int_equal(current, 0);
    gt_script_close(s);
    free(s);
}

/* After the handshake: records of 2^14 bytes of application data, many of
 * them; the heap stays at one record's worth beside the connection. */
static void test_heap_with_application_data(void **state)
{
    (void)state;
    for (int role = 0; role < 2; role++) {
        reset_counts();
        gt_script *s = calloc(1, sizeof *s);
        gt_script_load(s, (gt_role)role, 62);
        start_counting_sut(s);
        uint8_t *big = calloc(1, GT_MAX_PLAINTEXT), *back = malloc(GT_MAX_PLAINTEXT);
        complete_counting_sut(s);
        for (int i = 0; i < 20; i++) {
            assert_int_equal(gt_write(s->peer, big, GT_MAX_PLAINTEXT), GT_OK);
            size_t have = 0, got;
            counting = true;
            while (have < GT_MAX_PLAINTEXT) {
                assert_int_equal(gt_read(s->sut, back + have, GT_MAX_PLAINTEXT - have, &got),
                                 GT_OK);
                have += got;
            }
            counting = false;
        }
        print_message("%s: peak heap %zu bytes with 20 records of 2^14 bytes\n",
                      gt_role_name((gt_role)role), peak);
        /* the connection, its reassembly buffer and one record's worth */
        assert_true(peak >= sizeof(gt_conn) + GT_MAX_PLAINTEXT);
        assert_true(peak <= GT_CONN_HEAP_BOUND + own_certificate_message(s));
        counting = true;
        gt_conn_free(s->sut);
        counting = false;
        if (role == GT_CLIENT)
            s->p.client = NULL;
        else
            s->p.server = NULL;
        assert_int_equal(current, 0);
        free(big);
        free(back);
        gt_script_close(s);
        free(s);
    }
}

/* ---- no secret left on the heap ---- */

/* The search itself works: a freed block holding a secret is caught. */
static void test_secret_search_catches_a_leak(void **state)
{
    (void)state;
    reset_counts();
    memcpy(secrets[0].bytes, "0123456789abcdef", 16);
    secrets[0].len = 16;
    n_secrets = 1;
    /* through volatile pointers, so that the compiler cannot drop the pair */
    void *(*volatile alloc)(size_t) = malloc;
    void (*volatile release)(void *) = free;
    uint8_t *p = alloc(100);
    memcpy(p + 40, "0123456789abcdef", 16);
    release(p);
    assert_int_equal(secrets_freed, 1);
    reset_counts();
}

/* A whole session, both sides glasstls, then both freed: no block freed
 * on the way or at the end holds the premaster, the master secret or a
 * write key (RFC 5246 8.1; conn.c and record.c wipe them). */
static void test_no_secret_freed_unwiped(void **state)
{
    (void)state;
    for (int failing = 0; failing < 2; failing++) {
        reset_counts();
        gt_script *s = calloc(1, sizeof *s);
        gt_script_load(s, GT_CLIENT, 63);
        s->p.ccfg.observer = s->p.scfg.observer = remember_secrets;
        gt_script_start(s);
        gt_script_complete(s);
        assert_true(n_secrets >= 4);
        uint8_t buf[32];
        size_t got;
        assert_int_equal(gt_write(s->p.client, (const uint8_t *)"secret data", 11), GT_OK);
        assert_int_equal(gt_read(s->p.server, buf, sizeof buf, &got), GT_OK);
        if (failing) {
            /* end in a failure instead of a clean close */
            s->p.server->rl.rd.seq += 5; /* the next record fails its tag */
            assert_int_equal(gt_write(s->p.client, (const uint8_t *)"x", 1), GT_OK);
            assert_int_equal(gt_read(s->p.server, buf, sizeof buf, &got), GT_ERR_BAD_RECORD_MAC);
        } else {
            assert_int_equal(gt_close(s->p.client), GT_OK);
            assert_int_equal(gt_read(s->p.server, buf, sizeof buf, &got), GT_ERR_CLOSED);
        }
        gt_script_close(s);
        free(s);
        if (secrets_freed)
            fail_msg("%d freed blocks still held a secret of this session", secrets_freed);
    }
    reset_counts();
}

/* ---- a silent peer on a socket ---- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A server whose client connects and sends nothing (or only half a record
 * header) gives up after the socket timeout: no half-open handshake held
 * forever. The same for a client whose server accepts and stays silent. */
static void test_silent_peer_times_out(void **state)
{
    (void)state;
    gt_error e = {0};
    int port = 0;
    int lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    char port_s[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    gt_demo_pair p;
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    assert_int_equal(gt_demo_pair_load(&p, chain, "test/pki/sensor-hub.key", GT_SCRIPT_NOW), 0);

    for (int half_header = 0; half_header < 2; half_header++) {
        /* glasstls as server, the client silent */
        int cfd = gt_tcp_connect("127.0.0.1", port_s, 5, &e);
        assert_true(cfd >= 0);
        if (half_header)
            assert_int_equal(send(cfd, "\x16\x03", 2, 0), 2);
        int sfd = gt_tcp_accept(lfd, 1, &e);
        assert_true(sfd >= 0);
        gt_conn *server = gt_conn_new(GT_SERVER, &p.scfg, gt_socket_transport(&sfd));
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(gt_handshake(server), GT_ERR_IO);
        double took = seconds_since(&t0);
        assert_non_null(strstr(gt_conn_error(server)->why, "timed out"));
        assert_true(took >= 0.9 && took < 4.0);
        gt_conn_free(server);
        gt_tcp_close(sfd);
        gt_tcp_close(cfd);
    }

    /* glasstls as client, the server accepts (in the kernel) and stays silent */
    int cfd = gt_tcp_connect("127.0.0.1", port_s, 1, &e);
    assert_true(cfd >= 0);
    gt_conn *client = gt_conn_new(GT_CLIENT, &p.ccfg, gt_socket_transport(&cfd));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(gt_handshake(client), GT_ERR_IO);
    double took = seconds_since(&t0);
    assert_string_equal(gt_next_row_name(client), "receive ServerHello");
    assert_true(took >= 0.9 && took < 4.0);
    gt_conn_free(client);
    gt_tcp_close(cfd);
    gt_tcp_close(lfd);
    gt_demo_pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_heap_with_largest_client_hello),
        cmocka_unit_test(test_client_heap_with_largest_certificate),
        cmocka_unit_test(test_heap_with_application_data),
        cmocka_unit_test(test_secret_search_catches_a_leak),
        cmocka_unit_test(test_no_secret_freed_unwiped),
        cmocka_unit_test(test_silent_peer_times_out),
    };
    return cmocka_run_group_tests_name("bounds", tests, NULL, NULL);
}
