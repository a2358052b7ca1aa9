/* test_oracle: lesson step 4b without an oracle, RFC 5246 7.4.7.1. A server
 * that behaves differently when the premaster's PKCS#1 padding, its length
 * or its version bytes are wrong lets an attacker decrypt a recorded
 * ClientKeyExchange (Bleichenbacher 1998, ROBOT 2017). Here a scripted client
 * sends glasstls's server many hand-made ciphertexts (bad padding, wrong
 * lengths, wrong version, and a good one for another premaster than the
 * client's keys use), and every observable thing must be identical: the
 * alert, the step it comes at, the events reported (their kinds, names and
 * sentences; secrets aside), and every byte the server sends. No timing is
 * measured; timing is argued in crypto/rsa.c and docs/security.md.
 * Also here: secrets wiped once they are no longer needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/rsa.h"
#include "handshake/pair.h"
#include "test/helpers/script.h"

#define K 256 /* the demo key is RSA-2048 */

/* ---- what the server shows the world ---- */

#define MAX_EVENTS 64
typedef struct seen {
    gt_event_kind kind;
    int step;
    bool sent;
    char name[48];
    char summary[320];
    uint8_t alert;
    uint8_t data[64]; /* sent records and messages: their first bytes */
    size_t len;
} seen;

typedef struct observed {
    size_t n;
    seen ev[MAX_EVENTS];
    uint8_t premaster[48]; /* from the SECRET event, to check which premaster was used */
} observed;

static void record(void *ctx, const gt_event *ev)
{
    observed *o = ctx;
    if (ev->kind == GT_EV_SECRET && !strcmp(ev->name, "premaster secret"))
        memcpy(o->premaster, ev->data, 48);
    assert_true(o->n < MAX_EVENTS);
    seen *e = &o->ev[o->n++];
    e->kind = ev->kind;
    e->step = ev->step;
    e->sent = ev->sent;
    snprintf(e->name, sizeof e->name, "%s", ev->name ? ev->name : "");
    /* a secret's value is the one thing that differs, by design */
    if (ev->kind != GT_EV_SECRET)
        snprintf(e->summary, sizeof e->summary, "%s", ev->summary ? ev->summary : "");
    e->alert = ev->alert_desc;
    e->len = ev->len;
    if (ev->sent && ev->data)
        memcpy(e->data, ev->data, ev->len < 64 ? ev->len : 64);
}

typedef struct outcome {
    observed obs;
    gt_err err;
    int step;
    uint8_t wire[8192]; /* everything the server sent */
    size_t wire_len;
} outcome;

/* ---- the ciphertexts ---- */

/* RSAEP on the demo key: c = em^e mod n, em given whole (k bytes). */
static void encrypt_raw(const rsa_key *key, const uint8_t em[K], uint8_t c[K])
{
    unsigned long len = K;
    assert_int_equal(rsa_exptmod(em, K, c, &len, PK_PUBLIC, (rsa_key *)key), CRYPT_OK);
    assert_int_equal(len, K);
}

/* EM = 00 02 PS 00 M with |M| = m_len, PS non-zero, M = version || 0x5c... */
static void encode(uint8_t em[K], size_t m_len, uint16_t version)
{
    em[0] = 0x00;
    em[1] = 0x02;
    for (size_t i = 2; i < K - m_len - 1; i++)
        em[i] = (uint8_t)(0x11 + i % 200);
    em[K - m_len - 1] = 0x00;
    for (size_t i = K - m_len; i < K; i++)
        em[i] = 0x5c;
    if (m_len >= 2) {
        em[K - m_len] = (uint8_t)(version >> 8);
        em[K - m_len + 1] = (uint8_t)version;
    }
}

