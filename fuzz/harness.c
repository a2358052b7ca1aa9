/* fuzz/harness: the peer a fuzz target talks to, and the demo session its
 * seeds and message targets start from (see harness.h). Record framing
 * follows RFC 5246 6.2.1; sealing uses the library's own record writer, so a
 * fuzzed Finished is protected exactly as a real server would protect it. */
#include "fuzz/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "crypto/rsa.h"
#include "handshake/pair.h"
#include "x509/pem.h"

#ifndef GT_PKI_DIR
#define GT_PKI_DIR "test/pki"
#endif
#define FIXTURE_CERT GT_PKI_DIR "/../fixtures/openssl-session/server.pem"

/* 2030-01-01: inside the validity of the demo PKI (2025-2045) and of the
 * OpenSSL fixture's certificate (2026-2036). The clock does not change a
 * single byte the client sends, so the demo's bytes still replay. */
#define FUZZ_NOW 1893456000

static struct {
    gt_cert chain[GT_MAX_CHAIN];
    size_t chain_len;
    rsa_key key;
    gt_trust trust;
    fuzz_session session;
    bool ready;
} g;

static void die(const char *what, const gt_error *e)
{
    fprintf(stderr, "fuzz harness: %s%s%s\n", what, e && e->why[0] ? ": " : "", e ? e->why : "");
    abort();
}

/* ---- the observer: touches every byte an event points at, so a dangling
 * pointer in an event is caught by AddressSanitizer ---- */

static volatile unsigned fuzz_sink;

void fuzz_touch(const void *p, size_t n)
{
    const uint8_t *b = p;
    unsigned s = 0;
    for (size_t i = 0; b && i < n; i++)
        s += b[i];
    fuzz_sink += s;
}

static void fuzz_observer(void *ctx, const gt_event *ev)
{
    (void)ctx;
    fuzz_touch(ev->data, ev->len);
    fuzz_touch(ev->plain, ev->plain_len);
    fuzz_touch(ev->aux, ev->aux_len);
    if (ev->name)
        fuzz_touch(ev->name, strlen(ev->name));
    if (ev->summary)
        fuzz_touch(ev->summary, strlen(ev->summary));
    if (ev->value)
        fuzz_touch(ev->value, strlen(ev->value));
}

/* ---- configurations ---- */

void fuzz_client_config(gt_config *cfg, gt_rng *rng)
{
    gt_rng_init_seeded(rng, FUZZ_CLIENT_SEED);
    *cfg = (gt_config){.server_name = "sensor-hub.local", .trust = &g.trust, .now = FUZZ_NOW};
    cfg->rng = rng;
    cfg->observer = fuzz_observer;
}

void fuzz_server_config(gt_config *cfg, gt_rng *rng)
{
    gt_rng_init_seeded(rng, FUZZ_SERVER_SEED);
    *cfg = (gt_config){.chain = g.chain, .chain_len = g.chain_len, .key = &g.key, .now = FUZZ_NOW};
    cfg->rng = rng;
    cfg->observer = fuzz_observer;
}

/* ---- recording the demo session ---- */

static void keep(fuzz_bytes *list, size_t *n, size_t max, const uint8_t *p, size_t len)
{
    if (*n == max)
        die("the demo session has more records or messages than expected", NULL);
    list[*n].p = malloc(len ? len : 1);
    if (!list[*n].p)
        die("out of memory", NULL);
    memcpy(list[*n].p, p, len);
    list[*n].len = len;
    ++*n;
}

/* Every pipe send is one whole record (record.c sends header and body
 * together). */
static void record_tap(void *ctx, int from_client, uint8_t *p, size_t n)
{
    fuzz_session *s = ctx;
    int side = from_client ? GT_CLIENT : GT_SERVER;
    keep(s->records[side], &s->n_records[side], FUZZ_MAX_RECORDS, p, n);
}

static void recording_observer(void *ctx, const gt_event *ev)
{
    fuzz_session *s = ctx;
    if (ev->kind == GT_EV_MESSAGE && ev->sent && ev->content_type == GT_CT_HANDSHAKE)
        keep(s->messages[ev->role], &s->n_messages[ev->role], FUZZ_MAX_MESSAGES, ev->data, ev->len);
    if (ev->kind != GT_EV_SECRET || ev->role != GT_SERVER)
        return;
    if (!strcmp(ev->name, "server_write_key") && ev->len == 16)
        memcpy(s->server_write_key, ev->data, 16);
    if (!strcmp(ev->name, "server_write_IV") && ev->len == 4)
        memcpy(s->server_write_iv, ev->data, 4);
    if (!strcmp(ev->name, "client_write_key") && ev->len == 16)
        memcpy(s->client_write_key, ev->data, 16);
    if (!strcmp(ev->name, "client_write_IV") && ev->len == 4)
        memcpy(s->client_write_iv, ev->data, 4);
}

/* The demo's exchange: the handshake, one message each way, close_notify
 * from the client and the server's answering close_notify. */
