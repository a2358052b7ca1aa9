/* handshake/keys: the end of lesson step 4: from the premaster secret to the
 * keys that protect records. RFC 5246 section 8.1 (master secret), RFC 7627
 * section 4 (extended master secret, bound to the whole handshake through
 * session_hash) and RFC 5246 section 6.3 (key block). For
 * TLS_RSA_WITH_AES_128_GCM_SHA256 the key block is 40 bytes: two 16-byte AES
 * keys and two 4-byte implicit nonces. */
#ifndef GT_KEYS_H
#define GT_KEYS_H

#include <stdint.h>

#include "bytes/err.h"

#define GT_PREMASTER_LEN 48
#define GT_MASTER_LEN    48
#define GT_RANDOM_LEN    32

/* master_secret = PRF(pre_master_secret, "master secret",
 *                     ClientHello.random + ServerHello.random)[0..47] */
gt_err gt_master_secret(const uint8_t premaster[GT_PREMASTER_LEN],
                        const uint8_t client_random[GT_RANDOM_LEN],
                        const uint8_t server_random[GT_RANDOM_LEN], uint8_t master[GT_MASTER_LEN]);

/* master_secret = PRF(pre_master_secret, "extended master secret",
 *                     session_hash)[0..47]
 * session_hash: the transcript hash up to and including ClientKeyExchange. */
gt_err gt_extended_master_secret(const uint8_t premaster[GT_PREMASTER_LEN],
                                 const uint8_t session_hash[32], uint8_t master[GT_MASTER_LEN]);

typedef struct gt_key_block {
    uint8_t client_write_key[16];
    uint8_t server_write_key[16];
    uint8_t client_write_iv[4]; /* the implicit "salt" of the GCM nonce */
    uint8_t server_write_iv[4];
} gt_key_block;

/* key_block = PRF(master_secret, "key expansion",
 *                 server_random + client_random), cut in the order above. */
gt_err gt_key_block_derive(const uint8_t master[GT_MASTER_LEN],
                           const uint8_t client_random[GT_RANDOM_LEN],
                           const uint8_t server_random[GT_RANDOM_LEN], gt_key_block *kb);

struct gt_conn;
/* Connection step: master secret and key block from the premaster (both sides). */
gt_err gt_derive_keys(struct gt_conn *c);

#endif
