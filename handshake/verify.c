/* handshake/verify: lesson step 3. The checking is done by x509/verify; this
 * step asks it, moves the Status Tracker to Verified or Rejected, and stops
 * the handshake with the alert that fits the reason (RFC 5246 7.2.2). */
#include "handshake/verify.h"

#include <stdio.h>

#include "handshake/conn.h"
#include "x509/verify.h"

gt_err gt_verify_server_certificate(gt_conn *c)
{
    const gt_config *cfg = c->cfg;
    if (!cfg->trust)
        return gt_conn_fail(c, GT_ERR_USAGE,
                            "the client has no trusted root certificates "
                            "configured, so it cannot verify the server");
    gt_error e = {0};
    gt_path path;
    /* The certificates after the server's own may come in any order; the
     * validator builds the path to a trusted root from them. */
    gt_err rc = gt_verify_path(c->peer_chain, c->peer_chain_len, cfg->trust, cfg->server_name,
                               gt_conn_now(c), &path, &e);
    if (rc != GT_OK) {
        if (e.code == GT_OK)
            gt_fail(&e, rc, "%s", gt_err_sentence(rc));
        gt_tracker_reject_certificate(c, e.why);
        gt_report_check(c, "Certificate valid? No");
        return gt_conn_fail(c, rc, "%s", e.why);
    }
    /* RFC 5246 7.4.2: for RSA key transport "the keyEncipherment bit MUST be
     * set if the key usage extension is present". A key its CA allowed only
     * for signatures must not carry the premaster. (OpenSSL's client does
     * not check this; the RFC is the rule here.) */
    const gt_cert *leaf = &c->peer_chain[0];
    if (leaf->has_key_usage && !(leaf->key_usage & GT_KU_KEY_ENCIPHERMENT)) {
        gt_fail(&e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                "the server's certificate (%s) may not be used to encrypt keys: its keyUsage "
                "lacks keyEncipherment, which RSA key transport needs",
                leaf->subject.text);
        gt_tracker_reject_certificate(c, e.why);
        gt_report_check(c, "Certificate valid? No");
        return gt_conn_fail(c, e.code, "%s", e.why);
    }
    char summary[900];
    const gt_cert *anchor = path.cert[path.len - 1];
    snprintf(summary, sizeof summary,
             "Certificate valid? Yes: %s leads to the trusted root %s (a path of %zu "
             "certificates)%s%s",
             c->peer_chain[0].subject.text, anchor->subject.text, path.len,
             cfg->server_name ? " and matches " : "", cfg->server_name ? cfg->server_name : "");
    gt_report_check(c, summary);
    gt_tracker_set(c, GT_VAR_CERTIFICATE, GT_VAL_VERIFIED);
    return GT_OK;
}
