/* x509/der: the x509 layer's reader of DER, the Distinguished Encoding Rules
 * of ASN.1 (ITU-T X.690 sections 8 and 10) that certificates are written in
 * (RFC 5280 4.1). DER allows exactly one encoding of each value, so anything
 * else (indefinite or non-minimal lengths, non-minimal integers) is rejected. */
#ifndef GT_DER_H
#define GT_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/bytes.h"

/* Every DER element is a TLV: a tag byte, a length, and that many content
 * bytes. The tag byte holds the class (top two bits), whether the contents
 * are themselves TLVs ("constructed", bit 0x20) and the tag number. */
enum gt_der_tag {
    GT_DER_BOOLEAN = 0x01,
    GT_DER_INTEGER = 0x02,
    GT_DER_BIT_STRING = 0x03,
    GT_DER_OCTET_STRING = 0x04,
    GT_DER_NULL = 0x05,
    GT_DER_OID = 0x06,
    GT_DER_UTF8_STRING = 0x0c,
    GT_DER_PRINTABLE_STRING = 0x13,
    GT_DER_TELETEX_STRING = 0x14,
    GT_DER_IA5_STRING = 0x16,
    GT_DER_UTC_TIME = 0x17,
    GT_DER_GENERALIZED_TIME = 0x18,
    GT_DER_UNIVERSAL_STRING = 0x1c,
    GT_DER_BMP_STRING = 0x1e,
    GT_DER_SEQUENCE = 0x30, /* constructed */
    GT_DER_SET = 0x31,      /* constructed */
};
#define GT_DER_CONSTRUCTED 0x20
/* Context-specific tags [n] of the ASN.1 modules: [n] IMPLICIT on a primitive
 * type is 0x80|n; [n] EXPLICIT, or IMPLICIT on a constructed type, 0xa0|n. */
#define GT_DER_CONTEXT(n)             (0x80 | (n))
#define GT_DER_CONTEXT_CONSTRUCTED(n) (0xa0 | (n))

/* All readers below either succeed completely or fail and leave the reader
 * where it was. They fail on any encoding DER does not allow. */

/* The tag of the next element, without consuming it. */
bool gt_der_peek(const gt_reader *r, uint8_t *tag);
/* Reads one element whose tag is exactly `tag`; *contents reads its contents. */
bool gt_der_read(gt_reader *r, uint8_t tag, gt_reader *contents);
/* Same, and also points *tlv at the whole element (tag and length included),
 * for the bytes a signature covers or a Name compared byte for byte. */
bool gt_der_read_tlv(gt_reader *r, uint8_t tag, gt_reader *contents, const uint8_t **tlv,
                     size_t *tlv_len);
/* Reads one element whatever its tag. */
bool gt_der_read_any(gt_reader *r, uint8_t *tag, gt_reader *contents);
/* Is the next element's tag `tag`? (For an OPTIONAL field read with a typed reader.) */
bool gt_der_next_is(const gt_reader *r, uint8_t tag);
/* An OPTIONAL or DEFAULT field: if the next element has this tag it is read
 * and *present is true; otherwise nothing is read and *present is false.
 * Fails only on a malformed element. */
bool gt_der_read_optional(gt_reader *r, uint8_t tag, gt_reader *contents, bool *present);

/* INTEGER (X.690 8.3): p and n receive the two's-complement content bytes, big
 * endian, at least one. A leading 0x00 or 0xff that could be dropped is not DER. */
bool gt_der_read_integer(gt_reader *r, const uint8_t **p, size_t *n);
/* An INTEGER that must be 0 <= v <= max (a version, a path length). */
bool gt_der_read_small_uint(gt_reader *r, uint32_t max, uint32_t *v);
/* BOOLEAN: DER writes TRUE as 0xff only (X.690 11.1). */
bool gt_der_read_boolean(gt_reader *r, bool *v);
bool gt_der_read_null(gt_reader *r);
/* OBJECT IDENTIFIER (X.690 8.19): the encoded sub-identifiers, checked to be
 * minimal and complete. Compare them with gt_der_oid_equal. */
bool gt_der_read_oid(gt_reader *r, const uint8_t **oid, size_t *len);
bool gt_der_oid_equal(const uint8_t *oid, size_t len, const uint8_t *known, size_t known_len);
/* Dotted text ("1.2.840.113549.1.1.11") of an OID that gt_der_read_oid accepted. */
void gt_der_oid_text(const uint8_t *oid, size_t len, char *out, size_t cap);
/* BIT STRING (X.690 8.6): the first content byte counts the unused bits at
 * the end; DER requires those bits to be zero. gt_der_read_bit_string allows
 * 0..7 unused bits (named-bit lists like keyUsage); gt_der_read_bit_string_bytes
 * requires 0 (keys and signatures are whole bytes). */
bool gt_der_read_bit_string(gt_reader *r, const uint8_t **p, size_t *n, unsigned *unused_bits);
bool gt_der_read_bit_string_bytes(gt_reader *r, const uint8_t **p, size_t *n);
/* UTCTime or GeneralizedTime as RFC 5280 4.1.2.5 restricts them:
 * YYMMDDHHMMSSZ (YY >= 50 means 19YY, else 20YY) or YYYYMMDDHHMMSSZ;
 * seconds present, 'Z' required, no fractions. *t is in unix seconds (UTC). */
bool gt_der_read_time(gt_reader *r, int64_t *t);
/* Unix seconds of a UTC calendar date and time (proleptic Gregorian calendar). */
int64_t gt_unix_time(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                     unsigned second);

#endif
