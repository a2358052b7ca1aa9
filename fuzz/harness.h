/* fuzz/harness: what the libFuzzer targets in fuzz/fuzz_*.c share. A fuzz
 * input plays the peer: a transport whose recv hands out the input (in
 * chunks of a fixed, varied pattern, so partial headers are exercised) and
 * whose send forgets what it is given. Randomness is seeded and the clock
 * fixed, so a crashing input crashes again on every run.
 * The demo session (`glasstls demo --seed 1`: client seed 1, server seed 2)
 * is recorded once at start-up; the targets for single messages replay its
 * first records and then deliver the fuzzed message where the real one was.
 * RFC 5246 sections 6.2 (records) and 7.4 (handshake messages). */
#ifndef GT_FUZZ_HARNESS_H
#define GT_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handshake/conn.h"

#define FUZZ_CLIENT_SEED  1 /* as glasstls demo --seed 1 */
#define FUZZ_SERVER_SEED  2
#define FUZZ_MAX_RECORDS  32
#define FUZZ_MAX_MESSAGES 16

/* One record as it went over the pipe (header included). */
typedef struct fuzz_bytes {
    uint8_t *p;
    size_t len;
} fuzz_bytes;

/* The demo session, as each side sent it. */
typedef struct fuzz_session {
    fuzz_bytes records[2][FUZZ_MAX_RECORDS]; /* [GT_CLIENT] sent by the client ... */
    size_t n_records[2];
    fuzz_bytes messages[2][FUZZ_MAX_MESSAGES]; /* handshake messages sent, header
                                                  included */
    size_t n_messages[2];
    uint8_t server_write_key[16], server_write_iv[4];
    uint8_t client_write_key[16], client_write_iv[4];
} fuzz_session;

/* The fixed key the record target switches to after a ChangeCipherSpec
 * (the seed generator seals its records with the same one). */
#define FUZZ_RECORD_KEY "glasstls fuzz k!" /* 16 bytes */
#define FUZZ_RECORD_IV  "salt"             /* 4 bytes */

/* Reads every byte of p (AddressSanitizer then checks that they exist). */
void fuzz_touch(const void *p, size_t n);

/* Aborts unless the demo's record i from sender has this content type (and,
 * when hs_type >= 0, starts a handshake message of that type in the clear):
 * the message targets rely on where the demo's messages are. */
void fuzz_expect_record(int sender, size_t i, uint8_t type, int hs_type);

/* Loads the demo PKI and records the demo session; aborts with a message if
 * anything is missing (a harness that runs without its peer proves nothing). */
void fuzz_init(void);
const fuzz_session *fuzz_demo_session(void);

/* Configurations of the two sides. The client trusts the demo root and the
 * OpenSSL fixture's self-signed certificate, so seeds from both get past
 * step 3; rng is re-seeded here, so call this once per input. */
void fuzz_client_config(gt_config *cfg, gt_rng *rng);
void fuzz_server_config(gt_config *cfg, gt_rng *rng);

/* The peer as played by the fuzz input. */
typedef struct fuzz_peer {
    uint8_t *buf;
    size_t len, cap, off;
    unsigned chunk; /* index into the chunk pattern */
} fuzz_peer;

void fuzz_peer_init(fuzz_peer *p);
void fuzz_peer_free(fuzz_peer *p);
void fuzz_peer_append(fuzz_peer *p, const uint8_t *data, size_t len);
/* Appends a handshake message of this type around body, cut into records of
 * at most 2^14 bytes, sealed with key/iv (sequence numbers from 0) if key is
 * not NULL. */
void fuzz_peer_append_handshake(fuzz_peer *p, uint8_t hs_type, const uint8_t *body, size_t len,
                                const uint8_t *key, const uint8_t *iv);
/* Appends one record of this content type (payload cut at 2^14 bytes). */
void fuzz_peer_append_record(fuzz_peer *p, uint8_t type, const uint8_t *payload, size_t len);
gt_transport fuzz_peer_transport(fuzz_peer *p);
/* The other way round, for a record layer that writes as the peer: send
 * appends to p, recv has nothing. */
gt_transport fuzz_peer_writer(fuzz_peer *p);

/* A connection of the given role whose peer first sends the demo session's
 * first n_prefix records (the target then appends its fuzzed message). */
typedef struct fuzz_conn {
    gt_config cfg;
    gt_rng rng;
    fuzz_peer peer;
    gt_conn *c;
} fuzz_conn;
void fuzz_conn_start(fuzz_conn *f, gt_role role, size_t n_prefix);
void fuzz_conn_end(fuzz_conn *f);

/* Runs conn's handshake as far as the input lets it, then reads application
 * data (and echoes it) until the connection ends, then closes. */
void fuzz_run_connection(gt_conn *c);

/* Runs rows of conn's table until the row named row_name has run (or
 * anything fails). The row name must exist: aborts otherwise. */
void fuzz_run_through_row(gt_conn *c, const char *row_name);

/* A whole target's input, for the targets of one side: the input is all
 * the peer sends (fuzz_run_connection). */
void fuzz_one_connection(gt_role role, const uint8_t *data, size_t size);
/* The input is the body of one handshake message of hs_type, which the
 * peer sends after the demo session's first n_prefix records (sealed with
 * key/iv when key is not NULL); the connection runs through row_name. */
void fuzz_one_message(gt_role role, size_t n_prefix, uint8_t hs_type, const uint8_t *data,
                      size_t size, const uint8_t *key, const uint8_t *iv, const char *row_name);

#endif
