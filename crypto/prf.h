/* crypto/prf: the TLS 1.2 pseudorandom function, RFC 5246 section 5:
 *   PRF(secret, label, seed) = P_SHA256(secret, label + seed)
 *   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
 *   A(0) = seed, A(i) = HMAC(secret, A(i-1))
 * It is written out in prf.c because it is one of the lesson's key ideas:
 * a small secret stretched into as many key bytes as needed, in lesson
 * step 4 (master secret, key block) and step 5 (Finished). */
#ifndef GT_PRF_H
#define GT_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"

/* label is an ASCII string without its terminating NUL (e.g. "master secret").
 * GT_ERR_USAGE if label+seed is longer than 256 bytes. */
gt_err gt_prf_sha256(const uint8_t *secret, size_t secret_len, const char *label,
                     const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len);

#endif
