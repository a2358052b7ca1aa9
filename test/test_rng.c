/* test/test_rng: crypto/rng. There is no published answer for random bytes,
 * so this checks properties: the seeded generator (NOT SECURE) repeats itself
 * for a seed and follows its documented construction; different seeds differ;
 * the OS generator does not return constant output; "non-zero" bytes never
 * contain a zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/rng.h"
#include "crypto/sha256.h"

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    gt_rng a, b;
    uint8_t x[100], y[100];
    gt_rng_init_seeded(&a, 42);
    gt_rng_init_seeded(&b, 42);
    assert_int_equal(gt_rng_bytes(&a, x, sizeof x), GT_OK);
    /* The stream does not depend on how it is asked for. */
    assert_int_equal(gt_rng_bytes(&b, y, 1), GT_OK);
    assert_int_equal(gt_rng_bytes(&b, y + 1, 31), GT_OK);
    assert_int_equal(gt_rng_bytes(&b, y + 32, 0), GT_OK);
    assert_int_equal(gt_rng_bytes(&b, y + 32, 45), GT_OK);
    assert_int_equal(gt_rng_bytes(&b, y + 77, 23), GT_OK);
    assert_memory_equal(x, y, sizeof x);
}

static void test_different_seeds_differ(void **state)
{
    (void)state;
    gt_rng a, b;
    uint8_t x[32], y[32];
    gt_rng_init_seeded(&a, 1);
    gt_rng_init_seeded(&b, 2);
    gt_rng_bytes(&a, x, sizeof x);
    gt_rng_bytes(&b, y, sizeof y);
    assert_memory_not_equal(x, y, sizeof x);
    /* nor does the stream repeat from one block to the next */
    gt_rng_bytes(&a, y, sizeof y);
    assert_memory_not_equal(x, y, sizeof x);
}

/* The documented construction, recomputed with gt_sha256 (itself checked
 * against FIPS 180 in test_sha256): key = SHA-256(seed_be64),
 * block(i) = SHA-256(key || i_be64). A demo's golden output depends on it. */
static void test_seeded_construction(void **state)
{
    (void)state;
    const uint8_t seed_be[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    uint8_t key[32], input[40], want[64], got[64];
    gt_sha256(seed_be, 8, key);
    memcpy(input, key, 32);
    for (int i = 0; i < 2; i++) {
        memset(input + 32, 0, 8);
        input[39] = (uint8_t)i;
        gt_sha256(input, sizeof input, want + 32 * i);
    }
    gt_rng r;
    gt_rng_init_seeded(&r, 0x0123456789abcdefULL);
    assert_true(r.deterministic);
    assert_int_equal(gt_rng_bytes(&r, got, sizeof got), GT_OK);
    assert_memory_equal(got, want, sizeof got);
}

static void test_os_not_constant(void **state)
{
    (void)state;
    gt_rng r;
    uint8_t x[32], y[32], zeros[32] = {0};
    gt_rng_init_os(&r);
    assert_false(r.deterministic);
    assert_int_equal(gt_rng_bytes(&r, x, sizeof x), GT_OK);
    assert_int_equal(gt_rng_bytes(&r, y, sizeof y), GT_OK);
    /* Each fails by chance with probability 2^-256. */
    assert_memory_not_equal(x, y, sizeof x);
    assert_memory_not_equal(x, zeros, sizeof x);
}

static void check_nonzero(gt_rng *r)
{
    /* 4096 bytes: about 16 zeros are drawn and must be replaced. */
    static uint8_t buf[4096];
    assert_int_equal(gt_rng_nonzero_bytes(r, buf, sizeof buf), GT_OK);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_not_equal(buf[i], 0);
}

static void test_nonzero_bytes(void **state)
{
    (void)state;
    gt_rng r;
    gt_rng_init_seeded(&r, 7);
    check_nonzero(&r);
    gt_rng_init_os(&r);
    check_nonzero(&r);
}

static void test_nonzero_deterministic(void **state)
{
    (void)state;
    gt_rng a, b;
    uint8_t x[300], y[300];
    gt_rng_init_seeded(&a, 99);
    gt_rng_init_seeded(&b, 99);
    gt_rng_nonzero_bytes(&a, x, sizeof x);
    gt_rng_nonzero_bytes(&b, y, sizeof y);
    assert_memory_equal(x, y, sizeof x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_bytes), cmocka_unit_test(test_different_seeds_differ),
        cmocka_unit_test(test_seeded_construction),  cmocka_unit_test(test_os_not_constant),
        cmocka_unit_test(test_nonzero_bytes),        cmocka_unit_test(test_nonzero_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
