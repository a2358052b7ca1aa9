/* test_handshake: the whole handshake, client and server in one process over
 * the in-memory pipe, with the demo PKI (test/pki). The expected tracker
 * values are the lesson's (shared/seed/handshake-lesson.txt); the expected
 * alerts are the ones RFC 5246 7.2.2 names for each failure; bad input comes
 * from OpenSSL's recorded ClientHello (test/fixtures/openssl-session). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/rsa.h"
#include "handshake/conn.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"
#include "test/helpers/transcript.h"
#include "x509/pem.h"

#define NOW 1767225600 /* 2026-01-01: inside sensor-hub.pem's validity, after expired.pem's */

typedef struct world {
    gt_demo_pair p;
    /* what the observers saw */
    int alerts_sent[2], alerts_received[2];
    int last_error_step[2];
    uint8_t master[2][48]; /* each side's master secret, as it reported it */
} world;

static void observe(void *ctx, const gt_event *ev)
{
    world *w = ctx;
    if (ev->kind == GT_EV_ALERT && ev->alert_level == GT_ALERT_LEVEL_FATAL)
        (ev->sent ? w->alerts_sent : w->alerts_received)[ev->role] = ev->alert_desc;
    if (ev->kind == GT_EV_ERROR)
        w->last_error_step[ev->role] = ev->step;
    if (ev->kind == GT_EV_SECRET && !strcmp(ev->name, "master secret") && ev->len == 48)
        memcpy(w->master[ev->role], ev->data, 48);
}

/* The demo PKI's server with this certificate and key (under test/pki/). */
static world *make_world(const char *cert, const char *key)
{
    world *w = calloc(1, sizeof *w);
    char cert_path[256], key_path[256];
    snprintf(cert_path, sizeof cert_path, "test/pki/%s", cert);
    snprintf(key_path, sizeof key_path, "test/pki/%s", key);
    const char *chain[] = {cert_path, NULL};
    assert_non_null(w);
    assert_int_equal(gt_demo_pair_load(&w->p, chain, key_path, NOW), 0);
    w->p.ccfg.observer = w->p.scfg.observer = observe;
    w->p.ccfg.observer_ctx = w->p.scfg.observer_ctx = w;
    return w;
}

static void start(world *w) { assert_int_equal(gt_demo_pair_start(&w->p), 0); }

static void free_world(world *w)
{
    gt_demo_pair_free(&w->p);
    free(w);
}

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

/* ---- the good run ---- */

