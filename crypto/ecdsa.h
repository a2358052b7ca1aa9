/* crypto/ecdsa: crypto layer, used by lesson step 3: verification of ECDSA
 * signatures (FIPS 186-4 6.4, SEC 1 4.1.4) on the NIST curves P-256 and
 * P-384, for certificates signed with ecdsa-with-SHA256/384 (RFC 5758 3.2). Keys come from a
 * certificate's subjectPublicKey: an uncompressed point 04 || X || Y (SEC 1 2.3.3). */
#ifndef GT_ECDSA_H
#define GT_ECDSA_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"

/* curve_bytes is 32 (P-256) or 48 (P-384). The point must be uncompressed
 * and lie on the curve: GT_ERR_BAD_CERTIFICATE otherwise. Free with ecc_free. */
gt_err gt_ecdsa_public_from_point(ecc_key *key, size_t curve_bytes, const uint8_t *point,
                                  size_t len);
/* Verifies sig, a DER Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER }
 * (RFC 3279 2.2.3), over digest. libtomcrypt's decoder is lenient, so the
 * caller checks the encoding is strict DER first (x509/verify.c does). GT_OK when valid,
 * GT_ERR_DECRYPT when not. */
gt_err gt_ecdsa_verify(const ecc_key *key, const uint8_t *digest, size_t digest_len,
                       const uint8_t *sig, size_t sig_len);

#endif
