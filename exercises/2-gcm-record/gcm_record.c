/* Exercise 2, the record layer under lesson step 5: the two inputs that make
 * every AES-GCM record unique and bound to its place in the stream.
 * Your file replaces gt_record_gcm_nonce and gt_record_additional_data of
 * record/protect.c. Read exercises/2-gcm-record/README.md first. Check with:
 *     make exercise EX=gcm-record */
#include "record/protect.h"

/* RFC 5288 section 3:
 *   struct { opaque salt[4]; opaque nonce_explicit[8]; } GCMNonce;
 * salt is the implicit part (client_write_IV or server_write_IV), the
 * explicit part travels in front of the record's ciphertext.
 * Write the 12 bytes of the nonce. */
void gt_record_gcm_nonce(const uint8_t salt[4], const uint8_t explicit_nonce[8],
                         uint8_t nonce[GT_GCM_NONCE_LEN])
{
    /* Your code here. */
    (void)salt;
    (void)explicit_nonce;
    (void)nonce;
}

/* RFC 5246 section 6.2.3.3:
 *   additional_data = seq_num + TLSCompressed.type +
 *                     TLSCompressed.version + TLSCompressed.length;
 * seq_num is 8 bytes, type 1, version 2, length 2, every number big-endian
 * (most significant byte first). length is plain_len, the plaintext's.
 * Write the 13 bytes of aad. */
void gt_record_additional_data(uint64_t seq, uint8_t type, uint16_t version, size_t plain_len,
                               uint8_t aad[GT_GCM_AAD_LEN])
{
    /* Your code here. */
    (void)seq;
    (void)type;
    (void)version;
    (void)plain_len;
    (void)aad;
}
