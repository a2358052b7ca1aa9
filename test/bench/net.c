/* test/bench/net: glasstls beside OpenSSL over loopback, one process each.
 * Server side: `openssl s_time -new` (a full handshake per connection,
 * RFC 5246 7.3) against `glasstls server` and against `openssl s_server`,
 * same certificate, same suite, runs alternating so that a busy moment of
 * the machine hurts both. Client side: a glasstls client loop and
 * `openssl s_time -new` against the same s_server. Memory: valgrind massif
 * on one `glasstls client` and one `openssl s_client` connection.
 * Every child listens on 127.0.0.1 only, has a hard time limit and is
 * stopped before this returns (test/helpers/openssl_peer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/common.h"
#include "record/transport.h"
#include "test/bench/bench.h"
#include "test/helpers/openssl_peer.h"

#define SUITE "AES128-GCM-SHA256"

static const char *openssl_bin(void)
{
    const char *b = getenv("GT_OPENSSL");
    return b && b[0] ? b : "openssl";
}

/* Servers print a line or more per connection; reading it keeps their
 * output pipe from filling up and stalling them. */
static void drain(gt_peer *p)
{
    if (p && p->live)
        gt_peer_wait_for(p, "\001never\001", 1);
}

static int start_glasstls_server(const bench_opts *o, gt_math m, int limit, gt_peer *p, char *why)
{
    const char *argv[] = {o->glasstls, "server",        "--host",    "127.0.0.1", "--port", "0",
                          "--math",    gt_math_name(m), "--timeout", "5",         NULL};
    memset(p, 0, sizeof *p);
    if (gt_peer_spawn(p, limit, argv) || !gt_peer_wait_for(p, "listening on 127.0.0.1:", 10000)) {
        snprintf(why, 256, "glasstls server did not start: %.200s", p->error);
        gt_peer_stop(p);
        return -1;
    }
    size_t at = p->cursor;
    if (!gt_peer_wait_for(p, "\n", 5000) || (p->port = atoi(p->out + at)) <= 0) {
        snprintf(why, 256, "glasstls server gave no port");
        gt_peer_stop(p);
        return -1;
    }
    return 0;
}

static int start_s_server(int limit, gt_peer *p, char *why)
{
    const char *args[] = {"-tls1_2",
                          "-cipher",
                          SUITE,
                          "-cert",
                          gt_pki_path("sensor-hub.pem"),
                          "-key",
                          gt_pki_path("sensor-hub.key"),
                          NULL};
    if (gt_peer_start_server(p, limit, args)) {
        snprintf(why, 256, "openssl s_server did not start: %.200s", p->error);
        return -1;
    }
    return 0;
}

/* `openssl s_time -new` for o->seconds against port: handshakes per second
 * of wall-clock time (the child's whole life, the same for every server). */
static double s_time_rate(const bench_opts *o, int port, gt_peer *server, char *why)
{
    char target[32], secs[16];
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    snprintf(secs, sizeof secs, "%d", o->seconds);
    const char *argv[] = {openssl_bin(), "s_time", "-connect", target, "-new", "-tls1_2",
                          "-cipher",     SUITE,    "-time",    secs,   NULL};
    gt_peer st = {0};
    double t0 = bench_now_us(), rate = -1;
    if (gt_peer_spawn(&st, o->seconds + 30, argv)) {
        snprintf(why, 256, "cannot run openssl s_time: %.200s", st.error);
        return -1;
    }
    while (!gt_peer_wait_exit(&st, 10)) {
        drain(server);
        if (bench_now_us() - t0 > (o->seconds + 25) * 1e6)
            break;
    }
    double t1 = bench_now_us();
    gt_peer_stop(&st); /* reaps it and reads the rest of its output */
    /* "N connections in T real seconds, ..." */
    const char *out = gt_peer_output(&st), *real = strstr(out, " real seconds");
    if (real) {
        const char *line = real;
        while (line > out && line[-1] != '\n')
            line--;
        long n = strtol(line, NULL, 10);
        if (n > 0)
            rate = (double)n / ((t1 - t0) / 1e6);
    }
    if (rate < 0)
        snprintf(why, 256, "openssl s_time made no connection to port %d: %.200s", port,
                 out + (strlen(out) > 200 ? strlen(out) - 200 : 0));
    return rate;
}

/* The glasstls client in a loop against port for o->seconds: connect,
 * full handshake (chain verified every time), close_notify, close. */
