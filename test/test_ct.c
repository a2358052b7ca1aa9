/* test/test_ct: crypto/ct, the constant-time helpers. These are checked for
 * their answers only; that they take the same time whatever the data is a
 * property of the code (no data-dependent branch), not something a unit test
 * can measure reliably. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/ct.h"

static void test_equal(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    for (int i = 0; i < 32; i++)
        a[i] = b[i] = (uint8_t)(i * 7 + 1);
    assert_int_equal(gt_ct_equal(a, b, 32), 1);
    assert_int_equal(gt_ct_equal(a, b, 0), 1); /* nothing to differ */
    /* A difference anywhere, of any single bit, is seen. */
    for (int i = 0; i < 32; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(gt_ct_equal(a, b, 32), 0);
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    assert_int_equal(gt_ct_equal(a, b, 32), 1);
    /* Only the first n bytes count. */
    b[31] ^= 0xff;
    assert_int_equal(gt_ct_equal(a, b, 31), 1);
    assert_int_equal(gt_ct_equal(a, b, 32), 0);
}

static void test_eq_u32(void **state)
{
    (void)state;
    assert_int_equal(gt_ct_eq_u32(0, 0), 0xffffffffu);
    assert_int_equal(gt_ct_eq_u32(48, 48), 0xffffffffu);
    assert_int_equal(gt_ct_eq_u32(0xffffffffu, 0xffffffffu), 0xffffffffu);
    assert_int_equal(gt_ct_eq_u32(0, 1), 0);
    assert_int_equal(gt_ct_eq_u32(1, 0), 0);
    assert_int_equal(gt_ct_eq_u32(0x80000000u, 0), 0);
    assert_int_equal(gt_ct_eq_u32(0, 0x80000000u), 0);
    assert_int_equal(gt_ct_eq_u32(0xffffffffu, 0x7fffffffu), 0);
    assert_int_equal(gt_ct_eq_u32(0x12345678u, 0x12345679u), 0);
}

static void test_select(void **state)
{
    (void)state;
    const uint8_t a[4] = {1, 2, 3, 4}, b[4] = {0xf0, 0xe0, 0xd0, 0xc0};
    uint8_t out[4];
    gt_ct_select(out, a, b, 4, 0xffffffffu);
    assert_memory_equal(out, a, 4);
    gt_ct_select(out, a, b, 4, 0);
    assert_memory_equal(out, b, 4);
    /* out may be one of the inputs (RSA decryption selects into its output). */
    memcpy(out, b, 4);
    gt_ct_select(out, a, out, 4, gt_ct_eq_u32(7, 7));
    assert_memory_equal(out, a, 4);
    memcpy(out, a, 4);
    gt_ct_select(out, out, b, 4, gt_ct_eq_u32(7, 8));
    assert_memory_equal(out, b, 4);
}

static void test_wipe(void **state)
{
    (void)state;
    uint8_t secret[40], zeros[40] = {0};
    memset(secret, 0x5a, sizeof secret);
    gt_wipe(secret, sizeof secret);
    assert_memory_equal(secret, zeros, sizeof secret);
    gt_wipe(NULL, 0); /* nothing to do, and no crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_eq_u32),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_wipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
