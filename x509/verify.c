/* x509/verify: lesson step 3, "Client verifies Certificate": the client's
 * checks on the server's certificate chain (see verify.h). Path building
 * follows RFC 4158 (depth-first, backtracking), validation RFC 5280 6.1
 * (signatures, validity, basicConstraints and pathLenConstraint, keyUsage,
 * nameConstraints, extKeyUsage), host names RFC 6125 6.4. Every rejection
 * names the certificate and the rule it broke. */
#include "x509/verify.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/ecdsa.h"
#include "crypto/rsa.h"
#include "x509/der.h"
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
        if ((err = gt_pem_next(text, len, &pos, "CERTIFICATE", &der, &der_len, &why)) != GT_OK) {
            gt_fail(e, err, "%s: %s", path, why.why); /* as gt_pem_load_certs: name the file */
            break;
        }
        if (!der)
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

#define ANCHOR  GT_PATH_ANCHOR
#define WHO_LEN 192 /* room for a role and 100 characters of a subject */

/* "the server's certificate (CN=sensor-hub.local)": which certificate, by its
 * place and its subject, so a student can find it in the Certificate message. */
const char *gt_verify_describe(const gt_cert *c, size_t position, char *out, size_t cap)
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

#define describe gt_verify_describe

/* ---- Signatures (RFC 5280 6.1.3 (a)(1), RFC 8017 8.2.2, RFC 5758 3.2) ------ */

/* The hash of the signed bytes (TBSCertificate) that the signature covers. */
static gt_err signed_digest(const gt_cert *c, const char *who, gt_hash_alg *alg, uint8_t digest[64],
                            size_t *len, gt_error *e)
{
    const char *hash;
    char name[64];
    switch (c->sig_alg) {
    case GT_SIG_RSA_PKCS1_SHA256:
    case GT_SIG_ECDSA_SHA256: hash = "sha256", *alg = GT_HASH_SHA256; break;
    case GT_SIG_RSA_PKCS1_SHA384:
    case GT_SIG_ECDSA_SHA384: hash = "sha384", *alg = GT_HASH_SHA384; break;
    case GT_SIG_RSA_PKCS1_SHA512:
    case GT_SIG_ECDSA_SHA512: hash = "sha512", *alg = GT_HASH_SHA512; break;
    case GT_SIG_RSA_PKCS1_MD5:
    case GT_SIG_RSA_PKCS1_SHA1:
    case GT_SIG_ECDSA_SHA1:
        gt_cert_sig_alg_name(c, name, sizeof name);
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s is signed with %s; its hash is broken (collisions have been "
                       "computed), so such signatures are no longer accepted",
                       who, name);
    default:
        gt_cert_sig_alg_name(c, name, sizeof name);
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s is signed with %s, which glasstls cannot verify (it verifies RSA "
                       "PKCS#1 v1.5 and ECDSA with SHA-256, SHA-384 or SHA-512)",
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

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } in strict DER, both
 * positive (RFC 3279 2.2.3): libtomcrypt's own decoder is more lenient. */
static bool ecdsa_sig_is_der(const uint8_t *sig, size_t len)
{
    gt_reader r, seq;
    const uint8_t *v;
    size_t n;
    gt_reader_init(&r, sig, len);
    if (!gt_der_read(&r, GT_DER_SEQUENCE, &seq) || !gt_reader_done(&r))
        return false;
    for (int i = 0; i < 2; i++)
        if (!gt_der_read_integer(&seq, &v, &n) || (v[0] & 0x80))
            return false;
    return gt_reader_done(&seq);
}

/* Does the issuer's public key verify the signature on child? The key type
 * must fit the algorithm: an RSA key for sha*WithRSAEncryption, an EC key for
 * ecdsa-with-SHA*. */
static gt_err check_signature(const gt_cert *child, const char *child_who, const gt_cert *issuer,
                              const char *issuer_who, gt_error *e)
{
    uint8_t digest[64];
    size_t len = 0;
    gt_hash_alg alg = GT_HASH_SHA256;
    char key[64], sig[64];
    gt_err err = signed_digest(child, child_who, &alg, digest, &len, e);
    if (err != GT_OK)
        return err;
    bool ecdsa = child->sig_alg >= GT_SIG_ECDSA_SHA1;
    if ((ecdsa && !issuer->has_ec_key) || (!ecdsa && !issuer->has_rsa_key)) {
        gt_cert_key_text(issuer, key, sizeof key);
        gt_cert_sig_alg_name(child, sig, sizeof sig);
        return gt_fail(e,
                       issuer->has_ec_key || issuer->has_rsa_key ? GT_ERR_BAD_CERTIFICATE
                                                                 : GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s has a public key of type %s, which cannot have made the %s signature "
                       "on %s",
                       issuer_who, key, sig, child_who);
    }
    if (ecdsa)
        err = ecdsa_sig_is_der(child->sig, child->sig_len)
                  ? gt_ecdsa_verify(&issuer->ec, digest, len, child->sig, child->sig_len)
                  : GT_ERR_DECRYPT;
    else
        err = gt_rsa_pkcs1_verify(&issuer->rsa, alg, digest, len, child->sig, child->sig_len);
    if (err != GT_OK)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "the signature on %s does not verify with the public key of %s: the "
                       "certificate was changed after signing, or that CA did not sign it",
                       child_who, issuer_who);
    return GT_OK;
}

/* ---- Issuers ---------------------------------------------------------------- */

/* May ca sign certificates? RFC 5280 4.2.1.9 (cA) and 4.2.1.3 (keyCertSign).
 * A trust anchor without basicConstraints (an old v1 root) is trusted as a
 * CA by configuration. The pathLenConstraint is checked on the whole path. */
static gt_err check_may_issue(const gt_cert *ca, const char *who, bool anchor, gt_error *e)
{
    if (!ca->is_ca && !(anchor && !ca->has_basic_constraints && ca->version == 1))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s is not a CA (its basicConstraints does not say cA), so it may not "
                       "issue certificates (RFC 5280 4.2.1.9)",
                       who);
    if (ca->has_key_usage && !(ca->key_usage & GT_KU_KEY_CERT_SIGN))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s may not sign certificates: its keyUsage lacks keyCertSign "
                       "(RFC 5280 4.2.1.3)",
                       who);
    return GT_OK;
}

