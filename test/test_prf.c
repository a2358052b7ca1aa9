/* test/test_prf: crypto/prf, the TLS 1.2 PRF with SHA-256 (RFC 5246 section 5).
 * Known answers:
 *  - the TLS 1.2 PRF (SHA-256) test vector posted to the IETF TLS working
 *    group list (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html),
 *    100 output bytes;
 *  - NIST CAVP TLS 1.2 KDF (SP 800-135) vectors for "master secret" and
 *    "key expansion", as published in OpenSSL's
 *    test/recipes/30-test_evp_data/evpkdf_tls12_prf.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "test/helpers/hex.h"
#include "crypto/prf.h"

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static const char ietf_output[] = "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                                  "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                                  "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                                  "87347b66";

static void test_ietf_vector(void **state)
{
    (void)state;
    uint8_t secret[16], seed[16], want[100], got[100];
    gt_test_unhex("9bbe436ba940f017b17652849a71db35", secret);
    gt_test_unhex("a0ba9f936cda311827a6f796ffd5198c", seed);
    assert_int_equal(gt_test_unhex(ietf_output, want), 100);
    assert_int_equal(gt_prf_sha256(secret, 16, "test label", seed, 16, got, 100), GT_OK);
    assert_memory_equal(got, want, 100);
}

/* Asking for fewer bytes gives a prefix of the longer output: P_hash is a
 * stream cut to length, including inside a 32-byte block. */
static void test_prefixes(void **state)
{
    (void)state;
    uint8_t secret[16], seed[16], want[100], got[100];
    gt_test_unhex("9bbe436ba940f017b17652849a71db35", secret);
    gt_test_unhex("a0ba9f936cda311827a6f796ffd5198c", seed);
    gt_test_unhex(ietf_output, want);
    const size_t lens[] = {0, 1, 12, 31, 32, 33, 48, 64, 99};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(got, 0xee, sizeof got);
        assert_int_equal(gt_prf_sha256(secret, 16, "test label", seed, 16, got, lens[i]), GT_OK);
        assert_memory_equal(got, want, lens[i]);
        assert_int_equal(got[lens[i]], 0xee); /* and not one byte more */
    }
}

/* master_secret = PRF(pre_master_secret, "master secret",
 *                     ClientHello.random + ServerHello.random)[0..47]  (RFC 5246 8.1) */
static void test_nist_master_secret(void **state)
{
    (void)state;
    uint8_t pms[48], randoms[64], want[48], got[48];
    gt_test_unhex("f8938ecc9edebc5030c0c6a441e213cd24e6f770a50dda07876f8d55da062bca"
                  "db386b411fd4fe4313a604fce6c17fbc",
                  pms);
    gt_test_unhex("36c129d01a3200894b9179faac589d9835d58775f9b5ea3587cb8fd0364cae8c", randoms);
    gt_test_unhex("f6c9575ed7ddd73e1f7d16eca115415812a43c2b747daaaae043abfb50053fce", randoms + 32);
    gt_test_unhex("202c88c00f84a17a20027079604787461176455539e705be730890602c289a50"
                  "01e34eeb3a043e5d52a65e66125188bf",
                  want);
    assert_int_equal(gt_prf_sha256(pms, 48, "master secret", randoms, 64, got, 48), GT_OK);
    assert_memory_equal(got, want, 48);
}

/* key_block = PRF(SecurityParameters.master_secret, "key expansion",
 *                 SecurityParameters.server_random + SecurityParameters.client_random)
 * (RFC 5246 6.3): note the randoms in the other order than for the master secret. */
static void test_nist_key_expansion(void **state)
{
    (void)state;
    uint8_t ms[48], randoms[64], want[128], got[128];
    gt_test_unhex("202c88c00f84a17a20027079604787461176455539e705be730890602c289a50"
                  "01e34eeb3a043e5d52a65e66125188bf",
                  ms);
    gt_test_unhex("ae6c806f8ad4d80784549dff28a4b58fd837681a51d928c3e30ee5ff14f39868", randoms);
    gt_test_unhex("62e1fd91f23f558a605f28478c58cf72637b89784d959df7e946d3f07bd1b616", randoms + 32);
    assert_int_equal(
        gt_test_unhex("d06139889fffac1e3a71865f504aa5d0d2a2e89506c6f2279b670c3e1b74f531"
                      "016a2530c51a3a0f7e1d6590d0f0566b2f387f8d11fd4f731cdd572d2eae927f"
                      "6f2f81410b25e6960be68985add6c38445ad9f8c64bf8068bf9a6679485d966f"
                      "1ad6f68b43495b10a683755ea2b858d70ccac7ec8b053c6bd41ca299d4e51928",
                      want),
        128);
    assert_int_equal(gt_prf_sha256(ms, 48, "key expansion", randoms, 64, got, 128), GT_OK);
    assert_memory_equal(got, want, 128);
}

static void test_label_seed_too_long(void **state)
{
    (void)state;
    uint8_t secret[1] = {1}, seed[300] = {0}, out[12];
    assert_int_equal(gt_prf_sha256(secret, 1, "x", seed, 255, out, 12), GT_OK);
    assert_int_equal(gt_prf_sha256(secret, 1, "x", seed, 256, out, 12), GT_ERR_USAGE);
    assert_int_equal(gt_prf_sha256(secret, 1, "", seed, 257, out, 12), GT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ietf_vector),         cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_nist_master_secret),  cmocka_unit_test(test_nist_key_expansion),
        cmocka_unit_test(test_label_seed_too_long),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