enum kind {
    GOOD,
    BAD_FIRST_BYTE,
    BAD_BLOCK_TYPE,
    NO_SEPARATOR,
    SHORT_PS,
    M_47,
    M_49,
    M_0,
    VERSION_0302,
    VERSION_0300,
    VERSION_SWAPPED,
    ZERO,
    ABOVE_N,
    SHORT_CIPHERTEXT,
    KIND_COUNT
};
static const char *const kind_name[KIND_COUNT] = {"good padding, another premaster",
                                                  "first byte 01",
                                                  "block type 01",
                                                  "no zero separator",
                                                  "PS of 7 bytes",
                                                  "M of 47 bytes",
                                                  "M of 49 bytes",
                                                  "M of 0 bytes",
                                                  "version 03 02",
                                                  "version 03 00",
                                                  "version 02 03",
                                                  "ciphertext 0",
                                                  "ciphertext above n",
                                                  "ciphertext of 255 bytes"};

/* The ClientKeyExchange body for a case: vector length and ciphertext. */
static size_t make_cke(const rsa_key *key, enum kind kind, uint8_t *body, uint8_t em_out[K])
{
    uint8_t em[K], *c = body + 2;
    encode(em, 48, GT_TLS12);
    switch (kind) {
    case GOOD: break;
    case BAD_FIRST_BYTE: em[0] = 0x01; break;
    case BAD_BLOCK_TYPE: em[1] = 0x01; break;
    case NO_SEPARATOR: em[K - 49] = 0x77; break;
    case SHORT_PS: encode(em, K - 3 - 7, GT_TLS12); break;
    case M_47: encode(em, 47, GT_TLS12); break;
    case M_49: encode(em, 49, GT_TLS12); break;
    case M_0: encode(em, 0, GT_TLS12); break;
    case VERSION_0302: encode(em, 48, 0x0302); break;
    case VERSION_0300: encode(em, 48, 0x0300); break;
    case VERSION_SWAPPED: encode(em, 48, 0x0203); break;
    default: break;
    }
    memcpy(em_out, em, K);
    size_t len = K;
    if (kind == ZERO)
        memset(c, 0, K);
    else if (kind == ABOVE_N)
        memset(c, 0xff, K);
    else
        encrypt_raw(key, em, c);
    if (kind == SHORT_CIPHERTEXT)
        len = K - 1;
    body[0] = (uint8_t)(len >> 8);
    body[1] = (uint8_t)len;
    return 2 + len;
}

static void run(enum kind kind, outcome *out, uint8_t em[K])
{
    gt_script *s = calloc(1, sizeof *s);
    assert_non_null(s);
    memset(out, 0, sizeof *out);
    gt_script_load(s, GT_SERVER, 4242); /* the same seeds every time */
    s->extra = record;
    s->extra_ctx = &out->obs;
    gt_script_start(s);
    /* The client has made its own premaster P0 and encrypted it; it sends
     * our ciphertext instead of its own, then goes on with keys from P0. */
    gt_script_peer_until(s, "send ClientKeyExchange");
    uint8_t body[2 + K], msg[4 + 2 + K];
    size_t n = make_cke(&s->p.key, kind, body, em);
    gt_script_send_record(s, GT_CT_HANDSHAKE, msg,
                          gt_script_handshake_msg(msg, GT_HS_CLIENT_KEY_EXCHANGE, body, n));
    s->peer->row++; /* the client's own ClientKeyExchange row: skipped */
    gt_script_peer_until(s, "receive ChangeCipherSpec");
    out->err = gt_script_run_sut(s);
    out->step = s->error_step;
    out->wire_len = gt_script_take_from_sut(s, out->wire, sizeof out->wire);
    gt_script_close(s);
    free(s);
}