/* Did issuer (at issuer_pos) issue child (at child_pos)? The names chain
 * (RFC 5280 6.1.3 (a)(4)) has been checked by the caller; here: issuer may
 * issue, and its key verifies child's signature. */
static gt_err check_issued_by(const gt_cert *child, size_t child_pos, const gt_cert *issuer,
                              size_t issuer_pos, gt_error *e)
{
    char child_who[WHO_LEN], issuer_who[WHO_LEN];
    describe(child, child_pos, child_who, sizeof child_who);
    describe(issuer, issuer_pos, issuer_who, sizeof issuer_who);
    gt_err err = check_may_issue(issuer, issuer_who, issuer_pos == ANCHOR, e);
    if (err == GT_OK)
        err = check_signature(child, child_who, issuer, issuer_who, e);
    return err;
}

static bool same_cert(const gt_cert *a, const gt_cert *b)
{
    return a == b || (a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0);
}

static bool is_trust_anchor(const gt_trust *trust, const gt_cert *c)
{
    for (size_t k = 0; k < trust->n; k++)
        if (same_cert(&trust->roots[k], c))
            return true;
    return false;
}

static bool self_issued(const gt_cert *c) { return gt_name_equal(&c->issuer, &c->subject); }

/* RFC 5280 4.2.1.1: the authorityKeyIdentifier of child names the
 * subjectKeyIdentifier of its issuer. 2: they match, 1: one of them is
 * missing (no hint), 0: they differ (probably another key of the same CA). */
static int key_id_hint(const gt_cert *child, const gt_cert *issuer)
{
    if (child->aki_len == 0 || issuer->ski_len == 0)
        return 1;
    return child->aki_len == issuer->ski_len && memcmp(child->aki, issuer->ski, child->aki_len) == 0
               ? 2
               : 0;
}

/* ---- Path building (RFC 4158: a depth-first search with backtracking) ---- */

/* Each check of a candidate issuer costs a signature verification; a
 * malicious chain of many same-named CAs must not make that exponential. */
#define SEARCH_BUDGET 64

typedef struct search {
    const gt_cert *chain;
    size_t n;
    const gt_trust *trust;
    const char *host;
    int64_t now;
    gt_path cur;    /* the path being extended */
    unsigned spent; /* candidate issuers checked so far */
    /* The most telling failure so far, and the path it was seen on: a fault
     * on a complete path beats a broken link, which beats a missing issuer;
     * among missing issuers, the one found on the longest path. */
    int best_score;
    gt_error best;
    gt_path best_path;
} search;

