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

/* libtomcrypt's gcm_state carries GCM's multiplication table (64 KiB, built
 * from the key once). It lives on the heap, allocated by gt_aead_init and
 * freed by gt_aead_wipe, so that a connection that has not yet switched on
 * encryption (and struct gt_conn itself) stays small; docs/performance.md. */
typedef struct gt_aead {
    gcm_state *gcm;
    int ready;
} gt_aead;

/* a need not be initialised; a state it held before must have been released
 * with gt_aead_wipe. GT_ERR_INTERNAL also when out of memory. */
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
/* Erases and frees the key state; a is then as if zeroed. Safe on a zeroed
 * or already wiped gt_aead. */
void gt_aead_wipe(gt_aead *a);

#endif
