/* test/test_cli: the `glasstls` command, run as a user runs it. The binary is
 * $GLASSTLS (`make test` sets it; default build/glasstls), run by
 * test/helpers/cli_run (under `timeout 60`, NO_COLOR=1 and COLUMNS=80,
 * stdout and stderr captured apart). What the output must say comes from the lesson
 * (shared/seed/handshake-lesson.txt: the table names "Process Table" and
 * "Status Tracker", the five Actions, the tracker words) and from README.md
 * (the options and what they promise); the tables are read the way a
 * student reads them, cell by cell, with cells that wrap over several lines
 * joined again. The network test runs `glasstls server` and `glasstls
 * client` against each other on 127.0.0.1. */
#include <setjmp.h>
#include <signal.h>
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

#include "test/helpers/cli_run.h"
#include "test/helpers/openssl_peer.h"

#define TIME_LIMIT "60" /* gt_cli_run's */

/* ---- running the command (test/helpers/cli_run) ---- */

typedef gt_cli_result run;

#define MAX_RUNS 4

/* Per test: the runs made (freed in teardown) and a server started in the
 * background (stopped and reaped in teardown, even after a failed assertion). */
typedef struct cli {
    run runs[MAX_RUNS];
    int n_runs;
    gt_peer server;
} cli;

static int setup(void **state)
{
    cli *c = calloc(1, sizeof *c);
    if (c == NULL)
        return -1;
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    cli *c = *state;
    gt_peer_stop(&c->server);
    for (int i = 0; i < c->n_runs; i++)
        gt_cli_result_free(&c->runs[i]);
    free(c);
    return 0;
}

/* Runs `timeout 60 $GLASSTLS args...` with input on stdin (NULL: empty) and
 * waits for it. The result stays valid until the test's teardown. */
static run *glasstls_run(cli *c, const char *input, const char *const *args)
{
    assert_true(c->n_runs < MAX_RUNS);
    if (access(gt_cli_path(), X_OK) != 0)
        fail_msg("%s is not there: build it first (make), or set GLASSTLS", gt_cli_path());
    run *r = &c->runs[c->n_runs++];
    assert_int_equal(gt_cli_run(r, input, NULL, args), 0);
    if (r->status == 124 || r->status == 137)
        fail_msg("`%s %s` ran into the %s s time limit", gt_cli_path(), args[0], TIME_LIMIT);
    return r;
}

#define GLASSTLS(c, input, ...) glasstls_run(c, input, (const char *const[]){__VA_ARGS__, NULL})

/* ---- reading the tables ---- */

#define MAX_CELLS 8
#define CELL_MAX  512

typedef struct row {
    int n;
    char cell[MAX_CELLS][CELL_MAX];
} row;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = 0;
    size_t k = 0;
    while (s[k] == ' ')
        k++;
    memmove(s, s + k, n - k + 1);
}

/* Splits one table line "| a | b |" into its trimmed cells. */
static int split_line(const char *line, size_t len, char cells[MAX_CELLS][CELL_MAX])
{
    int n = 0;
    size_t i = 1; /* after the leading '|' */
    while (i < len && n < MAX_CELLS) {
        size_t j = i;
        while (j < len && line[j] != '|')
            j++;
        if (j >= len)
            break;
        size_t k = j - i < CELL_MAX - 1 ? j - i : CELL_MAX - 1;
        memcpy(cells[n], line + i, k);
        cells[n][k] = 0;
        trim(cells[n]);
        n++;
        i = j + 1;
    }
    return n;
}

/* The last row of a table in text whose first cell is `first`, with the
 * continuation lines (first cell empty) joined to it word by word. */
static bool find_row(const char *text, const char *first, row *out)
{
    bool found = false;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char cells[MAX_CELLS][CELL_MAX];
        if (len > 1 && p[0] == '|' && split_line(p, len, cells) > 0 && !strcmp(cells[0], first)) {
            row r = {0};
            r.n = split_line(p, len, r.cell);
            const char *q = end ? end + 1 : p + len;
            while (*q == '|') { /* continuation lines */
                const char *qe = strchr(q, '\n');
                size_t ql = qe ? (size_t)(qe - q) : strlen(q);
                int m = split_line(q, ql, cells);
                if (m == 0 || cells[0][0] != 0)
                    break;
                for (int i = 1; i < m && i < r.n; i++) {
                    if (!cells[i][0])
                        continue;
                    size_t have = strlen(r.cell[i]);
                    snprintf(r.cell[i] + have, CELL_MAX - have, "%s%s", have ? " " : "", cells[i]);
                }
                q = qe ? qe + 1 : q + ql;
            }
            *out = r;
            found = true;
        }
        p = end ? end + 1 : p + len;
    }
    return found;
}

