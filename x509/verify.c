/* x509/verify: lesson step 3, "Client verifies Certificate": the client's
 * checks on the server's certificate chain (see verify.h). It follows RFC
 * 5280 6.1 in a simple form (the chain in the order the server sent it;
 * signatures, CA flags, validity) and RFC 6125 6.4 for the host name. Every
 * rejection names the certificate and the rule it broke. */
#include "x509/verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/rsa.h"
#include "x509/pem.h"

#define TRUST_FILE_MAX (8u << 20)

/* ---- Trust anchors ------------------------------------------------------ */

void gt_trust_init(gt_trust *t)
{
    t->roots = NULL;
    t->n = t->cap = 0;
}

void gt_trust_free(gt_trust *t)
{
    for (size_t i = 0; i < t->n; i++)
        gt_cert_free(&t->roots[i]);
    free(t->roots);
    gt_trust_init(t);
}

gt_err gt_trust_add_der(gt_trust *t, const uint8_t *der, size_t len, gt_error *e)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->roots[i].der_len == len && memcmp(t->roots[i].der, der, len) == 0)
            return GT_OK; /* already trusted */
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        gt_cert *bigger = realloc(t->roots, cap * sizeof *bigger);
        if (!bigger)
            return gt_fail(e, GT_ERR_INTERNAL, "out of memory for the trust anchors");
        t->roots = bigger;
        t->cap = cap;
    }
    gt_err err = gt_cert_parse(&t->roots[t->n], der, len, e);
    if (err == GT_OK)
        t->n++;
    return err;
}

/* Adds each CERTIFICATE block of one PEM file; *found counts the blocks. */
static gt_err load_file(gt_trust *t, const char *path, size_t *found, gt_error *e)
{
    char *text = NULL;
    size_t len = 0, pos = 0;
    gt_err err = gt_pem_read_file(path, TRUST_FILE_MAX, &text, &len, e);
    while (err == GT_OK) {
        uint8_t *der;
        size_t der_len;
        gt_error why = {GT_OK, ""};
        if ((err = gt_pem_next(text, len, &pos, "CERTIFICATE", &der, &der_len, e)) != GT_OK || !der)
            break;
        (*found)++;
        if ((err = gt_trust_add_der(t, der, der_len, &why)) != GT_OK)
            gt_fail(e, err, "%s, certificate %zu: %s", path, *found, why.why);
        free(der);
    }
    free(text);
    return err;
}

static int is_cert_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 &&
           (strcmp(d->d_name + n - 4, ".pem") == 0 || strcmp(d->d_name + n - 4, ".crt") == 0);
}

static gt_err load_directory(gt_trust *t, const char *dir, size_t *found, gt_error *e)
{
    struct dirent **names;
    int n = scandir(dir, &names, is_cert_file, alphasort);
    if (n < 0)
        return gt_fail(e, GT_ERR_IO, "cannot read the directory %s: %s", dir, strerror(errno));
    gt_err err = GT_OK;
    for (int i = 0; i < n; i++) {
        char path[4096];
        int w = snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (err == GT_OK && (w < 0 || (size_t)w >= sizeof path))
            err = gt_fail(e, GT_ERR_USAGE, "a path in %s is too long", dir);
        if (err == GT_OK)
            err = load_file(t, path, found, e);
        free(names[i]);
    }
    free(names);
    return err;
}

