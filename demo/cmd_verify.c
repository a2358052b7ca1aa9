/* demo/cmd_verify: `glasstls verify`, lesson step 3 on its own. It runs the
 * client's certificate check (x509/verify: RFC 5280 section 6 path
 * validation, RFC 6125 host names) on certificates from files, prints the
 * path it built and says OK or why not. Exit status: 0 valid, 1 rejected,
 * 2 usage or unreadable input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/common.h"
#include "x509/pem.h"
#include "x509/verify.h"

/* The leaf and intermediates together, as a server would send them. */
#define MAX_INTERMEDIATES 32
#define MAX_CHAIN         (1 + MAX_INTERMEDIATES)

typedef struct verify_opts {
    const char *roots, *intermediates, *host, *leaf;
    uint64_t at;
    bool has_at;
} verify_opts;

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls verify --roots FILE|DIR [--intermediates FILE] [--host NAME|IP]\n"
               "                       [--at UNIX_SECONDS] LEAF.pem\n"
               "Checks a server certificate the way the client does in step 3 of the lesson:\n"
               "builds a path from LEAF.pem to one of the trusted roots through the\n"
               "intermediates (in any order), checks every signature, validity period, CA\n"
               "flag, path length, key usage and name constraint on it, and the host name.\n"
               "  --roots FILE|DIR       trusted roots: a PEM bundle, or a directory of .pem/.crt\n"
               "  --intermediates FILE   PEM certificates the server would send after its own\n"
               "                         (further certificates in LEAF.pem count as these too)\n"
               "  --host NAME|IP         the name the client wanted (default: no name check)\n"
               "  --at UNIX_SECONDS      the validation time (default: now)\n"
               "Prints the path (subject, issuer, validity, key, signature algorithm) and OK,\n"
               "or the reason for the rejection.\n"
               "Exit status: 0 valid, 1 rejected (also a certificate that does not parse),\n"
               "2 usage error or a file that cannot be read as PEM.\n"
               "example:\n"
               "  glasstls verify --roots test/pki/root.pem --intermediates "
               "test/pki/intermediate.pem \\\n"
               "      --host sensor-hub.local --at 1795773600 test/pki/via-intermediate.pem\n");
}

static int parse_opts(int argc, char **argv, verify_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--roots")           ? &o->roots
                            : !strcmp(a, "--intermediates") ? &o->intermediates
                            : !strcmp(a, "--host")          ? &o->host
                                                            : NULL;
        if (slot && v) {
            *slot = v;
            i++;
        } else if (!strcmp(a, "--at") && gt_parse_u64(v, &o->at)) {
            o->has_at = true;
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        } else if (a[0] != '-' && !o->leaf) {
            o->leaf = a;
        } else {
            fprintf(stderr, "glasstls verify: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!o->roots || !o->leaf) {
        fprintf(stderr, "glasstls verify: %s is required\n", !o->roots ? "--roots" : "LEAF.pem");
        usage(stderr);
        return 2;
    }
    return 0;
}

/* A file of certificates. A certificate that does not parse is a rejection
 * (exit 1, the file was readable and its contents are wrong); a file that
 * cannot be read or holds no PEM certificate is exit 2. */
static int load(const char *what, const char *path, gt_cert *out, size_t max, size_t *n)
{
    gt_error e = {GT_OK, ""};
    gt_err err = gt_pem_load_certs(path, out, max, n, &e);
    if (err == GT_OK)
        return 0;
    bool rejected = err == GT_ERR_BAD_CERTIFICATE || err == GT_ERR_UNSUPPORTED_CERTIFICATE;
    fprintf(rejected ? stdout : stderr, "%s%s: %s\n",
            rejected ? "Rejected: " : "glasstls verify: ", what, e.why);
    return rejected ? 1 : 2;
}

static const char *source(const gt_path *p, size_t k)
{
    if (p->position[k] == GT_PATH_ANCHOR)
        return "trusted roots";
    if (p->complete && k + 1 == p->len)
        return "the leaf, which is itself one of the trusted roots";
    return p->position[k] == 0 ? "the leaf" : "the intermediates";
}

static void print_path(const gt_path *p)
{
    printf("Path built (the server's certificate first%s):\n",
           p->complete ? ", ending at a trusted root" : ", incomplete");
    for (size_t k = 0; k < p->len; k++) {
        const gt_cert *c = p->cert[k];
        char from[32], to[32], key[64], sig[64];
        gt_time_format(c->not_before, from);
        gt_time_format(c->not_after, to);
        gt_cert_key_text(c, key, sizeof key);
        gt_cert_sig_alg_name(c, sig, sizeof sig);
        printf("  %zu. subject:   %s\n"
               "     issuer:    %s\n"
               "     validity:  %s to %s\n"
               "     key:       %s\n"
               "     signature: %s\n"
               "     from:      %s\n",
               k, c->subject.text, c->issuer.text, from, to, key, sig, source(p, k));
    }
}

static int run(const verify_opts *o, gt_cert *chain)
{
    gt_trust trust;
    gt_error e = {GT_OK, ""};
    size_t n = 0, extra = 0;
    int rc;
    gt_trust_init(&trust);
    if (gt_trust_load(&trust, o->roots, &e) != GT_OK) {
        fprintf(stderr, "glasstls verify: cannot load the trusted roots: %s\n", e.why);
        gt_trust_free(&trust);
        return 2;
    }
    rc = load("the leaf", o->leaf, chain, MAX_CHAIN, &n);
    if (rc == 0 && o->intermediates)
        rc = load("the intermediates", o->intermediates, chain + n, MAX_CHAIN - n, &extra);
    if (rc == 0) {
        gt_path path;
        int64_t now = o->has_at ? (int64_t)o->at : (int64_t)time(NULL);
        gt_err err = gt_verify_path(chain, n + extra, &trust, o->host, now, &path, &e);
        print_path(&path);
        if (err == GT_OK)
            printf("OK\n");
        else {
            printf("Rejected: %s\n", e.why);
            int alert = gt_err_alert(err);
            if (alert != GT_ALERT_NONE)
                printf("In step 3 the client would end the handshake with the alert %s (%d).\n",
                       gt_alert_name(alert), alert);
        }
        rc = err == GT_OK ? 0 : err == GT_ERR_USAGE ? 2 : 1;
    }
    for (size_t i = 0; i < n + extra; i++)
        gt_cert_free(&chain[i]);
    gt_trust_free(&trust);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    verify_opts o = {0};
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;
    gt_cert *chain = calloc(MAX_CHAIN, sizeof *chain);
    if (!chain) {
        fprintf(stderr, "glasstls verify: out of memory\n");
        return 2;
    }
    rc = run(&o, chain);
    free(chain);
    return rc;
}
