/* crypto/aead: AES-128-GCM (NIST SP 800-38D) as the TLS 1.2 record layer uses
 * it (RFC 5288): 12-byte nonce, 16-byte tag. One gt_aead per direction: the
 * key schedule is set up once and only the nonce changes per record. */
#ifndef GT_AEAD_H
#define GT_AEAD_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"

#define GT_AES128_KEY_LEN 16
#define GT_GCM_NONCE_LEN  12
#define GT_GCM_TAG_LEN    16

typedef struct gt_aead {
    gcm_state gcm;
    int ready;
} gt_aead;

gt_err gt_aead_init(gt_aead *a, const uint8_t key[GT_AES128_KEY_LEN]);
/* ct may equal pt (in place). */
gt_err gt_aead_seal(gt_aead *a, const uint8_t nonce[GT_GCM_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
                    uint8_t tag[GT_GCM_TAG_LEN]);
/* pt may equal ct (in place). On a wrong tag returns GT_ERR_BAD_RECORD_MAC and
 * zeroes pt: no unauthenticated plaintext ever leaves this function. */
gt_err gt_aead_open(gt_aead *a, const uint8_t nonce[GT_GCM_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *ct, size_t len,
                    const uint8_t tag[GT_GCM_TAG_LEN], uint8_t *pt);
void gt_aead_wipe(gt_aead *a);

#endif
