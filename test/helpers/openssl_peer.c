/* test/helpers/openssl_peer: runs openssl s_server / s_client as bounded child
 * processes for interop tests. Plain POSIX (fork, exec, poll, process groups)
 * so that it links into every test binary without other libraries. See
 * openssl_peer.h for how a test must use it. */
#include "test/helpers/openssl_peer.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define MAX_ARGS          64
#define LISTEN_TIMEOUT_MS 10000
#define TERM_GRACE_MS     1000

static void set_error(gt_peer *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

int gt_free_port(void)
{
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    int port = -1;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0; /* the kernel picks a free port */
    if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(s);
    return port;
}

/* ---- reading the child's output ---------------------------------------- */

/* Makes room in out[]: when full, the oldest half is dropped. */
static void make_room(gt_peer *p)
{
    if (p->out_len < GT_PEER_OUTPUT_MAX)
        return;
    size_t drop = GT_PEER_OUTPUT_MAX / 2;
    memmove(p->out, p->out + drop, p->out_len - drop);
    p->out_len -= drop;
    p->cursor = p->cursor > drop ? p->cursor - drop : 0;
    p->out[p->out_len] = '\0';
}

/* Waits up to ms for output, and appends whatever is there. */
static void pump(gt_peer *p, int ms)
{
    if (p->from_child < 0 || p->eof) {
        if (ms > 0)
            sleep_ms(ms);
        return;
    }
    struct pollfd pfd = {.fd = p->from_child, .events = POLLIN};
    if (poll(&pfd, 1, ms) <= 0)
        return;
    for (;;) {
        make_room(p);
        ssize_t n = read(p->from_child, p->out + p->out_len, GT_PEER_OUTPUT_MAX - p->out_len);
        if (n > 0) {
            p->out_len += (size_t)n;
            p->out[p->out_len] = '\0';
            continue;
        }
        if (n == 0)
            p->eof = 1; /* every writer closed: the child has ended */
        else if (errno == EINTR)
            continue;
        return; /* EAGAIN: nothing more for now */
    }
}

/* Like strstr, but the output may hold NUL bytes (a peer echoing binary data). */
static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0)
        return hay;
    for (const char *at = hay; n >= k; n--, at++)
        if (at[0] == needle[0] && memcmp(at, needle, k) == 0)
            return at;
    return NULL;
}

int gt_peer_wait_for(gt_peer *p, const char *needle, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    for (;;) {
        const char *hit = find(p->out + p->cursor, p->out_len - p->cursor, needle);
        if (hit != NULL) {
            p->cursor = (size_t)(hit - p->out) + strlen(needle);
            return 1;
        }
        long left = deadline - now_ms();
        if (left <= 0 || p->eof || p->from_child < 0)
            return 0;
        pump(p, (int)(left < 100 ? left : 100));
    }
}

const char *gt_peer_output(const gt_peer *p) { return p->out; }

/* ---- the child's life ---------------------------------------------------- */

/* Collects the child if it has ended. 1 if it is (now or before) reaped. */
static int try_reap(gt_peer *p)
{
    if (p->reaped || p->pid <= 1)
        return 1;
    int st;
    pid_t r;
    do {
        r = waitpid(p->pid, &st, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == p->pid || (r < 0 && errno == ECHILD)) {
        p->reaped = 1;
        p->wait_status = r == p->pid ? st : 0;
        return 1;
    }
    return 0;
}

int gt_peer_wait_exit(gt_peer *p, int timeout_ms)
{
    if (!p->live)
        return 1;
    long deadline = now_ms() + timeout_ms;
    while (!try_reap(p)) {
        long left = deadline - now_ms();
        if (left <= 0)
            return 0;
        pump(p, (int)(left < 20 ? left : 20));
    }
    return 1;
}

/* Sends sig to the child's whole process group. Only while the child is not
 * reaped: until then its pid (and group id) cannot be reused by another
 * process, so this can never hit a stranger. Never with a pid <= 1:
 * kill(0) or kill(-1) would signal our own group or every process. */
static void signal_group(gt_peer *p, int sig)
{
    if (p->reaped || p->pid <= 1)
        return;
    if (kill(-p->pid, sig) != 0)
        kill(p->pid, sig); /* no group (yet): the child alone */
}

void gt_peer_stop(gt_peer *p)
{
    if (p == NULL || !p->live)
        return;
    if (!try_reap(p)) {
        signal_group(p, SIGTERM);
        if (!gt_peer_wait_exit(p, TERM_GRACE_MS)) {
            signal_group(p, SIGKILL);
            int st;
            pid_t r;
            do {
                r = waitpid(p->pid, &st, 0);
            } while (r < 0 && errno == EINTR);
            p->reaped = 1;
            p->wait_status = r == p->pid ? st : 0;
        }
    }
    pump(p, 0); /* keep the last words for the test's messages */
    close_fd(&p->to_child);
    close_fd(&p->from_child);
    p->live = 0;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_exec(const char *const *argv, int in_fd, int out_fd, int limit_seconds,
                       pid_t parent)
{
    setpgid(0, 0); /* own process group, so that stop can kill all of it */
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* die with the test process */
    if (getppid() != parent)
        _exit(127); /* the test already died before prctl took effect */
#else
    (void)parent;
#endif
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGALRM, SIG_DFL); /* ignored signals would stay ignored after exec */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
        _exit(127);
    /* Nothing else of the test (its sockets, other peers' pipes) leaks in. */
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    alarm((unsigned)limit_seconds); /* the watchdog: survives exec, SIGALRM kills */
    execvp(argv[0], (char *const *)argv);
    static const char msg[] = "openssl_peer: cannot run ";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    ignored = write(2, argv[0], strlen(argv[0]));
    ignored = write(2, "\n", 1);
    (void)ignored;
    _exit(127);
}

int gt_peer_spawn(gt_peer *p, int limit_seconds, const char *const *argv)
{
    memset(p, 0, sizeof *p);
    p->to_child = p->from_child = -1;
    if (argv == NULL || argv[0] == NULL || limit_seconds <= 0) {
        set_error(p, "gt_peer_spawn: needs a command and a time limit > 0");
        return -1;
    }
    int in[2], out[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, in) != 0) {
        set_error(p, "socketpair: %s", strerror(errno));
        return -1;
    }
    if (pipe(out) != 0) {
        set_error(p, "pipe: %s", strerror(errno));
        close(in[0]);
        close(in[1]);
        return -1;
    }
    /* Our ends must not leak into later children: a leaked copy of a stdin
     * socket would keep that child from ever seeing end of input. */
    fcntl(in[0], F_SETFD, FD_CLOEXEC);
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);

    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child_exec(argv, in[1], out[1], limit_seconds, parent);
    close(in[1]);
    close(out[1]);
    if (pid < 0) {
        set_error(p, "fork: %s", strerror(errno));
        close(in[0]);
        close(out[0]);
        return -1;
    }
    setpgid(pid, pid); /* also here, so the group exists before we signal it */
    p->live = 1;
    p->pid = pid;
    p->to_child = in[0];
    p->from_child = out[0];
    return 0;
}

