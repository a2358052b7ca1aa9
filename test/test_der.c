/* test/test_der: x509/der, the strict DER reader. Known answers come from
 * X.690 (its OID example {2 999 3}), the OID registry (sha256WithRSAEncryption
 * is 1.2.840.113549.1.1.11) and `date -u -d '...' +%s` for the times. The
 * negative cases are the encodings BER allows and DER forbids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "x509/der.h"

#define READER(name, ...)                                                                          \
    static const uint8_t name##_bytes[] = {__VA_ARGS__};                                           \
    gt_reader name;                                                                                \
    gt_reader_init(&name, name##_bytes, sizeof name##_bytes)

static void test_nested_sequence(void **state)
{
    (void)state;
    /* SEQUENCE { INTEGER 5, SEQUENCE { NULL } } */
    READER(r, 0x30, 0x07, 0x02, 0x01, 0x05, 0x30, 0x02, 0x05, 0x00);
    gt_reader seq, inner, c;
    uint8_t tag;
    uint32_t v;
    assert_true(gt_der_peek(&r, &tag));
    assert_int_equal(tag, GT_DER_SEQUENCE);
    assert_true(gt_der_read(&r, GT_DER_SEQUENCE, &seq));
    assert_true(gt_reader_done(&r));
    assert_int_equal(gt_reader_pos(&seq), 2); /* the contents start after tag and length */
    assert_true(gt_der_read_small_uint(&seq, 10, &v));
    assert_int_equal(v, 5);
    /* The sub-reader sees only its contents: a wrong tag fails and moves nothing. */
    assert_false(gt_der_read(&seq, GT_DER_SET, &inner));
    assert_true(gt_der_read(&seq, GT_DER_SEQUENCE, &inner));
    assert_true(gt_reader_done(&seq));
    assert_true(gt_der_read_null(&inner));
    assert_true(gt_reader_done(&inner));
    assert_false(gt_der_read_any(&inner, &tag, &c)); /* nothing left */
}

static void test_read_tlv(void **state)
{
    (void)state;
    READER(r, 0x30, 0x03, 0x02, 0x01, 0x07, 0xaa);
    gt_reader c;
    const uint8_t *tlv;
    size_t n;
    assert_true(gt_der_read_tlv(&r, GT_DER_SEQUENCE, &c, &tlv, &n));
    assert_ptr_equal(tlv, r_bytes);
    assert_int_equal(n, 5);
    assert_int_equal(gt_reader_left(&c), 3);
    assert_int_equal(gt_reader_left(&r), 1); /* the trailing 0xaa is the caller's business */
}

static void test_optional(void **state)
{
    (void)state;
    READER(r, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01);
    gt_reader c;
    bool present;
    assert_true(gt_der_read_optional(&r, GT_DER_CONTEXT_CONSTRUCTED(3), &c, &present));
    assert_false(present);
    assert_int_equal(r.off, 0);
    assert_true(gt_der_read_optional(&r, GT_DER_CONTEXT_CONSTRUCTED(0), &c, &present));
    assert_true(present);
    assert_int_equal(gt_reader_left(&c), 3);
}

static void test_long_form_length(void **state)
{
    (void)state;
    uint8_t buf[3 + 200];
    gt_reader r, c;
    memset(buf, 0x41, sizeof buf);
    /* 200 bytes need the long form: 0x81 0xc8. */
    buf[0] = GT_DER_OCTET_STRING, buf[1] = 0x81, buf[2] = 200;
    gt_reader_init(&r, buf, sizeof buf);
    assert_true(gt_der_read(&r, GT_DER_OCTET_STRING, &c));
    assert_int_equal(gt_reader_left(&c), 200);
    assert_true(gt_reader_done(&r));
}

static void expect_bad_element(const uint8_t *p, size_t n)
{
    gt_reader r, c;
    uint8_t tag;
    gt_reader_init(&r, p, n);
    assert_false(gt_der_read_any(&r, &tag, &c));
    assert_int_equal(r.off, 0); /* a failed read moves nothing */
}

