/* exercises/grader: the check runner and the two live checks, the whole
 * handshake in memory (glasstls client and server in one process, both with
 * the student's function) and one handshake of the glasstls client with
 * `openssl s_server` on 127.0.0.1. The second matters: a function that is
 * wrong the same way on both sides (a PRF, a nonce) still lets glasstls talk
 * to itself; only an independent implementation tells. */
#include "exercises/grader/grader.h"

#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "handshake/conn.h"
#include "handshake/pair.h"
#include "record/transport.h"
#include "test/helpers/demo_pair.h"
#include "test/helpers/openssl_peer.h"

#define CHECK_LIMIT   20         /* seconds a check may run */
#define OPENSSL_LIMIT 15         /* seconds openssl s_server may live */
#define DEMO_NOW      1767225600 /* 2026-01-01, inside the demo certificate's validity */

void gx_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("        ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
}

static void hex_window(char *out, size_t cap, const uint8_t *p, size_t n, size_t from, size_t to)
{
    size_t used = 0;
    out[0] = 0;
    if (from > 0)
        used += (size_t)snprintf(out + used, cap - used, "... ");
    for (size_t i = from; i < to && i < n && used + 4 < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%02x ", p[i]);
    if (to < n && used + 4 < cap)
        snprintf(out + used, cap - used, "...");
}

bool gx_bytes(const char *what, const uint8_t *expected, const uint8_t *got, size_t n)
{
    size_t i = 0;
    while (i < n && expected[i] == got[i])
        i++;
    if (i == n)
        return true;
    size_t from = i > 4 ? i - 4 : 0, to = from + 12;
    char e[80], g[80];
    hex_window(e, sizeof e, expected, n, from, to);
    hex_window(g, sizeof g, got, n, from, to);
    gx_say("%s: first difference at byte %zu of %zu", what, i, n);
    gx_say("  expected: %s", e);
    gx_say("  got:      %s", g);
    return false;
}

bool gx_int(const char *what, long long expected, long long got)
{
    if (expected == got)
        return true;
    gx_say("%s: expected %lld, got %lld", what, expected, got);
    return false;
}

bool gx_err_is(const char *what, gt_err expected, gt_err got)
{
    if (expected == got)
        return true;
    gx_say("%s: expected %s, got %s", what, gt_err_name(expected), gt_err_name(got));
    return false;
}

size_t gx_unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        if (isspace((unsigned char)*hex))
            continue;
        int v = isdigit((unsigned char)*hex) ? *hex - '0' : tolower((unsigned char)*hex) - 'a' + 10;
        if (hi < 0) {
            hi = v;
        } else if (n < cap) {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

/* ---- the runner ---- */

/* Runs one check in a child; its output comes back through a pipe. */
static bool run_one(const gx_check *c)
{
    int fds[2];
    fflush(stdout);
    if (pipe(fds) != 0)
        return false;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        setvbuf(stdout, NULL, _IONBF, 0);
        alarm(CHECK_LIMIT);
        _exit(c->run() ? 0 : 1);
    }
    close(fds[1]);
    char out[8192], spill[4096];
    size_t len = 0;
    ssize_t got;
    bool cut = false;
    /* Read to the end even past what is kept: closing the pipe early would
     * kill a talkative child (a student's debugging printf) with SIGPIPE,
     * and the report would call that a crash. */
    for (;;) {
        size_t room = sizeof out - 1 - len;
        got = read(fds[0], room ? out + len : spill, room ? room : sizeof spill);
        if (got <= 0)
            break;
        if (room)
            len += (size_t)got;
        else
            cut = true;
    }
    out[len] = 0;
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("  %s  %s\n", ok ? "PASS" : "FAIL", c->name);
    if (!ok) {
        fputs(out, stdout);
        if (cut)
            printf("\n        (the rest of this check's output is left out)\n");
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
            printf("        stopped after %d s: does a loop in your function never end?\n",
                   CHECK_LIMIT);
        else if (WIFSIGNALED(status))
            printf("        your function crashed (%s): look for a pointer or an index "
                   "outside its buffer\n",
                   strsignal(WTERMSIG(status)));
        else if (strstr(out, "Sanitizer") || strstr(out, "runtime error:"))
            printf("        your function crashed or broke a memory rule (the sanitizer's "
                   "report is above): look for a pointer or an index outside its buffer\n");
        if (c->hint)
            printf("        hint: %s\n", c->hint);
    }
    fflush(stdout);
    return ok;
}

int main(void)
{
    if (gt_crypto_init() != GT_OK) {
        fprintf(stderr, "grader: the crypto library did not start\n");
        return 2;
    }
    static const gx_check live[] = {
        {"the whole handshake in memory (client and server both use your code), then data both "
         "ways",
         gx_memory_handshake,
         "the step's own checks above come first: fix the first FAIL and this one follows"},
        {"a handshake with openssl s_server (an independent TLS implementation), then data both "
         "ways",
         gx_openssl_handshake,
         "glasstls talking to itself can hide a mistake made the same way on both sides; "
         "OpenSSL cannot be fooled that way. Fix the first FAIL above, then compare with the RFC "
         "once more"},
    };
    printf("checks of %s\n", gx_exercise_title);
    size_t failed = 0, total = gx_exercise_check_count + 2;
    for (size_t i = 0; i < gx_exercise_check_count; i++)
        failed += !run_one(&gx_exercise_checks[i]);
    for (size_t i = 0; i < 2; i++)
        failed += !run_one(&live[i]);
    printf("  %zu of %zu checks passed\n", total - failed, total);
    return failed ? 1 : 0;
}

/* ---- the live checks ---- */

static bool exchange(gt_conn *from, gt_conn *to, const char *who, const char *text)
{
    uint8_t buf[128];
    size_t got = 0;
    if (gt_write(from, (const uint8_t *)text, strlen(text)) != GT_OK ||
        gt_read(to, buf, sizeof buf, &got) != GT_OK || got != strlen(text) ||
        memcmp(buf, text, got) != 0) {
        gx_say("the handshake finished, but a message from the %s did not arrive intact", who);
        return false;
    }
    return true;
}

bool gx_memory_handshake(void)
{
    gt_demo_pair p;
    memset(&p, 0, sizeof p);
    const char *chain[] = {"test/pki/sensor-hub.pem", NULL};
    if (gt_demo_pair_load(&p, chain, "test/pki/sensor-hub.key", DEMO_NOW) != 0 ||
        gt_demo_pair_start(&p) != 0) {
        gx_say("could not set up the demo client and server (run from the repository's top)");
        gt_demo_pair_free(&p);
        return false;
    }
    bool ok = gt_pair_run(p.client, p.server) == GT_OK;
    if (!ok) {
        const gt_error *ce = gt_conn_error(p.client), *se = gt_conn_error(p.server);
        if (ce->code != GT_OK)
            gx_say("client stopped: %s", ce->why);
        if (se->code != GT_OK)
            gx_say("server stopped: %s", se->why);
    } else {
        ok = exchange(p.client, p.server, "client", "ping from the client") &&
             exchange(p.server, p.client, "server", "pong from the server");
    }
    gt_demo_pair_free(&p);
    return ok;
}

bool gx_openssl_handshake(void)
{
    static gt_peer peer; /* large; and the child dies with this check (PDEATHSIG) */
    const char *args[] = {"-tls1_2",
                          "-cipher",
                          "AES128-GCM-SHA256",
                          "-cert",
                          "test/pki/sensor-hub.pem",
                          "-key",
                          "test/pki/sensor-hub.key",
                          NULL};
    if (gt_peer_start_server(&peer, OPENSSL_LIMIT, args) != 0) {
        gx_say("could not start openssl s_server: %s", peer.error);
        return false;
    }
    gt_error e = {0};
    gt_trust trust;
    gt_trust_init(&trust);
    bool ok = false;
    int fd = -1;
    gt_conn *c = NULL;
    if (gt_trust_load(&trust, "test/pki/root.pem", &e) != GT_OK) {
        gx_say("could not load test/pki/root.pem: %s", e.why);
        goto out;
    }
    gt_config cfg = {.server_name = "sensor-hub.local", .trust = &trust};
    char port[16];
    snprintf(port, sizeof port, "%d", peer.port);
    fd = gt_tcp_connect("127.0.0.1", port, 10, &e);
    if (fd < 0) {
        gx_say("could not connect to openssl s_server: %s", e.why);
        goto out;
    }
    c = gt_conn_new(GT_CLIENT, &cfg, gt_socket_transport(&fd));
    if (!c)
        goto out;
    if (gt_handshake(c) != GT_OK) {
        gx_say("glasstls client stopped: %s", gt_conn_error(c)->why);
        gt_peer_wait_exit(&peer, 500);
        const char *said = gt_peer_output(&peer);
        const char *err = strstr(said, "error:");
        if (err)
            gx_say("openssl s_server said: %.*s", (int)strcspn(err, "\n"), err);
        goto out;
    }
    static const char to_openssl[] = "hello from your glasstls\n";
    static const char from_openssl[] = "hello from openssl\n";
    if (gt_write(c, (const uint8_t *)to_openssl, strlen(to_openssl)) != GT_OK ||
        !gt_peer_wait_for(&peer, "hello from your glasstls", 5000)) {
        gx_say("handshake done, but openssl did not receive our message intact");
        goto out;
    }
    gt_peer_write(&peer, from_openssl, strlen(from_openssl));
    char buf[64] = {0};
    size_t have = 0, got;
    while (have < strlen(from_openssl) &&
           gt_read(c, (uint8_t *)buf + have, sizeof buf - 1 - have, &got) == GT_OK)
        have += got;
    ok = strcmp(buf, from_openssl) == 0;
    if (!ok)
        gx_say("handshake done, but openssl's message did not arrive intact");
out:
    gt_conn_free(c);
    if (fd >= 0)
        gt_tcp_close(fd);
    gt_trust_free(&trust);
    gt_peer_stop(&peer);
    return ok;
}
