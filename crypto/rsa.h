/* crypto/rsa: RSA with PKCS#1 v1.5 (RFC 8017) for lesson steps 3 and 4:
 * encryption of the premaster secret (RFC 5246 7.4.7.1) and signature
 * verification for certificates. The padding is written out here (not left to
 * libtomcrypt) so it can be read, and so the decryption's padding check runs
 * without branching on secret data. */
#ifndef GT_RSA_H
#define GT_RSA_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"
#include "crypto/rng.h"

/* The largest modulus we accept: 8192 bits. Keys are refused above it, so every
 * buffer here has a known size. */
#define GT_RSA_MAX_MODULUS_BYTES 1024

/* An RSAPublicKey (RFC 8017 A.1.1) DER, as found in a certificate's
 * subjectPublicKey BIT STRING. */
gt_err gt_rsa_public_from_der(rsa_key *key, const uint8_t *der, size_t len);
/* An RSAPrivateKey (PKCS#1, "BEGIN RSA PRIVATE KEY") or a PKCS#8
 * PrivateKeyInfo holding one ("BEGIN PRIVATE KEY"), as DER. */
gt_err gt_rsa_private_from_der(rsa_key *key, const uint8_t *der, size_t len);
void gt_rsa_free(rsa_key *key);
size_t gt_rsa_modulus_bytes(const rsa_key *key); /* k, the length of a ciphertext */
unsigned gt_rsa_modulus_bits(const rsa_key *key);

/* RSAES-PKCS1-v1_5 encryption (RFC 8017 7.2.1): EM = 0x00 || 0x02 || PS || 0x00 || M,
 * PS at least 8 random non-zero bytes. out must hold gt_rsa_modulus_bytes(key). */
gt_err gt_rsa_pkcs1_encrypt(const rsa_key *pub, gt_rng *rng, const uint8_t *msg, size_t msg_len,
                            uint8_t *out, size_t *out_len);
/* The same with the padding string PS given by the caller instead of drawn
 * from an RNG: ps_len must be k - msg_len - 3 and PS must hold no zero byte.
 * For known-answer tests (RSA Labs' vectors publish PS as "seed") and for
 * exercises; gt_rsa_pkcs1_encrypt calls it. */
gt_err gt_rsa_pkcs1_encrypt_with_ps(const rsa_key *pub, const uint8_t *ps, size_t ps_len,
                                    const uint8_t *msg, size_t msg_len, uint8_t *out,
                                    size_t *out_len);

/* RSAES-PKCS1-v1_5 decryption of a message whose length the caller knows in
 * advance (the 48-byte premaster). Always writes expected_len bytes to out and
 * returns a mask: 0xffffffff when the padding was well formed and the message
 * has exactly expected_len bytes, 0 otherwise. It does not branch on the
 * decrypted bytes, so its timing does not tell which case happened. A
 * ciphertext of the wrong length or a library failure also gives 0. */
uint32_t gt_rsa_pkcs1_decrypt_fixed(const rsa_key *priv, const uint8_t *ct, size_t ct_len,
                                    uint8_t *out, size_t expected_len);

/* Hash algorithms a certificate signature may use. */
typedef enum gt_hash_alg {
    GT_HASH_SHA1,
    GT_HASH_SHA256,
    GT_HASH_SHA384,
    GT_HASH_SHA512
} gt_hash_alg;

/* RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2) of sig over a message digest.
 * GT_OK when valid, GT_ERR_DECRYPT when not. */
gt_err gt_rsa_pkcs1_verify(const rsa_key *pub, gt_hash_alg alg, const uint8_t *digest,
                           size_t digest_len, const uint8_t *sig, size_t sig_len);
/* Signing, used only to build test material and by the server side of a future
 * ECDHE_RSA suite. */
gt_err gt_rsa_pkcs1_sign(const rsa_key *priv, gt_hash_alg alg, const uint8_t *digest,
                         size_t digest_len, uint8_t *sig, size_t *sig_len);

#endif
