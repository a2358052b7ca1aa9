/* crypto/ecdsa: the crypto layer under lesson step 3: ECDSA verification on
 * P-256 and P-384 over libtomcrypt's ecc (see ecdsa.h; RFC 5758 3.2, SEC 1
 * 4.1.4). libtomcrypt imports any pair of numbers as a point, so the
 * curve equation is checked here: a point off the curve is an attack
 * (invalid-curve attacks), not a key. */
#include "crypto/ecdsa.h"

#include <stdbool.h>
#include <string.h>

/* The libtomcrypt domain parameters of the NIST curve of this size. */
static const ltc_ecc_set_type *curve_of_size(size_t bytes)
{
    for (int i = 0; ltc_ecc_sets[i].size != 0; i++)
        if ((size_t)ltc_ecc_sets[i].size == bytes)
            return &ltc_ecc_sets[i];
    return NULL;
}

/* SEC 1 3.2.2.1: 0 <= x, y < p and y^2 = x^3 - 3x + b (mod p). The numbers
 * belong to whichever big-number library libtomcrypt was pointed at
 * (gt_crypto_use_math: libtommath or GMP), so the arithmetic goes through
 * its descriptor ltc_mp, never straight to libtommath. addmod and submod
 * reduce into [0, p) under both libraries (a plain remainder may not). */
static bool on_curve(const ltc_ecc_set_type *dp, void *x, void *y)
{
    void *p, *b, *lhs, *rhs, *t;
    bool ok = false;
    if (ltc_init_multi(&p, &b, &lhs, &rhs, &t, NULL) != CRYPT_OK)
        return false;
    if (ltc_mp.read_radix(p, dp->prime, 16) != CRYPT_OK ||
        ltc_mp.read_radix(b, dp->B, 16) != CRYPT_OK)
        goto done;
    if (ltc_mp.compare(x, p) != LTC_MP_LT || ltc_mp.compare(y, p) != LTC_MP_LT ||
        ltc_mp.compare_d(x, 0) == LTC_MP_LT || ltc_mp.compare_d(y, 0) == LTC_MP_LT)
        goto done;
    ok = ltc_mp.sqrmod(y, p, lhs) == CRYPT_OK &&      /* y^2 */
         ltc_mp.sqrmod(x, p, rhs) == CRYPT_OK &&      /* x^2 */
         ltc_mp.mulmod(rhs, x, p, rhs) == CRYPT_OK && /* x^3 */
         ltc_mp.muli(x, 3, t) == CRYPT_OK &&          /* 3x */
         ltc_mp.submod(rhs, t, p, rhs) == CRYPT_OK && /* x^3 - 3x */
         ltc_mp.addmod(rhs, b, p, rhs) == CRYPT_OK && /* + b */
         ltc_mp.compare(lhs, rhs) == LTC_MP_EQ;
done:
    ltc_deinit_multi(p, b, lhs, rhs, t, NULL);
    return ok;
}

gt_err gt_ecdsa_public_from_point(ecc_key *key, size_t curve_bytes, const uint8_t *point,
                                  size_t len)
{
    const ltc_ecc_set_type *dp = curve_of_size(curve_bytes);
    memset(key, 0, sizeof *key);
    if (!dp)
        return GT_ERR_UNSUPPORTED_CERTIFICATE;
    /* Only the uncompressed form: RFC 5480 2.2 says it MUST be supported,
     * and compressed points are rare in certificates. */
    if (len != 1 + 2 * curve_bytes || point[0] != 0x04)
        return GT_ERR_BAD_CERTIFICATE;
    if (ecc_ansi_x963_import_ex(point, len, key, (ltc_ecc_set_type *)dp) != CRYPT_OK) {
        memset(key, 0, sizeof *key);
        return GT_ERR_BAD_CERTIFICATE;
    }
    if (!on_curve(dp, key->pubkey.x, key->pubkey.y)) {
        ecc_free(key);
        memset(key, 0, sizeof *key);
        return GT_ERR_BAD_CERTIFICATE;
    }
    return GT_OK;
}

gt_err gt_ecdsa_verify(const ecc_key *key, const uint8_t *digest, size_t digest_len,
                       const uint8_t *sig, size_t sig_len)
{
    int stat = 0;
    /* libtomcrypt takes the leftmost bits of a digest longer than the
     * curve's order, as FIPS 186-4 6.4 says; r and s must be in [1, n-1]. */
    if (ecc_verify_hash(sig, sig_len, digest, digest_len, &stat, (ecc_key *)key) != CRYPT_OK)
        return GT_ERR_DECRYPT;
    return stat == 1 ? GT_OK : GT_ERR_DECRYPT;
}
