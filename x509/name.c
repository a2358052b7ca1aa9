/* x509/name: distinguished names (RFC 5280 4.1.2.4), which lesson step 3
 * chains issuer to subject, and their text form (RFC 4514: attribute short
 * names, backslash escaping, '+' inside an RDN). Unlike RFC 4514 we print the
 * RDNs in certificate order, as openssl does. */
#include "x509/name.h"

#include <arpa/inet.h>
#include <string.h>

#include "x509/der.h"

/* RFC 4514 3 short names, and a few more that real certificates use. */
struct attribute_type {
    uint8_t oid[10];
    size_t len;
    const char *name;
};

static const struct attribute_type attribute_types[] = {
    {{0x55, 0x04, 3}, 3, "CN"},
    {{0x55, 0x04, 6}, 3, "C"},
    {{0x55, 0x04, 7}, 3, "L"},
    {{0x55, 0x04, 8}, 3, "ST"},
    {{0x55, 0x04, 9}, 3, "STREET"},
    {{0x55, 0x04, 10}, 3, "O"},
    {{0x55, 0x04, 11}, 3, "OU"},
    {{0x55, 0x04, 5}, 3, "serialNumber"},
    {{0x55, 0x04, 97}, 3, "organizationIdentifier"},
    {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19}, 10, "DC"},
    {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01}, 10, "UID"},
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, 9, "emailAddress"},
};

/* id-at-commonName, 2.5.4.3 */
static const uint8_t oid_common_name[] = {0x55, 0x04, 0x03};

/* A bounded text buffer; what does not fit is replaced by "..." at the end. */
typedef struct text {
    char *buf;
    size_t cap, len;
    bool truncated;
} text;

static void put(text *t, char ch)
{
    if (t->len + 1 < t->cap)
        t->buf[t->len++] = ch;
    else
        t->truncated = true;
}

static void put_str(text *t, const char *s)
{
    while (*s)
        put(t, *s++);
}

static void put_hex_byte(text *t, uint8_t b)
{
    static const char hex[] = "0123456789abcdef";
    put(t, hex[b >> 4]);
    put(t, hex[b & 15]);
}

static void text_finish(text *t)
{
    if (t->truncated && t->cap >= 4) {
        t->len = t->cap - 4;
        while (t->len > 0 && ((uint8_t)t->buf[t->len] & 0xc0) == 0x80)
            t->len--; /* do not cut a UTF-8 character in two */
        memcpy(t->buf + t->len, "...", 3);
        t->len += 3;
    }
    t->buf[t->len] = '\0';
}

/* Length of the valid UTF-8 sequence (2 to 4 bytes) at p, or 0 if there is
 * none: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence(const uint8_t *p, size_t n)
{
    size_t len;
    uint32_t cp, min;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2, cp = p[0] & 0x1f, min = 0x80;
    else if ((p[0] & 0xf0) == 0xe0)
        len = 3, cp = p[0] & 0x0f, min = 0x800;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4, cp = p[0] & 0x07, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* RFC 4514 2.4: escape the characters that would change the string's
 * meaning with a backslash, and anything unprintable as \hex. */
static void put_escaped(text *t, const uint8_t *p, size_t n, bool utf8)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = p[i];
        size_t seq = utf8 && ch >= 0x80 ? utf8_sequence(p + i, n - i) : 0;
        if (seq) {
            for (size_t k = 0; k < seq; k++)
                put(t, (char)p[i + k]);
            i += seq - 1;
        } else if (ch < 0x20 || ch >= 0x7f) {
            put(t, '\\');
            put_hex_byte(t, ch);
        } else {
            bool special = strchr("\"+,;<>\\", ch) != NULL ||
                           (i == 0 && (ch == ' ' || ch == '#')) || (i == n - 1 && ch == ' ');
            if (special)
                put(t, '\\');
            put(t, (char)ch);
        }
    }
}

static bool is_string_tag(uint8_t tag)
{
    return tag == GT_DER_UTF8_STRING || tag == GT_DER_PRINTABLE_STRING ||
           tag == GT_DER_IA5_STRING || tag == GT_DER_TELETEX_STRING;
}

/* The value as text. Types without a plain-string reading (BMPString,
 * UniversalString, anything else) are shown as RFC 4514's "#" and the hex of
 * their whole DER encoding. */
