/* x509/pem: the x509 layer's file format: PEM text (RFC 7468) to DER. The
 * base64 of RFC 4648 section 4 is decoded strictly: only its alphabet, line
 * breaks and blanks, '=' padding only at the very end, and no stray bits in
 * the last character. */
#include "x509/pem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ct.h"
#include "crypto/rsa.h"

/* Certificate files and bundles are small; the system bundle is ~200 KB. */
#define PEM_FILE_MAX (8u << 20)

/* ---- Lines and labels -------------------------------------------------- */

/* The next line of text from *pos, without its line ending or trailing
 * blanks; *pos moves to the start of the following line. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
{
    if (*pos >= len)
        return false;
    size_t start = *pos, end = start;
    while (end < len && text[end] != '\n')
        end++;
    *pos = end < len ? end + 1 : end;
    while (end > start && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    *line = text + start;
    *n = end - start;
    return true;
}

/* Is the line exactly "-----<word> <label>-----" (word is BEGIN or END)? */
static bool is_boundary(const char *line, size_t n, const char *word, const char *label)
{
    char expect[96];
    int w = snprintf(expect, sizeof expect, "-----%s %s-----", word, label);
    return w > 0 && (size_t)w < sizeof expect && (size_t)w == n && memcmp(line, expect, n) == 0;
}

/* ---- Base64 (RFC 4648 section 4) --------------------------------------- */

