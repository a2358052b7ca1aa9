/* x509/verify: lesson step 3: may the client believe the server's
 * certificate? Builds a path from the server's certificate to a trust anchor
 * through the other certificates it sent, in any order (RFC 4158 path
 * building), and validates it (RFC 5280 section 6): signatures, validity, CA
 * flags and path lengths, key usage, name constraints, extended key usage,
 * and the host name (RFC 6125 section 6). */
#ifndef GT_VERIFY_H
#define GT_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"
#include "x509/cert.h"

/* The most certificates a path may have, trust anchor included. */
#define GT_VERIFY_MAX_PATH 10

/* The trust anchors: root certificates this client trusts by configuration. */
typedef struct gt_trust {
    gt_cert *roots;
    size_t n, cap;
} gt_trust;

void gt_trust_init(gt_trust *t);
/* Adds every certificate of a PEM bundle file, or of each .pem/.crt file of a
 * directory (in name order). A certificate that does not parse is an error
 * naming the file; adding a root already present changes nothing. */
gt_err gt_trust_load(gt_trust *t, const char *path, gt_error *e);
gt_err gt_trust_add_der(gt_trust *t, const uint8_t *der, size_t len, gt_error *e);
void gt_trust_free(gt_trust *t);

/* A path: cert[0] is the server's certificate, each next one the issuer of
 * the one before, and when complete cert[len-1] is a trust anchor.
 * position[k] is the certificate's index in the chain as sent, or
 * GT_PATH_ANCHOR for a certificate taken from the trust store. */
#define GT_PATH_ANCHOR ((size_t)-1)
typedef struct gt_path {
    const gt_cert *cert[GT_VERIFY_MAX_PATH];
    size_t position[GT_VERIFY_MAX_PATH];
    size_t len;
    bool complete;
} gt_path;

/* chain[0] is the server's certificate as sent in the Certificate message,
 * chain[1..n-1] the certificates sent after it, in any order: the issuers
 * are searched among them (and the trust anchors), several candidates for
 * one issuer are tried in turn, preferring a trust anchor and the one whose
 * subjectKeyIdentifier matches the authorityKeyIdentifier; a branch that
 * leads nowhere is abandoned for the next. A path holds at most
 * GT_VERIFY_MAX_PATH certificates. host == NULL: no name check; an IPv4 or
 * IPv6 literal is matched against iPAddress names only.
 * now: the validation time, unix seconds. GT_OK when the chain is trusted;
 * otherwise e names the certificate and the rule it broke:
 *   GT_ERR_UNKNOWN_CA               no path to a trust anchor
 *   GT_ERR_CERTIFICATE_EXPIRED      a certificate on the path is expired or not yet valid
 *   GT_ERR_BAD_CERTIFICATE          bad signature, an issuer that is no CA or may not
 *                                   sign certificates, a path too long for a pathLenConstraint,
 *                                   a name outside nameConstraints, wrong host, a weak
 *                                   (SHA-1, MD5) signature, a leaf not for servers
 *   GT_ERR_UNSUPPORTED_CERTIFICATE  a signature or key algorithm glasstls cannot verify, or a
 *                                   nameConstraints it cannot check (a kind of name it does
 *                                   not read, more names than it keeps) */
gt_err gt_verify_chain(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                       int64_t now, gt_error *e);
/* The same, and *path receives the path that was accepted or, on failure,
 * the one whose fault e describes (possibly incomplete), for printing. */
gt_err gt_verify_path(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                      int64_t now, gt_path *path, gt_error *e);
/* "the server's certificate (CN=sensor-hub.local)", "certificate 2 of the
 * server's chain (CN=...)", "the trusted root (CN=...)". */
const char *gt_verify_describe(const gt_cert *c, size_t position, char *out, size_t cap);

/* RFC 5280 4.1.2.5: is `now` (unix seconds) within notBefore..notAfter,
 * both ends included? */
bool gt_cert_valid_at(const gt_cert *c, int64_t now);

/* RFC 6125 section 6.4: does the certificate name this host? Compared
 * without regard to ASCII case; the subjectAltName dNSNames are used, and the
 * subject's CN only when there is no dNSName. A wildcard is accepted only as
 * the whole leftmost label of a name with at least three labels
 * ("*.example.com"), and stands for exactly one label of the host. A host
 * that is an IPv4 or IPv6 address matches only an equal iPAddress name
 * (RFC 6125 does not cover them; RFC 5280 4.2.1.6 gives their form). */
bool gt_cert_matches_host(const gt_cert *c, const char *host);

#endif
