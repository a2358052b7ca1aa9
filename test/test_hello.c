/* test/test_hello: handshake/hello, lesson step 1 (ClientHello) and step 2a
 * (ServerHello). The parsers read the hellos OpenSSL 3.0 really sent
 * (test/fixtures/openssl-session), and every expected value below was read off
 * those bytes by hand, field by field, with RFC 5246 7.4.1.2-7.4.1.4, RFC 6066
 * 3, RFC 7627 5.1 and RFC 5746 3.2 open. The negative tests are hand-written
 * hellos, each broken in one field. The last tests read the bytes glasstls's
 * client puts on the wire and compare them with a ClientHello written out by
 * hand from RFC 5246 7.4.1.2. */
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
#include "crypto/rng.h"
#include "handshake/conn.h"
#include "handshake/hello.h"
#include "record/transport.h"
#include "test/helpers/fixture_state.h"
#include "test/helpers/transcript.h"

/* OpenSSL's ClientHello of the ems/ session (messages.txt), decoded by hand:
 *
 *   01 00007c                 client_hello, 124 bytes of body
 *   03 03                     client_version TLS 1.2
 *   6d248cca ... ebe1c882     random (32 bytes; = the keylog's CLIENT_RANDOM)
 *   00                        session_id: empty
 *   0004 009c 00ff            cipher_suites: 2 suites, TLS_RSA_WITH_AES_128_GCM_SHA256
 *                             and TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.3)
 *   01 00                     compression_methods: null only
 *   004f                      extensions, 79 bytes:
 *     0000 0015               server_name, 21 bytes (RFC 6066 3)
 *       0013 00 0010 "sensor-hub.local"   ServerNameList: host_name, 16 bytes
 *     0016 0000               encrypt_then_mac (22, RFC 7366), empty
 *     0017 0000               extended_master_secret (23, RFC 7627), empty
 *     000d 002a               signature_algorithms (13), 42 bytes:
 *       0028 0403 0503 0603 0807 0808 0809 080a 080b 0804 0805 0806
 *            0401 0501 0601 0303 0301 0302 0402 0502 0602     (20 pairs)
 *
 *   No supported_versions (the client was run with -tls1_2) and no
 *   renegotiation_info extension: OpenSSL signals RFC 5746 with the SCSV.
 *   4 + 21 + 4 + 4 + 4 + 42 = 79 = 0x4f. The no-ems/ ClientHello has the same
 *   layout with another random. */
#define OPENSSL_CH_BODY_LEN   124
#define OPENSSL_CH_NO_EXT_LEN 43 /* 2 + 32 + 1 + (2 + 4) + (1 + 1): where 004f starts */

/* OpenSSL's ServerHello, ems/: 02 000051 | 0303 | random | 20 + 32-byte
 * session_id | 009c | 00 | 0009: ff01 0001 00 (renegotiation_info, empty
 * renegotiated_connection), 0017 0000 (extended_master_secret).
 * no-ems/: 02 00004d | ... | 009c | 00 | 0005: ff01 0001 00 only. */
#define OPENSSL_SH_NO_EXT_LEN (2 + 32 + 1 + 32 + 2 + 1)

#define SEED 4242u

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static const struct gt_fixture_message *find(const struct gt_fixture_session *s, bool client,
                                             const char *name)
{
    const struct gt_fixture_message *m = gt_fixture_find(s, client, name);
    if (m == NULL)
        fail_msg("the fixture has no %s %s", client ? "client" : "server", name);
    return m;
}

/* Parses body bytes from an exact-size heap copy, so that AddressSanitizer
 * sees any read past the end. */
static gt_err parse_ch(const uint8_t *p, size_t n, gt_client_hello *ch, gt_error *e)
{
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, p, n);
    gt_reader r;
    gt_reader_init(&r, copy, n);
    gt_err rc = gt_client_hello_parse(&r, ch, e);
    free(copy);
    return rc;
}

static gt_err parse_sh(const uint8_t *p, size_t n, gt_server_hello *sh, gt_error *e)
{
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, p, n);
    gt_reader r;
    gt_reader_init(&r, copy, n);
    gt_err rc = gt_server_hello_parse(&r, sh, e);
    free(copy);
    return rc;
}

/* ---- OpenSSL's ClientHello ---- */

