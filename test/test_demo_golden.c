/* test/test_demo_golden: the demo's views and scenarios, compared byte for
 * byte with reviewed golden files in test/golden/. Every run is seeded
 * (--seed 1: NOT SECURE random numbers, the clock fixed at 2026-01-01), with
 * NO_COLOR=1 and COLUMNS=80, so its output is the same on every machine.
 * The goldens are the specification of what a student sees: each was read
 * line by line against the lesson (shared/seed/handshake-lesson.txt) before
 * it was committed.
 *
 * To regenerate them after an intended change of the output:
 *     make golden          (or: GOLDEN_UPDATE=1 build/test/test_demo_golden)
 * then read `git diff test/golden/` line by line before committing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"

typedef struct golden {
    const char *file;     /* in test/golden/ */
    const char *args[10]; /* after "glasstls" */
} golden;

static const golden goldens[] = {
    {"view-all.txt", {"demo", "--seed", "1", "--view", "all"}},
    {"view-flow.txt", {"demo", "--seed", "1", "--view", "flow"}},
    {"view-table.txt", {"demo", "--seed", "1", "--view", "table"}},
    {"view-tracker.txt", {"demo", "--seed", "1", "--view", "tracker"}},
    {"view-transcript.txt", {"demo", "--seed", "1", "--view", "transcript"}},
    {"view-snapshot.txt", {"demo", "--seed", "1", "--view", "snapshot"}},
    {"scenario-expired-cert.txt", {"demo", "--seed", "1", "--scenario", "expired-cert"}},
    {"scenario-wrong-host.txt", {"demo", "--seed", "1", "--scenario", "wrong-host"}},
    {"scenario-untrusted-ca.txt", {"demo", "--seed", "1", "--scenario", "untrusted-ca"}},
    {"scenario-forged-signature.txt", {"demo", "--seed", "1", "--scenario", "forged-signature"}},
    {"scenario-mitm.txt", {"demo", "--seed", "1", "--scenario", "mitm"}},
    {"scenario-tampered-key.txt", {"demo", "--seed", "1", "--scenario", "tampered-key"}},
    {"scenario-tampered-record.txt", {"demo", "--seed", "1", "--scenario", "tampered-record"}},
    {"scenario-eavesdropper.txt", {"demo", "--seed", "1", "--scenario", "eavesdropper"}},
    {"flow-tampered-key.txt",
     {"demo", "--seed", "1", "--scenario", "tampered-key", "--view", "flow"}},
    {"transcript-expired-cert.txt",
     {"demo", "--seed", "1", "--scenario", "expired-cert", "--view", "transcript"}},
    {"list-scenarios.txt", {"demo", "--list-scenarios"}},
    {"quiz-seed-1.txt",
     {"quiz", "--seed", "1", "--scenario", "tampered-key", "--answers", "C,A,B,D,C,A"}},
};
#define N_GOLDENS (sizeof goldens / sizeof goldens[0])

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more) {
                free(buf);
                buf = NULL;
            }
            buf = more;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The first line where a and b differ, for a readable failure. */
static void first_difference(const char *a, size_t an, const char *b, size_t bn, char *msg,
                             size_t cap)
{
    size_t i = 0, line = 1, start = 0;
    while (i < an && i < bn && a[i] == b[i]) {
        if (a[i] == '\n')
            line++, start = i + 1;
        i++;
    }
    const char *ea = memchr(a + start, '\n', an - start), *eb = memchr(b + start, '\n', bn - start);
    int la = (int)((ea ? (size_t)(ea - a) : an) - start),
        lb = (int)((eb ? (size_t)(eb - b) : bn) - start);
    snprintf(msg, cap, "line %zu:\n  golden: %.*s\n  now:    %.*s", line, la, a + start, lb,
             b + start);
}

static void check_golden(void **state)
{
    const golden *g = *state;
    gt_cli_result r;
    assert_int_equal(gt_cli_run(&r, NULL, NULL, g->args), 0);
    if (r.status == 124 || r.status == 137)
        fail_msg("%s: ran into the time limit", g->file);
    if (r.err_len)
        fail_msg("%s: unexpected stderr: %s", g->file, r.err);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", gt_cli_golden_dir(), g->file);
    const char *update = getenv("GOLDEN_UPDATE");
    if (update && !strcmp(update, "1")) {
        FILE *f = fopen(path, "wb");
        if (!f)
            fail_msg("cannot write %s: %s", path, strerror(errno));
        fwrite(r.out, 1, r.out_len, f);
        fclose(f);
        print_message("wrote %s: review it line by line before committing\n", path);
        gt_cli_result_free(&r);
        return;
    }
    size_t len = 0;
    char *want = read_file(path, &len);
    if (!want)
        fail_msg("no golden %s (make golden writes it; review it before committing)", path);
    if (len != r.out_len || memcmp(want, r.out, len) != 0) {
        char msg[1200];
        first_difference(want, len, r.out, r.out_len, msg, sizeof msg);
        free(want);
        gt_cli_result_free(&r);
        fail_msg("%s differs from the output, %s\n(if the change is intended: make golden, "
                 "then review git diff test/golden/)",
                 g->file, msg);
    }
    free(want);
    gt_cli_result_free(&r);
}

int main(void)
{
    struct CMUnitTest tests[N_GOLDENS];
    for (size_t i = 0; i < N_GOLDENS; i++) {
        tests[i] =
            (struct CMUnitTest){goldens[i].file, check_golden, NULL, NULL, (void *)&goldens[i]};
    }
    return cmocka_run_group_tests_name("demo goldens", tests, NULL, NULL);
}
