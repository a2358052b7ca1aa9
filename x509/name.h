/* x509/name: distinguished names (RFC 5280 4.1.2.4) for lesson step 3:
 * parsed from DER, printed as RFC 4514 strings ("CN=sensor-hub.local,
 * O=glasstls demo"), and compared byte for byte when chaining an issuer to a
 * subject. */
#ifndef GT_NAME_H
#define GT_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/bytes.h"
#include "bytes/err.h"

/* A distinguished name: a sequence of attributes such as CN (commonName)
 * and O (organizationName). */
typedef struct gt_name {
    /* "CN=sensor-hub.local, O=glasstls demo": RFC 4514 escaping, but the
     * attributes in certificate order; cut with "..." if longer. */
    char text[256];
    /* The last (most specific) commonName as it is, or "" when there is
     * none, or it is not a plain string, holds control characters or does
     * not fit. */
    char cn[128];
    /* The raw Name DER inside gt_cert.der, for issuer == subject. */
    const uint8_t *der;
    size_t der_len;
} gt_name;

/* Reads one Name from r. `which` ("issuer", "subject") goes into the error
 * sentence. Malformed: GT_ERR_BAD_CERTIFICATE. */
gt_err gt_name_parse(gt_reader *r, gt_name *name, const char *which, gt_error *e);
/* RFC 5280 7.1 compares names after normalising their strings; glasstls
 * compares the DER bytes, which is exact for every CA that copies its own
 * subject into the certificates it issues (all of them, in practice). */
bool gt_name_equal(const gt_name *a, const gt_name *b);

/* An IP address literal as a host ("192.0.2.1", "2001:db8::1"): its bytes in
 * network order into ip, and their count, 4 or 16; 0 when host is a name.
 * SNI never carries one (RFC 6066 3), and one matches only an iPAddress
 * subjectAltName (RFC 6125 1.7.2, RFC 5280 4.2.1.6). */
size_t gt_ip_literal(const char *host, uint8_t ip[16]);

#endif
