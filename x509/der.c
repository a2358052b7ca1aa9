/* x509/der: the strict DER reader at the bottom of the x509 layer (see
 * der.h). It follows X.690 section 8 (the basic encoding) with the
 * restrictions of section 10 (DER), and RFC 5280 4.1.2.5 for the two time
 * types. All bytes pass through bytes/'s gt_reader. */
#include "x509/der.h"

#include <stdio.h>
#include <string.h>

/* X.690 8.1.2: tag numbers 0..30 fit in the low five bits of the tag byte;
 * 31 there means "the number follows in more bytes", which no certificate
 * field needs, so we refuse it. */
static bool read_tag(gt_reader *r, uint8_t *tag)
{
    if (!gt_read_u8(r, tag))
        return false;
    return (*tag & 0x1f) != 0x1f;
}

/* X.690 8.1.3 and 10.1: a length below 128 is one byte. A longer one is
 * 0x80|k followed by k big-endian bytes, and DER demands the fewest bytes:
 * no leading zero byte, and no long form for a length below 128. The byte
 * 0x80 alone announces an "indefinite" length, which only BER allows. */
static bool read_length(gt_reader *r, size_t *len)
{
    uint8_t first;
    if (!gt_read_u8(r, &first))
        return false;
    if (first < 0x80) {
        *len = first;
        return true;
    }
    unsigned k = first & 0x7f;
    if (k == 0 || k > 4) /* indefinite, or 4 GiB and more: no certificate is that big */
        return false;
    size_t v = 0;
    for (unsigned i = 0; i < k; i++) {
        uint8_t b;
        if (!gt_read_u8(r, &b))
            return false;
        if (i == 0 && b == 0)
            return false; /* a leading zero byte: not the shortest form */
        v = (v << 8) | b;
    }
    if (v < 0x80)
        return false; /* would have fit in the short form */
    *len = v;
    return true;
}

/* One TLV: reads tag and length, then hands the contents out as a
 * sub-reader that cannot see past them. */
static bool read_element(gt_reader *r, uint8_t *tag, gt_reader *contents)
{
    gt_reader start = *r;
    size_t len;
    const uint8_t *p;
    if (!read_tag(r, tag) || !read_length(r, &len) || !gt_read_bytes(r, len, &p)) {
        *r = start;
        return false;
    }
    gt_reader_init(contents, p, len);
    contents->base = gt_reader_pos(r) - len;
    return true;
}

bool gt_der_peek(const gt_reader *r, uint8_t *tag)
{
    gt_reader copy = *r;
    return gt_read_u8(&copy, tag);
}

bool gt_der_next_is(const gt_reader *r, uint8_t tag)
{
    uint8_t next;
    return gt_der_peek(r, &next) && next == tag;
}

bool gt_der_read_any(gt_reader *r, uint8_t *tag, gt_reader *contents)
{
    return read_element(r, tag, contents);
}

bool gt_der_read(gt_reader *r, uint8_t tag, gt_reader *contents)
{
    gt_reader start = *r;
    uint8_t got;
    if (!read_element(r, &got, contents))
        return false;
    if (got != tag) {
        *r = start;
        return false;
    }
    return true;
}

bool gt_der_read_tlv(gt_reader *r, uint8_t tag, gt_reader *contents, const uint8_t **tlv,
                     size_t *tlv_len)
{
    gt_reader start = *r;
    if (!gt_der_read(r, tag, contents))
        return false;
    /* Re-read the same bytes from the saved position to get their address. */
    *tlv_len = r->off - start.off;
    return gt_read_bytes(&start, *tlv_len, tlv);
}

bool gt_der_read_optional(gt_reader *r, uint8_t tag, gt_reader *contents, bool *present)
{
    *present = false;
    if (!gt_der_next_is(r, tag))
        return true;
    *present = true;
    return gt_der_read(r, tag, contents);
}

