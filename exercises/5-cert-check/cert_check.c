/* Exercise 5, lesson step 3, "Client verifies Certificate": two of the
 * questions behind "Certificate valid?": is it valid now, and is it for the
 * host we wanted? Your file replaces gt_cert_valid_at and
 * gt_cert_matches_host of x509/verify.c; the rest of the verification
 * (signatures, the path to a trusted root) stays glasstls's.
 * Read exercises/5-cert-check/README.md first. Check with:
 *     make exercise EX=cert-check */
#include <string.h>
#include <strings.h>

#include "x509/cert.h"
#include "x509/verify.h"

/* RFC 5280 4.1.2.5: "The validity period for a certificate is the period of
 * time from notBefore through notAfter, inclusive." c->not_before and
 * c->not_after are unix seconds, like now. */
bool gt_cert_valid_at(const gt_cert *c, int64_t now)
{
    /* Your code here. */
    (void)c;
    (void)now;
    return false;
}

/* RFC 6125 6.4: does the certificate name this host? The rule glasstls
 * follows is in x509/verify.h, above gt_cert_matches_host; read it there.
 * The names are c->dns[0 .. c->n_dns-1] (subjectAltName dNSName) and, only
 * when there is none, c->subject.cn. host may be NULL (no match). */
bool gt_cert_matches_host(const gt_cert *c, const char *host)
{
    /* Your code here. */
    (void)c;
    (void)host;
    return false;
}
