/* record/read: the receiving side of the record layer, RFC 5246 section 6.2.
 * Bytes come in from the transport, are cut into records (5-byte header,
 * checked before the body arrives), unprotected (protect.c), and handed up:
 * handshake messages whole, however they were split into records (6.2.1),
 * everything else one record at a time. */
#include "record/record.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/bytes.h"
#include "record/protect.h"

/* One record found at the front of in[]. */
typedef struct record {
    uint8_t type;
    uint16_t version;
    uint8_t *body; /* inside in[]; plaintext replaces it once unprotected */
    size_t body_len;
    size_t wire_len; /* header + body */
    const uint8_t *plain;
    size_t plain_len;
} record;

bool gt_record_has_partial_handshake(const gt_record_layer *rl)
{
    return rl->hs_len > rl->hs_consumed;
}

/* ---- Taking bytes from the transport ---- */

static gt_err connection_ended(const gt_record_layer *rl, gt_error *e)
{
    const char *where = "";
    if (rl->in_len > 0)
        where = ", in the middle of a record";
    else if (gt_record_has_partial_handshake(rl))
        where = ", in the middle of a handshake message";
    /* Without close_notify (RFC 5246 7.2.1) we cannot tell a finished
     * conversation from one an attacker cut short. */
    return gt_fail(e, GT_ERR_TRUNCATED,
                   "the peer closed the connection without sending close_notify%s", where);
}

static gt_err receive_more(gt_record_layer *rl, gt_error *e)
{
    if (rl->in_eof)
        return connection_ended(rl, e);
    size_t room = sizeof rl->in - rl->in_len;
    errno = 0;
    long n = rl->io.recv(rl->io.ctx, rl->in + rl->in_len, room);
    if (n == GT_IO_WOULD_BLOCK)
        return GT_WANT_READ; /* nothing changed: the caller may simply call again */
    if (n == 0) {
        rl->in_eof = true;
        return connection_ended(rl, e);
    }
    if (n < 0 || (size_t)n > room) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return gt_fail(e, GT_ERR_IO, "timed out waiting for the peer to send data");
        return gt_fail(e, GT_ERR_IO, "receiving from the transport failed%s%s", errno ? ": " : "",
                       errno ? strerror(errno) : "");
    }
    rl->in_len += (size_t)n;
    return GT_OK;
}

/* ---- The record header, RFC 5246 6.2.1 ---- */

static gt_err check_content_type(uint8_t type, gt_error *e)
{
    if (type >= 0x80)
        /* An SSL 2.0 ClientHello starts with a 2-byte length whose top bit is
         * set, where a TLS record has its content type. */
        return gt_fail(e, GT_ERR_PROTOCOL_VERSION,
                       "the first byte is 0x%02x: this looks like an SSL 2.0-format "
                       "ClientHello, which glasstls does not accept (RFC 5246 Appendix E.2)",
                       type);
    if (type < GT_CT_CHANGE_CIPHER_SPEC || type > GT_CT_APPLICATION_DATA)
        /* RFC 5246 6: an unexpected record type gets unexpected_message. */
        return gt_fail(e, GT_ERR_UNEXPECTED_MESSAGE,
                       "received a record of unknown content type %u (TLS 1.2 knows 20 "
                       "change_cipher_spec, 21 alert, 22 handshake, 23 application_data)",
                       type);
    return GT_OK;
}

static gt_err check_version(const gt_record_layer *rl, uint16_t version, gt_error *e)
{
    /* Every SSL 3.0 and TLS version starts with byte 3. Before the hellos
     * have agreed on a version, any 3.x is allowed: RFC 5246 Appendix E.1
     * lets a client put {03,00} or {03,01} on its first ClientHello record. */
    if (version >> 8 != 3)
        return gt_fail(e, GT_ERR_PROTOCOL_VERSION,
                       "record version 0x%04x is not SSL 3.0 or TLS (the first version byte "
                       "should be 3)",
                       version);
    if (rl->peer_version_known && version != rl->peer_version)
        return gt_fail(e, GT_ERR_PROTOCOL_VERSION,
                       "record version 0x%04x differs from 0x%04x, the version the hello "
                       "messages agreed on",
                       version, rl->peer_version);
    return GT_OK;
}

static gt_err check_length(const gt_record_layer *rl, uint8_t type, uint16_t length, gt_error *e)
{
    if (length > GT_MAX_CIPHERTEXT)
        return gt_fail(e, GT_ERR_RECORD_OVERFLOW,
                       "%s record claims %u bytes; no TLS 1.2 record may exceed 2^14 + 2048 = "
                       "%d bytes (RFC 5246 6.2.3)",
                       gt_content_type_name(type), length, GT_MAX_CIPHERTEXT);
    if (!rl->rd.active && length > GT_MAX_PLAINTEXT)
        return gt_fail(e, GT_ERR_RECORD_OVERFLOW,
                       "unprotected %s record of %u bytes is over the 2^14 = %d byte limit on "
                       "plaintext (RFC 5246 6.2.1)",
                       gt_content_type_name(type), length, GT_MAX_PLAINTEXT);
    if (rl->rd.active && length < GT_GCM_RECORD_OVERHEAD)
        /* Too short to carry nonce and tag: treated like a failed tag. */
        return gt_fail(e, GT_ERR_BAD_RECORD_MAC,
                       "protected %s record of %u bytes is too short to hold the 8-byte "
                       "explicit nonce and the 16-byte GCM tag",
                       gt_content_type_name(type), length);
    return GT_OK;
}