static void check_openssl_client_hello(const struct gt_fixture_session *s)
{
    const struct gt_fixture_message *m = find(s, true, "ClientHello");
    assert_int_equal(m->len, 4 + OPENSSL_CH_BODY_LEN);
    gt_client_hello ch;
    gt_error e = {0};
    assert_int_equal(parse_ch(m->bytes + 4, m->len - 4, &ch, &e), GT_OK);
    assert_int_equal(ch.client_version, 0x0303);
    assert_memory_equal(ch.random, s->client_random, 32); /* keylog's CLIENT_RANDOM */
    assert_int_equal(ch.session_id_len, 0);
    assert_int_equal(ch.n_cipher_suites, 2);
    assert_true(ch.offers_our_suite); /* 009c */
    assert_true(ch.offers_scsv);      /* 00ff */
    assert_true(ch.null_compression);

    static const uint16_t types[] = {0x0000, 0x0016, 0x0017, 0x000d};
    assert_int_equal(ch.ext.count, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ch.ext.types[i], types[i]);
    assert_true(ch.ext.server_name);
    assert_string_equal(ch.ext.host_name, "sensor-hub.local");
    assert_true(ch.ext.signature_algorithms);
    assert_true(ch.ext.extended_master_secret);
    assert_false(ch.ext.renegotiation_info);
    assert_false(ch.ext.supported_versions);
}

/* Run on both sessions: in no-ems/ the server refused EMS, but the client
 * still offered it, so both ClientHellos read the same. */
static void test_openssl_client_hello(void **state) { check_openssl_client_hello(*state); }

/* Every cut of the body: no crash, no read past the end (run under
 * SANITIZE=1), and decode_error except at the one length where the hello
 * simply ends before its (optional) extensions (RFC 5246 7.4.1.2). */
static void test_openssl_client_hello_truncated(void **state)
{
    const struct gt_fixture_message *m = find(*state, true, "ClientHello");
    const uint8_t *body = m->bytes + 4;
    size_t full = m->len - 4;
    for (size_t n = 0; n < full; n++) {
        gt_client_hello ch;
        gt_error e = {0};
        gt_err rc = parse_ch(body, n, &ch, &e);
        if (n == OPENSSL_CH_NO_EXT_LEN) {
            if (rc != GT_OK)
                fail_msg("cut before the extensions (%zu bytes): %s", n, e.why);
            assert_int_equal(ch.ext.count, 0);
            assert_false(ch.ext.extended_master_secret);
            assert_true(ch.offers_our_suite);
            continue;
        }
        if (rc != GT_ERR_DECODE)
            fail_msg("ClientHello body cut to %zu of %zu bytes: %s, expected GT_ERR_DECODE", n,
                     full, gt_err_name(rc));
        assert_true(e.why[0] != 0); /* every failure has its sentence */
    }
}

/* ---- OpenSSL's ServerHello ---- */

/* Run on both sessions; whether EMS was used is s_client's own report
 * (session.txt, "extended_master_secret yes|no"). */
static void test_openssl_server_hello(void **state)
{
    const struct gt_fixture_session *s = *state;
    bool ems = s->extended_master_secret;
    const struct gt_fixture_message *m = find(s, false, "ServerHello");
    gt_server_hello sh;
    gt_error e = {0};
    assert_int_equal(parse_sh(m->bytes + 4, m->len - 4, &sh, &e), GT_OK);
    assert_int_equal(sh.server_version, 0x0303);
    assert_memory_equal(sh.random, s->server_random, 32);
    assert_int_equal(sh.session_id_len, 32);
    assert_memory_equal(sh.session_id, m->bytes + 39, 32); /* after the length byte at 38 */
    assert_int_equal(sh.cipher_suite, 0x009c);
    assert_int_equal(sh.compression, 0);
    assert_true(sh.ext.renegotiation_info);
    assert_int_equal(sh.ext.types[0], 0xff01);
    assert_false(sh.ext.server_name);
    assert_int_equal(sh.ext.extended_master_secret, ems);
    if (ems) {
        assert_int_equal(sh.ext.count, 2);
        assert_int_equal(sh.ext.types[1], 0x0017);
    } else {
        assert_int_equal(sh.ext.count, 1);
    }
}

