/* x509/cert: the certificate of lesson step 2, read: parses an X.509 v3
 * certificate (RFC 5280 4.1: Certificate, TBSCertificate; 4.2: the extensions
 * we act on), names printed as in RFC 4514. Only the encoding is judged here;
 * trust is verify.c's job (lesson step 3). */
#include "x509/cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ecdsa.h"
#include "crypto/rsa.h"
#include "x509/der.h"
#include "x509/name.h"

/* ---- Object identifiers, as DER content bytes ---------------------------- */

#define PKCS1_ARC 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01 /* 1.2.840.113549.1.1 */
#define CE_ARC    0x55, 0x1d                                     /* 2.5.29 */
#define KP_ARC    0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03       /* 1.3.6.1.5.5.7.3 */

struct oid_name {
    uint8_t oid[10];
    size_t len;
    const char *name;
    int value; /* a gt_sig_alg, or 0 */
};

static const struct oid_name algorithms[] = {
    {{PKCS1_ARC, 1}, 9, "rsaEncryption", 0},
    {{PKCS1_ARC, 4}, 9, "md5WithRSAEncryption", GT_SIG_RSA_PKCS1_MD5},
    {{PKCS1_ARC, 5}, 9, "sha1WithRSAEncryption", GT_SIG_RSA_PKCS1_SHA1},
    {{PKCS1_ARC, 11}, 9, "sha256WithRSAEncryption", GT_SIG_RSA_PKCS1_SHA256},
    {{PKCS1_ARC, 12}, 9, "sha384WithRSAEncryption", GT_SIG_RSA_PKCS1_SHA384},
    {{PKCS1_ARC, 13}, 9, "sha512WithRSAEncryption", GT_SIG_RSA_PKCS1_SHA512},
    {{PKCS1_ARC, 10}, 9, "RSASSA-PSS", GT_SIG_UNKNOWN},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, 7, "id-ecPublicKey", 0},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01}, 7, "ecdsa-with-SHA1", GT_SIG_ECDSA_SHA1},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02}, 8, "ecdsa-with-SHA256", GT_SIG_ECDSA_SHA256},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03}, 8, "ecdsa-with-SHA384", GT_SIG_ECDSA_SHA384},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04}, 8, "ecdsa-with-SHA512", GT_SIG_ECDSA_SHA512},
    {{0x2b, 0x65, 0x70}, 3, "Ed25519", GT_SIG_UNKNOWN},
};

/* The named curves of RFC 5480 2.1.1.1 that glasstls verifies with. */
static const struct oid_name curves[] = {
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}, 8, "P-256", GT_CURVE_P256}, /* secp256r1 */
    {{0x2b, 0x81, 0x04, 0x00, 0x22}, 5, "P-384", GT_CURVE_P384},                   /* secp384r1 */
    {{0x2b, 0x81, 0x04, 0x00, 0x23}, 5, "P-521", GT_CURVE_NONE},                   /* secp521r1 */
};

enum known_extension {
    EXT_UNKNOWN,
    EXT_SUBJECT_ALT_NAME,
    EXT_BASIC_CONSTRAINTS,
    EXT_KEY_USAGE,
    EXT_EXT_KEY_USAGE,
    EXT_NAME_CONSTRAINTS,
    EXT_SUBJECT_KEY_ID,
    EXT_AUTHORITY_KEY_ID,
};

/* The extensions parsed below (RFC 5280 4.2.1), and for messages the names
 * of some that this version does not read (EXT_UNKNOWN). */
static const struct oid_name extensions[] = {
    {{CE_ARC, 17}, 3, "subjectAltName", EXT_SUBJECT_ALT_NAME},
    {{CE_ARC, 19}, 3, "basicConstraints", EXT_BASIC_CONSTRAINTS},
    {{CE_ARC, 15}, 3, "keyUsage", EXT_KEY_USAGE},
    {{CE_ARC, 37}, 3, "extKeyUsage", EXT_EXT_KEY_USAGE},
    {{CE_ARC, 14}, 3, "subjectKeyIdentifier", EXT_SUBJECT_KEY_ID},
    {{CE_ARC, 35}, 3, "authorityKeyIdentifier", EXT_AUTHORITY_KEY_ID},
    {{CE_ARC, 30}, 3, "nameConstraints", EXT_NAME_CONSTRAINTS},
    {{CE_ARC, 32}, 3, "certificatePolicies", EXT_UNKNOWN},
    {{CE_ARC, 33}, 3, "policyMappings", EXT_UNKNOWN},
    {{CE_ARC, 36}, 3, "policyConstraints", EXT_UNKNOWN},
    {{CE_ARC, 54}, 3, "inhibitAnyPolicy", EXT_UNKNOWN},
};

