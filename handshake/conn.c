/* handshake/conn: the engine under every lesson step: the connection and its
 * driver. The driver runs the rows of a table (client.c or server.c) one at a
 * time; a row that fails ends the handshake: the alert that RFC 5246 7.2 names
 * for the failure is sent, the sentence saying why is kept in c->err, and no
 * later row runs. Also here: sending and receiving whole handshake messages
 * (with the transcript, RFC 5246 7.4), alerts, and application data after the
 * handshake. */
#include "handshake/conn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/ct.h"

#define GT_MAX_WARNINGS 8 /* warning alerts in a row before we give up on the peer */
/* Records in a row that move nothing forward (empty application data, an
 * ignored HelloRequest, a refused renegotiation) before we give up: each is
 * cheap for the peer to send, and without a bound a peer could keep us
 * busy forever without ever making progress. OpenSSL's bound is 32 too. */
#define GT_MAX_IDLE_RECORDS 32

const char *gt_role_name(gt_role r) { return r == GT_CLIENT ? "client" : "server"; }
static const char *peer_name(const gt_conn *c) { return gt_role_name(!c->role); }

const char *gt_handshake_type_name(uint8_t type)
{
    switch (type) {
    case GT_HS_HELLO_REQUEST: return "HelloRequest";
    case GT_HS_CLIENT_HELLO: return "ClientHello";
    case GT_HS_SERVER_HELLO: return "ServerHello";
    case GT_HS_CERTIFICATE: return "Certificate";
    case GT_HS_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case GT_HS_CERTIFICATE_REQUEST: return "CertificateRequest";
    case GT_HS_SERVER_HELLO_DONE: return "ServerHelloDone";
    case GT_HS_CERTIFICATE_VERIFY: return "CertificateVerify";
    case GT_HS_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case GT_HS_FINISHED: return "Finished";
    case 4: return "NewSessionTicket";
    default: return "an unknown handshake message";
    }
}

/* ---- events ---- */

void gt_emit(gt_conn *c, gt_event *ev)
{
    if (!c->cfg->observer)
        return;
    ev->role = c->role;
    ev->step = c->handshake_done || c->row >= c->n_rows ? 0 : c->rows[c->row].step;
    c->cfg->observer(c->cfg->observer_ctx, ev);
}

static void record_hook(void *ctx, bool sent, uint8_t type, const uint8_t *wire, size_t wire_len,
                        const uint8_t *plain, size_t plain_len)
{
    gt_event ev = {.kind = GT_EV_RECORD, .sent = sent, .content_type = type};
    ev.data = wire;
    ev.len = wire_len;
    ev.plain = plain;
    ev.plain_len = plain_len;
    ev.name = gt_content_type_name(type);
    gt_emit(ctx, &ev);
}

void gt_report_check(gt_conn *c, const char *summary)
{
    gt_event ev = {.kind = GT_EV_CHECK, .summary = summary};
    gt_emit(c, &ev);
}

void gt_report_secret(gt_conn *c, const char *name, const uint8_t *p, size_t n)
{
    gt_event ev = {.kind = GT_EV_SECRET, .name = name, .data = p, .len = n};
    ev.aux = c->client_random;
    ev.aux_len = sizeof c->client_random;
    gt_emit(c, &ev);
}

gt_err gt_conn_fail(gt_conn *c, gt_err code, const char *fmt, ...)
{
    if (c->err.code != GT_OK)
        return code;
    c->err.code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.why, sizeof c->err.why, fmt, ap);
    va_end(ap);
    return code;
}

int64_t gt_conn_now(const gt_conn *c) { return c->cfg->now ? c->cfg->now : (int64_t)time(NULL); }

/* ---- life cycle ---- */

