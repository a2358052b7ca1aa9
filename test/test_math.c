/* test/test_math: the big-number backend behind RSA as a run-time choice
 * (crypto/crypto.c, `--math ltm|gmp`). Whatever the backend, RSA must give
 * the same answers, so each check runs under both:
 *  - decryption of a PKCS#1 v1.5 ciphertext made by OpenSSL (`openssl pkeyutl
 *    -encrypt -pkeyopt rsa_padding_mode:pkcs1` with the demo PKI's
 *    sensor-hub.pem, recorded once below) gives back OpenSSL's plaintext;
 *  - the root's signature on sensor-hub.pem (made by OpenSSL) verifies, and a
 *    changed signature does not;
 *  - a whole in-process handshake completes.
 * libtomcrypt names its descriptors itself ("LibTomMath", "GNU MP"): that is
 * how the test knows which library answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/rsa.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"
#include "test/helpers/hex.h"
#include "x509/pem.h"

/* the 48 bytes OpenSSL encrypted: a premaster-like 03 03 01 02 ... 2e */
static const char plain_hex[] = "03030102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
                                "1f202122232425262728292a2b2c2d2e";
static const char ct_hex[] = "7d188906fb3a1c50cd5699286a655919f52220795f5ec537c071f0931cca1ddb"
                             "893446b24326f285c18afbb157e6159cbb80b3cefcf21b87c47088af32f779e4"
                             "d7377de6811180be193eac1b33e19f1b6d4da0de79a450ccc44dc67f8d01454b"
                             "1205770962bfad053a2287053043496203f4ba8f79bbe5884762d787ebfcdb53"
                             "1b2914f81b678c71ecf7b95b813143ff76e9ecdbbc57ac3c5ac57cd91ba14c15"
                             "ed2de1a52cc2360773fd11b6e4e3f9bd2460de5edaad12a5bd217b87e8e538b9"
                             "3af46f2fce97dcd0ca44532e22014024c89c09e41736cf702fa73709bb815582"
                             "11f1d1758977a165be447266e3105930a7e8700edd3b506ad09b0972e4c85496";

static const gt_math backends[] = {GT_MATH_LTM, GT_MATH_GMP};
static const char *const descriptor_names[] = {"LibTomMath", "GNU MP"};

static int back_to_ltm(void **state)
{
    (void)state;
    return gt_crypto_use_math(GT_MATH_LTM) == GT_OK ? 0 : -1;
}

static void test_parse_names(void **state)
{
    (void)state;
    gt_math m = GT_MATH_GMP;
    assert_true(gt_math_parse("ltm", &m));
    assert_int_equal(m, GT_MATH_LTM);
    assert_true(gt_math_parse("gmp", &m));
    assert_int_equal(m, GT_MATH_GMP);
    assert_false(gt_math_parse("GMP", &m));
    assert_false(gt_math_parse("", &m));
    assert_false(gt_math_parse(NULL, &m));
    assert_string_equal(gt_math_name(GT_MATH_LTM), "ltm");
    assert_string_equal(gt_math_name(GT_MATH_GMP), "gmp");
    assert_int_equal(gt_crypto_use_math((gt_math)7), GT_ERR_USAGE);
}

static void test_backend_is_selected(void **state)
{
    (void)state;
    assert_int_equal(gt_crypto_init(), GT_OK);
    assert_string_equal(ltc_mp.name, "LibTomMath"); /* the default */
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(gt_crypto_use_math(backends[i]), GT_OK);
        assert_int_equal(gt_crypto_math(), backends[i]);
        assert_string_equal(ltc_mp.name, descriptor_names[i]);
    }
}

static void test_openssl_ciphertext_decrypts(void **state)
{
    (void)state;
    uint8_t ct[256], plain[48], out[48];
    assert_int_equal(gt_test_unhex(ct_hex, ct), sizeof ct);
    assert_int_equal(gt_test_unhex(plain_hex, plain), sizeof plain);
    for (size_t i = 0; i < 2; i++) {
        rsa_key key;
        gt_error e = {0};
        assert_int_equal(gt_crypto_use_math(backends[i]), GT_OK);
        assert_int_equal(gt_pem_load_rsa_key("test/pki/sensor-hub.key", &key, &e), GT_OK);
        assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&key, ct, sizeof ct, out, sizeof out),
                         0xffffffffu);
        assert_memory_equal(out, plain, sizeof plain);
        gt_rsa_free(&key);
    }
}

static void test_openssl_signature_verifies(void **state)
{
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        gt_cert leaf, root;
        size_t n = 0;
        gt_error e = {0};
        uint8_t digest[32], sig[512];
        unsigned long dn = sizeof digest;
        assert_int_equal(gt_crypto_use_math(backends[i]), GT_OK);
        assert_int_equal(gt_pem_load_certs("test/pki/sensor-hub.pem", &leaf, 1, &n, &e), GT_OK);
        assert_int_equal(gt_pem_load_certs("test/pki/root.pem", &root, 1, &n, &e), GT_OK);
        assert_int_equal(hash_memory(find_hash("sha256"), leaf.tbs, leaf.tbs_len, digest, &dn),
                         CRYPT_OK);
        assert_true(leaf.sig_len <= sizeof sig);
        memcpy(sig, leaf.sig, leaf.sig_len);
        assert_int_equal(
            gt_rsa_pkcs1_verify(&root.rsa, GT_HASH_SHA256, digest, dn, sig, leaf.sig_len), GT_OK);
        sig[leaf.sig_len / 2] ^= 1;
        assert_int_equal(
            gt_rsa_pkcs1_verify(&root.rsa, GT_HASH_SHA256, digest, dn, sig, leaf.sig_len),
            GT_ERR_DECRYPT);
        gt_cert_free(&leaf);
        gt_cert_free(&root);
    }
}

static void test_handshake_under_each_backend(void **state)
{
    (void)state;
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    for (size_t i = 0; i < 2; i++) {
        gt_demo_pair p;
        assert_int_equal(gt_crypto_use_math(backends[i]), GT_OK);
        /* keys are loaded after the switch: they belong to this backend */
        assert_int_equal(gt_demo_pair_load(&p, chain, "test/pki/sensor-hub.key", 1767225600), 0);
        assert_int_equal(gt_demo_pair_start(&p), 0);
        gt_err rc = gt_pair_run(p.client, p.server);
        if (rc != GT_OK)
            fail_msg("handshake under %s: %s", gt_math_name(backends[i]),
                     gt_conn_error(p.client)->why);
        gt_demo_pair_free(&p);
    }
}

/* `glasstls server --math` refuses a name it does not know, before it
 * listens anywhere. */
static void test_command_rejects_unknown_math(void **state)
{
    (void)state;
    const char *g = getenv("GLASSTLS");
    char cmd[512], out[512] = "";
    snprintf(cmd, sizeof cmd, "timeout 20 %s server --port 0 --math nope 2>&1",
             g && g[0] ? g : "build/glasstls");
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t got = fread(out, 1, sizeof out - 1, f);
    out[got] = 0;
    int status = pclose(f);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_non_null(strstr(out, "--math takes ltm or gmp, not 'nope'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_parse_names, back_to_ltm),
        cmocka_unit_test_teardown(test_backend_is_selected, back_to_ltm),
        cmocka_unit_test_teardown(test_openssl_ciphertext_decrypts, back_to_ltm),
        cmocka_unit_test_teardown(test_openssl_signature_verifies, back_to_ltm),
        cmocka_unit_test_teardown(test_handshake_under_each_backend, back_to_ltm),
        cmocka_unit_test(test_command_rejects_unknown_math),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
