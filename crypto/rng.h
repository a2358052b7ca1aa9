/* crypto/rng: where every random byte of lesson steps 1 to 4 comes from.
 * Two kinds: the operating system's RNG (the default), and a seeded
 * deterministic generator that makes a demo run byte-for-byte repeatable.
 * The seeded one is NOT SECURE: anyone who knows the seed knows every key
 * (RFC 4086 explains why TLS needs real randomness). */
#ifndef GT_RNG_H
#define GT_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"

typedef struct gt_rng {
    bool deterministic; /* true: seeded, NOT SECURE */
    uint64_t seed;
    uint8_t key[32];   /* deterministic state: SHA-256(seed) ... */
    uint64_t counter;  /* ... hashed with a block counter */
    uint8_t block[32]; /* unread output of the last block */
    size_t block_left;
} gt_rng;

void gt_rng_init_os(gt_rng *r);
void gt_rng_init_seeded(gt_rng *r, uint64_t seed); /* NOT SECURE */
/* Fills out with n random bytes. GT_ERR_INTERNAL if the OS RNG fails. */
gt_err gt_rng_bytes(gt_rng *r, uint8_t *out, size_t n);
/* Random non-zero bytes (PKCS#1 v1.5 padding string PS). */
gt_err gt_rng_nonzero_bytes(gt_rng *r, uint8_t *out, size_t n);

#endif
