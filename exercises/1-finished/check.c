/* exercises/finished: checks of gt_finished_compute (RFC 5246 7.4.9). The
 * expected verify_data are what OpenSSL's s_client and s_server sent in a
 * recorded session (test/fixtures/openssl-session/), from its master secret
 * and the hash of the handshake messages before each Finished. */
#include <stdlib.h>

#include "crypto/sha256.h"
#include "exercises/grader/grader.h"
#include "handshake/finished.h"
#include "test/helpers/transcript.h"

const char gx_exercise_title[] = "exercise finished: Finished verify_data (handshake/finished.c)";

static bool from_session(const char *dir, bool from_client)
{
    struct gt_fixture_session s;
    if (gt_transcript_fixture_load(dir, &s) != 0) {
        gx_say("could not load %s: %s", dir, s.error);
        return false;
    }
    const struct gt_fixture_message *fin = gt_fixture_find(&s, from_client, "Finished");
    uint8_t *all = NULL, hash[GT_SHA256_LEN], got[GT_VERIFY_DATA_LEN] = {0};
    size_t n = gt_fixture_handshake_bytes(&s, fin, &all);
    gt_sha256(all, n, hash);
    free(all);
    gt_err rc = gt_finished_compute(s.master_secret, from_client, hash, got);
    bool ok = gx_err_is("returned", GT_OK, rc) &&
              gx_bytes(from_client ? "the client's verify_data" : "the server's verify_data",
                       fin->bytes + 4, got, GT_VERIFY_DATA_LEN);
    gt_fixture_session_free(&s);
    return ok;
}

static bool client_ems(void) { return from_session(GT_FIXTURE_EMS, true); }
static bool server_ems(void) { return from_session(GT_FIXTURE_EMS, false); }
static bool client_no_ems(void) { return from_session(GT_FIXTURE_NO_EMS, true); }

const gx_check gx_exercise_checks[] = {
    {"client Finished of a recorded OpenSSL session", client_ems,
     "verify_data = PRF(master_secret, \"client finished\", handshake_hash), 12 bytes "
     "(RFC 5246 7.4.9); the label has no trailing NUL"},
    {"server Finished of the same session", server_ems,
     "the server's label is \"server finished\": which one does from_client pick?"},
    {"client Finished of a second session (no extended master secret)", client_no_ems,
     "the same rule: only the master secret and the hash differ"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