static void test_openssl_server_hello_truncated(void **state)
{
    const struct gt_fixture_message *m = find(*state, false, "ServerHello");
    size_t full = m->len - 4;
    for (size_t n = 0; n < full; n++) {
        gt_server_hello sh;
        gt_error e = {0};
        gt_err rc = parse_sh(m->bytes + 4, n, &sh, &e);
        if (n == OPENSSL_SH_NO_EXT_LEN) {
            assert_int_equal(rc, GT_OK);
            assert_int_equal(sh.ext.count, 0);
            continue;
        }
        if (rc != GT_ERR_DECODE)
            fail_msg("ServerHello body cut to %zu of %zu bytes: %s, expected GT_ERR_DECODE", n,
                     full, gt_err_name(rc));
    }
}

/* ---- hand-written hellos, each wrong in one place ---- */

/* A list of bytes and its length, for a function taking (p, n). */
#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* client_version and random, the same for every hand-written hello. */
static const uint8_t HEAD[34] = {
    0x03, 0x03, /* TLS 1.2 */
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* ClientHello after HEAD: empty session_id, one suite (009c), null compression. */
#define CH_MIDDLE 0x00, 0x00, 0x02, 0x00, 0x9c, 0x01, 0x00
/* ServerHello after HEAD: empty session_id, 009c, null compression. */
#define SH_MIDDLE 0x00, 0x00, 0x9c, 0x00

/* HEAD || tail, parsed as a ClientHello body. */
static gt_err client_hello_with(const uint8_t *tail, size_t n, gt_client_hello *ch, gt_error *e)
{
    uint8_t buf[512];
    assert_true(sizeof HEAD + n <= sizeof buf);
    memcpy(buf, HEAD, sizeof HEAD);
    memcpy(buf + sizeof HEAD, tail, n);
    return parse_ch(buf, sizeof HEAD + n, ch, e);
}

static gt_err server_hello_with(const uint8_t *tail, size_t n, gt_server_hello *sh, gt_error *e)
{
    uint8_t buf[512];
    assert_true(sizeof HEAD + n <= sizeof buf);
    memcpy(buf, HEAD, sizeof HEAD);
    memcpy(buf + sizeof HEAD, tail, n);
    return parse_sh(buf, sizeof HEAD + n, sh, e);
}

static void expect_ch(const uint8_t *tail, size_t n, gt_err want, const char *what)
{
    gt_client_hello ch;
    gt_error e = {0};
    gt_err rc = client_hello_with(tail, n, &ch, &e);
    if (rc != want)
        fail_msg("%s: %s (%s), expected %s", what, gt_err_name(rc), e.why, gt_err_name(want));
    if (want != GT_OK && e.why[0] == 0)
        fail_msg("%s: the failure has no sentence", what);
}

static void expect_sh(const uint8_t *tail, size_t n, gt_err want, const char *what)
{
    gt_server_hello sh;
    gt_error e = {0};
    gt_err rc = server_hello_with(tail, n, &sh, &e);
    if (rc != want)
        fail_msg("%s: %s (%s), expected %s", what, gt_err_name(rc), e.why, gt_err_name(want));
}

/* The well-formed base the negative tests break, so each failure is known
 * to come from the one change. */
static void test_hand_written_client_hello(void **state)
{
    (void)state;
    gt_client_hello ch;
    gt_error e = {0};
    /* + extensions: server_name "a.b" and extended_master_secret */
    // clang-format off
    gt_err rc = client_hello_with(BYTES(CH_MIDDLE,
                                        0x00, 0x10,              /* extensions: 16 bytes */
                                        0x00, 0x00, 0x00, 0x08,  /*   server_name, 8 bytes */
                                        0x00, 0x06,              /*     list, 6 bytes */
                                        0x00, 0x00, 0x03,        /*     host_name, 3 bytes */
                                        'a', '.', 'b',
                                        0x00, 0x17, 0x00, 0x00), /*   extended_master_secret */
                                  &ch, &e);
    // clang-format on
    assert_int_equal(rc, GT_OK);
    assert_int_equal(ch.client_version, 0x0303);
    assert_memory_equal(ch.random, HEAD + 2, 32);
    assert_int_equal(ch.n_cipher_suites, 1);
    assert_true(ch.offers_our_suite);
    assert_false(ch.offers_scsv);
    assert_string_equal(ch.ext.host_name, "a.b");
    assert_true(ch.ext.extended_master_secret);
    assert_int_equal(ch.ext.count, 2);

    /* A session_id of exactly 32 bytes is the most RFC 5246 7.4.1.2 allows. */
    expect_ch(BYTES(0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, /* session_id */
                    0x00, 0x02, 0x00, 0x9c, 0x01, 0x00),
              GT_OK, "32-byte session_id");
    /* An empty extensions block is allowed too. */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x00), GT_OK, "empty extensions block");
    /* A suite list without 009c parses; refusing it is the server's decision. */
    gt_error e2 = {0};
    assert_int_equal(
        client_hello_with(BYTES(0x00, 0x00, 0x04, 0x00, 0x2f, 0x00, 0x35, 0x01, 0x00), &ch, &e2),
        GT_OK);
    assert_int_equal(ch.n_cipher_suites, 2);
    assert_false(ch.offers_our_suite);
}