gt_err gt_trust_load(gt_trust *t, const char *path, gt_error *e)
{
    struct stat st;
    size_t found = 0;
    gt_err err;
    if (stat(path, &st) != 0)
        return gt_fail(e, GT_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        err = load_directory(t, path, &found, e);
    else
        err = load_file(t, path, &found, e);
    if (err == GT_OK && found == 0)
        err = gt_fail(e, GT_ERR_DECODE, "%s holds no certificate (-----BEGIN CERTIFICATE-----)",
                      path);
    return err;
}

/* ---- Messages ------------------------------------------------------------- */

#define ANCHOR  ((size_t)-1) /* the position of a trust anchor: not in the chain */
#define WHO_LEN 192          /* room for a role and 100 characters of a subject */

/* "the server's certificate (CN=sensor-hub.local)": which certificate, by its
 * place and its subject, so a student can find it in the Certificate message. */
static const char *describe(const gt_cert *c, size_t position, char *out, size_t cap)
{
    char role[64];
    if (position == 0)
        snprintf(role, sizeof role, "the server's certificate");
    else if (position == ANCHOR)
        snprintf(role, sizeof role, "the trusted root");
    else
        snprintf(role, sizeof role, "certificate %zu of the server's chain", position + 1);
    const gt_name *s = &c->subject;
    if (s->cn[0])
        snprintf(out, cap, "%s (CN=%.100s)", role, s->cn);
    else
        snprintf(out, cap, "%s (%.100s)", role, s->text[0] ? s->text : "empty subject");
    return out;
}

/* ---- Signatures (RFC 5280 6.1.3 (a)(1), RFC 8017 8.2.2) ------------------ */

/* The hash of the signed bytes (TBSCertificate) that the signature covers. */
static gt_err signed_digest(const gt_cert *c, const char *who, gt_hash_alg *alg, uint8_t digest[64],
                            size_t *len, gt_error *e)
{
    const char *hash;
    char name[64];
    switch (c->sig_alg) {
    case GT_SIG_RSA_PKCS1_SHA256: hash = "sha256", *alg = GT_HASH_SHA256; break;
    case GT_SIG_RSA_PKCS1_SHA384: hash = "sha384", *alg = GT_HASH_SHA384; break;
    case GT_SIG_RSA_PKCS1_SHA512: hash = "sha512", *alg = GT_HASH_SHA512; break;
    default:
        gt_cert_sig_alg_name(c, name, sizeof name);
        if (c->sig_alg == GT_SIG_RSA_PKCS1_SHA1 || strncmp(name, "md5", 3) == 0)
            return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                           "%s is signed with %s; its hash is broken (collisions have been "
                           "computed), so such signatures are no longer accepted",
                           who, name);
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s is signed with %s, which glasstls cannot verify (it verifies RSA "
                       "PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512)",
                       who, name);
    }
    int idx = find_hash(hash);
    unsigned long n = 64;
    if (idx < 0 || hash_memory(idx, c->tbs, c->tbs_len, digest, &n) != CRYPT_OK)
        return gt_fail(e, GT_ERR_INTERNAL, "%s could not be hashed with %s (gt_crypto_init?)", who,
                       hash);
    *len = n;
    return GT_OK;
}

/* Does the issuer's public key verify the signature on child? */
static gt_err check_signature(const gt_cert *child, const char *child_who, const gt_cert *issuer,
                              const char *issuer_who, gt_error *e)
{
    uint8_t digest[64];
    size_t len = 0;
    gt_hash_alg alg = GT_HASH_SHA256;
    char key[64];
    if (!issuer->has_rsa_key) {
        gt_cert_key_alg_name(issuer, key, sizeof key);
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s has a public key of type %s; glasstls checks only RSA signatures, so it "
                       "cannot check the signature on %s",
                       issuer_who, key, child_who);
    }
    gt_err err = signed_digest(child, child_who, &alg, digest, &len, e);
    if (err != GT_OK)
        return err;
    if (gt_rsa_pkcs1_verify(&issuer->rsa, alg, digest, len, child->sig, child->sig_len) != GT_OK)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "the signature on %s does not verify with the public key of %s: the "
                       "certificate was changed after signing, or that CA did not sign it",
                       child_who, issuer_who);
    return GT_OK;
}

/* ---- Issuers ---------------------------------------------------------------- */

/* May ca sign certificates, with `below` intermediate CAs between it and
 * the server's certificate? RFC 5280 4.2.1.9 (cA, pathLenConstraint) and
 * 4.2.1.3 (keyCertSign). A trust anchor without basicConstraints (an old v1
 * root) is trusted as a CA by configuration. */
static gt_err check_may_issue(const gt_cert *ca, const char *who, size_t below, bool anchor,
                              gt_error *e)
{
    if (!ca->is_ca && !(anchor && !ca->has_basic_constraints))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s is not a CA (its basicConstraints does not say cA), so it may not "
                       "issue certificates (RFC 5280 4.2.1.9)",
                       who);
    if (ca->has_key_usage && !(ca->key_usage & GT_KU_KEY_CERT_SIGN))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s may not sign certificates: its keyUsage lacks keyCertSign "
                       "(RFC 5280 4.2.1.3)",
                       who);
    if (ca->has_path_len && below > ca->path_len)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s allows %u intermediate CAs below it (pathLenConstraint), but the "
                       "chain has %zu",
                       who, (unsigned)ca->path_len, below);
    return GT_OK;
}

/* Did issuer (at issuer_pos) issue child (at child_pos)? The names chain
 * (RFC 5280 6.1.3 (a)(4)), issuer may issue, and its key verifies child. */
static gt_err check_issued_by(const gt_cert *child, size_t child_pos, const gt_cert *issuer,
                              size_t issuer_pos, size_t below, gt_error *e)
{
    char child_who[WHO_LEN], issuer_who[WHO_LEN];
    describe(child, child_pos, child_who, sizeof child_who);
    describe(issuer, issuer_pos, issuer_who, sizeof issuer_who);
    if (!gt_name_equal(&child->issuer, &issuer->subject))
        return gt_fail(e, GT_ERR_UNKNOWN_CA,
                       "%s was issued by \"%.100s\", but the next certificate is %s: the chain "
                       "is out of order or incomplete",
                       child_who, child->issuer.text, issuer_who);
    gt_err err = check_may_issue(issuer, issuer_who, below, issuer_pos == ANCHOR, e);
    if (err == GT_OK)
        err = check_signature(child, child_who, issuer, issuer_who, e);
    return err;
}

