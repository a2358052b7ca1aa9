/* test_state_server: glasstls as a server against a scripted client that
 * breaks the TLS 1.2 message flow (RFC 5246 7.3, Figure 1) or sends a
 * malformed ClientHello (7.4.1.2, with the extensions of RFC 5746, 6066 and
 * 7627). Each case is one cmocka test; each expects the fatal alert the RFCs
 * name (7.2.2), sent once, and a server that then stops, with its secrets
 * wiped (test/helpers/script.h). Where OpenSSL 3.0 answers differently, the
 * case says so in one line ("OpenSSL: ..."); those answers were measured
 * against `openssl s_server -tls1_2` on 127.0.0.1, or (ChangeCipherSpec)
 * read in OpenSSL's ssl/statem source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes/bytes.h"
#include "handshake/finished.h"
#include "handshake/hello.h"
#include "test/helpers/script.h"

/* ---- building messages by hand ---- */

/* A ClientHello body: the given version, a fixed random, an empty session_id,
 * then cipher_suites, compression_methods and the extensions block, each
 * given as its bytes on the wire (length prefixes included), so that a case
 * can make any of them disagree with itself. ext NULL: no extensions block. */
static size_t client_hello_body(uint8_t *out, size_t cap, uint16_t version, const void *suites,
                                size_t suites_len, const void *comp, size_t comp_len,
                                const void *ext, size_t ext_len)
{
    gt_writer w;
    gt_writer_init(&w, out, cap);
    gt_write_u16(&w, version);
    for (int i = 0; i < 32; i++)
        gt_write_u8(&w, (uint8_t)(0xa0 + i));
    gt_write_u8(&w, 0);
    gt_write_bytes(&w, suites, suites_len);
    gt_write_bytes(&w, comp, comp_len);
    if (ext)
        gt_write_bytes(&w, ext, ext_len);
    assert_true(gt_writer_ok(&w));
    return w.len;
}

/* The parts of a good hello: our suite and the SCSV; null compression;
 * extended_master_secret and an empty renegotiation_info. */
static const uint8_t good_suites[] = {0x00, 0x04, 0x00, 0x9c, 0x00, 0xff};
static const uint8_t good_comp[] = {0x01, 0x00};
static const uint8_t good_ext[] = {0x00, 0x09, 0x00, 0x17, 0x00, 0x00,
                                   0xff, 0x01, 0x00, 0x01, 0x00};

static void send_client_hello(gt_script *s, uint16_t version, const void *suites, size_t suites_len,
                              const void *comp, size_t comp_len, const void *ext, size_t ext_len)
{
    uint8_t body[512];
    size_t n = client_hello_body(body, sizeof body, version, suites, suites_len, comp, comp_len,
                                 ext, ext_len);
    gt_script_send_hs(s, GT_HS_CLIENT_HELLO, body, n);
}

static void send_hello_with_ext(gt_script *s, const void *ext, size_t ext_len)
{
    send_client_hello(s, GT_TLS12, good_suites, sizeof good_suites, good_comp, sizeof good_comp,
                      ext, ext_len);
}

#define HELLO_EXT(e) send_hello_with_ext(s, e, sizeof e - 1)

/* ---- the message flow (RFC 5246 7.3; 7.2.2 unexpected_message) ---- */