/* Looks for one whole record at the front of in[]. The header is checked as
 * soon as its 5 bytes are here, so garbage (say, an HTTP request sent to a
 * TLS port) is refused at once instead of waiting for a body that never comes. */
static gt_err parse_record(gt_record_layer *rl, record *rec, bool *complete, gt_error *e)
{
    gt_reader r;
    uint16_t length;
    const uint8_t *body;
    *complete = false;
    gt_reader_init(&r, rl->in, rl->in_len);
    if (!gt_read_u8(&r, &rec->type) || !gt_read_u16(&r, &rec->version) || !gt_read_u16(&r, &length))
        return GT_OK;
    gt_err err = check_content_type(rec->type, e);
    if (!err)
        err = check_version(rl, rec->version, e);
    if (!err)
        err = check_length(rl, rec->type, length, e);
    if (err || !gt_read_bytes(&r, length, &body))
        return err;
    rec->body = rl->in + GT_RECORD_HEADER_LEN; /* == body, but writable for in-place decryption */
    rec->body_len = length;
    rec->wire_len = GT_RECORD_HEADER_LEN + length;
    *complete = true;
    return GT_OK;
}

/* Reads from the transport until a whole record is buffered. */
static gt_err next_record(gt_record_layer *rl, record *rec, gt_error *e)
{
    for (;;) {
        bool complete;
        gt_err err = parse_record(rl, rec, &complete, e);
        if (err || complete)
            return err;
        err = receive_more(rl, e);
        if (err)
            return err;
    }
}

/* ---- Unprotecting ---- */

static gt_err unprotect(gt_record_layer *rl, record *rec, gt_error *e)
{
    const uint8_t *wire = rl->in;
    if (!rl->rd.active) {
        rec->plain = rec->body;
        rec->plain_len = rec->body_len;
    } else {
        /* Decryption overwrites the wire bytes; the hook wants to see both,
         * so keep a copy in out[], which is free while we are reading (a hook
         * must not call back into the record layer). */
        if (rl->hook) {
            memcpy(rl->out, rl->in, rec->wire_len);
            wire = rl->out;
        }
        gt_err err = gt_record_open(&rl->rd, rec->type, rec->version, rec->body, rec->body_len,
                                    &rec->plain_len, e);
        if (err)
            return err;
        rec->plain = rec->body + GT_GCM_EXPLICIT_NONCE_LEN;
        /* Checked after the tag so that only the real peer can trigger it. */
        if (rec->plain_len > GT_MAX_PLAINTEXT)
            return gt_fail(e, GT_ERR_RECORD_OVERFLOW,
                           "decrypted %s record holds %zu bytes, over the 2^14 = %d byte limit "
                           "(RFC 5246 6.2.1)",
                           gt_content_type_name(rec->type), rec->plain_len, GT_MAX_PLAINTEXT);
    }
    if (rl->hook)
        rl->hook(rl->hook_ctx, false, rec->type, wire, rec->wire_len, rec->plain, rec->plain_len);
    return GT_OK;
}

/* Forgets the first n bytes of in[], so in[0] is again the start of a record. */
static void drop_input(gt_record_layer *rl, size_t n)
{
    memmove(rl->in, rl->in + n, rl->in_len - n);
    rl->in_len -= n;
}

/* ---- Handshake reassembly, RFC 5246 6.2.1 and 7.4 ---- */

/* Appends a handshake record's plaintext to the reassembly buffer, first
 * dropping the messages already handed up. */
static gt_err append_handshake(gt_record_layer *rl, const uint8_t *p, size_t n, gt_error *e)
{
    size_t keep = rl->hs_len - rl->hs_consumed;
    if (rl->hs_consumed > 0)
        memmove(rl->hs, rl->hs + rl->hs_consumed, keep);
    rl->hs_len = keep;
    rl->hs_consumed = 0;
    size_t need = keep + n;
    if (need > GT_HS_BUFFER_LIMIT)
        return gt_fail(e, GT_ERR_INTERNAL, "handshake reassembly buffer would exceed its bound");
    if (need > rl->hs_cap) {
        size_t cap = rl->hs_cap ? 2 * rl->hs_cap : 4096;
        if (cap < need)
            cap = need;
        if (cap > GT_HS_BUFFER_LIMIT)
            cap = GT_HS_BUFFER_LIMIT;
        uint8_t *bigger = realloc(rl->hs, cap);
        if (!bigger)
            return gt_fail(e, GT_ERR_INTERNAL, "out of memory for a handshake message");
        rl->hs = bigger;
        rl->hs_cap = cap;
    }
    memcpy(rl->hs + keep, p, n);
    rl->hs_len = need;
    return GT_OK;
}

