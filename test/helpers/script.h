/* test/helpers/script: a glasstls connection under test (client or server)
 * against a scripted peer, for the state-machine, oracle and bounds tests
 * (RFC 5246 7.3 message flow, 7.2 alerts). The peer is a second glasstls
 * connection of the demo PKI that the test drives by hand: it runs its
 * table's rows up to a chosen one and then, instead of following the RFC,
 * sends what the test says: messages out of order, hand-made records, raw
 * bytes. Its keys, when it has them, protect what it sends, so a test can
 * misbehave after ChangeCipherSpec too. Both sides use seeded RNGs, so a run
 * is repeatable. What the side under test reports (alerts, the error, the
 * step it stopped at) is collected by an observer. */
#ifndef GT_TEST_SCRIPT_H
#define GT_TEST_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handshake/conn.h"
#include "test/helpers/demo_pair.h"

#define GT_SCRIPT_NOW 1767225600 /* 2026-01-01, inside sensor-hub.pem's validity */

typedef struct gt_script {
    gt_demo_pair p;
    gt_role sut_role;
    gt_conn *sut;      /* the connection under test */
    gt_conn *peer;     /* the scripted peer */
    gt_transport wire; /* the peer's end of the pipe, for raw bytes */
    gt_rng rng[2];     /* seeded, NOT SECURE: [GT_CLIENT], [GT_SERVER] */
    /* what the side under test reported */
    int alerts_sent; /* fatal and warning */
    uint8_t last_sent_level, last_sent_desc;
    int error_step;       /* the lesson step of the row that failed (-1: none) */
    gt_err error;         /* from the ERROR event */
    gt_observer_fn extra; /* if set, also called for every event of the side under test */
    void *extra_ctx;
} gt_script;

/* Loads the demo PKI and the two configs with seeded RNGs (seed for the
 * client, seed + 1 for the server); change s->p.ccfg / s->p.scfg (no_ems, a
 * different key ...) and set s->extra before gt_script_start makes the two
 * connections over the pipe. gt_script_open does both. Fail the test on any
 * error. */
void gt_script_load(gt_script *s, gt_role sut_role, uint64_t seed);
void gt_script_start(gt_script *s);
void gt_script_open(gt_script *s, gt_role sut_role, uint64_t seed);
void gt_script_close(gt_script *s);

/* Runs the peer's rows, letting the side under test move whenever the peer
 * waits for it, until the peer's next row is the one named (the whole name,
 * as in client.c / server.c). Fails the test if either side fails first. */
void gt_script_peer_until(gt_script *s, const char *row);
/* Runs both handshakes to the end (both must succeed). */
void gt_script_complete(gt_script *s);

/* The peer sends bytes as they are. */
void gt_script_send_raw(gt_script *s, const void *p, size_t n);
/* The peer sends one record with this header (version 0x0303 unless
 * gt_script_send_record_v) and body, sealed with the peer's write keys when
 * they are on; the length field is the body's (plus nonce and tag). No
 * check on the body: empty and over-long records go out as asked. */
void gt_script_send_record(gt_script *s, uint8_t type, const void *body, size_t n);
void gt_script_send_record_v(gt_script *s, uint8_t type, uint16_t version, const void *body,
                             size_t n);
/* The peer's end of the stream closes (TCP FIN, no close_notify). */
void gt_script_hang_up(gt_script *s);

/* Runs the side under test until it stops: its handshake when that is not
 * done, else gt_read. Returns the last result (GT_WANT_READ: it waits). */
gt_err gt_script_run_sut(gt_script *s);

/* Reads what the side under test sent to the peer and not yet read, record
 * by record (following its ChangeCipherSpec with the peer's keys). Returns
 * how many alert records there were and the last one's level and
 * description; *records gets the count of all records (may be NULL). */
int gt_script_read_alerts(gt_script *s, uint8_t *level, uint8_t *desc, int *records);

/* The side under test has stopped with this fatal alert: its error maps to
 * desc, the observer saw it sent once, the last record on the wire is that
 * alert, a further step returns the same error and sends nothing, and its
 * premaster, master secret and key block are zero. */
void gt_script_expect_alert(gt_script *s, uint8_t desc);

/* A handshake message: type, then body as a u24 vector. Returns its length. */
size_t gt_script_handshake_msg(uint8_t *out, uint8_t type, const void *body, size_t n);
/* The peer sends that handshake message in one record (gt_script_send_record). */
void gt_script_send_hs(gt_script *s, uint8_t type, const void *body, size_t n);

/* The side under test (role, seed) is sent a handshake message of this type
 * whose body is the first cut bytes of body, the header's length kept
 * honest, once for every cut from 0 to full - 1 but skip (SIZE_MAX: none),
 * each time on a fresh pair after the peer ran up to row (NULL: none), and
 * must answer with decode_error (RFC 5246 7.2.2). */
void gt_script_expect_decode_error_at_every_cut(gt_role role, uint64_t seed, const char *row,
                                                uint8_t type, const void *body, size_t full,
                                                size_t skip);

/* After the handshake the peer asked to renegotiate: the side under test
 * waits for more (GT_WANT_READ) and has sent one warning no_renegotiation
 * (RFC 5246 7.2.2, RFC 5746 4.2 / 4.4). */
void gt_script_expect_no_renegotiation(gt_script *s);
/* The connection still carries application data: n bytes the peer writes
 * are what the side under test reads. */
void gt_script_expect_peer_data_arrives(gt_script *s, const char *data, size_t n);

/* true when n bytes at p are all zero */
bool gt_script_all_zero(const void *p, size_t n);

/* ---- one scripted case, one cmocka test ---- */

/* The side under test, the peer's row to run up to (NULL: none; "done":
 * both handshakes completed), what the peer then does, and the fatal alert
 * the side under test must answer with (RFC 5246 7.2.2). */
typedef struct gt_script_case {
    const char *name;
    gt_role sut;
    const char *peer_row;
    void (*act)(gt_script *s);
    int alert;
} gt_script_case;

/* Actions both sides' tables share: the peer sends a ChangeCipherSpec (the
 * byte 01), one of value 2, one of two bytes (OpenSSL answers both with
 * unexpected_message), a handshake message of unknown type 99, or its
 * Finished (plaintext when its write keys are not on yet). */
void gt_script_act_ccs(gt_script *s);
void gt_script_act_ccs_value_2(gt_script *s);
void gt_script_act_ccs_two_bytes(gt_script *s);
void gt_script_act_unknown_handshake_type(gt_script *s);
void gt_script_act_finished(gt_script *s);

/* The cmocka test body: *state is a gt_script_case. */
void gt_script_run_case(void **state);
/* A cmocka test entry for one case. */
#define GT_SCRIPT_CASE(c)                                                                          \
    {                                                                                              \
        (c)->name, gt_script_run_case, NULL, NULL, (void *)(c)                                     \
    }

/* Runs one cmocka group: a test for each case, then the n_more tests of
 * more. Returns the count of failed tests. */
struct CMUnitTest;
int gt_script_run_group(const char *group, const gt_script_case *cases, size_t n_cases,
                        const struct CMUnitTest *more, size_t n_more);

/* What the side under test sent and the peer has not read yet, as raw bytes
 * (taken off the pipe), and what the peer sent the side under test. */
size_t gt_script_take_from_sut(gt_script *s, uint8_t *buf, size_t cap);
size_t gt_script_take_from_peer(gt_script *s, uint8_t *buf, size_t cap);

#endif
