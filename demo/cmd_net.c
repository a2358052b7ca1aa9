/* demo/cmd_net: `glasstls client` and `glasstls server` over real TCP.
 * The client sends what it reads on stdin and prints what it receives; the
 * server echoes. With --trace both tell their side of the handshake with the
 * lesson's tables (on stderr, so stdout stays the data). */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "demo/common.h"
#include "demo/render.h"
#include "demo/trace.h" /* traces: --json, --keylog, --pcap, --explain */
#include "demo/views.h"
#include "record/transport.h"

typedef struct net_opts {
    const char *connect, *ca, *servername, *host, *port, *cert, *key;
    const char *math; /* --math ltm|gmp: the big-number library behind RSA */
    bool trace, no_ems, once, verbose;
    bool step;        /* client: the lesson's views, step by step */
    const char *view; /* client: which view (demo/views.h) */
    uint64_t timeout, when;
    gt_trace traces; /* traces */
} net_opts;

static void client_usage(FILE *f);

static int parse_opts(int argc, char **argv, net_opts *o, const char *cmd, void (*usage)(FILE *))
{
    gt_trace_init(&o->traces, stderr, false); /* traces */
    for (int i = 1, k; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--connect")      ? &o->connect
                            : !strcmp(a, "--ca")         ? &o->ca
                            : !strcmp(a, "--servername") ? &o->servername
                            : !strcmp(a, "--host")       ? &o->host
                            : !strcmp(a, "--port")       ? &o->port
                            : !strcmp(a, "--cert")       ? &o->cert
                            : !strcmp(a, "--key")        ? &o->key
                            : !strcmp(a, "--math")       ? &o->math
                                                         : NULL;
        if (slot && v) {
            *slot = v;
            i++;
        } else if (!strcmp(a, "--step") && usage == client_usage) {
            o->step = true;
        } else if (!strcmp(a, "--view") && v && usage == client_usage) {
            o->view = v, i++;
        } else if (!strcmp(a, "--trace")) {
            o->trace = true;
        } else if (!strcmp(a, "--verbose")) {
            o->trace = o->verbose = true;
        } else if (!strcmp(a, "--no-ems")) {
            o->no_ems = true;
        } else if (!strcmp(a, "--once")) {
            o->once = true;
        } else if (!strcmp(a, "--timeout") && gt_parse_u64(v, &o->timeout)) {
            i++;
        } else if (!strcmp(a, "--time") && gt_parse_u64(v, &o->when)) {
            i++;
        } else if ((k = gt_trace_parse_arg(&o->traces, argc, argv, &i, cmd)) != 0) { /* traces */
            if (k < 0)
                return 2;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        } else {
            fprintf(stderr, "glasstls %s: unknown or incomplete option '%s'\n", cmd, a);
            usage(stderr);
            return 2;
        }
    }
    /* before any key is loaded: keys belong to the backend they were made under */
    gt_math math = GT_MATH_LTM;
    if (o->math && (!gt_math_parse(o->math, &math) || gt_crypto_use_math(math) != GT_OK)) {
        fprintf(stderr, "glasstls %s: --math takes ltm or gmp, not '%s'\n", cmd, o->math);
        return 2;
    }
    return 0;
}

/* ---- client ---- */

static void client_usage(FILE *f)
{
    fprintf(f, "usage: glasstls client --connect HOST:PORT [--ca FILE] [--servername NAME]\n"
               "                       [--trace] [--step] [--view VIEW] [--verbose] [--no-ems]\n"
               "                       [--timeout S] [--time T] [--math ltm|gmp]\n"
               "Connects with TLS 1.2, sends stdin, prints what the server sends.\n"
               "  --ca FILE          trusted roots, PEM (default: the demo PKI's root)\n"
               "  --servername NAME  name sent as SNI and checked in the certificate\n"
               "                     (default: the HOST of --connect)\n"
               "  --trace            tell the handshake with the lesson's tables, on stderr\n"
               "  --step             the same, pausing after each step (on a terminal)\n"
               "  --view VIEW        flow|table|tracker|transcript|snapshot|all (as in demo),\n"
               "                     on stderr\n"
               "  --verbose          --trace, and also records, secrets and every message\n"
               "  --no-ems           do not offer extended master secret (RFC 7627)\n"
               "  --timeout S        seconds to wait for the server (default 10)\n"
               "  --time T           validate the certificate at unix time T (default: now)\n"
               "  --math ltm|gmp     big numbers for RSA: libtommath (default) or GMP\n"
               "                     (faster, not constant-time; see docs/performance.md)\n");
    fputs(gt_trace_usage(true), f); /* traces */
    fprintf(f, "example: glasstls client --connect 127.0.0.1:4433 --servername sensor-hub.local\n");
}

