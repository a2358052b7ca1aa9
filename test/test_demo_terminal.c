/* test/test_demo_terminal: the glasstls command's terminal manners.
 *   - colour only on a terminal, and never with NO_COLOR set (no-color.org);
 *   - on an 80-column terminal no line of any view or scenario is wider
 *     than 80, so the terminal never wraps a table mid-cell;
 *   - --help on every command, with an example;
 *   - a closed pipe (`glasstls demo | head -3`) ends it quietly, status 0;
 *   - Ctrl-C (SIGINT) ends it at once, status 130, colour reset.
 * A terminal is a pseudo-terminal opened here (posix_openpt). */
#define _XOPEN_SOURCE 600 /* posix_openpt, grantpt, unlockpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"

/* ---- a child on a pseudo-terminal ---- */

typedef struct tty_child {
    pid_t pid;
    int master;
    char out[1 << 17];
    size_t len;
    int status;
} tty_child;

/* Starts glasstls with stdout and stderr on a new pty (80 columns); stdin is
 * the pty too when stdin_tty, else /dev/null. no_color: set NO_COLOR=1. */
static void tty_start(tty_child *t, bool stdin_tty, bool no_color, const char *const *args)
{
    memset(t, 0, sizeof *t);
    t->master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(t->master >= 0);
    assert_int_equal(grantpt(t->master), 0);
    assert_int_equal(unlockpt(t->master), 0);
    const char *slave_name = ptsname(t->master);
    assert_non_null(slave_name);
    char slave_path[128];
    snprintf(slave_path, sizeof slave_path, "%s", slave_name);
    struct winsize ws = {.ws_row = 40, .ws_col = 80};
    const char *argv[20];
    gt_cli_argv(argv, 20, args);
    fflush(NULL);
    t->pid = fork();
    assert_true(t->pid >= 0);
    if (t->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        setsid();
        int s = open(slave_path, O_RDWR);
        if (s < 0)
            _exit(126);
        ioctl(s, TIOCSWINSZ, &ws);
        int in = stdin_tty ? s : open("/dev/null", O_RDONLY);
        dup2(in, STDIN_FILENO);
        dup2(s, STDOUT_FILENO);
        dup2(s, STDERR_FILENO);
        unsetenv("COLUMNS");
        if (no_color)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
}

/* Reads what the child printed until `until` appears (NULL: until it ends)
 * or ms pass. True when found (or, for NULL, when the output ended). */
static bool tty_read(tty_child *t, const char *until, int ms)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (until && strstr(t->out, until))
            return true;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
                              (now.tv_nsec - start.tv_nsec) / 1000000);
        if (left <= 0)
            return false;
        struct pollfd p = {t->master, POLLIN, 0};
        if (poll(&p, 1, left) <= 0)
            continue;
        ssize_t k = read(t->master, t->out + t->len, sizeof t->out - 1 - t->len);
        if (k <= 0)
            return until == NULL; /* EIO: the child closed the terminal */
        t->len += (size_t)k;
        t->out[t->len] = 0;
    }
}

static void tty_wait(tty_child *t)
{
    t->status = gt_cli_wait(t->pid);
    assert_true(t->status >= 0);
    close(t->master);
}

/* ---- colour ---- */

static void test_color_only_on_a_terminal(void **state)
{
    (void)state;
    static tty_child t;
    const char *const args[] = {"demo", "--seed", "1", "--scenario", "expired-cert", NULL};
    /* a terminal, NO_COLOR unset: colour */
    tty_start(&t, false, false, args);
    assert_true(tty_read(&t, NULL, 30000));
    tty_wait(&t);
    assert_int_equal(t.status, 1);
    assert_non_null(strstr(t.out, "\033["));
    /* a terminal, NO_COLOR set: none */
    tty_start(&t, false, true, args);
    assert_true(tty_read(&t, NULL, 30000));
    tty_wait(&t);
    assert_null(strstr(t.out, "\033["));
    assert_non_null(strstr(t.out, "Status Tracker"));
    /* not a terminal, NO_COLOR unset: none */
    gt_cli_result r;
    assert_int_equal(gt_cli_run(&r, NULL, (const char *const[]){"NO_COLOR=", NULL}, args), 0);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.out, "\033["));
    gt_cli_result_free(&r);
}

/* ---- width ---- */

