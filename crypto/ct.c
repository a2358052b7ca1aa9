/* crypto/ct: constant-time helpers (see ct.h). Layer: crypto/, used by the
 * record layer (GCM tag check), Finished (RFC 5246 7.4.9) and the RSA
 * premaster decryption (RFC 5246 7.4.7.1). */
#include "crypto/ct.h"

int gt_ct_equal(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    /* OR together the XOR of every pair: any difference leaves a bit set.
     * Every byte is looked at, whatever the first difference is, so the time
     * taken depends only on n, never on where a and b differ. */
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (uint8_t)(x[i] ^ y[i]);
    return (int)(gt_ct_eq_u32(diff, 0) & 1);
}

uint32_t gt_ct_eq_u32(uint32_t a, uint32_t b)
{
    uint32_t x = a ^ b; /* 0 exactly when a == b */
    /* For x != 0, x or its negation has the top bit set, so (x | -x) >> 31 is
     * 1 when a != b and 0 when a == b. Turn that bit into a mask by
     * subtracting from zero: 0 - 1 is all ones. */
    uint32_t differ = (x | (0u - x)) >> 31;
    return 0u - (differ ^ 1u);
}

void gt_ct_select(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n, uint32_t mask)
{
    /* Both inputs are read for every byte; the mask decides which one
     * survives, so no branch and no memory access depends on the mask.
     * out may be the same buffer as a or b: each byte is read before written. */
    uint8_t m = (uint8_t)mask;
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)((a[i] & m) | (b[i] & (uint8_t)~m));
}

void gt_wipe(void *p, size_t n)
{
    /* A plain memset on a buffer that is never read again is "dead" and the
     * compiler may remove it. Writing through a volatile pointer forces every
     * store to happen. The stores are 8 bytes wide where the buffer is
     * aligned for it: a connection wipes its AES-GCM tables (64 KiB per
     * direction) and record buffers, and byte stores would make that a
     * noticeable part of a handshake (docs/performance.md). */
    volatile uint8_t *v = p;
    size_t i = 0;
    for (; i < n && ((uintptr_t)(v + i) & 7) != 0; i++)
        v[i] = 0;
    volatile uint64_t *w = (volatile uint64_t *)(void *)(v + i);
    for (; i + 8 <= n; i += 8)
        *w++ = 0;
    for (; i < n; i++)
        v[i] = 0;
}
