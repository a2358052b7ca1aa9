/* handshake/verify: lesson step 3, "Client verifies Certificate". Before the
 * client encrypts anything to the server's key it checks that the chain leads
 * to a root it trusts, that every certificate is valid at this moment, and
 * that the leaf names the server it wanted (RFC 5280 section 6, RFC 6125).
 * If any check fails the handshake stops here: no session key is made. */
#ifndef GT_HANDSHAKE_VERIFY_H
#define GT_HANDSHAKE_VERIFY_H

#include "bytes/err.h"

struct gt_conn;
gt_err gt_verify_server_certificate(struct gt_conn *c);

#endif
