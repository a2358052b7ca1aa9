/* test/test_demo_scenarios: every `glasstls demo --scenario` stops where it
 * must, with the alert it must send. The expectations below are not read
 * from glasstls: they come from RFC 5246 7.2.2 (which alert names which
 * failure), 7.4.7.1 (a bad premaster must not be revealed before Finished)
 * and RFC 5288 / 5246 6.2.3.3 (an AEAD record that fails its tag is
 * bad_record_mac), and from the lesson (shared/seed/handshake-lesson.txt):
 * a certificate failure stops the client at step 3, before the session key
 * is generated (Key Moments 1 and 2, quiz question 3).
 * docs/demo.md has the same table for students. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"

typedef struct expect {
    const char *scenario;
    int step;                                 /* where it stops; 0: it completes */
    const char *by;                           /* "client" or "server" */
    const char *alert;                        /* "name (number)", fatal; NULL: none */
    const char *session_key, *secure_channel; /* the Status Tracker when it ends */
} expect;

static const expect expects[] = {
    {"good", 0, NULL, NULL, "Shared securely", "Yes"},
    /* 7.2.2 certificate_expired: "A certificate has expired or is not currently valid." */
    {"expired-cert", 3, "client", "certificate_expired (45)", "Not generated", "No"},
    /* a certificate for another name is unacceptable for this server; 7.2.2
     * bad_certificate (OpenSSL's client sends the same for a host mismatch) */
    {"wrong-host", 3, "client", "bad_certificate (42)", "Not generated", "No"},
    /* 7.2.2 unknown_ca: "the CA certificate could not be located or couldn't
     * be matched with a known, trusted CA" */
    {"untrusted-ca", 3, "client", "unknown_ca (48)", "Not generated", "No"},
    /* 7.2.2 bad_certificate: "contained signatures that did not verify correctly" */
    {"forged-signature", 3, "client", "bad_certificate (42)", "Not generated", "No"},
    {"mitm", 3, "client", "unknown_ca (48)", "Not generated", "No"},
    /* 7.4.7.1: the server goes on with a random premaster; the keys differ, so
     * the client's encrypted Finished fails its GCM tag at the server: 7.2.2
     * bad_record_mac ("a TLSCiphertext decrypted in an invalid way") */
    {"tampered-key", 5, "server", "bad_record_mac (20)", "Encrypted key sent", "No"},
    {"tampered-record", 5, "server", "bad_record_mac (20)", "Shared securely", "Yes"},
    {"eavesdropper", 0, NULL, NULL, "Shared securely", "Yes"},
};
#define N_EXPECTS (sizeof expects / sizeof expects[0])

static bool has_line_start(const char *text, const char *start)
{
    size_t n = strlen(start);
    for (const char *p = text; (p = strstr(p, start)) != NULL; p += n)
        if (p == text || p[-1] == '\n')
            return true;
    return false;
}

static void run_scenario(gt_cli_result *r, const char *scenario, const char *view)
{
    const char *args[] = {"demo", "--seed", "3", "--scenario", scenario, "--view", view, NULL};
    assert_int_equal(gt_cli_run(r, NULL, NULL, args), 0);
    if (r->err_len)
        fail_msg("%s: stderr: %s", scenario, r->err);
}

static void check_scenario(void **state)
{
    const expect *x = *state;
    gt_cli_result r;
    run_scenario(&r, x->scenario, "all");
    char line[256];
    assert_int_equal(r.status, x->step ? 1 : 0);
    if (x->step) {
        snprintf(line, sizeof line, "Stopped at: step %d (", x->step);
        if (!has_line_start(r.out, line))
            fail_msg("%s: no \"%s\" line:\n%s", x->scenario, line, r.out);
        snprintf(line, sizeof line, "), by the %s", x->by);
        assert_non_null(strstr(r.out, line));
        snprintf(line, sizeof line, "Alert sent: %s, fatal, by the %s", x->alert, x->by);
    } else {
        assert_true(gt_cli_has_line(r.out, "Stopped at: nowhere; the handshake completed and data "
                                           "went both ways"));
        snprintf(line, sizeof line, "Alert sent: none");
    }
    if (!gt_cli_has_line(r.out, line))
        fail_msg("%s: no line \"%s\"", x->scenario, line);
    snprintf(line, sizeof line, "SessionKey: %s; SecureChannel: %s", x->session_key,
             x->secure_channel);
    if (!gt_cli_has_line(r.out, line))
        fail_msg("%s: no line \"%s\"", x->scenario, line);
    assert_true(has_line_start(r.out, "Why this matters: "));
    gt_cli_result_free(&r);
}

/* RFC 5246 7.4.7.1: the server must not tell, by an alert or otherwise, that
 * the premaster did not decrypt; the failure may show only at Finished. */
