/* test/test_certificate: handshake/certificate, the second half of lesson
 * step 2: the Certificate message (RFC 5246 7.4.2),
 *     opaque ASN.1Cert<1..2^24-1>;
 *     struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 * The good inputs are the Certificate OpenSSL sent in the recorded session
 * and a two-certificate list written here by hand around the DER of the demo
 * PKI's files; the expected subjects were printed by openssl:
 *   openssl x509 -in test/fixtures/openssl-session/server.pem -noout -subject
 *     subject=CN = sensor-hub.local
 *   openssl x509 -in test/pki/via-intermediate.pem -noout -subject -issuer
 *     subject=CN = sensor-hub.local, O = glasstls demo
 *     issuer=CN = glasstls Demo Intermediate CA, O = glasstls demo
 *   openssl x509 -in test/pki/intermediate.pem -noout -subject -issuer
 *     subject=CN = glasstls Demo Intermediate CA, O = glasstls demo
 *     issuer=CN = glasstls Demo Root CA, O = glasstls demo
 * The negative tests break one length at a time. Run them with SANITIZE=1:
 * a failure must free what was already parsed. */
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
#include "handshake/certificate.h"
#include "handshake/conn.h"
#include "test/helpers/transcript.h"
#include "x509/pem.h"

/* One DER certificate read from a PEM file (the first block). */
typedef struct der {
    uint8_t *p;
    size_t n;
} der;

typedef struct material {
    struct gt_fixture_session s;
    der leaf;         /* test/pki/via-intermediate.pem */
    der intermediate; /* test/pki/intermediate.pem */
    der fixture_cert; /* test/fixtures/openssl-session/server.pem */
} material;

static int load_der(const char *path, der *d)
{
    char *text = NULL;
    size_t len = 0, pos = 0;
    gt_error e = {0};
    if (gt_pem_read_file(path, 1 << 20, &text, &len, &e) != GT_OK ||
        gt_pem_next(text, len, &pos, "CERTIFICATE", &d->p, &d->n, &e) != GT_OK || d->p == NULL) {
        print_error("%s: %s\n", path, e.why[0] ? e.why : "no CERTIFICATE block");
        free(text);
        return -1;
    }
    free(text);
    return 0;
}

static void release(material *m)
{
    free(m->leaf.p);
    free(m->intermediate.p);
    free(m->fixture_cert.p);
    gt_fixture_session_free(&m->s);
    free(m);
}

static int setup(void **state)
{
    material *m = calloc(1, sizeof *m);
    if (m == NULL || gt_crypto_init() != GT_OK) {
        free(m);
        return -1;
    }
    if (gt_transcript_fixture_load(GT_FIXTURE_EMS, &m->s) != 0) {
        print_error("%s\n", m->s.error);
        free(m);
        return -1;
    }
    if (load_der("test/pki/via-intermediate.pem", &m->leaf) ||
        load_der("test/pki/intermediate.pem", &m->intermediate) ||
        load_der(GT_FIXTURE_SERVER_CERT, &m->fixture_cert)) {
        release(m);
        return -1;
    }
    *state = m;
    return 0;
}

static int teardown(void **state)
{
    release(*state);
    return 0;
}

/* ---- building Certificate bodies by hand ---- */

static size_t put_u24(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
    return 3;
}

/* certificate_list of the given certificates (each with its u24 length):
 * a malloc'd body of exactly *len bytes. */
static uint8_t *certificate_body(const der *certs, size_t count, size_t *len)
{
    size_t inner = 0;
    for (size_t i = 0; i < count; i++)
        inner += 3 + certs[i].n;
    uint8_t *b = malloc(3 + inner);
    assert_non_null(b);
    size_t at = put_u24(b, inner);
    for (size_t i = 0; i < count; i++) {
        at += put_u24(b + at, certs[i].n);
        memcpy(b + at, certs[i].p, certs[i].n);
        at += certs[i].n;
    }
    *len = at;
    return b;
}

/* Parses n bytes from an exact-size heap copy (so ASan sees overreads). */
static gt_err parse(const uint8_t *p, size_t n, gt_cert *chain, size_t max, size_t *count,
                    gt_error *e)
{
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, p, n);
    gt_reader r;
    gt_reader_init(&r, copy, n);
    *count = 99; /* must be set by the parser */
    gt_err rc = gt_certificate_parse(&r, chain, max, count, e);
    free(copy);
    return rc;
}

static void free_chain(gt_cert *chain, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gt_cert_free(&chain[i]);
}

/* A failure: the expected code, a sentence, nothing left parsed. */
static void expect_fail(const uint8_t *p, size_t n, size_t max, gt_err want, const char *what)
{
    gt_cert chain[GT_MAX_CHAIN + 2];
    size_t count;
    gt_error e = {0};
    gt_err rc = parse(p, n, chain, max, &count, &e);
    if (rc != want)
        fail_msg("%s: %s (%s), expected %s", what, gt_err_name(rc), e.why, gt_err_name(want));
    if (count != 0)
        fail_msg("%s: failed but reports %zu certificates", what, count);
    assert_true(e.why[0] != 0);
}