/* cipher_suites<2..2^16-2> holds 2-byte values: an odd length is no list. */
static void test_odd_cipher_suites_length(void **state)
{
    (void)state;
    expect_ch(BYTES(0x00, 0x00, 0x03, 0x00, 0x9c, 0x00, 0x01, 0x00), GT_ERR_DECODE,
              "cipher_suites of 3 bytes");
    expect_ch(BYTES(0x00, 0x00, 0x01, 0x00, 0x01, 0x00), GT_ERR_DECODE, "cipher_suites of 1 byte");
    expect_ch(BYTES(0x00, 0x00, 0x00, 0x01, 0x00), GT_ERR_DECODE, "empty cipher_suites");
}

/* compression_methods<1..2^8-1>: at least one method. */
static void test_empty_compression_list(void **state)
{
    (void)state;
    expect_ch(BYTES(0x00, 0x00, 0x02, 0x00, 0x9c, 0x00), GT_ERR_DECODE,
              "empty compression_methods");
    /* null compression missing is well formed; the server refuses it later */
    gt_client_hello ch;
    gt_error e = {0};
    assert_int_equal(client_hello_with(BYTES(0x00, 0x00, 0x02, 0x00, 0x9c, 0x01, 0x01), &ch, &e),
                     GT_OK);
    assert_false(ch.null_compression);
}

/* SessionID session_id<0..32> (RFC 5246 7.4.1.2). */
static void test_session_id_too_long(void **state)
{
    (void)state;
    expect_ch(BYTES(0x21, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, /* 33 bytes */
                    0x00, 0x02, 0x00, 0x9c, 0x01, 0x00),
              GT_ERR_DECODE, "33-byte session_id");
    expect_sh(BYTES(0x21, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 0x00, 0x9c, 0x00),
              GT_ERR_DECODE, "ServerHello with a 33-byte session_id");
    /* a session_id length running past the message */
    expect_ch(BYTES(0x10, 1, 2, 3), GT_ERR_DECODE, "session_id past the end");
}

static void test_extension_length_past_block(void **state)
{
    (void)state;
    /* block of 4: extended_master_secret claims 5 bytes of data, none follow */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x04, 0x00, 0x17, 0x00, 0x05), GT_ERR_DECODE,
              "extension data past the extensions block");
    /* block of 6: the second extension's header is cut after its type */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x06, 0x00, 0x17, 0x00, 0x00, 0xff, 0x01), GT_ERR_DECODE,
              "extension header cut in the block");
    /* the block itself claims more than the message has */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x08, 0x00, 0x17, 0x00, 0x00), GT_ERR_DECODE,
              "extensions block past the message");
    /* a lone byte where the block length should be */
    expect_ch(BYTES(CH_MIDDLE, 0x00), GT_ERR_DECODE, "one byte of extensions length");
}

static void test_trailing_bytes_after_extensions(void **state)
{
    (void)state;
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x04, 0x00, 0x17, 0x00, 0x00, 0xff), GT_ERR_DECODE,
              "a byte after the extensions block");
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x04, 0x00, 0x17, 0x00, 0x00, 0x00, 0x00), GT_ERR_DECODE,
              "ServerHello: bytes after the extensions block");
}