gt_conn *gt_conn_new(gt_role role, const gt_config *cfg, gt_transport io)
{
    gt_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->role = role;
    c->cfg = cfg;
    if (cfg->rng) {
        c->rng = cfg->rng;
    } else {
        gt_rng_init_os(&c->os_rng);
        c->rng = &c->os_rng;
    }
    gt_record_init(&c->rl, io);
    c->rl.hook = record_hook;
    c->rl.hook_ctx = c;
    gt_transcript_init(&c->transcript);
    gt_tracker_init(&c->tracker);
    c->rows = role == GT_CLIENT ? gt_client_rows : gt_server_rows;
    c->n_rows = role == GT_CLIENT ? gt_client_row_count : gt_server_row_count;
    return c;
}

static void wipe_secrets(gt_conn *c)
{
    gt_wipe(c->premaster, sizeof c->premaster);
    gt_wipe(c->master, sizeof c->master);
    gt_wipe(&c->kb, sizeof c->kb);
    gt_wipe(c->session_hash, sizeof c->session_hash);
}

void gt_conn_free(gt_conn *c)
{
    if (!c)
        return;
    wipe_secrets(c);
    gt_record_free(&c->rl);
    for (size_t i = 0; i < c->peer_chain_len; i++)
        gt_cert_free(&c->peer_chain[i]);
    if (c->app) {
        gt_wipe(c->app, GT_MAX_PLAINTEXT);
        free(c->app);
    }
    free(c);
}

/* ---- the driver ---- */

/* Ends the connection after a failure: remember why, tell the peer with the
 * alert the error maps to (none for failures the peer caused by alerting or
 * closing), report it, and forget the secrets. */
static gt_err conn_abort(gt_conn *c, gt_err rc)
{
    if (c->err.code == GT_OK)
        gt_conn_fail(c, rc, "%s", gt_err_sentence(rc));
    int alert = gt_err_alert(c->err.code);
    if (alert != GT_ALERT_NONE && alert != GT_ALERT_NO_RENEGOTIATION)
        gt_send_alert(c, GT_ALERT_LEVEL_FATAL, (uint8_t)alert);
    gt_event ev = {.kind = GT_EV_ERROR, .err = c->err.code, .summary = c->err.why};
    gt_emit(c, &ev);
    wipe_secrets(c);
    return c->err.code;
}

gt_err gt_handshake_step(gt_conn *c)
{
    if (c->err.code != GT_OK)
        return c->err.code;
    if (c->handshake_done)
        return GT_OK;
    const gt_row *row = &c->rows[c->row];
    gt_err rc = row->run(c);
    if (rc == GT_WANT_READ)
        return rc;
    if (rc != GT_OK)
        return conn_abort(c, rc);
    gt_event ev = {.kind = GT_EV_ROW_DONE, .name = row->name};
    gt_emit(c, &ev);
    if (++c->row == c->n_rows) {
        c->handshake_done = true;
        /* Both directions' keys now live in the record layer's cipher
         * states; glasstls neither resumes nor renegotiates, so the master
         * secret and the key block have no further use. */
        wipe_secrets(c);
    }
    return GT_OK;
}

gt_err gt_handshake(gt_conn *c)
{
    while (!c->handshake_done) {
        gt_err rc = gt_handshake_step(c);
        if (rc != GT_OK)
            return rc;
    }
    return GT_OK;
}

bool gt_handshake_done(const gt_conn *c) { return c->handshake_done; }
int gt_next_step(const gt_conn *c) { return c->handshake_done ? 0 : c->rows[c->row].step; }
const char *gt_next_row_name(const gt_conn *c)
{
    return c->handshake_done ? "done" : c->rows[c->row].name;
}
const gt_error *gt_conn_error(const gt_conn *c) { return &c->err; }

/* ---- handshake messages ---- */

gt_vec_mark gt_handshake_begin(gt_writer *w, uint8_t type)
{
    gt_write_u8(w, type);
    return gt_write_vec_begin(w, 3);
}