static void exchange(gt_conn *from, gt_conn *to, const char *text)
{
    uint8_t buf[128];
    size_t got;
    assert_int_equal(gt_write(from, (const uint8_t *)text, strlen(text)), GT_OK);
    assert_int_equal(gt_read(to, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, strlen(text));
    assert_memory_equal(buf, text, got);
}

static void test_good_handshake(void **state)
{
    (void)state;
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    start(w);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    assert_true(gt_handshake_done(w->p.client) && gt_handshake_done(w->p.server));
    /* Both sides derived the same secrets without sending them (and wiped
     * them once the handshake was over: the record layer holds the keys). */
    assert_memory_equal(w->master[GT_CLIENT], w->master[GT_SERVER], 48);
    assert_memory_not_equal(w->master[GT_CLIENT], w->p.client->master, 48);
    assert_true(w->p.client->ems && w->p.server->ems);
    /* The lesson's Final column. */
    const gt_tracker *t = &w->p.client->tracker;
    assert_string_equal(t->value[GT_VAR_CLIENT_HELLO], "Sent");
    assert_string_equal(t->value[GT_VAR_SERVER_HELLO], "Sent");
    assert_string_equal(t->value[GT_VAR_CERTIFICATE], "Verified");
    assert_string_equal(t->value[GT_VAR_SESSION_KEY], "Shared securely");
    assert_string_equal(t->value[GT_VAR_SECURE_CHANNEL], "Yes");
    exchange(w->p.client, w->p.server, "GET /temperature");
    exchange(w->p.server, w->p.client, "temperature=21.5C");
    /* close_notify ends the stream cleanly on the other side. */
    assert_int_equal(gt_close(w->p.client), GT_OK);
    uint8_t buf[8];
    size_t got;
    assert_int_equal(gt_read(w->p.server, buf, sizeof buf, &got), GT_ERR_CLOSED);
    free_world(w);
}

static void test_without_ems(void **state)
{
    (void)state;
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    w->p.ccfg.no_ems = true;
    start(w);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    assert_false(w->p.client->ems);
    assert_false(w->p.server->ems);
    exchange(w->p.client, w->p.server, "ping");
    free_world(w);
}

/* A large application write is split into records of 2^14 and read back whole. */
static void test_large_write(void **state)
{
    (void)state;
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    start(w);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    size_t n = 40000, have = 0, got;
    uint8_t *data = malloc(n), *back = malloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (uint8_t)(i * 7);
    assert_int_equal(gt_write(w->p.client, data, n), GT_OK);
    while (have < n) {
        assert_int_equal(gt_read(w->p.server, back + have, n - have, &got), GT_OK);
        assert_true(got <= 16384);
        have += got;
    }
    assert_memory_equal(data, back, n);
    free(data);
    free(back);
    free_world(w);
}

/* ---- step 3 stops the handshake (lesson, Key Moments and quiz question 3) ---- */

static void expect_rejected(const char *cert, const char *key, gt_err code, int alert,
                            const char *reason_part)
{
    world *w = make_world(cert, key);
    start(w);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), code);
    const gt_tracker *t = &w->p.client->tracker;
    assert_true(strncmp(t->value[GT_VAR_CERTIFICATE], "Rejected (", 10) == 0);
    assert_non_null(strstr(t->value[GT_VAR_CERTIFICATE], reason_part));
    /* No session key is ever made for an untrusted server. */
    assert_string_equal(t->value[GT_VAR_SESSION_KEY], "Not generated");
    assert_string_equal(t->value[GT_VAR_SECURE_CHANNEL], "No");
    assert_int_equal(w->last_error_step[GT_CLIENT], 3);
    assert_int_equal(w->alerts_sent[GT_CLIENT], alert);
    /* The server hears the alert while waiting for ClientKeyExchange. */
    assert_int_equal(w->alerts_received[GT_SERVER], alert);
    assert_int_equal(gt_conn_error(w->p.server)->code, GT_ERR_PEER_ALERT);
    assert_string_equal(gt_next_row_name(w->p.client), "verify the server's certificate chain");
    free_world(w);
}

static void test_expired_certificate(void **state)
{
    (void)state;
    expect_rejected("expired.pem", "expired.key", GT_ERR_CERTIFICATE_EXPIRED, 45, "expired");
}

static void test_wrong_host(void **state)
{
    (void)state;
    expect_rejected("wrong-host.pem", "wrong-host.key", GT_ERR_BAD_CERTIFICATE, 42,
                    "sensor-hub.local");
}

static void test_untrusted_root(void **state)
{
    (void)state;
    expect_rejected("mitm.pem", "mitm.key", GT_ERR_UNKNOWN_CA, 48, "trust");
}

/* RFC 5246 7.4.2: with RSA key transport the server's certificate "MUST
 * allow the key to be used for encryption (the keyEncipherment bit MUST be
 * set if the key usage extension is present)". The fixture's keyUsage is
 * digitalSignature only (test/fixtures/no-key-encipherment/make.sh);
 * unsupported_certificate is alert 43 (RFC 5246 7.2.2). */
static void test_key_not_for_encipherment(void **state)
{
    (void)state;
    expect_rejected("../fixtures/no-key-encipherment/leaf.pem",
                    "../fixtures/no-key-encipherment/leaf.key", GT_ERR_UNSUPPORTED_CERTIFICATE, 43,
                    "keyEncipherment");
}

/* ---- tampering on the wire ---- */

/* Flips one bit of the encrypted premaster inside ClientKeyExchange. */
static void flip_cke(void *ctx, int from_client, uint8_t *p, size_t n)
{
    (void)ctx;
    if (from_client && n > 20 && p[0] == 22 && p[5] == 16)
        p[5 + 4 + 2 + 100] ^= 0x01;
}

static void test_tampered_premaster(void **state)
{
    (void)state;
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    gt_pipe_set_tap(w->p.pipe, flip_cke, NULL);
    start(w);
    /* RFC 5246 7.4.7.1: the server does not stop at ClientKeyExchange; it
     * goes on with a random premaster. Its keys then differ from the
     * client's, so the client's Finished, the first record under the new
     * keys, fails its GCM tag: bad_record_mac, at Finished, not before. */
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_ERR_BAD_RECORD_MAC);
    assert_string_equal(gt_next_row_name(w->p.server), "receive and check Finished");
    assert_int_equal(w->alerts_sent[GT_SERVER], GT_ALERT_BAD_RECORD_MAC);
    assert_int_equal(gt_conn_error(w->p.client)->code, GT_ERR_PEER_ALERT);
    free_world(w);
}

