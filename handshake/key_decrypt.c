/* handshake/key_decrypt: the server's half of lesson step 4: receive
 * ClientKeyExchange and recover the premaster secret with the private key,
 * following RFC 5246 7.4.7.1 so that a bad ciphertext teaches an attacker
 * nothing (no padding oracle: Bleichenbacher 1998, ROBOT 2017). */
#include "handshake/key_decrypt.h"

#include <stdio.h>

#include "crypto/ct.h"
#include "crypto/rsa.h"
#include "handshake/conn.h"

gt_err gt_premaster_decrypt(const rsa_key *priv, gt_rng *rng, const uint8_t *enc, size_t enc_len,
                            uint16_t client_version, uint8_t premaster[48])
{
    uint8_t random[48], m[48];
    /* 1. Generate R first, whatever the ciphertext looks like. */
    if (gt_rng_bytes(rng, random, sizeof random) != GT_OK)
        return GT_ERR_INTERNAL;
    /* 2. Decrypt; ok is all ones only for good padding and a 48-byte message. */
    uint32_t ok = gt_rsa_pkcs1_decrypt_fixed(priv, enc, enc_len, m, sizeof m);
    /* 3. The version inside must be the one the client offered. */
    ok &= gt_ct_eq_u32(((uint32_t)m[0] << 8) | m[1], client_version);
    /* 4. Use M when all is well, R otherwise, with no branch on which. */
    gt_ct_select(premaster, m, random, 48, ok);
    gt_wipe(m, sizeof m);
    gt_wipe(random, sizeof random);
    return GT_OK;
}

gt_err gt_recv_client_key_exchange(gt_conn *c)
{
    gt_reader body, enc;
    gt_err rc = gt_handshake_recv(c, GT_HS_CLIENT_KEY_EXCHANGE, &body);
    if (rc != GT_OK)
        return rc;
    /* The framing is public: a wrong length is an honest decode_error. */
    if (!gt_read_vec16(&body, &enc) || !gt_reader_done(&body))
        return gt_conn_fail(c, GT_ERR_DECODE,
                            "the ClientKeyExchange's length does not match its contents");
    size_t enc_len = gt_reader_left(&enc);
    const uint8_t *ciphertext;
    gt_read_bytes(&enc, enc_len, &ciphertext);
    if (gt_premaster_decrypt(c->cfg->key, c->rng, ciphertext, enc_len, c->client_version,
                             c->premaster) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "the random number generator failed");
    gt_report_secret(c, "premaster secret", c->premaster, sizeof c->premaster);
    char summary[200];
    snprintf(summary, sizeof summary,
             "%zu encrypted bytes decrypted with the server's private key to a 48-byte premaster "
             "(had they been wrong, a random one would stand in and Finished would fail)",
             enc_len);
    gt_report_check(c, summary);
    return GT_OK;
}
