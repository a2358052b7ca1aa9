/* handshake/key_encrypt: the client's half of lesson step 4: make the
 * premaster secret, encrypt it to the server's RSA key, send it in
 * ClientKeyExchange (RFC 5246 7.4.7 and 7.4.7.1). */
#include "handshake/key_encrypt.h"

#include <stdio.h>

#include "crypto/rsa.h"
#include "handshake/conn.h"

gt_err gt_premaster_generate(gt_rng *rng, uint16_t client_version, uint8_t premaster[48])
{
    /* The version inside lets the server detect a version rollback: an
     * attacker who changed the ClientHello cannot change this encrypted copy. */
    premaster[0] = (uint8_t)(client_version >> 8);
    premaster[1] = (uint8_t)client_version;
    return gt_rng_bytes(rng, premaster + 2, 46);
}

gt_err gt_premaster_generate_encrypt(gt_conn *c)
{
    const gt_cert *leaf = &c->peer_chain[0];
    if (gt_premaster_generate(c->rng, c->client_version, c->premaster) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "the random number generator failed");
    gt_report_secret(c, "premaster secret", c->premaster, sizeof c->premaster);
    if (gt_rsa_modulus_bytes(&leaf->rsa) > sizeof c->encrypted_premaster)
        return gt_conn_fail(c, GT_ERR_UNSUPPORTED_CERTIFICATE,
                            "the server's RSA key is larger than glasstls supports (%u bits)",
                            leaf->key_bits);
    size_t n = sizeof c->encrypted_premaster;
    if (gt_rsa_pkcs1_encrypt(&leaf->rsa, c->rng, c->premaster, sizeof c->premaster,
                             c->encrypted_premaster, &n) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "RSA encryption of the premaster secret failed");
    c->encrypted_premaster_len = n;
    char summary[160];
    snprintf(summary, sizeof summary,
             "48-byte premaster secret generated and encrypted with the server's RSA-%u key "
             "(%zu bytes)",
             leaf->key_bits, n);
    gt_report_check(c, summary);
    gt_tracker_set(c, GT_VAR_SESSION_KEY, GT_VAL_GENERATED);
    return GT_OK;
}

gt_err gt_send_client_key_exchange(gt_conn *c)
{
    uint8_t buf[8 + sizeof c->encrypted_premaster];
    gt_writer w;
    gt_writer_init(&w, buf, sizeof buf);
    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_CLIENT_KEY_EXCHANGE);
    /* EncryptedPreMasterSecret is a vector with a 2-byte length in TLS 1.x
     * (SSL 3.0 had none; RFC 5246 7.4.7.1 "Implementation note"). */
    gt_vec_mark v = gt_write_vec_begin(&w, 2);
    gt_write_bytes(&w, c->encrypted_premaster, c->encrypted_premaster_len);
    gt_write_vec_end(&w, v);
    char summary[96];
    snprintf(summary, sizeof summary, "encrypted premaster secret, %zu bytes",
             c->encrypted_premaster_len);
    gt_err rc = gt_handshake_send(c, &w, msg, summary);
    if (rc == GT_OK)
        gt_tracker_set(c, GT_VAR_SESSION_KEY, GT_VAL_KEY_SENT);
    return rc;
}
