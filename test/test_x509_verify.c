/* test/test_x509_verify: x509/verify against the committed demo PKI (see
 * test/pki/README.md): the good chain, and each way a chain must be refused,
 * with the sentence that says why. Validation times are fixed here, never
 * the clock; their unix values come from `date -u -d '... UTC' +%s`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define NOW          1795773600LL /* 2026-11-27 10:00:00 UTC */
#define T_2020_06_01 1590969600LL
#define T_2025       1735689600LL /* 2025-01-01 00:00:00 UTC, notBefore of the leaves */
#define T_2045       2366841600LL /* 2045-01-01 00:00:00 UTC, their notAfter */

typedef struct fixture {
    gt_trust trust; /* the demo root only */
    gt_cert sensor_hub, expired, wrong_host, mitm, mitm_root, root, intermediate, via_intermediate,
        issued_by_leaf, ec_leaf;
} fixture;

static void load(const char *name, gt_cert *c)
{
    char path[64];
    size_t n;
    gt_error e = {GT_OK, ""};
    snprintf(path, sizeof path, "test/pki/%s.pem", name);
    if (gt_pem_load_certs(path, c, 1, &n, &e) != GT_OK)
        fail_msg("%s", e.why);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    gt_error e = {GT_OK, ""};
    if (!f || gt_crypto_init() != GT_OK)
        return -1;
    gt_trust_init(&f->trust);
    if (gt_trust_load(&f->trust, "test/pki/root.pem", &e) != GT_OK)
        return -1;
    load("sensor-hub", &f->sensor_hub);
    load("expired", &f->expired);
    load("wrong-host", &f->wrong_host);
    load("mitm", &f->mitm);
    load("mitm-root", &f->mitm_root);
    load("root", &f->root);
    load("intermediate", &f->intermediate);
    load("via-intermediate", &f->via_intermediate);
    load("issued-by-leaf", &f->issued_by_leaf);
    load("ec-leaf", &f->ec_leaf);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gt_cert *all[] = {&f->sensor_hub,     &f->expired, &f->wrong_host,   &f->mitm,
                      &f->mitm_root,      &f->root,    &f->intermediate, &f->via_intermediate,
                      &f->issued_by_leaf, &f->ec_leaf};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        gt_cert_free(all[i]);
    gt_trust_free(&f->trust);
    free(f);
    return 0;
}

/* Verifies and, on failure, checks the code and that the sentence holds
 * each of the given phrases (NULL-terminated). */
static void expect(gt_err want, const gt_cert *chain, size_t n, const gt_trust *trust,
                   const char *host, int64_t now, ...)
{
    gt_error e = {GT_OK, ""};
    gt_err got = gt_verify_chain(chain, n, trust, host, now, &e);
    if (got != want)
        fail_msg("expected %s, got %s: %s", gt_err_name(want), gt_err_name(got), e.why);
    va_list ap;
    va_start(ap, now);
    for (const char *words; (words = va_arg(ap, const char *)) != NULL;)
        if (!strstr(e.why, words))
            fail_msg("\"%s\" does not say \"%s\"", e.why, words);
    va_end(ap);
}

static void test_good_chain(void **state)
{
    fixture *f = *state;
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, "sensor-hub.local", NOW, NULL);
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, NULL, NOW, NULL); /* no name check */
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, "Sensor-HUB.Local", NOW, NULL);
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, "sensor-hub.local.", NOW, NULL);
    /* The validity period includes both of its ends (RFC 5280 4.1.2.5). */
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, "sensor-hub.local", T_2025, NULL);
    expect(GT_OK, &f->sensor_hub, 1, &f->trust, "sensor-hub.local", T_2045, NULL);
    /* The root sent along at the end of the chain changes nothing. */
    gt_cert chain[2] = {f->sensor_hub, f->root};
    expect(GT_OK, chain, 2, &f->trust, "sensor-hub.local", NOW, NULL);
}

