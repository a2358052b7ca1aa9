/* test/bench/inproc: everything measured inside this process, over an
 * in-memory link: the crypto floor of a handshake (the libtomcrypt work it
 * cannot avoid, timed alone), whole handshakes and their lesson steps,
 * record throughput beside raw AES-GCM, heap per connection, and the
 * callgrind child that counts instructions of the same floor and handshake.
 * RFC 5246 7.3 (the RSA handshake) and 6.2.3.3 (AEAD records) say what is
 * being measured. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

#include "crypto/aead.h"
#include "crypto/prf.h"
#include "crypto/rsa.h"
#include "crypto/sha256.h"
#include "demo/common.h"
#include "handshake/certificate.h"
#include "handshake/finished.h"
#include "handshake/hello.h"
#include "handshake/key_decrypt.h"
#include "handshake/key_encrypt.h"
#include "handshake/keys.h"
#include "handshake/verify.h"
#include "test/bench/bench.h"
#include "test/helpers/openssl_peer.h"

const char *const bench_module_names[MOD_COUNT] = {"setup",  "hello",       "certificate",
                                                   "verify", "key_encrypt", "key_decrypt",
                                                   "keys",   "finished",    "teardown"};

const char *const floor_op_names[FLOOR_COUNT] = {"RSA-2048 decrypt, PKCS#1 v1.5 (server)",
                                                 "RSA-2048 encrypt, PKCS#1 v1.5 (client)",
                                                 "cert signature: SHA-256 + RSA verify",
                                                 "PRF: EMS, key block, 2 Finished",
                                                 "AES-128-GCM key set-up",
                                                 "AES-GCM seal+open of a Finished",
                                                 "SHA-256 transcript + 3 hashes"};

/* ---- an in-memory link without heap: two fixed byte queues ---- */

typedef struct queue {
    uint8_t buf[64 * 1024];
    size_t head, len;
} queue;
typedef struct mem_link {
    queue to_server, to_client;
} mem_link;
typedef struct link_end {
    mem_link *l;
    bool client;
} link_end;

static long link_send(void *ctx, const uint8_t *p, size_t n)
{
    link_end *end = ctx;
    queue *q = end->client ? &end->l->to_server : &end->l->to_client;
    if (q->head > 0) {
        memmove(q->buf, q->buf + q->head, q->len - q->head);
        q->len -= q->head;
        q->head = 0;
    }
    if (n > sizeof q->buf - q->len)
        return -1;
    memcpy(q->buf + q->len, p, n);
    q->len += n;
    return (long)n;
}

static long link_recv(void *ctx, uint8_t *p, size_t n)
{
    link_end *end = ctx;
    queue *q = end->client ? &end->l->to_client : &end->l->to_server;
    size_t available = q->len - q->head;
    if (available == 0)
        return GT_IO_WOULD_BLOCK;
    if (n > available)
        n = available;
    memcpy(p, q->buf + q->head, n);
    q->head += n;
    return (long)n;
}

/* ---- what one handshake is split into: the lesson step modules ---- */

static int module_of(gt_err (*run)(gt_conn *))
{
    static const struct {
        gt_err (*run)(gt_conn *);
        int module;
    } map[] = {
        {gt_send_client_hello, MOD_HELLO},
        {gt_recv_client_hello, MOD_HELLO},
        {gt_send_server_hello, MOD_HELLO},
        {gt_recv_server_hello, MOD_HELLO},
        {gt_send_certificate, MOD_CERTIFICATE},
        {gt_recv_certificate, MOD_CERTIFICATE},
        {gt_send_server_hello_done, MOD_CERTIFICATE},
        {gt_recv_server_hello_done, MOD_CERTIFICATE},
        {gt_verify_server_certificate, MOD_VERIFY},
        {gt_premaster_generate_encrypt, MOD_KEY_ENCRYPT},
        {gt_send_client_key_exchange, MOD_KEY_ENCRYPT},
        {gt_recv_client_key_exchange, MOD_KEY_DECRYPT},
        {gt_derive_keys, MOD_KEYS},
        {gt_send_change_cipher_spec, MOD_FINISHED},
        {gt_recv_change_cipher_spec, MOD_FINISHED},
        {gt_send_finished, MOD_FINISHED},
        {gt_recv_finished, MOD_FINISHED},
        {gt_secure_channel_established, MOD_FINISHED},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].run == run)
            return map[i].module;
    return MOD_FINISHED; /* a row added later: charged to the last step */
}

