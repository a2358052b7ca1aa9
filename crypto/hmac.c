/* crypto/hmac: HMAC-SHA256 (RFC 2104, with SHA-256 as in RFC 4231), the
 * crypto layer's keyed hash from which the TLS 1.2 PRF (RFC 5246 section 5)
 * is built. libtomcrypt computes it; this file adapts it to our types. */
#include "crypto/hmac.h"

#include <string.h>

#include "crypto/crypto.h"
#include "crypto/ct.h"

/* RFC 2104: HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), where K' is K
 * padded with zeros to SHA-256's 64-byte block (or hashed first if longer),
 * ipad is 0x36 repeated and opad 0x5c repeated. */
void gt_hmac_sha256_2(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
                      const uint8_t *b, size_t b_len, uint8_t out[GT_SHA256_LEN])
{
    /* libtomcrypt refuses an empty key, but HMAC defines one: it is padded
     * with zeros to the block size, exactly like the one-byte key 0x00. */
    static const uint8_t zero_key[1] = {0};
    if (key_len == 0) {
        key = zero_key;
        key_len = 1;
    }

    int sha256 = find_hash("sha256");
    if (sha256 < 0) { /* gt_crypto_init() was not called yet: do it now */
        gt_crypto_init();
        sha256 = find_hash("sha256");
    }

    hmac_state st;
    unsigned long out_len = GT_SHA256_LEN;
    int ok = hmac_init(&st, sha256, key, (unsigned long)key_len) == CRYPT_OK;
    /* Feeding a and then b is the same as feeding a || b: the hash only sees
     * a stream of bytes. libtomcrypt rejects NULL even for zero bytes. */
    if (ok && a_len > 0)
        ok = hmac_process(&st, a, (unsigned long)a_len) == CRYPT_OK;
    if (ok && b_len > 0)
        ok = hmac_process(&st, b, (unsigned long)b_len) == CRYPT_OK;
    if (ok)
        ok = hmac_done(&st, out, &out_len) == CRYPT_OK;
    if (!ok) {
        /* Only possible if libtomcrypt has no SHA-256, which gt_crypto_init
         * registers. Never hand back a half-computed MAC. */
        memset(out, 0, GT_SHA256_LEN);
    }
    /* The state holds the padded key. */
    gt_wipe(&st, sizeof st);
}

void gt_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                    uint8_t out[GT_SHA256_LEN])
{
    gt_hmac_sha256_2(key, key_len, msg, msg_len, NULL, 0, out);
}
