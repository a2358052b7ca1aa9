/* test/test_x509_gallery: x509/verify (lesson step 3) on the gallery of good
 * and bad chains in test/x509-gallery/ (made once by make-gallery.sh, which
 * says what each fixture is). One test per fixture, in three parts:
 *   1. the library (gt_verify_path) gives the expected verdict and a reason
 *      that holds the expected words;
 *   2. the command, `glasstls verify`, exits 0 or 1 accordingly and prints it;
 *   3. `openssl verify -x509_strict` on the same files, run now, reaches the
 *      same verdict, with an error in the same class (time, issuer, CA
 *      rules, host name ...), unless the table says in one line why the two
 *      must differ; then OpenSSL's own verdict is checked to be that one.
 * The expectations come from the fixtures' purpose (RFC 5280, RFC 6125) and
 * OpenSSL's error numbers from its x509_vfy.h; never from glasstls's output.
 * Validation time: 2030-01-01 00:00:00 UTC, inside every "good" validity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "test/helpers/openssl_peer.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define AT      1893456000LL /* 2030-01-01 00:00:00 UTC */
#define AT_TEXT "1893456000"
#define DIR     "test/x509-gallery/"
#define WWW     "www.gallery.test"

/* Classes of reasons, with OpenSSL's X509_V_ERR_* numbers for each. */
typedef enum reason_class {
    ACCEPTED,
    TIME,       /* 9 not yet valid, 10 expired */
    ISSUER,     /* 18, 19 self-signed, 20, 2 no issuer, 22 chain too long */
    SIGNATURE,  /* 7 signature failure, 68 digest too weak */
    CA_RULES,   /* 24, 79 invalid CA, 25 path length, 26 purpose */
    NAMES,      /* 47 permitted, 48 excluded subtree */
    HOST,       /* 62 hostname, 64 IP address mismatch */
    EXTENSIONS, /* 34 unhandled critical extension, 41 invalid extension */
} reason_class;

static bool openssl_in_class(int code, reason_class c)
{
    switch (c) {
    case ACCEPTED: return code == 0;
    case TIME: return code == 9 || code == 10;
    case ISSUER: return code == 2 || code == 18 || code == 19 || code == 20 || code == 22;
    case SIGNATURE: return code == 7 || code == 68;
    case CA_RULES: return code == 24 || code == 25 || code == 26 || code == 79;
    case NAMES: return code == 47 || code == 48;
    case HOST: return code == 62 || code == 64;
    case EXTENSIONS: return code == 34 || code == 41;
    }
    return false;
}

typedef struct gallery_case {
    const char *name;
    const char *host; /* NULL: no host check */
    gt_err expect;    /* GT_OK: accepted */
    reason_class class;
    const char *words; /* the reason must hold these words */
    /* When OpenSSL must decide otherwise: its verdict (0 accepts, else its
     * error number) and one line on why. */
    int openssl;
    const char *differs;
} gallery_case;

#define OK_(name, host)                                                                            \
    {                                                                                              \
        name, host, GT_OK, ACCEPTED, NULL, 0, NULL                                                 \
    }
#define NO(name, host, err, cls, words)                                                            \
    {                                                                                              \
        name, host, err, cls, words, 0, NULL                                                       \
    }

