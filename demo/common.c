/* demo/common: loading the demo PKI and user-supplied certificates. */
#include "demo/common.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/rsa.h"
#include "x509/pem.h"

const char *gt_pki_path(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", GT_PKI_DIR, name);
    return buf[k];
}

int gt_load_server_identity(gt_material *m, const char *cert_file, const char *key_file)
{
    gt_error e = {0};
    if (gt_pem_load_certs(cert_file, m->chain, GT_MAX_CHAIN, &m->chain_len, &e) != GT_OK) {
        fprintf(stderr, "glasstls: cannot load certificate %s: %s\n", cert_file, e.why);
        return -1;
    }
    if (gt_pem_load_rsa_key(key_file, &m->key, &e) != GT_OK) {
        fprintf(stderr, "glasstls: cannot load private key %s: %s\n", key_file, e.why);
        return -1;
    }
    m->has_key = true;
    return 0;
}

int gt_load_trust(gt_material *m, const char *ca)
{
    gt_error e = {0};
    gt_trust_init(&m->trust);
    m->has_trust = true;
    if (gt_trust_load(&m->trust, ca, &e) != GT_OK) {
        fprintf(stderr, "glasstls: cannot load trusted roots from %s: %s\n", ca, e.why);
        return -1;
    }
    return 0;
}

void gt_material_free(gt_material *m)
{
    for (size_t i = 0; i < m->chain_len; i++)
        gt_cert_free(&m->chain[i]);
    m->chain_len = 0;
    if (m->has_key)
        gt_rsa_free(&m->key);
    if (m->has_trust)
        gt_trust_free(&m->trust);
    m->has_key = m->has_trust = false;
}

bool gt_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* ---- terminal manners ---- */

static volatile sig_atomic_t color_on;

void gt_set_color_reset(bool on) { color_on = on; }

/* Only async-signal-safe calls here: write and _exit. */
static void on_interrupt(int sig)
{
    (void)sig;
    static const char reset[] = "\033[0m\n";
    if (color_on && write(STDOUT_FILENO, reset, sizeof reset - 1) < 0)
        _exit(130);
    _exit(130); /* 128 + SIGINT, as a shell reports it */
}

static void on_closed_pipe(int sig)
{
    (void)sig;
    _exit(0);
}

void gt_terminal_manners(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    /* Sockets send with MSG_NOSIGNAL (record/socket.c), so SIGPIPE can only
     * come from stdout or stderr. */
    sa.sa_handler = on_closed_pipe;
    sigaction(SIGPIPE, &sa, NULL);
}
