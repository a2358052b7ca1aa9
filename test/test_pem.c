/* test/test_pem: x509/pem. Base64 known answers are RFC 4648 section 10's
 * test vectors; the file tests read the committed demo PKI, and the SHA-256
 * of the decoded DER is the fingerprint openssl printed for it:
 *   openssl x509 -in test/pki/sensor-hub.pem -noout -fingerprint -sha256 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/rsa.h"
#include "crypto/sha256.h"
#include "x509/pem.h"

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

/* Decodes the single block of a TEST-labelled PEM text. */
static gt_err decode_one(const char *body, uint8_t **der, size_t *len, gt_error *e)
{
    char text[512];
    size_t count = 0;
    snprintf(text, sizeof text, "-----BEGIN TEST-----\n%s\n-----END TEST-----\n", body);
    gt_err err = gt_pem_decode(text, strlen(text), "TEST", der, len, 1, &count, e);
    if (err == GT_OK)
        assert_int_equal(count, 1);
    return err;
}

static void test_rfc4648_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *b64, *plain;
    } v[] = {
        {"Zg==", "f"},        {"Zm8=", "fo"},        {"Zm9v", "foo"},
        {"Zm9vYg==", "foob"}, {"Zm9vYmE=", "fooba"}, {"Zm9vYmFy", "foobar"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t *der;
        size_t len;
        assert_int_equal(decode_one(v[i].b64, &der, &len, NULL), GT_OK);
        assert_int_equal(len, strlen(v[i].plain));
        assert_memory_equal(der, v[i].plain, len);
        free(der);
    }
}

static void test_lines_and_blanks(void **state)
{
    (void)state;
    /* Explanatory text around the block (RFC 7468 section 2), CRLF line
     * ends, short lines, blanks at line ends: all fine. */
    const char *text = "a comment line\r\n-----BEGIN TEST-----\r\nZm9v\r\nYmFy \r\n"
                       "-----END TEST-----\r\ntrailing words\r\n";
    uint8_t *der[2];
    size_t len[2], count;
    assert_int_equal(gt_pem_decode(text, strlen(text), "TEST", der, len, 2, &count, NULL), GT_OK);
    assert_int_equal(count, 1);
    assert_int_equal(len[0], 6);
    assert_memory_equal(der[0], "foobar", 6);
    free(der[0]);
}

static void test_bad_base64(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Zg=",      /* not a multiple of 4 */
        "Zm9vY",    /* cut short */
        "Zh==",     /* 'h' leaves non-zero bits that no byte holds */
        "Zm9=",     /* '9' likewise, with one '=' */
        "Zg==Zg==", /* data after the padding */
        "Z===",     /* three '=' */
        "====",     /* nothing but padding */
        "Zm9v!mFy", /* not in the alphabet */
        "Zm9v-_Fy", /* the URL-safe alphabet is another encoding */
        "",         /* an empty block */
        "Zg=a",     /* a character after '=' in the same group */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t *der = NULL;
        size_t len;
        gt_error e = {GT_OK, ""};
        if (decode_one(bad[i], &der, &len, &e) != GT_ERR_DECODE)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_true(strlen(e.why) > 0);
    }
}

static void test_bad_blocks(void **state)
{
    (void)state;
    uint8_t *der[2];
    size_t len[2], count = 9;
    gt_error e = {GT_OK, ""};
    const char *no_end = "-----BEGIN TEST-----\nZm9v\n";
    assert_int_equal(gt_pem_decode(no_end, strlen(no_end), "TEST", der, len, 2, &count, &e),
                     GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "END"));
    assert_int_equal(count, 0);

    const char *headers = "-----BEGIN TEST-----\nProc-Type: 4,ENCRYPTED\n\nZm9v\n"
                          "-----END TEST-----\n";
    assert_int_equal(gt_pem_decode(headers, strlen(headers), "TEST", der, len, 2, &count, NULL),
                     GT_ERR_DECODE);

    /* The END label must be the BEGIN label. */
    const char *mismatch = "-----BEGIN TEST-----\nZm9v\n-----END OTHER-----\n";
    assert_int_equal(gt_pem_decode(mismatch, strlen(mismatch), "TEST", der, len, 2, &count, NULL),
                     GT_ERR_DECODE);
}

static void test_labels_and_max(void **state)
{
    (void)state;
    const char *text = "-----BEGIN RSA PRIVATE KEY-----\nZg==\n-----END RSA PRIVATE KEY-----\n"
                       "-----BEGIN PRIVATE KEY-----\nZm8=\n-----END PRIVATE KEY-----\n"
                       "-----BEGIN PRIVATE KEY-----\nZm9v\n-----END PRIVATE KEY-----\n";
    uint8_t *der[2];
    size_t len[2], count;
    /* "PRIVATE KEY" does not match the "RSA PRIVATE KEY" block. */
    assert_int_equal(gt_pem_decode(text, strlen(text), "PRIVATE KEY", der, len, 2, &count, NULL),
                     GT_OK);
    assert_int_equal(count, 2);
    assert_memory_equal(der[0], "fo", 2);
    assert_memory_equal(der[1], "foo", 3);
    free(der[0]);
    free(der[1]);
    /* Too many blocks for the room given: an error, and nothing left allocated. */
    gt_error e = {GT_OK, ""};
    assert_int_equal(gt_pem_decode(text, strlen(text), "PRIVATE KEY", der, len, 1, &count, &e),
                     GT_ERR_USAGE);
    assert_int_equal(count, 0);
    /* No block with that label: no error, no blocks. */
    assert_int_equal(gt_pem_decode(text, strlen(text), "CERTIFICATE", der, len, 2, &count, NULL),
                     GT_OK);
    assert_int_equal(count, 0);
}

