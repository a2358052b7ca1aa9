/* test/test_hmac: crypto/hmac, HMAC-SHA256.
 * Known answers: RFC 4231 section 4, test cases 1, 2, 3, 4, 6 and 7 (case 5
 * is a truncated output, which TLS does not use). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/hmac.h"

static void unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void check(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                  const char *expected_hex)
{
    uint8_t got[GT_SHA256_LEN], want[GT_SHA256_LEN];
    unhex(expected_hex, want);
    gt_hmac_sha256(key, key_len, msg, msg_len, got);
    assert_memory_equal(got, want, GT_SHA256_LEN);
    /* The two-part form must agree for every split of the message. */
    for (size_t cut = 0; cut <= msg_len; cut++) {
        gt_hmac_sha256_2(key, key_len, msg, cut, msg + cut, msg_len - cut, got);
        assert_memory_equal(got, want, GT_SHA256_LEN);
    }
}

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static void test_rfc4231_case1(void **state)
{
    (void)state;
    uint8_t key[20];
    memset(key, 0x0b, sizeof key);
    check(key, sizeof key, (const uint8_t *)"Hi There", 8,
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static void test_rfc4231_case2(void **state)
{
    (void)state;
    /* a key shorter than the output */
    const char *msg = "what do ya want for nothing?";
    check((const uint8_t *)"Jefe", 4, (const uint8_t *)msg, strlen(msg),
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_rfc4231_case3(void **state)
{
    (void)state;
    uint8_t key[20], msg[50];
    memset(key, 0xaa, sizeof key);
    memset(msg, 0xdd, sizeof msg);
    check(key, sizeof key, msg, sizeof msg,
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

static void test_rfc4231_case4(void **state)
{
    (void)state;
    uint8_t key[25], msg[50];
    for (int i = 0; i < 25; i++)
        key[i] = (uint8_t)(i + 1); /* 0x01 .. 0x19 */
    memset(msg, 0xcd, sizeof msg);
    check(key, sizeof key, msg, sizeof msg,
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

static void test_rfc4231_case6(void **state)
{
    (void)state;
    /* a key longer than the 64-byte block: it is hashed first */
    uint8_t key[131];
    memset(key, 0xaa, sizeof key);
    const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
    check(key, sizeof key, (const uint8_t *)msg, strlen(msg),
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_rfc4231_case7(void **state)
{
    (void)state;
    uint8_t key[131];
    memset(key, 0xaa, sizeof key);
    const char *msg = "This is a test using a larger than block-size key and a larger than "
                      "block-size data. The key needs to be hashed before being used by the "
                      "HMAC algorithm.";
    check(key, sizeof key, (const uint8_t *)msg, strlen(msg),
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

/* RFC 2104 pads the key with zeros to the block size, so an empty key and the
 * key 0x00 are the same key. (No published vector uses an empty key; this
 * checks the rule, not a value.) */
static void test_empty_key_is_zero_padded(void **state)
{
    (void)state;
    uint8_t a[GT_SHA256_LEN], b[GT_SHA256_LEN];
    const uint8_t zero = 0;
    gt_hmac_sha256(NULL, 0, (const uint8_t *)"msg", 3, a);
    gt_hmac_sha256(&zero, 1, (const uint8_t *)"msg", 3, b);
    assert_memory_equal(a, b, GT_SHA256_LEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4231_case1),
        cmocka_unit_test(test_rfc4231_case2),
        cmocka_unit_test(test_rfc4231_case3),
        cmocka_unit_test(test_rfc4231_case4),
        cmocka_unit_test(test_rfc4231_case6),
        cmocka_unit_test(test_rfc4231_case7),
        cmocka_unit_test(test_empty_key_is_zero_padded),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