/* If a whole handshake message (msg_type(1) length(3) body) is buffered,
 * hands it up and marks it consumed; the bytes stay where they are until the
 * next record is appended, so m->data remains valid until the next call. */
static gt_err next_handshake_message(gt_record_layer *rl, gt_message *m, bool *found, gt_error *e)
{
    gt_reader r;
    uint8_t msg_type;
    uint32_t length;
    const uint8_t *body;
    *found = false;
    if (!gt_record_has_partial_handshake(rl))
        return GT_OK;
    gt_reader_init(&r, rl->hs + rl->hs_consumed, rl->hs_len - rl->hs_consumed);
    if (!gt_read_u8(&r, &msg_type) || !gt_read_u24(&r, &length))
        return GT_OK;
    /* A 24-bit length allows 16 MiB; we refuse early rather than buffer it.
     * RFC 5246 names no alert for a message over an implementation's limit;
     * decode_error (7.2.2) is the one for a message whose length is wrong,
     * and for glasstls this length is. (OpenSSL answers illegal_parameter.) */
    if (length > GT_MAX_HANDSHAKE_MESSAGE)
        return gt_fail(e, GT_ERR_DECODE,
                       "handshake message (type %u) of %u bytes is over glasstls's limit of %d "
                       "bytes for one message",
                       msg_type, length, GT_MAX_HANDSHAKE_MESSAGE);
    if (!gt_read_bytes(&r, length, &body))
        return GT_OK;
    m->type = GT_CT_HANDSHAKE;
    m->data = rl->hs + rl->hs_consumed;
    m->len = 4 + (size_t)length;
    rl->hs_consumed += m->len;
    *found = true;
    return GT_OK;
}

/* ---- Handing records up ---- */

static gt_err check_record_content(const gt_record_layer *rl, const record *rec, gt_error *e)
{
    const char *name = gt_content_type_name(rec->type);
    /* RFC 5246 6.2.1 says implementations MUST NOT send zero-length
     * handshake, alert or change_cipher_spec fragments. Such a record is not
     * malformed (decode_error) but one the protocol never sends, hence
     * unexpected_message; accepting them would also let a peer keep us busy
     * with records that carry nothing. */
    if (rec->plain_len == 0 && rec->type != GT_CT_APPLICATION_DATA)
        return gt_fail(e, GT_ERR_UNEXPECTED_MESSAGE,
                       "received an empty %s record; RFC 5246 6.2.1 forbids zero-length "
                       "fragments of this type",
                       name);
    /* Only a partial message can be buffered here: whole ones are handed up
     * before another record is read.
     * A key change (CCS) or application data inside a handshake message
     * would mix protection states or interleave data with the handshake.
     * Alerts may interleave: a peer may have to abort at any moment. */
    if ((rec->type == GT_CT_CHANGE_CIPHER_SPEC || rec->type == GT_CT_APPLICATION_DATA) &&
        gt_record_has_partial_handshake(rl))
        return gt_fail(e, GT_ERR_UNEXPECTED_MESSAGE,
                       "a %s record arrived in the middle of a handshake message", name);
    /* Alert: level(1) description(1), RFC 5246 7.2. */
    if (rec->type == GT_CT_ALERT && rec->plain_len != 2)
        return gt_fail(e, GT_ERR_DECODE, "alert record of %zu bytes; an alert is exactly 2 bytes",
                       rec->plain_len);
    return GT_OK;
}

gt_err gt_record_read_message(gt_record_layer *rl, gt_message *m, gt_error *e)
{
    /* Release the record handed up by the previous call. */
    drop_input(rl, rl->pending_consume);
    rl->pending_consume = 0;
    for (;;) {
        bool found;
        gt_err err = next_handshake_message(rl, m, &found, e);
        if (err || found)
            return err;
        record rec;
        err = next_record(rl, &rec, e);
        if (!err)
            err = unprotect(rl, &rec, e);
        if (!err)
            err = check_record_content(rl, &rec, e);
        if (err)
            return err;
        if (rec.type == GT_CT_HANDSHAKE) {
            err = append_handshake(rl, rec.plain, rec.plain_len, e);
            drop_input(rl, rec.wire_len);
            if (err)
                return err;
            continue;
        }
        m->type = rec.type;
        m->data = rec.plain;
        m->len = rec.plain_len;
        rl->pending_consume = rec.wire_len; /* m->data lives in in[] until the next call */
        return GT_OK;
    }
}