/* The observer of both sides: a row that finishes is charged the time
 * since the previous mark (only one side runs at a time). Under callgrind
 * each row also dumps the instruction counters under its module's name. */
typedef struct watch {
    gt_conn *conn[2]; /* [role] */
    double mark_us;
    double module_us[MOD_COUNT];
    size_t transcript_bytes; /* handshake bytes the client hashed */
    bool callgrind;
} watch;

typedef struct side {
    watch *w;
    gt_role role;
} side;

static void dump(watch *w, const char *name)
{
    if (w->callgrind)
        CALLGRIND_DUMP_STATS_AT(name);
}

static void on_event(void *ctx, const gt_event *ev)
{
    side *s = ctx;
    watch *w = s->w;
    if (ev->kind == GT_EV_MESSAGE && s->role == GT_CLIENT && ev->content_type == GT_CT_HANDSHAKE)
        w->transcript_bytes += ev->len;
    if (ev->kind != GT_EV_ROW_DONE)
        return;
    const gt_conn *c = w->conn[s->role];
    int m = module_of(c->rows[c->row].run);
    double t = bench_now_us();
    w->module_us[m] += t - w->mark_us;
    dump(w, bench_module_names[m]);
    w->mark_us = bench_now_us();
}

/* Steps both sides until both are done; a side that waits for its peer
 * hands over. heap_owner says whose allocations these are. */
static gt_err run_pair(gt_conn *client, gt_conn *server)
{
    gt_conn *sides[2] = {client, server};
    int turn = 0;
    for (int guard = 0; guard < 200; guard++) {
        if (gt_handshake_done(client) && gt_handshake_done(server))
            return GT_OK;
        if (gt_handshake_done(sides[turn])) {
            turn = !turn;
            continue;
        }
        heap_owner = turn ? OWNER_SERVER : OWNER_CLIENT;
        gt_err rc = gt_handshake_step(sides[turn]);
        heap_owner = OWNER_NONE;
        if (rc == GT_WANT_READ)
            turn = !turn;
        else if (rc != GT_OK)
            return rc;
    }
    return GT_ERR_INTERNAL;
}

/* ---- the material: demo PKI, loaded under the backend being measured ---- */

typedef struct bench_ctx {
    gt_material srv, cli; /* server identity; client trust */
    const gt_cert *leaf, *root;
    gt_config ccfg, scfg;
    side cside, sside;
    watch w;
    mem_link *l;
    link_end cend, send;
    gt_rng rng;
} bench_ctx;

static int ctx_load(bench_ctx *b, gt_math m, char *why, size_t cap)
{
    memset(b, 0, sizeof *b);
    if (gt_crypto_use_math(m) != GT_OK) {
        snprintf(why, cap, "cannot select the %s backend", gt_math_name(m));
        return -1;
    }
    if (gt_load_server_identity(&b->srv, gt_pki_path("sensor-hub.pem"),
                                gt_pki_path("sensor-hub.key")) ||
        gt_load_trust(&b->cli, gt_pki_path("root.pem")) || b->cli.trust.n < 1) {
        snprintf(why, cap, "cannot load the demo PKI from %s", GT_PKI_DIR);
        return -1;
    }
    b->leaf = &b->srv.chain[0];
    b->root = &b->cli.trust.roots[0];
    /* validation time fixed inside the demo certificates' lifetime */
    int64_t now = 1767225600; /* 2026-01-01 */
    b->cside = (side){&b->w, GT_CLIENT};
    b->sside = (side){&b->w, GT_SERVER};
    b->ccfg = (gt_config){.server_name = "sensor-hub.local",
                          .trust = &b->cli.trust,
                          .now = now,
                          .observer = on_event,
                          .observer_ctx = &b->cside};
    b->scfg = (gt_config){.chain = b->srv.chain,
                          .chain_len = b->srv.chain_len,
                          .key = &b->srv.key,
                          .now = now,
                          .observer = on_event,
                          .observer_ctx = &b->sside};
    b->l = calloc(1, sizeof *b->l);
    if (!b->l) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    b->cend = (link_end){b->l, true};
    b->send = (link_end){b->l, false};
    gt_rng_init_os(&b->rng);
    return 0;
}