/* ---- the tests ---- */

/* OpenSSL's Certificate (messages.txt): 0b 00033e | 00033b | 000338 | the DER,
 * which is the fixture's server.pem. */
static void test_openssl_certificate(void **state)
{
    material *m = *state;
    const struct gt_fixture_message *msg = gt_fixture_find(&m->s, false, "Certificate");
    assert_non_null(msg);
    assert_int_equal(msg->len, 4 + 0x33e);
    assert_int_equal(m->fixture_cert.n, 0x338);
    gt_cert chain[GT_MAX_CHAIN];
    size_t n;
    gt_error e = {0};
    assert_int_equal(parse(msg->bytes + 4, msg->len - 4, chain, GT_MAX_CHAIN, &n, &e), GT_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(chain[0].subject.text, "CN=sensor-hub.local"));
    assert_string_equal(chain[0].subject.cn, "sensor-hub.local");
    /* the certificate is exactly the one OpenSSL served, byte for byte */
    assert_int_equal(chain[0].der_len, m->fixture_cert.n);
    assert_memory_equal(chain[0].der, m->fixture_cert.p, m->fixture_cert.n);
    assert_memory_equal(chain[0].der, msg->bytes + 10, 0x338);
    assert_true(chain[0].has_rsa_key);
    assert_int_equal(chain[0].key_bits, 2048);
    free_chain(chain, n);
}

/* Every cut of OpenSSL's message is a decode error: the list length no
 * longer matches. */
static void test_openssl_certificate_truncated(void **state)
{
    material *m = *state;
    const struct gt_fixture_message *msg = gt_fixture_find(&m->s, false, "Certificate");
    assert_non_null(msg);
    for (size_t n = 0; n < msg->len - 4; n++) {
        gt_cert chain[GT_MAX_CHAIN];
        size_t count;
        gt_error e = {0};
        gt_err rc = parse(msg->bytes + 4, n, chain, GT_MAX_CHAIN, &count, &e);
        if (rc != GT_ERR_DECODE || count != 0)
            fail_msg("Certificate body cut to %zu bytes: %s, %zu certificates", n, gt_err_name(rc),
                     count);
    }
}

/* Leaf first, then its issuer (RFC 5246 7.4.2: "The sender's certificate
 * MUST come first in the list. Each following certificate MUST directly
 * certify the one preceding it."); the parser keeps that order. */
