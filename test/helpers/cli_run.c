/* test/helpers/cli_run: see cli_run.h. */
#include "test/helpers/cli_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef GT_PKI_DIR
#define GT_PKI_DIR "test/pki"
#endif

const char *gt_cli_path(void)
{
    const char *g = getenv("GLASSTLS");
    return g && *g ? g : "build/glasstls";
}

const char *gt_cli_golden_dir(void) { return GT_PKI_DIR "/../golden"; }

static int temp_file(void)
{
    char path[] = "/tmp/gt-cli-run-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

static char *slurp(int fd, size_t *len)
{
    struct stat st;
    *len = 0;
    if (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        return calloc(1, 1);
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf)
        return NULL;
    size_t n = 0;
    while (n < (size_t)st.st_size) {
        ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

int gt_cli_argv(const char **argv, int cap, const char *const *args)
{
    static const char *const head[] = {"timeout", "-k", "5", "60"};
    int argc = 0;
    for (; argc < 4; argc++)
        argv[argc] = head[argc];
    argv[argc++] = gt_cli_path();
    for (; *args && argc < cap - 1; args++)
        argv[argc++] = *args;
    argv[argc] = NULL;
    return argc;
}

int gt_cli_wait(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status)     ? WEXITSTATUS(status)
           : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                 : -1;
}

int gt_cli_run(gt_cli_result *r, const char *input, const char *const *env, const char *const *args)
{
    memset(r, 0, sizeof *r);
    r->status = -1;
    int in = temp_file(), out = temp_file(), err = temp_file();
    if (in < 0 || out < 0 || err < 0)
        return -1;
    if (input && write(in, input, strlen(input)) != (ssize_t)strlen(input))
        return -1;
    lseek(in, 0, SEEK_SET);

    const char *argv[40];
    gt_cli_argv(argv, 40, args);

    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a crashed test */
        dup2(in, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        setenv("NO_COLOR", "1", 1);
        setenv("COLUMNS", "80", 1);
        for (; env && *env; env++) {
            const char *eq = strchr(*env, '=');
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(eq - *env), *env);
            if (eq[1])
                setenv(name, eq + 1, 1);
            else
                unsetenv(name);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    r->status = gt_cli_wait(pid);
    r->out = slurp(out, &r->out_len);
    r->err = slurp(err, &r->err_len);
    close(in);
    close(out);
    close(err);
    return r->out && r->err ? 0 : -1;
}

void gt_cli_result_free(gt_cli_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

bool gt_cli_has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p += n)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == 0))
            return true;
    return false;
}

int gt_cli_first_long_line(const char *s, int width)
{
    int line = 1, cols = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            line++, cols = 0;
            continue;
        }
        if (((unsigned char)*s & 0xc0) != 0x80 && ++cols > width)
            return line;
    }
    return 0;
}