/* Reads an element of a primitive type and points *p at all its contents. */
static bool read_contents(gt_reader *r, uint8_t tag, const uint8_t **p, size_t *n)
{
    gt_reader c;
    if (!gt_der_read(r, tag, &c))
        return false;
    *n = gt_reader_left(&c);
    return gt_read_bytes(&c, *n, p);
}

bool gt_der_read_integer(gt_reader *r, const uint8_t **p, size_t *n)
{
    gt_reader start = *r;
    const uint8_t *v;
    size_t len;
    if (!read_contents(r, GT_DER_INTEGER, &v, &len))
        return false;
    /* X.690 8.3.2: the first nine bits are never all zeros or all ones; a
     * leading 0x00 is only there to keep a positive number's top bit clear. */
    bool ok = len >= 1;
    if (ok && len > 1)
        ok = !(v[0] == 0x00 && !(v[1] & 0x80)) && !(v[0] == 0xff && (v[1] & 0x80));
    if (!ok) {
        *r = start;
        return false;
    }
    *p = v;
    *n = len;
    return true;
}

bool gt_der_read_small_uint(gt_reader *r, uint32_t max, uint32_t *v)
{
    gt_reader start = *r;
    const uint8_t *p;
    size_t n;
    if (!gt_der_read_integer(r, &p, &n))
        return false;
    uint64_t value = 0;
    bool ok = !(p[0] & 0x80) && n <= 5; /* not negative; at most 0x00 + 4 bytes */
    for (size_t i = 0; ok && i < n; i++)
        value = (value << 8) | p[i];
    if (!ok || value > max) {
        *r = start;
        return false;
    }
    *v = (uint32_t)value;
    return true;
}

bool gt_der_read_boolean(gt_reader *r, bool *v)
{
    gt_reader start = *r;
    const uint8_t *p;
    size_t n;
    if (!read_contents(r, GT_DER_BOOLEAN, &p, &n))
        return false;
    if (n != 1 || (p[0] != 0x00 && p[0] != 0xff)) {
        *r = start;
        return false;
    }
    *v = p[0] == 0xff;
    return true;
}

bool gt_der_read_null(gt_reader *r)
{
    gt_reader start = *r;
    gt_reader c;
    if (!gt_der_read(r, GT_DER_NULL, &c))
        return false;
    if (!gt_reader_done(&c)) {
        *r = start;
        return false;
    }
    return true;
}

/* X.690 8.19.2: each sub-identifier is base 128, high bit set on every byte
 * but its last, in the fewest bytes (no leading 0x80 byte). */
static bool oid_is_valid(const uint8_t *p, size_t n)
{
    if (n == 0 || (p[n - 1] & 0x80))
        return false; /* empty, or the last sub-identifier is unfinished */
    bool at_start = true;
    unsigned bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (at_start && p[i] == 0x80)
            return false;
        if (++bytes > 9)
            return false; /* more than 63 bits: no OID of ours is that large */
        at_start = !(p[i] & 0x80);
        if (at_start)
            bytes = 0;
    }
    return true;
}

bool gt_der_read_oid(gt_reader *r, const uint8_t **oid, size_t *len)
{
    gt_reader start = *r;
    if (!read_contents(r, GT_DER_OID, oid, len))
        return false;
    if (!oid_is_valid(*oid, *len)) {
        *r = start;
        return false;
    }
    return true;
}

bool gt_der_oid_equal(const uint8_t *oid, size_t len, const uint8_t *known, size_t known_len)
{
    return len == known_len && memcmp(oid, known, len) == 0;
}

void gt_der_oid_text(const uint8_t *oid, size_t len, char *out, size_t cap)
{
    size_t used = 0;
    uint64_t v = 0;
    bool first = true;
    out[0] = '\0';
    for (size_t i = 0; i < len && used < cap; i++) {
        v = (v << 7) | (oid[i] & 0x7f);
        if (oid[i] & 0x80)
            continue;
        int w;
        if (first) { /* X.690 8.19.4: the first sub-identifier is 40*X + Y */
            unsigned x = v < 40 ? 0 : v < 80 ? 1 : 2;
            w = snprintf(out + used, cap - used, "%u.%llu", x, (unsigned long long)(v - 40 * x));
        } else {
            w = snprintf(out + used, cap - used, ".%llu", (unsigned long long)v);
        }
        used += w > 0 ? (size_t)w : 0;
        first = false;
        v = 0;
    }
}