static const struct oid_name key_purposes[] = {
    {{0x55, 0x1d, 0x25, 0x00}, 4, "anyExtendedKeyUsage", GT_EKU_ANY},
    {{KP_ARC, 1}, 8, "serverAuth", GT_EKU_SERVER_AUTH},
    {{KP_ARC, 2}, 8, "clientAuth", GT_EKU_CLIENT_AUTH},
};

#define LOOKUP(table, oid, len) lookup(table, sizeof table / sizeof table[0], oid, len)

static const struct oid_name *lookup(const struct oid_name *table, size_t n, const uint8_t *oid,
                                     size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (gt_der_oid_equal(oid, len, table[i].oid, table[i].len))
            return &table[i];
    return NULL;
}

static void oid_name(const struct oid_name *table, size_t n, const uint8_t *oid, size_t len,
                     char *out, size_t cap)
{
    const struct oid_name *known = lookup(table, n, oid, len);
    if (known)
        snprintf(out, cap, "%s", known->name);
    else
        gt_der_oid_text(oid, len, out, cap);
}

static gt_err malformed(gt_error *e, const char *what)
{
    return gt_fail(e, GT_ERR_BAD_CERTIFICATE, "the certificate is malformed: %s", what);
}

/* ---- Algorithms, keys, validity (RFC 5280 4.1.1.2, 4.1.2.3, 4.1.2.5, 4.1.2.7) */

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }.
 * *tlv covers the whole SEQUENCE, so the two copies in a certificate can be
 * compared byte for byte; params is what follows the OID. */
static bool parse_algorithm(gt_reader *r, const uint8_t **tlv, size_t *tlv_len, const uint8_t **oid,
                            size_t *oid_len, gt_reader *params)
{
    gt_reader seq;
    if (!gt_der_read_tlv(r, GT_DER_SEQUENCE, &seq, tlv, tlv_len) ||
        !gt_der_read_oid(&seq, oid, oid_len))
        return false;
    *params = seq;
    return true;
}

/* RFC 4055 5: for sha*WithRSAEncryption the parameters MUST be NULL, and
 * implementations MUST also accept them absent. */
static bool rsa_params_ok(gt_reader params)
{
    return gt_reader_done(&params) || (gt_der_read_null(&params) && gt_reader_done(&params));
}

static gt_err parse_signature_algorithm(gt_reader *r, gt_cert *c, const uint8_t **tlv,
                                        size_t *tlv_len, gt_error *e)
{
    gt_reader params;
    if (!parse_algorithm(r, tlv, tlv_len, &c->sig_alg_oid, &c->sig_alg_oid_len, &params))
        return malformed(e, "the signature algorithm");
    const struct oid_name *known = LOOKUP(algorithms, c->sig_alg_oid, c->sig_alg_oid_len);
    c->sig_alg = known ? (gt_sig_alg)known->value : GT_SIG_UNKNOWN;
    bool ecdsa = c->sig_alg >= GT_SIG_ECDSA_SHA1;
    /* RFC 5758 3.2: the ecdsa-with-SHA* identifiers have no parameters at all. */
    if (ecdsa && !gt_reader_done(&params))
        return malformed(e, "the ECDSA signature algorithm has parameters (RFC 5758 3.2 says "
                            "none)");
    if (c->sig_alg != GT_SIG_UNKNOWN && !ecdsa && !rsa_params_ok(params))
        return malformed(e, "the RSA signature algorithm's parameters are not NULL");
    return GT_OK;
}

/* RSAPublicKey inside the BIT STRING; the parameters are NULL (RFC 3279 2.3.1). */
static gt_err parse_rsa_key(gt_cert *c, gt_reader params, gt_error *e)
{
    if (!gt_der_read_null(&params) || !gt_reader_done(&params))
        return malformed(e, "the RSA public key's algorithm parameters are not NULL");
    gt_err err = gt_rsa_public_from_der(&c->rsa, c->public_key, c->public_key_len);
    if (err == GT_ERR_UNSUPPORTED_CERTIFICATE)
        return gt_fail(e, err,
                       "the certificate's RSA key is smaller than 512 or larger than "
                       "8192 bits, sizes glasstls does not use");
    if (err != GT_OK)
        return malformed(e, "its RSA public key could not be decoded");
    c->has_rsa_key = true;
    c->key_bits = gt_rsa_modulus_bits(&c->rsa);
    return GT_OK;
}