static void test_expired(void **state)
{
    fixture *f = *state;
    expect(GT_ERR_CERTIFICATE_EXPIRED, &f->expired, 1, &f->trust, "sensor-hub.local", NOW,
           "the server's certificate (CN=sensor-hub.local)",
           "expired on 2021-01-01 00:00:00 UTC; the validation time is 2026-11-27 10:00:00 UTC",
           NULL);
    expect(GT_ERR_CERTIFICATE_EXPIRED, &f->sensor_hub, 1, &f->trust, "sensor-hub.local", T_2045 + 1,
           "expired on 2045-01-01 00:00:00 UTC", NULL);
    /* In 2020 the same certificate was fine. */
    expect(GT_OK, &f->expired, 1, &f->trust, "sensor-hub.local", T_2020_06_01, NULL);
}

static void test_not_yet_valid(void **state)
{
    fixture *f = *state;
    expect(GT_ERR_CERTIFICATE_EXPIRED, &f->sensor_hub, 1, &f->trust, "sensor-hub.local", T_2025 - 1,
           "the server's certificate (CN=sensor-hub.local)",
           "is not valid before 2025-01-01 00:00:00 UTC; the validation time is 2024-12-31 "
           "23:59:59 UTC",
           NULL);
    /* In 2018 the root itself was not valid yet; the leaf is named first. */
    expect(GT_ERR_CERTIFICATE_EXPIRED, &f->expired, 1, &f->trust, NULL, 1514764800 /* 2018 */,
           "the server's certificate", NULL);
}

static void test_wrong_host(void **state)
{
    fixture *f = *state;
    expect(GT_ERR_BAD_CERTIFICATE, &f->sensor_hub, 1, &f->trust, "other.local", NOW,
           "the server's certificate (CN=sensor-hub.local) is valid for sensor-hub.local, not "
           "other.local",
           NULL);
    expect(GT_ERR_BAD_CERTIFICATE, &f->wrong_host, 1, &f->trust, "sensor-hub.local", NOW,
           "is valid for other-host.local, not sensor-hub.local", NULL);
    expect(GT_OK, &f->wrong_host, 1, &f->trust, "other-host.local", NOW, NULL);
}

static void test_untrusted_ca(void **state)
{
    fixture *f = *state;
    /* The attacker's certificate names the right host and is in its dates:
     * only the issuer gives it away. */
    expect(GT_ERR_UNKNOWN_CA, &f->mitm, 1, &f->trust, "sensor-hub.local", NOW,
           "the server's certificate (CN=sensor-hub.local) was issued by \"CN=Attacker Root\", "
           "which is not one of the trusted roots",
           NULL);
    /* Sending the attacker's root along does not help: it is self-signed and untrusted. */
    gt_cert chain[2] = {f->mitm, f->mitm_root};
    expect(GT_ERR_UNKNOWN_CA, chain, 2, &f->trust, "sensor-hub.local", NOW,
           "certificate 2 of the server's chain (CN=Attacker Root) is self-signed", NULL);
    /* Whoever trusts the attacker's root accepts it: trust is configuration. */
    gt_trust mitm_trust;
    gt_trust_init(&mitm_trust);
    assert_int_equal(gt_trust_load(&mitm_trust, "test/pki/mitm-root.pem", NULL), GT_OK);
    expect(GT_OK, &f->mitm, 1, &mitm_trust, "sensor-hub.local", NOW, NULL);
    expect(GT_ERR_UNKNOWN_CA, &f->sensor_hub, 1, &mitm_trust, "sensor-hub.local", NOW, NULL);
    gt_trust_free(&mitm_trust);
    /* Nothing trusted at all. */
    gt_trust none;
    gt_trust_init(&none);
    expect(GT_ERR_UNKNOWN_CA, &f->sensor_hub, 1, &none, "sensor-hub.local", NOW, NULL);
}

/* A copy of c's DER with one byte changed, parsed again. */
static void altered(const gt_cert *c, size_t at, uint8_t mask, gt_cert *out)
{
    uint8_t *der = malloc(c->der_len);
    assert_non_null(der);
    memcpy(der, c->der, c->der_len);
    der[at] ^= mask;
    assert_int_equal(gt_cert_parse(out, der, c->der_len, NULL), GT_OK);
    free(der);
}

