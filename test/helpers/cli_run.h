/* test/helpers/cli_run: runs the `glasstls` command as a user does, for the
 * tests of its output (views, scenarios, quiz, terminal manners). The binary
 * is $GLASSTLS (`make test` sets it; default build/glasstls). Each run has a
 * hard time limit (`timeout`), dies with the test (PR_SET_PDEATHSIG), gets
 * NO_COLOR=1 and COLUMNS=80 unless told otherwise, and its stdout and stderr
 * are captured apart. */
#ifndef GT_TEST_CLI_RUN_H
#define GT_TEST_CLI_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct gt_cli_result {
    int status; /* exit code, or 128 + signal, or -1 */
    char *out, *err;
    size_t out_len, err_len;
} gt_cli_result;

/* The binary under test. */
const char *gt_cli_path(void);
/* Runs glasstls with args (NULL-terminated), input on stdin (NULL: empty).
 * env: extra "NAME=value" settings, or "NAME=" to unset NAME; NULL-terminated
 * or NULL. 0, or -1 when the command could not be started. */
int gt_cli_run(gt_cli_result *r, const char *input, const char *const *env,
               const char *const *args);
void gt_cli_result_free(gt_cli_result *r);

/* For tests that start the command themselves (a terminal, a pipe): fills
 * argv with "timeout -k 5 60 BINARY" and then args (NULL-terminated), as
 * many as fit in cap entries with the final NULL. Returns argc. */
int gt_cli_argv(const char **argv, int cap, const char *const *args);
/* Waits for the child pid: its exit code, or 128 + signal, or -1. */
int gt_cli_wait(pid_t pid);

/* true when text has a line that is exactly line (no newline in it). */
bool gt_cli_has_line(const char *text, const char *line);

/* Lines of s longer than width characters (UTF-8 aware): the first such
 * line's number (1-based), or 0. */
int gt_cli_first_long_line(const char *s, int width);

/* The repository's test/golden directory. */
const char *gt_cli_golden_dir(void);

#endif