/* RFC 5480 2.1.1: the parameters are ECParameters, of which only
 * namedCurve (an OID) is allowed; the BIT STRING holds the point (2.2). A
 * curve other than P-256 or P-384 is no error here: has_ec_key stays false. */
static gt_err parse_ec_key(gt_cert *c, gt_reader params, gt_error *e)
{
    const uint8_t *oid;
    size_t len;
    if (!gt_der_read_oid(&params, &oid, &len) || !gt_reader_done(&params))
        return malformed(e, "the EC public key's parameters are not a named curve (RFC 5480 "
                            "2.1.1)");
    const struct oid_name *curve = LOOKUP(curves, oid, len);
    if (!curve || curve->value == GT_CURVE_NONE)
        return GT_OK;
    size_t bytes = curve->value == GT_CURVE_P256 ? 32 : 48;
    if (gt_ecdsa_public_from_point(&c->ec, bytes, c->public_key, c->public_key_len) != GT_OK)
        return malformed(e, "its EC public key is not an uncompressed point on the curve");
    c->has_ec_key = true;
    c->curve = (gt_curve)curve->value;
    c->key_bits = (unsigned)bytes * 8;
    return GT_OK;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 * subjectPublicKey BIT STRING }. For rsaEncryption the BIT STRING holds an
 * RSAPublicKey (RFC 3279 2.3.1) and the parameters are NULL. Other key types
 * are kept as bytes: the handshake refuses them with unsupported_certificate. */
static gt_err parse_public_key(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader spki, params;
    const uint8_t *tlv;
    size_t tlv_len;
    unsigned unused;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &spki) ||
        !parse_algorithm(&spki, &tlv, &tlv_len, &c->key_alg_oid, &c->key_alg_oid_len, &params) ||
        !gt_der_read_bit_string(&spki, &c->public_key, &c->public_key_len, &unused) ||
        !gt_reader_done(&spki))
        return malformed(e, "the subject public key info");
    if (gt_der_oid_equal(c->key_alg_oid, c->key_alg_oid_len, algorithms[0].oid, algorithms[0].len))
        return unused != 0 ? malformed(e, "the RSA public key is not whole bytes")
                           : parse_rsa_key(c, params, e);
    if (gt_der_oid_equal(c->key_alg_oid, c->key_alg_oid_len, algorithms[7].oid, algorithms[7].len))
        return unused != 0 ? malformed(e, "the EC public key is not whole bytes")
                           : parse_ec_key(c, params, e);
    return GT_OK;
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
static gt_err parse_validity(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader v;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &v) || !gt_der_read_time(&v, &c->not_before) ||
        !gt_der_read_time(&v, &c->not_after) || !gt_reader_done(&v))
        return malformed(e, "the validity period (a time must be YYMMDDHHMMSSZ or "
                            "YYYYMMDDHHMMSSZ, RFC 5280 4.1.2.5)");
    return GT_OK;
}

/* ---- Extensions (RFC 5280 4.2) --------------------------------------------- */

/* A dNSName (an IA5String): printable ASCII without spaces, copied with a NUL. */
static bool read_dns_name(gt_reader *name, char out[256])
{
    const uint8_t *p;
    size_t n = gt_reader_left(name);
    if (n == 0 || n >= 256 || !gt_read_bytes(name, n, &p))
        return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] <= 0x20 || p[i] >= 0x7f) /* host names are printable ASCII */
            return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static gt_err add_san_ip(gt_reader *name, gt_cert *c, gt_error *e)
{
    size_t n = gt_reader_left(name);
    const uint8_t *p;
    if ((n != 4 && n != 16) || !gt_read_bytes(name, n, &p))
        return malformed(e, "an iPAddress in subjectAltName is neither 4 (IPv4) nor 16 (IPv6) "
                            "bytes");
    if (c->n_ip == GT_CERT_MAX_SANS) { /* bounded as the dNSNames are */
        c->ip_truncated = true;
        return GT_OK;
    }
    memcpy(c->ip[c->n_ip], p, n);
    c->ip_len[c->n_ip++] = (uint8_t)n;
    return GT_OK;
}

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; we keep the
 * dNSName [2] IA5String and iPAddress [7] OCTET STRING entries and step over
 * the other kinds. */
