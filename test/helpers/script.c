/* test/helpers/script: see script.h. */
#include "test/helpers/script.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "handshake/finished.h"
#include "handshake/pair.h"
#include "record/protect.h"

static void observe(void *ctx, const gt_event *ev)
{
    gt_script *s = ctx;
    if (ev->kind == GT_EV_ALERT && ev->sent) {
        s->alerts_sent++;
        s->last_sent_level = ev->alert_level;
        s->last_sent_desc = ev->alert_desc;
    }
    if (ev->kind == GT_EV_ERROR) {
        s->error = ev->err;
        s->error_step = ev->step;
    }
    if (s->extra)
        s->extra(s->extra_ctx, ev);
}

void gt_script_load(gt_script *s, gt_role sut_role, uint64_t seed)
{
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    memset(s, 0, sizeof *s);
    assert_int_equal(gt_crypto_init(), GT_OK);
    assert_int_equal(gt_demo_pair_load(&s->p, chain, "test/pki/sensor-hub.key", GT_SCRIPT_NOW), 0);
    s->sut_role = sut_role;
    s->error_step = -1;
    gt_rng_init_seeded(&s->rng[GT_CLIENT], seed);
    gt_rng_init_seeded(&s->rng[GT_SERVER], seed + 1);
    s->p.ccfg.rng = &s->rng[GT_CLIENT];
    s->p.scfg.rng = &s->rng[GT_SERVER];
    gt_config *sut_cfg = sut_role == GT_CLIENT ? &s->p.ccfg : &s->p.scfg;
    sut_cfg->observer = observe;
    sut_cfg->observer_ctx = s;
}

void gt_script_start(gt_script *s)
{
    assert_int_equal(gt_demo_pair_start(&s->p), 0);
    s->sut = s->sut_role == GT_CLIENT ? s->p.client : s->p.server;
    s->peer = s->sut_role == GT_CLIENT ? s->p.server : s->p.client;
    s->wire = s->sut_role == GT_CLIENT ? gt_pipe_server(s->p.pipe) : gt_pipe_client(s->p.pipe);
}

void gt_script_open(gt_script *s, gt_role sut_role, uint64_t seed)
{
    gt_script_load(s, sut_role, seed);
    gt_script_start(s);
}

void gt_script_close(gt_script *s) { gt_demo_pair_free(&s->p); }

void gt_script_peer_until(gt_script *s, const char *row)
{
    while (strcmp(gt_next_row_name(s->peer), row) != 0) {
        if (gt_handshake_done(s->peer))
            fail_msg("the peer finished its handshake without reaching \"%s\"", row);
        gt_err rc = gt_handshake_step(s->peer);
        if (rc == GT_WANT_READ)
            rc = gt_handshake_step(s->sut);
        if (rc == GT_WANT_READ)
            fail_msg("both sides wait before the peer's row \"%s\"", row);
        if (rc != GT_OK)
            fail_msg("a side failed before the peer's row \"%s\": %s (%s / %s)", row,
                     gt_err_name(rc), gt_conn_error(s->peer)->why, gt_conn_error(s->sut)->why);
    }
}

void gt_script_complete(gt_script *s)
{
    gt_err rc = gt_pair_run(s->p.client, s->p.server);
    if (rc != GT_OK)
        fail_msg("handshake failed: %s (%s / %s)", gt_err_name(rc), gt_conn_error(s->sut)->why,
                 gt_conn_error(s->peer)->why);
}

void gt_script_send_raw(gt_script *s, const void *p, size_t n)
{
    assert_int_equal(s->wire.send(s->wire.ctx, p, n), (long)n);
}

void gt_script_send_record_v(gt_script *s, uint8_t type, uint16_t version, const void *body,
                             size_t n)
{
    gt_cipher_state *wr = &s->peer->rl.wr;
    size_t body_len = n + (wr->active ? GT_GCM_RECORD_OVERHEAD : 0);
    uint8_t *rec = malloc(GT_RECORD_HEADER_LEN + body_len + 1);
    assert_non_null(rec);
    assert_true(body_len <= 0xffff);
    rec[0] = type;
    gt_put_u16(rec + 1, version);
    gt_put_u16(rec + 3, (uint16_t)body_len);
    if (wr->active) {
        gt_error e = {0};
        assert_int_equal(gt_record_seal(wr, type, version, body, n, rec + 5, &e), GT_OK);
    } else if (n > 0) {
        memcpy(rec + 5, body, n);
    }
    gt_script_send_raw(s, rec, GT_RECORD_HEADER_LEN + body_len);
    free(rec);
}

