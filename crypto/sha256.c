/* crypto/sha256: SHA-256 (FIPS 180-4) and the handshake transcript hash that
 * every lesson step's messages feed (RFC 5246 7.4.9 Finished; RFC 7627
 * section 3 session_hash). libtomcrypt does the compression function; this
 * file only keeps the running state. */
#include "crypto/sha256.h"

void gt_sha256(const uint8_t *p, size_t n, uint8_t out[GT_SHA256_LEN])
{
    hash_state st;
    sha256_init(&st);
    /* libtomcrypt rejects a NULL pointer even for zero bytes; skip the call. */
    if (n > 0)
        sha256_process(&st, p, (unsigned long)n);
    sha256_done(&st, out);
}

void gt_transcript_init(gt_transcript *t)
{
    sha256_init(&t->st);
    t->total = 0;
}

void gt_transcript_add(gt_transcript *t, const uint8_t *p, size_t n)
{
    if (n == 0)
        return;
    sha256_process(&t->st, p, (unsigned long)n);
    t->total += n;
}

void gt_transcript_hash(const gt_transcript *t, uint8_t out[GT_SHA256_LEN])
{
    /* Finishing a hash pads and destroys its state, yet the handshake needs
     * the hash at several points (client Finished, then server Finished over
     * more messages). So we finish a copy and leave the original running. */
    hash_state copy = t->st;
    sha256_done(&copy, out);
}