static void cke_first(gt_script *s)
{
    static const uint8_t cke[] = {0x00, 0x02, 0xaa, 0xbb};
    gt_script_send_hs(s, GT_HS_CLIENT_KEY_EXCHANGE, cke, sizeof cke);
}
static void client_hello_twice(gt_script *s)
{
    assert_int_equal(gt_send_client_hello(s->peer), GT_OK);
}
static void finished_for_cke(gt_script *s)
{
    static const uint8_t vd[12] = {0};
    gt_script_send_hs(s, GT_HS_FINISHED, vd, sizeof vd);
}
static void unrequested_certificate(gt_script *s)
{
    uint8_t body[4096];
    const gt_cert *leaf = &s->p.chain[0];
    gt_writer w;
    gt_writer_init(&w, body, sizeof body);
    gt_vec_mark list = gt_write_vec_begin(&w, 3);
    gt_vec_mark one = gt_write_vec_begin(&w, 3);
    gt_write_bytes(&w, leaf->der, leaf->der_len);
    gt_write_vec_end(&w, one);
    gt_write_vec_end(&w, list);
    assert_true(gt_writer_ok(&w));
    gt_script_send_hs(s, GT_HS_CERTIFICATE, body, w.len);
}
static void unrequested_certificate_verify(gt_script *s)
{
    static const uint8_t cv[] = {0x04, 0x01, 0x00, 0x02, 0x12, 0x34};
    gt_script_send_hs(s, GT_HS_CERTIFICATE_VERIFY, cv, sizeof cv);
}
static void appdata_before_ccs(gt_script *s)
{
    gt_script_send_record(s, GT_CT_APPLICATION_DATA, "GET /", 5);
}
static void appdata_before_finished(gt_script *s)
{
    /* after the peer's ChangeCipherSpec: protected, but still too early */
    gt_script_send_record(s, GT_CT_APPLICATION_DATA, "GET /", 5);
}
static void hello_request_to_server(gt_script *s)
{
    gt_script_send_hs(s, GT_HS_HELLO_REQUEST, NULL, 0);
}
static void server_hello_from_client(gt_script *s)
{
    uint8_t body[128];
    size_t n = client_hello_body(body, sizeof body, GT_TLS12, "\x00\x9c", 2, "\x00", 1, NULL, 0);
    gt_script_send_hs(s, GT_HS_SERVER_HELLO, body, n);
}

/* ---- ChangeCipherSpec's content (RFC 5246 7.1) ---- */

/* RFC 5246 6.2.1 forbids empty change_cipher_spec fragments. */
static void ccs_empty(gt_script *s) { gt_script_send_record(s, GT_CT_CHANGE_CIPHER_SPEC, "", 0); }

/* ---- Finished (RFC 5246 7.4.9; 7.2.2 decrypt_error) ---- */

