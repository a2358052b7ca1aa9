/* exercises/gcm-record: checks of gt_record_gcm_nonce and
 * gt_record_additional_data. The small vectors are the byte layouts of RFC
 * 5288 section 3 and RFC 5246 6.2.3.3 written out by hand; the last check
 * opens the first encrypted record OpenSSL's s_client sent in a recorded
 * session (its Finished), which only the right nonce and AAD can do. */
#include <string.h>

#include "crypto/aead.h"
#include "exercises/grader/grader.h"
#include "handshake/keys.h"
#include "record/protect.h"
#include "test/helpers/transcript.h"

const char gx_exercise_title[] = "exercise gcm-record: GCM nonce and additional data "
                                 "(record/protect.c)";

static bool nonce_layout(void)
{
    static const uint8_t salt[4] = {0xa0, 0xa1, 0xa2, 0xa3};
    static const uint8_t expl[8] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07};
    uint8_t want[12], got[12];
    gx_unhex("a0a1a2a3 0000000000000007", want, sizeof want);
    memset(got, 0xee, sizeof got);
    gt_record_gcm_nonce(salt, expl, got);
    return gx_bytes("nonce = salt(4) || nonce_explicit(8)", want, got, sizeof want);
}

static bool aad_first_record(void)
{
    /* The client's Finished: sequence number 0, handshake(22), TLS 1.2, 16 bytes. */
    uint8_t want[13], got[13];
    gx_unhex("0000000000000000 16 0303 0010", want, sizeof want);
    memset(got, 0xee, sizeof got);
    gt_record_additional_data(0, 22, 0x0303, 16, got);
    return gx_bytes("additional_data of record 0 (handshake, 16 bytes)", want, got, sizeof want);
}

static bool aad_big_endian(void)
{
    /* application_data(23) number 0x0102030405060708, 0x1234 bytes: every
     * byte differs, so a number written backwards or shifted shows. */
    uint8_t want[13], got[13];
    gx_unhex("0102030405060708 17 0303 1234", want, sizeof want);
    memset(got, 0xee, sizeof got);
    gt_record_additional_data(0x0102030405060708ull, 23, 0x0303, 0x1234, got);
    return gx_bytes("additional_data of record 0x0102030405060708 (application_data, 0x1234 "
                    "bytes)",
                    want, got, sizeof want);
}

/* The first record after the client's ChangeCipherSpec, from the raw bytes. */
static bool first_protected_record(const uint8_t *p, size_t n, const uint8_t **body, size_t *len)
{
    bool after_ccs = false;
    for (size_t at = 0; at + 5 <= n;) {
        size_t l = (size_t)p[at + 3] << 8 | p[at + 4];
        if (at + 5 + l > n)
            return false;
        if (after_ccs) {
            *body = p + at + 5;
            *len = l;
            return p[at] == 22;
        }
        after_ccs = p[at] == 20;
        at += 5 + l;
    }
    return false;
}

static bool opens_openssl_record(void)
{
    struct gt_fixture_session s;
    if (gt_transcript_fixture_load(GT_FIXTURE_EMS, &s) != 0) {
        gx_say("could not load the recorded session: %s", s.error);
        return false;
    }
    bool ok = false;
    const uint8_t *body;
    size_t len;
    gt_key_block kb;
    gt_aead aead;
    const struct gt_fixture_message *fin = gt_fixture_find(&s, true, "Finished");
    if (!s.client_to_server ||
        !first_protected_record(s.client_to_server, s.client_to_server_len, &body, &len) ||
        len != 8 + 16 + 16 || !fin) {
        gx_say("the recorded session has no protected client Finished");
        goto out;
    }
    gt_key_block_derive(s.master_secret, s.client_random, s.server_random, &kb);
    gt_aead_init(&aead, kb.client_write_key);
    uint8_t nonce[12], aad[13], plain[16];
    gt_record_gcm_nonce(kb.client_write_iv, body, nonce);
    gt_record_additional_data(0, 22, 0x0303, 16, aad);
    if (gt_aead_open(&aead, nonce, aad, sizeof aad, body + 8, 16, body + 24, plain) != GT_OK) {
        gx_say("AES-GCM refused OpenSSL's record with your nonce and additional data (wrong tag)");
        goto out;
    }
    ok = gx_bytes("the plaintext of OpenSSL's Finished record", fin->bytes, plain, 16);
out:
    gt_fixture_session_free(&s);
    return ok;
}

const gx_check gx_exercise_checks[] = {
    {"the nonce of a record: salt then explicit nonce", nonce_layout,
     "RFC 5288 section 3: 4 bytes of salt, then the 8 bytes sent before the ciphertext"},
    {"additional_data of the first record (sequence number 0)", aad_first_record,
     "RFC 5246 6.2.3.3: seq_num(8) type(1) version(2) length(2), 13 bytes"},
    {"additional_data with a large sequence number and length", aad_big_endian,
     "every number is big-endian: the most significant byte first (gt_put_u64 and gt_put_u16 "
     "in bytes/bytes.h do this)"},
    {"opens the Finished record OpenSSL's client sent in a recorded session", opens_openssl_record,
     "GCM checks the tag over exactly these nonce and additional data bytes: one wrong byte "
     "and the record is refused"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