static void test_altered_signature(void **state)
{
    fixture *f = *state;
    gt_cert c;
    /* The last byte of the signature. */
    altered(&f->sensor_hub, f->sensor_hub.der_len - 1, 0x01, &c);
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, "sensor-hub.local", NOW,
           "the signature on the server's certificate (CN=sensor-hub.local) does not verify "
           "with the public key of the trusted root (CN=glasstls Demo Root CA)",
           NULL);
    gt_cert_free(&c);
    /* Its first byte. */
    altered(&f->sensor_hub, (size_t)(f->sensor_hub.sig - f->sensor_hub.der), 0x80, &c);
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, NULL, NOW, "does not verify", NULL);
    gt_cert_free(&c);
    /* A signed byte instead: the subject's CN "sensor-hub.local" becomes "sensor-hub.locam". */
    size_t cn_end = (size_t)(f->sensor_hub.subject.der - f->sensor_hub.der) + 2 + 2 + 2 + 5 + 2 +
                    strlen("sensor-hub.local") - 1;
    assert_int_equal(f->sensor_hub.der[cn_end], 'l');
    altered(&f->sensor_hub, cn_end, 0x01, &c);
    assert_string_equal(c.subject.cn, "sensor-hub.locam");
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, NULL, NOW, "does not verify", NULL);
    gt_cert_free(&c);
}

/* The sensor-hub certificate with both copies of its signature algorithm
 * changed to another PKCS#1 algorithm (last OID byte). */
static void with_sig_alg(const gt_cert *src, uint8_t last, gt_cert *out)
{
    static const uint8_t sha256_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    uint8_t *der = malloc(src->der_len);
    int changed = 0;
    assert_non_null(der);
    memcpy(der, src->der, src->der_len);
    for (size_t i = 0; i + sizeof sha256_rsa <= src->der_len; i++) {
        if (memcmp(der + i, sha256_rsa, sizeof sha256_rsa) == 0) {
            der[i + sizeof sha256_rsa - 1] = last;
            changed++;
        }
    }
    assert_int_equal(changed, 2);
    assert_int_equal(gt_cert_parse(out, der, src->der_len, NULL), GT_OK);
    free(der);
}

static void test_signature_algorithms(void **state)
{
    fixture *f = *state;
    gt_cert c;
    with_sig_alg(&f->sensor_hub, 0x05, &c); /* sha1WithRSAEncryption */
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, NULL, NOW,
           "the server's certificate (CN=sensor-hub.local) is signed with sha1WithRSAEncryption",
           "broken", NULL);
    gt_cert_free(&c);
    with_sig_alg(&f->sensor_hub, 0x04, &c); /* md5WithRSAEncryption */
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, NULL, NOW, "md5WithRSAEncryption", NULL);
    gt_cert_free(&c);
    with_sig_alg(&f->sensor_hub, 0x0a, &c); /* RSASSA-PSS */
    expect(GT_ERR_UNSUPPORTED_CERTIFICATE, &c, 1, &f->trust, NULL, NOW, "RSASSA-PSS", NULL);
    gt_cert_free(&c);
    /* SHA-384: an algorithm we verify, but this signature was made with SHA-256. */
    with_sig_alg(&f->sensor_hub, 0x0c, &c);
    expect(GT_ERR_BAD_CERTIFICATE, &c, 1, &f->trust, NULL, NOW, "does not verify", NULL);
    gt_cert_free(&c);
}

static void test_intermediate(void **state)
{
    fixture *f = *state;
    gt_cert good[3] = {f->via_intermediate, f->intermediate, f->root};
    expect(GT_OK, good, 2, &f->trust, "sensor-hub.local", NOW, NULL);
    expect(GT_OK, good, 3, &f->trust, "sensor-hub.local", NOW, NULL);
    /* Without the intermediate there is no path. */
    expect(GT_ERR_UNKNOWN_CA, good, 1, &f->trust, "sensor-hub.local", NOW,
           "was issued by \"CN=glasstls Demo Intermediate CA, O=glasstls demo\"",
           "the server sent no certificate for it", NULL);
    /* The wrong certificate second: nothing sent is the intermediate. */
    gt_cert wrong[2] = {f->via_intermediate, f->sensor_hub};
    expect(GT_ERR_UNKNOWN_CA, wrong, 2, &f->trust, "sensor-hub.local", NOW,
           "the server sent no certificate for it", NULL);
    /* Out of order and with extra certificates: the path is still found. */
    gt_cert shuffled[4] = {f->via_intermediate, f->sensor_hub, f->root, f->intermediate};
    expect(GT_OK, shuffled, 4, &f->trust, "sensor-hub.local", NOW, NULL);
}