static double client_loop_rate(const bench_opts *o, gt_math m, int port, gt_peer *server, char *why)
{
    gt_material trust = {0};
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    if (gt_crypto_use_math(m) || gt_load_trust(&trust, gt_pki_path("root.pem"))) {
        snprintf(why, 256, "cannot load the demo root");
        gt_material_free(&trust);
        return -1;
    }
    gt_config cfg = {.server_name = "sensor-hub.local", .trust = &trust.trust};
    long n = 0;
    double t0 = bench_now_us(), t1 = t0;
    while (t1 - t0 < o->seconds * 1e6) {
        gt_error e = {0};
        int fd = gt_tcp_connect("127.0.0.1", portstr, 5, &e);
        if (fd < 0) {
            snprintf(why, 256, "glasstls client: %s", e.why);
            n = -1;
            break;
        }
        gt_conn *c = gt_conn_new(GT_CLIENT, &cfg, gt_socket_transport(&fd));
        gt_err rc = c ? gt_handshake(c) : GT_ERR_INTERNAL;
        if (rc == GT_OK)
            gt_close(c);
        else
            snprintf(why, 256, "glasstls client handshake failed: %s",
                     c ? gt_conn_error(c)->why : "out of memory");
        gt_conn_free(c);
        gt_tcp_close(fd);
        if (rc != GT_OK) {
            n = -1;
            break;
        }
        n++;
        t1 = bench_now_us();
        /* a drain may wait a millisecond: not after every handshake */
        if (n % 32 == 0)
            drain(server);
    }
    gt_material_free(&trust);
    gt_crypto_use_math(GT_MATH_LTM);
    return n > 0 ? (double)n / ((t1 - t0) / 1e6) : -1;
}

/* Peak of the heap in use (mem_heap_B) over a massif run. */
static long massif_peak(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    long peak = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "mem_heap_B=", 11) && atol(line + 11) > peak)
            peak = atol(line + 11);
    if (f)
        fclose(f);
    return peak;
}

/* One client connection under massif: argv after the valgrind options.
 * stdin is closed at once; both clients finish their handshake, then close. */
static long massif_client(const char *const *cmd, char *why)
{
    char path[] = "/tmp/gt-bench-massif-XXXXXX", opt[64];
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    snprintf(opt, sizeof opt, "--massif-out-file=%s", path);
    const char *argv[32] = {"valgrind", "--tool=massif", "--quiet", opt};
    size_t n = 4;
    for (size_t i = 0; cmd[i] && n < 31; i++)
        argv[n++] = cmd[i];
    argv[n] = NULL;
    gt_peer p = {0};
    long peak = -1;
    if (gt_peer_spawn(&p, 60, argv) == 0) {
        gt_peer_close_input(&p);
        if (gt_peer_wait_exit(&p, 60000))
            peak = massif_peak(path);
    }
    if (peak < 0)
        snprintf(why, 256, "massif run of %s failed: %.200s", cmd[0], gt_peer_output(&p));
    gt_peer_stop(&p);
    unlink(path);
    return peak;
}

int net_run(const bench_opts *o, net_result *r)
{
    gt_peer srv[2], ossl = {0};
    memset(srv, 0, sizeof srv);
    memset(r, 0, sizeof *r);
    r->runs = o->runs;
    r->massif_glasstls[0] = r->massif_glasstls[1] = r->massif_openssl = -1;
    /* every run of every server, with margin */
    int limit = o->runs * 6 * (o->seconds + 3) + 120;
    int rc = -1;
    if (start_s_server(limit, &ossl, r->why))
        goto out;
    for (int m = 0; m < 2; m++)
        if (o->math[m] && start_glasstls_server(o, (gt_math)m, limit, &srv[m], r->why))
            goto out;

    for (int run = 0; run < o->runs; run++) {
        /* servers: glasstls (each backend), then s_server; clients likewise */
        for (int m = 0; m < 2; m++)
            if (o->math[m] &&
                (r->server_glasstls[m][run] = s_time_rate(o, srv[m].port, &srv[m], r->why)) < 0)
                goto out;
        if ((r->server_openssl[run] = s_time_rate(o, ossl.port, &ossl, r->why)) < 0)
            goto out;
        for (int m = 0; m < 2; m++)
            if (o->math[m] && (r->client_glasstls[m][run] =
                                   client_loop_rate(o, (gt_math)m, ossl.port, &ossl, r->why)) < 0)
                goto out;
        if ((r->client_openssl[run] = s_time_rate(o, ossl.port, &ossl, r->why)) < 0)
            goto out;
    }

    if (!o->no_valgrind) {
        char target[32], portstr[16];
        snprintf(target, sizeof target, "127.0.0.1:%d", ossl.port);
        snprintf(portstr, sizeof portstr, "%d", ossl.port);
        for (int m = 0; m < 2; m++) {
            if (!o->math[m])
                continue;
            const char *cmd[] = {o->glasstls,
                                 "client",
                                 "--connect",
                                 target,
                                 "--servername",
                                 "sensor-hub.local",
                                 "--math",
                                 gt_math_name((gt_math)m),
                                 "--timeout",
                                 "5",
                                 NULL};
            if ((r->massif_glasstls[m] = massif_client(cmd, r->why)) < 0)
                goto out;
            drain(&ossl);
        }
        const char *cmd[] = {openssl_bin(),
                             "s_client",
                             "-connect",
                             target,
                             "-tls1_2",
                             "-cipher",
                             SUITE,
                             "-servername",
                             "sensor-hub.local",
                             "-CAfile",
                             gt_pki_path("root.pem"),
                             NULL};
        if ((r->massif_openssl = massif_client(cmd, r->why)) < 0)
            goto out;
    }
    rc = 0;
    r->ok = true;
out:
    gt_peer_stop(&ossl);
    for (int m = 0; m < 2; m++)
        gt_peer_stop(&srv[m]);
    return rc;
}