static void ctx_free(bench_ctx *b)
{
    gt_material_free(&b->srv);
    gt_material_free(&b->cli);
    free(b->l);
    gt_crypto_use_math(GT_MATH_LTM);
}

/* One handshake from gt_conn_new to a finished handshake; the connections
 * are left open for the caller (records) and freed by conn_pair_free. */
static int handshake_open(bench_ctx *b, gt_conn **c, gt_conn **s, char *why, size_t cap)
{
    memset(b->l, 0, sizeof *b->l);
    memset(b->w.module_us, 0, sizeof b->w.module_us);
    b->w.transcript_bytes = 0;
    b->w.mark_us = bench_now_us();
    heap_owner = OWNER_CLIENT;
    *c = gt_conn_new(GT_CLIENT, &b->ccfg, (gt_transport){link_send, link_recv, &b->cend});
    heap_owner = OWNER_SERVER;
    *s = gt_conn_new(GT_SERVER, &b->scfg, (gt_transport){link_send, link_recv, &b->send});
    heap_owner = OWNER_NONE;
    b->w.conn[GT_CLIENT] = *c;
    b->w.conn[GT_SERVER] = *s;
    double t = bench_now_us();
    b->w.module_us[MOD_SETUP] += t - b->w.mark_us;
    dump(&b->w, "setup");
    b->w.mark_us = bench_now_us();
    if (!*c || !*s) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    if (run_pair(*c, *s) != GT_OK) {
        snprintf(why, cap, "in-process handshake failed: client: %s / server: %s",
                 gt_conn_error(*c)->why, gt_conn_error(*s)->why);
        return -1;
    }
    return 0;
}

static void conn_pair_free(bench_ctx *b, gt_conn *c, gt_conn *s)
{
    b->w.mark_us = bench_now_us();
    heap_owner = OWNER_CLIENT;
    gt_conn_free(c);
    heap_owner = OWNER_SERVER;
    gt_conn_free(s);
    heap_owner = OWNER_NONE;
    b->w.module_us[MOD_TEARDOWN] += bench_now_us() - b->w.mark_us;
    dump(&b->w, "teardown");
}

/* ---- the crypto floor ---- */

typedef struct floor_data {
    uint8_t premaster[48], enc[GT_RSA_MAX_MODULUS_BYTES];
    size_t enc_len;
    uint8_t *transcript; /* transcript_bytes of filler */
    size_t transcript_len;
} floor_data;

/* One repetition of one floor operation. Each does what the handshake does
 * with the same functions and sizes; 0 or -1. */
