/* bytes/err.h: errors are values. Each gt_err has a name, the TLS alert it is
 * answered with (RFC 5246 section 7.2), and each failure carries one sentence
 * a student can read ("certificate expired on 2024-01-31 ..."). This is the
 * one error-to-alert table of the project; see err.c. */
#ifndef GT_ERR_H
#define GT_ERR_H

#include <stdint.h>

typedef enum gt_err {
    GT_OK = 0,
    GT_WANT_READ, /* not an error: the step needs more bytes from the peer */
    /* failures that answer the peer with a specific alert */
    GT_ERR_UNEXPECTED_MESSAGE,      /* unexpected_message(10) */
    GT_ERR_BAD_RECORD_MAC,          /* bad_record_mac(20) */
    GT_ERR_RECORD_OVERFLOW,         /* record_overflow(22) */
    GT_ERR_HANDSHAKE_FAILURE,       /* handshake_failure(40) */
    GT_ERR_BAD_CERTIFICATE,         /* bad_certificate(42) */
    GT_ERR_UNSUPPORTED_CERTIFICATE, /* unsupported_certificate(43) */
    GT_ERR_CERTIFICATE_EXPIRED,     /* certificate_expired(45) */
    GT_ERR_CERTIFICATE_UNKNOWN,     /* certificate_unknown(46) */
    GT_ERR_ILLEGAL_PARAMETER,       /* illegal_parameter(47) */
    GT_ERR_UNKNOWN_CA,              /* unknown_ca(48) */
    GT_ERR_DECODE,                  /* decode_error(50) */
    GT_ERR_DECRYPT,                 /* decrypt_error(51) */
    GT_ERR_PROTOCOL_VERSION,        /* protocol_version(70) */
    GT_ERR_INTERNAL,                /* internal_error(80) */
    GT_ERR_NO_RENEGOTIATION,        /* no_renegotiation(100), a warning */
    GT_ERR_UNSUPPORTED_EXTENSION,   /* unsupported_extension(110) */
    /* failures that send no alert */
    GT_ERR_PEER_ALERT, /* the peer sent a fatal alert */
    GT_ERR_CLOSED,     /* the peer sent close_notify */
    GT_ERR_TRUNCATED,  /* the connection ended without close_notify */
    GT_ERR_IO,         /* the transport failed */
    GT_ERR_USAGE,      /* the caller used the API wrongly (bad argument, wrong state) */
    GT_ERR_COUNT
} gt_err;

/* RFC 5246 7.2 AlertDescription values. */
enum gt_alert {
    GT_ALERT_CLOSE_NOTIFY = 0,
    GT_ALERT_UNEXPECTED_MESSAGE = 10,
    GT_ALERT_BAD_RECORD_MAC = 20,
    GT_ALERT_RECORD_OVERFLOW = 22,
    GT_ALERT_HANDSHAKE_FAILURE = 40,
    GT_ALERT_BAD_CERTIFICATE = 42,
    GT_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    GT_ALERT_CERTIFICATE_REVOKED = 44,
    GT_ALERT_CERTIFICATE_EXPIRED = 45,
    GT_ALERT_CERTIFICATE_UNKNOWN = 46,
    GT_ALERT_ILLEGAL_PARAMETER = 47,
    GT_ALERT_UNKNOWN_CA = 48,
    GT_ALERT_ACCESS_DENIED = 49,
    GT_ALERT_DECODE_ERROR = 50,
    GT_ALERT_DECRYPT_ERROR = 51,
    GT_ALERT_PROTOCOL_VERSION = 70,
    GT_ALERT_INSUFFICIENT_SECURITY = 71,
    GT_ALERT_INTERNAL_ERROR = 80,
    GT_ALERT_INAPPROPRIATE_FALLBACK = 86,
    GT_ALERT_USER_CANCELED = 90,
    GT_ALERT_NO_RENEGOTIATION = 100,
    GT_ALERT_UNSUPPORTED_EXTENSION = 110,
};
#define GT_ALERT_LEVEL_WARNING 1
#define GT_ALERT_LEVEL_FATAL   2
#define GT_ALERT_NONE          (-1)

/* An error with the sentence that explains it. */
typedef struct gt_error {
    gt_err code;
    char why[320];
} gt_error;

/* Records code and a printf-style sentence in *e (e may be NULL) and returns
 * code, so a failing function can say: return gt_fail(e, GT_ERR_DECODE, "...");
 * The first failure recorded wins: a later gt_fail does not overwrite it. */
gt_err gt_fail(gt_error *e, gt_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gt_error_clear(gt_error *e);

const char *gt_err_name(gt_err code);       /* "GT_ERR_DECODE" */
const char *gt_err_sentence(gt_err code);   /* a generic sentence for the code */
int gt_err_alert(gt_err code);              /* alert description, or GT_ALERT_NONE */
const char *gt_alert_name(int description); /* "decode_error", or "unknown alert" */

#endif
