/* test/test_openssl_peer: the referee's own tests. openssl s_server and
 * s_client, started through test/helpers/openssl_peer, talk TLS 1.2 with
 * TLS_RSA_WITH_AES_128_GCM_SHA256 to each other; children that overrun their
 * time limit are killed; stopping is always safe. Every peer lives in the
 * test's state and is stopped by teardown, so a failed assertion never leaves
 * a process behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/openssl_peer.h"
#include "test/helpers/transcript.h"

#define LIMIT_S 20 /* no child of these tests lives longer */

struct peers {
    gt_peer server;
    gt_peer client;
};

static int setup(void **state)
{
    *state = calloc(1, sizeof(struct peers)); /* zeroed: stop is harmless */
    return *state == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    struct peers *p = *state;
    gt_peer_stop(&p->client);
    gt_peer_stop(&p->server);
    free(p);
    return 0;
}

/* Fails the test with what the child said, which is usually the reason. */
static void expect_output(gt_peer *p, const char *needle, int timeout_ms)
{
    if (!gt_peer_wait_for(p, needle, timeout_ms))
        fail_msg("no \"%s\" within %d ms; the child wrote:\n%s", needle, timeout_ms,
                 gt_peer_output(p));
}

static const char *const server_args[] = {"-cert",
                                          GT_FIXTURE_SERVER_CERT,
                                          "-key",
                                          GT_FIXTURE_SERVER_KEY,
                                          "-tls1_2",
                                          "-cipher",
                                          "AES128-GCM-SHA256",
                                          "-naccept",
                                          "1",
                                          NULL};

static void start_server(gt_peer *server)
{
    if (gt_peer_start_server(server, LIMIT_S, server_args) != 0)
        fail_msg("%s", server->error);
    assert_true(server->port > 0 && server->port <= 65535);
}

static void test_free_port(void **state)
{
    (void)state;
    int port = gt_free_port();
    assert_true(port > 0 && port <= 65535);
}

static void test_client_talks_to_server(void **state)
{
    struct peers *p = *state;
    static const char *const client_args[] = {
        "-tls1_2", "-cipher", "AES128-GCM-SHA256", "-servername", "sensor-hub.local", NULL};
    start_server(&p->server);
    assert_int_equal(gt_peer_start_client(&p->client, p->server.port, LIMIT_S, client_args), 0);

    /* s_client prints the negotiated suite once the handshake is done. */
    expect_output(&p->client, "Cipher is AES128-GCM-SHA256", 10000);
    expect_output(&p->client, "Extended master secret: yes", 5000);

    static const char line[] = "hello from the sensor\n";
    assert_int_equal(gt_peer_write(&p->client, line, strlen(line)), (ssize_t)strlen(line));
    expect_output(&p->server, "hello from the sensor", 10000);

    static const char answer[] = "hello from the hub\n";
    assert_int_equal(gt_peer_write(&p->server, answer, strlen(answer)), (ssize_t)strlen(answer));
    expect_output(&p->client, "hello from the hub", 10000);

    /* End of input: s_client closes the connection and exits by itself. */
    gt_peer_close_input(&p->client);
    assert_true(gt_peer_wait_exit(&p->client, 10000));
    assert_true(WIFEXITED(p->client.wait_status));
    assert_int_equal(WEXITSTATUS(p->client.wait_status), 0);
}

static void test_wait_for_continues_after_match(void **state)
{
    struct peers *p = *state;
    static const char *const argv[] = {"sh", "-c", "echo one; echo two; echo one", NULL};
    assert_int_equal(gt_peer_spawn(&p->server, 5, argv), 0);
    assert_true(gt_peer_wait_for(&p->server, "one", 5000));
    assert_true(gt_peer_wait_for(&p->server, "two", 5000));
    assert_true(gt_peer_wait_for(&p->server, "one", 5000));
    assert_false(gt_peer_wait_for(&p->server, "one", 300)); /* all three consumed */
    assert_false(gt_peer_wait_for(&p->server, "three", 300));
}

static void test_watchdog_kills_overrunning_child(void **state)
{
    struct peers *p = *state;
    /* A server nobody connects to would wait forever; its limit is 1 s. */
    if (gt_peer_start_server(&p->server, 1, server_args) != 0)
        fail_msg("%s", p->server.error);
    assert_true(gt_peer_wait_exit(&p->server, 5000));
    assert_true(WIFSIGNALED(p->server.wait_status));
    assert_int_equal(WTERMSIG(p->server.wait_status), SIGALRM);
}

static void test_stop_kills_running_child(void **state)
{
    struct peers *p = *state;
    start_server(&p->server);
    pid_t pid = p->server.pid;
    gt_peer_stop(&p->server);
    assert_true(p->server.reaped);
    assert_true(WIFSIGNALED(p->server.wait_status));
    assert_int_equal(WTERMSIG(p->server.wait_status), SIGTERM);
    assert_int_equal(kill(pid, 0), -1); /* gone, and reaped: no zombie left */
}

static void test_stop_is_harmless_on_dead_or_stopped_child(void **state)
{
    struct peers *p = *state;
    static const char *const argv[] = {"openssl", "version", NULL};
    assert_int_equal(gt_peer_spawn(&p->server, 5, argv), 0);
    expect_output(&p->server, "OpenSSL", 5000);
    usleep(200 * 1000); /* let it end on its own, unreaped */
    gt_peer_stop(&p->server);
    assert_true(WIFEXITED(p->server.wait_status));
    gt_peer_stop(&p->server); /* twice */
    assert_int_equal(p->server.to_child, -1);
    assert_true(gt_peer_write(&p->server, "x", 1) < 0); /* no SIGPIPE, just an error */
    gt_peer_stop(&p->client);                           /* never started: zeroed */
}

static void test_write_to_dead_child_fails_without_sigpipe(void **state)
{
    struct peers *p = *state;
    static const char *const argv[] = {"true", NULL};
    assert_int_equal(gt_peer_spawn(&p->server, 5, argv), 0);
    assert_true(gt_peer_wait_exit(&p->server, 5000));
    assert_true(gt_peer_write(&p->server, "x", 1) < 0);
}

static void test_server_that_cannot_start(void **state)
{
    struct peers *p = *state;
    static const char *const bad[] = {"-cert", GT_FIXTURE_SERVER_CERT, "-key",
                                      "test/fixtures/no-such.key", NULL};
    assert_int_equal(gt_peer_start_server(&p->server, LIMIT_S, bad), -1);
    assert_true(p->server.error[0] != '\0');
    assert_false(p->server.live); /* already stopped and reaped */
}

static void test_command_not_found(void **state)
{
    struct peers *p = *state;
    static const char *const argv[] = {"glasstls-no-such-command", NULL};
    assert_int_equal(gt_peer_spawn(&p->server, 5, argv), 0);
    assert_true(gt_peer_wait_exit(&p->server, 5000));
    assert_int_equal(WEXITSTATUS(p->server.wait_status), 127);
    assert_non_null(strstr(gt_peer_output(&p->server), "cannot run"));
}

#define WITH_PEERS(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_port),
        WITH_PEERS(test_client_talks_to_server),
        WITH_PEERS(test_wait_for_continues_after_match),
        WITH_PEERS(test_watchdog_kills_overrunning_child),
        WITH_PEERS(test_stop_kills_running_child),
        WITH_PEERS(test_stop_is_harmless_on_dead_or_stopped_child),
        WITH_PEERS(test_write_to_dead_child_fails_without_sigpipe),
        WITH_PEERS(test_server_that_cannot_start),
        WITH_PEERS(test_command_not_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
