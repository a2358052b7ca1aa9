/* test_interop: OpenSSL is the referee. glasstls's client completes a
 * handshake with `openssl s_server`, and `openssl s_client` completes one
 * with glasstls's server, TLS 1.2 with AES128-GCM-SHA256 (RSA key transport),
 * with and without the extended master secret, and application data goes
 * both ways. Every openssl process listens or connects on 127.0.0.1 only, has
 * a hard time limit, and is stopped in the teardown even if a check fails. */
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
#include "handshake/conn.h"
#include "test/helpers/openssl_peer.h"
#include "x509/pem.h"

#define LIMIT 30 /* seconds any openssl child may live */

/* OpenSSL 3.0's command line has no switch for RFC 7627; its config file
 * does: "Options = -ExtendedMasterSecret". */
static const char no_ems_conf[] = "openssl_conf = o\n[o]\nssl_conf = s\n[s]\n"
                                  "system_default = d\n[d]\nOptions = -ExtendedMasterSecret\n";
static char conf_path[64];

static int group_setup(void **state)
{
    (void)state;
    snprintf(conf_path, sizeof conf_path, "/tmp/glasstls-no-ems-%d.cnf", (int)getpid());
    FILE *f = fopen(conf_path, "w");
    if (!f)
        return -1;
    fputs(no_ems_conf, f);
    fclose(f);
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    unlink(conf_path);
    return 0;
}

static int setup(void **state)
{
    *state = calloc(1, sizeof(gt_peer));
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    gt_peer_stop(*state);
    free(*state);
    unsetenv("OPENSSL_CONF");
    return 0;
}

/* ---- glasstls client -> openssl s_server ---- */

static void client_to_s_server(gt_peer *p, bool glasstls_no_ems, bool openssl_no_ems,
                               bool expect_ems)
{
    const char *args[] = {"-tls1_2",
                          "-cipher",
                          "AES128-GCM-SHA256",
                          "-cert",
                          "test/pki/sensor-hub.pem",
                          "-key",
                          "test/pki/sensor-hub.key",
                          NULL};
    if (openssl_no_ems)
        setenv("OPENSSL_CONF", conf_path, 1);
    if (gt_peer_start_server(p, LIMIT, args) != 0)
        fail_msg("could not start openssl s_server: %s", p->error);

    gt_trust trust;
    gt_error e = {0};
    gt_trust_init(&trust);
    assert_int_equal(gt_trust_load(&trust, "test/pki/root.pem", &e), GT_OK);
    gt_config cfg = {.server_name = "sensor-hub.local", .trust = &trust, .no_ems = glasstls_no_ems};
    char port[16];
    snprintf(port, sizeof port, "%d", p->port);
    int fd = gt_tcp_connect("127.0.0.1", port, 10, &e);
    assert_true(fd >= 0);
    gt_conn *c = gt_conn_new(GT_CLIENT, &cfg, gt_socket_transport(&fd));
    gt_err rc = gt_handshake(c);
    if (rc != GT_OK)
        fail_msg("handshake with s_server failed: %s\n--- s_server said:\n%s",
                 gt_conn_error(c)->why, gt_peer_output(p));
    assert_int_equal(c->ems, expect_ems);

    /* glasstls -> OpenSSL: s_server prints what it receives. */
    const char *hello = "hello from glasstls\n";
    assert_int_equal(gt_write(c, (const uint8_t *)hello, strlen(hello)), GT_OK);
    assert_true(gt_peer_wait_for(p, "hello from glasstls", 10000));
    /* OpenSSL -> glasstls: s_server sends what it reads on stdin. */
    const char *answer = "hello from openssl\n";
    assert_int_equal(gt_peer_write(p, answer, strlen(answer)), (ssize_t)strlen(answer));
    char buf[256] = {0};
    size_t have = 0, got;
    while (have < strlen(answer) &&
           gt_read(c, (uint8_t *)buf + have, sizeof buf - 1 - have, &got) == GT_OK)
        have += got;
    assert_string_equal(buf, answer);
    gt_close(c);
    gt_conn_free(c);
    gt_tcp_close(fd);
    gt_trust_free(&trust);
}

static void test_client_with_ems(void **state) { client_to_s_server(*state, false, false, true); }
static void test_client_no_ems(void **state) { client_to_s_server(*state, true, false, false); }
static void test_client_openssl_no_ems(void **state)
{
    client_to_s_server(*state, false, true, false);
}

/* A server whose certificate is not for the name we asked: the client stops
 * at step 3 and OpenSSL is told why with the bad_certificate alert. */