static void test_issuer_not_a_ca(void **state)
{
    fixture *f = *state;
    /* issued-by-leaf.pem is signed by the sensor-hub key, whose certificate
     * says CA:FALSE: the signature is fine, the issuer may not issue. */
    gt_cert chain[2] = {f->issued_by_leaf, f->sensor_hub};
    expect(GT_ERR_BAD_CERTIFICATE, chain, 2, &f->trust, "sensor-hub.local", NOW,
           "certificate 2 of the server's chain (CN=sensor-hub.local) is not a CA", NULL);
}

static void test_leaf_is_trust_anchor(void **state)
{
    fixture *f = *state;
    /* A pinned server certificate: trusted as it is, byte for byte. */
    gt_trust pinned;
    gt_trust_init(&pinned);
    assert_int_equal(gt_trust_load(&pinned, "test/pki/sensor-hub.pem", NULL), GT_OK);
    expect(GT_OK, &f->sensor_hub, 1, &pinned, "sensor-hub.local", NOW, NULL);
    expect(GT_ERR_BAD_CERTIFICATE, &f->sensor_hub, 1, &pinned, "other.local", NOW, NULL);
    expect(GT_ERR_CERTIFICATE_EXPIRED, &f->sensor_hub, 1, &pinned, NULL, T_2045 + 1, NULL);
    /* It is no CA, so it vouches for nothing else. */
    expect(GT_ERR_BAD_CERTIFICATE, &f->issued_by_leaf, 1, &pinned, NULL, NOW,
           "the trusted root (CN=sensor-hub.local) is not a CA", NULL);
    gt_trust_free(&pinned);
}

static void test_ec_leaf(void **state)
{
    fixture *f = *state;
    /* Signed by the RSA root, so its chain verifies; that its own key is not
     * RSA is for the handshake to refuse (unsupported_certificate). */
    assert_false(f->ec_leaf.has_rsa_key);
    expect(GT_OK, &f->ec_leaf, 1, &f->trust, "sensor-hub.local", NOW, NULL);
}

static void test_ec_intermediate(void **state)
{
    fixture *f = *state;
    /* An intermediate CA with an ECDSA P-256 key signed the server's
     * certificate with ecdsa-with-SHA256 (RFC 5758 3.2). */
    gt_cert chain[2], bad;
    load("via-ec-intermediate", &chain[0]);
    load("ec-intermediate", &chain[1]);
    expect(GT_OK, chain, 2, &f->trust, "sensor-hub.local", NOW, NULL);
    /* One bit of r changed: the ECDSA signature no longer verifies. The
     * signature is SEQUENCE { INTEGER r, INTEGER s }: r's last byte is at
     * 2 + 2 + len(r) - 1 from its start. */
    size_t r_len = chain[0].sig[3];
    altered(&chain[0], (size_t)(chain[0].sig - chain[0].der) + 3 + r_len, 0x01, &bad);
    gt_cert sent[2] = {bad, chain[1]};
    expect(GT_ERR_BAD_CERTIFICATE, sent, 2, &f->trust, "sensor-hub.local", NOW,
           "the signature on the server's certificate (CN=sensor-hub.local) does not verify with "
           "the public key of certificate 2 of the server's chain (CN=glasstls Demo EC "
           "Intermediate CA)",
           NULL);
    gt_cert_free(&bad);
    gt_cert_free(&chain[0]);
    gt_cert_free(&chain[1]);
}

static void test_no_certificate(void **state)
{
    fixture *f = *state;
    expect(GT_ERR_BAD_CERTIFICATE, NULL, 0, &f->trust, "sensor-hub.local", NOW, "no certificate",
           NULL);
}