static int floor_once(bench_ctx *b, floor_data *d, int op)
{
    uint8_t out[GT_RSA_MAX_MODULUS_BYTES], digest[64], hash[32] = {1};
    size_t n = sizeof out;
    switch (op) {
    case FLOOR_RSA_DECRYPT:
        return gt_rsa_pkcs1_decrypt_fixed(&b->srv.key, d->enc, d->enc_len, out, 48) ? 0 : -1;
    case FLOOR_RSA_ENCRYPT:
        return gt_rsa_pkcs1_encrypt(&b->leaf->rsa, &b->rng, d->premaster, 48, out, &n) ? -1 : 0;
    case FLOOR_SIG_VERIFY: {
        unsigned long dn = sizeof digest;
        if (hash_memory(find_hash("sha256"), b->leaf->tbs, b->leaf->tbs_len, digest, &dn) !=
            CRYPT_OK)
            return -1;
        return gt_rsa_pkcs1_verify(&b->root->rsa, GT_HASH_SHA256, digest, dn, b->leaf->sig,
                                   b->leaf->sig_len)
                   ? -1
                   : 0;
    }
    case FLOOR_PRF: {
        uint8_t master[48], block[40], vd[12];
        int rc = gt_prf_sha256(d->premaster, 48, "extended master secret", hash, 32, master, 48);
        uint8_t seed[64] = {2}; /* server_random || client_random */
        rc |= gt_prf_sha256(master, 48, "key expansion", seed, sizeof seed, block, 40);
        rc |= gt_prf_sha256(master, 48, "client finished", hash, 32, vd, 12);
        rc |= gt_prf_sha256(master, 48, "server finished", hash, 32, vd, 12);
        return rc ? -1 : 0;
    }
    case FLOOR_GCM_SETUP: {
        /* libtomcrypt's key set-up alone: the AES key schedule and GCM's
         * table (where the state lives and its wiping are the protocol's) */
        static gcm_state g;
        return gcm_init(&g, find_cipher("aes"), d->premaster, 16) == CRYPT_OK ? 0 : -1;
    }
    case FLOOR_GCM_FINISHED: {
        static gt_aead a;
        static bool ready;
        uint8_t nonce[12] = {0}, aad[13] = {0}, msg[16] = {20, 0, 0, 12}, tag[16];
        if (!ready && gt_aead_init(&a, d->premaster) != GT_OK)
            return -1;
        ready = true;
        if (gt_aead_seal(&a, nonce, aad, sizeof aad, msg, sizeof msg, out, tag) != GT_OK)
            return -1;
        return gt_aead_open(&a, nonce, aad, sizeof aad, out, sizeof msg, tag, msg) ? -1 : 0;
    }
    case FLOOR_TRANSCRIPT: {
        gt_transcript t;
        gt_transcript_init(&t);
        gt_transcript_add(&t, d->transcript, d->transcript_len);
        for (int i = 0; i < 3; i++) /* session_hash, and the two Finished */
            gt_transcript_hash(&t, hash);
        return 0;
    }
    }
    return -1;
}

/* How many times one handshake (both sides) does each floor operation, for
 * the demo chain (one signature: the root's on the leaf). */
static const int floor_mult[FLOOR_COUNT] = {1, 1, 1, 2, 4, 2, 2};

static int floor_prepare(bench_ctx *b, floor_data *d, size_t transcript_bytes)
{
    memset(d, 0, sizeof *d);
    d->premaster[0] = 3, d->premaster[1] = 3;
    if (gt_rng_bytes(&b->rng, d->premaster + 2, 46) != GT_OK)
        return -1;
    d->enc_len = sizeof d->enc;
    if (gt_rsa_pkcs1_encrypt(&b->leaf->rsa, &b->rng, d->premaster, 48, d->enc, &d->enc_len))
        return -1;
    d->transcript_len = transcript_bytes;
    d->transcript = calloc(1, transcript_bytes + 1);
    return d->transcript ? 0 : -1;
}

/* ---- records ---- */

#define REC 16384

/* Application data in 16 KiB records, client to server through both
 * record layers, against libtomcrypt's GCM doing the same seal and open on
 * the same sizes with one state per direction. MB/s of plaintext. */
static uint8_t rec_data[REC], rec_buf[REC];

/* count records from c to s through both record layers */
static int records_layer(gt_conn *c, gt_conn *s, int count)
{
    for (int i = 0; i < count; i++) {
        size_t got = 0, n;
        if (gt_write(c, rec_data, REC) != GT_OK)
            return -1;
        while (got < REC)
            if (gt_read(s, rec_buf, REC, &n) != GT_OK)
                return -1;
            else
                got += n;
    }
    return 0;
}

/* The same with libtomcrypt's GCM alone: one gcm_state per direction, set
 * up once, a fresh nonce per record, as protect.c does. */
