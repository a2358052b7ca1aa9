/* test/helpers/demo_pair: see demo_pair.h. */
#include "test/helpers/demo_pair.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/rsa.h"
#include "x509/pem.h"

int gt_demo_pair_load(gt_demo_pair *p, const char *const *chain_files, const char *key_file,
                      int64_t now)
{
    gt_error e = {0};
    memset(p, 0, sizeof *p);
    gt_trust_init(&p->trust);
    for (; *chain_files; chain_files++) {
        size_t n = 0;
        if (gt_pem_load_certs(*chain_files, p->chain + p->chain_len, GT_MAX_CHAIN - p->chain_len,
                              &n, &e) != GT_OK)
            goto fail;
        p->chain_len += n;
    }
    if (gt_pem_load_rsa_key(key_file, &p->key, &e) != GT_OK)
        goto fail;
    p->key_loaded = true;
    if (gt_trust_load(&p->trust, "test/pki/root.pem", &e) != GT_OK)
        goto fail;
    p->ccfg = (gt_config){.server_name = "sensor-hub.local", .trust = &p->trust, .now = now};
    p->scfg = (gt_config){.chain = p->chain, .chain_len = p->chain_len, .key = &p->key, .now = now};
    if (!(p->pipe = gt_pipe_new()))
        goto fail;
    return 0;
fail:
    print_error("demo PKI: %s\n", e.why[0] ? e.why : "out of memory");
    gt_demo_pair_free(p);
    return -1;
}

int gt_demo_pair_start(gt_demo_pair *p)
{
    p->client = gt_conn_new(GT_CLIENT, &p->ccfg, gt_pipe_client(p->pipe));
    p->server = gt_conn_new(GT_SERVER, &p->scfg, gt_pipe_server(p->pipe));
    return p->client && p->server ? 0 : -1;
}

void gt_demo_pair_free(gt_demo_pair *p)
{
    gt_conn_free(p->client);
    gt_conn_free(p->server);
    gt_pipe_free(p->pipe);
    for (size_t i = 0; i < p->chain_len; i++)
        gt_cert_free(&p->chain[i]);
    if (p->key_loaded)
        gt_rsa_free(&p->key);
    gt_trust_free(&p->trust);
    memset(p, 0, sizeof *p);
}
