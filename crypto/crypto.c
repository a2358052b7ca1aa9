/* crypto/: start-up of the crypto layer (see crypto.h). libtomcrypt keeps a
 * table of ciphers and hashes and a pointer to its big-number library; both
 * must be filled in before RSA (RFC 8017), AES-GCM (RFC 5288) or HMAC
 * (RFC 2104) can be used. */
#include "crypto/crypto.h"

#include <stdbool.h>

#include <tomcrypt.h>

static bool crypto_ready;

gt_err gt_crypto_init(void)
{
    if (crypto_ready)
        return GT_OK;

    /* libtomcrypt does RSA arithmetic through a table of function pointers;
     * point it at libtommath (we build with -DUSE_LTM -DLTM_DESC). */
    ltc_mp = ltm_desc;

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