void gt_script_send_record(gt_script *s, uint8_t type, const void *body, size_t n)
{
    gt_script_send_record_v(s, type, GT_TLS12, body, n);
}

void gt_script_hang_up(gt_script *s) { gt_pipe_close(s->p.pipe, s->sut_role == GT_CLIENT); }

gt_err gt_script_run_sut(gt_script *s)
{
    gt_err rc;
    if (!gt_handshake_done(s->sut)) {
        rc = gt_handshake(s->sut);
        if (rc != GT_OK || !gt_handshake_done(s->sut))
            return rc;
    }
    uint8_t buf[256];
    size_t got;
    do
        rc = gt_read(s->sut, buf, sizeof buf, &got);
    while (rc == GT_OK);
    return rc;
}

/* The keys the side under test writes with, as the peer derived them. */
static void sut_write_keys(const gt_script *s, const uint8_t **key, const uint8_t **iv)
{
    const gt_key_block *kb = &s->peer->kb;
    bool client = s->sut_role == GT_CLIENT;
    *key = client ? kb->client_write_key : kb->server_write_key;
    *iv = client ? kb->client_write_iv : kb->server_write_iv;
}

int gt_script_read_alerts(gt_script *s, uint8_t *level, uint8_t *desc, int *records)
{
    int alerts = 0, n = 0;
    for (;;) {
        gt_message m;
        gt_error e = {0};
        gt_err rc = gt_record_read_message(&s->peer->rl, &m, &e);
        if (rc == GT_WANT_READ || rc == GT_ERR_TRUNCATED)
            break;
        if (rc != GT_OK)
            fail_msg("the peer could not read what the side under test sent: %s", e.why);
        n++;
        if (m.type == GT_CT_CHANGE_CIPHER_SPEC) {
            const uint8_t *key, *iv;
            sut_write_keys(s, &key, &iv);
            assert_int_equal(gt_record_set_read_key(&s->peer->rl, key, iv), GT_OK);
        } else if (m.type == GT_CT_ALERT) {
            alerts++;
            *level = m.data[0];
            *desc = m.data[1];
        }
    }
    if (records)
        *records = n;
    return alerts;
}

bool gt_script_all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= b[i];
    return acc == 0;
}

void gt_script_expect_alert(gt_script *s, uint8_t desc)
{
    gt_conn *c = s->sut;
    gt_err code = gt_conn_error(c)->code;
    if (gt_err_alert(code) != desc)
        fail_msg("expected %s (%u), but the side under test stopped with %s (%s): %s",
                 gt_alert_name(desc), desc, gt_err_name(code),
                 gt_err_alert(code) < 0 ? "no alert" : gt_alert_name(gt_err_alert(code)),
                 gt_conn_error(c)->why[0] ? gt_conn_error(c)->why : "no error");
    assert_int_equal(s->error, code);
    assert_int_equal(s->alerts_sent, 1);
    assert_int_equal(s->last_sent_level, GT_ALERT_LEVEL_FATAL);
    assert_int_equal(s->last_sent_desc, desc);
    uint8_t level = 0, d = 0;
    int records = 0;
    assert_int_equal(gt_script_read_alerts(s, &level, &d, &records), 1);
    assert_int_equal(level, GT_ALERT_LEVEL_FATAL);
    assert_int_equal(d, desc);
    /* stopped: the same answer again, and nothing more on the wire */
    assert_int_equal(gt_handshake_step(c), code);
    uint8_t buf[8];
    size_t got;
    assert_int_equal(gt_read(c, buf, sizeof buf, &got), code);
    assert_int_equal(gt_write(c, buf, 1), code);
    assert_int_equal(gt_script_read_alerts(s, &level, &d, &records), 0);
    assert_int_equal(records, 0);
    assert_true(gt_script_all_zero(c->premaster, sizeof c->premaster));
    assert_true(gt_script_all_zero(c->master, sizeof c->master));
    assert_true(gt_script_all_zero(&c->kb, sizeof c->kb));
}

size_t gt_script_handshake_msg(uint8_t *out, uint8_t type, const void *body, size_t n)
{
    out[0] = type;
    out[1] = (uint8_t)(n >> 16);
    out[2] = (uint8_t)(n >> 8);
    out[3] = (uint8_t)n;
    if (n > 0)
        memcpy(out + 4, body, n);
    return 4 + n;
}

