/* test/helpers/demo_pair: a glasstls client and server of the demo PKI
 * (test/pki) joined by an in-memory pipe, for tests of the whole handshake.
 * The client trusts test/pki/root.pem and expects "sensor-hub.local"; both
 * sides validate at the time given. Adjust ccfg and scfg (observer, rng,
 * no_ems ...) and the pipe (a tap) between gt_demo_pair_load and
 * gt_demo_pair_start. */
#ifndef GT_TEST_DEMO_PAIR_H
#define GT_TEST_DEMO_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "handshake/conn.h"

typedef struct gt_demo_pair {
    gt_cert chain[GT_MAX_CHAIN];
    size_t chain_len;
    rsa_key key;
    bool key_loaded;
    gt_trust trust;
    gt_config ccfg, scfg;
    gt_pipe *pipe;
    gt_conn *client, *server;
} gt_demo_pair;

/* chain_files: PEM files of the server's chain, leaf first, NULL-terminated.
 * 0, or -1 with the reason printed (what was loaded is freed). */
int gt_demo_pair_load(gt_demo_pair *p, const char *const *chain_files, const char *key_file,
                      int64_t now);
/* Both connections, over the pipe: 0, or -1. */
int gt_demo_pair_start(gt_demo_pair *p);
/* Frees what the pair holds (not p itself); safe on a zeroed pair. */
void gt_demo_pair_free(gt_demo_pair *p);

#endif
