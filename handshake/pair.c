/* handshake/pair: client and server in one process, stepped alternately in
 * lesson step order (see pair.h) through the message flow of RFC 5246 7.3. */
#include "handshake/pair.h"

static int step_or_last(const gt_conn *c) { return gt_handshake_done(c) ? 99 : gt_next_step(c); }

static bool failed(const gt_conn *c) { return gt_conn_error(c)->code != GT_OK; }

gt_err gt_pair_run(gt_conn *client, gt_conn *server)
{
    gt_conn *side[2] = {client, server};
    int last = 1; /* as if the server had just run: the client opens */
    while (!(gt_handshake_done(client) && gt_handshake_done(server))) {
        int a = step_or_last(client), b = step_or_last(server);
        int pick = a < b ? 0 : b < a ? 1 : !last;
        gt_err rc = gt_handshake_step(side[pick]);
        if (rc == GT_WANT_READ) {
            pick = !pick; /* this side waits for the other: let the other move */
            rc = gt_handshake_step(side[pick]);
            if (rc == GT_WANT_READ)
                return GT_ERR_INTERNAL; /* both wait: cannot happen with a correct peer */
        }
        last = pick;
        if (rc != GT_OK) {
            /* One side stopped and sent its alert: let the other read it, so
             * both sides' view of the failure is reported. */
            gt_conn *other = side[!pick];
            while (!failed(other) && !gt_handshake_done(other) && gt_handshake_step(other) == GT_OK)
                ;
            return rc;
        }
    }
    return GT_OK;
}
