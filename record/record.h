/* record/: the TLS record layer, RFC 5246 section 6.2. Every byte the
 * handshake sends or receives goes through here: 5-byte headers, fragments
 * of at most 2^14 bytes, reassembly of handshake messages that span records
 * (or share one), sequence numbers, and AES-128-GCM protection once
 * ChangeCipherSpec has switched it on (RFC 5288 section 3, RFC 5246 6.2.3.3). */
#ifndef GT_RECORD_H
#define GT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"
#include "crypto/aead.h"
#include "record/transport.h"

/* ContentType, RFC 5246 6.2.1 */
enum gt_content_type {
    GT_CT_CHANGE_CIPHER_SPEC = 20,
    GT_CT_ALERT = 21,
    GT_CT_HANDSHAKE = 22,
    GT_CT_APPLICATION_DATA = 23,
};

#define GT_TLS12                  0x0303
#define GT_RECORD_HEADER_LEN      5
#define GT_MAX_PLAINTEXT          16384          /* 2^14 */
#define GT_MAX_CIPHERTEXT         (16384 + 2048) /* 2^14 + 2048 */
#define GT_GCM_EXPLICIT_NONCE_LEN 8
#define GT_GCM_RECORD_OVERHEAD    (GT_GCM_EXPLICIT_NONCE_LEN + GT_GCM_TAG_LEN) /* 24 */
#define GT_MAX_HANDSHAKE_MESSAGE  (128 * 1024) /* our bound on one handshake message */
/* The handshake reassembly buffer never holds more than one partial message
 * plus the record just appended (complete messages are handed up before the
 * next record is read), so this bounds its memory. */
#define GT_HS_BUFFER_LIMIT (4 + GT_MAX_HANDSHAKE_MESSAGE + GT_MAX_PLAINTEXT)

/* One direction's protection: the AES-GCM key schedule, the 4-byte implicit
 * nonce part (client_write_IV / server_write_IV) and the sequence number. */
typedef struct gt_cipher_state {
    bool active;
    gt_aead aead;
    uint8_t salt[4];
    uint64_t seq;
} gt_cipher_state;

/* Called for every record sent or received, before encryption / after
 * decryption: wire is the whole record as on the wire (header included),
 * plain its plaintext. Lets the layers above show and trace records.
 * Received records are reported once their header checks and tag pass (a
 * refused record is reported through the error instead). A hook must not
 * call back into the record layer. */
typedef void (*gt_record_hook)(void *ctx, bool sent, uint8_t type, const uint8_t *wire,
                               size_t wire_len, const uint8_t *plain, size_t plain_len);

/* A unit handed up to the handshake: one whole handshake message (header
 * included), or the payload of one ChangeCipherSpec, alert or
 * application_data record. data stays valid until the next read. */
typedef struct gt_message {
    uint8_t type; /* enum gt_content_type */
    const uint8_t *data;
    size_t len;
} gt_message;

typedef struct gt_record_layer {
    gt_transport io;
    uint16_t write_version;  /* record version we put in headers */
    bool peer_version_known; /* once set, received records must carry peer_version */
    uint16_t peer_version;
    gt_cipher_state rd, wr;
    gt_record_hook hook;
    void *hook_ctx;
    /* bytes received from the transport, not yet processed */
    uint8_t in[GT_RECORD_HEADER_LEN + GT_MAX_CIPHERTEXT];
    size_t in_len;
    bool in_eof;
    /* one record being written */
    uint8_t out[GT_RECORD_HEADER_LEN + GT_MAX_CIPHERTEXT];
    /* handshake reassembly: bytes of handshake records not yet handed up */
    uint8_t *hs;
    size_t hs_len, hs_cap, hs_consumed;
    /* the record most recently handed up (decrypted in place inside in[]) */
    size_t pending_consume;
} gt_record_layer;

void gt_record_init(gt_record_layer *rl, gt_transport io);
/* Wipes keys and frees the reassembly buffer. */
void gt_record_free(gt_record_layer *rl);

/* Sends data as one or more records of the given type, fragmenting at 2^14
 * bytes, encrypting when the write state is active. */
gt_err gt_record_write(gt_record_layer *rl, uint8_t type, const uint8_t *data, size_t len,
                       gt_error *e);

/* Reads the next message (see gt_message). GT_WANT_READ when the transport
 * has nothing more for now (pipe); GT_ERR_TRUNCATED at end of stream in the
 * middle of or before a message; other errors with their sentence in *e. */
gt_err gt_record_read_message(gt_record_layer *rl, gt_message *m, gt_error *e);

/* True when handshake bytes are buffered that have not been handed up yet:
 * part of a message, or whole messages still to be read. A key change must
 * not happen then, since those bytes were protected under the old keys. */
bool gt_record_has_partial_handshake(const gt_record_layer *rl);

/* Switch on protection after ChangeCipherSpec: sets the key and implicit
 * nonce and resets the sequence number to 0 (RFC 5246 6.1). */
gt_err gt_record_set_write_key(gt_record_layer *rl, const uint8_t key[GT_AES128_KEY_LEN],
                               const uint8_t salt[4]);
gt_err gt_record_set_read_key(gt_record_layer *rl, const uint8_t key[GT_AES128_KEY_LEN],
                              const uint8_t salt[4]);

const char *gt_content_type_name(uint8_t type);

#endif
