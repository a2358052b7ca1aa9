/* x509/cert: one X.509 v3 certificate as lesson steps 2 and 3 see it, parsed
 * from its DER into a struct (RFC 5280 section 4.1 for the fields, 4.2 for
 * the extensions). Parsing only decodes and checks the encoding; whether to
 * trust the certificate is decided in verify.c. */
#ifndef GT_CERT_H
#define GT_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"
#include "x509/name.h"

#define GT_CERT_MAX_SANS     16
#define GT_CERT_MAX_SUBTREES 8 /* per list (permitted, excluded) of nameConstraints */
#define GT_CERT_MAX_KEY_ID   64

typedef enum gt_sig_alg {
    GT_SIG_UNKNOWN,
    GT_SIG_RSA_PKCS1_MD5, /* broken: recognised only to be refused by name */
    GT_SIG_RSA_PKCS1_SHA1,
    GT_SIG_RSA_PKCS1_SHA256,
    GT_SIG_RSA_PKCS1_SHA384,
    GT_SIG_RSA_PKCS1_SHA512,
    GT_SIG_ECDSA_SHA1,
    GT_SIG_ECDSA_SHA256,
    GT_SIG_ECDSA_SHA384,
    GT_SIG_ECDSA_SHA512
} gt_sig_alg;

/* The named elliptic curves a certificate key may be on (RFC 5480 2.1.1.1). */
typedef enum gt_curve { GT_CURVE_NONE, GT_CURVE_P256, GT_CURVE_P384 } gt_curve;

/* One GeneralSubtree of nameConstraints (RFC 5280 4.2.1.10), in the two
 * forms glasstls checks: a dNSName ("example.com", ".example.com") or an
 * iPAddress with its mask (8 bytes for IPv4, 32 for IPv6). */
typedef enum gt_subtree_kind { GT_SUBTREE_DNS, GT_SUBTREE_IP, GT_SUBTREE_OTHER } gt_subtree_kind;
typedef struct gt_subtree {
    gt_subtree_kind kind;
    char dns[256];
    uint8_t ip[32]; /* address then mask */
    size_t ip_len;  /* 8 or 32 */
    uint8_t tag;    /* the GeneralName tag, for messages about other kinds */
} gt_subtree;

/* keyUsage bits (RFC 5280 4.2.1.3), bit n of the BIT STRING as 1 << n. */
enum gt_key_usage {
    GT_KU_DIGITAL_SIGNATURE = 1 << 0,
    GT_KU_NON_REPUDIATION = 1 << 1,
    GT_KU_KEY_ENCIPHERMENT = 1 << 2,
    GT_KU_DATA_ENCIPHERMENT = 1 << 3,
    GT_KU_KEY_AGREEMENT = 1 << 4,
    GT_KU_KEY_CERT_SIGN = 1 << 5,
    GT_KU_CRL_SIGN = 1 << 6,
    GT_KU_ENCIPHER_ONLY = 1 << 7,
    GT_KU_DECIPHER_ONLY = 1 << 8,
};

/* extKeyUsage purposes we recognise (RFC 5280 4.2.1.12). */
enum gt_ext_key_usage {
    GT_EKU_ANY = 1 << 0, /* anyExtendedKeyUsage */
    GT_EKU_SERVER_AUTH = 1 << 1,
    GT_EKU_CLIENT_AUTH = 1 << 2,
    GT_EKU_OTHER = 1 << 3, /* some purpose not listed here */
};

typedef struct gt_cert {
    uint8_t *der; /* owned copy of the whole certificate */
    size_t der_len;
    const uint8_t *tbs; /* TBSCertificate, the signed bytes (points into der) */
    size_t tbs_len;
    int version; /* 1 or 3 */
    uint8_t serial[32];
    size_t serial_len;
    gt_sig_alg sig_alg;
    const uint8_t *sig; /* signatureValue (points into der) */
    size_t sig_len;
    gt_name issuer, subject;
    int64_t not_before, not_after; /* unix seconds, UTC */
    bool has_rsa_key;
    rsa_key rsa;
    unsigned key_bits;
    size_t n_dns;
    char dns[GT_CERT_MAX_SANS][256]; /* subjectAltName dNSName entries */
    bool has_basic_constraints, is_ca;

    /* The algorithm OIDs as found, for messages about ones we do not know. */
    const uint8_t *sig_alg_oid;
    size_t sig_alg_oid_len;
    const uint8_t *key_alg_oid;
    size_t key_alg_oid_len;
    const uint8_t *public_key; /* subjectPublicKey BIT STRING contents */
    size_t public_key_len;
    bool dns_truncated; /* more than GT_CERT_MAX_SANS dNSNames: the rest were dropped */
    bool has_path_len;  /* basicConstraints pathLenConstraint */
    uint32_t path_len;
    bool has_key_usage;
    uint16_t key_usage; /* enum gt_key_usage bits */
    bool has_ext_key_usage;
    uint8_t ext_key_usage; /* enum gt_ext_key_usage bits */

    /* An elliptic-curve key (id-ecPublicKey, RFC 5480), for ECDSA signatures. */
    bool has_ec_key;
    gt_curve curve;
    ecc_key ec;
    /* subjectAltName iPAddress entries: 4 bytes (IPv4) or 16 (IPv6). */
    size_t n_ip;
    uint8_t ip[GT_CERT_MAX_SANS][16];
    uint8_t ip_len[GT_CERT_MAX_SANS];
    bool ip_truncated; /* more than GT_CERT_MAX_SANS iPAddresses: the rest were dropped */
    bool has_san;      /* a subjectAltName extension is present, of whatever kinds */
    /* nameConstraints (RFC 5280 4.2.1.10): what names certificates below this CA may hold. */
    bool has_name_constraints;
    size_t n_permitted, n_excluded;
    gt_subtree permitted[GT_CERT_MAX_SUBTREES], excluded[GT_CERT_MAX_SUBTREES];
    /* subjectKeyIdentifier and the keyIdentifier of authorityKeyIdentifier
     * (RFC 5280 4.2.1.1, 4.2.1.2): hints that say which key signed this one. */
    uint8_t ski[GT_CERT_MAX_KEY_ID], aki[GT_CERT_MAX_KEY_ID];
    size_t ski_len, aki_len;
} gt_cert;

/* Parses a DER certificate into *c, keeping its own copy of the bytes.
 * On failure *c is left empty (safe to free) and e says what was wrong:
 * GT_ERR_BAD_CERTIFICATE for a malformed certificate, GT_ERR_UNSUPPORTED_CERTIFICATE
 * for a well-formed one this program cannot handle, GT_ERR_INTERNAL without memory.
 * RSA keys fill rsa (has_rsa_key), P-256 and P-384 keys ec (has_ec_key);
 * another key type is no error: both flags are then false. */
gt_err gt_cert_parse(gt_cert *c, const uint8_t *der, size_t len, gt_error *e);
void gt_cert_free(gt_cert *c); /* frees what parse allocated; safe on an empty cert */

/* "2024-01-31 00:00:00 UTC" */
void gt_time_format(int64_t t, char out[32]);
/* "P-256", "P-384", or NULL. */
const char *gt_curve_name(gt_curve curve);
/* "sha256WithRSAEncryption", or the dotted OID of an algorithm we have no name for. */
void gt_cert_sig_alg_name(const gt_cert *c, char *out, size_t cap);
void gt_cert_key_alg_name(const gt_cert *c, char *out, size_t cap);
/* "RSA-2048", "ECDSA P-256", or the key algorithm's name. */
void gt_cert_key_text(const gt_cert *c, char *out, size_t cap);

#endif