static int tamper_appdata;
static void flip_appdata(void *ctx, int from_client, uint8_t *p, size_t n)
{
    (void)ctx;
    if (tamper_appdata && from_client && n > 30 && p[0] == 23)
        p[n - 20] ^= 0x80;
}

static void test_tampered_record(void **state)
{
    (void)state;
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    gt_pipe_set_tap(w->p.pipe, flip_appdata, NULL);
    start(w);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    tamper_appdata = 1;
    uint8_t buf[64];
    size_t got;
    assert_int_equal(gt_write(w->p.client, (const uint8_t *)"open the valve", 14), GT_OK);
    assert_int_equal(gt_read(w->p.server, buf, sizeof buf, &got), GT_ERR_BAD_RECORD_MAC);
    assert_int_equal(got, 0);
    assert_int_equal(w->alerts_sent[GT_SERVER], GT_ALERT_BAD_RECORD_MAC);
    tamper_appdata = 0;
    free_world(w);
}

/* ---- bad input to the server, from OpenSSL's own ClientHello ---- */

/* Sends raw bytes to a fresh server and returns the alert it answers with
 * (parsed from the wire: 15 03 03 00 02 <level> <description>). */
static int server_alert_for(const uint8_t *records, size_t len, int *level)
{
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    start(w);
    gt_transport raw = gt_pipe_client(w->p.pipe);
    assert_int_equal(raw.send(raw.ctx, records, len), (long)len);
    gt_pipe_close(w->p.pipe, 0); /* the server sees the end of the stream after these bytes */
    gt_err rc = gt_handshake(w->p.server);
    assert_true(rc != GT_OK && rc != GT_WANT_READ);
    uint8_t out[8192];
    long n = raw.recv(raw.ctx, out, sizeof out);
    int alert = -1;
    /* skip any handshake records the server sent before failing */
    for (long at = 0; n > 0 && at + 5 <= n;) {
        size_t rlen = ((size_t)out[at + 3] << 8) | out[at + 4];
        if (out[at] == 21 && rlen == 2 && at + 7 <= n) {
            *level = out[at + 5];
            alert = out[at + 6];
        }
        at += 5 + (long)rlen;
    }
    free_world(w);
    return alert;
}

static size_t wrap_record(uint8_t *out, const uint8_t *msg, size_t len)
{
    out[0] = 22, out[1] = 3, out[2] = 1, out[3] = (uint8_t)(len >> 8), out[4] = (uint8_t)len;
    memcpy(out + 5, msg, len);
    return len + 5;
}

/* Where the extensions block of a ClientHello message starts: after the
 * header, version, random, session_id, cipher_suites and compression_methods. */
static size_t extensions_offset(const uint8_t *msg)
{
    size_t at = 4 + 2 + 32;
    at += 1 + msg[at];
    at += 2 + (((size_t)msg[at] << 8) | msg[at + 1]);
    at += 1 + msg[at];
    return at;
}

static const struct gt_fixture_message *openssl_client_hello(struct gt_fixture_session *s)
{
    assert_int_equal(gt_transcript_fixture_load(GT_FIXTURE_EMS, s), 0);
    const struct gt_fixture_message *ch = gt_fixture_find(s, true, "ClientHello");
    assert_non_null(ch);
    return ch;
}

static void test_openssl_client_hello_accepted(void **state)
{
    (void)state;
    struct gt_fixture_session s;
    const struct gt_fixture_message *ch = openssl_client_hello(&s);
    world *w = make_world("sensor-hub.pem", "sensor-hub.key");
    start(w);
    gt_transport raw = gt_pipe_client(w->p.pipe);
    uint8_t rec[2048];
    size_t n = wrap_record(rec, ch->bytes, ch->len);
    raw.send(raw.ctx, rec, n);
    /* The server answers up to ServerHelloDone, then waits for the client. */
    assert_int_equal(gt_handshake(w->p.server), GT_WANT_READ);
    assert_string_equal(gt_next_row_name(w->p.server),
                        "receive ClientKeyExchange, decrypt the premaster");
    assert_memory_equal(w->p.server->client_random, s.client_random, 32);
    assert_true(w->p.server->ems); /* OpenSSL offered extended_master_secret */
    assert_true(w->p.server->secure_renegotiation);
    free_world(w);
    gt_fixture_session_free(&s);
}

