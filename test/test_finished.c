/* test/test_finished: handshake/finished's verify_data against OpenSSL's.
 * RFC 5246 7.4.9: verify_data = PRF(master_secret, finished_label,
 * Hash(handshake_messages))[0..11], where handshake_messages are all the
 * handshake messages before this Finished (ChangeCipherSpec is not one). The
 * master secret and the messages come from the recorded OpenSSL sessions;
 * the expected verify_data is what s_client and s_server actually sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/sha256.h"
#include "handshake/finished.h"
#include "test/helpers/fixture_state.h"
#include "test/helpers/transcript.h"

/* SHA-256 over the handshake messages before `fin`, fed to the running
 * transcript one message at a time, as a connection does. */
static void hash_before(const struct gt_fixture_session *s, const struct gt_fixture_message *fin,
                        uint8_t out[GT_SHA256_LEN])
{
    gt_transcript t;
    gt_transcript_init(&t);
    for (const struct gt_fixture_message *m = s->msgs; m < fin; m++)
        if (m->kind == GT_FIXTURE_HANDSHAKE)
            gt_transcript_add(&t, m->bytes, m->len);
    gt_transcript_hash(&t, out);

    /* The same as hashing the concatenation in one go. */
    uint8_t *all, whole[GT_SHA256_LEN];
    size_t n = gt_fixture_handshake_bytes(s, fin, &all);
    assert_true(n > 0);
    assert_int_equal(t.total, n);
    gt_sha256(all, n, whole);
    free(all);
    assert_memory_equal(out, whole, GT_SHA256_LEN);
}

static void check_finished(const struct gt_fixture_session *s, bool from_client)
{
    const struct gt_fixture_message *fin = gt_fixture_find(s, from_client, "Finished");
    uint8_t hash[GT_SHA256_LEN], vd[GT_VERIFY_DATA_LEN];
    assert_non_null(fin);
    assert_int_equal(fin->len, 4 + GT_VERIFY_DATA_LEN);
    assert_int_equal(fin->bytes[0], 20); /* HandshakeType finished */

    hash_before(s, fin, hash);
    assert_int_equal(gt_finished_compute(s->master_secret, from_client, hash, vd), GT_OK);
    assert_memory_equal(vd, fin->bytes + 4, GT_VERIFY_DATA_LEN);

    /* The other side's label gives another value. */
    assert_int_equal(gt_finished_compute(s->master_secret, !from_client, hash, vd), GT_OK);
    assert_memory_not_equal(vd, fin->bytes + 4, GT_VERIFY_DATA_LEN);
}

static void test_client_finished_equals_openssl(void **state) { check_finished(*state, true); }
static void test_server_finished_equals_openssl(void **state) { check_finished(*state, false); }

static void test_server_finished_covers_client_finished(void **state)
{
    /* The server's Finished hashes one message more than the client's: the
     * client's Finished itself. Leaving it out must not give OpenSSL's value. */
    const struct gt_fixture_session *s = *state;
    const struct gt_fixture_message *fin = gt_fixture_find(s, false, "Finished");
    uint8_t hash[GT_SHA256_LEN], vd[GT_VERIFY_DATA_LEN];
    hash_before(s, gt_fixture_find(s, true, "Finished"), hash);
    assert_int_equal(gt_finished_compute(s->master_secret, false, hash, vd), GT_OK);
    assert_memory_not_equal(vd, fin->bytes + 4, GT_VERIFY_DATA_LEN);
}

static void test_one_changed_byte_changes_verify_data(void **state)
{
    /* Tampering anywhere in the handshake, here one bit of the ClientHello's
     * random, is caught by Finished. */
    const struct gt_fixture_session *s = *state;
    const struct gt_fixture_message *fin = gt_fixture_find(s, true, "Finished");
    uint8_t *all, hash[GT_SHA256_LEN], vd[GT_VERIFY_DATA_LEN];
    size_t n = gt_fixture_handshake_bytes(s, fin, &all);
    assert_true(n > 10);
    all[10] ^= 0x01;
    gt_sha256(all, n, hash);
    free(all);
    assert_int_equal(gt_finished_compute(s->master_secret, true, hash, vd), GT_OK);
    assert_memory_not_equal(vd, fin->bytes + 4, GT_VERIFY_DATA_LEN);
}

#define BOTH(t)                                                                                    \
    {#t " (ems)", t, gt_fixture_setup_ems, gt_fixture_teardown, NULL},                             \
    {                                                                                              \
#t " (no-ems)", t, gt_fixture_setup_no_ems, gt_fixture_teardown, NULL                      \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_client_finished_equals_openssl),
        BOTH(test_server_finished_equals_openssl),
        BOTH(test_server_finished_covers_client_finished),
        BOTH(test_one_changed_byte_changes_verify_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
