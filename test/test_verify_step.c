/* test/test_verify_step: handshake/verify, lesson step 3, "Client verifies
 * Certificate". Client and server of the demo PKI (test/pki) run over the
 * in-memory pipe, stepped by hand up to the client's verify row, so the test
 * can read the raw bytes the server's end receives. Expected values come
 * from the lesson (Status Tracker words; Key Moments: "If verification
 * fails, the client stops the handshake"; quiz question 3: the session key
 * "would not be generated") and from RFC 5246: 6.2.1 (record header), 7.2
 * (Alert: level fatal = 2), 7.2.2 (certificate_expired = 45, bad_certificate
 * = 42, unknown_ca = 48). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "handshake/conn.h"
#include "handshake/pair.h"
#include "handshake/verify.h"
#include "test/helpers/demo_pair.h"

#define NOW 1767225600 /* 2026-01-01 00:00:00 UTC */
/* `date -u -d 2024-06-01 +%s`: before sensor-hub.pem's notBefore (2025-01-01) */
#define BEFORE_SENSOR_HUB 1717200000

typedef struct world {
    gt_demo_pair p;
    /* what the client's observer saw */
    char certificate[320]; /* the last Certificate value */
    int certificate_step;
    int premaster_reports; /* GT_EV_SECRET "premaster secret" */
    int session_key_changes;
    int error_step;
    gt_err error;
} world;

static void observe(void *ctx, const gt_event *ev)
{
    world *w = ctx;
    if (ev->role != GT_CLIENT)
        return;
    if (ev->kind == GT_EV_TRACKER && ev->var == GT_VAR_CERTIFICATE) {
        snprintf(w->certificate, sizeof w->certificate, "%s", ev->value);
        w->certificate_step = ev->step;
    }
    if (ev->kind == GT_EV_TRACKER && ev->var == GT_VAR_SESSION_KEY)
        w->session_key_changes++;
    if (ev->kind == GT_EV_SECRET && ev->name && !strcmp(ev->name, "premaster secret"))
        w->premaster_reports++;
    if (ev->kind == GT_EV_ERROR) {
        w->error_step = ev->step;
        w->error = ev->err;
    }
}

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

/* cert_files: the server's chain, leaf first; trust: whether the client gets
 * the demo root. */
static world *make_world(const char *const *cert_files, const char *key_file, bool trust,
                         int64_t now)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    assert_int_equal(gt_demo_pair_load(&w->p, cert_files, key_file, now), 0);
    if (!trust)
        w->p.ccfg.trust = NULL;
    w->p.ccfg.observer = observe;
    w->p.ccfg.observer_ctx = w;
    assert_int_equal(gt_demo_pair_start(&w->p), 0);
    return w;
}

static void free_world(world *w)
{
    gt_demo_pair_free(&w->p);
    free(w);
}

/* Steps 1 and 2 row by row (RFC 5246 7.3: ClientHello; ServerHello,
 * Certificate, ServerHelloDone), then the client's verify row; returns what
 * that row returned. */
static gt_err run_to_verify(world *w)
{
    assert_int_equal(gt_handshake_step(w->p.client), GT_OK); /* ClientHello */
    for (int i = 0; i < 4; i++)                              /* the server's step 1 and 2 */
        assert_int_equal(gt_handshake_step(w->p.server), GT_OK);
    for (int i = 0; i < 3; i++) /* ServerHello, Certificate, ServerHelloDone */
        assert_int_equal(gt_handshake_step(w->p.client), GT_OK);
    assert_int_equal(gt_next_step(w->p.client), 3);
    assert_string_equal(gt_next_row_name(w->p.client), "verify the server's certificate chain");
    assert_string_equal(w->certificate, "Received");
    assert_int_equal(w->certificate_step, 2);
    return gt_handshake_step(w->p.client);
}

/* Everything the client has sent that the server has not read yet. */
static size_t unread_by_server(world *w, uint8_t *buf, size_t cap)
{
    gt_transport end = gt_pipe_server(w->p.pipe);
    size_t n = 0;
    for (;;) {
        long k = end.recv(end.ctx, buf + n, cap - n);
        if (k <= 0)
            return n;
        n += (size_t)k;
        assert_true(n < cap);
    }
}

/* ---- the good chain ---- */

static void test_good_chain_verified(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/sensor-hub.pem", NULL};
    world *w = make_world(certs, "test/pki/sensor-hub.key", true, NOW);
    assert_int_equal(run_to_verify(w), GT_OK);
    assert_string_equal(w->certificate, "Verified");
    assert_int_equal(w->certificate_step, 3);
    assert_string_equal(w->p.client->tracker.value[GT_VAR_CERTIFICATE], "Verified");
    /* verifying sends nothing */
    uint8_t buf[64];
    assert_int_equal(unread_by_server(w, buf, sizeof buf), 0);
    /* and only now may the session key be made */
    assert_int_equal(w->premaster_reports, 0);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    assert_int_equal(w->premaster_reports, 1);
    assert_string_equal(w->p.client->tracker.value[GT_VAR_SESSION_KEY], "Shared securely");
    free_world(w);
}

/* A chain of three: leaf, intermediate (sent by the server), demo root. */
static void test_chain_through_intermediate_verified(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/via-intermediate.pem",
                                        "test/pki/intermediate.pem", NULL};
    world *w = make_world(certs, "test/pki/via-intermediate.key", true, NOW);
    assert_int_equal(w->p.chain_len, 2);
    assert_int_equal(run_to_verify(w), GT_OK);
    assert_string_equal(w->certificate, "Verified");
    free_world(w);
}