static void test_truncated_client_hello(void **state)
{
    (void)state;
    struct gt_fixture_session s;
    const struct gt_fixture_message *ch = openssl_client_hello(&s);
    uint8_t msg[2048], rec[2048];
    /* Cut the message body short at every length but keep the handshake
     * header's claimed length honest: each must be a decode_error (50). */
    size_t no_extensions = extensions_offset(ch->bytes) - 4;
    for (size_t body = 0; body + 4 < ch->len; body += (body < 80 ? 1 : 17)) {
        if (body == no_extensions)
            continue; /* a hello without extensions is well formed */
        memcpy(msg, ch->bytes, 4 + body);
        msg[1] = (uint8_t)(body >> 16), msg[2] = (uint8_t)(body >> 8), msg[3] = (uint8_t)body;
        int level = 0;
        int alert = server_alert_for(rec, wrap_record(rec, msg, 4 + body), &level);
        if (alert != GT_ALERT_DECODE_ERROR)
            fail_msg("ClientHello cut to %zu body bytes: alert %d, expected decode_error", body,
                     alert);
        assert_int_equal(level, GT_ALERT_LEVEL_FATAL);
    }
    gt_fixture_session_free(&s);
}

static void test_no_common_cipher_suite(void **state)
{
    (void)state;
    /* A ClientHello offering only TLS_RSA_WITH_AES_128_CBC_SHA (0x002f). */
    static const uint8_t ch[] = {
        1,  0,  0,    41,   3,  3, /* ClientHello, TLS 1.2 */
        1,  2,  3,    4,    5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,    /* random */
        17, 18, 19,   20,   21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 0, /* session_id */
        0,  2,  0x00, 0x2f,                                                    /* cipher_suites */
        1,  0, /* compression null */
    };
    uint8_t rec[128];
    int level = 0;
    assert_int_equal(server_alert_for(rec, wrap_record(rec, ch, sizeof ch), &level),
                     GT_ALERT_HANDSHAKE_FAILURE);
}

static void test_message_out_of_order(void **state)
{
    (void)state;
    /* ClientKeyExchange as the very first message. */
    static const uint8_t cke[] = {16, 0, 0, 4, 0, 2, 0xaa, 0xbb};
    uint8_t rec[64];
    int level = 0;
    assert_int_equal(server_alert_for(rec, wrap_record(rec, cke, sizeof cke), &level),
                     GT_ALERT_UNEXPECTED_MESSAGE);
}

static void test_duplicate_extension(void **state)
{
    (void)state;
    struct gt_fixture_session s;
    const struct gt_fixture_message *ch = openssl_client_hello(&s);
    /* Append a second extended_master_secret (00 17 00 00) to OpenSSL's hello. */
    uint8_t msg[2048], rec[2048];
    memcpy(msg, ch->bytes, ch->len);
    memcpy(msg + ch->len, "\x00\x17\x00\x00", 4);
    size_t body = ch->len - 4 + 4;
    msg[1] = (uint8_t)(body >> 16), msg[2] = (uint8_t)(body >> 8), msg[3] = (uint8_t)body;
    size_t at = extensions_offset(msg);
    size_t ext_len = (((size_t)msg[at] << 8) | msg[at + 1]) + 4;
    msg[at] = (uint8_t)(ext_len >> 8), msg[at + 1] = (uint8_t)ext_len;
    int level = 0;
    assert_int_equal(server_alert_for(rec, wrap_record(rec, msg, ch->len + 4), &level),
                     GT_ALERT_ILLEGAL_PARAMETER);
    gt_fixture_session_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_handshake),
        cmocka_unit_test(test_without_ems),
        cmocka_unit_test(test_large_write),
        cmocka_unit_test(test_expired_certificate),
        cmocka_unit_test(test_wrong_host),
        cmocka_unit_test(test_untrusted_root),
        cmocka_unit_test(test_key_not_for_encipherment),
        cmocka_unit_test(test_tampered_premaster),
        cmocka_unit_test(test_tampered_record),
        cmocka_unit_test(test_openssl_client_hello_accepted),
        cmocka_unit_test(test_truncated_client_hello),
        cmocka_unit_test(test_no_common_cipher_suite),
        cmocka_unit_test(test_message_out_of_order),
        cmocka_unit_test(test_duplicate_extension),
    };
    return cmocka_run_group_tests_name("handshake", tests, setup, NULL);
}