static void test_load_certificate(void **state)
{
    (void)state;
    /* openssl x509 -in test/pki/sensor-hub.pem -noout -fingerprint -sha256 */
    static const uint8_t fingerprint[32] = {0xD6, 0x82, 0x10, 0xB1, 0x81, 0x12, 0x00, 0xC4,
                                            0xA2, 0x39, 0x96, 0xB2, 0x90, 0xB7, 0x52, 0x75,
                                            0x36, 0xE6, 0xDB, 0x4B, 0x8D, 0x62, 0xE7, 0xEC,
                                            0x80, 0xD6, 0x54, 0xE1, 0x4B, 0xCB, 0x07, 0x34};
    gt_cert c[2];
    size_t n;
    uint8_t digest[32];
    assert_int_equal(gt_pem_load_certs("test/pki/sensor-hub.pem", c, 2, &n, NULL), GT_OK);
    assert_int_equal(n, 1);
    gt_sha256(c[0].der, c[0].der_len, digest);
    assert_memory_equal(digest, fingerprint, 32);
    gt_cert_free(&c[0]);
}

/* Writes text to a fresh temporary file; the caller unlinks path. */
static void temp_file(char path[32], const char *text)
{
    strcpy(path, "/tmp/gt_pem_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void append_file(char **text, const char *path)
{
    char *more;
    size_t len, old = *text ? strlen(*text) : 0;
    assert_int_equal(gt_pem_read_file(path, 1 << 20, &more, &len, NULL), GT_OK);
    *text = realloc(*text, old + len + 1);
    assert_non_null(*text);
    memcpy(*text + old, more, len + 1);
    free(more);
}

static void test_load_bundle(void **state)
{
    (void)state;
    char *text = NULL, path[32];
    gt_cert c[3];
    size_t n;
    gt_error e = {GT_OK, ""};
    append_file(&text, "test/pki/via-intermediate.pem");
    append_file(&text, "test/pki/intermediate.pem");
    append_file(&text, "test/pki/sensor-hub.key"); /* other blocks are skipped */
    temp_file(path, text);
    assert_int_equal(gt_pem_load_certs(path, c, 3, &n, NULL), GT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(c[1].subject.cn, "glasstls Demo Intermediate CA");
    gt_cert_free(&c[0]);
    gt_cert_free(&c[1]);
    /* Room for one only. */
    assert_int_equal(gt_pem_load_certs(path, c, 1, &n, &e), GT_ERR_USAGE);
    assert_int_equal(n, 0);
    unlink(path);
    free(text);
}

static void test_load_certificate_errors(void **state)
{
    (void)state;
    gt_cert c[1];
    size_t n;
    gt_error e = {GT_OK, ""};
    assert_int_equal(gt_pem_load_certs("test/pki/no-such-file.pem", c, 1, &n, &e), GT_ERR_IO);
    assert_non_null(strstr(e.why, "no-such-file.pem"));
    gt_error_clear(&e);
    assert_int_equal(gt_pem_load_certs("test/pki/sensor-hub.key", c, 1, &n, &e), GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "no -----BEGIN CERTIFICATE-----"));

    /* A block that decodes but is no certificate: the message names file and block. */
    char path[32];
    gt_error_clear(&e);
    temp_file(path, "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n");
    assert_int_equal(gt_pem_load_certs(path, c, 1, &n, &e), GT_ERR_BAD_CERTIFICATE);
    assert_non_null(strstr(e.why, "certificate 1"));
    unlink(path);
}

/* Is the private key's modulus the certificate's? */
static void expect_key_matches(const char *key_path, const char *cert_path)
{
    rsa_key key;
    gt_cert c;
    size_t n;
    gt_error e = {GT_OK, ""};
    if (gt_pem_load_rsa_key(key_path, &key, &e) != GT_OK)
        fail_msg("%s", e.why);
    assert_int_equal(key.type, PK_PRIVATE);
    assert_int_equal(gt_pem_load_certs(cert_path, &c, 1, &n, NULL), GT_OK);
    assert_int_equal(ltc_mp.compare(key.N, c.rsa.N), LTC_MP_EQ);
    gt_cert_free(&c);
    gt_rsa_free(&key);
}

static void test_load_keys(void **state)
{
    (void)state;
    expect_key_matches("test/pki/sensor-hub.key", "test/pki/sensor-hub.pem"); /* PKCS#8 */
    expect_key_matches("test/pki/expired.key", "test/pki/expired.pem");       /* PKCS#1 */
    rsa_key key;
    gt_error e = {GT_OK, ""};
    /* An EC key in a PRIVATE KEY block; a file with no key. */
    assert_int_equal(gt_pem_load_rsa_key("test/pki/ec-leaf.key", &key, &e), GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "RSA"));
    gt_error_clear(&e);
    assert_int_equal(gt_pem_load_rsa_key("test/pki/root.pem", &key, &e), GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "no RSA PRIVATE KEY or PRIVATE KEY block"));
    char path[32];
    gt_error_clear(&e);
    temp_file(path, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nZm9v\n"
                    "-----END ENCRYPTED PRIVATE KEY-----\n");
    assert_int_equal(gt_pem_load_rsa_key(path, &key, &e), GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "encrypted"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors), cmocka_unit_test(test_lines_and_blanks),
        cmocka_unit_test(test_bad_base64),      cmocka_unit_test(test_bad_blocks),
        cmocka_unit_test(test_labels_and_max),  cmocka_unit_test(test_load_certificate),
        cmocka_unit_test(test_load_bundle),     cmocka_unit_test(test_load_certificate_errors),
        cmocka_unit_test(test_load_keys),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
