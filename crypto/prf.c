/* crypto/prf: the TLS 1.2 pseudorandom function, RFC 5246 section 5, written
 * out step by step. From one secret it makes as many bytes as asked: 48 for
 * the master secret (RFC 5246 8.1), 40 for our key block (6.3), 12 for the
 * verify_data of Finished (7.4.9). */
#include "crypto/prf.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/hmac.h"

/* label + seed is at most this long; TLS 1.2 needs at most
 * "extended master secret" (22) + a 32-byte hash, or a label + two 32-byte randoms. */
#define PRF_MAX_LABEL_SEED 256

/* RFC 5246 section 5:
 *   "P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                           HMAC_hash(secret, A(2) + seed) +
 *                           HMAC_hash(secret, A(3) + seed) + ...
 *    where + indicates concatenation.
 *    A() is defined as:
 *       A(0) = seed
 *       A(i) = HMAC_hash(secret, A(i-1))"
 * "P_hash can be iterated as many times as necessary to produce the required
 *  quantity of data", and the last block is cut to what is needed. */
static void p_sha256(const uint8_t *secret, size_t secret_len, const uint8_t *seed, size_t seed_len,
                     uint8_t *out, size_t out_len)
{
    uint8_t a[GT_SHA256_LEN];     /* A(i) */
    uint8_t block[GT_SHA256_LEN]; /* HMAC_hash(secret, A(i) + seed) */

    gt_hmac_sha256(secret, secret_len, seed, seed_len, a); /* A(1) = HMAC(secret, A(0)) */
    while (out_len > 0) {
        gt_hmac_sha256_2(secret, secret_len, a, sizeof a, seed, seed_len, block);
        size_t take = out_len < sizeof block ? out_len : sizeof block;
        memcpy(out, block, take);
        out += take;
        out_len -= take;
        gt_hmac_sha256(secret, secret_len, a, sizeof a, a); /* A(i+1) = HMAC(secret, A(i)) */
    }
    /* Both are derived from the secret: a reader of memory must not find them. */
    gt_wipe(a, sizeof a);
    gt_wipe(block, sizeof block);
}

/* RFC 5246 section 5:
 *   "PRF(secret, label, seed) = P_<hash>(secret, label + seed)"
 * and for every TLS 1.2 cipher suite of RFC 5246 (and RFC 5288's
 * AES_128_GCM_SHA256) the hash is SHA-256. The label is the ASCII text
 * without a length byte or a trailing NUL. */
gt_err gt_prf_sha256(const uint8_t *secret, size_t secret_len, const char *label,
                     const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
    uint8_t label_seed[PRF_MAX_LABEL_SEED];
    size_t label_len = label ? strlen(label) : 0;
    if (label_len > sizeof label_seed || seed_len > sizeof label_seed - label_len)
        return GT_ERR_USAGE;
    if ((seed_len > 0 && !seed) || (out_len > 0 && !out))
        return GT_ERR_USAGE;

    if (label_len > 0)
        memcpy(label_seed, label, label_len);
    if (seed_len > 0)
        memcpy(label_seed + label_len, seed, seed_len);
    p_sha256(secret, secret_len, label_seed, label_len + seed_len, out, out_len);
    return GT_OK;
}