/* "host:port" or "[v6]:port" into host and port. */
static int split_host_port(const char *s, char *host, size_t cap, const char **port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || !colon[1])
        return -1;
    size_t n = (size_t)(colon - s);
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
        s++, n -= 2;
    if (n == 0 || n >= cap)
        return -1;
    memcpy(host, s, n);
    host[n] = 0;
    *port = colon + 1;
    return 0;
}

/* Copies stdin to the connection and the connection to stdout, until both
 * are done. */
static int client_relay(gt_conn *c, int fd, int timeout_s)
{
    bool stdin_open = true;
    uint8_t buf[4096];
    for (;;) {
        struct pollfd p[2] = {{fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
        int n = gt_pending(c) ? 1 : poll(p, stdin_open ? 2 : 1, stdin_open ? -1 : timeout_s * 1000);
        if (n == 0)
            return 0; /* we said close_notify; the peer went quiet */
        if (gt_pending(c) || (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            size_t got;
            gt_err rc = gt_read(c, buf, sizeof buf, &got);
            if (rc == GT_ERR_CLOSED)
                return 0;
            if (rc != GT_OK) {
                fprintf(stderr, "glasstls client: %s\n", gt_conn_error(c)->why);
                return 1;
            }
            fwrite(buf, 1, got, stdout);
            fflush(stdout);
        }
        if (stdin_open && (p[1].revents & (POLLIN | POLLHUP))) {
            ssize_t k = read(STDIN_FILENO, buf, sizeof buf);
            if (k <= 0) {
                stdin_open = false;
                gt_close(c);
            } else if (gt_write(c, buf, (size_t)k) != GT_OK) {
                fprintf(stderr, "glasstls client: %s\n", gt_conn_error(c)->why);
                return 1;
            }
        }
    }
}

int cmd_client(int argc, char **argv)
{
    net_opts o = {.ca = gt_pki_path("root.pem"), .timeout = 10};
    int rc = parse_opts(argc, argv, &o, "client", client_usage);
    char host[256];
    const char *port;
    if (rc)
        return rc == 1 ? 0 : rc;
    if (!o.connect || split_host_port(o.connect, host, sizeof host, &port)) {
        fprintf(stderr, "glasstls client: --connect HOST:PORT is required\n");
        client_usage(stderr);
        return 2;
    }
    gt_material m = {0};
    if (gt_load_trust(&m, o.ca)) {
        gt_material_free(&m);
        return 2;
    }
    gt_view view = GT_VIEW_ALL;
    if (o.view && !gt_view_parse(o.view, &view)) {
        fprintf(stderr, "glasstls client: unknown view '%s' (one of %s)\n", o.view, gt_view_names);
        gt_material_free(&m);
        return 2;
    }
    /* The same views as the demo, of this side's events, on stderr. */
    gt_watch w;
    gt_watch_init(&w, stderr, view, false);
    w.render.verbose = o.verbose;
    bool pause = o.step && isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    w.render.pause = pause && view == GT_VIEW_ALL;
    w.step_pause = pause && view != GT_VIEW_ALL;
    if (o.step || o.view)
        o.trace = true;
    gt_config cfg = {.server_name = o.servername ? o.servername : host,
                     .trust = &m.trust,
                     .no_ems = o.no_ems,
                     .now = (int64_t)o.when};
    gt_trace_observe(&o.traces, &cfg, o.trace ? gt_watch_event : NULL, &w); /* traces */
    if (gt_trace_open(&o.traces, "client", 0) != 0) {                       /* traces */
        gt_material_free(&m);
        return 2;
    }
    gt_error e = {0};
    int fd = gt_tcp_connect(host, port, (int)o.timeout, &e);
    if (fd < 0) {
        fprintf(stderr, "glasstls client: %s\n", e.why);
        gt_trace_abort(&o.traces); /* traces */
        gt_material_free(&m);
        return 1;
    }
    gt_conn *c = gt_conn_new(GT_CLIENT, &cfg,
                             gt_trace_transport(&o.traces, GT_CLIENT, gt_socket_transport(&fd)));
    int status = 1;
    if (c && gt_handshake(c) == GT_OK) {
        if (o.trace)
            gt_watch_finish(&w);
        status = client_relay(c, fd, (int)o.timeout);
    } else if (c) {
        if (o.trace)
            gt_watch_finish(&w);
        fprintf(stderr, "glasstls client: handshake failed: %s\n", gt_conn_error(c)->why);
    }
    if (gt_trace_commit(&o.traces, "client", false) != 0) /* traces */
        status = 2;
    gt_conn_free(c);
    gt_tcp_close(fd);
    gt_material_free(&m);
    return status;
}

/* ---- server ---- */

static void server_usage(FILE *f)
{
    fprintf(f, "usage: glasstls server [--port P] [--host ADDR] [--cert FILE] [--key FILE]\n"
               "                       [--once] [--trace] [--verbose] [--no-ems] [--timeout S]\n"
               "                       [--math ltm|gmp]\n"
               "A TLS 1.2 echo server: what a client sends comes back to it.\n"
               "  --port P       TCP port (default 4433; 0 picks a free one)\n"
               "  --host ADDR    address to listen on (default 127.0.0.1)\n"
               "  --cert, --key  certificate chain and RSA key, PEM (default: the demo PKI's\n"
               "                 sensor-hub.local)\n"
               "  --once         serve one connection, then exit\n"
               "  --trace        tell each handshake with the lesson's tables, on stderr\n"
               "  --verbose      --trace, and also records, secrets and every message\n"
               "  --no-ems       do not agree to extended master secret (RFC 7627)\n"
               "  --timeout S    seconds to wait for a silent client (default 30)\n"
               "  --math ltm|gmp big numbers for RSA: libtommath (default) or GMP\n"
               "                 (faster, not constant-time; see docs/performance.md)\n");
    fputs(gt_trace_usage(true), f); /* traces */
    fprintf(f, "example: glasstls server --port 4433 --trace\n");
}

static bool serve_one(int fd, const gt_config *cfg, gt_render *r, bool trace, gt_trace *traces)
{
    gt_conn *c = gt_conn_new(GT_SERVER, cfg,
                             gt_trace_transport(traces, GT_SERVER, gt_socket_transport(&fd)));
    bool ok = false;
    if (c && gt_handshake(c) == GT_OK) {
        ok = true;
        if (trace)
            gt_render_finish(r);
        uint8_t buf[4096];
        size_t got;
        gt_err rc;
        while ((rc = gt_read(c, buf, sizeof buf, &got)) == GT_OK)
            if (gt_write(c, buf, got) != GT_OK)
                break;
        if (rc != GT_OK && rc != GT_ERR_CLOSED)
            fprintf(stderr, "glasstls server: %s\n", gt_conn_error(c)->why);
        gt_close(c);
    } else if (c) {
        if (trace)
            gt_render_finish(r);
        fprintf(stderr, "glasstls server: handshake failed: %s\n", gt_conn_error(c)->why);
    }
    gt_conn_free(c);
    return ok;
}

int cmd_server(int argc, char **argv)
{
    net_opts o = {.host = "127.0.0.1",
                  .port = "4433",
                  .cert = gt_pki_path("sensor-hub.pem"),
                  .key = gt_pki_path("sensor-hub.key"),
                  .timeout = 30};
    int rc = parse_opts(argc, argv, &o, "server", server_usage);
    if (rc)
        return rc == 1 ? 0 : rc;
    gt_material m = {0};
    if (gt_load_server_identity(&m, o.cert, o.key)) {
        gt_material_free(&m);
        return 2;
    }
    if (gt_trace_open(&o.traces, "server", 0) != 0) { /* traces */
        gt_material_free(&m);
        return 2;
    }
    gt_error e = {0};
    int bound = 0, lfd = gt_tcp_listen(o.host, o.port, &bound, &e);
    if (lfd < 0) {
        fprintf(stderr, "glasstls server: %s\n", e.why);
        gt_trace_abort(&o.traces); /* traces */
        gt_material_free(&m);
        return 1;
    }
    printf("glasstls server: listening on %s:%d\n", o.host, bound);
    fflush(stdout);
    int status = 0;
    for (;;) {
        gt_error ae = {0};
        int fd = gt_tcp_accept(lfd, -1, &ae);
        if (fd < 0) {
            fprintf(stderr, "glasstls server: %s\n", ae.why);
            status = 1;
            break;
        }
        gt_render r;
        gt_render_init(&r, stderr, false);
        r.verbose = o.verbose;
        gt_config cfg = {.chain = m.chain,
                         .chain_len = m.chain_len,
                         .key = &m.key,
                         .no_ems = o.no_ems,
                         .now = (int64_t)o.when};
        gt_trace_observe(&o.traces, &cfg, o.trace ? gt_render_event : NULL, &r); /* traces */
        /* wait for new clients forever, but not for a silent one */
        gt_tcp_set_timeout(fd, (int)o.timeout);
        bool ok = serve_one(fd, &cfg, &r, o.trace, &o.traces);
        gt_tcp_close(fd);
        if (gt_trace_commit(&o.traces, "server", !o.once) != 0) { /* traces: after each client */
            status = 2;
            break;
        }
        if (o.once) {
            status = ok ? 0 : 1;
            break;
        }
    }
    gt_trace_abort(&o.traces); /* traces: nothing half-written if the loop ended early */
    gt_tcp_close(lfd);
    gt_material_free(&m);
    return status;
}
