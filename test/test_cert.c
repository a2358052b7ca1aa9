/* test/test_cert: x509/cert and x509/name. The expected values were printed
 * by openssl from the committed demo PKI, not by glasstls:
 *   openssl x509 -in test/pki/sensor-hub.pem -noout -subject -issuer -dates \
 *       -ext subjectAltName -modulus -serial
 * and pasted below. The negative tests change single bytes of a real
 * certificate, cut it at every length, and hand-build names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "x509/cert.h"
#include "x509/der.h"
#include "x509/pem.h"

/* openssl x509 -in test/pki/sensor-hub.pem -noout ... printed:
 *   subject=CN = sensor-hub.local, O = glasstls demo
 *   issuer=CN = glasstls Demo Root CA, O = glasstls demo
 *   notBefore=Jan  1 00:00:00 2025 GMT
 *   notAfter=Jan  1 00:00:00 2045 GMT
 *   X509v3 Subject Alternative Name: DNS:sensor-hub.local
 *   serial=1001 */
static const char SENSOR_HUB_MODULUS[] =
    "92540F9C102E08F7FA26A21D8A226273B2FF5E5E54BF80569592DC3527D766D7095142AF10D0504DB7F2841CB942"
    "B381718553FAA32BE7E8DC4335A14FAF1AFEE4BB885AF0E5A74D35112D3E9D8352876BB30BDE6E23011A8C584B11"
    "B90365CD6443784478676D2514A24F8C30AD181F7F8490F06996799F1210963984F4B6617DDBD03535B3862C0A71"
    "E0647CA8519D3048BFEA7CFAD5B8BD08D419F3FD5143995AC83FC19AD0FCBB42A8C56E3593157246008A85982D64"
    "1BC08C1AC7F7C695AC5DF2E4CCC6228C2A3765A8D582E562D070B367B0D7EF9124EEFD3C49021EDFBE61D1F38738"
    "7647CF9342807C93FCF616FFFF1F04B1D75543C9E5FDE79B0AEF";
/* openssl x509 -in test/pki/root.pem -noout -modulus */
static const char ROOT_MODULUS[] =
    "B2CF01A664EB2D17D15F05713C5A56D5AD4F51FFEE2F686E94B16477B17280939AEFA5D73CEB2E9A3D871066EEAB"
    "6A284592062110AF6912B2EFEC40E4802842FA4AB5EDECA4847D9B0B0D273E4E0854087D507BEF23BCD96E255530"
    "9073D2A7A937157ED04C388A5D92932D3C30BB152A6735EE4CF59A2E238CF3B5CC1E6678D8B49781D2124BAA3112"
    "1A5C5405A44113DA1CD8922CC7BEABC1E79ACE9A9315845757629D693F19232BE5EDC6B8CF3CB57FA7EE078272F1"
    "D930F4D187D946346A57C781312DAAD8D58F1100CBA4BD24846507E4A2590816EF64E5FF0E873699E0202F423123"
    "33E9E34C799A117D4EBE75B63B1C50098EE3C55B67ABCA49BA55";

/* Unix times of the dates above (`date -u -d '2025-01-01 UTC' +%s`). */
#define T_2019 1546300800
#define T_2025 1735689600
#define T_2045 2366841600
#define T_2050 2524608000

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static void load(const char *path, gt_cert *c)
{
    size_t n = 0;
    gt_error e = {GT_OK, ""};
    gt_err err = gt_pem_load_certs(path, c, 1, &n, &e);
    if (err != GT_OK)
        fail_msg("%s: %s", path, e.why);
    assert_int_equal(n, 1);
}