/* argv = openssl_argv(prefix...) + args + NULL, with $GT_OPENSSL as argv[0]. */
static int build_argv(gt_peer *p, const char **argv, const char *const *prefix, size_t n_prefix,
                      const char *const *args)
{
    const char *bin = getenv("GT_OPENSSL");
    size_t n = 0;
    argv[n++] = bin != NULL && bin[0] != '\0' ? bin : "openssl";
    for (size_t i = 0; i < n_prefix; i++)
        argv[n++] = prefix[i];
    for (size_t i = 0; args != NULL && args[i] != NULL; i++) {
        if (n >= MAX_ARGS - 1) {
            set_error(p, "too many arguments for openssl (at most %d)", MAX_ARGS - 4);
            return -1;
        }
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    return 0;
}

int gt_peer_start_server(gt_peer *p, int limit_seconds, const char *const *args)
{
    const char *argv[MAX_ARGS];
    /* Port 0: s_server binds a free port itself and prints
     * "ACCEPT 127.0.0.1:PORT" once it listens; no window for another process
     * to take the port between our choice and its bind. */
    const char *const prefix[] = {"s_server", "-accept", "127.0.0.1:0"};
    memset(p, 0, sizeof *p);
    p->to_child = p->from_child = -1;
    if (build_argv(p, argv, prefix, 3, args) != 0 || gt_peer_spawn(p, limit_seconds, argv) != 0)
        return -1;

    /* Bounded by the child's own limit too (no overflow: compared in seconds). */
    int wait_ms =
        limit_seconds < LISTEN_TIMEOUT_MS / 1000 ? limit_seconds * 1000 : LISTEN_TIMEOUT_MS;
    long start = now_ms();
    int found = gt_peer_wait_for(p, "ACCEPT 127.0.0.1:", wait_ms);
    size_t port_at = p->cursor;
    if (found)
        found = gt_peer_wait_for(p, "\n", wait_ms - (int)(now_ms() - start));
    long port = found && port_at < p->out_len ? strtol(p->out + port_at, NULL, 10) : 0;
    if (port <= 0 || port > 65535) {
        gt_peer_stop(p);
        size_t len = p->out_len;
        set_error(p, "openssl s_server did not listen within %d ms; its output: %.180s", wait_ms,
                  len > 180 ? p->out + len - 180 : p->out);
        return -1;
    }
    p->port = (int)port;
    return 0;
}

int gt_peer_start_client(gt_peer *p, int port, int limit_seconds, const char *const *args)
{
    const char *argv[MAX_ARGS];
    char target[32];
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    const char *const prefix[] = {"s_client", "-connect", target};
    memset(p, 0, sizeof *p);
    p->to_child = p->from_child = -1;
    if (port <= 0 || port > 65535) {
        set_error(p, "gt_peer_start_client: bad port %d", port);
        return -1;
    }
    if (build_argv(p, argv, prefix, 3, args) != 0 || gt_peer_spawn(p, limit_seconds, argv) != 0)
        return -1;
    p->port = port;
    return 0;
}

ssize_t gt_peer_write(gt_peer *p, const void *buf, size_t n)
{
    const char *b = buf;
    size_t done = 0;
    if (p->to_child < 0)
        return -1;
    while (done < n) {
        /* MSG_NOSIGNAL: a child that has gone gives EPIPE, not a SIGPIPE
         * that would kill the whole test binary. */
        ssize_t w = send(p->to_child, b + done, n - done, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            set_error(p, "write to child: %s", strerror(errno));
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

void gt_peer_close_input(gt_peer *p)
{
    if (p->to_child >= 0)
        shutdown(p->to_child, SHUT_WR);
}