static void remember(search *s, int rank, const gt_error *why)
{
    int score = rank * 100 + (rank == 1 ? (int)s->cur.len : 0);
    if (score <= s->best_score)
        return;
    s->best_score = score;
    s->best = *why;
    s->best_path = s->cur;
}

enum { RANK_NO_ISSUER = 1, RANK_BAD_LINK = 2, RANK_BAD_PATH = 3 };

static gt_err check_path(const gt_path *p, const char *host, int64_t now, gt_error *e);

/* Up to 2 * GT_VERIFY_MAX_PATH candidates for the issuer of one certificate. */
typedef struct candidate {
    const gt_cert *cert;
    size_t position;
    int order; /* lower first */
} candidate;

static bool on_path(const gt_path *p, const gt_cert *c)
{
    for (size_t k = 0; k < p->len; k++)
        if (same_cert(p->cert[k], c))
            return true;
    return false;
}

/* The certificates whose subject is cur's issuer: trust anchors first, then
 * those the server sent, each group with matching key identifiers first.
 * *looped: some had the name but are already on the path. */
static size_t find_candidates(search *s, const gt_cert *cur, candidate *out, size_t cap,
                              bool *looped)
{
    size_t n = 0;
    *looped = false;
    for (size_t pass = 0; pass < 2; pass++) {
        size_t count = pass == 0 ? s->trust->n : s->n;
        for (size_t k = (pass == 0 ? 0 : 1); k < count && n < cap; k++) {
            const gt_cert *c = pass == 0 ? &s->trust->roots[k] : &s->chain[k];
            if (!gt_name_equal(&cur->issuer, &c->subject))
                continue;
            if (on_path(&s->cur, c)) {
                *looped = true;
                continue;
            }
            if (pass == 1 && is_trust_anchor(s->trust, c))
                continue; /* a copy of a trust anchor: tried as the anchor */
            out[n].cert = c;
            out[n].position = pass == 0 ? ANCHOR : k;
            out[n].order = (int)pass * 3 + (2 - key_id_hint(cur, c));
            n++;
        }
    }
    /* A stable insertion sort keeps the order of the chain within a group. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j - 1].order > out[j].order; j--) {
            candidate t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

static void no_issuer(search *s, const gt_cert *cur, size_t pos, bool looped)
{
    char who[WHO_LEN];
    gt_error why = {GT_OK, ""};
    describe(cur, pos, who, sizeof who);
    if (self_issued(cur))
        gt_fail(&why, GT_ERR_UNKNOWN_CA, "%s is self-signed and is not one of the trusted roots",
                who);
    else if (looped)
        gt_fail(&why, GT_ERR_UNKNOWN_CA,
                "%s was issued by \"%.100s\", whose certificate is already on the path: the "
                "chain goes round in a loop and never reaches a trusted root",
                who, cur->issuer.text);
    else
        gt_fail(&why, GT_ERR_UNKNOWN_CA,
                "%s was issued by \"%.100s\", which is not one of the trusted roots (and the "
                "server sent no certificate for it)",
                who, cur->issuer.text);
    remember(s, RANK_NO_ISSUER, &why);
}

/* Extends s->cur (whose last certificate is not yet a trust anchor) in every
 * possible way until one complete path passes every check. */
static bool extend(search *s)
{
    size_t last = s->cur.len - 1;
    const gt_cert *cur = s->cur.cert[last];
    size_t pos = s->cur.position[last];
    candidate cand[2 * GT_VERIFY_MAX_PATH];
    bool looped;
    gt_error why = {GT_OK, ""};

    if (s->cur.len == GT_VERIFY_MAX_PATH) {
        char who[WHO_LEN];
        gt_fail(&why, GT_ERR_UNKNOWN_CA,
                "no trusted root within %d certificates: above %s the path would be longer "
                "than glasstls allows",
                GT_VERIFY_MAX_PATH, describe(cur, pos, who, sizeof who));
        remember(s, RANK_NO_ISSUER, &why);
        return false;
    }
    size_t n = find_candidates(s, cur, cand, sizeof cand / sizeof cand[0], &looped);
    if (n == 0)
        no_issuer(s, cur, pos, looped);
    for (size_t i = 0; i < n; i++) {
        if (++s->spent > SEARCH_BUDGET) {
            gt_fail(&why, GT_ERR_UNKNOWN_CA,
                    "gave up after trying %d candidate issuers without finding a path to a "
                    "trusted root",
                    SEARCH_BUDGET);
            remember(s, RANK_BAD_PATH + 1, &why);
            return false;
        }
        s->cur.cert[s->cur.len] = cand[i].cert;
        s->cur.position[s->cur.len++] = cand[i].position;
        gt_error_clear(&why);
        if (check_issued_by(cur, pos, cand[i].cert, cand[i].position, &why) != GT_OK) {
            remember(s, RANK_BAD_LINK, &why);
        } else if (cand[i].position == ANCHOR) {
            s->cur.complete = true;
            if (check_path(&s->cur, s->host, s->now, &why) == GT_OK)
                return true;
            remember(s, RANK_BAD_PATH, &why);
            s->cur.complete = false;
        } else if (extend(s)) {
            return true;
        }
        s->cur.len--;
    }
    return false;
}

/* ---- Checks on a complete path (RFC 5280 6.1.3, 6.1.4) --------------------- */

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
    return gt_fail(e, GT_ERR_CERTIFICATE_EXPIRED, "%s expired on %s; the validation time is %s",
                   who, when, at);
}

