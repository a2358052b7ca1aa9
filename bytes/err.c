/* bytes/err.c: the error table: each error's name, its alert (RFC 5246 7.2)
 * and a sentence, in one place. */
#include "bytes/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int alert;
    const char *sentence;
} errors[GT_ERR_COUNT] = {
    [GT_OK] = {"GT_OK", GT_ALERT_NONE, "no error"},
    [GT_WANT_READ] = {"GT_WANT_READ", GT_ALERT_NONE, "waiting for more bytes from the peer"},
    [GT_ERR_UNEXPECTED_MESSAGE] =
        {"GT_ERR_UNEXPECTED_MESSAGE", GT_ALERT_UNEXPECTED_MESSAGE,
         "a message arrived that does not belong at this point of the handshake"},
    [GT_ERR_BAD_RECORD_MAC] = {"GT_ERR_BAD_RECORD_MAC", GT_ALERT_BAD_RECORD_MAC,
                               "a record failed its integrity check: it was changed on the way or "
                               "encrypted with other keys"},
    [GT_ERR_RECORD_OVERFLOW] = {"GT_ERR_RECORD_OVERFLOW", GT_ALERT_RECORD_OVERFLOW,
                                "a record is longer than TLS allows"},
    [GT_ERR_HANDSHAKE_FAILURE] = {"GT_ERR_HANDSHAKE_FAILURE", GT_ALERT_HANDSHAKE_FAILURE,
                                  "the two sides could not agree on security parameters"},
    [GT_ERR_BAD_CERTIFICATE] = {"GT_ERR_BAD_CERTIFICATE", GT_ALERT_BAD_CERTIFICATE,
                                "the certificate is malformed or not valid for this server"},
    [GT_ERR_UNSUPPORTED_CERTIFICATE] =
        {"GT_ERR_UNSUPPORTED_CERTIFICATE", GT_ALERT_UNSUPPORTED_CERTIFICATE,
         "the certificate uses a kind of key or algorithm this program does not support"},
    [GT_ERR_CERTIFICATE_EXPIRED] = {"GT_ERR_CERTIFICATE_EXPIRED", GT_ALERT_CERTIFICATE_EXPIRED,
                                    "the certificate is outside its validity period"},
    [GT_ERR_CERTIFICATE_UNKNOWN] = {"GT_ERR_CERTIFICATE_UNKNOWN", GT_ALERT_CERTIFICATE_UNKNOWN,
                                    "the certificate could not be accepted"},
    [GT_ERR_ILLEGAL_PARAMETER] = {"GT_ERR_ILLEGAL_PARAMETER", GT_ALERT_ILLEGAL_PARAMETER,
                                  "a field holds a value that is not allowed here"},
    [GT_ERR_UNKNOWN_CA] = {"GT_ERR_UNKNOWN_CA", GT_ALERT_UNKNOWN_CA,
                           "the certificate chain does not lead to a trusted root"},
    [GT_ERR_DECODE] = {"GT_ERR_DECODE", GT_ALERT_DECODE_ERROR,
                       "a message could not be decoded: a length or field is wrong"},
    [GT_ERR_DECRYPT] = {"GT_ERR_DECRYPT", GT_ALERT_DECRYPT_ERROR,
                        "a cryptographic check failed (signature or Finished)"},
    [GT_ERR_PROTOCOL_VERSION] = {"GT_ERR_PROTOCOL_VERSION", GT_ALERT_PROTOCOL_VERSION,
                                 "the peer's protocol version is not supported"},
    [GT_ERR_INTERNAL] = {"GT_ERR_INTERNAL", GT_ALERT_INTERNAL_ERROR,
                         "an internal error occurred (out of memory or a library failure)"},
    [GT_ERR_NO_RENEGOTIATION] = {"GT_ERR_NO_RENEGOTIATION", GT_ALERT_NO_RENEGOTIATION,
                                 "the peer asked to renegotiate, which glasstls does not do"},
    [GT_ERR_UNSUPPORTED_EXTENSION] = {"GT_ERR_UNSUPPORTED_EXTENSION",
                                      GT_ALERT_UNSUPPORTED_EXTENSION,
                                      "the peer answered with an extension we did not offer"},
    [GT_ERR_PEER_ALERT] = {"GT_ERR_PEER_ALERT", GT_ALERT_NONE,
                           "the peer ended the connection with an alert"},
    [GT_ERR_CLOSED] = {"GT_ERR_CLOSED", GT_ALERT_NONE,
                       "the peer closed the connection (close_notify)"},
    [GT_ERR_TRUNCATED] =
        {"GT_ERR_TRUNCATED", GT_ALERT_NONE,
         "the connection was cut without close_notify: data may have been truncated"},
    [GT_ERR_IO] = {"GT_ERR_IO", GT_ALERT_NONE, "sending or receiving on the transport failed"},
    [GT_ERR_USAGE] = {"GT_ERR_USAGE", GT_ALERT_NONE,
                      "the library was called with a wrong argument or in a wrong state"},
};

gt_err gt_fail(gt_error *e, gt_err code, const char *fmt, ...)
{
    if (!e || e->code != GT_OK)
        return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->why, sizeof e->why, fmt, ap);
    va_end(ap);
    return code;
}

void gt_error_clear(gt_error *e)
{
    e->code = GT_OK;
    e->why[0] = 0;
}

static int valid(gt_err c) { return (unsigned)c < GT_ERR_COUNT; }

const char *gt_err_name(gt_err c) { return valid(c) ? errors[c].name : "GT_ERR_?"; }
const char *gt_err_sentence(gt_err c) { return valid(c) ? errors[c].sentence : "unknown error"; }
int gt_err_alert(gt_err c) { return valid(c) ? errors[c].alert : GT_ALERT_INTERNAL_ERROR; }

const char *gt_alert_name(int d)
{
    switch (d) {
    case GT_ALERT_CLOSE_NOTIFY: return "close_notify";
    case GT_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case GT_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case 21: return "decryption_failed_RESERVED";
    case GT_ALERT_RECORD_OVERFLOW: return "record_overflow";
    case 30: return "decompression_failure";
    case GT_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case GT_ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case GT_ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case GT_ALERT_CERTIFICATE_REVOKED: return "certificate_revoked";
    case GT_ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
    case GT_ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case GT_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case GT_ALERT_UNKNOWN_CA: return "unknown_ca";
    case GT_ALERT_ACCESS_DENIED: return "access_denied";
    case GT_ALERT_DECODE_ERROR: return "decode_error";
    case GT_ALERT_DECRYPT_ERROR: return "decrypt_error";
    case 60: return "export_restriction_RESERVED";
    case GT_ALERT_PROTOCOL_VERSION: return "protocol_version";
    case GT_ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
    case GT_ALERT_INTERNAL_ERROR: return "internal_error";
    case GT_ALERT_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
    case GT_ALERT_USER_CANCELED: return "user_canceled";
    case GT_ALERT_NO_RENEGOTIATION: return "no_renegotiation";
    case GT_ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case 112: return "unrecognized_name";
    default: return "unknown alert";
    }
}
