/* crypto/: the crypto layer: thin, readable wrappers over libtomcrypt and
 * libtommath, holding exactly the primitives TLS 1.2 with
 * TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5246, RFC 5288) needs.
 * gt_crypto_init() must run once before anything else here: it tells
 * libtomcrypt which big-number library to use (libtommath unless
 * gt_crypto_use_math says otherwise) and registers AES and SHA-2. */
#ifndef GT_CRYPTO_H
#define GT_CRYPTO_H

#include <stdbool.h>

#include "bytes/err.h"

/* Idempotent and thread-safe enough for our use (called before threads start). */
gt_err gt_crypto_init(void);

/* The big-number library behind RSA. libtommath (the default) is small,
 * portable and what the lesson's stack is built on. GMP is faster at RSA but
 * makes no promise of constant-time arithmetic (its mpz_powm may take a time
 * that depends on the private exponent); see docs/performance.md. */
typedef enum gt_math { GT_MATH_LTM = 0, GT_MATH_GMP = 1 } gt_math;

/* Switches the backend. Every big number (rsa_key, certificate keys) made
 * under one backend belongs to it: call this before any key is loaded, or
 * after all of them are freed. GT_ERR_USAGE for an unknown value. */
gt_err gt_crypto_use_math(gt_math m);
gt_math gt_crypto_math(void);
const char *gt_math_name(gt_math m); /* "ltm" / "gmp" */
/* "ltm" or "gmp" into *m; false for anything else. */
bool gt_math_parse(const char *s, gt_math *m);

#endif
