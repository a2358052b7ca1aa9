/* handshake/key_decrypt: lesson step 4b, "Server decrypts Key".
 * The server decrypts the ClientKeyExchange with its RSA private key
 * (RFC 5246 7.4.7.1). It must not reveal whether the padding or the version
 * inside was wrong (Bleichenbacher's attack, and ROBOT twenty years later):
 * on any failure it carries on with a random premaster, and the handshake
 * then fails at Finished exactly as it would for a wrong key. */
#ifndef GT_KEY_DECRYPT_H
#define GT_KEY_DECRYPT_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"
#include "crypto/rng.h"

struct gt_conn;

/* The countermeasure of RFC 5246 7.4.7.1, without branches on secret data:
 *   R = 48 random bytes;  M = decrypt(enc);
 *   premaster = (padding ok && len(M) == 48 && M[0..1] == client_version) ? M : R
 * client_version is the version the client offered in its ClientHello.
 * GT_ERR_INTERNAL only when the RNG fails; a bad ciphertext is never an error here. */
gt_err gt_premaster_decrypt(const rsa_key *priv, gt_rng *rng, const uint8_t *enc, size_t enc_len,
                            uint16_t client_version, uint8_t premaster[48]);

/* Connection step: receive ClientKeyExchange and recover the premaster. */
gt_err gt_recv_client_key_exchange(struct gt_conn *c);

#endif