/* The modulus n as upper-case hex, as `openssl x509 -modulus` prints it. */
static void modulus_hex(const gt_cert *c, char *out)
{
    uint8_t buf[1024];
    unsigned long n = ltc_mp.unsigned_size(c->rsa.N);
    assert_true(n <= sizeof buf);
    assert_int_equal(ltc_mp.unsigned_write(c->rsa.N, buf), CRYPT_OK);
    for (unsigned long i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02X", buf[i]);
}

static void test_sensor_hub(void **state)
{
    (void)state;
    gt_cert c;
    char hex[2100], when[32];
    load("test/pki/sensor-hub.pem", &c);
    assert_int_equal(c.version, 3);
    assert_int_equal(c.serial_len, 2);
    assert_memory_equal(c.serial, "\x10\x01", 2);
    assert_int_equal(c.sig_alg, GT_SIG_RSA_PKCS1_SHA256);
    assert_string_equal(c.subject.text, "CN=sensor-hub.local, O=glasstls demo");
    assert_string_equal(c.subject.cn, "sensor-hub.local");
    assert_string_equal(c.issuer.text, "CN=glasstls Demo Root CA, O=glasstls demo");
    assert_string_equal(c.issuer.cn, "glasstls Demo Root CA");
    assert_int_equal(c.not_before, T_2025);
    assert_int_equal(c.not_after, T_2045);
    gt_time_format(c.not_before, when);
    assert_string_equal(when, "2025-01-01 00:00:00 UTC");
    assert_true(c.has_rsa_key);
    assert_int_equal(c.key_bits, 2048);
    modulus_hex(&c, hex);
    assert_string_equal(hex, SENSOR_HUB_MODULUS);
    assert_int_equal(c.n_dns, 1);
    assert_string_equal(c.dns[0], "sensor-hub.local");
    assert_false(c.dns_truncated);
    /* basicConstraints critical CA:FALSE, keyUsage digitalSignature and
     * keyEncipherment, extendedKeyUsage serverAuth (make-pki.sh). */
    assert_true(c.has_basic_constraints);
    assert_false(c.is_ca);
    assert_true(c.has_key_usage);
    assert_int_equal(c.key_usage, GT_KU_DIGITAL_SIGNATURE | GT_KU_KEY_ENCIPHERMENT);
    assert_true(c.has_ext_key_usage);
    assert_int_equal(c.ext_key_usage, GT_EKU_SERVER_AUTH);
    /* The pointers land inside the owned copy. */
    assert_true(c.tbs > c.der && c.tbs + c.tbs_len < c.der + c.der_len);
    assert_int_equal(c.sig_len, 256);
    assert_ptr_equal(c.sig + c.sig_len, c.der + c.der_len);
    gt_cert_free(&c);
    gt_cert_free(&c); /* freeing twice is harmless */
}

static void test_root(void **state)
{
    (void)state;
    gt_cert c;
    char hex[2100], when[32];
    load("test/pki/root.pem", &c);
    assert_string_equal(c.subject.text, "CN=glasstls Demo Root CA, O=glasstls demo");
    assert_int_equal(c.subject.der_len, c.issuer.der_len);
    assert_memory_equal(c.subject.der, c.issuer.der, c.issuer.der_len); /* self-issued */
    assert_true(gt_name_equal(&c.subject, &c.issuer));
    assert_int_equal(c.not_before, T_2019);
    assert_int_equal(c.not_after, T_2050); /* encoded as a GeneralizedTime */
    gt_time_format(c.not_after, when);
    assert_string_equal(when, "2050-01-01 00:00:00 UTC");
    assert_true(c.is_ca);
    assert_false(c.has_path_len);
    assert_int_equal(c.key_usage, GT_KU_KEY_CERT_SIGN | GT_KU_CRL_SIGN);
    assert_int_equal(c.n_dns, 0);
    modulus_hex(&c, hex);
    assert_string_equal(hex, ROOT_MODULUS);
    gt_cert_free(&c);
}

static void test_intermediate_and_ec(void **state)
{
    (void)state;
    gt_cert c;
    char name[64];
    load("test/pki/intermediate.pem", &c);
    assert_true(c.is_ca);
    assert_true(c.has_path_len);
    assert_int_equal(c.path_len, 0);
    gt_cert_free(&c);

    /* An ECDSA P-256 key (RFC 5480): a point on the curve, not an RSA key. */
    load("test/pki/ec-leaf.pem", &c);
    assert_false(c.has_rsa_key);
    assert_true(c.has_ec_key);
    assert_int_equal(c.curve, GT_CURVE_P256);
    assert_int_equal(c.key_bits, 256);
    gt_cert_key_text(&c, name, sizeof name);
    assert_string_equal(name, "ECDSA P-256");
    gt_cert_key_alg_name(&c, name, sizeof name);
    assert_string_equal(name, "id-ecPublicKey");
    gt_cert_sig_alg_name(&c, name, sizeof name);
    assert_string_equal(name, "sha256WithRSAEncryption");
    assert_true(c.public_key_len > 0);
    gt_cert_free(&c);
}

/* The extensions path validation needs, on gallery certificates; the
 * expected values are `openssl x509 -noout -ext ...` output. */
static void test_v3_extensions(void **state)
{
    (void)state;
    gt_cert c;
    static const uint8_t ski[] = {0x57, 0xBE, 0x3A, 0x8C, 0x5B, 0xC7, 0xE0, 0xFB, 0x6A, 0x2E,
                                  0x94, 0x4B, 0x5E, 0xA1, 0xF6, 0x1D, 0x37, 0x20, 0x85, 0xAA};
    static const uint8_t aki[] = {0xE6, 0x01, 0x80, 0x87, 0x52, 0xAD, 0x77, 0x9C, 0x49, 0x0D,
                                  0x57, 0xD3, 0x13, 0x11, 0xDA, 0xFA, 0x9A, 0xB8, 0xA1, 0x0F};
    load("test/x509-gallery/nc-ip-permitted/intermediates.pem", &c);
    assert_int_equal(c.ski_len, sizeof ski);
    assert_memory_equal(c.ski, ski, sizeof ski);
    assert_int_equal(c.aki_len, sizeof aki);
    assert_memory_equal(c.aki, aki, sizeof aki);
    /* Permitted: DNS:gallery.test, IP:192.0.2.0/255.255.255.0;
     * Excluded: DNS:secret.gallery.test, IP:192.0.2.128/255.255.255.128 */
    assert_true(c.has_name_constraints);
    assert_int_equal(c.n_permitted, 2);
    assert_int_equal(c.n_excluded, 2);
    assert_int_equal(c.permitted[0].kind, GT_SUBTREE_DNS);
    assert_string_equal(c.permitted[0].dns, "gallery.test");
    assert_int_equal(c.permitted[1].kind, GT_SUBTREE_IP);
    assert_int_equal(c.permitted[1].ip_len, 8);
    assert_memory_equal(c.permitted[1].ip, "\xc0\x00\x02\x00\xff\xff\xff\x00", 8);
    assert_string_equal(c.excluded[0].dns, "secret.gallery.test");
    assert_memory_equal(c.excluded[1].ip, "\xc0\x00\x02\x80\xff\xff\xff\x80", 8);
    gt_cert_free(&c);

    /* The leaf below it: its AKI is the CA's SKI. */
    load("test/x509-gallery/nc-ip-permitted/leaf.pem", &c);
    assert_memory_equal(c.aki, ski, sizeof ski);
    assert_false(c.has_name_constraints);
    gt_cert_free(&c);

    /* IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10 */
    load("test/x509-gallery/ip-v4/leaf.pem", &c);
    assert_true(c.has_san);
    assert_int_equal(c.n_dns, 0);
    assert_int_equal(c.n_ip, 2);
    assert_int_equal(c.ip_len[0], 4);
    assert_memory_equal(c.ip[0], "\xc0\x00\x02\x0a", 4);
    assert_int_equal(c.ip_len[1], 16);
    assert_memory_equal(c.ip[1], "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x10", 16);
    gt_cert_free(&c);

    /* ASN1 OID: secp384r1, Signature Algorithm: ecdsa-with-SHA384 */
    char name[64];
    load("test/x509-gallery/good-ecdsa-p384/leaf.pem", &c);
    assert_true(c.has_ec_key);
    assert_int_equal(c.curve, GT_CURVE_P384);
    assert_int_equal(c.key_bits, 384);
    assert_int_equal(c.sig_alg, GT_SIG_ECDSA_SHA384);
    gt_cert_sig_alg_name(&c, name, sizeof name);
    assert_string_equal(name, "ecdsa-with-SHA384");
    gt_cert_free(&c);
}

/* An EC public key whose point is not on its curve is refused (SEC 1
 * 3.2.2.1): one byte of the ec-leaf's X coordinate changed. */
static void test_ec_point_off_curve(void **state)
{
    (void)state;
    gt_cert c;
    gt_error e = {GT_OK, ""};
    load("test/pki/ec-leaf.pem", &c);
    size_t at = (size_t)(c.public_key - c.der) + 10; /* 04 || X || Y: inside X */
    uint8_t *der = malloc(c.der_len);
    assert_non_null(der);
    memcpy(der, c.der, c.der_len);
    size_t len = c.der_len;
    gt_cert_free(&c);
    der[at] ^= 0x01;
    assert_int_equal(gt_cert_parse(&c, der, len, &e), GT_ERR_BAD_CERTIFICATE);
    assert_non_null(strstr(e.why, "not an uncompressed point on the curve"));
    free(der);
}

static void test_time_format(void **state)
{
    (void)state;
    char s[32];
    gt_time_format(0, s);
    assert_string_equal(s, "1970-01-01 00:00:00 UTC");
    gt_time_format(-1, s);
    assert_string_equal(s, "1969-12-31 23:59:59 UTC");
    gt_time_format(951782400, s);
    assert_string_equal(s, "2000-02-29 00:00:00 UTC");
    gt_time_format(1795773600, s);
    assert_string_equal(s, "2026-11-27 10:00:00 UTC");
    gt_time_format(-631152000, s);
    assert_string_equal(s, "1950-01-01 00:00:00 UTC");
    gt_time_format(253402300799, s);
    assert_string_equal(s, "9999-12-31 23:59:59 UTC");
    gt_time_format(INT64_MAX, s); /* no certificate has it; it must still fit */
    assert_true(strlen(s) < 32);
}

/* ---- Broken certificates -------------------------------------------------- */

/* A private copy of the sensor-hub certificate's DER to damage. */
static uint8_t *sensor_hub_der(size_t *len)
{
    gt_cert c;
    load("test/pki/sensor-hub.pem", &c);
    uint8_t *der = malloc(c.der_len);
    assert_non_null(der);
    memcpy(der, c.der, c.der_len);
    *len = c.der_len;
    gt_cert_free(&c);
    return der;
}

/* Replaces the which-th (0 = first, -1 = last) occurrence of from by to. */
static void patch(uint8_t *der, size_t len, const char *from, const char *to, size_t n, int which)
{
    long found = -1;
    int seen = 0;
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(der + i, from, n) == 0) {
            if (which < 0 || seen == which)
                found = (long)i;
            seen++;
        }
    }
    assert_true(found >= 0);
    memcpy(der + found, to, n);
}