static void test_client_rejects_wrong_host(void **state)
{
    gt_peer *p = *state;
    const char *args[] = {"-tls1_2",
                          "-cipher",
                          "AES128-GCM-SHA256",
                          "-cert",
                          "test/pki/wrong-host.pem",
                          "-key",
                          "test/pki/wrong-host.key",
                          NULL};
    if (gt_peer_start_server(p, LIMIT, args) != 0)
        fail_msg("could not start openssl s_server: %s", p->error);
    gt_trust trust;
    gt_error e = {0};
    gt_trust_init(&trust);
    assert_int_equal(gt_trust_load(&trust, "test/pki/root.pem", &e), GT_OK);
    gt_config cfg = {.server_name = "sensor-hub.local", .trust = &trust};
    char port[16];
    snprintf(port, sizeof port, "%d", p->port);
    int fd = gt_tcp_connect("127.0.0.1", port, 10, &e);
    assert_true(fd >= 0);
    gt_conn *c = gt_conn_new(GT_CLIENT, &cfg, gt_socket_transport(&fd));
    assert_int_equal(gt_handshake(c), GT_ERR_BAD_CERTIFICATE);
    assert_string_equal(c->tracker.value[GT_VAR_SESSION_KEY], "Not generated");
    /* s_server reports the alert it received in its own words. */
    assert_true(gt_peer_wait_for(p, "bad certificate", 10000));
    gt_conn_free(c);
    gt_tcp_close(fd);
    gt_trust_free(&trust);
}

/* ---- openssl s_client -> glasstls server ---- */

static void s_client_to_server(gt_peer *p, bool glasstls_no_ems, const char *ems_line)
{
    gt_cert chain[2];
    size_t chain_len;
    rsa_key key;
    gt_error e = {0};
    assert_int_equal(gt_pem_load_certs("test/pki/sensor-hub.pem", chain, 2, &chain_len, &e), GT_OK);
    assert_int_equal(gt_pem_load_rsa_key("test/pki/sensor-hub.key", &key, &e), GT_OK);
    gt_config cfg = {
        .chain = chain, .chain_len = chain_len, .key = &key, .no_ems = glasstls_no_ems};
    int port = 0, lfd = gt_tcp_listen("127.0.0.1", "0", &port, &e);
    assert_true(lfd >= 0);
    const char *args[] = {"-tls1_2",          "-servername",       "sensor-hub.local",
                          "-CAfile",          "test/pki/root.pem", "-verify_return_error",
                          "-verify_hostname", "sensor-hub.local",  NULL};
    if (gt_peer_start_client(p, port, LIMIT, args) != 0)
        fail_msg("could not start openssl s_client: %s", p->error);
    int fd = gt_tcp_accept(lfd, 10, &e);
    assert_true(fd >= 0);
    gt_conn *c = gt_conn_new(GT_SERVER, &cfg, gt_socket_transport(&fd));
    gt_err rc = gt_handshake(c);
    if (rc != GT_OK)
        fail_msg("handshake with s_client failed: %s\n--- s_client said:\n%s",
                 gt_conn_error(c)->why, gt_peer_output(p));
    /* OpenSSL's verdict on us: the chain verified and the suite it used. */
    assert_true(gt_peer_wait_for(p, "Verify return code: 0 (ok)", 10000));
    assert_non_null(strstr(gt_peer_output(p), "Cipher is AES128-GCM-SHA256"));
    assert_non_null(strstr(gt_peer_output(p), ems_line));

    const char *hello = "hello from openssl\n";
    assert_int_equal(gt_peer_write(p, hello, strlen(hello)), (ssize_t)strlen(hello));
    char buf[256] = {0};
    size_t have = 0, got;
    while (have < strlen(hello) &&
           gt_read(c, (uint8_t *)buf + have, sizeof buf - 1 - have, &got) == GT_OK)
        have += got;
    assert_string_equal(buf, hello);
    const char *answer = "hello from glasstls\n";
    assert_int_equal(gt_write(c, (const uint8_t *)answer, strlen(answer)), GT_OK);
    assert_true(gt_peer_wait_for(p, "hello from glasstls", 10000));
    gt_close(c);
    gt_conn_free(c);
    gt_tcp_close(fd);
    gt_tcp_close(lfd);
    for (size_t i = 0; i < chain_len; i++)
        gt_cert_free(&chain[i]);
    gt_rsa_free(&key);
}

static void test_server_with_ems(void **state)
{
    s_client_to_server(*state, false, "Extended master secret: yes");
}
static void test_server_no_ems(void **state)
{
    s_client_to_server(*state, true, "Extended master secret: no");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_client_with_ems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_no_ems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_openssl_no_ems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_rejects_wrong_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server_with_ems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server_no_ems, setup, teardown),
    };
    return cmocka_run_group_tests_name("interop with openssl", tests, group_setup, group_teardown);
}