gt_err gt_handshake_send(gt_conn *c, gt_writer *w, gt_vec_mark m, const char *summary)
{
    if (!gt_write_vec_end(w, m) || !gt_writer_ok(w))
        return gt_conn_fail(c, GT_ERR_INTERNAL, "a %s message did not fit its buffer",
                            gt_handshake_type_name(w->buf[0]));
    gt_transcript_add(&c->transcript, w->buf, w->len);
    gt_err rc = gt_record_write(&c->rl, GT_CT_HANDSHAKE, w->buf, w->len, &c->err);
    if (rc != GT_OK)
        return rc;
    gt_event ev = {.kind = GT_EV_MESSAGE, .sent = true, .content_type = GT_CT_HANDSHAKE};
    ev.hs_type = w->buf[0];
    ev.name = gt_handshake_type_name(w->buf[0]);
    ev.data = w->buf;
    ev.len = w->len;
    ev.summary = summary;
    gt_emit(c, &ev);
    return GT_OK;
}

/* An alert from the peer: close_notify and fatal alerts end the handshake;
 * warnings are reported and skipped, but only a few in a row. */
static gt_err handle_alert(gt_conn *c, const gt_message *m)
{
    uint8_t level = m->data[0], desc = m->data[1];
    gt_event ev = {.kind = GT_EV_ALERT, .alert_level = level, .alert_desc = desc};
    ev.name = gt_alert_name(desc);
    gt_emit(c, &ev);
    if (desc == GT_ALERT_CLOSE_NOTIFY) {
        c->close_notify_received = true;
        return gt_conn_fail(c, GT_ERR_CLOSED, "the %s closed the connection (close_notify)",
                            peer_name(c));
    }
    if (level != GT_ALERT_LEVEL_WARNING)
        return gt_conn_fail(c, GT_ERR_PEER_ALERT, "the %s sent a fatal alert: %s (%u)",
                            peer_name(c), gt_alert_name(desc), desc);
    if (++c->warnings > GT_MAX_WARNINGS)
        return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE,
                            "the %s sent more than %d warning alerts in a row", peer_name(c),
                            GT_MAX_WARNINGS);
    return GT_OK;
}

static void report_message(gt_conn *c, bool sent, uint8_t ct, const uint8_t *p, size_t n)
{
    gt_event ev = {.kind = GT_EV_MESSAGE, .sent = sent, .content_type = ct};
    if (ct == GT_CT_HANDSHAKE) {
        ev.hs_type = p[0];
        ev.name = gt_handshake_type_name(p[0]);
    } else {
        ev.name = "ChangeCipherSpec";
    }
    ev.data = p;
    ev.len = n;
    gt_emit(c, &ev);
}

static gt_err count_idle_record(gt_conn *c, const char *what)
{
    if (++c->idle > GT_MAX_IDLE_RECORDS)
        return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE,
                            "the %s sent more than %d records in a row that carry nothing (%s)",
                            peer_name(c), GT_MAX_IDLE_RECORDS, what);
    return GT_OK;
}

/* HelloRequest (RFC 5246 7.4.1.1) is an empty struct: anything inside is a
 * decoding error. Each one costs the peer a record but us nothing, yet a
 * peer that sends nothing else is stalling: only a few are ignored. */
static gt_err check_hello_request(gt_conn *c, const gt_message *m)
{
    if (m->len != 4)
        return gt_conn_fail(c, GT_ERR_DECODE,
                            "a HelloRequest must be empty, but this one has %zu bytes", m->len - 4);
    return count_idle_record(c, "HelloRequest messages");
}

/* Reads the next message of any content type, handling alerts on the way. */
static gt_err next_message(gt_conn *c, gt_message *m)
{
    for (;;) {
        gt_err rc = gt_record_read_message(&c->rl, m, &c->err);
        if (rc != GT_OK)
            return rc;
        if (m->type != GT_CT_ALERT) {
            c->warnings = 0;
            return GT_OK;
        }
        if ((rc = handle_alert(c, m)) != GT_OK)
            return rc;
    }
}