static int records_raw(int count)
{
    static gcm_state enc, dec;
    static bool ready;
    static uint8_t ct[REC];
    static uint64_t seq;
    uint8_t key[16] = {7}, nonce[12] = {0}, aad[13] = {0}, tag[16], tag2[16];
    int aes = find_cipher("aes");
    if (!ready &&
        (gcm_init(&enc, aes, key, 16) != CRYPT_OK || gcm_init(&dec, aes, key, 16) != CRYPT_OK))
        return -1;
    ready = true;
    for (int i = 0; i < count; i++) {
        unsigned long tl = 16, tl2 = 16;
        memcpy(nonce + 4, &seq, 8);
        seq++;
        if (gcm_reset(&enc) || gcm_add_iv(&enc, nonce, 12) || gcm_add_aad(&enc, aad, 13) ||
            gcm_process(&enc, rec_data, REC, ct, GCM_ENCRYPT) || gcm_done(&enc, tag, &tl))
            return -1;
        if (gcm_reset(&dec) || gcm_add_iv(&dec, nonce, 12) || gcm_add_aad(&dec, aad, 13) ||
            gcm_process(&dec, rec_buf, REC, ct, GCM_DECRYPT) || gcm_done(&dec, tag2, &tl2) ||
            memcmp(tag, tag2, 16))
            return -1;
    }
    return 0;
}

/* Application data in 16 KiB records, client to server, against raw GCM on
 * the same sizes; MB/s of plaintext. The two alternate in rounds, so a busy
 * moment of the machine falls on both. */
static int records_measure(gt_conn *c, gt_conn *s, int count, inproc_result *r)
{
    memset(rec_data, 0x5a, sizeof rec_data);
    /* one record first: the receive buffer is allocated then */
    if (records_layer(c, s, 1) || records_raw(1))
        return -1;
    int rounds = count >= 64 ? 8 : 1, per = count / rounds;
    double layer_us = 0, raw_us = 0;
    heap_stats hs;
    for (int k = 0; k < rounds; k++) {
        heap_track_begin();
        double t0 = bench_now_us();
        int rc = records_layer(c, s, per);
        double t1 = bench_now_us();
        heap_track_end(&hs);
        r->record_allocs +=
            hs.allocs[OWNER_NONE] + hs.allocs[OWNER_CLIENT] + hs.allocs[OWNER_SERVER];
        if (rc || records_raw(per))
            return -1;
        layer_us += t1 - t0;
        raw_us += bench_now_us() - t1;
    }
    r->record_mbps = (double)per * rounds * REC / layer_us;
    r->raw_gcm_mbps = (double)per * rounds * REC / raw_us;
    return 0;
}

/* ---- memory: one handshake and one record each way, per side ---- */

static int memory_measure(bench_ctx *b, inproc_result *r, char *why, size_t cap)
{
    static uint8_t data[REC], buf[REC];
    gt_conn *c = NULL, *s = NULL;
    size_t n, got;
    heap_track_begin();
    int rc = handshake_open(b, &c, &s, why, cap);
    if (rc == 0) {
        heap_owner = OWNER_CLIENT;
        rc |= gt_write(c, data, REC) != GT_OK;
        heap_owner = OWNER_SERVER;
        for (got = 0; rc == 0 && got < REC; got += n)
            rc |= gt_read(s, buf, REC, &n) != GT_OK;
        rc |= gt_write(s, data, REC) != GT_OK;
        heap_owner = OWNER_CLIENT;
        for (got = 0; rc == 0 && got < REC; got += n)
            rc |= gt_read(c, buf, REC, &n) != GT_OK;
        heap_owner = OWNER_NONE;
        if (rc)
            snprintf(why, cap, "records after the handshake failed");
    }
    conn_pair_free(b, c, s);
    heap_track_end(&r->heap);
    return rc ? -1 : 0;
}

/* ---- the whole in-process part for one backend ---- */