/* The text from the last line that is exactly `heading` on. */
static const char *after_heading(const char *text, const char *heading)
{
    const char *last = NULL;
    size_t n = strlen(heading);
    for (const char *p = text; (p = strstr(p, heading)) != NULL; p += n)
        if ((p == text || p[-1] == '\n') && p[n] == '\n')
            last = p;
    if (last == NULL)
        fail_msg("no \"%s\" heading in the output", heading);
    return last;
}

/* The index of a column, by its heading, in the table that starts at text. */
static int column(const char *text, const char *first_heading, const char *name)
{
    row h;
    if (!find_row(text, first_heading, &h))
        fail_msg("no heading row \"%s\"", first_heading);
    for (int i = 0; i < h.n; i++)
        if (!strcmp(h.cell[i], name))
            return i;
    fail_msg("no column \"%s\"", name);
    return -1;
}

static row tracker_row(const char *output, const char *variable)
{
    const char *table = after_heading(output, "Status Tracker");
    row r;
    if (!find_row(table, variable, &r))
        fail_msg("the Status Tracker has no %s row", variable);
    return r;
}

/* ---- demo ---- */

static void test_demo_good(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "demo", "--no-pause", "--seed", "1");
    if (r->status != 0)
        fail_msg("demo exited %d: %s", r->status, r->err);
    assert_true(gt_cli_has_line(r->out, "Process Table"));
    assert_true(gt_cli_has_line(r->out, "Status Tracker"));

    /* the lesson's Process Table: Step and Action of its five rows */
    static const char *const actions[] = {
        "Client sends ClientHello", "Server sends ServerHello + Certificate",
        "Client verifies Certificate", "Client sends encrypted session key",
        "Encrypted communication begins"};
    const char *process = after_heading(r->out, "Process Table");
    int action = column(process, "Step", "Action");
    for (int step = 1; step <= 5; step++) {
        char first[4];
        snprintf(first, sizeof first, "%d", step);
        row pr;
        if (!find_row(process, first, &pr))
            fail_msg("the Process Table has no step %d", step);
        assert_string_equal(pr.cell[action], actions[step - 1]);
        assert_non_null(strstr(r->out, actions[step - 1]));
    }

    /* the Status Tracker, Final column: as in the lesson */
    const char *tracker = after_heading(r->out, "Status Tracker");
    int final = column(tracker, "Variable", "Final");
    row sc = tracker_row(r->out, "SecureChannel");
    assert_string_equal(sc.cell[sc.n - 1], "Yes");
    assert_int_equal(final, sc.n - 1);
    row sk = tracker_row(r->out, "SessionKey");
    assert_string_equal(sk.cell[column(tracker, "Variable", "Start")], "Not generated");
    assert_string_equal(sk.cell[column(tracker, "Variable", "After Step 3")],
                        "Generated & Encrypted");
    assert_string_equal(sk.cell[column(tracker, "Variable", "After Step 4")], "Encrypted key sent");
    assert_string_equal(sk.cell[final], "Shared securely");
    row cert = tracker_row(r->out, "Certificate");
    assert_string_equal(cert.cell[column(tracker, "Variable", "After Step 2")], "Received");
    assert_string_equal(cert.cell[final], "Verified");
}

/* README: "--seed N ... so two runs print the same bytes". */
static void test_demo_seed_repeats(void **state)
{
    cli *c = *state;
    run *a = GLASSTLS(c, NULL, "demo", "--no-pause", "--seed", "1");
    run *b = GLASSTLS(c, NULL, "demo", "--no-pause", "--seed", "1");
    run *d = GLASSTLS(c, NULL, "demo", "--no-pause", "--seed", "2");
    assert_int_equal(a->status, 0);
    assert_int_equal(b->status, 0);
    assert_int_equal(d->status, 0);
    assert_true(a->out_len > 0);
    assert_int_equal(a->out_len, b->out_len);
    assert_memory_equal(a->out, b->out, a->out_len);
    assert_false(a->out_len == d->out_len && memcmp(a->out, d->out, a->out_len) == 0);
}

