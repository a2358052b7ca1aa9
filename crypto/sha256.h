/* crypto/sha256: SHA-256 (FIPS 180-4), and the running handshake transcript
 * hash over the messages of lesson steps 1 to 5, which Finished (RFC 5246
 * 7.4.9) and the extended master secret's session_hash (RFC 7627 section 3)
 * are computed over. */
#ifndef GT_SHA256_H
#define GT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#define GT_SHA256_LEN 32

void gt_sha256(const uint8_t *p, size_t n, uint8_t out[GT_SHA256_LEN]);

/* The transcript: every handshake message, header included, in the order sent
 * and received (HelloRequest excluded, RFC 5246 7.4.9). */
typedef struct gt_transcript {
    hash_state st;
    size_t total; /* bytes hashed so far */
} gt_transcript;

void gt_transcript_init(gt_transcript *t);
void gt_transcript_add(gt_transcript *t, const uint8_t *p, size_t n);
/* The hash of everything added so far; the transcript keeps running. */
void gt_transcript_hash(const gt_transcript *t, uint8_t out[GT_SHA256_LEN]);

#endif
