/* Exercise 3, lesson step 1, "Client sends ClientHello": the bytes of the
 * first message. Your file replaces gt_client_hello_write of
 * handshake/hello.c. Read exercises/3-client-hello/README.md first. Check with:
 *     make exercise EX=client-hello */
#include <string.h>

#include "bytes/bytes.h"
#include "handshake/conn.h"
#include "handshake/hello.h"

/* Write the body of a ClientHello (RFC 5246 7.4.1.2) into w; the 4-byte
 * handshake header in front of it is written by the caller. In this order:
 *   client_version   3,3 (TLS 1.2)                          u16
 *   random           the 32 bytes given
 *   session_id       empty                                  <0..32>, 1-byte length
 *   cipher_suites    TLS_RSA_WITH_AES_128_GCM_SHA256 only   <2..2^16-2>, 2-byte length
 *   compression      null (0) only                          <1..2^8-1>, 1-byte length
 *   extensions                                              <0..2^16-1>, 2-byte length
 *     server_name (0), only when host is not NULL (RFC 6066 3)
 *     signature_algorithms (13): 0x0401 0x0501 0x0601 (RFC 5246 7.4.1.4.1)
 *     extended_master_secret (23), empty, only when offer_ems (RFC 7627 5.1)
 *     renegotiation_info (0xff01) holding an empty renegotiated_connection (RFC 5746 3.4)
 * Return GT_OK, or GT_ERR_USAGE when w ran out of room (gt_writer_ok). */
gt_err gt_client_hello_write(gt_writer *w, const uint8_t random[32], const char *host,
                             bool offer_ems)
{
    /* Your code here. */
    (void)w;
    (void)random;
    (void)host;
    (void)offer_ems;
    return GT_ERR_INTERNAL;
}
