/* Exercise 4, behind lesson steps 4 and 5: the TLS 1.2 pseudorandom function,
 * which turns the premaster secret into the master secret, the master secret
 * into the record keys, and the handshake into the Finished verify_data.
 * Your file replaces gt_prf_sha256 of crypto/prf.c. Read
 * exercises/4-prf/README.md first. Check with:
 *     make exercise EX=prf */
#include <string.h>

#include "crypto/hmac.h"
#include "crypto/prf.h"

/* RFC 5246 section 5:
 *   PRF(secret, label, seed) = P_SHA256(secret, label + seed)
 *   P_SHA256(secret, seed) = HMAC_SHA256(secret, A(1) + seed) +
 *                            HMAC_SHA256(secret, A(2) + seed) + ...
 *   A(0) = seed,  A(i) = HMAC_SHA256(secret, A(i-1))
 * label is ASCII without its NUL. Write exactly out_len bytes to out (cut
 * the last 32-byte block) and return GT_OK; return GT_ERR_USAGE when label
 * and seed together are longer than 256 bytes.
 * crypto/hmac.h has gt_hmac_sha256 (one message) and gt_hmac_sha256_2 (two
 * pieces, hashed as if joined). */
gt_err gt_prf_sha256(const uint8_t *secret, size_t secret_len, const char *label,
                     const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
    /* Your code here. */
    (void)secret;
    (void)secret_len;
    (void)label;
    (void)seed;
    (void)seed_len;
    (void)out;
    (void)out_len;
    return GT_ERR_INTERNAL;
}