void gt_script_send_hs(gt_script *s, uint8_t type, const void *body, size_t n)
{
    uint8_t *msg = malloc(4 + n);
    assert_non_null(msg);
    gt_script_send_record(s, GT_CT_HANDSHAKE, msg, gt_script_handshake_msg(msg, type, body, n));
    free(msg);
}

void gt_script_expect_decode_error_at_every_cut(gt_role role, uint64_t seed, const char *row,
                                                uint8_t type, const void *body, size_t full,
                                                size_t skip)
{
    for (size_t cut = 0; cut < full; cut++) {
        if (cut == skip)
            continue;
        gt_script *s = calloc(1, sizeof *s);
        assert_non_null(s);
        gt_script_open(s, role, seed);
        if (row)
            gt_script_peer_until(s, row);
        gt_script_send_hs(s, type, body, cut);
        gt_script_run_sut(s);
        gt_script_expect_alert(s, GT_ALERT_DECODE_ERROR);
        gt_script_close(s);
        free(s);
    }
}

void gt_script_expect_no_renegotiation(gt_script *s)
{
    assert_int_equal(gt_script_run_sut(s), GT_WANT_READ);
    uint8_t level = 0, desc = 0;
    assert_int_equal(gt_script_read_alerts(s, &level, &desc, NULL), 1);
    assert_int_equal(level, GT_ALERT_LEVEL_WARNING);
    assert_int_equal(desc, GT_ALERT_NO_RENEGOTIATION);
}

void gt_script_expect_peer_data_arrives(gt_script *s, const char *data, size_t n)
{
    uint8_t buf[16];
    size_t got;
    assert_true(n <= sizeof buf);
    assert_int_equal(gt_write(s->peer, (const uint8_t *)data, n), GT_OK);
    assert_int_equal(gt_read(s->sut, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, n);
    assert_memory_equal(buf, data, n);
}

void gt_script_act_ccs(gt_script *s)
{
    gt_script_send_record(s, GT_CT_CHANGE_CIPHER_SPEC, "\1", 1);
}
void gt_script_act_ccs_value_2(gt_script *s)
{
    gt_script_send_record(s, GT_CT_CHANGE_CIPHER_SPEC, "\2", 1);
}
void gt_script_act_ccs_two_bytes(gt_script *s)
{
    gt_script_send_record(s, GT_CT_CHANGE_CIPHER_SPEC, "\1\1", 2);
}
void gt_script_act_unknown_handshake_type(gt_script *s) { gt_script_send_hs(s, 99, "\0\0", 2); }
void gt_script_act_finished(gt_script *s) { assert_int_equal(gt_send_finished(s->peer), GT_OK); }

static size_t take(gt_transport t, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    while (n < cap) {
        long k = t.recv(t.ctx, buf + n, cap - n);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    return n;
}

size_t gt_script_take_from_sut(gt_script *s, uint8_t *buf, size_t cap)
{
    return take(s->wire, buf, cap);
}

size_t gt_script_take_from_peer(gt_script *s, uint8_t *buf, size_t cap)
{
    gt_transport sut_end =
        s->sut_role == GT_CLIENT ? gt_pipe_client(s->p.pipe) : gt_pipe_server(s->p.pipe);
    return take(sut_end, buf, cap);
}

void gt_script_run_case(void **state)
{
    const gt_script_case *k = *state;
    gt_script *s = calloc(1, sizeof *s);
    assert_non_null(s);
    gt_script_open(s, k->sut, 1000);
    if (k->peer_row && strcmp(k->peer_row, "done") == 0)
        gt_script_complete(s);
    else if (k->peer_row)
        gt_script_peer_until(s, k->peer_row);
    k->act(s);
    gt_err rc = gt_script_run_sut(s);
    if (rc == GT_WANT_READ || rc == GT_OK)
        fail_msg("the side under test did not stop (%s, next row \"%s\")", gt_err_name(rc),
                 gt_next_row_name(s->sut));
    gt_script_expect_alert(s, (uint8_t)k->alert);
    gt_script_close(s);
    free(s);
}

int gt_script_run_group(const char *group, const gt_script_case *cases, size_t n_cases,
                        const struct CMUnitTest *more, size_t n_more)
{
    struct CMUnitTest *tests = calloc(n_cases + n_more, sizeof *tests);
    assert_non_null(tests);
    size_t n = 0;
    for (size_t i = 0; i < n_cases; i++)
        tests[n++] = (struct CMUnitTest)GT_SCRIPT_CASE(&cases[i]);
    for (size_t i = 0; i < n_more; i++)
        tests[n++] = more[i];
    int failed = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
    free(tests);
    return failed;
}
