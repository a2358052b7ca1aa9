/* record/protect: the record layer's AES-128-GCM protection of one record,
 * from lesson step 5 on. RFC 5288 section 3 and RFC 5246 section 6.2.3.3.
 * This is where the sequence number becomes part of the nonce and of the
 * additional data. The record layer is its only caller; the nonce and
 * additional data functions are public for exercises/2-gcm-record. */
#ifndef GT_RECORD_PROTECT_H
#define GT_RECORD_PROTECT_H

#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"
#include "record/record.h"

/* additional_data = seq_num(8) || type(1) || version(2) || length(2) */
#define GT_GCM_AAD_LEN 13

/* The two inputs of AES-GCM besides key and plaintext, each a function of
 * its own so that a classroom exercise can replace them (exercises/2-gcm-record).
 * nonce = salt(4) || explicit_nonce(8): RFC 5288 section 3; salt is the
 * client_write_IV or server_write_IV of the key block. */
void gt_record_gcm_nonce(const uint8_t salt[4], const uint8_t explicit_nonce[8],
                         uint8_t nonce[GT_GCM_NONCE_LEN]);
/* additional_data = seq_num(8) || type(1) || version(2) || length(2), all
 * big-endian; length is the plaintext's (RFC 5246 6.2.3.3). */
void gt_record_additional_data(uint64_t seq, uint8_t type, uint16_t version, size_t plain_len,
                               uint8_t aad[GT_GCM_AAD_LEN]);

/* Encrypts len bytes of plaintext into body, which must hold
 * len + GT_GCM_RECORD_OVERHEAD bytes: explicit_nonce(8) || ciphertext || tag(16).
 * Uses the sequence number cs->seq and then advances it. */
gt_err gt_record_seal(gt_cipher_state *cs, uint8_t type, uint16_t version, const uint8_t *plain,
                      size_t len, uint8_t *body, gt_error *e);

/* Checks and decrypts a received record body (explicit_nonce || ciphertext ||
 * tag, body_len bytes) in place: on success the plaintext starts at
 * body + GT_GCM_EXPLICIT_NONCE_LEN and is *plain_len bytes long. Uses the
 * sequence number we expect, cs->seq, and then advances it. */
gt_err gt_record_open(gt_cipher_state *cs, uint8_t type, uint16_t version, uint8_t *body,
                      size_t body_len, size_t *plain_len, gt_error *e);

#endif