static const gallery_case cases[] = {
    /* Good chains: RSA PKCS#1 v1.5 with SHA-256/384/512, ECDSA P-256 and
     * P-384 with SHA-256/384/512, and RSA and EC mixed on one path. */
    OK_("good-rsa", WWW),
    OK_("good-rsa-sha384-sha512", WWW),
    OK_("good-ecdsa-p256", WWW),
    OK_("good-ecdsa-p384", WWW),
    OK_("mixed-rsa-root-ec-intermediate", WWW),
    OK_("mixed-ec-root-rsa-intermediate", WWW),
    /* Validity (RFC 5280 4.1.2.5), of the leaf, an intermediate, the root. */
    NO("expired-leaf", WWW, GT_ERR_CERTIFICATE_EXPIRED, TIME,
       "the server's certificate (CN=www.gallery.test) expired on 2021-01-01"),
    NO("not-yet-valid-leaf", WWW, GT_ERR_CERTIFICATE_EXPIRED, TIME,
       "the server's certificate (CN=www.gallery.test) is not valid before 2035-01-01"),
    NO("expired-intermediate", WWW, GT_ERR_CERTIFICATE_EXPIRED, TIME,
       "certificate 2 of the server's chain (CN=Gallery Intermediate CA) expired on 2021-01-01"),
    NO("not-yet-valid-intermediate", WWW, GT_ERR_CERTIFICATE_EXPIRED, TIME,
       "certificate 2 of the server's chain (CN=Gallery Intermediate CA) is not valid before "
       "2035"),
    NO("expired-root", WWW, GT_ERR_CERTIFICATE_EXPIRED, TIME,
       "the trusted root (CN=Gallery Root CA) expired on 2020-01-01"),
    /* Host names (RFC 6125 6.4) and IP addresses (RFC 5280 4.2.1.6). */
    NO("wrong-host", "mail.gallery.test", GT_ERR_BAD_CERTIFICATE, HOST,
       "is valid for www.gallery.test, gallery.test, not mail.gallery.test"),
    OK_("wildcard", "a.gallery.test"),
    NO("wildcard-two-labels", "a.b.gallery.test", GT_ERR_BAD_CERTIFICATE, HOST,
       "not a.b.gallery.test"),
    NO("wildcard-bare-domain", "gallery.test", GT_ERR_BAD_CERTIFICATE, HOST, "not gallery.test"),
    NO("wildcard-single-label", "foo.test", GT_ERR_BAD_CERTIFICATE, HOST, "not foo.test"),
    {"wildcard-partial-label", WWW, GT_ERR_BAD_CERTIFICATE, HOST, "valid for w*.gallery.test", 0,
     "RFC 6125 6.4.3 lets a client refuse partial-label wildcards and glasstls does; OpenSSL "
     "accepts them unless X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS is set"},
    NO("wildcard-not-leftmost", WWW, GT_ERR_BAD_CERTIFICATE, HOST, "valid for www.*.test"),
    OK_("ip-v4", "192.0.2.10"),
    OK_("ip-v6", "2001:db8::10"),
    NO("ip-wrong", "192.0.2.11", GT_ERR_BAD_CERTIFICATE, HOST, "no iPAddress 192.0.2.11"),
    NO("ip-only-in-dnsname", "192.0.2.10", GT_ERR_BAD_CERTIFICATE, HOST, "no iPAddress 192.0.2.10"),
    OK_("cn-without-san", WWW),
    NO("cn-ignored-with-san", WWW, GT_ERR_BAD_CERTIFICATE, HOST,
       "is valid for other.gallery.test, not www.gallery.test"),
    /* Trust and signatures. */
    NO("untrusted-root", WWW, GT_ERR_UNKNOWN_CA, ISSUER,
       "certificate 2 of the server's chain (CN=Gallery Intermediate CA) was issued by "
       "\"CN=Gallery Root CA, O=glasstls gallery\", which is not one of the trusted roots"),
    NO("self-signed-leaf", WWW, GT_ERR_UNKNOWN_CA, ISSUER,
       "the server's certificate (CN=www.gallery.test) is self-signed and is not one of the "
       "trusted roots"),
    NO("forged-signature", WWW, GT_ERR_BAD_CERTIFICATE, SIGNATURE,
       "the signature on the server's certificate (CN=www.gallery.test) does not verify with the "
       "public key of certificate 2 of the server's chain (CN=Gallery Intermediate CA)"),
    NO("forged-ecdsa-signature", WWW, GT_ERR_BAD_CERTIFICATE, SIGNATURE,
       "the signature on the server's certificate (CN=www.gallery.test) does not verify with the "
       "public key of certificate 2 of the server's chain (CN=Gallery EC Intermediate CA)"),
    NO("sha1-signed", WWW, GT_ERR_BAD_CERTIFICATE, SIGNATURE,
       "the server's certificate (CN=www.gallery.test) is signed with sha1WithRSAEncryption; its "
       "hash is broken"),
    NO("md5-signed", WWW, GT_ERR_BAD_CERTIFICATE, SIGNATURE,
       "is signed with md5WithRSAEncryption; its hash is broken"),
    /* CA rules: basicConstraints, pathLenConstraint, keyUsage, extKeyUsage. */
    NO("intermediate-not-ca", WWW, GT_ERR_BAD_CERTIFICATE, CA_RULES,
       "certificate 2 of the server's chain (CN=Gallery Not-a-CA) is not a CA"),
    NO("intermediate-without-basic-constraints", WWW, GT_ERR_BAD_CERTIFICATE, CA_RULES,
       "certificate 2 of the server's chain (CN=Gallery No-BC) is not a CA"),
    NO("pathlen-exceeded", WWW, GT_ERR_BAD_CERTIFICATE, CA_RULES,
       "certificate 3 of the server's chain (CN=Gallery Pathlen-0 CA) allows 0 intermediate CAs "
       "below it (pathLenConstraint, RFC 5280 4.2.1.9), but the path has 1"),
    OK_("pathlen-ok", WWW),
    NO("missing-keycertsign", WWW, GT_ERR_BAD_CERTIFICATE, CA_RULES,
       "certificate 2 of the server's chain (CN=Gallery No-keyCertSign) may not sign "
       "certificates: its keyUsage lacks keyCertSign"),
    NO("wrong-eku", WWW, GT_ERR_BAD_CERTIFICATE, CA_RULES,
       "the server's certificate (CN=www.gallery.test) may not be used by a TLS server: its "
       "extKeyUsage does not list serverAuth"),
    /* Extensions (RFC 5280 4.2). */
    NO("unknown-critical-extension", WWW, GT_ERR_UNSUPPORTED_CERTIFICATE, EXTENSIONS,
       "critical 1.3.6.1.4.1.55555.1 extension"),
    {"duplicate-extension", WWW, GT_ERR_BAD_CERTIFICATE, EXTENSIONS,
     "the subjectAltName extension twice", 20,
     "OpenSSL marks the certificate invalid but reports the failed issuer lookup (error 20) "
     "that follows, not the duplicate"},
    /* Name constraints (RFC 5280 4.2.1.10), DNS and IP, permitted and excluded. */
    OK_("nc-dns-permitted", WWW),
    NO("nc-dns-not-permitted", NULL, GT_ERR_BAD_CERTIFICATE, NAMES,
       "the server's certificate (CN=www.elsewhere.test) names www.elsewhere.test, which is "
       "outside the names certificate 2 of the server's chain (CN=Gallery Constrained CA) "
       "permits"),
    NO("nc-dns-excluded", NULL, GT_ERR_BAD_CERTIFICATE, NAMES,
       "names db.secret.gallery.test, which certificate 2 of the server's chain (CN=Gallery "
       "Constrained CA) excludes"),
    OK_("nc-ip-permitted", "192.0.2.10"),
    NO("nc-ip-not-permitted", NULL, GT_ERR_BAD_CERTIFICATE, NAMES,
       "names 198.51.100.10, which is outside the names"),
    NO("nc-ip-excluded", NULL, GT_ERR_BAD_CERTIFICATE, NAMES, "names 192.0.2.200, which"),
    /* Path building: order, extras, twins, cross-signs, loops, depth. */
    OK_("out-of-order", WWW),
    OK_("redundant-intermediates", WWW),
    NO("missing-intermediate", WWW, GT_ERR_UNKNOWN_CA, ISSUER,
       "certificate 3 of the server's chain (CN=Gallery Chain C) was issued by \"CN=Gallery "
       "Chain B, O=glasstls gallery\", which is not one of the trusted roots (and the server "
       "sent no certificate for it)"),
    OK_("several-candidate-issuers", WWW),
    OK_("expired-copy-then-good", WWW),
    {"cross-signed-dead-branch-first", WWW, GT_OK, ACCEPTED, NULL, 19,
     "OpenSSL follows the first issuer it finds among the untrusted certificates and does not "
     "back out of that dead branch; glasstls tries the next candidate (RFC 4158)"},
    OK_("cross-signed-other-root", WWW),
    NO("loop", WWW, GT_ERR_UNKNOWN_CA, ISSUER,
       "certificate 3 of the server's chain (CN=Gallery Loop Y) was issued by \"CN=Gallery Loop "
       "X, O=glasstls gallery\", whose certificate is already on the path: the chain goes round "
       "in a loop"),
    OK_("depth-10-at-limit", WWW),
    NO("depth-11-too-long", WWW, GT_ERR_UNKNOWN_CA, ISSUER,
       "no trusted root within 10 certificates"),
};