bool gt_der_read_bit_string(gt_reader *r, const uint8_t **p, size_t *n, unsigned *unused_bits)
{
    gt_reader start = *r;
    gt_reader c;
    uint8_t unused;
    if (!gt_der_read(r, GT_DER_BIT_STRING, &c) || !gt_read_u8(&c, &unused))
        goto bad;
    *n = gt_reader_left(&c);
    if (!gt_read_bytes(&c, *n, p))
        goto bad;
    /* X.690 8.6.2 and 11.2.1: at most 7 unused bits, none in an empty
     * string, and the unused bits of the last byte are zero. */
    if (unused > 7 || (*n == 0 && unused != 0))
        goto bad;
    if (*n > 0 && ((*p)[*n - 1] & ((1u << unused) - 1)) != 0)
        goto bad;
    *unused_bits = unused;
    return true;
bad:
    *r = start;
    return false;
}

bool gt_der_read_bit_string_bytes(gt_reader *r, const uint8_t **p, size_t *n)
{
    gt_reader start = *r;
    unsigned unused;
    if (!gt_der_read_bit_string(r, p, n, &unused))
        return false;
    if (unused != 0) {
        *r = start;
        return false;
    }
    return true;
}

int64_t gt_unix_time(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                     unsigned second)
{
    /* Days since 1970-01-01 of a Gregorian date (Howard Hinnant's
     * days_from_civil): count years from March, so the leap day is the
     * last day of the counted year, in 400-year eras of 146097 days. */
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                                 /* [0, 399] */
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                         /* [0, 146096] */
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

static bool is_leap_year(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

/* n decimal digits at p; false if any is not a digit. */
static bool digits(const uint8_t *p, unsigned n, unsigned *v)
{
    *v = 0;
    for (unsigned i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        *v = *v * 10 + (p[i] - '0');
    }
    return true;
}

/* The year has been read; p points at "MMDDHHMMSSZ" (11 bytes). */
static bool parse_month_to_z(const uint8_t *p, unsigned year, int64_t *t)
{
    unsigned mo, d, h, mi, s;
    if (!digits(p, 2, &mo) || !digits(p + 2, 2, &d) || !digits(p + 4, 2, &h) ||
        !digits(p + 6, 2, &mi) || !digits(p + 8, 2, &s) || p[10] != 'Z')
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(year, mo) || h > 23 || mi > 59 || s > 59)
        return false;
    *t = gt_unix_time(year, mo, d, h, mi, s);
    return true;
}

bool gt_der_read_time(gt_reader *r, int64_t *t)
{
    gt_reader start = *r;
    uint8_t tag;
    const uint8_t *p;
    size_t n;
    unsigned year = 0;
    bool ok = gt_der_peek(r, &tag);
    if (ok && tag == GT_DER_UTC_TIME) {
        /* YYMMDDHHMMSSZ; RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, else 20YY. */
        ok = read_contents(r, tag, &p, &n) && n == 13 && digits(p, 2, &year);
        year += year >= 50 ? 1900 : 2000;
        ok = ok && parse_month_to_z(p + 2, year, t);
    } else if (ok && tag == GT_DER_GENERALIZED_TIME) {
        /* YYYYMMDDHHMMSSZ; RFC 5280 4.1.2.5.2: no fractional seconds. */
        ok = read_contents(r, tag, &p, &n) && n == 15 && digits(p, 4, &year) &&
             parse_month_to_z(p + 4, year, t);
    } else {
        ok = false;
    }
    if (!ok)
        *r = start;
    return ok;
}
