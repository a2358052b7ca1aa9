/* demo/cmd_demo: `glasstls demo`. Client and server run in this one process,
 * joined by an in-memory pipe, and the lesson's five steps are told as they
 * really happen: the Process Table and Status Tracker filled with this run's
 * values, then one message each way, plaintext beside ciphertext. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "demo/common.h"
#include "demo/render.h"
#include "demo/trace.h" /* traces: --explain, --json, --keylog, --pcap */
#include "handshake/pair.h"

/* What can go wrong, on purpose. Each scenario is a server identity and the
 * name the client expects; the client always trusts the demo root. */
typedef struct scenario {
    const char *name;
    const char *cert, *key;
    const char *about;
} scenario;

static const scenario scenarios[] = {
    {"good", "sensor-hub.pem", "sensor-hub.key",
     "the server shows a valid certificate for sensor-hub.local: the handshake completes"},
    {"expired-cert", "expired.pem", "expired.key",
     "the server's certificate expired in 2021: the client stops at step 3"},
    {"wrong-host", "wrong-host.pem", "wrong-host.key",
     "the certificate is valid, but for other-host.local: the client stops at step 3"},
    {"untrusted-ca", "mitm.pem", "mitm.key",
     "the certificate for sensor-hub.local was issued by a root the client does not trust"},
};
#define N_SCENARIOS (sizeof scenarios / sizeof scenarios[0])

#define SERVER_NAME "sensor-hub.local"
#define SEEDED_TIME 1767225600 /* 2026-01-01 00:00:00 UTC: the clock of a --seed run */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: glasstls demo [--no-pause] [--seed N] [--time UNIX_SECONDS] [--verbose]\n"
            "                     [--scenario NAME] [--list-scenarios]\n"
            "Runs the lesson's TLS 1.2 handshake between a client and a server in this\n"
            "process and shows each step with its real bytes.\n"
            "  --no-pause        do not wait for Enter between steps (also when not a terminal)\n"
            "  --seed N          repeatable run: seeded random numbers (NOT SECURE) and the\n"
            "                    clock fixed at 2026-01-01 unless --time is given\n"
            "  --time T          validate certificates at unix time T\n"
            "  --verbose         also show records, secrets and every received message\n"
            "  --scenario NAME   good (default), expired-cert, wrong-host, untrusted-ca\n");
    fputs(gt_trace_usage(true), f); /* traces */
    fprintf(f, "example: glasstls demo --no-pause --scenario expired-cert\n");
}

static const scenario *find_scenario(const char *name)
{
    for (size_t i = 0; i < N_SCENARIOS; i++)
        if (!strcmp(scenarios[i].name, name))
            return &scenarios[i];
    return NULL;
}

/* One message each way over the secure channel. */
static int exchange_data(gt_conn *client, gt_conn *server, gt_render *r)
{
    static const char ask[] = "GET /temperature";
    static const char answer[] = "temperature=21.5C humidity=40%";
    uint8_t buf[256];
    size_t got;
    fprintf(r->out, "\n  Application data over the secure channel:\n");
    if (gt_write(client, (const uint8_t *)ask, strlen(ask)) != GT_OK ||
        gt_read(server, buf, sizeof buf, &got) != GT_OK)
        return -1;
    fprintf(r->out, "  server reads: \"%.*s\"\n", (int)got, buf);
    if (gt_write(server, (const uint8_t *)answer, strlen(answer)) != GT_OK ||
        gt_read(client, buf, sizeof buf, &got) != GT_OK)
        return -1;
    fprintf(r->out, "  client reads: \"%.*s\"\n", (int)got, buf);
    return 0;
}

static void print_header(gt_render *r, const scenario *sc, bool seeded, uint64_t seed)
{
    gt_render_heading(r, "glasstls demo: the lesson's TLS handshake, for real");
    fprintf(r->out,
            "TLS 1.2, cipher suite TLS_RSA_WITH_AES_128_GCM_SHA256 (RSA key transport, as in "
            "the lesson).\nClient and server run in this process, joined by an in-memory pipe. "
            "Scenario: %s:\n%s.\n",
            sc->name, sc->about);
    if (seeded)
        fprintf(r->out,
                "NOT SECURE: random numbers come from seed %llu, so this run repeats byte for "
                "byte.\n",
                (unsigned long long)seed);
}