static gt_err parse_subject_alt_name(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader names, name;
    uint8_t tag;
    c->has_san = true;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &names) || gt_reader_done(&names))
        return malformed(e, "the subjectAltName extension");
    while (!gt_reader_done(&names)) {
        if (!gt_der_read_any(&names, &tag, &name) || (tag & 0xc0) != 0x80)
            return malformed(e, "a name in the subjectAltName extension");
        if (tag == GT_DER_CONTEXT(7)) {
            gt_err err = add_san_ip(&name, c, e);
            if (err != GT_OK)
                return err;
            continue;
        }
        if (tag != GT_DER_CONTEXT(2))
            continue;
        char dns[256];
        if (!read_dns_name(&name, dns))
            return malformed(e, "a dNSName in subjectAltName is empty, too long, or holds a "
                                "character no host name has");
        if (c->n_dns == GT_CERT_MAX_SANS) {
            c->dns_truncated = true;
            continue;
        }
        memcpy(c->dns[c->n_dns++], dns, sizeof dns);
    }
    return GT_OK;
}

/* GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance
 * DEFAULT 0, maximum [1] BaseDistance OPTIONAL }. RFC 5280 4.2.1.10: minimum
 * MUST be zero (so DER leaves it out) and maximum MUST be absent. */
static bool read_subtree(gt_reader *r, gt_subtree *t)
{
    gt_reader seq, base;
    uint8_t tag;
    memset(t, 0, sizeof *t);
    if (!gt_der_read(r, GT_DER_SEQUENCE, &seq) || !gt_der_read_any(&seq, &tag, &base) ||
        !gt_reader_done(&seq) || (tag & 0xc0) != 0x80)
        return false;
    t->tag = tag;
    if (tag == GT_DER_CONTEXT(2)) {
        t->kind = GT_SUBTREE_DNS;
        /* An empty dNSName constraint would match every name; a leading dot
         * is allowed ("subdomains only"). */
        return read_dns_name(&base, t->dns);
    }
    if (tag == GT_DER_CONTEXT(7)) {
        const uint8_t *p;
        t->kind = GT_SUBTREE_IP;
        t->ip_len = gt_reader_left(&base);
        return (t->ip_len == 8 || t->ip_len == 32) && gt_read_bytes(&base, t->ip_len, &p) &&
               memcpy(t->ip, p, t->ip_len);
    }
    t->kind = GT_SUBTREE_OTHER;
    return true;
}

static gt_err parse_subtrees(gt_reader *list, gt_subtree *out, size_t *n, const char *which,
                             gt_error *e)
{
    if (gt_reader_done(list))
        return malformed(e, "nameConstraints has an empty list of subtrees");
    while (!gt_reader_done(list)) {
        if (*n == GT_CERT_MAX_SUBTREES)
            return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                           "nameConstraints has more than %d %s subtrees", GT_CERT_MAX_SUBTREES,
                           which);
        if (!read_subtree(list, &out[*n]))
            return malformed(e, "a subtree of the nameConstraints extension");
        ++*n;
    }
    return GT_OK;
}

/* NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
 * RFC 5280 4.2.1.10: only in CA certificates, never empty. */
static gt_err parse_name_constraints(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader nc, list;
    bool present, any = false;
    c->has_name_constraints = true;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &nc))
        return malformed(e, "the nameConstraints extension");
    if (!gt_der_read_optional(&nc, GT_DER_CONTEXT_CONSTRUCTED(0), &list, &present))
        return malformed(e, "the nameConstraints extension");
    gt_err err = GT_OK;
    if (present) {
        any = true;
        err = parse_subtrees(&list, c->permitted, &c->n_permitted, "permitted", e);
    }
    if (err == GT_OK && !gt_der_read_optional(&nc, GT_DER_CONTEXT_CONSTRUCTED(1), &list, &present))
        return malformed(e, "the nameConstraints extension");
    if (err == GT_OK && present) {
        any = true;
        err = parse_subtrees(&list, c->excluded, &c->n_excluded, "excluded", e);
    }
    if (err == GT_OK && (!any || !gt_reader_done(&nc)))
        return malformed(e, "the nameConstraints extension is empty or has extra fields");
    return err;
}