static void test_tampered_key_no_early_alert(void **state)
{
    (void)state;
    gt_cli_result r;
    run_scenario(&r, "tampered-key", "all");
    const char *step4 = strstr(r.out, "\nStep 4: "), *step5 = strstr(r.out, "\nStep 5: ");
    assert_non_null(step4);
    assert_non_null(step5);
    for (const char *p = step4; p < step5; p++)
        if (!strncmp(p, "alert", 5))
            fail_msg("an alert during step 4:\n%.*s", (int)(step5 - step4), step4);
    /* the client did send its Finished, encrypted, before the server stopped */
    const char *finished = strstr(step5, "client -> server  Finished");
    const char *alert = strstr(step5, "server sends fatal alert: bad_record_mac (20)");
    assert_non_null(finished);
    assert_non_null(alert);
    assert_true(finished < alert);
    gt_cli_result_free(&r);
}

/* The eavesdropper copy holds the server name (sent in clear in the
 * ClientHello's server_name and in the certificate), but neither the request
 * nor the premaster secret. */
static void test_eavesdropper_reads_nothing_secret(void **state)
{
    (void)state;
    gt_cli_result r;
    run_scenario(&r, "eavesdropper", "all");
    assert_true(gt_cli_has_line(r.out, "  \"GET /temperature\" (the request): found 0 times"));
    assert_true(gt_cli_has_line(r.out, "  the premaster secret: found 0 times"));
    const char *name = strstr(r.out, "  \"sensor-hub.local\" (the server name): found ");
    assert_non_null(name);
    assert_true(atoi(name + strlen("  \"sensor-hub.local\" (the server name): found ")) >= 2);
    gt_cli_result_free(&r);
}

/* Every view of a run tells the same ending: the flow marks the step where it
 * stopped, the snapshot says what SessionKey held. */
static void test_views_agree(void **state)
{
    (void)state;
    gt_cli_result r;
    run_scenario(&r, "expired-cert", "flow");
    assert_int_equal(r.status, 1);
    assert_true(
        gt_cli_has_line(r.out, "  [!] step 3: Client verifies Certificate  <- stopped here"));
    assert_true(gt_cli_has_line(r.out, "  [ ] step 3: Generate Session Key"));
    gt_cli_result_free(&r);
    run_scenario(&r, "expired-cert", "snapshot");
    assert_true(gt_cli_has_line(
        r.out, "4. Encrypted session key: not reached (SessionKey = Not generated)"));
    gt_cli_result_free(&r);
    run_scenario(&r, "tampered-key", "flow");
    assert_true(gt_cli_has_line(r.out, "  [x] step 4: Server decrypts Key"));
    assert_true(has_line_start(r.out, "  [!] step 5: Secure Encrypted Communication Established"));
    gt_cli_result_free(&r);
}

static void one_line_error(const char *const *args, const char *word)
{
    gt_cli_result r;
    assert_int_equal(gt_cli_run(&r, NULL, NULL, args), 0);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    assert_true(r.err_len > 1 && r.err[r.err_len - 1] == '\n');
    assert_null(memchr(r.err, '\n', r.err_len - 1)); /* one line */
    assert_non_null(strstr(r.err, word));
    gt_cli_result_free(&r);
}

static void test_bad_names(void **state)
{
    (void)state;
    one_line_error((const char *const[]){"demo", "--view", "graph", NULL}, "graph");
    one_line_error((const char *const[]){"demo", "--scenario", "Good", NULL}, "Good");
    one_line_error((const char *const[]){"demo", "--view", NULL}, "--view");
    one_line_error((const char *const[]){"demo", "--frobnicate", NULL}, "--frobnicate");
    one_line_error(
        (const char *const[]){"client", "--connect", "127.0.0.1:1", "--view", "nope", NULL},
        "nope");
    one_line_error((const char *const[]){"quiz", "--scenario", "nope", NULL}, "nope");
}

/* --list-scenarios: one line per scenario, each name first. */
static void test_list(void **state)
{
    (void)state;
    gt_cli_result r;
    assert_int_equal(
        gt_cli_run(&r, NULL, NULL, (const char *const[]){"demo", "--list-scenarios", NULL}), 0);
    assert_int_equal(r.status, 0);
    int lines = 0;
    for (size_t i = 0; i < r.out_len; i++)
        lines += r.out[i] == '\n';
    assert_int_equal(lines, (int)N_EXPECTS);
    for (size_t i = 0; i < N_EXPECTS; i++) {
        char start[40];
        snprintf(start, sizeof start, "%s ", expects[i].scenario);
        if (!has_line_start(r.out, start))
            fail_msg("--list-scenarios does not list %s", expects[i].scenario);
    }
    gt_cli_result_free(&r);
}

int main(void)
{
    struct CMUnitTest tests[N_EXPECTS + 5];
    size_t n = 0;
    for (size_t i = 0; i < N_EXPECTS; i++)
        tests[n++] = (struct CMUnitTest){expects[i].scenario, check_scenario, NULL, NULL,
                                         (void *)&expects[i]};
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_tampered_key_no_early_alert);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_eavesdropper_reads_nothing_secret);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_views_agree);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bad_names);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_list);
    return cmocka_run_group_tests_name("demo scenarios", tests, NULL, NULL);
}
