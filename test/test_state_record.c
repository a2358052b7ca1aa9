/* test_state_record: the record layer under a hostile peer, RFC 5246 6.2
 * (record limits, fragmentation, zero-length fragments, versions), 7.2
 * (alerts interleaved with the handshake, close_notify and truncation),
 * with glasstls both as client and as server (test/helpers/script.h). Where
 * OpenSSL 3.0 answers differently, the case says so in one line; those
 * answers were measured against `openssl s_server -tls1_2` on 127.0.0.1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes/bytes.h"
#include "test/helpers/script.h"

/* ---- fatal cases ---- */

static void plaintext_overflow(gt_script *s)
{
    uint8_t *body = calloc(1, GT_MAX_PLAINTEXT + 1);
    gt_script_send_record(s, GT_CT_HANDSHAKE, body, GT_MAX_PLAINTEXT + 1);
    free(body);
}
static void ciphertext_overflow(gt_script *s)
{
    /* the header alone is enough: 2^14 + 2048 + 1 = 0x4801 */
    static const uint8_t header[] = {23, 3, 3, 0x48, 0x01};
    gt_script_send_raw(s, header, sizeof header);
}
static void protected_plaintext_overflow(gt_script *s)
{
    /* a genuine record under the right keys, its plaintext one byte over */
    uint8_t *body = calloc(1, GT_MAX_PLAINTEXT + 1);
    gt_script_send_record(s, GT_CT_APPLICATION_DATA, body, GT_MAX_PLAINTEXT + 1);
    free(body);
}
/* OpenSSL: ignores empty handshake records. */
static void empty_handshake_record(gt_script *s)
{
    gt_script_send_record(s, GT_CT_HANDSHAKE, "", 0);
}
static void empty_alert_record(gt_script *s) { gt_script_send_record(s, GT_CT_ALERT, "", 0); }
/* OpenSSL: closes the connection without an alert. */
static void unknown_content_type(gt_script *s) { gt_script_send_record(s, 24, "\1\0\0", 3); }
/* OpenSSL: illegal_parameter for a ClientHello over its limit of 131396 bytes. */
static void handshake_message_over_bound(gt_script *s)
{
    /* Only the header is needed: the length is refused before the body. */
    static const uint8_t msg[] = {GT_HS_CERTIFICATE, 0x02, 0x00, 0x01};
    gt_script_send_record(s, GT_CT_HANDSHAKE, msg, sizeof msg);
}
static void alert_of_three_bytes(gt_script *s)
{
    gt_script_send_record(s, GT_CT_ALERT, "\1\0\0", 3);
}
static void ccs_inside_handshake_message(gt_script *s)
{
    static const uint8_t half[] = {GT_HS_CERTIFICATE, 0, 0, 10, 0, 0};
    gt_script_send_record(s, GT_CT_HANDSHAKE, half, sizeof half);
    gt_script_send_record(s, GT_CT_CHANGE_CIPHER_SPEC, "\1", 1);
}
static void appdata_inside_handshake_message(gt_script *s)
{
    static const uint8_t half[] = {GT_HS_CERTIFICATE, 0, 0, 10, 0, 0};
    gt_script_send_record(s, GT_CT_HANDSHAKE, half, sizeof half);
    gt_script_send_record(s, GT_CT_APPLICATION_DATA, "x", 1);
}
static void nine_warnings(gt_script *s)
{
    for (int i = 0; i < 9; i++)
        gt_script_send_record(s, GT_CT_ALERT, "\1\x70", 2); /* warning, unrecognized_name */
}
static void many_empty_appdata(gt_script *s)
{
    for (int i = 0; i < 33; i++)
        gt_script_send_record(s, GT_CT_APPLICATION_DATA, "", 0);
}
static void record_version_tls10_later(gt_script *s)
{
    gt_script_send_record_v(s, GT_CT_HANDSHAKE, 0x0301, "\x14\0\0\0", 4);
}
static void record_version_4(gt_script *s)
{
    gt_script_send_record_v(s, GT_CT_HANDSHAKE, 0x0401, "\x01\0\0\0", 4);
}
static void flipped_tag(gt_script *s)
{
    /* a sealed record with its last byte (in the tag) changed */
    assert_int_equal(gt_write(s->peer, (const uint8_t *)"ping", 4), GT_OK);
    uint8_t rec[64];
    size_t n = gt_script_take_from_peer(s, rec, sizeof rec);
    assert_int_equal(n, 5 + 8 + 4 + 16);
    rec[n - 1] ^= 1;
    gt_script_send_raw(s, rec, n);
}