/* KeyIdentifier ::= OCTET STRING, kept when at most GT_CERT_MAX_KEY_ID
 * bytes. RFC 5280 4.2.1.2 sets no length, and the identifier is only a hint
 * for path building: a longer one is well formed, just not kept (length 0). */
static bool copy_key_id(gt_reader *id, uint8_t *out, size_t *len)
{
    const uint8_t *p;
    size_t n = gt_reader_left(id);
    if (n == 0 || !gt_read_bytes(id, n, &p))
        return false;
    if (n > GT_CERT_MAX_KEY_ID)
        n = 0;
    memcpy(out, p, n);
    *len = n;
    return true;
}

/* SubjectKeyIdentifier ::= KeyIdentifier (RFC 5280 4.2.1.2). */
static gt_err parse_subject_key_id(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader id;
    if (!gt_der_read(r, GT_DER_OCTET_STRING, &id) || !copy_key_id(&id, c->ski, &c->ski_len))
        return malformed(e, "the subjectKeyIdentifier extension");
    return GT_OK;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
 *     authorityCertIssuer [1] GeneralNames OPTIONAL,
 *     authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
 * (RFC 5280 4.2.1.1); the last two come together or not at all. */
static gt_err parse_authority_key_id(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader aki, id, names, serial;
    bool has_id, has_names, has_serial;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &aki) ||
        !gt_der_read_optional(&aki, GT_DER_CONTEXT(0), &id, &has_id) ||
        (has_id && !copy_key_id(&id, c->aki, &c->aki_len)) ||
        !gt_der_read_optional(&aki, GT_DER_CONTEXT_CONSTRUCTED(1), &names, &has_names) ||
        !gt_der_read_optional(&aki, GT_DER_CONTEXT(2), &serial, &has_serial) ||
        !gt_reader_done(&aki) || has_names != has_serial)
        return malformed(e, "the authorityKeyIdentifier extension");
    return GT_OK;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 *                                 pathLenConstraint INTEGER (0..MAX) OPTIONAL }
 * DER leaves a DEFAULT value out, so an encoded cA is always TRUE. */
static gt_err parse_basic_constraints(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader bc;
    c->has_basic_constraints = true;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &bc))
        return malformed(e, "the basicConstraints extension");
    if (gt_der_next_is(&bc, GT_DER_BOOLEAN)) {
        if (!gt_der_read_boolean(&bc, &c->is_ca))
            return malformed(e, "the basicConstraints extension");
        if (!c->is_ca)
            return malformed(e, "basicConstraints encodes cA FALSE, its default (not DER)");
    }
    c->has_path_len = gt_der_next_is(&bc, GT_DER_INTEGER);
    if ((c->has_path_len && !gt_der_read_small_uint(&bc, 0x7fffffff, &c->path_len)) ||
        !gt_reader_done(&bc))
        return malformed(e, "the basicConstraints extension");
    if (c->has_path_len && !c->is_ca)
        return malformed(e, "basicConstraints has a pathLenConstraint but cA is not set");
    return GT_OK;
}

/* KeyUsage ::= BIT STRING { digitalSignature (0), ..., decipherOnly (8) };
 * bit 0 is the most significant bit of the first byte. At least one bit
 * must be set (RFC 5280 4.2.1.3). (X.690 11.2.2 also wants trailing zero
 * bits dropped from such a named-bit list; we do not insist on that.) */
static gt_err parse_key_usage(gt_reader *r, gt_cert *c, gt_error *e)
{
    const uint8_t *p;
    size_t n;
    unsigned unused;
    if (!gt_der_read_bit_string(r, &p, &n, &unused))
        return malformed(e, "the keyUsage extension");
    c->has_key_usage = true;
    for (unsigned bit = 0; bit <= 8 && bit / 8 < n; bit++)
        if (p[bit / 8] & (0x80 >> (bit % 8)))
            c->key_usage |= (uint16_t)(1u << bit);
    if (c->key_usage == 0)
        return malformed(e, "the keyUsage extension has no bit set");
    return GT_OK;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (an OID). */
static gt_err parse_ext_key_usage(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader seq;
    const uint8_t *oid;
    size_t len;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &seq) || gt_reader_done(&seq))
        return malformed(e, "the extKeyUsage extension");
    c->has_ext_key_usage = true;
    while (!gt_reader_done(&seq)) {
        if (!gt_der_read_oid(&seq, &oid, &len))
            return malformed(e, "the extKeyUsage extension");
        const struct oid_name *known = LOOKUP(key_purposes, oid, len);
        c->ext_key_usage |= known ? (uint8_t)known->value : GT_EKU_OTHER;
    }
    return GT_OK;
}