static void test_bad_lengths(void **state)
{
    (void)state;
    /* long form for a length that fits the short form (5 as 0x81 0x05) */
    static const uint8_t long_for_short[] = {0x04, 0x81, 0x05, 1, 2, 3, 4, 5};
    /* long form with a leading zero byte (0x82 0x00 0x80) */
    static const uint8_t leading_zero[3 + 0x80] = {0x04, 0x82, 0x00};
    /* indefinite length, contents ended by 00 00 (BER only) */
    static const uint8_t indefinite[] = {0x30, 0x80, 0x05, 0x00, 0x00, 0x00};
    /* a length that runs past the end */
    static const uint8_t past_end[] = {0x30, 0x05, 0x02, 0x01, 0x01};
    static const uint8_t past_end_long[] = {0x04, 0x81, 0x80, 0x00};
    /* five length bytes; and the reserved 0xff */
    static const uint8_t huge[] = {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t reserved[] = {0x04, 0xff};
    /* no length at all; and a long-form length cut short */
    static const uint8_t no_length[] = {0x04};
    static const uint8_t cut_length[] = {0x04, 0x82, 0x01};
    /* tag number 31 and up (high-tag-number form) */
    static const uint8_t high_tag[] = {0x1f, 0x22, 0x01, 0x00};
    expect_bad_element(long_for_short, sizeof long_for_short);
    expect_bad_element(leading_zero, sizeof leading_zero);
    expect_bad_element(indefinite, sizeof indefinite);
    expect_bad_element(past_end, sizeof past_end);
    expect_bad_element(past_end_long, sizeof past_end_long);
    expect_bad_element(huge, sizeof huge);
    expect_bad_element(reserved, sizeof reserved);
    expect_bad_element(no_length, sizeof no_length);
    expect_bad_element(cut_length, sizeof cut_length);
    expect_bad_element(high_tag, sizeof high_tag);
    expect_bad_element(NULL, 0);
}

static void test_trailing_bytes(void **state)
{
    (void)state;
    /* NULL has no contents; an INTEGER inside a SEQUENCE followed by a stray byte. */
    READER(null_with_content, 0x05, 0x01, 0x00);
    READER(seq, 0x30, 0x04, 0x02, 0x01, 0x01, 0xff);
    gt_reader c;
    const uint8_t *p;
    size_t n;
    assert_false(gt_der_read_null(&null_with_content));
    assert_true(gt_der_read(&seq, GT_DER_SEQUENCE, &c));
    assert_true(gt_der_read_integer(&c, &p, &n));
    assert_false(gt_reader_done(&c)); /* what the caller checks with gt_reader_done */
}

static bool integer_ok(const uint8_t *der, size_t len)
{
    gt_reader r;
    const uint8_t *p;
    size_t n;
    gt_reader_init(&r, der, len);
    return gt_der_read_integer(&r, &p, &n) && gt_reader_done(&r);
}

static void test_integer(void **state)
{
    (void)state;
    static const uint8_t zero[] = {0x02, 0x01, 0x00};
    static const uint8_t x80[] = {0x02, 0x02, 0x00, 0x80}; /* 128 needs the 0x00 */
    static const uint8_t minus129[] = {0x02, 0x02, 0xff, 0x7f};
    static const uint8_t padded7f[] = {0x02, 0x02, 0x00, 0x7f};   /* 127 in two bytes */
    static const uint8_t padded_neg[] = {0x02, 0x02, 0xff, 0x80}; /* -128 in two bytes */
    static const uint8_t empty[] = {0x02, 0x00};
    assert_true(integer_ok(zero, sizeof zero));
    assert_true(integer_ok(x80, sizeof x80));
    assert_true(integer_ok(minus129, sizeof minus129));
    assert_false(integer_ok(padded7f, sizeof padded7f));
    assert_false(integer_ok(padded_neg, sizeof padded_neg));
    assert_false(integer_ok(empty, sizeof empty));

    READER(big, 0x02, 0x04, 0x01, 0x00, 0x00, 0x00);
    READER(neg, 0x02, 0x01, 0xff);
    READER(two, 0x02, 0x01, 0x02);
    uint32_t v;
    assert_false(gt_der_read_small_uint(&big, 0xffffff, &v)); /* 2^24 > max */
    assert_true(gt_der_read_small_uint(&big, 0x1000000, &v));
    assert_int_equal(v, 0x1000000);
    assert_false(gt_der_read_small_uint(&neg, 10, &v));
    assert_true(gt_der_read_small_uint(&two, 2, &v));
    assert_int_equal(v, 2);
}

static void test_boolean(void **state)
{
    (void)state;
    READER(t, 0x01, 0x01, 0xff);
    READER(f, 0x01, 0x01, 0x00);
    READER(one, 0x01, 0x01, 0x01); /* BER TRUE, not DER */
    READER(wide, 0x01, 0x02, 0x00, 0xff);
    bool v = false;
    assert_true(gt_der_read_boolean(&t, &v));
    assert_true(v);
    assert_true(gt_der_read_boolean(&f, &v));
    assert_false(v);
    assert_false(gt_der_read_boolean(&one, &v));
    assert_false(gt_der_read_boolean(&wide, &v));
}

static void test_oid(void **state)
{
    (void)state;
    READER(sha256_rsa, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b);
    READER(x690, 0x06, 0x03, 0x88, 0x37, 0x03); /* X.690 8.19.5: {2 999 3} */
    const uint8_t *oid;
    size_t len;
    char text[64];
    assert_true(gt_der_read_oid(&sha256_rsa, &oid, &len));
    gt_der_oid_text(oid, len, text, sizeof text);
    assert_string_equal(text, "1.2.840.113549.1.1.11");
    assert_true(gt_der_oid_equal(oid, len, sha256_rsa_bytes + 2, 9));
    assert_false(gt_der_oid_equal(oid, len, sha256_rsa_bytes + 2, 8));
    assert_true(gt_der_read_oid(&x690, &oid, &len));
    gt_der_oid_text(oid, len, text, sizeof text);
    assert_string_equal(text, "2.999.3");

    READER(empty, 0x06, 0x00);
    READER(padded, 0x06, 0x03, 0x2a, 0x80, 0x01); /* sub-identifier with a leading 0x80 */
    READER(unfinished, 0x06, 0x02, 0x2a, 0x86);
    READER(too_big, 0x06, 0x0b, 0x2a, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01);
    assert_false(gt_der_read_oid(&empty, &oid, &len));
    assert_false(gt_der_read_oid(&padded, &oid, &len));
    assert_false(gt_der_read_oid(&unfinished, &oid, &len));
    assert_false(gt_der_read_oid(&too_big, &oid, &len));
}

static void test_bit_string(void **state)
{
    (void)state;
    const uint8_t *p;
    size_t n;
    unsigned unused;
    READER(whole, 0x03, 0x03, 0x00, 0xab, 0xcd);
    assert_true(gt_der_read_bit_string_bytes(&whole, &p, &n));
    assert_int_equal(n, 2);
    assert_int_equal(p[0], 0xab);

    /* keyUsage digitalSignature + keyEncipherment: 101 and 5 unused bits */
    READER(named, 0x03, 0x02, 0x05, 0xa0);
    assert_true(gt_der_read_bit_string(&named, &p, &n, &unused));
    assert_int_equal(unused, 5);
    READER(named_again, 0x03, 0x02, 0x05, 0xa0);
    assert_false(gt_der_read_bit_string_bytes(&named_again, &p, &n)); /* keys need whole bytes */

    READER(dirty, 0x03, 0x02, 0x05, 0xa1); /* an unused bit is set */
    READER(eight, 0x03, 0x02, 0x08, 0x00);
    READER(empty_unused, 0x03, 0x01, 0x01);
    READER(no_count, 0x03, 0x00);
    READER(empty, 0x03, 0x01, 0x00);
    assert_false(gt_der_read_bit_string(&dirty, &p, &n, &unused));
    assert_false(gt_der_read_bit_string(&eight, &p, &n, &unused));
    assert_false(gt_der_read_bit_string(&empty_unused, &p, &n, &unused));
    assert_false(gt_der_read_bit_string(&no_count, &p, &n, &unused));
    assert_true(gt_der_read_bit_string(&empty, &p, &n, &unused));
    assert_int_equal(n, 0);
}

/* A time element from its text. */
static bool read_time(uint8_t tag, const char *s, int64_t *t)
{
    uint8_t buf[40];
    size_t n = strlen(s);
    gt_reader r;
    buf[0] = tag;
    buf[1] = (uint8_t)n;
    memcpy(buf + 2, s, n);
    gt_reader_init(&r, buf, n + 2);
    return gt_der_read_time(&r, t) && gt_reader_done(&r);
}

static void test_times(void **state)
{
    (void)state;
    int64_t t;
    /* Values from `date -u -d '2049-12-31 23:59:59 UTC' +%s` and so on. */
    assert_true(read_time(GT_DER_UTC_TIME, "491231235959Z", &t));
    assert_int_equal(t, 2524607999);
    assert_true(read_time(GT_DER_UTC_TIME, "500101000000Z", &t)); /* YY >= 50: 1950 */
    assert_int_equal(t, -631152000);
    assert_true(read_time(GT_DER_UTC_TIME, "250101000000Z", &t));
    assert_int_equal(t, 1735689600);
    assert_true(read_time(GT_DER_UTC_TIME, "240229123456Z", &t)); /* a leap day */
    assert_int_equal(t, 1709210096);
    assert_true(read_time(GT_DER_GENERALIZED_TIME, "20500101000000Z", &t));
    assert_int_equal(t, 2524608000);
    assert_true(read_time(GT_DER_GENERALIZED_TIME, "20000229000000Z", &t));
    assert_int_equal(t, 951782400);
    assert_true(read_time(GT_DER_GENERALIZED_TIME, "99991231235959Z", &t));
    assert_int_equal(t, 253402300799);
    assert_true(read_time(GT_DER_GENERALIZED_TIME, "19700101000000Z", &t));
    assert_int_equal(t, 0);
}

static void test_bad_times(void **state)
{
    (void)state;
    static const char *const utc[] = {
        "4912312359Z",       /* no seconds */
        "491231235959",      /* no Z */
        "491231235959z",     /* lower-case z */
        "491231235959+0100", /* an offset instead of Z */
        "491231235959.5Z",   /* fractions */
        "491331000000Z",     /* month 13 */
        "490001000000Z",     /* month 0 */
        "490100000000Z",     /* day 0 */
        "230229000000Z",     /* 2023 is no leap year */
        "490431000000Z",     /* April 31 */
        "491231240000Z",     /* hour 24 */
        "491231236000Z",     /* minute 60 */
        "491231235960Z",     /* second 60 */
        "4912312359 9Z",     /* not a digit */
        "-91231235959Z",     "",
    };
    static const char *const generalized[] = {
        "20500101000000.5Z", /* fractions: RFC 5280 forbids them */
        "20500101000000",    /* no Z */
        "205001010000Z",     /* no seconds */
        "21000229000000Z",   /* 2100 is no leap year */
        "500101000000Z",     /* a UTCTime's text in a GeneralizedTime */
    };
    int64_t t;
    for (size_t i = 0; i < sizeof utc / sizeof utc[0]; i++)
        assert_false(read_time(GT_DER_UTC_TIME, utc[i], &t));
    for (size_t i = 0; i < sizeof generalized / sizeof generalized[0]; i++)
        assert_false(read_time(GT_DER_GENERALIZED_TIME, generalized[i], &t));
    assert_false(read_time(GT_DER_GENERALIZED_TIME, "491231235959Z", &t));
    assert_false(read_time(GT_DER_UTF8_STRING, "491231235959Z", &t)); /* not a time type */
}

static void test_unix_time(void **state)
{
    (void)state;
    assert_int_equal(gt_unix_time(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(gt_unix_time(2026, 11, 27, 10, 0, 0), 1795773600);
    assert_int_equal(gt_unix_time(1600, 3, 1, 0, 0, 0), -11670912000LL);
    assert_int_equal(gt_unix_time(2045, 1, 1, 0, 0, 0), 2366841600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_sequence),
        cmocka_unit_test(test_read_tlv),
        cmocka_unit_test(test_optional),
        cmocka_unit_test(test_long_form_length),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_integer),
        cmocka_unit_test(test_boolean),
        cmocka_unit_test(test_oid),
        cmocka_unit_test(test_bit_string),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_bad_times),
        cmocka_unit_test(test_unix_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
