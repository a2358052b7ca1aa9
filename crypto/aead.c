/* crypto/aead: AES-128-GCM for the record layer (see aead.h).
 * Follows NIST SP 800-38D and RFC 5288 section 3 / RFC 5246 6.2.3.3: a 12-byte
 * nonce per record, additional data from the record header, a 16-byte tag. */
#include "crypto/aead.h"

#include "crypto/crypto.h"
#include "crypto/ct.h"

#include <stdlib.h>

gt_err gt_aead_init(gt_aead *a, const uint8_t key[GT_AES128_KEY_LEN])
{
    a->ready = 0;
    a->gcm = NULL;
    if (gt_crypto_init() != GT_OK)
        return GT_ERR_INTERNAL;
    int aes = find_cipher("aes");
    if (aes < 0 || !(a->gcm = malloc(sizeof *a->gcm)))
        return GT_ERR_INTERNAL;
    /* The AES key schedule and GCM's hash key H = AES_K(0^128) (with its
     * multiplication tables) depend only on the key, so they are computed
     * once here; every record then only resets the state and sets a nonce. */
    if (gcm_init(a->gcm, aes, key, GT_AES128_KEY_LEN) != CRYPT_OK) {
        gt_aead_wipe(a);
        return GT_ERR_INTERNAL;
    }
    a->ready = 1;
    return GT_OK;
}

/* The steps shared by seal and open, in the order GCM defines them: a fresh
 * counter from the nonce, then the additional data (authenticated, not
 * encrypted), then the text. libtomcrypt's direction flag says which of pt
 * and ct is the input. */
static gt_err gcm_run(gt_aead *a, const uint8_t nonce[GT_GCM_NONCE_LEN], const uint8_t *aad,
                      size_t aad_len, uint8_t *pt, uint8_t *ct, size_t len, int direction,
                      uint8_t tag[GT_GCM_TAG_LEN])
{
    unsigned long tag_len = GT_GCM_TAG_LEN;
    if (!a->ready || !a->gcm)
        return GT_ERR_USAGE;
    if (gcm_reset(a->gcm) != CRYPT_OK || gcm_add_iv(a->gcm, nonce, GT_GCM_NONCE_LEN) != CRYPT_OK)
        return GT_ERR_INTERNAL;
    /* Called even with no AAD and no text: each call moves the state on to
     * its next phase, which gcm_done expects to find. */
    if (gcm_add_aad(a->gcm, aad, aad_len) != CRYPT_OK)
        return GT_ERR_INTERNAL;
    if (gcm_process(a->gcm, pt, len, ct, direction) != CRYPT_OK)
        return GT_ERR_INTERNAL;
    if (gcm_done(a->gcm, tag, &tag_len) != CRYPT_OK || tag_len != GT_GCM_TAG_LEN)
        return GT_ERR_INTERNAL;
    return GT_OK;
}

gt_err gt_aead_seal(gt_aead *a, const uint8_t nonce[GT_GCM_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
                    uint8_t tag[GT_GCM_TAG_LEN])
{
    /* libtomcrypt's gcm_process takes pt without const; in the encrypt
     * direction it only reads it. */
    return gcm_run(a, nonce, aad, aad_len, (uint8_t *)pt, ct, len, GCM_ENCRYPT, tag);
}

gt_err gt_aead_open(gt_aead *a, const uint8_t nonce[GT_GCM_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *ct, size_t len,
                    const uint8_t tag[GT_GCM_TAG_LEN], uint8_t *pt)
{
    uint8_t expected[GT_GCM_TAG_LEN];
    /* Decrypting and recomputing the tag happen in one pass over ct (GCM
     * authenticates the ciphertext, so the order does not matter), and the
     * decrypt direction only reads ct. */
    gt_err err = gcm_run(a, nonce, aad, aad_len, pt, (uint8_t *)ct, len, GCM_DECRYPT, expected);
    if (err != GT_OK) {
        gt_wipe(pt, len);
        return err;
    }
    /* Compared in constant time: a memcmp that stops early would let an
     * attacker learn the right tag byte by byte from the time we take. */
    int ok = gt_ct_equal(expected, tag, GT_GCM_TAG_LEN);
    gt_wipe(expected, sizeof expected);
    if (!ok) {
        /* The text was already decrypted into pt; it must not be used, so it
         * is erased before anyone can look at it (RFC 5116 section 2.2). */
        gt_wipe(pt, len);
        return GT_ERR_BAD_RECORD_MAC;
    }
    return GT_OK;
}

void gt_aead_wipe(gt_aead *a)
{
    if (a->gcm) {
        gt_wipe(a->gcm, sizeof *a->gcm); /* the key schedule and H's table */
        free(a->gcm);
    }
    gt_wipe(a, sizeof *a);
}