int inproc_run(const bench_opts *o, gt_math m, inproc_result *r)
{
    bench_ctx b;
    floor_data d = {0};
    gt_conn *c, *s;
    memset(r, 0, sizeof *r);
    double *hs = calloc((size_t)o->handshakes, sizeof *hs);
    double *mod = calloc((size_t)o->handshakes * MOD_COUNT, sizeof *mod);
    if (!hs || !mod || ctx_load(&b, m, r->why, sizeof r->why))
        goto out;

    /* a first handshake: warms caches and tells the transcript's size */
    if (handshake_open(&b, &c, &s, r->why, sizeof r->why)) {
        conn_pair_free(&b, c, s);
        goto out;
    }
    r->transcript_bytes = b.w.transcript_bytes;
    conn_pair_free(&b, c, s);

    /* the floor's inputs: a premaster, its encryption, a transcript's bytes */
    if (floor_prepare(&b, &d, r->transcript_bytes)) {
        snprintf(r->why, sizeof r->why, "floor set-up failed");
        goto out;
    }
    /* Handshakes, each followed by one run of every floor operation: the
     * two are measured in turns, so that a busy moment of the machine falls
     * on both, and each gets its median. */
    double *fl = calloc((size_t)o->handshakes * FLOOR_COUNT, sizeof *fl);
    if (!fl) {
        snprintf(r->why, sizeof r->why, "out of memory");
        goto out;
    }
    for (int i = 0; i < o->handshakes; i++) {
        double t0 = bench_now_us();
        int rc = handshake_open(&b, &c, &s, r->why, sizeof r->why);
        conn_pair_free(&b, c, s);
        hs[i] = bench_now_us() - t0;
        if (rc) {
            free(fl);
            goto out;
        }
        for (int k = 0; k < MOD_COUNT; k++)
            mod[k * o->handshakes + i] = b.w.module_us[k];
        for (int op = 0; op < FLOOR_COUNT; op++) {
            t0 = bench_now_us();
            if (floor_once(&b, &d, op)) {
                snprintf(r->why, sizeof r->why, "floor operation failed: %s", floor_op_names[op]);
                free(fl);
                goto out;
            }
            fl[op * o->handshakes + i] = bench_now_us() - t0;
        }
    }
    r->floor_us = 0;
    for (int op = 0; op < FLOOR_COUNT; op++) {
        r->floor_op_us[op] = bench_median(fl + op * o->handshakes, o->handshakes);
        r->floor_mult[op] = floor_mult[op];
        r->floor_us += r->floor_op_us[op] * floor_mult[op];
    }
    free(fl);
    r->handshakes = o->handshakes;
    r->hs_median_us = bench_median(hs, o->handshakes);
    r->hs_min_us = hs[0];
    for (int k = 0; k < MOD_COUNT; k++)
        r->module_us[k] = bench_median(mod + k * o->handshakes, o->handshakes);

    /* records */
    if (handshake_open(&b, &c, &s, r->why, sizeof r->why) || records_measure(c, s, o->records, r)) {
        if (!r->why[0])
            snprintf(r->why, sizeof r->why, "record throughput run failed");
        conn_pair_free(&b, c, s);
        goto out;
    }
    conn_pair_free(&b, c, s);

    if (memory_measure(&b, r, r->why, sizeof r->why) == 0)
        r->ok = true;
out:
    free(d.transcript);
    free(hs);
    free(mod);
    ctx_free(&b);
    return r->ok ? 0 : -1;
}

/* ---- callgrind ---- */

int callgrind_child(gt_math m)
{
    bench_ctx b;
    floor_data d;
    gt_conn *c, *s;
    char why[256];
    int rc = -1;
    if (ctx_load(&b, m, why, sizeof why))
        goto out;
    /* warm-up: first-time set-up inside the libraries is not the handshake's */
    if (handshake_open(&b, &c, &s, why, sizeof why)) {
        conn_pair_free(&b, c, s);
        goto out;
    }
    conn_pair_free(&b, c, s);
    if (floor_prepare(&b, &d, b.w.transcript_bytes))
        goto out;
    for (int op = 0; op < FLOOR_COUNT; op++)
        floor_once(&b, &d, op);

    b.w.callgrind = true;
    CALLGRIND_ZERO_STATS;
    for (int op = 0; op < FLOOR_COUNT; op++) {
        for (int i = 0; i < floor_mult[op]; i++)
            if (floor_once(&b, &d, op))
                goto out;
        char name[32];
        snprintf(name, sizeof name, "floor%d", op);
        CALLGRIND_DUMP_STATS_AT(name);
    }
    if (handshake_open(&b, &c, &s, why, sizeof why) == 0)
        rc = 0;
    conn_pair_free(&b, c, s);
    b.w.callgrind = false;
    /* records: 16 through the record layers, then 16 of raw GCM */
    if (rc == 0 && handshake_open(&b, &c, &s, why, sizeof why) == 0 &&
        records_layer(c, s, 1) == 0 && records_raw(1) == 0) {
        CALLGRIND_ZERO_STATS;
        rc |= records_layer(c, s, 16);
        CALLGRIND_DUMP_STATS_AT("records");
        rc |= records_raw(16);
        CALLGRIND_DUMP_STATS_AT("rawgcm");
    } else {
        rc = -1;
    }
    conn_pair_free(&b, c, s);
    free(d.transcript);
out:
    if (rc)
        fprintf(stderr, "bench (callgrind child): %s\n", why);
    ctx_free(&b);
    return rc ? 1 : 0;
}

