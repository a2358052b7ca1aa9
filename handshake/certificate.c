/* handshake/certificate: lesson step 2b. The server sends its certificate
 * chain (RFC 5246 7.4.2) and ServerHelloDone (7.4.5); the client receives and
 * parses them. Checking that the chain deserves trust is step 3 (verify.c):
 * here a certificate only has to be well formed. */
#include "handshake/certificate.h"

#include <stdio.h>
#include <stdlib.h>

#include "handshake/conn.h"

gt_err gt_certificate_parse(gt_reader *body, gt_cert *chain, size_t max, size_t *n, gt_error *e)
{
    gt_reader list, der;
    *n = 0;
    if (!gt_read_vec24(body, &list) || !gt_reader_done(body))
        return gt_fail(e, GT_ERR_DECODE, "the certificate_list length does not match the message");
    if (gt_reader_done(&list))
        return gt_fail(e, GT_ERR_DECODE, "the server sent an empty certificate list");
    while (!gt_reader_done(&list)) {
        gt_err rc = GT_OK;
        if (!gt_read_vec24(&list, &der) || gt_reader_done(&der))
            rc = gt_fail(e, GT_ERR_DECODE, "certificate %zu's length runs past the list", *n);
        else if (*n == max)
            rc = gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                         "the chain has more than %zu certificates, glasstls's limit", max);
        else if (gt_cert_parse(&chain[*n], der.data, der.len, e) != GT_OK)
            rc = e->code == GT_OK ? GT_ERR_BAD_CERTIFICATE : e->code;
        if (rc != GT_OK) {
            while (*n)
                gt_cert_free(&chain[--*n]);
            return rc;
        }
        ++*n;
    }
    return GT_OK;
}

gt_err gt_send_certificate(gt_conn *c)
{
    const gt_config *cfg = c->cfg;
    if (cfg->chain_len == 0 || !cfg->key)
        return gt_conn_fail(c, GT_ERR_USAGE, "the server has no certificate or key configured");
    size_t cap = 16;
    for (size_t i = 0; i < cfg->chain_len; i++)
        cap += 3 + cfg->chain[i].der_len;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "out of memory");
    gt_writer w;
    gt_writer_init(&w, buf, cap);
    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_CERTIFICATE);
    gt_vec_mark list = gt_write_vec_begin(&w, 3);
    for (size_t i = 0; i < cfg->chain_len; i++) {
        gt_vec_mark one = gt_write_vec_begin(&w, 3);
        gt_write_bytes(&w, cfg->chain[i].der, cfg->chain[i].der_len);
        gt_write_vec_end(&w, one);
    }
    gt_write_vec_end(&w, list);
    char summary[700];
    snprintf(summary, sizeof summary, "%zu certificate%s: %s, issued by %s", cfg->chain_len,
             cfg->chain_len == 1 ? "" : "s", cfg->chain[0].subject.text, cfg->chain[0].issuer.text);
    gt_err rc = gt_handshake_send(c, &w, msg, summary);
    free(buf);
    return rc;
}

gt_err gt_recv_certificate(gt_conn *c)
{
    gt_reader body;
    gt_err rc = gt_handshake_recv(c, GT_HS_CERTIFICATE, &body);
    if (rc != GT_OK)
        return rc;
    rc = gt_certificate_parse(&body, c->peer_chain, GT_MAX_CHAIN, &c->peer_chain_len, &c->err);
    if (rc != GT_OK)
        return rc;
    const gt_cert *leaf = &c->peer_chain[0];
    /* RSA key transport needs an RSA key in the leaf to encrypt the premaster to. */
    if (!leaf->has_rsa_key)
        return gt_conn_fail(c, GT_ERR_UNSUPPORTED_CERTIFICATE,
                            "the server's certificate (%s) has no RSA key, which "
                            "TLS_RSA_WITH_AES_128_GCM_SHA256 needs",
                            leaf->subject.text);
    char summary[700];
    snprintf(summary, sizeof summary, "%zu certificate%s: %s, issued by %s, RSA-%u key",
             c->peer_chain_len, c->peer_chain_len == 1 ? "" : "s", leaf->subject.text,
             leaf->issuer.text, leaf->key_bits);
    gt_report_check(c, summary);
    gt_tracker_set(c, GT_VAR_CERTIFICATE, GT_VAL_RECEIVED);
    return GT_OK;
}

gt_err gt_send_server_hello_done(gt_conn *c)
{
    uint8_t buf[4];
    gt_writer w;
    gt_writer_init(&w, buf, sizeof buf);
    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_SERVER_HELLO_DONE);
    return gt_handshake_send(c, &w, msg, "the server's hello flight is complete");
}

gt_err gt_recv_server_hello_done(gt_conn *c)
{
    gt_reader body;
    gt_err rc = gt_handshake_recv(c, GT_HS_SERVER_HELLO_DONE, &body);
    if (rc != GT_OK)
        return rc;
    if (!gt_reader_done(&body))
        return gt_conn_fail(c, GT_ERR_DECODE, "ServerHelloDone must be empty but has %zu bytes",
                            gt_reader_left(&body));
    return GT_OK;
}
