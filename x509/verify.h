/* x509/verify: lesson step 3: may the client believe the server's
 * certificate? Builds the path from the server's certificate to a trust
 * anchor (RFC 5280 section 6, kept simple for now: the chain as the server
 * sent it), checks every signature, CA flag and validity period on it, and
 * the host name (RFC 6125). */
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

/* chain[0] is the server's certificate as sent in the Certificate message,
 * chain[1..n-1] the certificates sent after it. host == NULL: no name check.
 * now: the validation time, unix seconds. GT_OK when the chain is trusted;
 * otherwise e names the certificate and the rule it broke:
 *   GT_ERR_UNKNOWN_CA               no path to a trust anchor
 *   GT_ERR_CERTIFICATE_EXPIRED      a certificate on the path is expired or not yet valid
 *   GT_ERR_BAD_CERTIFICATE          bad signature, an issuer that is no CA, wrong host,
 *                                   a weak (SHA-1, MD5) signature, a leaf not for servers
 *   GT_ERR_UNSUPPORTED_CERTIFICATE  a signature or key algorithm glasstls cannot verify */
gt_err gt_verify_chain(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                       int64_t now, gt_error *e);

/* RFC 5280 4.1.2.5: is `now` (unix seconds) within notBefore..notAfter,
 * both ends included? */
bool gt_cert_valid_at(const gt_cert *c, int64_t now);

/* RFC 6125 section 6.4: does the certificate name this host? Compared
 * without regard to ASCII case; the subjectAltName dNSNames are used, and the
 * subject's CN only when there is no dNSName. A wildcard is accepted only as
 * the whole leftmost label of a name with at least three labels
 * ("*.example.com"), and stands for exactly one label of the host. IP
 * addresses never match (they belong in iPAddress names, not read yet). */
bool gt_cert_matches_host(const gt_cert *c, const char *host);

#endif
