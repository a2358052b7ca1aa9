/* handshake/hello: lesson step 1, "Client sends ClientHello", and the first
 * half of step 2, "Server sends ServerHello". RFC 5246 7.4.1.2 and 7.4.1.3,
 * with the extensions of RFC 6066 (server_name), RFC 5246 7.4.1.4.1
 * (signature_algorithms), RFC 7627 (extended_master_secret) and RFC 5746
 * (renegotiation_info). */
#ifndef GT_HELLO_H
#define GT_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/bytes.h"
#include "bytes/err.h"

/* ExtensionType values we know. */
enum gt_extension_type {
    GT_EXT_SERVER_NAME = 0,
    GT_EXT_SIGNATURE_ALGORITHMS = 13,
    GT_EXT_EXTENDED_MASTER_SECRET = 23,
    GT_EXT_SUPPORTED_VERSIONS = 43,
    GT_EXT_RENEGOTIATION_INFO = 0xff01,
};

#define GT_MAX_EXTENSIONS 64

/* What a hello's extensions said, as far as glasstls cares. */
typedef struct gt_hello_extensions {
    size_t count;
    uint16_t types[GT_MAX_EXTENSIONS]; /* in the order received */
    bool server_name;                  /* present */
    char host_name[256];               /* ClientHello: the host_name asked for ("" if none) */
    bool signature_algorithms;
    bool extended_master_secret;
    bool renegotiation_info;
    bool supported_versions; /* ClientHello: the client also speaks TLS 1.3 */
} gt_hello_extensions;

/* The parsed fields of a ClientHello body. */
typedef struct gt_client_hello {
    uint16_t client_version;
    uint8_t random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    size_t n_cipher_suites;
    bool offers_our_suite; /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
    bool offers_scsv;      /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
    bool null_compression;
    gt_hello_extensions ext;
} gt_client_hello;

/* The parsed fields of a ServerHello body. */
typedef struct gt_server_hello {
    uint16_t server_version;
    uint8_t random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    uint16_t cipher_suite;
    uint8_t compression;
    gt_hello_extensions ext;
} gt_server_hello;

/* Parsers: every length is checked, trailing bytes are an error; the error
 * sentence says which field was wrong. They check the syntax only; what the
 * values mean for the connection is decided by the steps below. */
gt_err gt_client_hello_parse(gt_reader *body, gt_client_hello *ch, gt_error *e);
gt_err gt_server_hello_parse(gt_reader *body, gt_server_hello *sh, gt_error *e);

/* Writes the body of a ClientHello (RFC 5246 7.4.1.2), after its 4-byte
 * handshake header: client_version 3,3 (TLS 1.2); random; an empty
 * session_id; the one cipher suite TLS_RSA_WITH_AES_128_GCM_SHA256; null
 * compression; then the extensions in this order: server_name with host
 * (RFC 6066 3; none when host is NULL), signature_algorithms rsa_pkcs1 with
 * SHA-256, SHA-384, SHA-512 (RFC 5246 7.4.1.4.1), extended_master_secret
 * when offer_ems (RFC 7627 5.1), and an empty renegotiation_info (RFC 5746
 * 3.4). GT_ERR_USAGE when w has no room. */
gt_err gt_client_hello_write(gt_writer *w, const uint8_t random[32], const char *host,
                             bool offer_ems);

struct gt_conn;
gt_err gt_send_client_hello(struct gt_conn *c); /* step 1, client */
gt_err gt_recv_client_hello(struct gt_conn *c); /* step 1, server */
gt_err gt_send_server_hello(struct gt_conn *c); /* step 2, server */
gt_err gt_recv_server_hello(struct gt_conn *c); /* step 2, client */

const char *gt_extension_name(uint16_t type);

#endif
