/* x509/pem: the x509 layer's file format, the text form of certificates and
 * keys (RFC 7468): DER in base64 (RFC 4648 section 4) between
 * "-----BEGIN LABEL-----" and "-----END LABEL-----" lines. Loads certificate
 * chains, trust bundles and RSA private keys. */
#ifndef GT_PEM_H
#define GT_PEM_H

#include <stddef.h>
#include <stdint.h>

#include <tomcrypt.h>

#include "bytes/err.h"
#include "x509/cert.h"

/* The next block labelled `label` at or after *pos in text, decoded into a
 * malloc'd *der (the caller frees it); *pos moves past the block. Blocks with
 * other labels and text between blocks are skipped. When there is no further
 * block: GT_OK with *der == NULL. A broken block (bad base64, no END line,
 * RFC 1421 headers as in encrypted keys) is GT_ERR_DECODE. */
gt_err gt_pem_next(const char *text, size_t len, size_t *pos, const char *label, uint8_t **der,
                   size_t *der_len, gt_error *e);
/* All blocks labelled `label`, up to max of them: der[i] (malloc'd, the
 * caller frees each) and der_len[i] for i < *count. More than max blocks is
 * GT_ERR_USAGE; on any error nothing stays allocated. */
gt_err gt_pem_decode(const char *text, size_t len, const char *label, uint8_t **der,
                     size_t *der_len, size_t max, size_t *count, gt_error *e);

/* Every CERTIFICATE in the file at path, parsed into out[0..*n-1] (free each
 * with gt_cert_free). No certificate at all, or more than max, is an error. */
gt_err gt_pem_load_certs(const char *path, gt_cert *out, size_t max, size_t *n, gt_error *e);
/* The RSA private key in the file at path: PKCS#1 ("RSA PRIVATE KEY") or
 * unencrypted PKCS#8 ("PRIVATE KEY"). Free it with gt_rsa_free. */
gt_err gt_pem_load_rsa_key(const char *path, rsa_key *key, gt_error *e);

/* The whole file at path into a malloc'd, NUL-terminated buffer (at most
 * max bytes), for callers that read PEM text themselves. */
gt_err gt_pem_read_file(const char *path, size_t max, char **text, size_t *len, gt_error *e);

#endif