/* RFC 5246 7.4.1.4: "There MUST NOT be more than one extension of the same type." */
static void test_duplicate_extension(void **state)
{
    (void)state;
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x08, 0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00),
              GT_ERR_ILLEGAL_PARAMETER, "extended_master_secret twice");
    /* not next to each other, and an extension glasstls does not know */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x0d, 0x12, 0x34, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x12,
                    0x34, 0x00, 0x01, 0xaa),
              GT_ERR_ILLEGAL_PARAMETER, "unknown extension 0x1234 twice");
    expect_sh(
        BYTES(SH_MIDDLE, 0x00, 0x0a, 0xff, 0x01, 0x00, 0x01, 0x00, 0xff, 0x01, 0x00, 0x01, 0x00),
        GT_ERR_ILLEGAL_PARAMETER, "ServerHello: renegotiation_info twice");
}

/* RFC 5746 3.2: renegotiation_info carries renegotiated_connection<0..255>,
 * which is empty on a first handshake; 3.6 (server) and 3.4 (client): if it
 * is not, abort with handshake_failure. */
static void test_renegotiation_info_not_empty(void **state)
{
    (void)state;
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x05, 0xff, 0x01, 0x00, 0x01, 0x00), GT_OK,
              "empty renegotiation_info");
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x06, 0xff, 0x01, 0x00, 0x02, 0x01, 0xaa),
              GT_ERR_HANDSHAKE_FAILURE, "renegotiation_info with 1 byte of verify_data");
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x05, 0xff, 0x01, 0x00, 0x01, 0x00), GT_OK,
              "ServerHello: empty renegotiation_info");
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x11, 0xff, 0x01, 0x00, 0x0d, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                    10, 11, 12),
              GT_ERR_HANDSHAKE_FAILURE, "ServerHello: renegotiation_info with verify_data");
    /* extension_data that is not even a vector: a decode error */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x04, 0xff, 0x01, 0x00, 0x00), GT_ERR_DECODE,
              "renegotiation_info without its length byte");
}

/* RFC 7627 5.1: "The extension_data field of this extension is empty." */
static void test_extended_master_secret_not_empty(void **state)
{
    (void)state;
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x05, 0x00, 0x17, 0x00, 0x01, 0x00), GT_ERR_DECODE,
              "extended_master_secret with one byte");
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x06, 0x00, 0x17, 0x00, 0x02, 0x00, 0x00), GT_ERR_DECODE,
              "ServerHello: extended_master_secret with two bytes");
}

/* RFC 6066 3: ServerNameList server_name_list<1..2^16-1>, each ServerName is
 * NameType (1 byte) and HostName<1..2^16-1>; a server's answer is empty. */
static void test_server_name_malformed(void **state)
{
    (void)state;
    /* the list claims 3 bytes; the HostName in it claims 5 but has none */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x09, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x05),
              GT_ERR_DECODE, "HostName length past the list");
    /* an empty server_name_list */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x06, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00), GT_ERR_DECODE,
              "empty server_name_list");
    /* an empty HostName */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x09, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00),
              GT_ERR_DECODE, "empty HostName");
    /* the list is shorter than the extension: a byte left over */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x07, 0x00, 0x04, 0x00, 0x00, 0x01,
                    'a', 0xee),
              GT_ERR_DECODE, "a byte after server_name_list");
    /* no list length at all */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x00), GT_ERR_DECODE,
              "server_name with 1 byte");
    /* an entry cut after its NameType */
    expect_ch(BYTES(CH_MIDDLE, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00), GT_ERR_DECODE,
              "entry cut after NameType");
    /* a ServerHello's server_name must be empty */
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x09, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x01),
              GT_ERR_DECODE, "ServerHello: non-empty server_name");
    expect_sh(BYTES(SH_MIDDLE, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00), GT_OK,
              "ServerHello: empty server_name");
}

static void test_server_hello_too_short(void **state)
{
    (void)state;
    expect_sh(BYTES(0x00, 0x00), GT_ERR_DECODE, "ServerHello ending inside its cipher suite");
    expect_sh(BYTES(0x00, 0x00, 0x9c), GT_ERR_DECODE, "ServerHello without compression");
    expect_sh(BYTES(SH_MIDDLE), GT_OK, "ServerHello without extensions");
}

/* ---- what glasstls's client sends ---- */

