/* handshake/certificate: the second half of lesson step 2, "Server sends
 * ServerHello + Certificate": the Certificate message (RFC 5246 7.4.2), the
 * server's chain leaf first, and ServerHelloDone (RFC 5246 7.4.5), which
 * says the server's flight is over. */
#ifndef GT_CERTIFICATE_H
#define GT_CERTIFICATE_H

#include <stddef.h>
#include <stdint.h>

#include "bytes/bytes.h"
#include "bytes/err.h"
#include "x509/cert.h"

/* Parses certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1> into chain
 * (at most max certificates, each parsed by x509/cert). On failure the
 * certificates already parsed are freed. */
gt_err gt_certificate_parse(gt_reader *body, gt_cert *chain, size_t max, size_t *n, gt_error *e);

struct gt_conn;
gt_err gt_send_certificate(struct gt_conn *c);
gt_err gt_recv_certificate(struct gt_conn *c);
gt_err gt_send_server_hello_done(struct gt_conn *c);
gt_err gt_recv_server_hello_done(struct gt_conn *c);

#endif