static void wrong_verify_data(gt_script *s)
{
    static const uint8_t vd[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    gt_script_send_hs(s, GT_HS_FINISHED, vd, sizeof vd);
}
static void finished_13_bytes(gt_script *s)
{
    static const uint8_t vd[13] = {0};
    gt_script_send_hs(s, GT_HS_FINISHED, vd, sizeof vd);
}

/* ---- ClientKeyExchange framing (RFC 5246 7.4.7.1) ---- */

static void cke_length_disagrees(gt_script *s)
{
    /* the vector says 256 bytes, 255 follow */
    uint8_t body[2 + 255];
    memset(body, 0x5a, sizeof body);
    body[0] = 0x01, body[1] = 0x00;
    gt_script_send_hs(s, GT_HS_CLIENT_KEY_EXCHANGE, body, sizeof body);
}
static void cke_trailing_byte(gt_script *s)
{
    uint8_t body[2 + 256 + 1];
    memset(body, 0x5a, sizeof body);
    body[0] = 0x01, body[1] = 0x00;
    gt_script_send_hs(s, GT_HS_CLIENT_KEY_EXCHANGE, body, sizeof body);
}

/* ---- the ClientHello (RFC 5246 7.4.1.2, E.1, E.2) ---- */

static void record_version_2(gt_script *s)
{
    uint8_t body[256];
    size_t n = client_hello_body(body, sizeof body, GT_TLS12, good_suites, sizeof good_suites,
                                 good_comp, sizeof good_comp, good_ext, sizeof good_ext);
    uint8_t msg[300];
    gt_script_send_record_v(s, GT_CT_HANDSHAKE, 0x0200, msg,
                            gt_script_handshake_msg(msg, GT_HS_CLIENT_HELLO, body, n));
}
static void client_version_tls10(gt_script *s)
{
    send_client_hello(s, 0x0301, good_suites, sizeof good_suites, good_comp, sizeof good_comp,
                      good_ext, sizeof good_ext);
}
static void client_version_ssl3(gt_script *s)
{
    send_client_hello(s, 0x0300, good_suites, sizeof good_suites, good_comp, sizeof good_comp,
                      good_ext, sizeof good_ext);
}
/* OpenSSL: handshake_failure (it parses SSL 2.0-format hellos, then finds no suite). */
static void sslv2_hello(gt_script *s)
{
    /* RFC 5246 E.2: msg_length with the top bit set, msg_type 1, version,
     * cipher_spec_length, session_id_length, challenge_length, specs, challenge. */
    static const uint8_t v2[] = {0x80, 0x1b, 0x01, 0x03, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00,
                                 0x10, 0x00, 0x00, 0x9c, 1,    2,    3,    4,    5,    6,
                                 7,    8,    9,    10,   11,   12,   13,   14,   15,   16};
    gt_script_send_raw(s, v2, sizeof v2);
}
static void odd_cipher_suites(gt_script *s)
{
    static const uint8_t suites[] = {0x00, 0x03, 0x00, 0x9c, 0x00};
    send_client_hello(s, GT_TLS12, suites, sizeof suites, good_comp, sizeof good_comp, good_ext,
                      sizeof good_ext);
}
static void empty_cipher_suites(gt_script *s)
{
    send_client_hello(s, GT_TLS12, "\0\0", 2, good_comp, sizeof good_comp, good_ext,
                      sizeof good_ext);
}
static void cipher_suites_past_end(gt_script *s)
{
    static const uint8_t suites[] = {0x01, 0x00, 0x00, 0x9c};
    send_client_hello(s, GT_TLS12, suites, sizeof suites, NULL, 0, NULL, 0);
}
static void no_common_suite(gt_script *s)
{
    send_client_hello(s, GT_TLS12, "\x00\x02\x00\x2f", 4, good_comp, sizeof good_comp, good_ext,
                      sizeof good_ext);
}
static void empty_compression(gt_script *s)
{
    send_client_hello(s, GT_TLS12, good_suites, sizeof good_suites, "\0", 1, good_ext,
                      sizeof good_ext);
}
static void compression_length_disagrees(gt_script *s)
{
    /* two methods announced, one present, then the extensions' first byte is
     * read as the second method and the block no longer adds up */
    send_client_hello(s, GT_TLS12, good_suites, sizeof good_suites, "\x02\x00", 2, good_ext,
                      sizeof good_ext);
}
/* OpenSSL: decode_error for a compression list without null. */
static void no_null_compression(gt_script *s)
{
    send_client_hello(s, GT_TLS12, good_suites, sizeof good_suites, "\x01\x01", 2, good_ext,
                      sizeof good_ext);
}
static void duplicate_extension(gt_script *s)
{
    HELLO_EXT("\x00\x08\x00\x17\x00\x00\x00\x17\x00\x00");
}
static void ems_not_empty(gt_script *s) { HELLO_EXT("\x00\x05\x00\x17\x00\x01\x00"); }
static void reneg_info_length_disagrees(gt_script *s)
{
    /* renegotiated_connection claims 2 bytes, extension_data holds 1 + 1 */
    HELLO_EXT("\x00\x06\xff\x01\x00\x02\x02\x00");
}
/* RFC 5746 3.6: a non-empty renegotiated_connection on a first handshake. */
static void reneg_info_not_empty(gt_script *s) { HELLO_EXT("\x00\x06\xff\x01\x00\x02\x01\x00"); }
static void server_name_length_disagrees(gt_script *s)
{
    /* ServerNameList says 9 bytes, the extension holds 8 */
    HELLO_EXT("\x00\x0c\x00\x00\x00\x08\x00\x09\x00\x00\x03\x61\x62\x63");
}
static void extension_past_block(gt_script *s) { HELLO_EXT("\x00\x04\x00\x17\x00\x05"); }
static void extensions_block_past_message(gt_script *s) { HELLO_EXT("\x00\x10\x00\x17\x00\x00"); }
static void signature_algorithms_odd(gt_script *s)
{
    HELLO_EXT("\x00\x07\x00\x0d\x00\x03\x00\x01\x04");
}
static void trailing_bytes_after_extensions(gt_script *s)
{
    HELLO_EXT("\x00\x04\x00\x17\x00\x00\x99");
}

/* ---- the table ---- */

#define S GT_SERVER
static const gt_script_case cases[] = {
    /* out of order, duplicated, missing */
    {"ClientKeyExchange as the first message", S, NULL, cke_first, 10},
    {"ClientHello twice", S, "receive ServerHello", client_hello_twice, 10},
    {"Finished instead of ClientKeyExchange", S, "send ClientKeyExchange", finished_for_cke, 10},
    {"ChangeCipherSpec before ClientKeyExchange", S, "send ClientKeyExchange", gt_script_act_ccs,
     10},
    {"Finished before ChangeCipherSpec", S, "send ChangeCipherSpec", gt_script_act_finished, 10},
    {"client Certificate not requested", S, "send ClientKeyExchange", unrequested_certificate, 10},
    {"CertificateVerify not requested", S, "send ChangeCipherSpec", unrequested_certificate_verify,
     10},
    {"application data before ChangeCipherSpec", S, "send ChangeCipherSpec", appdata_before_ccs,
     10},
    {"application data before Finished", S, "send Finished", appdata_before_finished, 10},
    {"ChangeCipherSpec twice", S, "send Finished", gt_script_act_ccs, 10},
    {"HelloRequest sent to a server", S, "send ClientKeyExchange", hello_request_to_server, 10},
    {"unknown handshake type", S, "send ClientKeyExchange", gt_script_act_unknown_handshake_type,
     10},
    {"ServerHello sent by the client", S, "send ClientKeyExchange", server_hello_from_client, 10},
    {"Finished again after the handshake", S, "done", gt_script_act_finished, 10},
    /* ChangeCipherSpec and Finished */
    {"ChangeCipherSpec of value 2", S, "send ChangeCipherSpec", gt_script_act_ccs_value_2, 50},
    {"ChangeCipherSpec of two bytes", S, "send ChangeCipherSpec", gt_script_act_ccs_two_bytes, 50},
    {"empty ChangeCipherSpec", S, "send ChangeCipherSpec", ccs_empty, 10},
    {"Finished with wrong verify_data", S, "send Finished", wrong_verify_data, 51},
    {"Finished of 13 bytes", S, "send Finished", finished_13_bytes, 50},
    {"ClientKeyExchange length disagrees", S, "send ClientKeyExchange", cke_length_disagrees, 50},
    {"ClientKeyExchange with a trailing byte", S, "send ClientKeyExchange", cke_trailing_byte, 50},
    /* the ClientHello */
    {"record version 2.0", S, NULL, record_version_2, 70},
    {"ClientHello offering only TLS 1.0", S, NULL, client_version_tls10, 70},
    {"ClientHello offering only SSL 3.0", S, NULL, client_version_ssl3, 70},
    {"SSL 2.0-format ClientHello", S, NULL, sslv2_hello, 70},
    {"odd cipher_suites length", S, NULL, odd_cipher_suites, 50},
    {"empty cipher_suites", S, NULL, empty_cipher_suites, 50},
    {"cipher_suites past the message", S, NULL, cipher_suites_past_end, 50},
    {"no common cipher suite", S, NULL, no_common_suite, 40},
    {"empty compression_methods", S, NULL, empty_compression, 50},
    {"compression_methods length disagrees", S, NULL, compression_length_disagrees, 50},
    {"compression_methods without null", S, NULL, no_null_compression, 47},
    {"duplicate extension", S, NULL, duplicate_extension, 47},
    {"extended_master_secret not empty", S, NULL, ems_not_empty, 50},
    {"renegotiation_info length disagrees", S, NULL, reneg_info_length_disagrees, 50},
    {"renegotiation_info not empty (RFC 5746 3.6)", S, NULL, reneg_info_not_empty, 40},
    {"server_name list length disagrees", S, NULL, server_name_length_disagrees, 50},
    {"extension runs past the block", S, NULL, extension_past_block, 50},
    {"extensions block runs past the message", S, NULL, extensions_block_past_message, 50},
    {"signature_algorithms of odd length", S, NULL, signature_algorithms_odd, 50},
    {"bytes after the extensions", S, NULL, trailing_bytes_after_extensions, 50},
};

/* ---- cases that do not end the connection ---- */

/* RFC 5246 7.4.1.2 and E.1: a client that offers a later version (here the
 * 3.4 of TLS 1.3 in the legacy field) gets the server's highest, TLS 1.2. */
static void test_later_client_version_gets_tls12(void **state)
{
    (void)state;
    gt_script s;
    gt_script_open(&s, GT_SERVER, 7);
    send_client_hello(&s, 0x0304, good_suites, sizeof good_suites, good_comp, sizeof good_comp,
                      good_ext, sizeof good_ext);
    assert_int_equal(gt_script_run_sut(&s), GT_WANT_READ);
    uint8_t out[4096];
    size_t n = gt_script_take_from_sut(&s, out, sizeof out);
    /* ServerHello: record header, handshake header, then server_version */
    assert_true(n > 11);
    assert_int_equal(out[5], GT_HS_SERVER_HELLO);
    assert_int_equal(gt_get_u16(out + 9), 0x0303);
    gt_script_close(&s);
}

/* RFC 5246 7.4.1.1 and RFC 5746 4.4: after the handshake a ClientHello asks
 * for renegotiation; glasstls refuses it with a warning no_renegotiation
 * (7.2.2) and the connection carries on. */
static void test_renegotiation_refused(void **state)
{
    (void)state;
    gt_script s;
    gt_script_open(&s, GT_SERVER, 8);
    gt_script_complete(&s);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(gt_send_client_hello(s.peer), GT_OK);
        gt_script_expect_no_renegotiation(&s);
    }
    assert_int_equal(gt_conn_error(s.sut)->code, GT_OK);
    /* still a working channel */
    gt_script_expect_peer_data_arrives(&s, "still here", 10);
    assert_int_equal(gt_write(s.sut, (const uint8_t *)"ok", 2), GT_OK);
    gt_script_close(&s);
}

