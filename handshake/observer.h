/* handshake/observer: the handshake does not print. It reports what happens
 * as events to an observer, and everything a user sees (the demo's tables,
 * traces, key logs) is made from those events by code in demo/.
 * This file also names the lesson's five steps, which every event carries;
 * messages and alerts are reported under their RFC 5246 names (7.4, 7.2). */
#ifndef GT_OBSERVER_H
#define GT_OBSERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"

typedef enum gt_role { GT_CLIENT = 0, GT_SERVER = 1 } gt_role;

/* The lesson's Process Table rows (shared/seed/handshake-lesson.txt). */
enum gt_lesson_step {
    GT_STEP_NONE = 0,
    GT_STEP_CLIENT_HELLO = 1,   /* Client sends ClientHello */
    GT_STEP_SERVER_HELLO = 2,   /* Server sends ServerHello + Certificate */
    GT_STEP_VERIFY = 3,         /* Client verifies Certificate */
    GT_STEP_KEY_EXCHANGE = 4,   /* Client sends encrypted session key; server decrypts it */
    GT_STEP_SECURE_CHANNEL = 5, /* Encrypted communication begins */
};
#define GT_STEP_COUNT 5

/* HandshakeType, RFC 5246 7.4 */
enum gt_handshake_type {
    GT_HS_HELLO_REQUEST = 0,
    GT_HS_CLIENT_HELLO = 1,
    GT_HS_SERVER_HELLO = 2,
    GT_HS_CERTIFICATE = 11,
    GT_HS_SERVER_KEY_EXCHANGE = 12,
    GT_HS_CERTIFICATE_REQUEST = 13,
    GT_HS_SERVER_HELLO_DONE = 14,
    GT_HS_CERTIFICATE_VERIFY = 15,
    GT_HS_CLIENT_KEY_EXCHANGE = 16,
    GT_HS_FINISHED = 20,
};
const char *gt_handshake_type_name(uint8_t type);

typedef enum gt_event_kind {
    GT_EV_MESSAGE,  /* a handshake message or ChangeCipherSpec was sent or received */
    GT_EV_CHECK,    /* a check was made; summary says what and how it came out */
    GT_EV_TRACKER,  /* a Status Tracker variable changed */
    GT_EV_SECRET,   /* a secret was derived (data: its bytes) */
    GT_EV_RECORD,   /* a record went over the wire (data: wire bytes, plain: plaintext) */
    GT_EV_ALERT,    /* an alert was sent or received */
    GT_EV_APPDATA,  /* application data was sent or received (data: plaintext) */
    GT_EV_ROW_DONE, /* one row of the driver's table finished (name: the row) */
    GT_EV_ERROR,    /* the handshake stopped (err, summary: the sentence) */
} gt_event_kind;

typedef struct gt_event {
    gt_event_kind kind;
    gt_role role;         /* the side reporting */
    int step;             /* enum gt_lesson_step of the row being run; 0 after the handshake */
    bool sent;            /* MESSAGE, RECORD, ALERT, APPDATA: this side sent it */
    uint8_t content_type; /* MESSAGE, RECORD: enum gt_content_type */
    uint8_t hs_type;      /* MESSAGE: HandshakeType when content_type is handshake */
    const char *name;     /* MESSAGE: "ClientHello"; SECRET: "master secret"; ROW_DONE: row */
    const uint8_t *data;  /* bytes of the message, secret, record or application data */
    size_t len;
    const uint8_t *plain; /* RECORD: the plaintext inside */
    size_t plain_len;
    const uint8_t *aux; /* SECRET: the client random (for key logs); else NULL */
    size_t aux_len;
    const char *summary;             /* one line in plain words, or NULL */
    int var;                         /* TRACKER: enum gt_tracker_var */
    const char *value;               /* TRACKER: the new value, in the lesson's words */
    uint8_t alert_level, alert_desc; /* ALERT */
    gt_err err;                      /* ERROR */
} gt_event;

typedef void (*gt_observer_fn)(void *ctx, const gt_event *ev);

const char *gt_role_name(gt_role r); /* "client" / "server" */

#endif