/* ---- rejected: the handshake stops in step 3 ---- */

/* The client's failure in step 3: its error, the fatal alert as the only
 * bytes on the wire (RFC 5246 6.2.1 record header 15 03 03 00 02, then
 * AlertLevel fatal(2) and the description), the Certificate = "Rejected (why)",
 * and no session key: SessionKey stays "Not generated" and no premaster
 * secret is ever made, not even when the client is asked to go on. */
static void expect_rejected(world *w, gt_err code, uint8_t alert, const char *why_part)
{
    assert_int_equal(run_to_verify(w), code);
    assert_int_equal(gt_conn_error(w->p.client)->code, code);
    assert_non_null(strstr(gt_conn_error(w->p.client)->why, why_part));
    assert_int_equal(w->error, code);
    assert_int_equal(w->error_step, 3);

    uint8_t wire[64];
    const uint8_t want[7] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, alert};
    size_t n = unread_by_server(w, wire, sizeof wire);
    if (n != sizeof want || memcmp(wire, want, sizeof want) != 0) {
        char hex[3 * sizeof wire + 1] = "";
        for (size_t i = 0; i < n; i++)
            sprintf(hex + 3 * i, "%02x ", wire[i]);
        fail_msg("on the wire: %s; expected 15 03 03 00 02 02 %02x", hex, alert);
    }

    assert_true(strncmp(w->certificate, "Rejected (", 10) == 0);
    assert_non_null(strstr(w->certificate, why_part));
    assert_int_equal(w->certificate_step, 3);
    const gt_tracker *t = &w->p.client->tracker;
    assert_true(strncmp(t->value[GT_VAR_CERTIFICATE], "Rejected (", 10) == 0);
    assert_string_equal(t->value[GT_VAR_SESSION_KEY], "Not generated");
    assert_string_equal(t->value[GT_VAR_SECURE_CHANNEL], "No");

    /* nothing after the failed row runs, however often it is asked */
    for (int i = 0; i < 3; i++)
        assert_int_equal(gt_handshake_step(w->p.client), code);
    assert_string_equal(gt_next_row_name(w->p.client), "verify the server's certificate chain");
    assert_int_equal(w->premaster_reports, 0);
    assert_int_equal(w->session_key_changes, 0);
    assert_int_equal(unread_by_server(w, wire, sizeof wire), 0);
}

static void test_expired_leaf(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/expired.pem", NULL};
    world *w = make_world(certs, "test/pki/expired.key", true, NOW);
    expect_rejected(w, GT_ERR_CERTIFICATE_EXPIRED, 45, "expired");
    free_world(w);
}

/* RFC 5246 7.2.2 certificate_expired: "A certificate has expired or is not
 * currently valid": also before notBefore. */
static void test_not_yet_valid_leaf(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/sensor-hub.pem", NULL};
    world *w = make_world(certs, "test/pki/sensor-hub.key", true, BEFORE_SENSOR_HUB);
    expect_rejected(w, GT_ERR_CERTIFICATE_EXPIRED, 45, "");
    free_world(w);
}

static void test_wrong_host(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/wrong-host.pem", NULL};
    world *w = make_world(certs, "test/pki/wrong-host.key", true, NOW);
    expect_rejected(w, GT_ERR_BAD_CERTIFICATE, 42, "sensor-hub.local");
    free_world(w);
}

static void test_untrusted_root(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/mitm.pem", NULL};
    world *w = make_world(certs, "test/pki/mitm.key", true, NOW);
    expect_rejected(w, GT_ERR_UNKNOWN_CA, 48, "");
    free_world(w);
}

/* A client configured without trust anchors cannot verify anything: a usage
 * error at step 3, and still no session key. */
static void test_no_trust_store(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/sensor-hub.pem", NULL};
    world *w = make_world(certs, "test/pki/sensor-hub.key", false, NOW);
    assert_int_equal(run_to_verify(w), GT_ERR_USAGE);
    assert_int_equal(gt_conn_error(w->p.client)->code, GT_ERR_USAGE);
    assert_true(gt_conn_error(w->p.client)->why[0] != 0);
    assert_int_equal(w->error_step, 3);
    assert_int_equal(gt_handshake_step(w->p.client), GT_ERR_USAGE);
    assert_string_equal(w->p.client->tracker.value[GT_VAR_SESSION_KEY], "Not generated");
    assert_string_equal(w->p.client->tracker.value[GT_VAR_SECURE_CHANNEL], "No");
    assert_int_equal(w->premaster_reports, 0);
    free_world(w);
}

/* The same with gt_pair_run, as the demo runs it. */
static void test_no_trust_store_pair_run(void **state)
{
    (void)state;
    static const char *const certs[] = {"test/pki/sensor-hub.pem", NULL};
    world *w = make_world(certs, "test/pki/sensor-hub.key", false, NOW);
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_ERR_USAGE);
    assert_int_equal(w->error_step, 3);
    assert_int_equal(w->premaster_reports, 0);
    free_world(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_chain_verified),
        cmocka_unit_test(test_chain_through_intermediate_verified),
        cmocka_unit_test(test_expired_leaf),
        cmocka_unit_test(test_not_yet_valid_leaf),
        cmocka_unit_test(test_wrong_host),
        cmocka_unit_test(test_untrusted_root),
        cmocka_unit_test(test_no_trust_store),
        cmocka_unit_test(test_no_trust_store_pair_run),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