static gt_err parse_patched(const char *from, const char *to, size_t n, int which, gt_error *e)
{
    size_t len;
    uint8_t *der = sensor_hub_der(&len);
    gt_cert c;
    patch(der, len, from, to, n, which);
    gt_err err = gt_cert_parse(&c, der, len, e);
    if (err == GT_OK)
        gt_cert_free(&c);
    free(der);
    return err;
}

static void expect_rejected(const char *from, const char *to, size_t n, int which, gt_err code,
                            const char *words)
{
    gt_error e = {GT_OK, ""};
    assert_int_equal(parse_patched(from, to, n, which, &e), code);
    if (!strstr(e.why, words))
        fail_msg("\"%s\" does not say \"%s\"", e.why, words);
}

static void test_patched_fields(void **state)
{
    (void)state;
    /* The outer signatureAlgorithm (the last copy) says SHA-384, the signed one SHA-256. */
    expect_rejected("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b", "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c",
                    9, -1, GT_ERR_BAD_CERTIFICATE, "differs");
    /* subjectKeyIdentifier renamed authorityKeyIdentifier: that one twice. */
    expect_rejected("\x06\x03\x55\x1d\x0e", "\x06\x03\x55\x1d\x23", 5, 0, GT_ERR_BAD_CERTIFICATE,
                    "twice");
    /* keyUsage (critical) renamed 2.5.29.127, which nobody knows. */
    expect_rejected("\x06\x03\x55\x1d\x0f", "\x06\x03\x55\x1d\x7f", 5, 0,
                    GT_ERR_UNSUPPORTED_CERTIFICATE, "critical 2.5.29.127");
    /* critical FALSE written out (DER leaves a DEFAULT value out). */
    expect_rejected("\x01\x01\xff", "\x01\x01\x00", 3, 0, GT_ERR_BAD_CERTIFICATE, "critical");
    /* version v1 written out explicitly; version v2. */
    expect_rejected("\xa0\x03\x02\x01\x02", "\xa0\x03\x02\x01\x00", 5, 0, GT_ERR_BAD_CERTIFICATE,
                    "version");
    expect_rejected("\xa0\x03\x02\x01\x02", "\xa0\x03\x02\x01\x01", 5, 0,
                    GT_ERR_UNSUPPORTED_CERTIFICATE, "version 2");
    /* notBefore in month 13. */
    expect_rejected("250101000000Z", "251301000000Z", 13, 0, GT_ERR_BAD_CERTIFICATE, "validity");
    /* a NUL inside the dNSName: "sensor-hub.local" becomes "\0ensor-hub.local". */
    expect_rejected("\x82\x10sensor", "\x82\x10\0ensor", 8, 0, GT_ERR_BAD_CERTIFICATE, "dNSName");
    /* basicConstraints' SEQUENCE turned into a SET. */
    expect_rejected("\x04\x02\x30\x00", "\x04\x02\x31\x00", 4, 0, GT_ERR_BAD_CERTIFICATE,
                    "basicConstraints");
    /* the RSA key's NULL parameters turned into an empty OCTET STRING */
    expect_rejected("\x01\x01\x05\x00\x03\x82", "\x01\x01\x04\x00\x03\x82", 6, 0,
                    GT_ERR_BAD_CERTIFICATE, "NULL");
}