/* Where each side's scripted peer stops before misbehaving: the point where
 * the side under test waits for its first message from the peer. */
#define FIRST_C "send ServerHello"
#define FIRST_S NULL
#define BOTH(name, row_c, row_s, act, alert)                                                       \
    {name " (client)", GT_CLIENT, row_c, act, alert},                                              \
    {                                                                                              \
        name " (server)", GT_SERVER, row_s, act, alert                                             \
    }

static const gt_script_case cases[] = {
    BOTH("plaintext record of 2^14+1 bytes", FIRST_C, FIRST_S, plaintext_overflow, 22),
    BOTH("protected record of 2^14+2048+1 bytes", "done", "done", ciphertext_overflow, 22),
    BOTH("protected record holding 2^14+1 bytes", "done", "done", protected_plaintext_overflow, 22),
    BOTH("empty handshake record", FIRST_C, FIRST_S, empty_handshake_record, 10),
    BOTH("empty alert record", FIRST_C, FIRST_S, empty_alert_record, 10),
    BOTH("unknown content type 24", FIRST_C, FIRST_S, unknown_content_type, 10),
    BOTH("handshake message over 128 KiB", FIRST_C, FIRST_S, handshake_message_over_bound, 50),
    BOTH("alert record of 3 bytes", FIRST_C, FIRST_S, alert_of_three_bytes, 50),
    BOTH("ChangeCipherSpec inside a handshake message", FIRST_C, FIRST_S,
         ccs_inside_handshake_message, 10),
    BOTH("application data inside a handshake message", FIRST_C, FIRST_S,
         appdata_inside_handshake_message, 10),
    BOTH("nine warning alerts in a row", FIRST_C, FIRST_S, nine_warnings, 10),
    BOTH("33 empty application data records", "done", "done", many_empty_appdata, 10),
    BOTH("record version 3.1 after the hellos", "send ServerHelloDone", "send ClientKeyExchange",
         record_version_tls10_later, 70),
    BOTH("record version 4.1", FIRST_C, FIRST_S, record_version_4, 70),
    BOTH("protected record with a changed tag", "done", "done", flipped_tag, 20),
};

/* ---- the peer's records, reframed ---- */

/* One record in the clear, whatever the peer's write state is by now. */
static void send_plain(gt_script *s, uint8_t type, const uint8_t *body, size_t n)
{
    uint8_t rec[GT_RECORD_HEADER_LEN + GT_MAX_PLAINTEXT];
    assert_true(n <= GT_MAX_PLAINTEXT);
    rec[0] = type;
    gt_put_u16(rec + 1, GT_TLS12);
    gt_put_u16(rec + 3, (uint16_t)n);
    memcpy(rec + 5, body, n);
    gt_script_send_raw(s, rec, 5 + n);
}

enum reframe { ONE_BYTE_RECORDS, ONE_RECORD_PER_FLIGHT, WARNINGS_BETWEEN };

/* Takes what the peer sent off the pipe and sends it again differently:
 * the plaintext handshake bytes of each run of handshake records as records
 * of one byte each, or as one record, or split in two around a warning
 * alert; other records as they were. RFC 5246 6.2.1: how messages are cut
 * into records carries no meaning, and the receiver must cope with all of
 * these. */
static void reframe(gt_script *s, enum reframe how, bool *peer_encrypts)
{
    static uint8_t in[65536], hs[65536];
    size_t n = gt_script_take_from_peer(s, in, sizeof in), hs_len = 0;
    for (size_t at = 0; at <= n;) {
        bool plain_hs = at + 5 <= n && in[at] == GT_CT_HANDSHAKE && !*peer_encrypts;
        if (plain_hs) {
            size_t len = gt_get_u16(in + at + 3);
            memcpy(hs + hs_len, in + at + 5, len);
            hs_len += len;
            at += 5 + len;
            continue;
        }
        if (hs_len > 0) {
            if (how == ONE_BYTE_RECORDS) {
                for (size_t i = 0; i < hs_len; i++)
                    send_plain(s, GT_CT_HANDSHAKE, hs + i, 1);
            } else if (how == ONE_RECORD_PER_FLIGHT) {
                assert_true(hs_len <= GT_MAX_PLAINTEXT);
                send_plain(s, GT_CT_HANDSHAKE, hs, hs_len);
            } else {
                send_plain(s, GT_CT_ALERT, (const uint8_t *)"\1\x70", 2);
                send_plain(s, GT_CT_HANDSHAKE, hs, hs_len / 2);
                send_plain(s, GT_CT_ALERT, (const uint8_t *)"\1\x70", 2);
                send_plain(s, GT_CT_HANDSHAKE, hs + hs_len / 2, hs_len - hs_len / 2);
            }
            hs_len = 0;
        }
        if (at == n)
            break;
        size_t len = gt_get_u16(in + at + 3);
        *peer_encrypts |= in[at] == GT_CT_CHANGE_CIPHER_SPEC;
        gt_script_send_raw(s, in + at, 5 + len);
        at += 5 + len;
    }
}

