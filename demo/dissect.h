/* demo/dissect: names every byte of a TLS 1.2 record or handshake message,
 * for the demo's --explain dump and the JSON trace (both read the same
 * fields). RFC 5246 6.2 (records), 7.1 (ChangeCipherSpec), 7.2 (alerts),
 * 7.4 (handshake messages), RFC 5288 3 (the GCM record: explicit nonce,
 * ciphertext, tag), RFC 6066 3, RFC 7627, RFC 5746 (extensions).
 * The dissector only reads, through the bounds-checked reader: bytes that
 * do not parse end the dissection with a sentence, never a crash. */
#ifndef GT_DISSECT_H
#define GT_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One field: a run of bytes with a name, what it decodes to and what it is for. */
typedef struct gt_field {
    size_t off, len; /* where the bytes are, counted from the start of what was dissected */
    int depth;       /* nesting: 0 record header, 1 message header, 2 body, 3+ inside */
    bool inner;      /* in the decrypted plaintext of a protected record: off counts there */
    bool bulk;       /* long opaque bytes (random, key, certificate, ciphertext): foldable */
    char name[40];
    char value[160];
    char meaning[120];
} gt_field;

typedef struct gt_dissection {
    gt_field *fields;
    size_t n, cap;
    const uint8_t *bytes; /* what the offsets count from */
    size_t len;
    const uint8_t *inner; /* the plaintext of a protected record (inner fields) */
    size_t inner_len;
    char title[96];    /* "handshake record: ClientHello", "Certificate" */
    char problem[160]; /* empty, or why the bytes did not parse to the end */
} gt_dissection;

void gt_dissection_init(gt_dissection *d);
void gt_dissection_free(gt_dissection *d);

/* A whole handshake message, its 4-byte header included. false (with
 * d->problem) when the bytes do not parse; the fields up to there stay. */
bool gt_dissect_handshake(gt_dissection *d, const uint8_t *msg, size_t len);

/* One record as on the wire, its 5-byte header included. plain is the
 * record's plaintext when known (NULL otherwise): a record whose wire
 * fragment is not its plaintext is protected, and its GCM parts are named,
 * then the plaintext is dissected as inner fields. */
bool gt_dissect_record(gt_dissection *d, const uint8_t *wire, size_t len, const uint8_t *plain,
                       size_t plain_len);

/* Names used on their own by the trace writers. */
const char *gt_cipher_suite_name(uint16_t suite); /* NULL when unknown */

#endif
