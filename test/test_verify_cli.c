/* test/test_verify_cli: `glasstls verify` (demo/cmd_verify.c, lesson step 3
 * on its own) as a user runs it: what it prints, and its exit status as the
 * issue defines it (0 valid, 1 rejected, 2 usage or unreadable input). The
 * binary is $GLASSTLS (`make test` sets it; default build/glasstls). The
 * chains are the demo PKI's (test/pki/README.md says what each one is);
 * the gallery's fixtures are checked in test_x509_gallery.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/openssl_peer.h"

#define NOW "1795773600" /* 2026-11-27 10:00:00 UTC */

typedef struct result {
    int status;
    char *out;
} result;

static const char *glasstls(void)
{
    const char *g = getenv("GLASSTLS");
    return g && *g ? g : "build/glasstls";
}

/* Runs `glasstls verify args...` (NULL-terminated) to its end. */
static result verify(const char *first, ...)
{
    const char *argv[24] = {glasstls(), "verify"};
    int argc = 2;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        assert_true(argc < 23);
        argv[argc++] = a;
    }
    va_end(ap);
    argv[argc] = NULL;
    gt_peer *p = calloc(1, sizeof *p);
    assert_non_null(p);
    if (gt_peer_spawn(p, 30, argv) != 0)
        fail_msg("%s", p->error);
    gt_peer_close_input(p);
    assert_true(gt_peer_wait_exit(p, 30000));
    gt_peer_stop(p);
    result r = {WIFEXITED(p->wait_status) ? WEXITSTATUS(p->wait_status) : -1,
                strdup(gt_peer_output(p))};
    free(p);
    return r;
}

static void expect(result r, int status, const char *words)
{
    if (r.status != status)
        fail_msg("exit status %d, expected %d:\n%s", r.status, status, r.out);
    if (words && !strstr(r.out, words))
        fail_msg("the output does not say \"%s\":\n%s", words, r.out);
}

static void test_help_and_its_example(void **state)
{
    (void)state;
    result r = verify("--help", NULL);
    expect(r, 0, "usage: glasstls verify --roots");
    expect(r, 0, "Exit status: 0 valid, 1 rejected");
    /* The example in the help text runs as printed. */
    const char *ex = strstr(r.out, "example:\n");
    assert_non_null(ex);
    expect(r, 0,
           "glasstls verify --roots test/pki/root.pem --intermediates "
           "test/pki/intermediate.pem \\\n      --host sensor-hub.local --at 1795773600 "
           "test/pki/via-intermediate.pem");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "--intermediates", "test/pki/intermediate.pem",
               "--host", "sensor-hub.local", "--at", "1795773600", "test/pki/via-intermediate.pem",
               NULL);
    expect(r, 0, "\nOK\n");
    free(r.out);
}

static void test_prints_the_path(void **state)
{
    (void)state;
    result r =
        verify("--roots", "test/pki/root.pem", "--intermediates", "test/pki/intermediate.pem",
               "--at", NOW, "test/pki/via-intermediate.pem", NULL);
    /* Values from `openssl x509 -noout -subject -issuer -dates` on the PKI files. */
    expect(r, 0,
           "  0. subject:   CN=sensor-hub.local, O=glasstls demo\n"
           "     issuer:    CN=glasstls Demo Intermediate CA, O=glasstls demo\n"
           "     validity:  2025-01-01 00:00:00 UTC to 2045-01-01 00:00:00 UTC\n"
           "     key:       RSA-2048\n"
           "     signature: sha256WithRSAEncryption\n");
    expect(r, 0, "  2. subject:   CN=glasstls Demo Root CA, O=glasstls demo\n");
    expect(r, 0, "from:      trusted roots");
    free(r.out);
    /* The EC intermediate's key and its ECDSA signature on the leaf. */
    r = verify("--roots", "test/pki/root.pem", "--intermediates", "test/pki/ec-intermediate.pem",
               "--at", NOW, "--host", "sensor-hub.local", "test/pki/via-ec-intermediate.pem", NULL);
    expect(r, 0, "signature: ecdsa-with-SHA256");
    expect(r, 0, "key:       ECDSA P-256");
    free(r.out);
}