int cmd_demo(int argc, char **argv)
{
    bool pause = true, seeded = false, verbose = false;
    uint64_t seed = 0, when = 0;
    const scenario *sc = &scenarios[0];
    gt_trace tr; /* traces */
    gt_trace_init(&tr, stdout, true);
    for (int i = 1, k; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-pause")) {
            pause = false;
        } else if (!strcmp(a, "--verbose")) {
            verbose = true;
        } else if (!strcmp(a, "--seed") && gt_parse_u64(v, &seed)) {
            seeded = true, i++;
        } else if (!strcmp(a, "--time") && gt_parse_u64(v, &when)) {
            i++;
        } else if (!strcmp(a, "--scenario") && v) {
            if (!(sc = find_scenario(v))) {
                fprintf(stderr, "glasstls demo: unknown scenario '%s' (see --list-scenarios)\n", v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--list-scenarios")) {
            for (size_t k = 0; k < N_SCENARIOS; k++)
                printf("%-14s %s\n", scenarios[k].name, scenarios[k].about);
            return 0;
        } else if ((k = gt_trace_parse_arg(&tr, argc, argv, &i, "demo")) != 0) { /* traces */
            if (k < 0)
                return 2;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "glasstls demo: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        pause = false;
    if (seeded && !when)
        when = SEEDED_TIME;

    gt_material srv = {0}, cli = {0};
    if (gt_load_server_identity(&srv, gt_pki_path(sc->cert), gt_pki_path(sc->key)) ||
        gt_load_trust(&cli, gt_pki_path("root.pem"))) {
        gt_material_free(&srv);
        gt_material_free(&cli);
        return 2;
    }
    gt_rng client_rng, server_rng;
    gt_rng_init_seeded(&client_rng, seed);
    gt_rng_init_seeded(&server_rng, seed + 1);

    gt_render r;
    gt_render_init(&r, stdout, true);
    r.pause = pause;
    r.verbose = verbose;
    gt_config ccfg = {.server_name = SERVER_NAME, .trust = &cli.trust, .now = (int64_t)when};
    gt_config scfg = {
        .chain = srv.chain, .chain_len = srv.chain_len, .key = &srv.key, .now = (int64_t)when};
    gt_trace_observe(&tr, &ccfg, gt_render_event, &r); /* traces: the view, then the writers */
    scfg.observer = ccfg.observer;
    scfg.observer_ctx = ccfg.observer_ctx;
    if (seeded) {
        ccfg.rng = &client_rng;
        scfg.rng = &server_rng;
    }
    if (gt_trace_open(&tr, "demo", (int64_t)when) != 0) { /* traces */
        gt_material_free(&srv);
        gt_material_free(&cli);
        return 2;
    }
    gt_pipe *pipe = gt_pipe_new();
    gt_conn *client =
        gt_conn_new(GT_CLIENT, &ccfg, gt_trace_transport(&tr, GT_CLIENT, gt_pipe_client(pipe)));
    gt_conn *server =
        gt_conn_new(GT_SERVER, &scfg, gt_trace_transport(&tr, GT_SERVER, gt_pipe_server(pipe)));
    int status = 2;
    if (pipe && client && server) {
        print_header(&r, sc, seeded, seed);
        gt_err rc = gt_pair_run(client, server);
        if (rc == GT_OK && exchange_data(client, server, &r) != 0)
            rc = GT_ERR_INTERNAL;
        gt_render_finish(&r);
        if (rc == GT_OK) {
            fprintf(r.out, "\nSecureChannel = Yes: the handshake completed and data went both "
                           "ways encrypted.\n");
            status = 0;
        } else {
            fprintf(r.out, "\nThe handshake stopped at step %d: %s\n", r.failed_step,
                    r.failure[0] ? r.failure : gt_err_sentence(rc));
            status = 1;
        }
    }
    if (gt_trace_commit(&tr, "demo", false) != 0) /* traces */
        status = 2;
    gt_conn_free(client);
    gt_conn_free(server);
    gt_pipe_free(pipe);
    gt_material_free(&srv);
    gt_material_free(&cli);
    return status;
}