static void test_trust_store(void **state)
{
    (void)state;
    gt_trust t;
    gt_error e = {GT_OK, ""};
    gt_trust_init(&t);
    /* The same root twice is kept once. */
    assert_int_equal(gt_trust_load(&t, "test/pki/root.pem", NULL), GT_OK);
    assert_int_equal(gt_trust_load(&t, "test/pki/root.pem", NULL), GT_OK);
    assert_int_equal(t.n, 1);
    /* A directory: every .pem file in it (the PKI has 12 certificates). */
    assert_int_equal(gt_trust_load(&t, "test/pki", &e), GT_OK);
    assert_int_equal(t.n, 12);
    gt_trust_free(&t);
    assert_int_equal(t.n, 0);
    /* Errors name the file. */
    assert_int_equal(gt_trust_load(&t, "test/pki/no-such.pem", &e), GT_ERR_IO);
    assert_non_null(strstr(e.why, "no-such.pem"));
    gt_error_clear(&e);
    assert_int_equal(gt_trust_load(&t, "test/pki/root.key", &e), GT_ERR_DECODE);
    assert_non_null(strstr(e.why, "root.key"));
    gt_trust_free(&t);
}

/* ---- Host names (RFC 6125 6.4) ------------------------------------------ */

static void make_cert(gt_cert *c, const char *cn, const char *const *dns)
{
    memset(c, 0, sizeof *c);
    snprintf(c->subject.cn, sizeof c->subject.cn, "%s", cn ? cn : "");
    for (; dns && *dns; dns++)
        snprintf(c->dns[c->n_dns++], sizeof c->dns[0], "%s", *dns);
}

static bool matches(const char *pattern, const char *host)
{
    gt_cert c;
    const char *dns[] = {pattern, NULL};
    make_cert(&c, NULL, dns);
    return gt_cert_matches_host(&c, host);
}