/* Lesson, Key Moments: "If verification fails, the client stops the
 * handshake"; quiz question 3: the session key "would not be generated". */
static void expect_stops_at_step_3(cli *c, const char *scenario)
{
    run *r = GLASSTLS(c, NULL, "demo", "--no-pause", "--scenario", scenario);
    if (r->status == 0)
        fail_msg("demo --scenario %s exited 0", scenario);
    assert_non_null(strstr(r->out, "stopped at step 3"));
    const char *tracker = after_heading(r->out, "Status Tracker");
    int after3 = column(tracker, "Variable", "After Step 3");
    row sk = tracker_row(r->out, "SessionKey");
    assert_string_equal(sk.cell[after3], "Not generated");
    row cert = tracker_row(r->out, "Certificate");
    bool rejected = false;
    for (int i = 1; i < cert.n; i++)
        rejected |= strncmp(cert.cell[i], "Rejected", 8) == 0;
    if (!rejected)
        fail_msg("%s: no Certificate cell starts with \"Rejected\"", scenario);
    assert_true(strncmp(cert.cell[after3], "Rejected", 8) == 0);
    row sc = tracker_row(r->out, "SecureChannel");
    for (int i = 1; i < sc.n; i++)
        assert_true(strcmp(sc.cell[i], "Yes") != 0);
}

static void test_demo_expired_cert(void **state) { expect_stops_at_step_3(*state, "expired-cert"); }
static void test_demo_wrong_host(void **state) { expect_stops_at_step_3(*state, "wrong-host"); }
static void test_demo_untrusted_ca(void **state) { expect_stops_at_step_3(*state, "untrusted-ca"); }
static void test_demo_forged_signature(void **state)
{
    expect_stops_at_step_3(*state, "forged-signature");
}
static void test_demo_mitm(void **state) { expect_stops_at_step_3(*state, "mitm"); }

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_demo_unknown_scenario(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "demo", "--scenario", "nope");
    assert_int_equal(r->status, 2);
    assert_int_equal(count_lines(r->err), 1);
    assert_true(r->err_len > 1 && r->err[r->err_len - 1] == '\n');
    assert_non_null(strstr(r->err, "nope"));
    assert_int_equal(r->out_len, 0);
}

static void test_demo_help(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "demo", "--help");
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "usage: glasstls demo"));
    /* an example: a line naming a whole command to type */
    const char *ex = strstr(r->out, "example");
    assert_non_null(ex);
    assert_non_null(strstr(ex, "glasstls demo "));
}

/* README: "--list-scenarios" names the scenarios of the lesson's failures and
 * of an attacker on the wire. */
static void test_demo_list_scenarios(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "demo", "--list-scenarios");
    assert_int_equal(r->status, 0);
    static const char *const names[] = {"good",         "expired-cert",     "wrong-host",
                                        "untrusted-ca", "forged-signature", "mitm",
                                        "tampered-key", "tampered-record",  "eavesdropper"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char start[32];
        snprintf(start, sizeof start, "\n%s ", names[i]);
        bool first = strncmp(r->out, start + 1, strlen(start + 1)) == 0;
        if (!first && !strstr(r->out, start))
            fail_msg("--list-scenarios does not list %s", names[i]);
    }
}

/* ---- client and server ---- */

static void test_client_without_connect(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "client");
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "--connect"));
    run *u = GLASSTLS(c, NULL, "client", "--servername", "sensor-hub.local");
    assert_int_equal(u->status, 2);
}

static void test_unknown_command(void **state)
{
    cli *c = *state;
    run *r = GLASSTLS(c, NULL, "frobnicate");
    assert_int_equal(r->status, 2);
    assert_true(r->err_len > 0);
}

/* Starts `glasstls server --port 0 --once` in the background (stopped and
 * reaped in teardown) and returns the port it says it listens on. */
