/* handshake/pair: runs a client and a server of the same process against
 * each other (over an in-memory pipe), one row at a time, in the order of
 * the lesson's steps: whichever side is at the earlier step goes next, and
 * on a tie the side that did not just run. This is how the demo tells the
 * handshake as the lesson's Process Table does, row by row, while the bytes
 * follow RFC 5246 7.3, Figure 1. */
#ifndef GT_PAIR_H
#define GT_PAIR_H

#include "handshake/conn.h"

/* Runs until both handshakes are done or one side has failed (the other is
 * then given the chance to read the alert). Returns GT_OK, or the first
 * failure's code. */
gt_err gt_pair_run(gt_conn *client, gt_conn *server);

#endif
