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

/* ---- shared by both directions ---- */

/* Both directions exchange these two lines. */
static const char from_glasstls[] = "hello from glasstls\n";
static const char from_openssl[] = "hello from openssl\n";

/* Reads exactly strlen(expected) bytes from c and compares them. */
static void expect_read(gt_conn *c, const char *expected)
{
    char buf[256] = {0};
    size_t have = 0, got, n = strlen(expected);
    while (have < n && gt_read(c, (uint8_t *)buf + have, sizeof buf - 1 - have, &got) == GT_OK)
        have += got;
    assert_string_equal(buf, expected);
}

/* glasstls -> OpenSSL (the openssl command prints what it receives), then
 * OpenSSL -> glasstls (it sends what it reads on stdin). */
static void exchange_both_ways(gt_peer *p, gt_conn *c)
{
    assert_int_equal(gt_write(c, (const uint8_t *)from_glasstls, strlen(from_glasstls)), GT_OK);
    assert_true(gt_peer_wait_for(p, "hello from glasstls", 10000));
    assert_int_equal(gt_peer_write(p, from_openssl, strlen(from_openssl)),
                     (ssize_t)strlen(from_openssl));
    expect_read(c, from_openssl);
}

/* ---- glasstls client -> openssl s_server ---- */

static void start_s_server(gt_peer *p, const char *cert, const char *key)
{
    const char *args[] = {"-tls1_2", "-cipher", "AES128-GCM-SHA256", "-cert", cert, "-key",
                          key,       NULL};
    if (gt_peer_start_server(p, LIMIT, args) != 0)
        fail_msg("could not start openssl s_server: %s", p->error);
}

/* A glasstls client connected (not yet shaken hands) to the peer's port. */
typedef struct tls_client {
    gt_trust trust;
    gt_config cfg;
    int fd;
    gt_conn *c;
} tls_client;

static void client_connect(tls_client *t, const gt_peer *p, bool no_ems)
{
    gt_error e = {0};
    gt_trust_init(&t->trust);
    assert_int_equal(gt_trust_load(&t->trust, "test/pki/root.pem", &e), GT_OK);
    t->cfg = (gt_config){.server_name = "sensor-hub.local", .trust = &t->trust, .no_ems = no_ems};
    char port[16];
    snprintf(port, sizeof port, "%d", p->port);
    t->fd = gt_tcp_connect("127.0.0.1", port, 10, &e);
    assert_true(t->fd >= 0);
    t->c = gt_conn_new(GT_CLIENT, &t->cfg, gt_socket_transport(&t->fd));
    assert_non_null(t->c);
}

static void client_free(tls_client *t)
{
    gt_conn_free(t->c);
    gt_tcp_close(t->fd);
    gt_trust_free(&t->trust);
}

static void client_to_s_server(gt_peer *p, bool glasstls_no_ems, bool openssl_no_ems,
                               bool expect_ems)
{
    if (openssl_no_ems)
        setenv("OPENSSL_CONF", conf_path, 1);
    start_s_server(p, "test/pki/sensor-hub.pem", "test/pki/sensor-hub.key");
    tls_client t;
    client_connect(&t, p, glasstls_no_ems);
    if (gt_handshake(t.c) != GT_OK)
        fail_msg("handshake with s_server failed: %s\n--- s_server said:\n%s",
                 gt_conn_error(t.c)->why, gt_peer_output(p));
    assert_int_equal(t.c->ems, expect_ems);
    exchange_both_ways(p, t.c);
    gt_close(t.c);
    client_free(&t);
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
    start_s_server(p, "test/pki/wrong-host.pem", "test/pki/wrong-host.key");
    tls_client t;
    client_connect(&t, p, false);
    assert_int_equal(gt_handshake(t.c), GT_ERR_BAD_CERTIFICATE);
    assert_string_equal(t.c->tracker.value[GT_VAR_SESSION_KEY], "Not generated");
    /* s_server reports the alert it received in its own words. */
    assert_true(gt_peer_wait_for(p, "bad certificate", 10000));
    client_free(&t);
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

    exchange_both_ways(p, c);
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