static int base64_value(char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

/* Running state: four characters make three bytes; '=' pads the last group. */
typedef struct base64 {
    uint8_t *out;
    size_t len;
    uint32_t group; /* sextets collected so far, 6 bits each */
    unsigned chars; /* characters in the current group, 0..3 */
    unsigned pad;   /* '=' seen; after a complete padded group nothing may follow */
    bool finished;
} base64;

static bool base64_char(base64 *b, char ch)
{
    int v = base64_value(ch);
    if (b->finished || (v < 0 && ch != '='))
        return false;
    if (ch == '=') {
        if (b->chars < 2) /* "x===" or "====": at most two '=', after two characters */
            return false;
        b->pad++;
        v = 0;
    } else if (b->pad) {
        return false; /* a character after '=' */
    }
    b->group = (b->group << 6) | (uint32_t)v;
    if (++b->chars < 4)
        return true;
    uint8_t bytes[3] = {(uint8_t)(b->group >> 16), (uint8_t)(b->group >> 8), (uint8_t)b->group};
    /* The bits of a padded group that fall into no byte must be zero, or
     * another text would decode to the same bytes. */
    if ((b->pad == 1 && bytes[2] != 0) || (b->pad == 2 && bytes[1] != 0))
        return false;
    memcpy(b->out + b->len, bytes, 3 - b->pad);
    b->len += 3 - b->pad;
    b->group = 0;
    b->chars = 0;
    b->finished = b->pad > 0;
    return true;
}

/* Decodes n characters of base64 at p into a malloc'd buffer. */
static gt_err decode_base64(const char *p, size_t n, uint8_t **der, size_t *der_len, gt_error *e)
{
    base64 b = {.out = malloc(n / 4 * 3 + 3)};
    if (!b.out)
        return gt_fail(e, GT_ERR_INTERNAL, "out of memory decoding PEM");
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n' || p[i] == '\r' || p[i] == ' ' || p[i] == '\t')
            continue;
        if (!base64_char(&b, p[i])) {
            free(b.out);
            return gt_fail(e, GT_ERR_DECODE, "PEM: '%c' is out of place in the base64 text",
                           p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?');
        }
    }
    if (b.chars != 0 || b.len == 0) {
        free(b.out);
        return gt_fail(e, GT_ERR_DECODE, "PEM: the base64 text is %s",
                       b.len == 0 && b.chars == 0 ? "empty" : "cut short (not a multiple of 4)");
    }
    *der = b.out;
    *der_len = b.len;
    return GT_OK;
}

/* ---- Blocks --------------------------------------------------------------- */

/* The body of a block starts at *pos; finds its END line, decodes it. */
static gt_err decode_body(const char *text, size_t len, size_t *pos, const char *label,
                          uint8_t **der, size_t *der_len, gt_error *e)
{
    size_t body = *pos;
    const char *line;
    size_t n;
    for (size_t at = *pos; next_line(text, len, pos, &line, &n); at = *pos) {
        if (is_boundary(line, n, "END", label))
            return decode_base64(text + body, at - body, der, der_len, e);
        if (memchr(line, ':', n))
            return gt_fail(e, GT_ERR_DECODE,
                           "PEM: the %s block has headers (is it encrypted?); glasstls reads "
                           "only plain blocks",
                           label);
    }
    return gt_fail(e, GT_ERR_DECODE, "PEM: the %s block has no -----END %s----- line", label,
                   label);
}

gt_err gt_pem_next(const char *text, size_t len, size_t *pos, const char *label, uint8_t **der,
                   size_t *der_len, gt_error *e)
{
    const char *line;
    size_t n;
    *der = NULL;
    *der_len = 0;
    while (next_line(text, len, pos, &line, &n)) {
        if (is_boundary(line, n, "BEGIN", label))
            return decode_body(text, len, pos, label, der, der_len, e);
    }
    return GT_OK;
}

gt_err gt_pem_decode(const char *text, size_t len, const char *label, uint8_t **der,
                     size_t *der_len, size_t max, size_t *count, gt_error *e)
{
    size_t pos = 0;
    gt_err err = GT_OK;
    *count = 0;
    for (;;) {
        uint8_t *block;
        size_t block_len;
        if ((err = gt_pem_next(text, len, &pos, label, &block, &block_len, e)) != GT_OK || !block)
            break;
        if (*count == max) {
            free(block);
            err = gt_fail(e, GT_ERR_USAGE, "PEM: more than %zu %s blocks", max, label);
            break;
        }
        der[*count] = block;
        der_len[(*count)++] = block_len;
    }
    if (err != GT_OK) {
        while (*count > 0)
            free(der[--*count]);
    }
    return err;
}

/* ---- Files ---------------------------------------------------------------- */

gt_err gt_pem_read_file(const char *path, size_t max, char **text, size_t *len, gt_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return gt_fail(e, GT_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= max)
            break;
        char *bigger = realloc(buf, 2 * cap + 1);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    bool failed = ferror(f) != 0, too_big = buf && n == cap && cap >= max;
    fclose(f);
    if (!buf)
        return gt_fail(e, GT_ERR_INTERNAL, "out of memory reading %s", path);
    if (failed || too_big) {
        free(buf);
        return gt_fail(e, GT_ERR_IO, "cannot read %s: %s", path,
                       failed ? "read error" : "the file is too large");
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return GT_OK;
}

static gt_err parse_block(const char *path, size_t index, const uint8_t *der, size_t der_len,
                          gt_cert *out, gt_error *e)
{
    gt_error why = {GT_OK, ""};
    gt_err err = gt_cert_parse(out, der, der_len, &why);
    if (err != GT_OK)
        return gt_fail(e, err, "%s, certificate %zu: %s", path, index + 1, why.why);
    return GT_OK;
}

gt_err gt_pem_load_certs(const char *path, gt_cert *out, size_t max, size_t *n, gt_error *e)
{
    char *text = NULL;
    size_t len = 0, pos = 0;
    *n = 0;
    gt_err err = gt_pem_read_file(path, PEM_FILE_MAX, &text, &len, e);
    while (err == GT_OK) {
        uint8_t *der;
        size_t der_len;
        gt_error why = {GT_OK, ""};
        if ((err = gt_pem_next(text, len, &pos, "CERTIFICATE", &der, &der_len, &why)) != GT_OK) {
            gt_fail(e, err, "%s: %s", path, why.why);
            break;
        }
        if (!der)
            break;
        if (*n == max)
            err = gt_fail(e, GT_ERR_USAGE, "%s holds more than %zu certificates", path, max);
        else if ((err = parse_block(path, *n, der, der_len, &out[*n], e)) == GT_OK)
            (*n)++;
        free(der);
    }
    if (err == GT_OK && *n == 0)
        err = gt_fail(e, GT_ERR_DECODE, "%s holds no -----BEGIN CERTIFICATE----- block", path);
    if (err != GT_OK) {
        while (*n > 0)
            gt_cert_free(&out[--*n]);
    }
    free(text);
    return err;
}

/* The first block with one of the private-key labels we read. */
static gt_err find_key_block(const char *path, const char *text, size_t len, uint8_t **der,
                             size_t *der_len, gt_error *e)
{
    static const char *const labels[] = {"RSA PRIVATE KEY", "PRIVATE KEY"};
    for (size_t i = 0; i < 2; i++) {
        size_t pos = 0;
        gt_err err = gt_pem_next(text, len, &pos, labels[i], der, der_len, e);
        if (err != GT_OK || *der)
            return err;
    }
    size_t pos = 0;
    const char *why = "holds no RSA PRIVATE KEY or PRIVATE KEY block";
    if (gt_pem_next(text, len, &pos, "ENCRYPTED PRIVATE KEY", der, der_len, NULL) == GT_OK && *der)
        why = "holds an encrypted key; decrypt it first (openssl pkey -in KEY -out PLAIN)";
    free(*der);
    *der = NULL;
    return gt_fail(e, GT_ERR_DECODE, "%s %s", path, why);
}

gt_err gt_pem_load_rsa_key(const char *path, rsa_key *key, gt_error *e)
{
    char *text = NULL;
    size_t len = 0, der_len = 0;
    uint8_t *der = NULL;
    gt_err err = gt_pem_read_file(path, PEM_FILE_MAX, &text, &len, e);
    if (err == GT_OK)
        err = find_key_block(path, text, len, &der, &der_len, e);
    if (err == GT_OK && gt_rsa_private_from_der(key, der, der_len) != GT_OK)
        err = gt_fail(e, GT_ERR_DECODE, "%s: the private key could not be decoded as an RSA key",
                      path);
    /* The key's bytes are secret: clear every copy we made. */
    if (der) {
        gt_wipe(der, der_len);
        free(der);
    }
    if (text) {
        gt_wipe(text, len);
        free(text);
    }
    return err;
}