static void test_patched_but_fine(void **state)
{
    (void)state;
    gt_error e = {GT_OK, ""};
    /* extKeyUsage (not critical) renamed 2.5.29.126: an unknown non-critical
     * extension is skipped. */
    size_t len;
    uint8_t *der = sensor_hub_der(&len);
    gt_cert c;
    patch(der, len, "\x06\x03\x55\x1d\x25", "\x06\x03\x55\x1d\x7e", 5, 0);
    assert_int_equal(gt_cert_parse(&c, der, len, &e), GT_OK);
    assert_false(c.has_ext_key_usage);
    gt_cert_free(&c);
    /* Both signature algorithm copies say SHA-1: parses (verify.c refuses it). */
    for (int copy = 0; copy < 2; copy++)
        patch(der, len, "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b",
              "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05", 9, 0);
    assert_int_equal(gt_cert_parse(&c, der, len, &e), GT_OK);
    assert_int_equal(c.sig_alg, GT_SIG_RSA_PKCS1_SHA1);
    gt_cert_free(&c);
    free(der);
}

static void test_trailing_byte(void **state)
{
    (void)state;
    size_t len;
    uint8_t *der = sensor_hub_der(&len);
    uint8_t *longer = malloc(len + 1);
    gt_cert c;
    gt_error e = {GT_OK, ""};
    assert_non_null(longer);
    memcpy(longer, der, len);
    longer[len] = 0;
    assert_int_equal(gt_cert_parse(&c, longer, len + 1, &e), GT_ERR_BAD_CERTIFICATE);
    assert_null(c.der); /* nothing kept after a failure */
    free(longer);
    free(der);
}

