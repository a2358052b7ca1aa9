/* test/test_keys: handshake/keys against OpenSSL. The recorded sessions of
 * test/fixtures/openssl-session give OpenSSL's premaster (keylog RSA line),
 * its master secret (keylog CLIENT_RANDOM line), both randoms and the
 * transcript; glasstls must derive the very same master secret, classic
 * (RFC 5246 8.1) or extended (RFC 7627 4), and a key block (RFC 5246 6.3)
 * that opens OpenSSL's encrypted records on the wire (RFC 5288). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/aead.h"
#include "crypto/crypto.h"
#include "crypto/sha256.h"
#include "handshake/keys.h"
#include "test/helpers/fixture_state.h"
#include "test/helpers/transcript.h"

/* RFC 7627 section 3: session_hash = Hash(ClientHello .. ClientKeyExchange),
 * every handshake message before the client's ChangeCipherSpec and Finished. */
static void session_hash(const struct gt_fixture_session *s, uint8_t out[GT_SHA256_LEN])
{
    uint8_t *msgs;
    size_t n = gt_fixture_handshake_bytes(s, gt_fixture_find(s, true, "Finished"), &msgs);
    assert_true(n > 0);
    gt_sha256(msgs, n, out);
    free(msgs);
}

static void test_extended_master_secret_equals_openssl(void **state)
{
    const struct gt_fixture_session *s = *state;
    uint8_t hash[GT_SHA256_LEN], master[GT_MASTER_LEN];
    assert_true(s->extended_master_secret && s->has_premaster);
    session_hash(s, hash);
    assert_int_equal(gt_extended_master_secret(s->premaster_secret, hash, master), GT_OK);
    assert_memory_equal(master, s->master_secret, GT_MASTER_LEN);

    /* The classic formula would have given another secret: the extension
     * really changes the derivation, it is not a label on the side. */
    assert_int_equal(
        gt_master_secret(s->premaster_secret, s->client_random, s->server_random, master), GT_OK);
    assert_memory_not_equal(master, s->master_secret, GT_MASTER_LEN);
}

static void test_master_secret_equals_openssl(void **state)
{
    const struct gt_fixture_session *s = *state;
    uint8_t master[GT_MASTER_LEN];
    assert_false(s->extended_master_secret);
    assert_true(s->has_premaster);
    assert_int_equal(
        gt_master_secret(s->premaster_secret, s->client_random, s->server_random, master), GT_OK);
    assert_memory_equal(master, s->master_secret, GT_MASTER_LEN);

    /* The randoms in the wrong order give another secret. */
    assert_int_equal(
        gt_master_secret(s->premaster_secret, s->server_random, s->client_random, master), GT_OK);
    assert_memory_not_equal(master, s->master_secret, GT_MASTER_LEN);
}

static unsigned u16_at(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* Opens the index-th encrypted record (0: the Finished right after the
 * ChangeCipherSpec) of a raw stream with a key and IV of the key block:
 * RFC 5288 section 3, nonce = write_IV (4) + explicit nonce (8), additional
 * data = seq_num (8) + type (1) + version (2) + plaintext length (2). */
static void open_record(const uint8_t *stream, size_t n, size_t index, const uint8_t key[16],
                        const uint8_t iv[4], uint8_t *plain, size_t *plain_len)
{
    size_t at = 0, seq = 0;
    int encrypted = 0;
    while (at + 5 <= n) {
        size_t len = u16_at(stream + at + 3);
        assert_true(at + 5 + len <= n);
        const uint8_t *rec = stream + at;
        at += 5 + len;
        if (!encrypted) {
            encrypted = rec[0] == 20; /* ChangeCipherSpec: the next record is protected */
            continue;
        }
        if (seq++ != index)
            continue;
        assert_true(len >= 8 + GT_GCM_TAG_LEN);
        size_t pt_len = len - 8 - GT_GCM_TAG_LEN;
        uint8_t nonce[GT_GCM_NONCE_LEN], aad[13] = {0};
        memcpy(nonce, iv, 4);
        memcpy(nonce + 4, rec + 5, 8);
        aad[7] = (uint8_t)index; /* seq_num, big-endian, small here */
        aad[8] = rec[0];
        aad[9] = rec[1];
        aad[10] = rec[2];
        aad[11] = (uint8_t)(pt_len >> 8);
        aad[12] = (uint8_t)pt_len;
        gt_aead a;
        assert_int_equal(gt_aead_init(&a, key), GT_OK);
        assert_int_equal(gt_aead_open(&a, nonce, aad, sizeof aad, rec + 5 + 8, pt_len,
                                      rec + 5 + 8 + pt_len, plain),
                         GT_OK);
        gt_aead_wipe(&a);
        *plain_len = pt_len;
        return;
    }
    fail_msg("the stream has no encrypted record %zu", index);
}

static void expect_message(const uint8_t *plain, size_t len, const struct gt_fixture_message *m)
{
    assert_non_null(m);
    assert_int_equal(len, m->len);
    assert_memory_equal(plain, m->bytes, len);
}

static void test_key_block_opens_openssl_records(void **state)
{
    const struct gt_fixture_session *s = *state;
    gt_key_block kb;
    uint8_t plain[64];
    size_t len;
    assert_int_equal(gt_key_block_derive(s->master_secret, s->client_random, s->server_random, &kb),
                     GT_OK);
    assert_non_null(s->client_to_server);
    assert_non_null(s->server_to_client);

    /* Each direction's Finished (sequence number 0), then its data (1). */
    open_record(s->client_to_server, s->client_to_server_len, 0, kb.client_write_key,
                kb.client_write_iv, plain, &len);
    expect_message(plain, len, gt_fixture_find(s, true, "Finished"));
    open_record(s->server_to_client, s->server_to_client_len, 0, kb.server_write_key,
                kb.server_write_iv, plain, &len);
    expect_message(plain, len, gt_fixture_find(s, false, "Finished"));
    open_record(s->client_to_server, s->client_to_server_len, 1, kb.client_write_key,
                kb.client_write_iv, plain, &len);
    expect_message(plain, len, gt_fixture_find(s, true, "ApplicationData"));
    open_record(s->server_to_client, s->server_to_client_len, 1, kb.server_write_key,
                kb.server_write_iv, plain, &len);
    expect_message(plain, len, gt_fixture_find(s, false, "ApplicationData"));
}

static void test_key_block_seed_order_matters(void **state)
{
    /* key expansion takes server_random + client_random, the reverse of the
     * master secret's seed; swapped randoms must give other keys. */
    const struct gt_fixture_session *s = *state;
    gt_key_block right, swapped;
    assert_int_equal(
        gt_key_block_derive(s->master_secret, s->client_random, s->server_random, &right), GT_OK);
    assert_int_equal(
        gt_key_block_derive(s->master_secret, s->server_random, s->client_random, &swapped), GT_OK);
    assert_memory_not_equal(&right, &swapped, sizeof right);
    assert_memory_not_equal(right.client_write_key, right.server_write_key, 16);
}

#define BOTH(t)                                                                                    \
    {#t " (ems)", t, gt_fixture_setup_ems, gt_fixture_teardown, NULL},                             \
    {                                                                                              \
#t " (no-ems)", t, gt_fixture_setup_no_ems, gt_fixture_teardown, NULL                      \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_extended_master_secret_equals_openssl,
                                        gt_fixture_setup_ems, gt_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_master_secret_equals_openssl, gt_fixture_setup_no_ems,
                                        gt_fixture_teardown),
        BOTH(test_key_block_opens_openssl_records),
        BOTH(test_key_block_seed_order_matters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
