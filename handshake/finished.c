/* handshake/finished: lesson step 5. ChangeCipherSpec turns on the keys for
 * one direction (RFC 5246 7.1); Finished (7.4.9) is the first message under
 * them and carries verify_data, a PRF over the whole transcript. If anyone
 * changed a single byte of the handshake, or the two sides ended up with
 * different keys, the Finished check fails here and nothing is trusted. */
#include "handshake/finished.h"

#include <stdio.h>

#include "crypto/ct.h"
#include "crypto/prf.h"
#include "handshake/conn.h"

gt_err gt_finished_compute(const uint8_t master[48], bool from_client,
                           const uint8_t handshake_hash[32],
                           uint8_t verify_data[GT_VERIFY_DATA_LEN])
{
    return gt_prf_sha256(master, 48, from_client ? "client finished" : "server finished",
                         handshake_hash, 32, verify_data, GT_VERIFY_DATA_LEN);
}

/* The keys this side writes with, and the ones it reads with. */
static void my_keys(const gt_conn *c, bool writing, const uint8_t **key, const uint8_t **iv)
{
    bool client_side = (c->role == GT_CLIENT) == writing;
    *key = client_side ? c->kb.client_write_key : c->kb.server_write_key;
    *iv = client_side ? c->kb.client_write_iv : c->kb.server_write_iv;
}

gt_err gt_send_change_cipher_spec(gt_conn *c)
{
    static const uint8_t ccs[1] = {1};
    gt_err rc = gt_record_write(&c->rl, GT_CT_CHANGE_CIPHER_SPEC, ccs, 1, &c->err);
    if (rc != GT_OK)
        return rc;
    gt_event ev = {.kind = GT_EV_MESSAGE, .sent = true, .content_type = GT_CT_CHANGE_CIPHER_SPEC};
    ev.name = "ChangeCipherSpec";
    ev.data = ccs;
    ev.len = 1;
    ev.summary = "from here on, this side's records are encrypted with AES-128-GCM";
    gt_emit(c, &ev);
    const uint8_t *key, *iv;
    my_keys(c, true, &key, &iv);
    return gt_record_set_write_key(&c->rl, key, iv);
}

gt_err gt_recv_change_cipher_spec(gt_conn *c)
{
    gt_err rc = gt_recv_ccs_message(c);
    if (rc != GT_OK)
        return rc;
    const uint8_t *key, *iv;
    my_keys(c, false, &key, &iv);
    return gt_record_set_read_key(&c->rl, key, iv);
}

static gt_err compute(gt_conn *c, bool from_client, uint8_t out[GT_VERIFY_DATA_LEN])
{
    uint8_t hash[GT_SHA256_LEN];
    gt_transcript_hash(&c->transcript, hash);
    if (gt_finished_compute(c->master, from_client, hash, out) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "computing verify_data failed");
    return GT_OK;
}

gt_err gt_send_finished(gt_conn *c)
{
    uint8_t buf[16], verify_data[GT_VERIFY_DATA_LEN];
    gt_err rc = compute(c, c->role == GT_CLIENT, verify_data);
    if (rc != GT_OK)
        return rc;
    gt_writer w;
    gt_writer_init(&w, buf, sizeof buf);
    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_FINISHED);
    gt_write_bytes(&w, verify_data, sizeof verify_data);
    char hex[40], summary[96];
    snprintf(summary, sizeof summary, "verify_data %s, sent encrypted",
             gt_hex_short(hex, verify_data, sizeof verify_data, 12));
    return gt_handshake_send(c, &w, msg, summary);
}

gt_err gt_recv_finished(gt_conn *c)
{
    uint8_t expected[GT_VERIFY_DATA_LEN];
    gt_reader body;
    /* What the peer should send is fixed by the transcript before its Finished. */
    gt_err rc = compute(c, c->role == GT_SERVER, expected);
    if (rc != GT_OK)
        return rc;
    if ((rc = gt_handshake_recv(c, GT_HS_FINISHED, &body)) != GT_OK)
        return rc;
    const uint8_t *got;
    if (gt_reader_left(&body) != GT_VERIFY_DATA_LEN ||
        !gt_read_bytes(&body, GT_VERIFY_DATA_LEN, &got))
        return gt_conn_fail(c, GT_ERR_DECODE, "Finished must hold 12 bytes of verify_data, not %zu",
                            gt_reader_left(&body));
    if (!gt_ct_equal(got, expected, GT_VERIFY_DATA_LEN))
        return gt_conn_fail(c, GT_ERR_DECRYPT,
                            "the %s's Finished does not match: the handshake was altered or the "
                            "two sides derived different keys",
                            gt_role_name(!c->role));
    gt_report_check(c,
                    "Finished verified: both sides saw the same handshake and hold the same keys");
    gt_tracker_set(c, GT_VAR_SESSION_KEY, GT_VAL_SHARED);
    return GT_OK;
}

gt_err gt_secure_channel_established(gt_conn *c)
{
    gt_tracker_set(c, GT_VAR_SECURE_CHANNEL, GT_VAL_YES);
    return GT_OK;
}