/* Every prefix of a certificate is malformed, and fails without touching a
 * byte past its end (ASan and UBSan watch under make SANITIZE=1): each prefix
 * lives in its own allocation of exactly its size. */
static void test_every_truncation(void **state)
{
    (void)state;
    size_t len;
    uint8_t *der = sensor_hub_der(&len);
    for (size_t n = 0; n < len; n++) {
        uint8_t *prefix = malloc(n ? n : 1);
        gt_cert c;
        gt_error e = {GT_OK, ""};
        assert_non_null(prefix);
        memcpy(prefix, der, n);
        assert_int_equal(gt_cert_parse(&c, prefix, n, &e), GT_ERR_BAD_CERTIFICATE);
        assert_null(c.der);
        assert_false(c.has_rsa_key);
        free(prefix);
    }
    free(der);
}

/* Each byte replaced by each of a few values: the parser either accepts or
 * rejects, but never crashes or leaks. */
static void test_every_byte_changed(void **state)
{
    (void)state;
    static const uint8_t values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    size_t len;
    uint8_t *der = sensor_hub_der(&len);
    for (size_t i = 0; i < len; i++) {
        uint8_t saved = der[i];
        for (size_t v = 0; v < sizeof values; v++) {
            gt_cert c;
            der[i] = values[v];
            gt_err err = gt_cert_parse(&c, der, len, NULL);
            assert_true(err == GT_OK || err == GT_ERR_BAD_CERTIFICATE ||
                        err == GT_ERR_UNSUPPORTED_CERTIFICATE);
            gt_cert_free(&c);
        }
        der[i] = saved;
    }
    free(der);
}

static void test_empty_input(void **state)
{
    (void)state;
    gt_cert c;
    gt_error e = {GT_OK, ""};
    assert_int_equal(gt_cert_parse(&c, NULL, 0, &e), GT_ERR_BAD_CERTIFICATE);
    assert_non_null(strstr(e.why, "empty"));
}

/* ---- Names (RFC 4514 text) ------------------------------------------------- */

