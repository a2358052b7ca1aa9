/* test/test_dissect: the dissector behind --explain and the JSON trace
 * (demo/dissect.c), on a session recorded between openssl s_client and
 * s_server (test/fixtures/openssl-session). What the fields must say comes
 * from RFC 5246 (record header 7.1/6.2.1, ClientHello layout 7.4.1.2,
 * handshake type numbers 7.4), RFC 5288 (suite 0x009c), RFC 5746 (SCSV
 * 0x00ff), RFC 6066 3 and RFC 7366/7627 (extension numbers 22, 23), and from
 * the bytes OpenSSL put on the wire, walked here by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "demo/dissect.h"
#include "test/helpers/fixture_state.h"
#include "test/helpers/transcript.h"

static const gt_field *find(const gt_dissection *d, const char *name, size_t nth)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->fields[i].name, name) && nth-- == 0)
            return &d->fields[i];
    return NULL;
}

/* The first record of a raw direction, walked with RFC 5246 6.2.1's header:
 * type(1) version(2) length(2). */
static size_t record_at(const uint8_t *p, size_t n, size_t at)
{
    assert_true(at + 5 <= n);
    size_t len = 5 + ((size_t)p[at + 3] << 8 | p[at + 4]);
    assert_true(at + len <= n);
    return len;
}

/* Every byte of a plaintext record belongs to exactly one field, in order:
 * the dissection leaves nothing out and names nothing twice. */
static void assert_covers(const gt_dissection *d, size_t len)
{
    size_t next = 0;
    for (size_t i = 0; i < d->n; i++) {
        assert_false(d->fields[i].inner);
        assert_int_equal(d->fields[i].off, next);
        next += d->fields[i].len;
    }
    assert_int_equal(next, len);
}

