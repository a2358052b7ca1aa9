/* crypto/: start-up of the crypto layer (see crypto.h). libtomcrypt keeps a
 * table of ciphers and hashes and a pointer to its big-number library; both
 * must be filled in before RSA (RFC 8017), AES-GCM (RFC 5288) or HMAC
 * (RFC 2104) can be used. */

/* Debian's libtomcrypt is built with GMP_DESC and exports gmp_desc; the
 * header declares it only when asked. No GMP header is needed for that. */
#define GMP_DESC
#include "crypto/crypto.h"

#include <string.h>

#include <tomcrypt.h>

static bool crypto_ready;
static gt_math math_in_use = GT_MATH_LTM;

gt_err gt_crypto_init(void)
{
    if (crypto_ready)
        return GT_OK;

    /* libtomcrypt does RSA arithmetic through a table of function pointers;
     * point it at libtommath (we build with -DUSE_LTM -DLTM_DESC). */
    ltc_mp = ltm_desc;
    math_in_use = GT_MATH_LTM;

    /* find_cipher("aes") and find_hash("sha256") only see registered
     * algorithms. register_* returns the existing slot when called again, so
     * this function may run any number of times. */
    if (register_cipher(&aes_desc) < 0)
        return GT_ERR_INTERNAL;
    if (register_hash(&sha1_desc) < 0 || register_hash(&sha256_desc) < 0 ||
        register_hash(&sha384_desc) < 0 || register_hash(&sha512_desc) < 0)
        return GT_ERR_INTERNAL;

    crypto_ready = true;
    return GT_OK;
}

gt_err gt_crypto_use_math(gt_math m)
{
    gt_err rc = gt_crypto_init();
    if (rc != GT_OK)
        return rc;
    switch (m) {
    case GT_MATH_LTM: ltc_mp = ltm_desc; break;
    case GT_MATH_GMP: ltc_mp = gmp_desc; break;
    default: return GT_ERR_USAGE;
    }
    math_in_use = m;
    return GT_OK;
}

gt_math gt_crypto_math(void) { return math_in_use; }

const char *gt_math_name(gt_math m) { return m == GT_MATH_GMP ? "gmp" : "ltm"; }

bool gt_math_parse(const char *s, gt_math *m)
{
    if (s && !strcmp(s, "ltm"))
        *m = GT_MATH_LTM;
    else if (s && !strcmp(s, "gmp"))
        *m = GT_MATH_GMP;
    else
        return false;
    return true;
}