gt_err gt_handshake_recv(gt_conn *c, uint8_t expected, gt_reader *body)
{
    for (;;) {
        gt_message m;
        gt_err rc = next_message(c, &m);
        if (rc != GT_OK)
            return rc;
        if (m.type != GT_CT_HANDSHAKE) {
            const char *got = gt_content_type_name(m.type);
            return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE,
                                "expected %s, but the %s sent %s %s record",
                                gt_handshake_type_name(expected), peer_name(c),
                                strchr("aeiou", got[0]) ? "an" : "a", got);
        }
        uint8_t type = m.data[0];
        if (type == GT_HS_HELLO_REQUEST && c->role == GT_CLIENT) {
            if ((rc = check_hello_request(c, &m)) != GT_OK)
                return rc;
            continue; /* RFC 5246 7.4.1.1: ignored while negotiating, not hashed */
        }
        if (type != expected)
            return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE, "expected %s, but the %s sent %s",
                                gt_handshake_type_name(expected), peer_name(c),
                                gt_handshake_type_name(type));
        c->idle = 0;
        gt_transcript_add(&c->transcript, m.data, m.len);
        report_message(c, false, GT_CT_HANDSHAKE, m.data, m.len);
        gt_reader_init(body, m.data + 4, m.len - 4);
        body->base = 4;
        return GT_OK;
    }
}

/* ChangeCipherSpec is not a handshake message (RFC 5246 7.1): it is a record
 * of its own type, holding the single byte 1, and it is not hashed. */
gt_err gt_recv_ccs_message(gt_conn *c)
{
    gt_message m;
    gt_err rc = next_message(c, &m);
    if (rc != GT_OK)
        return rc;
    if (m.type != GT_CT_CHANGE_CIPHER_SPEC) {
        const char *what = m.type == GT_CT_HANDSHAKE ? gt_handshake_type_name(m.data[0])
                                                     : gt_content_type_name(m.type);
        return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE,
                            "expected ChangeCipherSpec, but the %s sent %s", peer_name(c), what);
    }
    if (m.len != 1 || m.data[0] != 1)
        return gt_conn_fail(c, GT_ERR_DECODE,
                            "a ChangeCipherSpec message must be the single byte 01");
    report_message(c, false, GT_CT_CHANGE_CIPHER_SPEC, m.data, m.len);
    return GT_OK;
}

gt_err gt_send_alert(gt_conn *c, uint8_t level, uint8_t desc)
{
    uint8_t a[2] = {level, desc};
    gt_error ignored = {0};
    /* The alert is a courtesy to the peer: if the transport is gone, the
     * error we are already reporting is the one that matters. */
    gt_err rc = gt_record_write(&c->rl, GT_CT_ALERT, a, sizeof a, &ignored);
    gt_event ev = {.kind = GT_EV_ALERT, .sent = true, .alert_level = level, .alert_desc = desc};
    ev.name = gt_alert_name(desc);
    gt_emit(c, &ev);
    if (desc == GT_ALERT_CLOSE_NOTIFY)
        c->close_notify_sent = true;
    return rc;
}

/* ---- application data ---- */

gt_err gt_write(gt_conn *c, const uint8_t *data, size_t len)
{
    if (c->err.code != GT_OK)
        return c->err.code;
    if (!c->handshake_done || c->close_notify_sent)
        return gt_fail(NULL, GT_ERR_USAGE, "write before the handshake or after close");
    gt_err rc = gt_record_write(&c->rl, GT_CT_APPLICATION_DATA, data, len, &c->err);
    if (rc != GT_OK)
        return conn_abort(c, rc);
    gt_event ev = {.kind = GT_EV_APPDATA, .sent = true, .data = data, .len = len};
    gt_emit(c, &ev);
    return GT_OK;
}

/* After the handshake only application data and alerts are expected. A new
 * ClientHello (or a HelloRequest) asks for renegotiation, which glasstls
 * refuses with a warning no_renegotiation (RFC 5246 7.4.1.1, 7.2.2). */
