/* handshake/key_encrypt: lesson step 4a, "Client sends encrypted session key".
 * The lesson's "session key" is really the premaster secret: 48 bytes, the
 * client's version then 46 random bytes (RFC 5246 7.4.7.1), encrypted with
 * the RSA public key from the server's verified certificate (RSAES-PKCS1-v1_5)
 * and sent in ClientKeyExchange. Only the holder of the private key can read
 * it, which is why step 3 had to come first. */
#ifndef GT_KEY_ENCRYPT_H
#define GT_KEY_ENCRYPT_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"
#include "crypto/rng.h"

/* premaster = client_version (2 bytes) || 46 random bytes. */
gt_err gt_premaster_generate(gt_rng *rng, uint16_t client_version, uint8_t premaster[48]);

struct gt_conn;
/* Generates the premaster and encrypts it to the server's key (end of step 3). */
gt_err gt_premaster_generate_encrypt(struct gt_conn *c);
/* Sends ClientKeyExchange (step 4). */
gt_err gt_send_client_key_exchange(struct gt_conn *c);

#endif
