/* test/test_aead: crypto/aead, AES-128-GCM as the record layer uses it.
 * Known answers: test cases 1-4 (AES-128) of McGrew & Viega, "The Galois/
 * Counter Mode of Operation (GCM)", Appendix B, the vectors NIST publishes
 * with SP 800-38D. Then: a changed tag, ciphertext or AAD must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/aead.h"
#include "crypto/crypto.h"
#include "test/helpers/hex.h"

typedef struct gcm_vector {
    const char *name, *key, *iv, *aad, *pt, *ct, *tag;
} gcm_vector;

/* McGrew & Viega, GCM specification, Appendix B, test cases 1 to 4. */
static const gcm_vector vectors[] = {
    {"test case 1: empty text, no AAD", "00000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
    {"test case 2: one zero block", "00000000000000000000000000000000", "000000000000000000000000",
     "", "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78",
     "ab6e47d42cec13bdf53a67b21257bddf"},
    {"test case 3: four blocks, no AAD", "feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"test case 4: 60 bytes with 20 bytes of AAD", "feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
};

typedef struct decoded {
    uint8_t key[16], iv[12], aad[64], pt[64], ct[64], tag[16];
    size_t aad_len, len;
} decoded;

static void decode(const gcm_vector *v, decoded *d)
{
    memset(d, 0, sizeof *d);
    assert_int_equal(gt_test_unhex(v->key, d->key), 16);
    assert_int_equal(gt_test_unhex(v->iv, d->iv), 12);
    d->aad_len = gt_test_unhex(v->aad, d->aad);
    d->len = gt_test_unhex(v->pt, d->pt);
    assert_int_equal(gt_test_unhex(v->ct, d->ct), d->len);
    assert_int_equal(gt_test_unhex(v->tag, d->tag), 16);
}

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static void test_seal_known_answers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        decoded d;
        gt_aead a;
        uint8_t ct[64], tag[16];
        decode(&vectors[i], &d);
        assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
        assert_int_equal(gt_aead_seal(&a, d.iv, d.aad, d.aad_len, d.pt, d.len, ct, tag), GT_OK);
        assert_memory_equal(ct, d.ct, d.len);
        assert_memory_equal(tag, d.tag, 16);
        gt_aead_wipe(&a);
    }
}

static void test_open_known_answers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        decoded d;
        gt_aead a;
        uint8_t pt[64];
        decode(&vectors[i], &d);
        assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
        assert_int_equal(gt_aead_open(&a, d.iv, d.aad, d.aad_len, d.ct, d.len, d.tag, pt), GT_OK);
        assert_memory_equal(pt, d.pt, d.len);
        gt_aead_wipe(&a);
    }
}

/* The record layer decrypts inside its receive buffer: pt == ct. */
static void test_in_place(void **state)
{
    (void)state;
    decoded d;
    gt_aead a;
    uint8_t buf[64], tag[16];
    decode(&vectors[3], &d);
    assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
    memcpy(buf, d.pt, d.len);
    assert_int_equal(gt_aead_seal(&a, d.iv, d.aad, d.aad_len, buf, d.len, buf, tag), GT_OK);
    assert_memory_equal(buf, d.ct, d.len);
    assert_memory_equal(tag, d.tag, 16);
    assert_int_equal(gt_aead_open(&a, d.iv, d.aad, d.aad_len, buf, d.len, tag, buf), GT_OK);
    assert_memory_equal(buf, d.pt, d.len);
    gt_aead_wipe(&a);
}

/* One key schedule serves many records: sealing the same vector twice with
 * the same gt_aead (as for two records) gives the same answer both times. */
static void test_key_reused_across_records(void **state)
{
    (void)state;
    decoded d;
    gt_aead a;
    uint8_t ct[64], tag[16];
    decode(&vectors[2], &d);
    assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
    for (int round = 0; round < 3; round++) {
        assert_int_equal(gt_aead_seal(&a, d.iv, NULL, 0, d.pt, d.len, ct, tag), GT_OK);
        assert_memory_equal(ct, d.ct, d.len);
        assert_memory_equal(tag, d.tag, 16);
    }
    gt_aead_wipe(&a);
}

/* Opens test case 4 after changing one byte of what; expects a refusal and
 * an all-zero plaintext. */
static void open_tampered(size_t which, size_t at)
{
    decoded d;
    gt_aead a;
    uint8_t pt[64];
    decode(&vectors[3], &d);
    uint8_t *target[] = {d.tag, d.ct, d.aad, d.iv};
    target[which][at] ^= 0x01;
    assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
    memset(pt, 0xaa, sizeof pt);
    assert_int_equal(gt_aead_open(&a, d.iv, d.aad, d.aad_len, d.ct, d.len, d.tag, pt),
                     GT_ERR_BAD_RECORD_MAC);
    static const uint8_t zeros[64];
    assert_memory_equal(pt, zeros, d.len); /* no unauthenticated plaintext */
    gt_aead_wipe(&a);
}

static void test_tampered_tag(void **state)
{
    (void)state;
    open_tampered(0, 0);
    open_tampered(0, 15);
}

static void test_tampered_ciphertext(void **state)
{
    (void)state;
    open_tampered(1, 0);
    open_tampered(1, 59);
}

static void test_tampered_aad_and_nonce(void **state)
{
    (void)state;
    open_tampered(2, 12); /* e.g. a changed length or sequence number */
    open_tampered(3, 11);
}

static void test_tampered_in_place_is_wiped(void **state)
{
    (void)state;
    decoded d;
    gt_aead a;
    uint8_t buf[64];
    static const uint8_t zeros[64];
    decode(&vectors[2], &d);
    memcpy(buf, d.ct, d.len);
    d.tag[3] ^= 0x80;
    assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
    assert_int_equal(gt_aead_open(&a, d.iv, NULL, 0, buf, d.len, d.tag, buf),
                     GT_ERR_BAD_RECORD_MAC);
    assert_memory_equal(buf, zeros, d.len);
    gt_aead_wipe(&a);
}

/* An empty record (TLS allows empty application_data) may come with NULL
 * pointers; test case 1's tag must still come out. */
static void test_empty_with_null_pointers(void **state)
{
    (void)state;
    decoded d;
    gt_aead a;
    uint8_t tag[16];
    decode(&vectors[0], &d);
    assert_int_equal(gt_aead_init(&a, d.key), GT_OK);
    assert_int_equal(gt_aead_seal(&a, d.iv, NULL, 0, NULL, 0, NULL, tag), GT_OK);
    assert_memory_equal(tag, d.tag, 16);
    assert_int_equal(gt_aead_open(&a, d.iv, NULL, 0, NULL, 0, d.tag, NULL), GT_OK);
    gt_aead_wipe(&a);
}

static void test_not_initialised(void **state)
{
    (void)state;
    gt_aead a;
    uint8_t nonce[12] = {0}, pt[16] = {0}, ct[16], tag[16];
    memset(&a, 0, sizeof a);
    assert_int_equal(gt_aead_seal(&a, nonce, NULL, 0, pt, sizeof pt, ct, tag), GT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal_known_answers),
        cmocka_unit_test(test_open_known_answers),
        cmocka_unit_test(test_in_place),
        cmocka_unit_test(test_key_reused_across_records),
        cmocka_unit_test(test_tampered_tag),
        cmocka_unit_test(test_tampered_ciphertext),
        cmocka_unit_test(test_tampered_aad_and_nonce),
        cmocka_unit_test(test_tampered_in_place_is_wiped),
        cmocka_unit_test(test_empty_with_null_pointers),
        cmocka_unit_test(test_not_initialised),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