static gt_err receive_app_record(gt_conn *c)
{
    for (;;) {
        gt_message m;
        gt_err rc = next_message(c, &m);
        if (rc == GT_ERR_CLOSED) {
            c->err.code = GT_OK; /* a clean close is not a failure of the connection */
            if (!c->close_notify_sent)
                gt_send_alert(c, GT_ALERT_LEVEL_WARNING, GT_ALERT_CLOSE_NOTIFY);
            return GT_ERR_CLOSED;
        }
        if (rc != GT_OK)
            return rc;
        if (m.type == GT_CT_APPLICATION_DATA) {
            /* RFC 5246 6.2.1 allows empty application data (against
             * traffic analysis); many in a row are a stall. */
            if (m.len == 0) {
                if ((rc = count_idle_record(c, "empty application data")) != GT_OK)
                    return rc;
                continue;
            }
            c->idle = 0;
            if (!c->app && !(c->app = malloc(GT_MAX_PLAINTEXT)))
                return gt_conn_fail(c, GT_ERR_INTERNAL, "out of memory");
            memcpy(c->app, m.data, m.len);
            c->app_len = m.len;
            c->app_off = 0;
            gt_event ev = {.kind = GT_EV_APPDATA, .data = m.data, .len = m.len};
            gt_emit(c, &ev);
            return GT_OK;
        }
        uint8_t hs = m.type == GT_CT_HANDSHAKE ? m.data[0] : 0xff;
        bool reneg = (c->role == GT_SERVER && hs == GT_HS_CLIENT_HELLO) ||
                     (c->role == GT_CLIENT && hs == GT_HS_HELLO_REQUEST);
        if (hs == GT_HS_HELLO_REQUEST && c->role == GT_CLIENT && m.len != 4)
            return check_hello_request(c, &m);
        if (!reneg)
            return gt_conn_fail(c, GT_ERR_UNEXPECTED_MESSAGE,
                                "after the handshake the %s sent %s, not application data",
                                peer_name(c),
                                m.type == GT_CT_HANDSHAKE ? gt_handshake_type_name(hs)
                                                          : gt_content_type_name(m.type));
        if ((rc = count_idle_record(c, "refused renegotiations")) != GT_OK)
            return rc;
        if ((rc = gt_send_alert(c, GT_ALERT_LEVEL_WARNING, GT_ALERT_NO_RENEGOTIATION)) != GT_OK)
            return rc;
    }
}

gt_err gt_read(gt_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (c->err.code != GT_OK)
        return c->err.code;
    if (!c->handshake_done)
        return gt_fail(NULL, GT_ERR_USAGE, "read before the handshake");
    if (c->close_notify_received)
        return GT_ERR_CLOSED;
    while (c->app_off == c->app_len) {
        gt_err rc = receive_app_record(c);
        if (rc == GT_ERR_CLOSED || rc == GT_WANT_READ)
            return rc;
        if (rc == GT_ERR_TRUNCATED) {
            gt_conn_fail(c, rc,
                         "the %s ended the connection without close_notify: "
                         "what was received may be cut short",
                         peer_name(c));
            return rc;
        }
        if (rc != GT_OK)
            return conn_abort(c, rc);
    }
    size_t n = c->app_len - c->app_off;
    if (n > cap)
        n = cap;
    memcpy(buf, c->app + c->app_off, n);
    c->app_off += n;
    *got = n;
    return GT_OK;
}

/* in[] still holds the record handed up last (released on the next read), so
 * only bytes beyond it are waiting. */
bool gt_pending(const gt_conn *c)
{
    return c->app_off < c->app_len || c->rl.in_len > c->rl.pending_consume;
}

gt_err gt_close(gt_conn *c)
{
    if (c->close_notify_sent || !c->handshake_done || c->err.code != GT_OK)
        return GT_OK;
    return gt_send_alert(c, GT_ALERT_LEVEL_WARNING, GT_ALERT_CLOSE_NOTIFY);
}