static void test_host_table(void **state)
{
    (void)state;
    static const struct {
        const char *pattern, *host;
        bool match;
    } table[] = {
        {"sensor-hub.local", "sensor-hub.local", true},
        {"sensor-hub.local", "SENSOR-HUB.LOCAL", true}, /* ASCII case does not matter */
        {"Sensor-Hub.Local", "sensor-hub.local", true},
        {"sensor-hub.local.", "sensor-hub.local", true}, /* an absolute name is the same */
        {"sensor-hub.local", "sensor-hub.local.", true},
        {"sensor-hub.local", "sensor-hub.loca", false},
        {"sensor-hub.local", "xsensor-hub.local", false},
        {"sensor-hub.local", "", false},
        {"*.example.com", "a.example.com", true},
        {"*.example.com", "A.Example.COM", true},
        {"*.example.com", "a.b.example.com", false}, /* one label only */
        {"*.example.com", "example.com", false},
        {"*.example.com", ".example.com", false},
        {"*.example.com", "a.example.org", false},
        {"*", "example", false},
        {"*", "a.example.com", false},
        {"*.com", "example.com", false}, /* too wide */
        {"*.", "a.", false},
        {"f*.example.com", "foo.example.com", false}, /* partial wildcards: never */
        {"*o.example.com", "foo.example.com", false},
        {"f*o.example.com", "foo.example.com", false},
        {"a.*.example.com", "a.b.example.com", false},
        {"*.*.example.com", "a.b.example.com", false},
        {"*.example.com", "*.example.com", false}, /* a host has no wildcard */
        {"a.example.com", "a..example.com", false},
        {"192.168.1.10", "192.168.1.10", false}, /* IP addresses are no DNS names */
        {"*.168.1.10", "192.168.1.10", false},
        {"sensor-hub.local", "sensor hub.local", false},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (matches(table[i].pattern, table[i].host) != table[i].match)
            fail_msg("\"%s\" vs \"%s\": expected %s", table[i].pattern, table[i].host,
                     table[i].match ? "a match" : "no match");
}

static void test_host_sans_over_cn(void **state)
{
    (void)state;
    gt_cert c;
    const char *dns[] = {"a.example.com", "*.b.example.com", NULL};
    /* No dNSName: the CN is used. */
    make_cert(&c, "cn.example.com", NULL);
    assert_true(gt_cert_matches_host(&c, "cn.example.com"));
    assert_false(gt_cert_matches_host(&c, "a.example.com"));
    /* With dNSNames, the CN is ignored (RFC 6125 6.4.4). */
    make_cert(&c, "cn.example.com", dns);
    assert_false(gt_cert_matches_host(&c, "cn.example.com"));
    assert_true(gt_cert_matches_host(&c, "a.example.com"));
    assert_true(gt_cert_matches_host(&c, "x.b.example.com"));
    assert_false(gt_cert_matches_host(&c, NULL));
    /* No names at all. */
    make_cert(&c, NULL, NULL);
    assert_false(gt_cert_matches_host(&c, "sensor-hub.local"));
}

static void add_ip(gt_cert *c, const uint8_t *ip, size_t len)
{
    memcpy(c->ip[c->n_ip], ip, len);
    c->ip_len[c->n_ip++] = (uint8_t)len;
}

/* An IP literal matches only an iPAddress of the same bytes (RFC 5280
 * 4.2.1.6), never a dNSName or the CN that spells it. */
static void test_host_ip(void **state)
{
    (void)state;
    static const uint8_t v4[4] = {192, 0, 2, 1};
    static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const char *dns[] = {"192.0.2.1", "www.example.com", NULL};
    gt_cert c;
    make_cert(&c, "192.0.2.1", dns);
    assert_false(gt_cert_matches_host(&c, "192.0.2.1"));
    add_ip(&c, v4, sizeof v4);
    assert_true(gt_cert_matches_host(&c, "192.0.2.1"));
    assert_false(gt_cert_matches_host(&c, "192.0.2.2"));
    assert_false(gt_cert_matches_host(&c, "::ffff:192.0.2.1")); /* an IPv6 address */
    assert_true(gt_cert_matches_host(&c, "www.example.com"));
    add_ip(&c, v6, sizeof v6);
    assert_true(gt_cert_matches_host(&c, "2001:db8::1"));
    assert_true(gt_cert_matches_host(&c, "2001:DB8:0:0:0:0:0:1"));
    assert_false(gt_cert_matches_host(&c, "2001:db8::2"));
    /* With no SAN at all, a CN spelling an address is still no match. */
    make_cert(&c, "192.0.2.1", NULL);
    assert_false(gt_cert_matches_host(&c, "192.0.2.1"));
}

static void test_pool_repeats_and_self(void **state)
{
    fixture *f = *state;
    /* The intermediate three times and the leaf again: the path is found
     * once, and no certificate is used twice on it. */
    gt_cert sent[5] = {f->via_intermediate, f->intermediate, f->via_intermediate, f->intermediate,
                       f->intermediate};
    gt_path path;
    gt_error e = {GT_OK, ""};
    assert_int_equal(gt_verify_path(sent, 5, &f->trust, "sensor-hub.local", NOW, &path, &e), GT_OK);
    assert_int_equal(path.len, 3);
    assert_true(path.complete);
    assert_int_equal(path.position[0], 0);
    assert_int_equal(path.position[1], 1);
    assert_int_equal(path.position[2], GT_PATH_ANCHOR);
    /* The attacker's self-signed root sent many times: still untrusted. */
    gt_cert loop[4] = {f->mitm, f->mitm_root, f->mitm_root, f->mitm_root};
    expect(GT_ERR_UNKNOWN_CA, loop, 4, &f->trust, NULL, NOW, "is self-signed", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_chain),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_not_yet_valid),
        cmocka_unit_test(test_wrong_host),
        cmocka_unit_test(test_untrusted_ca),
        cmocka_unit_test(test_altered_signature),
        cmocka_unit_test(test_signature_algorithms),
        cmocka_unit_test(test_intermediate),
        cmocka_unit_test(test_pool_repeats_and_self),
        cmocka_unit_test(test_issuer_not_a_ca),
        cmocka_unit_test(test_leaf_is_trust_anchor),
        cmocka_unit_test(test_ec_leaf),
        cmocka_unit_test(test_ec_intermediate),
        cmocka_unit_test(test_no_certificate),
        cmocka_unit_test(test_trust_store),
        cmocka_unit_test(test_host_table),
        cmocka_unit_test(test_host_sans_over_cn),
        cmocka_unit_test(test_host_ip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