static gt_err parse_name_hex(const char *hex, gt_name *name, uint8_t *buf)
{
    size_t n = strlen(hex) / 2;
    gt_reader r;
    for (size_t i = 0; i < n; i++) {
        unsigned b;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &b), 1);
        buf[i] = (uint8_t)b;
    }
    gt_reader_init(&r, buf, n);
    gt_err err = gt_name_parse(&r, name, "subject", NULL);
    if (err == GT_OK)
        assert_true(gt_reader_done(&r));
    return err;
}

static void test_name_escaping(void **state)
{
    (void)state;
    gt_name name;
    uint8_t buf[256];
    /* CN="a,b+c" (UTF8String); O=" #x " (PrintableString) + OU="q" (IA5String)
     * in one RDN; 1.2.3.4 = BMPString "A". */
    assert_int_equal(parse_name_hex("3036310e300c06035504030c05612c622b633117300b060355040a130420"
                                    "2378203008060355040b160171310b300906032a03041e020041",
                                    &name, buf),
                     GT_OK);
    assert_string_equal(name.text, "CN=a\\,b\\+c, O=\\ #x\\ +OU=q, 1.2.3.4=#1e020041");
    assert_string_equal(name.cn, "a,b+c");
    assert_ptr_equal(name.der, buf);
    assert_int_equal(name.der_len, 0x38);
}

static void test_name_utf8_and_cn(void **state)
{
    (void)state;
    gt_name name;
    uint8_t buf[256];
    /* O="Zürich" as UTF8String (kept) and as PrintableString (escaped, it is
     * not printable); CN="bad\nname": a control character, so no cn. */
    assert_int_equal(parse_name_hex("30373110300e060355040a0c075ac3bc726963683110300e060355040a1"
                                    "3075ac3bc726963683111300f06035504030c086261640a6e616d65",
                                    &name, buf),
                     GT_OK);
    assert_string_equal(name.text, "O=Z\xc3\xbcrich, O=Z\\c3\\bcrich, CN=bad\\0aname");
    assert_string_equal(name.cn, "");
    /* Two CNs: the last (most specific) one is kept. */
    assert_int_equal(parse_name_hex("3021310e300c06035504030c056669727374310f300d06035504030c067"
                                    "365636f6e64",
                                    &name, buf),
                     GT_OK);
    assert_string_equal(name.cn, "second");
    /* Invalid UTF-8 (an overlong '/', a cut sequence) is escaped byte by byte. */
    assert_int_equal(parse_name_hex("3010310e300c06035504030c05c0af78e282", &name, buf), GT_OK);
    assert_string_equal(name.text, "CN=\\c0\\afx\\e2\\82");
    /* An empty name is allowed; an empty RDN is not. */
    assert_int_equal(parse_name_hex("3000", &name, buf), GT_OK);
    assert_string_equal(name.text, "");
    assert_int_equal(parse_name_hex("30023100", &name, buf), GT_ERR_BAD_CERTIFICATE);
}

static void test_name_truncated_text(void **state)
{
    (void)state;
    /* One CN of 300 'x': the text is cut to 255 characters ending in "...". */
    uint8_t der[330];
    gt_name name;
    gt_reader r;
    size_t v = 300;
    /* SEQUENCE (317) { SET (313) { SEQUENCE (309) { OID 2.5.4.3, UTF8String (300) } } } */
    uint8_t head[] = {0x30, 0x82, 0x01, 0x3d, 0x31, 0x82, 0x01, 0x39, 0x30, 0x82, 0x01,
                      0x35, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x82, 0x01, 0x2c};
    memcpy(der, head, sizeof head);
    memset(der + sizeof head, 'x', v);
    gt_reader_init(&r, der, sizeof head + v);
    assert_int_equal(gt_name_parse(&r, &name, "subject", NULL), GT_OK);
    assert_int_equal(strlen(name.text), 255);
    assert_string_equal(name.text + 252, "...");
    assert_string_equal(name.cn, ""); /* too long to keep for host matching */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sensor_hub),          cmocka_unit_test(test_root),
        cmocka_unit_test(test_intermediate_and_ec), cmocka_unit_test(test_v3_extensions),
        cmocka_unit_test(test_ec_point_off_curve),  cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_patched_fields),      cmocka_unit_test(test_patched_but_fine),
        cmocka_unit_test(test_trailing_byte),       cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_byte_changed),  cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_name_escaping),       cmocka_unit_test(test_name_utf8_and_cn),
        cmocka_unit_test(test_name_truncated_text),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