#define N_CASES (sizeof cases / sizeof cases[0])

static bool exists(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

static void fixture_path(const gallery_case *c, const char *file, char *out, size_t cap)
{
    snprintf(out, cap, DIR "%s/%s", c->name, file);
}

/* ---- 1. The library ------------------------------------------------------ */

#define MAX_CHAIN 24

static void check_library(const gallery_case *c)
{
    char roots[256], leaf[256], inter[256];
    gt_trust trust;
    gt_cert *chain = calloc(MAX_CHAIN, sizeof *chain);
    size_t n = 0, extra = 0;
    gt_error e = {GT_OK, ""};
    gt_path path;
    assert_non_null(chain);
    fixture_path(c, "roots.pem", roots, sizeof roots);
    fixture_path(c, "leaf.pem", leaf, sizeof leaf);
    fixture_path(c, "intermediates.pem", inter, sizeof inter);
    gt_trust_init(&trust);
    if (gt_trust_load(&trust, roots, &e) != GT_OK)
        fail_msg("%s", e.why);
    /* A certificate that does not parse is rejected with the parser's reason. */
    gt_err got = gt_pem_load_certs(leaf, chain, MAX_CHAIN, &n, &e);
    if (got == GT_OK && exists(inter))
        got = gt_pem_load_certs(inter, chain + n, MAX_CHAIN - n, &extra, &e);
    if (got == GT_OK)
        got = gt_verify_path(chain, n + extra, &trust, c->host, AT, &path, &e);
    if (got != c->expect)
        fail_msg("%s: expected %s, got %s: %s", c->name, gt_err_name(c->expect), gt_err_name(got),
                 e.why);
    if (got == GT_OK)
        assert_true(path.complete && path.len >= 2 &&
                    path.position[path.len - 1] == GT_PATH_ANCHOR);
    if (c->words && !strstr(e.why, c->words))
        fail_msg("%s: \"%s\" does not say \"%s\"", c->name, e.why, c->words);
    for (size_t i = 0; i < n + extra; i++)
        gt_cert_free(&chain[i]);
    free(chain);
    gt_trust_free(&trust);
}

/* ---- 2. and 3. The commands ---------------------------------------------- */

typedef struct command {
    const char *argv[24];
    int argc;
} command;

static void add(command *cmd, const char *arg)
{
    assert_true(cmd->argc < 23);
    cmd->argv[cmd->argc++] = arg;
    cmd->argv[cmd->argc] = NULL;
}

/* Runs argv to its end (60 s at most); returns its exit status, output in *p. */
static int run(gt_peer *p, const command *cmd)
{
    if (gt_peer_spawn(p, 60, cmd->argv) != 0)
        fail_msg("%s: %s", cmd->argv[0], p->error);
    gt_peer_close_input(p);
    if (!gt_peer_wait_exit(p, 60000))
        fail_msg("%s did not finish", cmd->argv[0]);
    gt_peer_stop(p);
    return WIFEXITED(p->wait_status) ? WEXITSTATUS(p->wait_status) : -1;
}

static bool is_ip(const char *host)
{
    return strchr(host, ':') || (host[0] >= '0' && host[0] <= '9');
}

static void check_command(const gallery_case *c, gt_peer *p)
{
    char roots[256], leaf[256], inter[256];
    const char *g = getenv("GLASSTLS");
    command cmd = {.argc = 0};
    fixture_path(c, "roots.pem", roots, sizeof roots);
    fixture_path(c, "leaf.pem", leaf, sizeof leaf);
    fixture_path(c, "intermediates.pem", inter, sizeof inter);
    add(&cmd, g && *g ? g : "build/glasstls");
    add(&cmd, "verify");
    add(&cmd, "--roots");
    add(&cmd, roots);
    add(&cmd, "--at");
    add(&cmd, AT_TEXT);
    if (exists(inter)) {
        add(&cmd, "--intermediates");
        add(&cmd, inter);
    }
    if (c->host) {
        add(&cmd, "--host");
        add(&cmd, c->host);
    }
    add(&cmd, leaf);
    int status = run(p, &cmd);
    const char *out = gt_peer_output(p);
    if (status != (c->expect == GT_OK ? 0 : 1))
        fail_msg("%s: glasstls verify exited %d:\n%s", c->name, status, out);
    if (c->expect == GT_OK ? !strstr(out, "\nOK\n") : !strstr(out, "Rejected"))
        fail_msg("%s: glasstls verify says:\n%s", c->name, out);
    if (c->words && !strstr(out, c->words))
        fail_msg("%s: glasstls verify does not say \"%s\":\n%s", c->name, c->words, out);
}

/* openssl verify's verdict: 0 for OK, else the number of its first error. */
static int openssl_verdict(const gallery_case *c, gt_peer *p)
{
    char roots[256], leaf[256], inter[256];
    command cmd = {.argc = 0};
    fixture_path(c, "roots.pem", roots, sizeof roots);
    fixture_path(c, "leaf.pem", leaf, sizeof leaf);
    fixture_path(c, "intermediates.pem", inter, sizeof inter);
    const char *fixed[] = {"openssl", "verify", "-x509_strict", "-purpose", "sslserver",
                           /* glasstls refuses SHA-1 and MD5; level 2 makes OpenSSL do so too */
                           "-auth_level", "2",
                           /* GT_VERIFY_MAX_PATH: 8 intermediates between leaf and root */
                           "-verify_depth", "8", "-attime", AT_TEXT, "-CAfile", roots};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        add(&cmd, fixed[i]);
    if (exists(inter)) {
        add(&cmd, "-untrusted");
        add(&cmd, inter);
    }
    if (c->host) {
        add(&cmd, is_ip(c->host) ? "-verify_ip" : "-verify_hostname");
        add(&cmd, c->host);
    }
    add(&cmd, leaf);
    int status = run(p, &cmd);
    const char *out = gt_peer_output(p), *err = strstr(out, "error ");
    int code;
    if (status == 0 && strstr(out, ": OK"))
        return 0;
    if (status != 0 && err && sscanf(err, "error %d at", &code) == 1)
        return code;
    fail_msg("%s: cannot read openssl verify's verdict (exit %d):\n%s", c->name, status, out);
    return -1;
}

static void check_against_openssl(const gallery_case *c, gt_peer *p)
{
    int code = openssl_verdict(c, p);
    if (c->differs) {
        print_message("      %s: OpenSSL differs on purpose: %s\n", c->name, c->differs);
        if (code != c->openssl)
            fail_msg("%s: expected OpenSSL's verdict %d, got %d:\n%s", c->name, c->openssl, code,
                     gt_peer_output(p));
        return;
    }
    if (!openssl_in_class(code, c->class))
        fail_msg("%s: OpenSSL says %d, glasstls %s (class %d):\n%s", c->name, code,
                 gt_err_name(c->expect), (int)c->class, gt_peer_output(p));
}

static void test_fixture(void **state)
{
    const gallery_case *c = *state;
    gt_peer *p = calloc(1, sizeof *p);
    assert_non_null(p);
    check_library(c);
    check_command(c, p);
    check_against_openssl(c, p);
    gt_peer_stop(p);
    free(p);
}

/* Every directory of the gallery has a row in the table, and the other way round. */
static void test_every_fixture_listed(void **state)
{
    (void)state;
    char path[256];
    FILE *ls = popen("ls -d " DIR "*/ 2>/dev/null | wc -l", "r");
    unsigned dirs = 0;
    assert_non_null(ls);
    assert_int_equal(fscanf(ls, "%u", &dirs), 1);
    pclose(ls);
    assert_int_equal(dirs, N_CASES);
    for (size_t i = 0; i < N_CASES; i++) {
        fixture_path(&cases[i], "leaf.pem", path, sizeof path);
        if (!exists(path))
            fail_msg("%s is missing (run test/x509-gallery/make-gallery.sh)", path);
    }
}

int main(void)
{
    static struct CMUnitTest tests[N_CASES + 1];
    if (gt_crypto_init() != GT_OK)
        return 1;
    tests[0] =
        (struct CMUnitTest){"every_fixture_listed", test_every_fixture_listed, NULL, NULL, NULL};
    for (size_t i = 0; i < N_CASES; i++)
        tests[i + 1] =
            (struct CMUnitTest){cases[i].name, test_fixture, NULL, NULL, (void *)&cases[i]};
    return cmocka_run_group_tests_name("x509 gallery", tests, NULL, NULL);
}