static gt_err parse_known_extension(int which, gt_reader *value, gt_cert *c, gt_error *e)
{
    switch (which) {
    case EXT_SUBJECT_ALT_NAME: return parse_subject_alt_name(value, c, e);
    case EXT_BASIC_CONSTRAINTS: return parse_basic_constraints(value, c, e);
    case EXT_KEY_USAGE: return parse_key_usage(value, c, e);
    case EXT_EXT_KEY_USAGE: return parse_ext_key_usage(value, c, e);
    case EXT_NAME_CONSTRAINTS: return parse_name_constraints(value, c, e);
    case EXT_SUBJECT_KEY_ID: return parse_subject_key_id(value, c, e);
    case EXT_AUTHORITY_KEY_ID: return parse_authority_key_id(value, c, e);
    default: return GT_OK; /* not reached: unknown ones are not parsed */
    }
}

#define MAX_EXTENSIONS 32

/* The OIDs of the extensions seen so far, to refuse a second copy. */
typedef struct seen_extensions {
    const uint8_t *oid[MAX_EXTENSIONS];
    size_t len[MAX_EXTENSIONS];
    size_t n;
} seen_extensions;

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 *                          extnValue OCTET STRING (the DER of the extension) }
 * DER leaves a DEFAULT value out, so a critical field that is there is TRUE. */
static bool read_extension(gt_reader *r, const uint8_t **oid, size_t *oid_len, bool *critical,
                           gt_reader *value)
{
    gt_reader ext;
    *critical = false;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &ext) || !gt_der_read_oid(&ext, oid, oid_len))
        return false;
    if (gt_der_next_is(&ext, GT_DER_BOOLEAN) &&
        (!gt_der_read_boolean(&ext, critical) || !*critical))
        return false;
    return gt_der_read(&ext, GT_DER_OCTET_STRING, value) && gt_reader_done(&ext);
}

/* RFC 5280 4.2: "A certificate MUST NOT include more than one instance of a
 * particular extension." */
static gt_err remember_extension(seen_extensions *seen, const uint8_t *oid, size_t len,
                                 const char *name, gt_error *e)
{
    for (size_t i = 0; i < seen->n; i++)
        if (gt_der_oid_equal(oid, len, seen->oid[i], seen->len[i]))
            return gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                           "the certificate has the %s extension twice; RFC 5280 4.2 allows "
                           "each extension once",
                           name);
    if (seen->n == MAX_EXTENSIONS)
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "the certificate has more than %d extensions", MAX_EXTENSIONS);
    seen->oid[seen->n] = oid;
    seen->len[seen->n++] = len;
    return GT_OK;
}

/* First pass over the list: each extension well formed and there once, so
 * that a duplicate is reported as such whatever its contents. */
static gt_err check_extension_list(gt_reader list, gt_error *e)
{
    seen_extensions seen = {.n = 0};
    gt_reader value;
    const uint8_t *oid;
    size_t oid_len;
    bool critical;
    char name[64];
    while (!gt_reader_done(&list)) {
        if (!read_extension(&list, &oid, &oid_len, &critical, &value))
            return malformed(e, "an extension (or critical FALSE encoded, which DER leaves out)");
        oid_name(extensions, sizeof extensions / sizeof extensions[0], oid, oid_len, name,
                 sizeof name);
        gt_err err = remember_extension(&seen, oid, oid_len, name, e);
        if (err != GT_OK)
            return err;
    }
    return GT_OK;
}

static gt_err parse_extension(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader value;
    const uint8_t *oid;
    size_t oid_len;
    bool critical;
    char name[64];
    gt_err err;
    if (!read_extension(r, &oid, &oid_len, &critical, &value))
        return malformed(e, "an extension");
    oid_name(extensions, sizeof extensions / sizeof extensions[0], oid, oid_len, name, sizeof name);

    const struct oid_name *known = LOOKUP(extensions, oid, oid_len);
    int which = known ? known->value : EXT_UNKNOWN;
    if (which == EXT_UNKNOWN && critical)
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "the certificate has a critical %s extension, which glasstls does not "
                       "implement; RFC 5280 4.2 says to reject it",
                       name);
    if (which == EXT_UNKNOWN)
        return GT_OK; /* not critical: RFC 5280 4.2 lets us ignore it */
    err = parse_known_extension(which, &value, c, e);
    if (err == GT_OK && !gt_reader_done(&value))
        err = gt_fail(e, GT_ERR_BAD_CERTIFICATE,
                      "the certificate is malformed: bytes follow its %s extension", name);
    return err;
}

/* extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension */
static gt_err parse_extensions(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader wrapper, list;
    bool present;
    if (!gt_der_read_optional(r, GT_DER_CONTEXT_CONSTRUCTED(3), &wrapper, &present))
        return malformed(e, "the extensions");
    if (!present)
        return GT_OK;
    if (c->version != 3)
        return malformed(e, "a version 1 certificate has extensions");
    if (!gt_der_read(&wrapper, GT_DER_SEQUENCE, &list) || !gt_reader_done(&wrapper) ||
        gt_reader_done(&list))
        return malformed(e, "the extensions");
    gt_err err = check_extension_list(list, e);
    if (err != GT_OK)
        return err;
    while (!gt_reader_done(&list)) {
        gt_err err = parse_extension(&list, c, e);
        if (err != GT_OK)
            return err;
    }
    return GT_OK;
}

/* ---- TBSCertificate and Certificate (RFC 5280 4.1) ------------------------- */

/* version [0] EXPLICIT Version DEFAULT v1, where v1(0), v2(1), v3(2). */
static gt_err parse_version(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader wrapper;
    bool present;
    uint32_t v;
    c->version = 1;
    if (!gt_der_read_optional(r, GT_DER_CONTEXT_CONSTRUCTED(0), &wrapper, &present))
        return malformed(e, "the version");
    if (!present)
        return GT_OK;
    if (!gt_der_read_small_uint(&wrapper, 0xff, &v) || !gt_reader_done(&wrapper) || v == 0)
        return malformed(e, "the version (or v1 encoded, which DER leaves out)");
    if (v != 2)
        return gt_fail(e, GT_ERR_UNSUPPORTED_CERTIFICATE,
                       "the certificate has version %u; glasstls reads versions 1 and 3", v + 1);
    c->version = 3;
    return GT_OK;
}

/* serialNumber CertificateSerialNumber (an INTEGER; RFC 5280 4.1.2.2 allows
 * up to 20 octets, we keep up to 32 to accept slightly non-conforming CAs). */
static gt_err parse_serial(gt_reader *r, gt_cert *c, gt_error *e)
{
    const uint8_t *p;
    size_t n;
    if (!gt_der_read_integer(r, &p, &n) || n > sizeof c->serial)
        return malformed(e, "the serial number");
    memcpy(c->serial, p, n);
    c->serial_len = n;
    return GT_OK;
}

/* issuerUniqueID [1] IMPLICIT BIT STRING OPTIONAL and subjectUniqueID [2]:
 * from version 2 on, and unused today; we only step over them. */
static gt_err skip_unique_ids(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader id;
    bool present;
    for (int tag = 1; tag <= 2; tag++) {
        if (!gt_der_read_optional(r, GT_DER_CONTEXT(tag), &id, &present) ||
            (present && c->version == 1))
            return malformed(e, "a unique identifier");
    }
    return GT_OK;
}

/* TBSCertificate ::= SEQUENCE { version, serialNumber, signature, issuer,
 *     validity, subject, subjectPublicKeyInfo, issuerUniqueID, subjectUniqueID,
 *     extensions }: read in that order, each step only if the last succeeded. */
static gt_err parse_tbs(gt_reader *tbs, gt_cert *c, const uint8_t **alg, size_t *alg_len,
                        gt_error *e)
{
    gt_err err = parse_version(tbs, c, e);
    if (err == GT_OK)
        err = parse_serial(tbs, c, e);
    if (err == GT_OK)
        err = parse_signature_algorithm(tbs, c, alg, alg_len, e);
    if (err == GT_OK)
        err = gt_name_parse(tbs, &c->issuer, "issuer", e);
    if (err == GT_OK)
        err = parse_validity(tbs, c, e);
    if (err == GT_OK)
        err = gt_name_parse(tbs, &c->subject, "subject", e);
    if (err == GT_OK)
        err = parse_public_key(tbs, c, e);
    if (err == GT_OK)
        err = skip_unique_ids(tbs, c, e);
    if (err == GT_OK)
        err = parse_extensions(tbs, c, e);
    if (err == GT_OK && !gt_reader_done(tbs))
        err = malformed(e, "bytes follow the last field of the TBSCertificate");
    return err;
}

/* Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
 *     signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 * RFC 5280 4.1.1.2: signatureAlgorithm MUST be the same algorithm identifier
 * as the signature field inside the TBSCertificate. */
static gt_err parse_certificate(gt_reader *r, gt_cert *c, gt_error *e)
{
    gt_reader cert, tbs, params;
    const uint8_t *inner, *outer, *oid;
    size_t inner_len, outer_len, oid_len;
    if (!gt_der_read(r, GT_DER_SEQUENCE, &cert) || !gt_reader_done(r))
        return malformed(e, "the outer SEQUENCE (lengths wrong, truncated, or bytes after it)");
    if (!gt_der_read_tlv(&cert, GT_DER_SEQUENCE, &tbs, &c->tbs, &c->tbs_len))
        return malformed(e, "the TBSCertificate");
    gt_err err = parse_tbs(&tbs, c, &inner, &inner_len, e);
    if (err != GT_OK)
        return err;
    if (!parse_algorithm(&cert, &outer, &outer_len, &oid, &oid_len, &params))
        return malformed(e, "the outer signature algorithm");
    if (outer_len != inner_len || memcmp(outer, inner, inner_len) != 0)
        return malformed(e, "the outer signature algorithm differs from the one inside the "
                            "signed part (RFC 5280 4.1.1.2)");
    if (!gt_der_read_bit_string_bytes(&cert, &c->sig, &c->sig_len) || !gt_reader_done(&cert))
        return malformed(e, "the signature value");
    return GT_OK;
}

gt_err gt_cert_parse(gt_cert *c, const uint8_t *der, size_t len, gt_error *e)
{
    memset(c, 0, sizeof *c);
    if (!der || len == 0)
        return malformed(e, "it is empty");
    c->der = malloc(len);
    if (!c->der)
        return gt_fail(e, GT_ERR_INTERNAL, "out of memory for a certificate of %zu bytes", len);
    memcpy(c->der, der, len);
    c->der_len = len;

    gt_reader r;
    gt_reader_init(&r, c->der, c->der_len);
    gt_err err = parse_certificate(&r, c, e);
    if (err != GT_OK)
        gt_cert_free(c);
    return err;
}

void gt_cert_free(gt_cert *c)
{
    if (c->has_rsa_key)
        gt_rsa_free(&c->rsa);
    if (c->has_ec_key)
        ecc_free(&c->ec);
    free(c->der);
    memset(c, 0, sizeof *c);
}

void gt_cert_sig_alg_name(const gt_cert *c, char *out, size_t cap)
{
    oid_name(algorithms, sizeof algorithms / sizeof algorithms[0], c->sig_alg_oid,
             c->sig_alg_oid_len, out, cap);
}

void gt_cert_key_alg_name(const gt_cert *c, char *out, size_t cap)
{
    oid_name(algorithms, sizeof algorithms / sizeof algorithms[0], c->key_alg_oid,
             c->key_alg_oid_len, out, cap);
}

const char *gt_curve_name(gt_curve curve)
{
    return curve == GT_CURVE_P256 ? "P-256" : curve == GT_CURVE_P384 ? "P-384" : NULL;
}

void gt_cert_key_text(const gt_cert *c, char *out, size_t cap)
{
    char name[64];
    if (c->has_rsa_key)
        snprintf(out, cap, "RSA-%u", c->key_bits);
    else if (c->has_ec_key)
        snprintf(out, cap, "ECDSA %s", gt_curve_name(c->curve));
    else {
        gt_cert_key_alg_name(c, name, sizeof name);
        snprintf(out, cap, "%s", name);
    }
}

void gt_time_format(int64_t t, char out[32])
{
    /* Split into days and seconds of the day, rounding days down for times
     * before 1970, then Howard Hinnant's civil_from_days (the inverse of
     * gt_unix_time in der.c). */
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* March = 0 */
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    long long year = (long long)(yoe + era * 400 + (month <= 2));
    /* Formatted into a larger buffer first: a year beyond 9999 (no
     * certificate has one) is cut off rather than overflowing out. */
    char full[80];
    snprintf(full, sizeof full, "%04lld-%02d-%02d %02d:%02d:%02d UTC", year, month, day,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    size_t n = strlen(full) < 31 ? strlen(full) : 31;
    memcpy(out, full, n);
    out[n] = '\0';
}
