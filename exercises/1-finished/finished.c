/* Exercise 1, lesson step 5: the verify_data of a Finished message.
 * Your file replaces gt_finished_compute of handshake/finished.c.
 * Read exercises/1-finished/README.md first. Check with:
 *     make exercise EX=finished */
#include "crypto/prf.h"
#include "handshake/finished.h"

/* RFC 5246 7.4.9:
 *   verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))
 *                 [0..verify_data_length-1];
 * master: the 48-byte master secret; from_client: true for the client's
 * Finished; handshake_hash: SHA-256 over every handshake message before this
 * one. Write 12 bytes to verify_data and return GT_OK. */
gt_err gt_finished_compute(const uint8_t master[48], bool from_client,
                           const uint8_t handshake_hash[32],
                           uint8_t verify_data[GT_VERIFY_DATA_LEN])
{
    /* Your code here. */
    (void)master;
    (void)from_client;
    (void)handshake_hash;
    (void)verify_data;
    return GT_ERR_INTERNAL;
}