static void test_two_certificates_in_order(void **state)
{
    material *m = *state;
    der certs[2] = {m->leaf, m->intermediate};
    size_t len, n;
    uint8_t *body = certificate_body(certs, 2, &len);
    gt_cert chain[GT_MAX_CHAIN];
    gt_error e = {0};
    assert_int_equal(parse(body, len, chain, GT_MAX_CHAIN, &n, &e), GT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(chain[0].subject.text, "CN=sensor-hub.local, O=glasstls demo");
    assert_string_equal(chain[0].issuer.text, "CN=glasstls Demo Intermediate CA, O=glasstls demo");
    assert_string_equal(chain[1].subject.text, "CN=glasstls Demo Intermediate CA, O=glasstls demo");
    assert_string_equal(chain[1].issuer.text, "CN=glasstls Demo Root CA, O=glasstls demo");
    assert_memory_equal(chain[0].der, m->leaf.p, m->leaf.n);
    assert_memory_equal(chain[1].der, m->intermediate.p, m->intermediate.n);
    free_chain(chain, n);

    /* the other way round is parsed as sent: ordering is for step 3 to judge */
    der reversed[2] = {m->intermediate, m->leaf};
    free(body);
    body = certificate_body(reversed, 2, &len);
    assert_int_equal(parse(body, len, chain, GT_MAX_CHAIN, &n, &e), GT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(chain[0].subject.text, "CN=glasstls Demo Intermediate CA, O=glasstls demo");
    free_chain(chain, n);
    free(body);
}

/* An empty certificate_list is legal syntax in RFC 5246 7.4.2 (a client with
 * no certificate sends one), but a server must send its certificate: a
 * decode error here. */
static void test_empty_list(void **state)
{
    (void)state;
    static const uint8_t empty[] = {0x00, 0x00, 0x00};
    expect_fail(empty, sizeof empty, GT_MAX_CHAIN, GT_ERR_DECODE, "empty certificate_list");
    expect_fail(empty, 0, GT_MAX_CHAIN, GT_ERR_DECODE, "no body at all");
}

static void test_inner_length_past_list(void **state)
{
    material *m = *state;
    /* list of 5 bytes: a certificate claiming 9 bytes, 2 present */
    static const uint8_t short_list[] = {0x00, 0x00, 0x05, 0x00, 0x00, 0x09, 0xaa, 0xbb};
    expect_fail(short_list, sizeof short_list, GT_MAX_CHAIN, GT_ERR_DECODE,
                "certificate longer than the list");
    /* a real certificate whose length says one byte more than it has, with
     * the list length honest: the read runs past the list */
    der one = m->leaf;
    size_t len;
    uint8_t *body = certificate_body(&one, 1, &len);
    put_u24(body + 3, one.n + 1);
    expect_fail(body, len, GT_MAX_CHAIN, GT_ERR_DECODE, "certificate length + 1");
    /* a second certificate cut in its length field */
    free(body);
    der two[2] = {m->leaf, m->intermediate};
    body = certificate_body(two, 2, &len);
    size_t first_end = 3 + 3 + m->leaf.n;
    put_u24(body, first_end - 3 + 2); /* the list now ends two bytes into the second length */
    expect_fail(body, first_end + 2, GT_MAX_CHAIN, GT_ERR_DECODE,
                "second certificate's length cut");
    free(body);
    /* ASN.1Cert<1..2^24-1>: a certificate of zero bytes */
    static const uint8_t zero_cert[] = {0x00, 0x00, 0x03, 0x00, 0x00, 0x00};
    expect_fail(zero_cert, sizeof zero_cert, GT_MAX_CHAIN, GT_ERR_DECODE, "empty ASN.1Cert");
}

static void test_list_length_disagrees_with_message(void **state)
{
    material *m = *state;
    der one = m->leaf;
    size_t len;
    uint8_t *body = certificate_body(&one, 1, &len);
    uint8_t *longer = malloc(len + 1);
    assert_non_null(longer);
    memcpy(longer, body, len);
    longer[len] = 0x00;
    /* one byte after the list */
    expect_fail(longer, len + 1, GT_MAX_CHAIN, GT_ERR_DECODE, "a byte after the list");
    /* the list claims one byte more than the message has */
    put_u24(body, len - 3 + 1);
    expect_fail(body, len, GT_MAX_CHAIN, GT_ERR_DECODE, "list length + 1");
    /* the list claims one byte less: the certificate runs past it, a byte is left over */
    put_u24(body, len - 3 - 1);
    expect_fail(body, len, GT_MAX_CHAIN, GT_ERR_DECODE, "list length - 1");
    free(longer);
    free(body);
}

/* Not DER at all, and a real certificate cut short (lengths around it kept
 * honest): errors, never GT_OK, and nothing leaked (SANITIZE=1). */
static void test_garbage_der(void **state)
{
    material *m = *state;
    static const uint8_t garbage[] = {0x00, 0x00, 0x07, 0x00, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef};
    expect_fail(garbage, sizeof garbage, GT_MAX_CHAIN, GT_ERR_BAD_CERTIFICATE, "deadbeef as DER");

    der half = {m->leaf.p, m->leaf.n / 2};
    size_t len;
    uint8_t *body = certificate_body(&half, 1, &len);
    expect_fail(body, len, GT_MAX_CHAIN, GT_ERR_BAD_CERTIFICATE, "half a certificate");
    free(body);

    /* a good leaf, then garbage: the leaf already parsed must be freed */
    uint8_t junk[64];
    memset(junk, 0x30, sizeof junk); /* SEQUENCE tags all the way */
    der two[2] = {m->leaf, {junk, sizeof junk}};
    body = certificate_body(two, 2, &len);
    gt_cert chain[GT_MAX_CHAIN];
    size_t n;
    gt_error e = {0};
    gt_err rc = parse(body, len, chain, GT_MAX_CHAIN, &n, &e);
    assert_int_not_equal(rc, GT_OK);
    assert_int_equal(n, 0);
    free(body);
}

/* More certificates than the caller has room for: bad_certificate, and the
 * ones parsed before are freed. */
static void test_more_than_max(void **state)
{
    material *m = *state;
    der certs[GT_MAX_CHAIN + 1];
    for (size_t i = 0; i < GT_MAX_CHAIN + 1; i++)
        certs[i] = i % 2 ? m->intermediate : m->leaf;
    size_t len, n;
    uint8_t *body = certificate_body(certs, 2, &len);
    expect_fail(body, len, 1, GT_ERR_BAD_CERTIFICATE, "2 certificates, room for 1");
    free(body);

    /* exactly GT_MAX_CHAIN is fine, one more is not */
    body = certificate_body(certs, GT_MAX_CHAIN, &len);
    gt_cert chain[GT_MAX_CHAIN];
    gt_error e = {0};
    assert_int_equal(parse(body, len, chain, GT_MAX_CHAIN, &n, &e), GT_OK);
    assert_int_equal(n, GT_MAX_CHAIN);
    free_chain(chain, n);
    free(body);
    body = certificate_body(certs, GT_MAX_CHAIN + 1, &len);
    expect_fail(body, len, GT_MAX_CHAIN, GT_ERR_BAD_CERTIFICATE, "GT_MAX_CHAIN + 1 certificates");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openssl_certificate),
        cmocka_unit_test(test_openssl_certificate_truncated),
        cmocka_unit_test(test_two_certificates_in_order),
        cmocka_unit_test(test_empty_list),
        cmocka_unit_test(test_inner_length_past_list),
        cmocka_unit_test(test_list_length_disagrees_with_message),
        cmocka_unit_test(test_garbage_der),
        cmocka_unit_test(test_more_than_max),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