static void expect_same(const outcome *a, const outcome *b, enum kind kind)
{
    const char *what = kind_name[kind];
    if (a->err != b->err || a->step != b->step)
        fail_msg("%s: %s at step %d, the good ciphertext: %s at step %d", what, gt_err_name(b->err),
                 b->step, gt_err_name(a->err), a->step);
    assert_int_equal(a->obs.n, b->obs.n);
    for (size_t i = 0; i < a->obs.n; i++) {
        const seen *x = &a->obs.ev[i], *y = &b->obs.ev[i];
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->step, y->step);
        assert_int_equal(x->sent, y->sent);
        assert_string_equal(x->name, y->name);
        if (kind != SHORT_CIPHERTEXT) /* its length is the attacker's own choice, and said */
            assert_string_equal(x->summary, y->summary);
        assert_int_equal(x->alert, y->alert);
        if (x->kind != GT_EV_SECRET && (x->sent || kind != SHORT_CIPHERTEXT))
            assert_int_equal(x->len, y->len);
        if (x->kind != GT_EV_SECRET && x->sent)
            assert_memory_equal(x->data, y->data, x->len < 64 ? x->len : 64);
    }
    assert_int_equal(a->wire_len, b->wire_len);
    assert_memory_equal(a->wire, b->wire, a->wire_len);
}

static void test_no_padding_oracle(void **state)
{
    (void)state;
    static outcome good, other;
    uint8_t em_good[K], em[K];
    run(GOOD, &good, em_good);
    /* The good ciphertext really was decrypted: the server's premaster is
     * the M inside it, so the failure at Finished comes from the client's
     * keys (from its own P0), not from a decryption that silently failed. */
    assert_memory_equal(good.obs.premaster, em_good + K - 48, 48);
    assert_int_equal(good.err, GT_ERR_BAD_RECORD_MAC);
    assert_int_equal(good.step, GT_STEP_SECURE_CHANNEL);
    assert_int_equal(good.wire[good.wire_len - 1], GT_ALERT_BAD_RECORD_MAC);
    for (int k = GOOD + 1; k < KIND_COUNT; k++) {
        run((enum kind)k, &other, em);
        expect_same(&good, &other, (enum kind)k);
        /* and the server went on with a random premaster, not with M */
        assert_memory_not_equal(other.obs.premaster, em + K - 48, 48);
        assert_memory_not_equal(other.obs.premaster, good.obs.premaster, 48);
    }
}

/* ---- secrets wiped when no longer needed ---- */

static int setup(void **state)
{
    (void)state;
    return 0;
}

/* RFC 5246 8.1: "the pre_master_secret should be deleted from memory once
 * the master_secret has been computed". And once the handshake is over,
 * the master secret and key block have no use left (no resumption, no
 * renegotiation): the keys live on only in the record layer. */
static void test_secrets_wiped_when_done_with(void **state)
{
    (void)state;
    gt_script s;
    gt_script_open(&s, GT_CLIENT, 50);
    gt_conn *side[2] = {s.p.client, s.p.server};
    /* run both to just after "derive the master secret and keys" */
    gt_script_peer_until(&s, "receive ChangeCipherSpec");
    for (int r = 0; r < 2; r++) {
        while (strcmp(gt_next_row_name(side[r]), "send ChangeCipherSpec") != 0 &&
               strcmp(gt_next_row_name(side[r]), "receive ChangeCipherSpec") != 0)
            assert_int_equal(gt_handshake_step(side[r]), GT_OK);
        assert_true(gt_script_all_zero(side[r]->premaster, 48));
        assert_false(gt_script_all_zero(side[r]->master, 48));
        assert_false(gt_script_all_zero(&side[r]->kb, sizeof side[r]->kb));
    }
    gt_script_complete(&s);
    for (int r = 0; r < 2; r++) {
        assert_true(gt_script_all_zero(side[r]->premaster, 48));
        assert_true(gt_script_all_zero(side[r]->master, 48));
        assert_true(gt_script_all_zero(&side[r]->kb, sizeof side[r]->kb));
        assert_true(gt_script_all_zero(side[r]->session_hash, 32));
    }
    /* the channel still works: the cipher states hold what is needed */
    uint8_t buf[8];
    size_t got;
    assert_int_equal(gt_write(s.p.client, (const uint8_t *)"hi", 2), GT_OK);
    assert_int_equal(gt_read(s.p.server, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, 2);
    gt_script_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_padding_oracle),
        cmocka_unit_test(test_secrets_wiped_when_done_with),
    };
    return cmocka_run_group_tests_name("oracle", tests, setup, NULL);
}