static void test_rejections_exit_1(void **state)
{
    (void)state;
    result r = verify("--roots", "test/pki/root.pem", "--at", NOW, "test/pki/expired.pem", NULL);
    expect(r, 1,
           "Rejected: the server's certificate "
           "(CN=sensor-hub.local) expired on 2021-01-01 00:00:00 UTC");
    /* RFC 5246 7.2.2: certificate_expired is alert 45 */
    expect(r, 1, "with the alert certificate_expired (45).");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "--at", NOW, "--host", "other.local",
               "test/pki/sensor-hub.pem", NULL);
    expect(r, 1, "is valid for sensor-hub.local, not other.local");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "--at", NOW, "--host", "127.0.0.1",
               "test/pki/sensor-hub.pem", NULL);
    expect(r, 1, "has no iPAddress 127.0.0.1");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "--at", NOW, "test/pki/mitm.pem", NULL);
    expect(r, 1, "which is not one of the trusted roots");
    expect(r, 1, "incomplete");
    free(r.out);
    /* Without --at, the validation time is now: expired.pem ended in 2021. */
    r = verify("--roots", "test/pki/root.pem", "test/pki/expired.pem", NULL);
    expect(r, 1, "expired on 2021-01-01");
    free(r.out);
}

static void test_roots_directory(void **state)
{
    (void)state;
    /* Every .pem file of the directory is a trusted root, so mitm.pem's
     * issuer (mitm-root.pem) is trusted too. */
    result r = verify("--roots", "test/pki", "--at", NOW, "test/pki/mitm.pem", NULL);
    expect(r, 0, "\nOK\n");
    free(r.out);
}

/* Writes bytes to a new temporary file; its name goes to path. */
static void temp_file(char path[64], const void *bytes, size_t n)
{
    snprintf(path, 64, "/tmp/gt-verify-cli-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
}

static void test_bad_input(void **state)
{
    (void)state;
    char path[64];
    result r;
    /* Usage errors: exit 2. */
    r = verify("test/pki/sensor-hub.pem", NULL);
    expect(r, 2, "--roots is required");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", NULL);
    expect(r, 2, "LEAF.pem is required");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "--at", "yesterday", "test/pki/sensor-hub.pem",
               NULL);
    expect(r, 2, "unknown or incomplete option '--at'");
    free(r.out);
    /* Unreadable files: exit 2. */
    r = verify("--roots", "test/pki/no-such.pem", "test/pki/sensor-hub.pem", NULL);
    expect(r, 2, "cannot load the trusted roots");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "test/pki/no-such.pem", NULL);
    expect(r, 2, "no-such.pem");
    free(r.out);
    r = verify("--roots", "test/pki/root.pem", "test/pki/root.key", NULL);
    expect(r, 2, "holds no -----BEGIN CERTIFICATE----- block");
    free(r.out);
    static const uint8_t binary[] = {0x30, 0x82, 0xff, 0xff, 0x00, 0x00, 0xff, 0x7f};
    temp_file(path, binary, sizeof binary);
    r = verify("--roots", "test/pki/root.pem", path, NULL);
    expect(r, 2, "holds no -----BEGIN CERTIFICATE----- block");
    free(r.out);
    unlink(path);
    static const char bad_base64[] =
        "-----BEGIN CERTIFICATE-----\nMII*!!\n-----END CERTIFICATE-----\n";
    temp_file(path, bad_base64, strlen(bad_base64));
    r = verify("--roots", "test/pki/root.pem", path, NULL);
    expect(r, 2, path);
    free(r.out);
    unlink(path);
    /* Well-formed PEM around bytes that are no certificate: rejected, exit 1.
     * "MAMCAQE=" is the DER SEQUENCE { INTEGER 1 }. */
    static const char not_a_cert[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n"
                                     "-----END CERTIFICATE-----\n";
    temp_file(path, not_a_cert, strlen(not_a_cert));
    r = verify("--roots", "test/pki/root.pem", path, NULL);
    expect(r, 1, "Rejected: the leaf:");
    expect(r, 1, "malformed");
    free(r.out);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_its_example),
        cmocka_unit_test(test_prints_the_path),
        cmocka_unit_test(test_rejections_exit_1),
        cmocka_unit_test(test_roots_directory),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
