/* record/record: the TLS record layer's state and its sending side, RFC 5246
 * section 6.2 (record header, fragmentation at 2^14 bytes) and 6.1 (keys and
 * sequence numbers). Receiving is in read.c, AES-GCM protection in protect.c. */
#include "record/record.h"

#include <stdlib.h>
#include <string.h>

#include "bytes/bytes.h"
#include "crypto/ct.h"
#include "record/protect.h"

void gt_record_init(gt_record_layer *rl, gt_transport io)
{
    memset(rl, 0, sizeof *rl);
    rl->io = io;
    rl->write_version = GT_TLS12;
}

static void cipher_state_wipe(gt_cipher_state *cs)
{
    gt_aead_wipe(&cs->aead);
    gt_wipe(cs, sizeof *cs);
}

void gt_record_free(gt_record_layer *rl)
{
    cipher_state_wipe(&rl->rd);
    cipher_state_wipe(&rl->wr);
    /* in[] and out[] may hold decrypted application data */
    gt_wipe(rl->in, sizeof rl->in);
    gt_wipe(rl->out, sizeof rl->out);
    if (rl->hs) {
        gt_wipe(rl->hs, rl->hs_cap);
        free(rl->hs);
    }
    rl->hs = NULL;
    rl->hs_len = rl->hs_cap = rl->hs_consumed = 0;
}

/* RFC 5246 6.1: each key change starts a fresh connection state whose
 * sequence number is 0. */
static gt_err cipher_state_set(gt_cipher_state *cs, const uint8_t key[GT_AES128_KEY_LEN],
                               const uint8_t salt[4])
{
    cipher_state_wipe(cs);
    gt_err err = gt_aead_init(&cs->aead, key);
    if (err)
        return err;
    memcpy(cs->salt, salt, sizeof cs->salt);
    cs->seq = 0;
    cs->active = true;
    return GT_OK;
}

gt_err gt_record_set_write_key(gt_record_layer *rl, const uint8_t key[GT_AES128_KEY_LEN],
                               const uint8_t salt[4])
{
    return cipher_state_set(&rl->wr, key, salt);
}

gt_err gt_record_set_read_key(gt_record_layer *rl, const uint8_t key[GT_AES128_KEY_LEN],
                              const uint8_t salt[4])
{
    return cipher_state_set(&rl->rd, key, salt);
}

const char *gt_content_type_name(uint8_t type)
{
    switch (type) {
    case GT_CT_CHANGE_CIPHER_SPEC: return "change_cipher_spec";
    case GT_CT_ALERT: return "alert";
    case GT_CT_HANDSHAKE: return "handshake";
    case GT_CT_APPLICATION_DATA: return "application_data";
    default: return "unknown";
    }
}

/* Builds one record in out[]: the 5-byte header of RFC 5246 6.2.1
 *   ContentType type; ProtocolVersion version; uint16 length;
 * then the fragment, sealed with AES-GCM when the write state is active. */
static gt_err build_record(gt_record_layer *rl, uint8_t type, const uint8_t *plain, size_t len,
                           size_t *wire_len, gt_error *e)
{
    uint8_t *header = rl->out;
    uint8_t *body = rl->out + GT_RECORD_HEADER_LEN;
    size_t body_len = len;
    if (rl->wr.active) {
        gt_err err = gt_record_seal(&rl->wr, type, rl->write_version, plain, len, body, e);
        if (err)
            return err;
        body_len += GT_GCM_RECORD_OVERHEAD;
    } else {
        memcpy(body, plain, len);
    }
    header[0] = type;
    gt_put_u16(header + 1, rl->write_version);
    gt_put_u16(header + 3, (uint16_t)body_len);
    *wire_len = GT_RECORD_HEADER_LEN + body_len;
    return GT_OK;
}

/* Sends one record of at most 2^14 plaintext bytes, header and body in one
 * send so that a trace of the transport shows whole records. */
static gt_err write_record(gt_record_layer *rl, uint8_t type, const uint8_t *plain, size_t len,
                           gt_error *e)
{
    size_t wire_len;
    gt_err err = build_record(rl, type, plain, len, &wire_len, e);
    if (err)
        return err;
    long sent = rl->io.send(rl->io.ctx, rl->out, wire_len);
    if (sent < 0 || (size_t)sent != wire_len)
        return gt_fail(e, GT_ERR_IO, "could not send a %s record of %zu bytes to the peer",
                       gt_content_type_name(type), wire_len);
    if (rl->hook)
        rl->hook(rl->hook_ctx, true, type, rl->out, wire_len, plain, len);
    return GT_OK;
}

static bool known_content_type(uint8_t type)
{
    return type == GT_CT_CHANGE_CIPHER_SPEC || type == GT_CT_ALERT || type == GT_CT_HANDSHAKE ||
           type == GT_CT_APPLICATION_DATA;
}

gt_err gt_record_write(gt_record_layer *rl, uint8_t type, const uint8_t *data, size_t len,
                       gt_error *e)
{
    static const uint8_t nothing[1];
    if (!known_content_type(type))
        return gt_fail(e, GT_ERR_USAGE, "cannot send a record of unknown content type %u", type);
    /* RFC 5246 6.2.1: zero-length fragments are allowed for application data
     * only (as a traffic-analysis countermeasure). */
    if (len == 0 && type != GT_CT_APPLICATION_DATA)
        return gt_fail(e, GT_ERR_USAGE,
                       "refusing to send an empty %s record: RFC 5246 6.2.1 forbids "
                       "zero-length handshake, alert and change_cipher_spec fragments",
                       gt_content_type_name(type));
    if (!data && len > 0)
        return gt_fail(e, GT_ERR_USAGE, "gt_record_write was given no data but a length");
    if (!data)
        data = nothing;
    /* Fragment: every record carries at most 2^14 bytes of plaintext (RFC
     * 5246 6.2.1); an empty application_data write still sends one record. */
    size_t done = 0;
    do {
        size_t n = len - done;
        if (n > GT_MAX_PLAINTEXT)
            n = GT_MAX_PLAINTEXT;
        gt_err err = write_record(rl, type, data + done, n, e);
        if (err)
            return err;
        done += n;
    } while (done < len);
    return GT_OK;
}
