/* crypto/ct: constant-time helpers of the crypto layer. Comparing a MAC or
 * Finished value (RFC 5246 7.4.9) with memcmp would stop at the first
 * differing byte and so tell an attacker, by timing, how many bytes it
 * guessed right; the premaster's decryption (RFC 5246 7.4.7.1) must not
 * branch on secret bytes either. */
#ifndef GT_CT_H
#define GT_CT_H

#include <stddef.h>
#include <stdint.h>

/* 1 when a and b hold the same n bytes, else 0; time depends only on n. */
int gt_ct_equal(const void *a, const void *b, size_t n);
/* 0xffffffff when a == b, else 0, without a branch. */
uint32_t gt_ct_eq_u32(uint32_t a, uint32_t b);
/* out[i] = mask ? a[i] : b[i] for each byte, without a branch (mask 0 or all ones). */
void gt_ct_select(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n, uint32_t mask);
/* Zeroes secrets in a way the compiler may not optimise away. */
void gt_wipe(void *p, size_t n);

#endif