/* RFC 5280 4.2.1.9 and 6.1.4 (l), (m): a CA's pathLenConstraint is the most
 * intermediate CAs that may follow it on the path towards the server's
 * certificate; self-issued ones (a CA's own key rollover) do not count. */
static gt_err check_path_lengths(const gt_path *p, gt_error *e)
{
    for (size_t k = 1; k < p->len; k++) {
        const gt_cert *ca = p->cert[k];
        if (!ca->has_path_len)
            continue;
        size_t below = 0;
        for (size_t j = 1; j < k; j++)
            below += !self_issued(p->cert[j]);
        if (below > ca->path_len) {
            char who[WHO_LEN];
            return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                           "%s allows %u intermediate CAs below it (pathLenConstraint, RFC 5280 "
                           "4.2.1.9), but the path has %zu",
                           describe(ca, p->position[k], who, sizeof who), (unsigned)ca->path_len,
                           below);
        }
    }
    return GT_OK;
}

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

static bool equal_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* RFC 5280 4.2.1.10: a dNSName constraint "example.com" covers that name
 * and every name below it ("host.example.com", not "badexample.com"); with a
 * leading dot, ".example.com", only the names below it. */
static bool dns_within(const char *name, const char *base)
{
    size_t n = strlen(name), b = strlen(base);
    if (n > 0 && name[n - 1] == '.')
        n--;
    if (b > 0 && base[b - 1] == '.')
        b--;
    if (b == 0)
        return true;
    if (base[0] == '.')
        return n > b && equal_nocase(name + n - b, base, b);
    if (n == b)
        return equal_nocase(name, base, b);
    return n > b && name[n - b - 1] == '.' && equal_nocase(name + n - b, base, b);
}

/* An iPAddress constraint is an address and a mask of the same length. */
static bool ip_within(const uint8_t *ip, size_t len, const gt_subtree *t)
{
    if (t->ip_len != 2 * len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((ip[i] & t->ip[len + i]) != (t->ip[i] & t->ip[len + i]))
            return false;
    return true;
}

static bool name_in_subtree(gt_subtree_kind kind, const char *dns, const uint8_t *ip, size_t ip_len,
                            const gt_subtree *t)
{
    if (t->kind != kind)
        return false;
    return kind == GT_SUBTREE_DNS ? dns_within(dns, t->dns) : ip_within(ip, ip_len, t);
}

static void ip_text(const uint8_t *ip, size_t len, char *out, size_t cap)
{
    if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, ip, out, (socklen_t)cap))
        snprintf(out, cap, "?");
}

