/* handshake/finished: lesson step 5, "Encrypted communication begins".
 * ChangeCipherSpec switches a direction to the new keys (RFC 5246 7.1), and
 * the first protected message, Finished (RFC 5246 7.4.9), proves both sides
 * saw the same handshake and hold the same master secret:
 *   verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
 * with finished_label "client finished" or "server finished". */
#ifndef GT_FINISHED_H
#define GT_FINISHED_H

#include <stdbool.h>
#include <stdint.h>

#include "bytes/err.h"

#define GT_VERIFY_DATA_LEN 12

struct gt_conn;

/* The pure computation: handshake_hash is SHA-256 over all handshake messages
 * before this Finished. */
gt_err gt_finished_compute(const uint8_t master[48], bool from_client,
                           const uint8_t handshake_hash[32],
                           uint8_t verify_data[GT_VERIFY_DATA_LEN]);

/* Connection steps. */
gt_err gt_send_change_cipher_spec(struct gt_conn *c);
gt_err gt_recv_change_cipher_spec(struct gt_conn *c);
gt_err gt_send_finished(struct gt_conn *c);
gt_err gt_recv_finished(struct gt_conn *c);
/* The last row of both drivers: SecureChannel = Yes in the Status Tracker. */
gt_err gt_secure_channel_established(struct gt_conn *c);

#endif