static void test_80_columns(void **state)
{
    (void)state;
    static const char *const scenarios[] = {"good",         "expired-cert",     "wrong-host",
                                            "untrusted-ca", "forged-signature", "mitm",
                                            "tampered-key", "tampered-record",  "eavesdropper"};
    static const char *const views[] = {"all",     "flow",       "table",
                                        "tracker", "transcript", "snapshot"};
    for (size_t s = 0; s < sizeof scenarios / sizeof *scenarios; s++)
        for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
            gt_cli_result r;
            const char *const args[] = {"demo",   "--verbose", "--scenario", scenarios[s],
                                        "--view", views[v],    NULL};
            assert_int_equal(gt_cli_run(&r, NULL, (const char *const[]){"COLUMNS=80", NULL}, args),
                             0);
            int line = gt_cli_first_long_line(r.out, 80);
            if (line)
                fail_msg("demo --scenario %s --view %s: line %d is wider than 80 columns",
                         scenarios[s], views[v], line);
            gt_cli_result_free(&r);
        }
    const char *const other[][6] = {{"demo", "--list-scenarios", NULL},
                                    {"quiz", "--seed", "2", "--answers", "A,B,C,D,A,B", NULL},
                                    {"demo", "--help", NULL},
                                    {"quiz", "--help", NULL},
                                    {"client", "--help", NULL},
                                    {"server", "--help", NULL}};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        gt_cli_result r;
        assert_int_equal(gt_cli_run(&r, NULL, NULL, other[i]), 0);
        int line = gt_cli_first_long_line(r.out, 80);
        if (line)
            fail_msg("%s %s: line %d is wider than 80 columns", other[i][0], other[i][1], line);
        gt_cli_result_free(&r);
    }
}

/* On a wider terminal the tables use the room: no row of the Process Table
 * needs a second line at 120 columns for the lesson's own words. */
static void test_wider_terminal(void **state)
{
    (void)state;
    gt_cli_result r;
    const char *const args[] = {"demo", "--seed", "1", "--view", "tracker", NULL};
    assert_int_equal(gt_cli_run(&r, NULL, (const char *const[]){"COLUMNS=120", NULL}, args), 0);
    assert_int_equal(gt_cli_first_long_line(r.out, 120), 0);
    assert_non_null(strstr(r.out, "| Generated & Encrypted |"));
    gt_cli_result_free(&r);
}

/* ---- --help ---- */

static void test_help_everywhere(void **state)
{
    (void)state;
    static const char *const commands[] = {"demo", "client", "server", "quiz"};
    for (size_t i = 0; i < 4; i++) {
        gt_cli_result r;
        assert_int_equal(
            gt_cli_run(&r, NULL, NULL, (const char *const[]){commands[i], "--help", NULL}), 0);
        assert_int_equal(r.status, 0);
        char usage[64], example[64];
        snprintf(usage, sizeof usage, "usage: glasstls %s", commands[i]);
        snprintf(example, sizeof example, "glasstls %s ", commands[i]);
        assert_non_null(strstr(r.out, usage));
        const char *ex = strstr(r.out, "example");
        if (!ex || !strstr(ex, example))
            fail_msg("glasstls %s --help shows no example", commands[i]);
        gt_cli_result_free(&r);
    }
    gt_cli_result r;
    assert_int_equal(gt_cli_run(&r, NULL, NULL, (const char *const[]){"--help", NULL}), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "quiz"));
    assert_non_null(strstr(r.out, "example: glasstls "));
    gt_cli_result_free(&r);
}

/* ---- a closed pipe ---- */

/* Runs glasstls with stdout a pipe whose reader reads `keep` bytes (0: none)
 * and then goes away, as `head` does. Returns the exit status; *err gets
 * what it wrote on stderr. */
static int run_into_closed_pipe(const char *const *args, size_t keep, char *err, size_t cap)
{
    int out[2], errp[2];
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(errp), 0);
    const char *argv[20];
    gt_cli_argv(argv, 20, args);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        signal(SIGPIPE, SIG_DFL);
        dup2(out[1], STDOUT_FILENO);
        dup2(errp[1], STDERR_FILENO);
        close(out[0]);
        close(errp[0]);
        int in = open("/dev/null", O_RDONLY);
        dup2(in, STDIN_FILENO);
        setenv("NO_COLOR", "1", 1);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    close(errp[1]);
    char buf[256];
    size_t got = 0;
    while (got < keep) {
        ssize_t k = read(out[0], buf, keep - got < sizeof buf ? keep - got : sizeof buf);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(out[0]); /* the reader goes away */
    size_t n = 0;
    ssize_t k;
    while (n + 1 < cap && (k = read(errp[0], err + n, cap - 1 - n)) > 0)
        n += (size_t)k;
    err[n] = 0;
    close(errp[0]);
    int status = gt_cli_wait(pid);
    assert_true(status >= 0);
    return status;
}

static void test_closed_pipe(void **state)
{
    (void)state;
    char err[4096];
    /* the reader never reads: the first write meets a closed pipe */
    assert_int_equal(run_into_closed_pipe((const char *const[]){"demo", "--seed", "1", NULL}, 0,
                                          err, sizeof err),
                     0);
    assert_string_equal(err, "");
    /* `| head -3`-like: some lines, then gone */
    assert_int_equal(run_into_closed_pipe((const char *const[]){"demo", "--verbose", NULL}, 200,
                                          err, sizeof err),
                     0);
    assert_string_equal(err, "");
    assert_int_equal(run_into_closed_pipe((const char *const[]){"quiz", "--answers", "A,B,C", NULL},
                                          10, err, sizeof err),
                     0);
    assert_string_equal(err, "");
    assert_int_equal(run_into_closed_pipe((const char *const[]){"demo", "--list-scenarios", NULL},
                                          0, err, sizeof err),
                     0);
    assert_string_equal(err, "");
}