/* One name of one certificate against one CA's constraints. */
static gt_err check_one_name(const gt_cert *ca, const char *ca_who, const char *who,
                             gt_subtree_kind kind, const char *dns, const uint8_t *ip,
                             size_t ip_len, gt_error *e)
{
    char text[256];
    bool restricted = false, permitted = false;
    if (kind == GT_SUBTREE_DNS)
        snprintf(text, sizeof text, "%s", dns);
    else
        ip_text(ip, ip_len, text, sizeof text);
    for (size_t i = 0; i < ca->n_excluded; i++)
        if (name_in_subtree(kind, dns, ip, ip_len, &ca->excluded[i]))
            return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                           "%s names %.100s, which %s excludes (nameConstraints, RFC 5280 "
                           "4.2.1.10)",
                           who, text, ca_who);
    for (size_t i = 0; i < ca->n_permitted; i++) {
        if (ca->permitted[i].kind != kind)
            continue;
        restricted = true;
        permitted = permitted || name_in_subtree(kind, dns, ip, ip_len, &ca->permitted[i]);
    }
    if (restricted && !permitted)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s names %.100s, which is outside the names %s permits (nameConstraints, "
                       "RFC 5280 4.2.1.10)",
                       who, text, ca_who);
    return GT_OK;
}

/* Does a host name look like one (so a CN can stand for a dNSName)? */
static bool is_valid_host(const char *h, size_t n);

static bool has_subtree(const gt_cert *ca, gt_subtree_kind kind)
{
    for (size_t i = 0; i < ca->n_permitted + ca->n_excluded; i++) {
        const gt_subtree *t =
            i < ca->n_permitted ? &ca->permitted[i] : &ca->excluded[i - ca->n_permitted];
        if (t->kind == kind)
            return true;
    }
    return false;
}

/* RFC 5280 6.1.3 (b), (c): every certificate below a CA with nameConstraints
 * (except self-issued intermediates) must have its dNSNames and iPAddresses
 * inside the permitted subtrees and outside the excluded ones. Like most
 * verifiers, the server certificate's CN counts as a dNSName when it has
 * none. Kinds of constraint not checked here refuse the path rather than
 * being silently ignored. */
static gt_err check_name_constraints(const gt_path *p, gt_error *e)
{
    for (size_t k = 1; k < p->len; k++) {
        const gt_cert *ca = p->cert[k];
        char ca_who[WHO_LEN], who[WHO_LEN];
        if (!ca->has_name_constraints)
            continue;
        describe(ca, p->position[k], ca_who, sizeof ca_who);
        for (size_t i = 0; i < ca->n_permitted + ca->n_excluded; i++) {
            const gt_subtree *t =
                i < ca->n_permitted ? &ca->permitted[i] : &ca->excluded[i - ca->n_permitted];
            if (t->kind == GT_SUBTREE_OTHER)
                return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                               "%s constrains a kind of name (GeneralName tag [%u]) that glasstls "
                               "does not check, so it cannot tell whether the path obeys it",
                               ca_who, (unsigned)(t->tag & 0x1f));
        }
        for (size_t j = 0; j < k; j++) {
            const gt_cert *c = p->cert[j];
            gt_err err = GT_OK;
            if (j > 0 && self_issued(c))
                continue;
            describe(c, p->position[j], who, sizeof who);
            /* The names past the first GT_CERT_MAX_SANS of a kind were not
             * kept, so they cannot be shown to obey a constraint. */
            if ((c->dns_truncated && has_subtree(ca, GT_SUBTREE_DNS)) ||
                (c->ip_truncated && has_subtree(ca, GT_SUBTREE_IP)))
                return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                               "%s has more than %d %s, more than glasstls reads, so it cannot "
                               "check them all against the nameConstraints of %s",
                               who, GT_CERT_MAX_SANS, c->dns_truncated ? "dNSNames" : "iPAddresses",
                               ca_who);
            for (size_t d = 0; err == GT_OK && d < c->n_dns; d++)
                err = check_one_name(ca, ca_who, who, GT_SUBTREE_DNS, c->dns[d], NULL, 0, e);
            for (size_t d = 0; err == GT_OK && d < c->n_ip; d++)
                err = check_one_name(ca, ca_who, who, GT_SUBTREE_IP, "", c->ip[d], c->ip_len[d], e);
            if (err == GT_OK && j == 0 && c->n_dns == 0 &&
                is_valid_host(c->subject.cn, strlen(c->subject.cn)))
                err = check_one_name(ca, ca_who, who, GT_SUBTREE_DNS, c->subject.cn, NULL, 0, e);
            if (err != GT_OK)
                return err;
        }
    }
    return GT_OK;
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

