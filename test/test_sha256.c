/* test/test_sha256: crypto/sha256, SHA-256 and the running transcript hash.
 * Known answers: the SHA-256 examples of FIPS 180-2 Appendix B ("abc", the
 * 448-bit message, one million 'a'; also in NIST's "Cryptographic Standards
 * and Guidelines: Examples with Intermediate Values", SHA256.pdf) and the
 * zero-length message of NIST CAVP SHA256ShortMsg.rsp (Len = 0). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/sha256.h"

static void unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void check(const char *msg, size_t len, const char *expected_hex)
{
    uint8_t got[GT_SHA256_LEN], want[GT_SHA256_LEN];
    unhex(expected_hex, want);
    gt_sha256((const uint8_t *)msg, len, got);
    assert_memory_equal(got, want, GT_SHA256_LEN);
}

static const char abc_hash[] = /* FIPS 180-2 B.1 */
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char two_block_msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char two_block_hash[] = /* FIPS 180-2 B.2 */
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

static void test_abc(void **state)
{
    (void)state;
    check("abc", 3, abc_hash);
}

static void test_448_bit_message(void **state)
{
    (void)state;
    check(two_block_msg, strlen(two_block_msg), two_block_hash);
}

static void test_empty(void **state)
{
    (void)state;
    /* NIST CAVP SHA256ShortMsg.rsp, Len = 0 */
    const char *h = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    check("", 0, h);
    uint8_t got[GT_SHA256_LEN], want[GT_SHA256_LEN];
    unhex(h, want);
    gt_sha256(NULL, 0, got); /* no bytes, no pointer needed */
    assert_memory_equal(got, want, GT_SHA256_LEN);
}

static void test_million_a(void **state)
{
    (void)state;
    /* FIPS 180-2 B.3: one million repetitions of 'a' */
    size_t n = 1000000;
    char *m = malloc(n);
    assert_non_null(m);
    memset(m, 'a', n);
    check(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* The transcript is fed message by message, in pieces of any size, and must
 * give the hash of the concatenation; asking for the hash midway must not
 * disturb it (Finished needs it at two points of the handshake). */
static void test_transcript(void **state)
{
    (void)state;
    gt_transcript t;
    uint8_t got[GT_SHA256_LEN], want[GT_SHA256_LEN];
    const uint8_t *m = (const uint8_t *)two_block_msg;
    size_t n = strlen(two_block_msg);

    gt_transcript_init(&t);
    gt_transcript_add(&t, (const uint8_t *)"abc", 3);
    gt_transcript_hash(&t, got);
    unhex(abc_hash, want);
    assert_memory_equal(got, want, GT_SHA256_LEN);
    assert_int_equal(t.total, 3);

    gt_transcript_init(&t);
    for (size_t i = 0; i < n; i += 5) {
        gt_transcript_add(&t, m + i, n - i < 5 ? n - i : 5);
        gt_transcript_hash(&t, got); /* midway: must not change the state */
    }
    gt_transcript_add(&t, NULL, 0);
    gt_transcript_hash(&t, got);
    unhex(two_block_hash, want);
    assert_memory_equal(got, want, GT_SHA256_LEN);
    assert_int_equal(t.total, n);
    gt_transcript_hash(&t, got); /* and again: same answer */
    assert_memory_equal(got, want, GT_SHA256_LEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abc),        cmocka_unit_test(test_448_bit_message),
        cmocka_unit_test(test_empty),      cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_transcript),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
