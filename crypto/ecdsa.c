/* crypto/ecdsa: the crypto layer under lesson step 3: ECDSA verification on
 * P-256 and P-384 over libtomcrypt's ecc (see ecdsa.h; RFC 5758 3.2, SEC 1
 * 4.1.4). libtomcrypt imports any pair of numbers as a point, so the
 * curve equation is checked here: a point off the curve is an attack
 * (invalid-curve attacks), not a key. */
#include "crypto/ecdsa.h"

#include <stdbool.h>
#include <string.h>

#include <tommath.h>

/* The libtomcrypt domain parameters of the NIST curve of this size. */
static const ltc_ecc_set_type *curve_of_size(size_t bytes)
{
    for (int i = 0; ltc_ecc_sets[i].size != 0; i++)
        if ((size_t)ltc_ecc_sets[i].size == bytes)
            return &ltc_ecc_sets[i];
    return NULL;
}

/* SEC 1 3.2.2.1: 0 <= x, y < p and y^2 = x^3 - 3x + b (mod p). */
static bool on_curve(const ltc_ecc_set_type *dp, mp_int *x, mp_int *y)
{
    mp_int p, b, lhs, rhs, t;
    bool ok = false;
    if (mp_init_multi(&p, &b, &lhs, &rhs, &t, NULL) != MP_OKAY)
        return false;
    if (mp_read_radix(&p, dp->prime, 16) != MP_OKAY || mp_read_radix(&b, dp->B, 16) != MP_OKAY)
        goto done;
    if (mp_cmp(x, &p) != MP_LT || mp_cmp(y, &p) != MP_LT || mp_isneg(x) || mp_isneg(y))
        goto done;
    ok = mp_sqrmod(y, &p, &lhs) == MP_OKAY &&       /* y^2 */
         mp_sqrmod(x, &p, &rhs) == MP_OKAY &&       /* x^2 */
         mp_mulmod(&rhs, x, &p, &rhs) == MP_OKAY && /* x^3 */
         mp_mul_d(x, 3, &t) == MP_OKAY &&           /* 3x */
         mp_sub(&rhs, &t, &rhs) == MP_OKAY && mp_add(&rhs, &b, &rhs) == MP_OKAY &&
         mp_mod(&rhs, &p, &rhs) == MP_OKAY && mp_cmp(&lhs, &rhs) == MP_EQ;
done:
    mp_clear_multi(&p, &b, &lhs, &rhs, &t, NULL);
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
