/* test/test_trace_keylog: `--keylog FILE` on real connections, with OpenSSL
 * as the referee: OpenSSL writes its own NSS key log (-keylogfile) for the
 * same session, and the CLIENT_RANDOM lines must be identical. And the
 * capture glasstls client writes with --pcap must decrypt in tshark with
 * OpenSSL's key log, not ours: the bytes in it are the ones that crossed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"
#include "test/helpers/openssl_peer.h"
#include "test/helpers/tmpdir.h"

#define LIMIT 30

typedef struct keylog_state {
    gt_peer openssl, glasstls;
    char dir[64], ours[96], theirs[96], pcap[96], out[96];
} keylog_state;

static int setup(void **state)
{
    keylog_state *s = calloc(1, sizeof *s);
    if (gt_tmpdir_make(s->dir, sizeof s->dir, "keylog") != 0)
        return -1;
    gt_tmpdir_path(s->ours, sizeof s->ours, s->dir, "glasstls.keys");
    gt_tmpdir_path(s->theirs, sizeof s->theirs, s->dir, "openssl.keys");
    gt_tmpdir_path(s->pcap, sizeof s->pcap, s->dir, "client.pcap");
    gt_tmpdir_path(s->out, sizeof s->out, s->dir, "tshark.txt");
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    keylog_state *s = *state;
    gt_peer_stop(&s->openssl);
    gt_peer_stop(&s->glasstls);
    int rc = gt_tmpdir_remove(s->dir);
    free(s);
    return rc;
}

/* The CLIENT_RANDOM lines of a key log (OpenSSL also writes other labels
 * for TLS 1.3; a TLS 1.2 session has exactly this one). */
static char *client_random_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("no key log at %s", path);
    char line[512], *all = calloc(1, 4096);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "CLIENT_RANDOM ", 14))
            strncat(all, line, 4096 - strlen(all) - 1);
    fclose(f);
    return all;
}

static void assert_same_keylog(keylog_state *s)
{
    char *ours = client_random_lines(s->ours), *theirs = client_random_lines(s->theirs);
    /* "CLIENT_RANDOM " + 64 hex + " " + 96 hex + "\n" */
    assert_int_equal(strlen(theirs), 14 + 64 + 1 + 96 + 1);
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
}

/* Our capture, read by tshark with OpenSSL's key log: the plaintext must
 * come back, so the bytes in it are the ones that crossed the socket. */
static void assert_decrypts_with_openssl_keys(keylog_state *s, const char *plaintext)
{
    if (system("command -v tshark >/dev/null 2>&1") != 0)
        skip();
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "timeout 60 tshark -r %s -o tls.keylog_file:%s -q -z follow,tls,ascii,0 >%s "
             "2>/dev/null",
             s->pcap, s->theirs, s->out);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(s->out, "r");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    if (!strstr(buf, plaintext))
        fail_msg("tshark did not decrypt \"%s\" from %s:\n%s", plaintext, s->pcap, buf);
}

static void test_client_keylog_matches_openssl_server(void **state)
{
    keylog_state *s = *state;
    const char *const args[] = {"-tls1_2",
                                "-cipher",
                                "AES128-GCM-SHA256",
                                "-cert",
                                "test/pki/sensor-hub.pem",
                                "-key",
                                "test/pki/sensor-hub.key",
                                "-keylogfile",
                                s->theirs,
                                NULL};
    if (gt_peer_start_server(&s->openssl, LIMIT, args) != 0)
        fail_msg("openssl s_server: %s", s->openssl.error);
    char connect[64];
    snprintf(connect, sizeof connect, "127.0.0.1:%d", s->openssl.port);
    const char *const client[] = {gt_cli_path(),
                                  "client",
                                  "--connect",
                                  connect,
                                  "--servername",
                                  "sensor-hub.local",
                                  "--keylog",
                                  s->ours,
                                  "--pcap",
                                  s->pcap,
                                  NULL};
    if (gt_peer_spawn(&s->glasstls, LIMIT, client) != 0)
        fail_msg("glasstls client: %s", s->glasstls.error);
    const char msg[] = "hello from glasstls over tls 1.2\n";
    assert_int_equal(gt_peer_write(&s->glasstls, msg, strlen(msg)), (ssize_t)strlen(msg));
    assert_true(gt_peer_wait_for(&s->openssl, "hello from glasstls over tls 1.2", 10000));
    gt_peer_close_input(&s->glasstls); /* the client says close_notify and waits */
    gt_peer_stop(&s->openssl);         /* which s_server does not answer: stop it */
    assert_true(gt_peer_wait_exit(&s->glasstls, 15000));
    gt_peer_stop(&s->glasstls);
    assert_same_keylog(s);

    assert_decrypts_with_openssl_keys(s, "hello from glasstls over tls 1.2");
}

static void test_server_keylog_matches_openssl_client(void **state)
{
    keylog_state *s = *state;
    const char *const server[] = {gt_cli_path(), "server", "--port", "0",     "--once",
                                  "--keylog",    s->ours,  "--pcap", s->pcap, NULL};
    if (gt_peer_spawn(&s->glasstls, LIMIT, server) != 0)
        fail_msg("glasstls server: %s", s->glasstls.error);
    assert_true(gt_peer_wait_for(&s->glasstls, "listening on 127.0.0.1:", 10000));
    assert_true(gt_peer_wait_for(&s->glasstls, "\n", 2000));
    const char *colon = strstr(gt_peer_output(&s->glasstls), "127.0.0.1:");
    int port = atoi(colon + strlen("127.0.0.1:"));
    assert_true(port > 0);
    const char *const args[] = {"-tls1_2",     "-servername",       "sensor-hub.local",
                                "-CAfile",     "test/pki/root.pem", "-verify_return_error",
                                "-keylogfile", s->theirs,           NULL};
    if (gt_peer_start_client(&s->openssl, port, LIMIT, args) != 0)
        fail_msg("openssl s_client: %s", s->openssl.error);
    assert_true(gt_peer_wait_for(&s->openssl, "Verify return code: 0 (ok)", 10000));
    const char msg[] = "echo me, glasstls\n";
    gt_peer_write(&s->openssl, msg, strlen(msg));
    assert_true(gt_peer_wait_for(&s->openssl, "echo me, glasstls", 10000));
    gt_peer_close_input(&s->openssl);
    assert_true(gt_peer_wait_exit(&s->glasstls, 15000)); /* --once: it ends with its client */
    gt_peer_stop(&s->openssl);
    assert_same_keylog(s);
    assert_decrypts_with_openssl_keys(s, "echo me, glasstls");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_client_keylog_matches_openssl_server, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server_keylog_matches_openssl_client, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
