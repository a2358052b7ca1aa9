/* crypto/: the crypto layer: thin, readable wrappers over libtomcrypt and
 * libtommath, holding exactly the primitives TLS 1.2 with
 * TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5246, RFC 5288) needs.
 * gt_crypto_init() must run once before anything else here: it tells
 * libtomcrypt to use libtommath (ltc_mp = ltm_desc) and registers AES and SHA-2. */
#ifndef GT_CRYPTO_H
#define GT_CRYPTO_H

#include "bytes/err.h"

/* Idempotent and thread-safe enough for our use (called before threads start). */
gt_err gt_crypto_init(void);

#endif
