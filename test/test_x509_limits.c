/* test/test_x509_limits: X.509 at its edges: ECDSA chains under either
 * big-number backend, a trust file that does not parse, more SANs than a
 * certificate keeps (name constraints must still see them), and key
 * identifiers longer than kept. Each was a bug once; each test asserts a
 * value from outside the code under test: a certificate OpenSSL made and
 * judged, or the RFC's text (RFC 5280 4.2.1.2, 4.2.1.10). */
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
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define GALLERY "test/x509-gallery/"
#define AT      1893456000LL /* 2030-01-01, inside the gallery's validity */

static int back_to_ltm(void **state)
{
    (void)state;
    return gt_crypto_use_math(GT_MATH_LTM) == GT_OK ? 0 : -1;
}

static gt_err verify_gallery(const char *name, const char *host)
{
    char roots[128], leaf[128], inter[128];
    gt_cert chain[8];
    gt_trust trust;
    gt_error e = {GT_OK, ""};
    size_t n = 0, extra = 0;
    snprintf(roots, sizeof roots, GALLERY "%s/roots.pem", name);
    snprintf(leaf, sizeof leaf, GALLERY "%s/leaf.pem", name);
    snprintf(inter, sizeof inter, GALLERY "%s/intermediates.pem", name);
    gt_trust_init(&trust);
    gt_err rc = gt_trust_load(&trust, roots, &e);
    if (rc == GT_OK)
        rc = gt_pem_load_certs(leaf, chain, 8, &n, &e);
    if (rc == GT_OK && access(inter, R_OK) == 0)
        rc = gt_pem_load_certs(inter, chain + n, 8 - n, &extra, &e);
    if (rc == GT_OK)
        rc = gt_verify_chain(chain, n + extra, &trust, host, AT, &e);
    for (size_t i = 0; i < n + extra; i++)
        gt_cert_free(&chain[i]);
    gt_trust_free(&trust);
    return rc;
}

/* The curve check on an EC key (crypto/ecdsa.c) did its arithmetic with
 * libtommath on numbers libtomcrypt had made with whichever backend was
 * chosen: under GMP it read an mpz_t as an mp_int. OpenSSL accepts these
 * ECDSA chains (test/x509-gallery/make-gallery.sh); so must glasstls under
 * either backend. */
static void test_ecdsa_chains_under_each_backend(void **state)
{
    (void)state;
    static const gt_math backends[] = {GT_MATH_LTM, GT_MATH_GMP};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(gt_crypto_use_math(backends[i]), GT_OK);
        assert_int_equal(verify_gallery("good-ecdsa-p256", "www.gallery.test"), GT_OK);
        assert_int_equal(verify_gallery("good-ecdsa-p384", "www.gallery.test"), GT_OK);
        assert_int_equal(verify_gallery("forged-ecdsa-signature", "www.gallery.test"),
                         GT_ERR_BAD_CERTIFICATE);
    }
}

/* A trust bundle whose base64 is broken: the error names the file, as it
 * does for a certificate chain (gt_pem_load_certs); in a directory of
 * roots the file is otherwise impossible to find. The '!' is outside the
 * base64 alphabet of RFC 4648 section 4. */
static void test_broken_trust_file_is_named(void **state)
{
    (void)state;
    char dir[] = "/tmp/gt-x509-XXXXXX", path[64];
    gt_trust trust;
    gt_error e = {GT_OK, ""};
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/broken.pem", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("-----BEGIN CERTIFICATE-----\nMIIB!AAA\n-----END CERTIFICATE-----\n", f);
    fclose(f);
    gt_trust_init(&trust);
    gt_err rc = gt_trust_load(&trust, dir, &e);
    gt_trust_free(&trust);
    unlink(path);
    rmdir(dir);
    assert_int_equal(rc, GT_ERR_DECODE);
    assert_non_null(strstr(e.why, path));
    assert_non_null(strstr(e.why, "'!'"));
}