/* ---- Ctrl-C ---- */

static void test_interrupt(void **state)
{
    (void)state;
    static tty_child t;
    /* paused at "press Enter" on a terminal, in colour */
    tty_start(&t, true, false, (const char *const[]){"demo", "--seed", "1", NULL});
    if (!tty_read(&t, "press Enter", 30000))
        fail_msg("the demo did not pause on a terminal:\n%s", t.out);
    /* the timeout(1) wrapper forwards SIGINT to glasstls */
    kill(t.pid, SIGINT);
    tty_read(&t, NULL, 10000);
    tty_wait(&t);
    assert_int_equal(t.status, 130);
    size_t n = t.len;
    while (n && (t.out[n - 1] == '\n' || t.out[n - 1] == '\r'))
        n--;
    assert_true(n >= 4 && !memcmp(t.out + n - 4, "\033[0m", 4)); /* colour reset last */

    /* a server waiting for clients */
    tty_start(&t, false, true, (const char *const[]){"server", "--port", "0", NULL});
    if (!tty_read(&t, "listening on", 30000))
        fail_msg("the server did not start:\n%s", t.out);
    kill(t.pid, SIGINT);
    tty_read(&t, NULL, 10000);
    tty_wait(&t);
    assert_int_equal(t.status, 130);
}

/* ---- stepping ---- */

/* On a terminal, a view other than "all" is shown after each step, with a
 * pause; Enter moves on. */
static void test_step_through_a_view(void **state)
{
    (void)state;
    static tty_child t;
    tty_start(&t, true, true, (const char *const[]){"demo", "--seed", "1", "--view", "flow", NULL});
    for (int step = 2; step <= 5; step++) {
        char prompt[64];
        snprintf(prompt, sizeof prompt, "-- press Enter for step %d --", step);
        if (!tty_read(&t, prompt, 30000))
            fail_msg("no pause before step %d:\n%s", step, t.out);
        assert_int_equal(write(t.master, "\n", 1), 1);
    }
    tty_read(&t, NULL, 30000);
    tty_wait(&t);
    assert_int_equal(t.status, 0);
    assert_non_null(strstr(t.out, "After step 1:"));
    assert_non_null(strstr(t.out, "<- here: Yes"));
}

/* ---- the quiz on a terminal ---- */

static int count(const char *s, const char *what)
{
    int n = 0;
    for (; (s = strstr(s, what)) != NULL; s += strlen(what))
        n++;
    return n;
}

/* Reads until `what` has appeared n times (at most 30 s). */
static bool wait_for_count(tty_child *t, const char *what, int n)
{
    for (int tries = 0; tries < 300 && count(t->out, what) < n; tries++)
        tty_read(t, "\x01never\x01", 100);
    return count(t->out, what) >= n;
}

/* One question at a time; a wrong key asks again instead of failing; the end
 * of input (Ctrl-D) scores what was answered. The lesson's answers: C, A, B. */
static void test_quiz_interactive(void **state)
{
    (void)state;
    static tty_child t;
    tty_start(&t, true, true, (const char *const[]){"quiz", "--seed", "1", NULL});
    static const char *const keys[] = {"x\n", "C\n", "A\n", "B\n"};
    for (int i = 0; i < 4; i++) {
        if (!wait_for_count(&t, "Your answer (A-D): ", i + 1))
            fail_msg("no prompt for answer %d:\n%s", i + 1, t.out);
        assert_int_equal(write(t.master, keys[i], 2), 2);
    }
    assert_non_null(strstr(t.out, "Please type one letter"));
    if (!tty_read(&t, "Question 4 of 6", 30000))
        fail_msg("no fourth question:\n%s", t.out);
    if (!wait_for_count(&t, "Your answer (A-D): ", 5))
        fail_msg("no prompt for question 4:\n%s", t.out);
    assert_int_equal(write(t.master, "\x04", 1), 1); /* Ctrl-D: end of input */
    if (!tty_read(&t, "Score: 3 out of 3", 30000))
        fail_msg("no score:\n%s", t.out);
    tty_read(&t, NULL, 10000);
    tty_wait(&t);
    assert_int_equal(t.status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_color_only_on_a_terminal),
        cmocka_unit_test(test_80_columns),
        cmocka_unit_test(test_wider_terminal),
        cmocka_unit_test(test_help_everywhere),
        cmocka_unit_test(test_closed_pipe),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_step_through_a_view),
        cmocka_unit_test(test_quiz_interactive),
    };
    return cmocka_run_group_tests_name("terminal manners", tests, NULL, NULL);
}
