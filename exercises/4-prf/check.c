/* exercises/prf: checks of gt_prf_sha256. The first vector is the one
 * published for TLS 1.2's PRF with SHA-256 on the IETF TLS list (secret,
 * seed, label "test label", 100 bytes out); the others are the master
 * secrets of sessions recorded with OpenSSL (keylog), derived again from
 * their premaster secrets with the labels of RFC 5246 8.1 and RFC 7627 4. */
#include <stdlib.h>
#include <string.h>

#include "crypto/prf.h"
#include "crypto/sha256.h"
#include "exercises/grader/grader.h"
#include "test/helpers/transcript.h"

const char gx_exercise_title[] = "exercise prf: the TLS 1.2 PRF (crypto/prf.c)";

static const char ietf_secret[] = "9bbe436ba940f017b17652849a71db35";
static const char ietf_seed[] = "a0ba9f936cda311827a6f796ffd5198c";
static const char ietf_out[] = "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                               "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                               "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                               "87347b66";

static bool ietf_len(size_t len)
{
    uint8_t secret[16], seed[16], want[100], got[101];
    gx_unhex(ietf_secret, secret, sizeof secret);
    gx_unhex(ietf_seed, seed, sizeof seed);
    gx_unhex(ietf_out, want, sizeof want);
    memset(got, 0xee, sizeof got);
    gt_err rc = gt_prf_sha256(secret, 16, "test label", seed, 16, got, len);
    if (!gx_err_is("returned", GT_OK, rc))
        return false;
    char what[64];
    snprintf(what, sizeof what, "PRF output (%zu bytes asked)", len);
    if (!gx_bytes(what, want, got, len))
        return false;
    if (got[len] != 0xee) {
        gx_say("%zu bytes were asked, but byte %zu was written too", len, len);
        return false;
    }
    return true;
}

static bool ietf_100(void) { return ietf_len(100); }
static bool ietf_12(void) { return ietf_len(12); }
static bool ietf_33(void) { return ietf_len(33); }

static bool master_secret(const char *dir, bool ems)
{
    struct gt_fixture_session s;
    if (gt_transcript_fixture_load(dir, &s) != 0 || !s.has_premaster) {
        gx_say("could not load the recorded session %s", dir);
        return false;
    }
    uint8_t seed[64], got[48];
    size_t seed_len;
    if (ems) {
        /* RFC 7627 4: session_hash covers ClientHello..ClientKeyExchange. */
        uint8_t *all = NULL;
        size_t n = gt_fixture_handshake_bytes(&s, gt_fixture_find(&s, true, "Finished"), &all);
        gt_sha256(all, n, seed);
        free(all);
        seed_len = 32;
    } else {
        memcpy(seed, s.client_random, 32);
        memcpy(seed + 32, s.server_random, 32);
        seed_len = 64;
    }
    gt_err rc =
        gt_prf_sha256(s.premaster_secret, 48, ems ? "extended master secret" : "master secret",
                      seed, seed_len, got, 48);
    bool ok =
        gx_err_is("returned", GT_OK, rc) && gx_bytes("master secret", s.master_secret, got, 48);
    gt_fixture_session_free(&s);
    return ok;
}

static bool master_classic(void) { return master_secret(GT_FIXTURE_NO_EMS, false); }
static bool master_extended(void) { return master_secret(GT_FIXTURE_EMS, true); }

static bool too_long(void)
{
    uint8_t seed[300] = {0}, out[16];
    return gx_err_is("label + seed of 10 + 300 bytes", GT_ERR_USAGE,
                     gt_prf_sha256(seed, 16, "test label", seed, sizeof seed, out, sizeof out));
}

const gx_check gx_exercise_checks[] = {
    {"the IETF test vector, 100 bytes (four HMAC blocks, the last cut)", ietf_100,
     "A(1) = HMAC(secret, label + seed); block i = HMAC(secret, A(i) + label + seed); "
     "A(i+1) = HMAC(secret, A(i))"},
    {"the same vector, 12 bytes (as for verify_data)", ietf_12,
     "copy only out_len bytes of the last block"},
    {"the same vector, 33 bytes (one byte into the second block)", ietf_33,
     "the second block uses A(2), not A(1) again"},
    {"master secret of an OpenSSL session (RFC 5246 8.1)", master_classic,
     "the seed is \"master secret\" + client_random + server_random"},
    {"extended master secret of an OpenSSL session (RFC 7627 4)", master_extended,
     "the seed is \"extended master secret\" + session_hash"},
    {"label + seed longer than 256 bytes: GT_ERR_USAGE", too_long,
     "check the lengths before copying label and seed into a fixed buffer"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