static bool is_trust_anchor(const gt_trust *trust, const gt_cert *c)
{
    for (size_t k = 0; k < trust->n; k++)
        if (trust->roots[k].der_len == c->der_len &&
            memcmp(trust->roots[k].der, c->der, c->der_len) == 0)
            return true;
    return false;
}

/* A trust anchor whose subject is c's issuer and whose key verifies c.
 * *root is NULL when no anchor has that name; if anchors have the name but
 * none verifies c, the first one's objection is the error. */
static gt_err find_issuing_anchor(const gt_trust *trust, const gt_cert *c, size_t pos, size_t below,
                                  const gt_cert **root, gt_error *e)
{
    gt_error first = {GT_OK, ""};
    *root = NULL;
    for (size_t k = 0; k < trust->n; k++) {
        const gt_cert *r = &trust->roots[k];
        gt_error why = {GT_OK, ""};
        if (!gt_name_equal(&c->issuer, &r->subject))
            continue;
        if (check_issued_by(c, pos, r, ANCHOR, below, &why) == GT_OK) {
            *root = r;
            return GT_OK;
        }
        if (first.code == GT_OK)
            first = why;
    }
    return first.code == GT_OK ? GT_OK : gt_fail(e, first.code, "%s", first.why);
}

static gt_err no_trusted_issuer(const gt_cert *c, size_t pos, bool more_sent, gt_error *e)
{
    char who[WHO_LEN];
    describe(c, pos, who, sizeof who);
    if (more_sent)
        return gt_fail(e, GT_ERR_UNKNOWN_CA, "no trusted root within %d certificates of the chain",
                       GT_VERIFY_MAX_PATH);
    if (gt_name_equal(&c->issuer, &c->subject))
        return gt_fail(e, GT_ERR_UNKNOWN_CA,
                       "%s is self-signed and is not one of the trusted roots", who);
    return gt_fail(e, GT_ERR_UNKNOWN_CA,
                   "%s was issued by \"%.100s\", which is not one of the trusted roots (and the "
                   "server sent no certificate for it)",
                   who, c->issuer.text);
}

/* ---- The path ------------------------------------------------------------- */

/* The certificates from the server's up to a trust anchor. */
typedef struct path {
    const gt_cert *cert[GT_VERIFY_MAX_PATH];
    size_t position[GT_VERIFY_MAX_PATH]; /* index in the chain, or ANCHOR */
    size_t len;
} path;

static void path_add(path *p, const gt_cert *c, size_t position)
{
    p->cert[p->len] = c;
    p->position[p->len++] = position;
}

/* Walks the chain as sent: a certificate is either a trust anchor itself,
 * issued by one, or issued by the next certificate of the chain, which
 * must then be a CA. Every signature on the way is checked. */
static gt_err build_path(const gt_cert *chain, size_t n, const gt_trust *trust, path *p,
                         gt_error *e)
{
    p->len = 0;
    for (size_t i = 0;; i++) {
        const gt_cert *cur = &chain[i], *root;
        path_add(p, cur, i);
        if (is_trust_anchor(trust, cur))
            return GT_OK;
        gt_err err = find_issuing_anchor(trust, cur, i, i, &root, e);
        if (err != GT_OK)
            return err;
        if (root) {
            path_add(p, root, ANCHOR);
            return GT_OK;
        }
        if (i + 1 >= n || i + 2 >= GT_VERIFY_MAX_PATH)
            return no_trusted_issuer(cur, i, i + 1 < n, e);
        /* chain[i + 1] has i intermediate CAs (chain[1..i]) below it. */
        if ((err = check_issued_by(cur, i, &chain[i + 1], i + 1, i, e)) != GT_OK)
            return err;
    }
}

/* RFC 5280 4.1.2.5: valid from notBefore to notAfter, both included. */
bool gt_cert_valid_at(const gt_cert *c, int64_t now)
{
    return now >= c->not_before && now <= c->not_after;
}

static gt_err check_validity(const gt_cert *c, size_t pos, int64_t now, gt_error *e)
{
    char who[WHO_LEN], when[32], at[32];
    describe(c, pos, who, sizeof who);
    gt_time_format(now, at);
    if (gt_cert_valid_at(c, now))
        return GT_OK;
    if (now < c->not_before) {
        gt_time_format(c->not_before, when);
        return gt_fail(e, GT_ERR_CERTIFICATE_EXPIRED,
                       "%s is not valid before %s; the validation time is %s", who, when, at);
    }
    gt_time_format(c->not_after, when);
    return gt_fail(e, GT_ERR_CERTIFICATE_EXPIRED, "%s expired on %s; the validation time is %s", who,
                   when, at);
}

