/* handshake/keys: the end of lesson step 4, "Both ready for encrypted
 * communication". Both sides now hold the same premaster secret and both
 * randoms, and derive the same keys from them with the PRF:
 * RFC 5246 8.1 (master secret), RFC 7627 4 (extended master secret),
 * RFC 5246 6.3 (key block). Nothing secret crosses the wire here. */
#include "handshake/keys.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/prf.h"
#include "handshake/conn.h"

gt_err gt_master_secret(const uint8_t premaster[GT_PREMASTER_LEN],
                        const uint8_t client_random[GT_RANDOM_LEN],
                        const uint8_t server_random[GT_RANDOM_LEN], uint8_t master[GT_MASTER_LEN])
{
    uint8_t seed[2 * GT_RANDOM_LEN];
    memcpy(seed, client_random, GT_RANDOM_LEN);
    memcpy(seed + GT_RANDOM_LEN, server_random, GT_RANDOM_LEN);
    return gt_prf_sha256(premaster, GT_PREMASTER_LEN, "master secret", seed, sizeof seed, master,
                         GT_MASTER_LEN);
}

gt_err gt_extended_master_secret(const uint8_t premaster[GT_PREMASTER_LEN],
                                 const uint8_t session_hash[32], uint8_t master[GT_MASTER_LEN])
{
    return gt_prf_sha256(premaster, GT_PREMASTER_LEN, "extended master secret", session_hash, 32,
                         master, GT_MASTER_LEN);
}

gt_err gt_key_block_derive(const uint8_t master[GT_MASTER_LEN],
                           const uint8_t client_random[GT_RANDOM_LEN],
                           const uint8_t server_random[GT_RANDOM_LEN], gt_key_block *kb)
{
    /* Note the order: server_random first here, client_random first above. */
    uint8_t seed[2 * GT_RANDOM_LEN], block[sizeof *kb];
    memcpy(seed, server_random, GT_RANDOM_LEN);
    memcpy(seed + GT_RANDOM_LEN, client_random, GT_RANDOM_LEN);
    gt_err rc = gt_prf_sha256(master, GT_MASTER_LEN, "key expansion", seed, sizeof seed, block,
                              sizeof block);
    if (rc == GT_OK) {
        /* AEAD suites have no MAC keys: client_write_key, server_write_key,
         * client_write_IV, server_write_IV (RFC 5246 6.3, RFC 5288 3). */
        memcpy(kb->client_write_key, block, 16);
        memcpy(kb->server_write_key, block + 16, 16);
        memcpy(kb->client_write_iv, block + 32, 4);
        memcpy(kb->server_write_iv, block + 36, 4);
    }
    gt_wipe(block, sizeof block);
    return rc;
}

/* The step both drivers run once the premaster is shared. */
gt_err gt_derive_keys(gt_conn *c)
{
    gt_err rc;
    if (c->ems) {
        /* session_hash covers ClientHello up to and including ClientKeyExchange,
         * so the master secret is bound to this very handshake (RFC 7627 3). */
        gt_transcript_hash(&c->transcript, c->session_hash);
        gt_report_secret(c, "session hash", c->session_hash, sizeof c->session_hash);
        rc = gt_extended_master_secret(c->premaster, c->session_hash, c->master);
    } else {
        rc = gt_master_secret(c->premaster, c->client_random, c->server_random, c->master);
    }
    if (rc == GT_OK)
        rc = gt_key_block_derive(c->master, c->client_random, c->server_random, &c->kb);
    gt_wipe(c->premaster, sizeof c->premaster); /* its work is done */
    if (rc != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "deriving the keys failed");
    gt_report_secret(c, "master secret", c->master, sizeof c->master);
    gt_report_secret(c, "client_write_key", c->kb.client_write_key, 16);
    gt_report_secret(c, "server_write_key", c->kb.server_write_key, 16);
    gt_report_secret(c, "client_write_IV", c->kb.client_write_iv, 4);
    gt_report_secret(c, "server_write_IV", c->kb.server_write_iv, 4);
    gt_report_check(c, c->ems ? "master secret (extended, RFC 7627) and key block derived"
                              : "master secret and key block derived");
    return GT_OK;
}