/* A root whose nameConstraints permit only gallery.test issued a leaf with
 * 17 dNSNames, the 17th www.elsewhere.test
 * (test/fixtures/x509-nc-many-sans/make.sh). `openssl verify` rejects it:
 * "permitted subtree violation". glasstls keeps 16 names, so it checked
 * only those and accepted the chain; it must refuse what it cannot check. */
static void test_name_constraints_see_every_name(void **state)
{
    (void)state;
    const char *dir = "test/fixtures/x509-nc-many-sans/";
    char roots[128], leaf[128];
    gt_cert chain[1];
    gt_trust trust;
    gt_error e = {GT_OK, ""};
    size_t n = 0;
    snprintf(roots, sizeof roots, "%sroots.pem", dir);
    snprintf(leaf, sizeof leaf, "%sleaf.pem", dir);
    gt_trust_init(&trust);
    assert_int_equal(gt_trust_load(&trust, roots, &e), GT_OK);
    assert_int_equal(gt_pem_load_certs(leaf, chain, 1, &n, &e), GT_OK);
    assert_true(chain[0].dns_truncated);
    gt_err rc = gt_verify_chain(chain, n, &trust, "h1.gallery.test", AT, &e);
    gt_cert_free(&chain[0]);
    gt_trust_free(&trust);
    assert_int_equal(rc, GT_ERR_UNSUPPORTED_CERTIFICATE);
    assert_non_null(strstr(e.why, "nameConstraints"));
}

/* A self-signed fixture, loaded both as the only trusted root and as the
 * chain to check. */
typedef struct self_signed {
    gt_cert cert;
    gt_trust trust;
} self_signed;

static void load_self_signed(self_signed *f, const char *path)
{
    gt_error e = {GT_OK, ""};
    size_t n = 0;
    gt_trust_init(&f->trust);
    assert_int_equal(gt_trust_load(&f->trust, path, &e), GT_OK);
    assert_int_equal(gt_pem_load_certs(path, &f->cert, 1, &n, &e), GT_OK);
    assert_int_equal(n, 1);
}

static gt_err verify_self_signed(self_signed *f, const char *host)
{
    gt_error e = {GT_OK, ""};
    return gt_verify_chain(&f->cert, 1, &f->trust, host, AT, &e);
}

static void free_self_signed(self_signed *f)
{
    gt_cert_free(&f->cert);
    gt_trust_free(&f->trust);
}

/* A CA whose key identifiers are 65 bytes
 * (test/fixtures/x509-long-key-id/make.sh). RFC 5280 4.2.1.2 gives a
 * KeyIdentifier no maximum and `openssl verify` accepts the certificate;
 * glasstls called it malformed because it keeps at most 64 bytes. */
static void test_long_key_identifier_is_well_formed(void **state)
{
    (void)state;
    self_signed f;
    load_self_signed(&f, "test/fixtures/x509-long-key-id/root.pem");
    assert_int_equal(f.cert.ski_len, 0); /* too long to keep: no hint */
    assert_int_equal(verify_self_signed(&f, "www.gallery.test"), GT_OK);
    free_self_signed(&f);
}

/* A certificate with 17 iPAddress names (test/fixtures/x509-many-ips/
 * make.sh), which `openssl verify -verify_ip 192.0.2.1` accepts. glasstls
 * dropped the dNSNames past 16 but refused the whole certificate at the
 * 17th iPAddress: one bound, two behaviours. Now both kinds are bounded the
 * same way, and the first 16 addresses match. */
static void test_many_ip_names_bounded_like_dns_names(void **state)
{
    (void)state;
    self_signed f;
    load_self_signed(&f, "test/fixtures/x509-many-ips/root.pem");
    assert_true(f.cert.ip_truncated);
    assert_int_equal(f.cert.n_ip, GT_CERT_MAX_SANS);
    assert_int_equal(verify_self_signed(&f, "192.0.2.1"), GT_OK);
    free_self_signed(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_ecdsa_chains_under_each_backend, back_to_ltm),
        cmocka_unit_test(test_broken_trust_file_is_named),
        cmocka_unit_test(test_name_constraints_see_every_name),
        cmocka_unit_test(test_long_key_identifier_is_well_formed),
        cmocka_unit_test(test_many_ip_names_bounded_like_dns_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