/* A ClientHello cut short at every byte, its header's length kept honest:
 * decode_error each time (RFC 7.2.2: "the length of the message was
 * incorrect"), except where the cut leaves a well-formed hello without
 * extensions. */
static void test_client_hello_truncated_at_every_byte(void **state)
{
    (void)state;
    uint8_t body[256];
    size_t full = client_hello_body(body, sizeof body, GT_TLS12, good_suites, sizeof good_suites,
                                    good_comp, sizeof good_comp, good_ext, sizeof good_ext);
    gt_script_expect_decode_error_at_every_cut(GT_SERVER, 9, NULL, GT_HS_CLIENT_HELLO, body, full,
                                               full - sizeof good_ext);
}

/* The same for ClientKeyExchange and Finished, the other messages a server
 * receives. */
static void test_cke_and_finished_truncated_at_every_byte(void **state)
{
    (void)state;
    for (size_t cut = 0; cut < 2 + 256; cut++) {
        gt_script *s = calloc(1, sizeof *s);
        gt_script_open(s, GT_SERVER, 10);
        gt_script_peer_until(s, "send ClientKeyExchange");
        uint8_t body[2 + 256];
        body[0] = 0x01, body[1] = 0x00;
        memcpy(body + 2, s->peer->encrypted_premaster, 256);
        gt_script_send_hs(s, GT_HS_CLIENT_KEY_EXCHANGE, body, cut);
        gt_script_run_sut(s);
        gt_script_expect_alert(s, GT_ALERT_DECODE_ERROR);
        gt_script_close(s);
        free(s);
    }
    static const uint8_t vd[12] = {0};
    gt_script_expect_decode_error_at_every_cut(GT_SERVER, 11, "send Finished", GT_HS_FINISHED, vd,
                                               sizeof vd, SIZE_MAX);
}

int main(void)
{
    static const struct CMUnitTest more[] = {
        cmocka_unit_test(test_later_client_version_gets_tls12),
        cmocka_unit_test(test_renegotiation_refused),
        cmocka_unit_test(test_client_hello_truncated_at_every_byte),
        cmocka_unit_test(test_cke_and_finished_truncated_at_every_byte),
    };
    return gt_script_run_group("state (server)", cases, sizeof cases / sizeof cases[0], more,
                               sizeof more / sizeof more[0]);
}