/* The first 32 bytes a fresh generator seeded with SEED gives: the client
 * random, which is the first thing the client draws. */
static void seeded_random(uint8_t out[32])
{
    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    assert_int_equal(gt_rng_bytes(&rng, out, 32), GT_OK);
}

/* Runs the client's first row over a pipe and returns what arrived at the
 * server's end: the raw bytes, record header included. */
static size_t client_hello_on_wire(const char *server_name, bool no_ems, uint8_t *out, size_t cap)
{
    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    gt_config cfg = {.server_name = server_name, .rng = &rng, .no_ems = no_ems};
    gt_pipe *pipe = gt_pipe_new();
    assert_non_null(pipe);
    gt_conn *c = gt_conn_new(GT_CLIENT, &cfg, gt_pipe_client(pipe));
    assert_non_null(c);
    assert_string_equal(gt_next_row_name(c), "send ClientHello");
    assert_int_equal(gt_handshake_step(c), GT_OK);
    gt_transport server_end = gt_pipe_server(pipe);
    size_t n = 0;
    for (;;) {
        long k = server_end.recv(server_end.ctx, out + n, cap - n);
        if (k == GT_IO_WOULD_BLOCK || k <= 0)
            break;
        n += (size_t)k;
        assert_true(n < cap);
    }
    gt_conn_free(c);
    gt_pipe_free(pipe);
    return n;
}

/* Compares with the hand-written record; the random (bytes 11..42 of the
 * record) is filled in from the seeded generator. */
static void expect_wire(const uint8_t *got, size_t got_len, uint8_t *want, size_t want_len)
{
    uint8_t random[32];
    seeded_random(random);
    memcpy(want + 5 + 4 + 2, random, 32);
    if (got_len != want_len)
        fail_msg("the ClientHello record is %zu bytes, expected %zu", got_len, want_len);
    for (size_t i = 0; i < want_len; i++)
        if (got[i] != want[i])
            fail_msg("ClientHello record byte %zu: %02x, expected %02x", i, got[i], want[i]);
}

/* RFC 5246 6.2.1 and 7.4.1.2, RFC 6066 3, RFC 7627 5.1, RFC 5746 3.4, written
 * out byte by byte for server_name "sensor-hub.local". */
static void test_client_hello_layout(void **state)
{
    (void)state;
    // clang-format off
    uint8_t want[] = {
        0x16, 0x03, 0x03, 0x00, 0x5d,   /* record: handshake(22), TLS 1.2, 93 bytes */
        0x01, 0x00, 0x00, 0x59,         /* client_hello(1), 89 bytes */
        0x03, 0x03,                     /* client_version */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* random: 32 bytes, */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* filled in */
        0x00,                           /* session_id: empty */
        0x00, 0x02, 0x00, 0x9c,         /* cipher_suites: TLS_RSA_WITH_AES_128_GCM_SHA256 */
        0x01, 0x00,                     /* compression_methods: null */
        0x00, 0x2e,                     /* extensions: 46 bytes */
        0x00, 0x00, 0x00, 0x15,         /*   server_name(0), 21 bytes */
        0x00, 0x13,                     /*     server_name_list, 19 bytes */
        0x00, 0x00, 0x10,               /*     host_name(0), 16 bytes: */
        's', 'e', 'n', 's', 'o', 'r', '-', 'h', 'u', 'b', '.', 'l', 'o', 'c', 'a', 'l',
        0x00, 0x0d, 0x00, 0x08,         /*   signature_algorithms(13), 8 bytes */
        0x00, 0x06,                     /*     3 pairs: rsa_pkcs1 with */
        0x04, 0x01, 0x05, 0x01, 0x06, 0x01, /* sha256, sha384, sha512 */
        0x00, 0x17, 0x00, 0x00,         /*   extended_master_secret(23), empty */
        0xff, 0x01, 0x00, 0x01, 0x00,   /*   renegotiation_info, empty renegotiated_connection */
    };
    // clang-format on
    uint8_t got[1024];
    size_t n = client_hello_on_wire("sensor-hub.local", false, got, sizeof got);
    expect_wire(got, n, want, sizeof want);
}

