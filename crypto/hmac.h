/* crypto/hmac: HMAC-SHA256 (RFC 2104), in the crypto layer the building block
 * of the TLS 1.2 PRF (RFC 5246 section 5), and so of every key of lesson
 * steps 4 and 5. */
#ifndef GT_HMAC_H
#define GT_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/sha256.h"

void gt_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                    uint8_t out[GT_SHA256_LEN]);
/* HMAC over the concatenation a || b, without copying them together. */
void gt_hmac_sha256_2(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
                      const uint8_t *b, size_t b_len, uint8_t out[GT_SHA256_LEN]);

#endif
