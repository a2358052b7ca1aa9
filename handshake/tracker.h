/* handshake/tracker: the lesson's Status Tracker. Five variables, each with
 * the values the lesson gives it; a side changes a variable when its handshake
 * reaches the point the lesson step describes, and the change is reported to
 * the observer (the demo draws the table from those reports). No RFC defines
 * these variables; each marks a point of the RFC 5246 7.3 message flow. */
#ifndef GT_TRACKER_H
#define GT_TRACKER_H

enum gt_tracker_var {
    GT_VAR_CLIENT_HELLO,   /* Not sent -> Sent */
    GT_VAR_SERVER_HELLO,   /* Not sent -> Sent */
    GT_VAR_CERTIFICATE,    /* Not received -> Received -> Verified | Rejected (reason) */
    GT_VAR_SESSION_KEY,    /* Not generated -> Generated & Encrypted -> Encrypted key sent
                              -> Shared securely */
    GT_VAR_SECURE_CHANNEL, /* No -> Yes */
    GT_VAR_COUNT
};

/* The lesson's values, word for word. */
#define GT_VAL_NOT_SENT      "Not sent"
#define GT_VAL_SENT          "Sent"
#define GT_VAL_NOT_RECEIVED  "Not received"
#define GT_VAL_RECEIVED      "Received"
#define GT_VAL_VERIFIED      "Verified"
#define GT_VAL_REJECTED      "Rejected"
#define GT_VAL_NOT_GENERATED "Not generated"
#define GT_VAL_GENERATED     "Generated & Encrypted"
#define GT_VAL_KEY_SENT      "Encrypted key sent"
#define GT_VAL_SHARED        "Shared securely"
#define GT_VAL_NO            "No"
#define GT_VAL_YES           "Yes"

typedef struct gt_tracker {
    const char *value[GT_VAR_COUNT];
    char rejected[256]; /* "Rejected (certificate expired on ...)" when Certificate is rejected */
} gt_tracker;

void gt_tracker_init(gt_tracker *t);
const char *gt_tracker_var_name(int var);    /* "ClientHello", ... "SecureChannel" */
const char *gt_tracker_start_value(int var); /* the value in the lesson's Start column */

struct gt_conn;
/* Sets a variable on the connection's tracker and reports it. */
void gt_tracker_set(struct gt_conn *c, int var, const char *value);
/* Certificate = "Rejected (why)". */
void gt_tracker_reject_certificate(struct gt_conn *c, const char *why);

#endif