/* "sensor-hub.local, 192.0.2.1": the names a host is matched against. */
static void list_names(const gt_cert *c, char *out, size_t cap)
{
    size_t used = 0;
    char ip[64];
    out[0] = '\0';
    for (size_t i = 0; i < c->n_dns && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", c->dns[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    for (size_t i = 0; i < c->n_ip && used < cap; i++) {
        ip_text(c->ip[i], c->ip_len[i], ip, sizeof ip);
        int w = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", ip);
        used += w > 0 ? (size_t)w : 0;
    }
    if (c->n_dns == 0 && c->n_ip == 0)
        snprintf(out, cap, "%s", c->subject.cn[0] ? c->subject.cn : "no host name");
    else if ((c->dns_truncated || c->ip_truncated) && used < cap)
        snprintf(out + used, cap - used, " and more (only %d of each kind are read)",
                 GT_CERT_MAX_SANS);
}

static gt_err check_host(const gt_cert *leaf, const char *host, gt_error *e)
{
    char who[WHO_LEN], names[200];
    if (!host || gt_cert_matches_host(leaf, host))
        return GT_OK;
    list_names(leaf, names, sizeof names);
    describe(leaf, 0, who, sizeof who);
    uint8_t ip[16];
    if (gt_ip_literal(host, ip))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                       "%s has no iPAddress %.60s in its subjectAltName (it names %s); an IP "
                       "address matches only an iPAddress entry, never a host name",
                       who, host, names);
    return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "%s is valid for %s, not %.100s", who, names, host);
}

/* The checks that need the whole path, in the order of RFC 5280 6.1. */
static gt_err check_path(const gt_path *p, const char *host, int64_t now, gt_error *e)
{
    gt_err err = GT_OK;
    for (size_t k = 0; err == GT_OK && k < p->len; k++)
        err = check_validity(p->cert[k], p->position[k], now, e);
    if (err == GT_OK)
        err = check_path_lengths(p, e);
    if (err == GT_OK)
        err = check_name_constraints(p, e);
    if (err == GT_OK)
        err = check_server_purpose(p->cert[0], e);
    if (err == GT_OK)
        err = check_host(p->cert[0], host, e);
    return err;
}

gt_err gt_verify_path(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                      int64_t now, gt_path *path, gt_error *e)
{
    search s = {.chain = chain, .n = n, .trust = trust, .host = host, .now = now};
    path->len = 0;
    path->complete = false;
    if (!chain || n == 0)
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "the server sent no certificate");
    if (!trust)
        return gt_fail(e, GT_ERR_USAGE, "gt_verify_chain needs trust anchors");
    s.cur.cert[0] = &chain[0];
    s.cur.position[0] = 0;
    s.cur.len = 1;
    gt_error why = {GT_OK, ""};
    bool ok;
    if (is_trust_anchor(trust, &chain[0])) {
        /* A pinned certificate: the trust store holds this very certificate. */
        s.cur.complete = true;
        ok = check_path(&s.cur, host, now, &why) == GT_OK;
        if (!ok)
            remember(&s, RANK_BAD_PATH, &why);
    } else {
        ok = extend(&s);
    }
    if (ok) {
        *path = s.cur;
        return GT_OK;
    }
    *path = s.best_path;
    return gt_fail(e, s.best.code, "%s", s.best.why);
}

gt_err gt_verify_chain(const gt_cert *chain, size_t n, const gt_trust *trust, const char *host,
                       int64_t now, gt_error *e)
{
    gt_path p;
    return gt_verify_path(chain, n, trust, host, now, &p, e);
}

/* ---- Host names (RFC 6125 6.4) -------------------------------------------- */

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

/* RFC 5280 4.2.1.6: an iPAddress name holds the address in network byte
 * order, 4 bytes for IPv4 and 16 for IPv6; it must equal the host's. */
static bool matches_ip(const gt_cert *c, const uint8_t *ip, size_t len)
{
    for (size_t i = 0; i < c->n_ip; i++)
        if (c->ip_len[i] == len && memcmp(c->ip[i], ip, len) == 0)
            return true;
    return false;
}

bool gt_cert_matches_host(const gt_cert *c, const char *host)
{
    uint8_t ip[16];
    if (!host)
        return false;
    size_t ip_len = gt_ip_literal(host, ip);
    if (ip_len)
        return matches_ip(c, ip, ip_len);
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