static int start_server(cli *c)
{
    const char *const server_argv[] = {gt_cli_path(), "server", "--port", "0", "--once", NULL};
    if (access(gt_cli_path(), X_OK) != 0)
        fail_msg("%s is not there: build it first (make), or set GLASSTLS", gt_cli_path());
    if (gt_peer_spawn(&c->server, 60, server_argv) != 0)
        fail_msg("cannot start the server: %s", c->server.error);
    static const char listening[] = "glasstls server: listening on 127.0.0.1:";
    if (!gt_peer_wait_for(&c->server, listening, 20000))
        fail_msg("the server did not say it listens: %s", gt_peer_output(&c->server));
    gt_peer_wait_for(&c->server, "\n", 5000);
    const char *at = strstr(gt_peer_output(&c->server), listening);
    assert_non_null(at);
    int port = atoi(at + strlen(listening));
    assert_true(port > 0 && port < 65536);
    return port;
}

/* README: the client sends what it reads on stdin and prints what it
 * receives; the server echoes. */
static void test_client_server_round_trip(void **state)
{
    cli *c = *state;
    char connect[32];
    snprintf(connect, sizeof connect, "127.0.0.1:%d", start_server(c));
    run *r =
        GLASSTLS(c, "ping\n", "client", "--connect", connect, "--servername", "sensor-hub.local");
    if (r->status != 0)
        fail_msg("client exited %d: %s", r->status, r->err);
    assert_string_equal(r->out, "ping\n");

    /* --once: the server ends by itself after the one connection */
    if (!gt_peer_wait_exit(&c->server, 20000))
        fail_msg("the server did not exit after --once: %s", gt_peer_output(&c->server));
    assert_true(WIFEXITED(c->server.wait_status));
    assert_int_equal(WEXITSTATUS(c->server.wait_status), 0);
}

/* The same server, a client that wants another host: step 3 stops it, no
 * data goes anywhere, and the client says why and fails. */
static void test_client_refuses_other_host(void **state)
{
    cli *c = *state;
    char connect[32];
    snprintf(connect, sizeof connect, "127.0.0.1:%d", start_server(c));
    run *r =
        GLASSTLS(c, "ping\n", "client", "--connect", connect, "--servername", "other-host.local");
    assert_int_not_equal(r->status, 0);
    assert_int_equal(r->out_len, 0);
    assert_non_null(strstr(r->err, "other-host.local"));
    if (!gt_peer_wait_exit(&c->server, 20000))
        fail_msg("the server did not exit after --once: %s", gt_peer_output(&c->server));
    assert_null(strstr(gt_peer_output(&c->server), "ping"));
}

/* issue 4: `glasstls client` shows the demo's views of a real connection,
 * on stderr (stdout stays the data). */
static void test_client_views(void **state)
{
    cli *c = *state;
    char connect[32];
    snprintf(connect, sizeof connect, "127.0.0.1:%d", start_server(c));
    run *r = GLASSTLS(c, "ping\n", "client", "--connect", connect, "--servername",
                      "sensor-hub.local", "--view", "snapshot");
    if (r->status != 0)
        fail_msg("client exited %d: %s", r->status, r->err);
    assert_string_equal(r->out, "ping\n");
    assert_true(gt_cli_has_line(r->err, "Concept Snapshot (this run)"));
    assert_true(gt_cli_has_line(r->err, "3. Client verifies Certificate: Verified"));
    assert_true(gt_cli_has_line(r->err, "5. Secure channel established: SecureChannel = Yes"));
    if (!gt_peer_wait_exit(&c->server, 20000))
        fail_msg("the server did not exit after --once: %s", gt_peer_output(&c->server));
}

static void test_client_step_refused(void **state)
{
    cli *c = *state;
    char connect[32];
    snprintf(connect, sizeof connect, "127.0.0.1:%d", start_server(c));
    run *r = GLASSTLS(c, "ping\n", "client", "--connect", connect, "--servername",
                      "other-host.local", "--step", "--view", "flow");
    assert_int_not_equal(r->status, 0);
    assert_int_equal(r->out_len, 0);
    assert_true(
        gt_cli_has_line(r->err, "  [!] step 3: Client verifies Certificate  <- stopped here"));
    assert_true(gt_cli_has_line(r->err, "  [ ] step 3: Generate Session Key"));
    gt_peer_wait_exit(&c->server, 20000);
}

int main(void)
{
    setenv("NO_COLOR", "1", 1); /* also for the server started with gt_peer_spawn */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_demo_good, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_seed_repeats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_expired_cert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_wrong_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_untrusted_ca, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_forged_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_mitm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_unknown_scenario, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_help, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_list_scenarios, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_without_connect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_server_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_refuses_other_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_step_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