static void record_demo_session(fuzz_session *s)
{
    static const char ask[] = "GET /temperature";
    static const char answer[] = "temperature=21.5C humidity=40%";
    uint8_t buf[256];
    size_t got;
    gt_rng crng, srng;
    gt_config ccfg, scfg;
    fuzz_client_config(&ccfg, &crng);
    fuzz_server_config(&scfg, &srng);
    ccfg.observer = scfg.observer = recording_observer;
    ccfg.observer_ctx = scfg.observer_ctx = s;
    gt_pipe *pipe = gt_pipe_new();
    if (!pipe)
        die("out of memory", NULL);
    gt_pipe_set_tap(pipe, record_tap, s);
    gt_conn *client = gt_conn_new(GT_CLIENT, &ccfg, gt_pipe_client(pipe));
    gt_conn *server = gt_conn_new(GT_SERVER, &scfg, gt_pipe_server(pipe));
    if (!client || !server)
        die("out of memory", NULL);
    if (gt_pair_run(client, server) != GT_OK)
        die("the demo handshake failed", client->err.code ? &client->err : &server->err);
    if (gt_write(client, (const uint8_t *)ask, strlen(ask)) != GT_OK ||
        gt_read(server, buf, sizeof buf, &got) != GT_OK ||
        gt_write(server, (const uint8_t *)answer, strlen(answer)) != GT_OK ||
        gt_read(client, buf, sizeof buf, &got) != GT_OK || gt_close(client) != GT_OK ||
        gt_read(server, buf, sizeof buf, &got) != GT_ERR_CLOSED)
        die("the demo's application data did not go through", NULL);
    gt_conn_free(client);
    gt_conn_free(server);
    gt_pipe_free(pipe);
}

void fuzz_init(void)
{
    gt_error e = {0};
    if (g.ready)
        return;
    if (gt_crypto_init() != GT_OK)
        die("gt_crypto_init failed", NULL);
    if (gt_pem_load_certs(GT_PKI_DIR "/sensor-hub.pem", g.chain, GT_MAX_CHAIN, &g.chain_len, &e) !=
            GT_OK ||
        gt_pem_load_rsa_key(GT_PKI_DIR "/sensor-hub.key", &g.key, &e) != GT_OK)
        die("cannot load the demo server identity", &e);
    gt_trust_init(&g.trust);
    if (gt_trust_load(&g.trust, GT_PKI_DIR "/root.pem", &e) != GT_OK ||
        gt_trust_load(&g.trust, FIXTURE_CERT, &e) != GT_OK)
        die("cannot load the trusted roots", &e);
    record_demo_session(&g.session);
    g.ready = true;
}

const fuzz_session *fuzz_demo_session(void) { return &g.session; }

/* ---- the peer ---- */

void fuzz_peer_init(fuzz_peer *p) { memset(p, 0, sizeof *p); }

void fuzz_peer_free(fuzz_peer *p)
{
    free(p->buf);
    memset(p, 0, sizeof *p);
}

void fuzz_peer_append(fuzz_peer *p, const uint8_t *data, size_t len)
{
    if (len > p->cap - p->len) {
        size_t cap = p->cap ? p->cap : 4096;
        while (cap - p->len < len)
            cap *= 2;
        uint8_t *bigger = realloc(p->buf, cap);
        if (!bigger)
            die("out of memory", NULL);
        p->buf = bigger;
        p->cap = cap;
    }
    if (len)
        memcpy(p->buf + p->len, data, len);
    p->len += len;
}

static long append_send(void *ctx, const uint8_t *data, size_t n)
{
    fuzz_peer_append(ctx, data, n);
    return (long)n;
}

static long no_recv(void *ctx, uint8_t *data, size_t n)
{
    (void)ctx, (void)data, (void)n;
    return 0;
}

void fuzz_peer_append_handshake(fuzz_peer *p, uint8_t hs_type, const uint8_t *body, size_t len,
                                const uint8_t *key, const uint8_t *iv)
{
    static gt_record_layer writer; /* 37 KB: not on the stack */
    gt_error e = {0};
    uint8_t *msg = malloc(4 + len);
    if (!msg)
        die("out of memory", NULL);
    msg[0] = hs_type;
    msg[1] = (uint8_t)(len >> 16), msg[2] = (uint8_t)(len >> 8), msg[3] = (uint8_t)len;
    if (len)
        memcpy(msg + 4, body, len);
    if (!key) {
        /* in the clear: framed here, sparing a record layer's set-up and wipe */
        fuzz_peer_append_record(p, GT_CT_HANDSHAKE, msg, 4 + len);
        free(msg);
        return;
    }
    gt_record_init(&writer, fuzz_peer_writer(p));
    if (key && gt_record_set_write_key(&writer, key, iv) != GT_OK)
        die("cannot set the peer's write key", NULL);
    if (gt_record_write(&writer, GT_CT_HANDSHAKE, msg, 4 + len, &e) != GT_OK)
        die("cannot write the fuzzed message", &e);
    gt_record_free(&writer);
    free(msg);
}