static void put_value(text *t, uint8_t tag, const uint8_t *p, size_t n, const uint8_t *tlv,
                      size_t tlv_len)
{
    if (is_string_tag(tag)) {
        put_escaped(t, p, n, tag == GT_DER_UTF8_STRING);
        return;
    }
    put(t, '#');
    for (size_t i = 0; i < tlv_len; i++)
        put_hex_byte(t, tlv[i]);
}

/* Keeps a commonName for host matching (verify.c) and messages only if it
 * fits and is plain text: printable ASCII, or valid UTF-8 in a UTF8String.
 * Otherwise cn is "" (the escaped form is still in text). */
static void keep_cn(gt_name *name, uint8_t tag, const uint8_t *p, size_t n)
{
    name->cn[0] = '\0';
    if (!is_string_tag(tag) || n >= sizeof name->cn)
        return;
    for (size_t i = 0; i < n; i++) {
        size_t seq = tag == GT_DER_UTF8_STRING && p[i] >= 0x80 ? utf8_sequence(p + i, n - i) : 0;
        if (seq)
            i += seq - 1;
        else if (p[i] < 0x20 || p[i] >= 0x7f)
            return;
    }
    memcpy(name->cn, p, n);
    name->cn[n] = '\0';
}

/* The attribute's short name, or its dotted OID (RFC 4514 2.3). */
static void put_type(text *t, const uint8_t *oid, size_t len)
{
    char dotted[64];
    for (size_t i = 0; i < sizeof attribute_types / sizeof attribute_types[0]; i++) {
        if (gt_der_oid_equal(oid, len, attribute_types[i].oid, attribute_types[i].len)) {
            put_str(t, attribute_types[i].name);
            return;
        }
    }
    gt_der_oid_text(oid, len, dotted, sizeof dotted);
    put_str(t, dotted);
}

/* AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY } */
static bool parse_attribute(gt_reader *rdn, gt_name *name, text *t)
{
    gt_reader atv, value;
    const uint8_t *oid, *tlv, *p;
    size_t oid_len, tlv_len, n;
    uint8_t tag;
    if (!gt_der_read(rdn, GT_DER_SEQUENCE, &atv) || !gt_der_read_oid(&atv, &oid, &oid_len))
        return false;
    gt_reader at_value = atv;
    if (!gt_der_read_any(&atv, &tag, &value) || !gt_reader_done(&atv))
        return false;
    tlv_len = gt_reader_left(&at_value);
    n = gt_reader_left(&value);
    if (!gt_read_bytes(&at_value, tlv_len, &tlv) || !gt_read_bytes(&value, n, &p))
        return false;

    put_type(t, oid, oid_len);
    put(t, '=');
    put_value(t, tag, p, n, tlv, tlv_len);
    if (gt_der_oid_equal(oid, oid_len, oid_common_name, sizeof oid_common_name))
        keep_cn(name, tag, p, n);
    return true;
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName,
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue.
 * An RDN with several attributes is printed joined by '+'. */
gt_err gt_name_parse(gt_reader *r, gt_name *name, const char *which, gt_error *e)
{
    gt_reader seq, rdn;
    text t = {name->text, sizeof name->text, 0, false};
    name->cn[0] = '\0';
    if (!gt_der_read_tlv(r, GT_DER_SEQUENCE, &seq, &name->der, &name->der_len))
        return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "the certificate is malformed: the %s name",
                       which);
    for (bool first_rdn = true; !gt_reader_done(&seq); first_rdn = false) {
        if (!gt_der_read(&seq, GT_DER_SET, &rdn) || gt_reader_done(&rdn))
            goto bad;
        if (!first_rdn)
            put_str(&t, ", ");
        for (bool first = true; !gt_reader_done(&rdn); first = false) {
            if (!first)
                put(&t, '+');
            if (!parse_attribute(&rdn, name, &t))
                goto bad;
        }
    }
    text_finish(&t);
    return GT_OK;
bad:
    text_finish(&t);
    return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                   "the certificate is malformed: an attribute of the %s name", which);
}

bool gt_name_equal(const gt_name *a, const gt_name *b)
{
    return a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0;
}

size_t gt_ip_literal(const char *host, uint8_t ip[16])
{
    if (inet_pton(AF_INET, host, ip) == 1)
        return 4;
    if (inet_pton(AF_INET6, host, ip) == 1)
        return 16;
    return 0;
}