/* Reads "desc: Trigger: Client Request: NAME" and "totals: N" of one dump. */
static int read_dump(const char *path, char *name, size_t cap, uint64_t *total)
{
    FILE *f = fopen(path, "r");
    char line[512];
    int found = 0;
    name[0] = 0;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        const char *trig = "desc: Trigger: Client Request: ";
        if (!strncmp(line, trig, strlen(trig))) {
            snprintf(name, cap, "%s", line + strlen(trig));
            name[strcspn(name, "\r\n")] = 0;
        } else if (!strncmp(line, "totals: ", 8) || !strncmp(line, "summary: ", 9)) {
            *total = strtoull(strchr(line, ' ') + 1, NULL, 10);
            found = 1;
        }
    }
    fclose(f);
    return found ? 0 : -1;
}

int callgrind_measure(const bench_opts *o, gt_math m, inproc_result *r, char *why, size_t cap)
{
    char dir[] = "/tmp/gt-bench-XXXXXX", out[64];
    if (!mkdtemp(dir)) {
        snprintf(why, cap, "cannot make a temporary directory");
        return -1;
    }
    snprintf(out, sizeof out, "--callgrind-out-file=%s/cg", dir);
    const char *argv[] = {"valgrind",          "--tool=callgrind", out,
                          "--dump-instr=no",   "--quiet",          o->self,
                          "--callgrind-child", gt_math_name(m),    NULL};
    gt_peer p = {0};
    int rc = -1;
    if (gt_peer_spawn(&p, 300, argv) || !gt_peer_wait_exit(&p, 300000)) {
        snprintf(why, cap, "valgrind --tool=callgrind did not finish: %s", p.error);
        goto out;
    }
    if (p.wait_status != 0) {
        snprintf(why, cap, "callgrind child failed: %.200s", gt_peer_output(&p));
        goto out;
    }
    memset(r->cg_floor_op, 0, sizeof r->cg_floor_op);
    memset(r->cg_module, 0, sizeof r->cg_module);
    r->cg_floor = r->cg_handshake = 0;
    DIR *dd = opendir(dir);
    struct dirent *de;
    int dumps = 0;
    while (dd && (de = readdir(dd))) {
        char path[512], name[64];
        uint64_t total = 0;
        if (strncmp(de->d_name, "cg", 2))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (read_dump(path, name, sizeof name, &total) == 0) {
            int op;
            if (sscanf(name, "floor%d", &op) == 1 && op >= 0 && op < FLOOR_COUNT) {
                r->cg_floor_op[op] = total;
                r->cg_floor += total;
                dumps++;
            }
            if (!strcmp(name, "records"))
                r->cg_records = total;
            if (!strcmp(name, "rawgcm"))
                r->cg_rawgcm = total;
            for (int k = 0; k < MOD_COUNT; k++)
                if (!strcmp(name, bench_module_names[k])) {
                    r->cg_module[k] += total;
                    r->cg_handshake += total;
                    dumps++;
                }
        }
        unlink(path);
    }
    if (dd)
        closedir(dd);
    if (dumps < FLOOR_COUNT + 3)
        snprintf(why, cap, "callgrind wrote %d usable dumps", dumps);
    else
        rc = 0;
out:
    gt_peer_stop(&p);
    rmdir(dir);
    return rc;
}