void fuzz_peer_append_record(fuzz_peer *p, uint8_t type, const uint8_t *payload, size_t len)
{
    size_t done = 0;
    do {
        size_t n = len - done > GT_MAX_PLAINTEXT ? GT_MAX_PLAINTEXT : len - done;
        uint8_t header[GT_RECORD_HEADER_LEN] = {type, 3, 3, (uint8_t)(n >> 8), (uint8_t)n};
        fuzz_peer_append(p, header, sizeof header);
        fuzz_peer_append(p, payload + done, n);
        done += n;
    } while (done < len);
}

/* A TCP peer's bytes arrive in pieces of any size; this pattern splits
 * headers and bodies in many places without depending on the input. */
static const size_t chunk_pattern[] = {5, 1, 300, 2, 20000, 64, 4096, 3, 17, 20000};
#define N_CHUNKS (sizeof chunk_pattern / sizeof chunk_pattern[0])

static long peer_recv(void *ctx, uint8_t *data, size_t n)
{
    fuzz_peer *p = ctx;
    size_t left = p->len - p->off;
    if (left == 0)
        return 0; /* end of stream: the other side is gone */
    size_t chunk = chunk_pattern[p->chunk++ % N_CHUNKS];
    if (n > chunk)
        n = chunk;
    if (n > left)
        n = left;
    memcpy(data, p->buf + p->off, n);
    p->off += n;
    return (long)n;
}

static long peer_send(void *ctx, const uint8_t *data, size_t n)
{
    (void)ctx;
    fuzz_touch(data, n);
    return (long)n;
}

gt_transport fuzz_peer_transport(fuzz_peer *p) { return (gt_transport){peer_send, peer_recv, p}; }

gt_transport fuzz_peer_writer(fuzz_peer *p) { return (gt_transport){append_send, no_recv, p}; }

/* ---- running a connection ---- */

void fuzz_run_connection(gt_conn *c)
{
    if (gt_handshake(c) != GT_OK)
        return;
    uint8_t buf[4096];
    size_t got;
    /* Each read consumes at least one record of a finite input; the count is
     * only a guard. */
    for (int i = 0; i < 100000 && gt_read(c, buf, sizeof buf, &got) == GT_OK; i++)
        if (got && gt_write(c, buf, got) != GT_OK)
            break;
    gt_close(c);
}

void fuzz_run_through_row(gt_conn *c, const char *row_name)
{
    size_t target = c->n_rows;
    for (size_t i = 0; i < c->n_rows; i++)
        if (!strcmp(c->rows[i].name, row_name))
            target = i;
    if (target == c->n_rows) {
        fprintf(stderr, "fuzz harness: no row named '%s'\n", row_name);
        abort();
    }
    while (!gt_handshake_done(c) && c->row <= target)
        if (gt_handshake_step(c) != GT_OK)
            return;
}

void fuzz_conn_start(fuzz_conn *f, gt_role role, size_t n_prefix)
{
    const fuzz_session *s = &g.session;
    int peer = role == GT_CLIENT ? GT_SERVER : GT_CLIENT;
    if (n_prefix > s->n_records[peer])
        die("the demo session is shorter than a target expects", NULL);
    if (role == GT_CLIENT)
        fuzz_client_config(&f->cfg, &f->rng);
    else
        fuzz_server_config(&f->cfg, &f->rng);
    fuzz_peer_init(&f->peer);
    for (size_t i = 0; i < n_prefix; i++)
        fuzz_peer_append(&f->peer, s->records[peer][i].p, s->records[peer][i].len);
    f->c = gt_conn_new(role, &f->cfg, fuzz_peer_transport(&f->peer));
    if (!f->c)
        die("out of memory", NULL);
}

void fuzz_conn_end(fuzz_conn *f)
{
    gt_conn_free(f->c);
    fuzz_peer_free(&f->peer);
    f->c = NULL;
}

void fuzz_expect_record(int sender, size_t i, uint8_t type, int hs_type)
{
    const fuzz_session *s = &g.session;
    if (i >= s->n_records[sender] || s->records[sender][i].len < GT_RECORD_HEADER_LEN + 1 ||
        s->records[sender][i].p[0] != type ||
        (hs_type >= 0 && s->records[sender][i].p[GT_RECORD_HEADER_LEN] != hs_type)) {
        fprintf(stderr,
                "fuzz harness: the demo's %s record %zu is not what this target "
                "expects\n",
                gt_role_name((gt_role)sender), i);
        abort();
    }
}

void fuzz_one_connection(gt_role role, const uint8_t *data, size_t size)
{
    fuzz_conn f;
    fuzz_conn_start(&f, role, 0);
    fuzz_peer_append(&f.peer, data, size);
    fuzz_run_connection(f.c);
    fuzz_conn_end(&f);
}

void fuzz_one_message(gt_role role, size_t n_prefix, uint8_t hs_type, const uint8_t *data,
                      size_t size, const uint8_t *key, const uint8_t *iv, const char *row_name)
{
    fuzz_conn f;
    fuzz_conn_start(&f, role, n_prefix);
    fuzz_peer_append_handshake(&f.peer, hs_type, data, size, key, iv);
    fuzz_run_through_row(f.c, row_name);
    fuzz_conn_end(&f);
}