/* Without EMS the 00 17 extension is simply absent. */
static void test_client_hello_layout_no_ems(void **state)
{
    (void)state;
    // clang-format off
    uint8_t want[] = {
        0x16, 0x03, 0x03, 0x00, 0x59,   /* record: 89 bytes */
        0x01, 0x00, 0x00, 0x55,         /* client_hello, 85 bytes */
        0x03, 0x03,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* random: 32 bytes, */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* filled in */
        0x00,
        0x00, 0x02, 0x00, 0x9c,
        0x01, 0x00,
        0x00, 0x2a,                     /* extensions: 42 bytes */
        0x00, 0x00, 0x00, 0x15, 0x00, 0x13, 0x00, 0x00, 0x10,
        's', 'e', 'n', 's', 'o', 'r', '-', 'h', 'u', 'b', '.', 'l', 'o', 'c', 'a', 'l',
        0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01,
        0xff, 0x01, 0x00, 0x01, 0x00,   /* no 00 17 before renegotiation_info */
    };
    // clang-format on
    uint8_t got[1024];
    size_t n = client_hello_on_wire("sensor-hub.local", true, got, sizeof got);
    expect_wire(got, n, want, sizeof want);
}

/* RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName":
 * for an address, no server_name extension at all. */
static void test_client_hello_ip_literal_no_sni(void **state)
{
    (void)state;
    // clang-format off
    uint8_t want[] = {
        0x16, 0x03, 0x03, 0x00, 0x44,   /* record: 68 bytes */
        0x01, 0x00, 0x00, 0x40,         /* client_hello, 64 bytes */
        0x03, 0x03,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* random: 32 bytes, */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* filled in */
        0x00,
        0x00, 0x02, 0x00, 0x9c,
        0x01, 0x00,
        0x00, 0x15,                     /* extensions: 21 bytes, no server_name */
        0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01,
        0x00, 0x17, 0x00, 0x00,
        0xff, 0x01, 0x00, 0x01, 0x00,
    };
    // clang-format on
    uint8_t got[1024];
    size_t n = client_hello_on_wire("127.0.0.1", false, got, sizeof got);
    expect_wire(got, n, want, sizeof want);
    n = client_hello_on_wire("::1", false, got, sizeof got);
    expect_wire(got, n, want, sizeof want);
    /* and no name configured at all: the same bytes */
    n = client_hello_on_wire(NULL, false, got, sizeof got);
    expect_wire(got, n, want, sizeof want);
}

/* ---- what glasstls's client accepts in a ServerHello ---- */

/* RFC 5246 7.4.1.4: "If a client receives an extension type in ServerHello
 * that it did not request in the associated ClientHello, it MUST abort the
 * handshake with an unsupported_extension fatal alert." The client sends its
 * ClientHello (server_name as given), then gets a hand-written ServerHello
 * carrying one empty extension of type ext_hi/ext_lo. Returns the client's
 * error and, in *alert, the alert description found on the wire (-1: none). */
static gt_err client_given_server_hello(const char *server_name, bool no_ems, uint8_t ext_hi,
                                        uint8_t ext_lo, int *alert)
{
    // clang-format off
    uint8_t rec[] = {
        0x16, 0x03, 0x03, 0x00, 0x30,   /* record: handshake, 48 bytes */
        0x02, 0x00, 0x00, 0x2c,         /* server_hello, 44 bytes */
        0x03, 0x03,                     /* server_version */
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,    /* random */
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        0x00,                           /* session_id: empty */
        0x00, 0x9c, 0x00,               /* suite 009c, null compression */
        0x00, 0x04,                     /* extensions: 4 bytes */
        ext_hi, ext_lo, 0x00, 0x00,     /*   one empty extension */
    };
    // clang-format on
    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    gt_config cfg = {.server_name = server_name, .rng = &rng, .no_ems = no_ems};
    gt_pipe *pipe = gt_pipe_new();
    gt_conn *c = gt_conn_new(GT_CLIENT, &cfg, gt_pipe_client(pipe));
    assert_non_null(c);
    assert_int_equal(gt_handshake_step(c), GT_OK); /* ClientHello */
    gt_transport server_end = gt_pipe_server(pipe);
    uint8_t buf[1024];
    while (server_end.recv(server_end.ctx, buf, sizeof buf) > 0) /* drop the ClientHello */
        ;
    assert_int_equal(server_end.send(server_end.ctx, rec, sizeof rec), (long)sizeof rec);
    gt_err rc = gt_handshake_step(c);
    long n = server_end.recv(server_end.ctx, buf, sizeof buf);
    *alert = -1;
    if (n == 7 && buf[0] == 0x15 && buf[1] == 0x03 && buf[2] == 0x03 && buf[3] == 0 &&
        buf[4] == 2 && buf[5] == GT_ALERT_LEVEL_FATAL)
        *alert = buf[6];
    gt_conn_free(c);
    gt_pipe_free(pipe);
    return rc;
}