/* RFC 5280 4.2.1.12: if extKeyUsage is present, the certificate may be used
 * only for the purposes it lists; a TLS server needs serverAuth. */
static gt_err check_server_purpose(const gt_cert *leaf, gt_error *e)
{
    char who[WHO_LEN];
    if (!leaf->has_ext_key_usage || (leaf->ext_key_usage & (GT_EKU_SERVER_AUTH | GT_EKU_ANY)) != 0)
        return GT_OK;
    return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                   "%s may not be used by a TLS server: its extKeyUsage does not list serverAuth",
                   describe(leaf, 0, who, sizeof who));
}

/* "sensor-hub.local, www.sensor-hub.local": the names a host is matched against. */
static void list_names(const gt_cert *c, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->n_dns && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", c->dns[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    if (c->n_dns == 0)
        snprintf(out, cap, "%s", c->subject.cn[0] ? c->subject.cn : "no host name");
    else if (c->dns_truncated && used < cap)
        snprintf(out + used, cap - used, " and more (only %d names are read)", GT_CERT_MAX_SANS);
}

static gt_err check_host(const gt_cert *leaf, const char *host, gt_error *e)
{
    char who[WHO_LEN], names[200];
    if (!host || gt_cert_matches_host(leaf, host))
        return GT_OK;
    list_names(leaf, names, sizeof names);
    return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "%s is valid for %s, not %.100s",
                   describe(leaf, 0, who, sizeof who), names, host);
}

gt_err gt_verify_chain(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                       int64_t now, gt_error *e)
{
    path p;
    if (!chain || n == 0)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "the server sent no certificate");
    if (!trust)
        return gt_fail(e, GT_ERR_USAGE, "gt_verify_chain needs trust anchors");
    /* 1. Is it signed by someone we trust? */
    gt_err err = build_path(chain, n, trust, &p, e);
    /* 2. Is every certificate on the way valid at this time? */
    for (size_t k = 0; err == GT_OK && k < p.len; k++)
        err = check_validity(p.cert[k], p.position[k], now, e);
    /* 3. Is it a server certificate, and for the server we wanted? */
    if (err == GT_OK)
        err = check_server_purpose(&chain[0], e);
    if (err == GT_OK)
        err = check_host(&chain[0], host, e);
    return err;
}

/* ---- Host names (RFC 6125 6.4) -------------------------------------------- */

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

static bool equal_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* Length without one trailing dot: "example.com." is the same absolute name. */
static size_t name_length(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

static bool is_host_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
}

/* A host name we are willing to match: letters, digits, '-' and '_' in
 * labels of 1 to 63 characters, 253 in all, and not an IPv4 address. */
static bool is_valid_host(const char *h, size_t n)
{
    size_t label = 0;
    bool only_digits = true;
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (h[i] == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        if (!is_host_char(h[i]) || ++label > 63)
            return false;
        only_digits = only_digits && h[i] >= '0' && h[i] <= '9';
    }
    return label > 0 && !only_digits;
}

/* One presented name (a dNSName or the CN) against the host. The only
 * wildcard form is "*." followed by at least two labels; it stands for one
 * whole, non-empty leftmost label of the host. */
static bool pattern_matches(const char *pattern, const char *host, size_t host_len)
{
    size_t n = name_length(pattern);
    if (n >= 2 && pattern[0] == '*' && pattern[1] == '.') {
        const char *rest = pattern + 2;
        size_t rest_len = n - 2;
        if (memchr(rest, '*', rest_len) || !memchr(rest, '.', rest_len))
            return false; /* "*.*.example.com", or "*.com": too wide */
        const char *dot = memchr(host, '.', host_len);
        if (!dot || dot == host)
            return false;
        size_t suffix_len = host_len - (size_t)(dot + 1 - host);
        return suffix_len == rest_len && equal_nocase(dot + 1, rest, rest_len);
    }
    if (memchr(pattern, '*', n))
        return false; /* "*" alone, "f*.example.com", "www.*.com": never */
    return n == host_len && equal_nocase(pattern, host, n);
}

bool gt_cert_matches_host(const gt_cert *c, const char *host)
{
    if (!host)
        return false;
    size_t host_len = name_length(host);
    if (!is_valid_host(host, host_len))
        return false;
    /* RFC 6125 6.4.4: the CN is a fallback only when there is no dNSName. */
    if (c->n_dns == 0)
        return c->subject.cn[0] != '\0' && pattern_matches(c->subject.cn, host, host_len);
    for (size_t i = 0; i < c->n_dns; i++)
        if (pattern_matches(c->dns[i], host, host_len))
            return true;
    return false;
}