static void test_openssl_client_hello_record(void **state)
{
    const struct gt_fixture_session *s = *state;
    assert_non_null(s->client_to_server);
    const uint8_t *rec = s->client_to_server;
    size_t len = record_at(rec, s->client_to_server_len, 0);
    gt_dissection d;
    gt_dissection_init(&d);
    assert_true(gt_dissect_record(&d, rec, len, NULL, 0));
    assert_string_equal(d.problem, "");
    assert_covers(&d, len);

    const gt_field *f = find(&d, "content_type", 0);
    assert_non_null(f);
    assert_int_equal(f->off, 0);
    assert_int_equal(rec[f->off], 22); /* handshake(22) */
    assert_non_null(strstr(f->value, "handshake"));
    f = find(&d, "version", 0); /* OpenSSL's first record says TLS 1.0 for old servers' sake */
    assert_int_equal(f->off, 1);
    assert_int_equal(rec[1], 3);
    assert_non_null(strstr(f->value, "(3,1)"));
    f = find(&d, "msg_type", 0);
    assert_int_equal(f->off, 5);
    assert_int_equal(rec[f->off], 1); /* client_hello(1) */
    assert_string_equal(f->value, "ClientHello (1)");
    f = find(&d, "client_version", 0);
    assert_int_equal(f->off, 9);
    assert_memory_equal(rec + f->off, "\x03\x03", 2);
    f = find(&d, "random", 0);
    assert_int_equal(f->off, 11);
    assert_int_equal(f->len, 32);
    assert_memory_equal(rec + f->off, s->client_random, 32); /* the keylog's CLIENT_RANDOM */
    assert_true(f->bulk);

    /* the suites OpenSSL was told to offer, named as their RFCs name them */
    bool aes_gcm = false, scsv = false;
    for (size_t i = 0; (f = find(&d, "cipher_suite", i)) != NULL; i++) {
        uint16_t v = (uint16_t)(rec[f->off] << 8 | rec[f->off + 1]);
        if (v == 0x009c) {
            aes_gcm = true;
            assert_non_null(strstr(f->value, "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        }
        if (v == 0x00ff) {
            scsv = true;
            assert_non_null(strstr(f->value, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
        }
    }
    assert_true(aes_gcm && scsv);

    /* each extension type names itself, at an offset holding that number */
    static const struct {
        uint16_t type;
        const char *name;
    } want[] = {{0, "server_name"},
                {13, "signature_algorithms"},
                {22, "encrypt_then_mac"},
                {23, "extended_master_secret"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool seen = false;
        for (size_t i = 0; (f = find(&d, "extension_type", i)) != NULL; i++)
            if ((rec[f->off] << 8 | rec[f->off + 1]) == want[k].type) {
                seen = true;
                assert_non_null(strstr(f->value, want[k].name));
            }
        assert_true(seen);
    }
    f = find(&d, "host_name", 0);
    assert_non_null(f);
    assert_int_equal(f->len, strlen("sensor-hub.local"));
    assert_memory_equal(rec + f->off, "sensor-hub.local", f->len);
    gt_dissection_free(&d);
}

/* The server's flight, record by record: ServerHello, Certificate,
 * ServerHelloDone (RFC 5246 7.3), each field exactly where RFC 5246 puts it. */
static void test_openssl_server_flight(void **state)
{
    const struct gt_fixture_session *s = *state;
    const uint8_t *p = s->server_to_client;
    size_t n = s->server_to_client_len, at = 0;
    assert_non_null(p);
    int seen_hello = 0, seen_cert = 0, seen_done = 0;
    while (at < n && p[at] == 22) { /* the plaintext handshake records */
        size_t len = record_at(p, n, at);
        gt_dissection d;
        gt_dissection_init(&d);
        assert_true(gt_dissect_record(&d, p + at, len, NULL, 0));
        assert_covers(&d, len);
        for (size_t i = 0; i < d.n; i++) {
            const gt_field *f = &d.fields[i];
            if (strcmp(f->name, "msg_type"))
                continue;
            uint8_t type = p[at + f->off];
            if (type == 2) {
                seen_hello++;
                const gt_field *r = find(&d, "random", 0);
                assert_int_equal(r->off, f->off + 6); /* type(1) length(3) version(2) */
                assert_memory_equal(p + at + r->off, s->server_random, 32);
                const gt_field *cs = find(&d, "cipher_suite", 0);
                assert_int_equal(p[at + cs->off] << 8 | p[at + cs->off + 1], 0x009c);
            } else if (type == 11) {
                seen_cert++;
                const gt_field *c = find(&d, "certificate 1 (DER)", 0);
                assert_non_null(c);
                assert_int_equal(p[at + c->off], 0x30); /* a DER SEQUENCE */
                assert_non_null(strstr(c->value, "sensor-hub.local"));
            } else if (type == 14) {
                seen_done++;
            }
        }
        gt_dissection_free(&d);
        at += len;
    }
    assert_int_equal(seen_hello, 1);
    assert_int_equal(seen_cert, 1);
    assert_int_equal(seen_done, 1);
}

/* A protected record (RFC 5288 3): 8-byte explicit nonce, ciphertext, 16-byte
 * tag, and the plaintext given beside it dissected as inner fields. */
static void test_protected_record_parts(void **state)
{
    (void)state;
    uint8_t wire[5 + 8 + 16 + 16];
    const uint8_t finished[16] = {20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    memset(wire, 0xab, sizeof wire);
    memcpy(wire, "\x16\x03\x03\x00\x28", 5);
    memcpy(wire + 5, "\0\0\0\0\0\0\0\0", 8);
    gt_dissection d;
    gt_dissection_init(&d);
    assert_true(gt_dissect_record(&d, wire, sizeof wire, finished, sizeof finished));
    const gt_field *f = find(&d, "explicit nonce", 0);
    assert_int_equal(f->off, 5);
    assert_int_equal(f->len, 8);
    f = find(&d, "ciphertext", 0);
    assert_int_equal(f->off, 13);
    assert_int_equal(f->len, 16);
    f = find(&d, "tag", 0);
    assert_int_equal(f->off, 29);
    assert_int_equal(f->len, 16);
    f = find(&d, "verify_data", 0);
    assert_true(f->inner);
    assert_int_equal(f->off, 4);
    assert_int_equal(f->len, 12);
    assert_string_equal(d.title, "handshake record: encrypted Finished");
    gt_dissection_free(&d);
}

/* Alerts (RFC 5246 7.2): level then description, by their RFC names. */
static void test_alert_record(void **state)
{
    (void)state;
    const uint8_t rec[] = {21, 3, 3, 0, 2, 2, 42};
    gt_dissection d;
    gt_dissection_init(&d);
    assert_true(gt_dissect_record(&d, rec, sizeof rec, rec + 5, 2));
    assert_string_equal(find(&d, "level", 0)->value, "fatal (2)");
    assert_string_equal(find(&d, "description", 0)->value, "bad_certificate (42)");
    gt_dissection_free(&d);
}

/* Bad bytes: every truncation and every one-byte change of a real
 * ClientHello ends in a sentence or a dissection, never outside the buffer
 * (run under SANITIZE=1 to see it). */
static void test_truncated_and_mutated(void **state)
{
    const struct gt_fixture_session *s = *state;
    const struct gt_fixture_message *ch = gt_fixture_find(s, true, "ClientHello");
    assert_non_null(ch);
    for (size_t n = 0; n < ch->len; n++) {
        uint8_t *copy = malloc(n ? n : 1); /* exactly n bytes: ASan sees any overrun */
        memcpy(copy, ch->bytes, n);
        gt_dissection d;
        gt_dissection_init(&d);
        assert_false(gt_dissect_handshake(&d, copy, n));
        assert_true(d.problem[0] != 0);
        gt_dissection_free(&d);
        free(copy);
    }
    uint8_t *m = malloc(ch->len);
    for (size_t i = 0; i < ch->len; i++)
        for (unsigned bit = 0; bit < 8; bit += 3) {
            memcpy(m, ch->bytes, ch->len);
            m[i] ^= (uint8_t)(1u << bit);
            gt_dissection d;
            gt_dissection_init(&d);
            gt_dissect_handshake(&d, m, ch->len);
            for (size_t k = 0; k < d.n; k++)
                assert_true(d.fields[k].off + d.fields[k].len <= ch->len);
            gt_dissection_free(&d);
        }
    free(m);
}

/* Whole records too: OpenSSL's server flight cut at every length and with
 * bytes changed, with and without a plaintext beside it. */
static void test_records_truncated_and_mutated(void **state)
{
    const struct gt_fixture_session *s = *state;
    const uint8_t *p = s->server_to_client;
    size_t len = record_at(p, s->server_to_client_len, 0);
    for (size_t n = 0; n <= len; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, p, n);
        gt_dissection d;
        gt_dissection_init(&d);
        bool ok = gt_dissect_record(&d, copy, n, NULL, 0);
        assert_true(ok == (n == len));
        if (!ok)
            assert_true(d.problem[0] != 0);
        gt_dissection_free(&d);
        free(copy);
    }
    uint8_t *m = malloc(len);
    for (size_t i = 0; i < len; i += 3) {
        memcpy(m, p, len);
        m[i] ^= 0x5a;
        gt_dissection d;
        gt_dissection_init(&d);
        gt_dissect_record(&d, m, len, i % 2 ? m + 5 : NULL, len - 5);
        for (size_t k = 0; k < d.n; k++)
            assert_true(d.fields[k].off + d.fields[k].len <= len);
        gt_dissection_free(&d);
    }
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_openssl_client_hello_record, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_openssl_server_flight, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        cmocka_unit_test(test_protected_record_parts),
        cmocka_unit_test(test_alert_record),
        cmocka_unit_test_setup_teardown(test_truncated_and_mutated, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_records_truncated_and_mutated, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