static void test_server_hello_unrequested_extension(void **state)
{
    (void)state;
    int alert;
    /* asked for: an empty server_name acknowledges SNI (RFC 6066 3) */
    assert_int_equal(client_given_server_hello("sensor-hub.local", false, 0x00, 0x00, &alert),
                     GT_OK);
    assert_int_equal(alert, -1);
    /* extended_master_secret from a server the client did not offer it to */
    assert_int_equal(client_given_server_hello("sensor-hub.local", true, 0x00, 0x17, &alert),
                     GT_ERR_UNSUPPORTED_EXTENSION);
    assert_int_equal(alert, 110); /* unsupported_extension */
    /* an empty session_ticket (35, RFC 5077 3.2), which glasstls never offers */
    assert_int_equal(client_given_server_hello("sensor-hub.local", false, 0x00, 0x23, &alert),
                     GT_ERR_UNSUPPORTED_EXTENSION);
    assert_int_equal(alert, 110);
}

/* For an IP literal the client sends no server_name (RFC 6066 3; see
 * test_client_hello_ip_literal_no_sni above), so a server_name answer is an
 * extension it did not offer: RFC 5246 7.4.1.4 requires unsupported_extension
 * (110). (This test found the client asking whether a name was configured
 * instead of whether the extension was sent.) */
static void test_server_hello_server_name_not_requested(void **state)
{
    (void)state;
    int alert;
    gt_err rc = client_given_server_hello("127.0.0.1", false, 0x00, 0x00, &alert);
    if (rc != GT_ERR_UNSUPPORTED_EXTENSION || alert != 110)
        fail_msg("the client sent no server_name (IP literal) but accepted one in "
                 "the ServerHello: %s, alert %d; expected GT_ERR_UNSUPPORTED_EXTENSION and "
                 "unsupported_extension (110)",
                 gt_err_name(rc), alert);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        {"test_openssl_client_hello(ems)", test_openssl_client_hello, gt_fixture_setup_ems,
         gt_fixture_teardown, NULL},
        {"test_openssl_client_hello(no-ems)", test_openssl_client_hello, gt_fixture_setup_no_ems,
         gt_fixture_teardown, NULL},
        cmocka_unit_test_setup_teardown(test_openssl_client_hello_truncated, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        {"test_openssl_server_hello(ems)", test_openssl_server_hello, gt_fixture_setup_ems,
         gt_fixture_teardown, NULL},
        {"test_openssl_server_hello(no-ems)", test_openssl_server_hello, gt_fixture_setup_no_ems,
         gt_fixture_teardown, NULL},
        cmocka_unit_test_setup_teardown(test_openssl_server_hello_truncated, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        cmocka_unit_test(test_hand_written_client_hello),
        cmocka_unit_test(test_odd_cipher_suites_length),
        cmocka_unit_test(test_empty_compression_list),
        cmocka_unit_test(test_session_id_too_long),
        cmocka_unit_test(test_extension_length_past_block),
        cmocka_unit_test(test_trailing_bytes_after_extensions),
        cmocka_unit_test(test_duplicate_extension),
        cmocka_unit_test(test_renegotiation_info_not_empty),
        cmocka_unit_test(test_extended_master_secret_not_empty),
        cmocka_unit_test(test_server_name_malformed),
        cmocka_unit_test(test_server_hello_too_short),
        cmocka_unit_test(test_client_hello_layout),
        cmocka_unit_test(test_client_hello_layout_no_ems),
        cmocka_unit_test(test_client_hello_ip_literal_no_sni),
        cmocka_unit_test(test_server_hello_unrequested_extension),
        cmocka_unit_test(test_server_hello_server_name_not_requested),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