static void run_reframed(gt_role sut, enum reframe how)
{
    gt_script *s = calloc(1, sizeof *s);
    gt_script_open(s, sut, 30);
    bool peer_encrypts = false;
    for (int turns = 0; !(gt_handshake_done(s->sut) && gt_handshake_done(s->peer)); turns++) {
        gt_err rp = GT_OK, rs = GT_OK;
        assert_true(turns < 10);
        while (!gt_handshake_done(s->peer) && (rp = gt_handshake_step(s->peer)) == GT_OK)
            ;
        reframe(s, how, &peer_encrypts);
        while (!gt_handshake_done(s->sut) && (rs = gt_handshake_step(s->sut)) == GT_OK)
            ;
        if ((rp != GT_OK && rp != GT_WANT_READ) || (rs != GT_OK && rs != GT_WANT_READ))
            fail_msg("handshake failed: %s / %s", gt_conn_error(s->sut)->why,
                     gt_conn_error(s->peer)->why);
    }
    assert_int_equal(s->alerts_sent, 0);
    /* and the channel works */
    uint8_t buf[8];
    size_t got;
    assert_int_equal(gt_write(s->peer, (const uint8_t *)"ok", 2), GT_OK);
    assert_int_equal(gt_read(s->sut, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, 2);
    gt_script_close(s);
    free(s);
}

static void test_one_byte_records(void **state)
{
    (void)state;
    run_reframed(GT_CLIENT, ONE_BYTE_RECORDS);
    run_reframed(GT_SERVER, ONE_BYTE_RECORDS);
}

static void test_many_messages_in_one_record(void **state)
{
    (void)state;
    run_reframed(GT_CLIENT, ONE_RECORD_PER_FLIGHT);
    run_reframed(GT_SERVER, ONE_RECORD_PER_FLIGHT);
}

/* RFC 5246 7.2: a warning alert does not end the connection, even in the
 * middle of a handshake message. */
static void test_warning_alerts_interleaved(void **state)
{
    (void)state;
    run_reframed(GT_CLIENT, WARNINGS_BETWEEN);
    run_reframed(GT_SERVER, WARNINGS_BETWEEN);
}

/* ---- the peer ends the connection ---- */

/* RFC 5246 7.2.2: a fatal alert ends the connection at once; the side that
 * receives it sends nothing back and forgets its secrets. */
static void test_fatal_alert_from_peer(void **state)
{
    (void)state;
    static const char *const rows[2] = {"send ChangeCipherSpec", "send ChangeCipherSpec"};
    for (int role = 0; role < 2; role++) {
        gt_script s;
        gt_script_open(&s, (gt_role)role, 31);
        gt_script_peer_until(&s, rows[role]);
        gt_script_send_record(&s, GT_CT_ALERT, "\2\x28", 2); /* fatal handshake_failure */
        assert_int_equal(gt_script_run_sut(&s), GT_ERR_PEER_ALERT);
        assert_int_equal(s.alerts_sent, 0);
        assert_true(gt_script_all_zero(s.sut->master, sizeof s.sut->master));
        assert_true(gt_script_all_zero(&s.sut->kb, sizeof s.sut->kb));
        assert_int_equal(gt_handshake_step(s.sut), GT_ERR_PEER_ALERT);
        gt_script_close(&s);
    }
}

/* RFC 5246 7.2.1: close_notify after the handshake is a clean end, and is
 * answered with a close_notify of our own. */
static void test_close_notify(void **state)
{
    (void)state;
    for (int role = 0; role < 2; role++) {
        gt_script s;
        gt_script_open(&s, (gt_role)role, 32);
        gt_script_complete(&s);
        assert_int_equal(gt_close(s.peer), GT_OK);
        assert_int_equal(gt_script_run_sut(&s), GT_ERR_CLOSED);
        uint8_t level = 0, desc = 0;
        assert_int_equal(gt_script_read_alerts(&s, &level, &desc, NULL), 1);
        assert_int_equal(level, GT_ALERT_LEVEL_WARNING);
        assert_int_equal(desc, GT_ALERT_CLOSE_NOTIFY);
        assert_int_equal(gt_conn_error(s.sut)->code, GT_OK);
        gt_script_close(&s);
    }
}

/* RFC 5246 7.2.1: without close_notify the receiver cannot tell the end of
 * the data from a cut made by an attacker; glasstls reports it as such. */
static void test_cut_without_close_notify(void **state)
{
    (void)state;
    for (int role = 0; role < 2; role++) {
        for (int mid_record = 0; mid_record < 2; mid_record++) {
            gt_script s;
            gt_script_open(&s, (gt_role)role, 33);
            gt_script_complete(&s);
            if (mid_record)
                gt_script_send_raw(&s, "\x17\x03\x03", 3);
            gt_script_hang_up(&s);
            assert_int_equal(gt_script_run_sut(&s), GT_ERR_TRUNCATED);
            assert_non_null(strstr(gt_conn_error(s.sut)->why, "without sending close_notify"));
            assert_int_equal(s.alerts_sent, 0);
            gt_script_close(&s);
        }
    }
}

/* The peer's first flight cut at every byte, then the connection closed:
 * truncation, reported as such, never a crash and never an alert about
 * bytes that did not come. */
static void test_first_flight_cut_at_every_byte(void **state)
{
    (void)state;
    for (int role = 0; role < 2; role++) {
        gt_script *s = calloc(1, sizeof *s);
        gt_script_open(s, (gt_role)role, 34);
        /* the flight: the client's ClientHello, or the server's answer to it */
        if (role == GT_SERVER)
            gt_script_peer_until(s, "receive ServerHello");
        else
            gt_script_peer_until(s, "receive ClientKeyExchange, decrypt the premaster");
        static uint8_t flight[8192];
        size_t n = gt_script_take_from_peer(s, flight, sizeof flight);
        assert_true(n > 40);
        gt_script_close(s);
        for (size_t cut = 0; cut < n; cut++) {
            gt_script_open(s, (gt_role)role, 34);
            if (role == GT_CLIENT) {
                assert_int_equal(gt_handshake_step(s->sut), GT_OK); /* ClientHello */
                uint8_t ch[1024];
                gt_script_take_from_sut(s, ch, sizeof ch);
            }
            gt_script_send_raw(s, flight, cut);
            gt_script_hang_up(s);
            gt_err rc = gt_script_run_sut(s);
            if (rc != GT_ERR_TRUNCATED)
                fail_msg("%s, flight cut at %zu of %zu bytes: %s (%s)", gt_role_name((gt_role)role),
                         cut, n, gt_err_name(rc), gt_conn_error(s->sut)->why);
            assert_int_equal(s->alerts_sent, 0);
            gt_script_close(s);
        }
        free(s);
    }
}

/* The record limits are limits, not off by one: exactly 2^14 bytes of
 * plaintext pass, in the clear and protected (RFC 5246 6.2.1, 6.2.3). */
static void test_records_of_exactly_2_14(void **state)
{
    (void)state;
    for (int role = 0; role < 2; role++) {
        gt_script s;
        gt_script_open(&s, (gt_role)role, 35);
        gt_script_complete(&s);
        uint8_t *big = malloc(GT_MAX_PLAINTEXT), *back = malloc(GT_MAX_PLAINTEXT);
        for (size_t i = 0; i < GT_MAX_PLAINTEXT; i++)
            big[i] = (uint8_t)i;
        gt_script_send_record(&s, GT_CT_APPLICATION_DATA, big, GT_MAX_PLAINTEXT);
        size_t have = 0, got;
        while (have < GT_MAX_PLAINTEXT) {
            assert_int_equal(gt_read(s.sut, back + have, GT_MAX_PLAINTEXT - have, &got), GT_OK);
            have += got;
        }
        assert_memory_equal(big, back, GT_MAX_PLAINTEXT);
        free(big);
        free(back);
        gt_script_close(&s);
    }
}

int main(void)
{
    static const struct CMUnitTest more[] = {
        cmocka_unit_test(test_one_byte_records),
        cmocka_unit_test(test_many_messages_in_one_record),
        cmocka_unit_test(test_warning_alerts_interleaved),
        cmocka_unit_test(test_fatal_alert_from_peer),
        cmocka_unit_test(test_close_notify),
        cmocka_unit_test(test_cut_without_close_notify),
        cmocka_unit_test(test_first_flight_cut_at_every_byte),
        cmocka_unit_test(test_records_of_exactly_2_14),
    };
    return gt_script_run_group("state (records)", cases, sizeof cases / sizeof cases[0], more,
                               sizeof more / sizeof more[0]);
}
