/* record/protect: the record layer's AES-128-GCM protection, on from lesson
 * step 5 (ChangeCipherSpec) onwards. RFC 5288 section 3 and RFC 5246 section
 * 6.2.3.3. The sequence number is never sent for its own sake: it is mixed
 * into the additional data, so a replayed, dropped or reordered record fails
 * its tag check just like an altered one. */
#include "record/protect.h"

#include "bytes/bytes.h"

/* GCMNonce = salt(4) || nonce_explicit(8), RFC 5288 section 3. The salt is
 * the implicit part (client_write_IV or server_write_IV from the key block);
 * the explicit part travels in front of each record's ciphertext. */
void gt_record_gcm_nonce(const uint8_t salt[4], const uint8_t explicit_nonce[8],
                         uint8_t nonce[GT_GCM_NONCE_LEN])
{
    for (size_t i = 0; i < 4; i++)
        nonce[i] = salt[i];
    for (size_t i = 0; i < GT_GCM_EXPLICIT_NONCE_LEN; i++)
        nonce[4 + i] = explicit_nonce[i];
}

/* additional_data = seq_num + TLSCompressed.type + TLSCompressed.version +
 * TLSCompressed.length, RFC 5246 section 6.2.3.3; the length is that of the
 * plaintext, not of what goes on the wire. */
void gt_record_additional_data(uint64_t seq, uint8_t type, uint16_t version, size_t plain_len,
                               uint8_t aad[GT_GCM_AAD_LEN])
{
    gt_put_u64(aad, seq);
    aad[8] = type;
    gt_put_u16(aad + 9, version);
    gt_put_u16(aad + 11, (uint16_t)plain_len);
}

/* RFC 5246 6.1: sequence numbers "may not exceed 2^64-1"; an implementation
 * that would wrap must renegotiate instead. glasstls does not renegotiate, so
 * it stops one short of the last value and refuses. */
static gt_err check_seq(const gt_cipher_state *cs, const char *direction, gt_error *e)
{
    if (cs->seq == UINT64_MAX)
        return gt_fail(e, GT_ERR_INTERNAL,
                       "the %s sequence number has reached 2^64-1; TLS forbids wrapping it "
                       "around (RFC 5246 6.1), so this connection cannot carry more records",
                       direction);
    return GT_OK;
}

gt_err gt_record_seal(gt_cipher_state *cs, uint8_t type, uint16_t version, const uint8_t *plain,
                      size_t len, uint8_t *body, gt_error *e)
{
    gt_err err = check_seq(cs, "write", e);
    if (err)
        return err;
    /* RFC 5288 lets the sender choose nonce_explicit freely as long as it
     * never repeats under one key; the sequence number is the usual choice
     * (and what OpenSSL sends), and it is unique by construction. */
    uint8_t *explicit_nonce = body;
    uint8_t *ciphertext = body + GT_GCM_EXPLICIT_NONCE_LEN;
    uint8_t *tag = ciphertext + len;
    gt_put_u64(explicit_nonce, cs->seq);

    uint8_t nonce[GT_GCM_NONCE_LEN], aad[GT_GCM_AAD_LEN];
    gt_record_gcm_nonce(cs->salt, explicit_nonce, nonce);
    gt_record_additional_data(cs->seq, type, version, len, aad);
    err = gt_aead_seal(&cs->aead, nonce, aad, sizeof aad, plain, len, ciphertext, tag);
    if (err)
        return gt_fail(e, GT_ERR_INTERNAL, "AES-GCM could not encrypt record number %llu",
                       (unsigned long long)cs->seq);
    cs->seq++;
    return GT_OK;
}

gt_err gt_record_open(gt_cipher_state *cs, uint8_t type, uint16_t version, uint8_t *body,
                      size_t body_len, size_t *plain_len, gt_error *e)
{
    gt_err err = check_seq(cs, "read", e);
    if (err)
        return err;
    /* A body too short for nonce and tag cannot be authenticated; answer as
     * for a wrong tag so the reply tells an attacker nothing more. */
    if (body_len < GT_GCM_RECORD_OVERHEAD)
        return gt_fail(e, GT_ERR_BAD_RECORD_MAC,
                       "protected record of %zu bytes is too short to hold the 8-byte explicit "
                       "nonce and the 16-byte GCM tag",
                       body_len);
    size_t len = body_len - GT_GCM_RECORD_OVERHEAD;

    gt_reader r;
    const uint8_t *explicit_nonce, *ciphertext, *tag;
    gt_reader_init(&r, body, body_len);
    if (!gt_read_bytes(&r, GT_GCM_EXPLICIT_NONCE_LEN, &explicit_nonce) ||
        !gt_read_bytes(&r, len, &ciphertext) || !gt_read_bytes(&r, GT_GCM_TAG_LEN, &tag))
        return gt_fail(e, GT_ERR_INTERNAL, "record body split went wrong");

    uint8_t nonce[GT_GCM_NONCE_LEN], aad[GT_GCM_AAD_LEN];
    gt_record_gcm_nonce(cs->salt, explicit_nonce, nonce);
    /* The sequence number in the AAD is the one *we* expect next, never one
     * read from the wire: that is what catches replay and reordering. */
    gt_record_additional_data(cs->seq, type, version, len, aad);
    uint8_t *plain = body + GT_GCM_EXPLICIT_NONCE_LEN; /* in place, over the ciphertext */
    err = gt_aead_open(&cs->aead, nonce, aad, sizeof aad, ciphertext, len, tag, plain);
    if (err == GT_ERR_BAD_RECORD_MAC)
        return gt_fail(e, GT_ERR_BAD_RECORD_MAC,
                       "the GCM tag of the %s record expected as number %llu does not match: it "
                       "was altered on the way, or replayed, dropped or reordered, or the two "
                       "sides hold different keys",
                       gt_content_type_name(type), (unsigned long long)cs->seq);
    if (err)
        return gt_fail(e, GT_ERR_INTERNAL, "AES-GCM could not decrypt record number %llu",
                       (unsigned long long)cs->seq);
    cs->seq++;
    *plain_len = len;
    return GT_OK;
}
