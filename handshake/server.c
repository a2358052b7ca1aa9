/* handshake/server: the server's driver, a table of rows like the client's
 * (RFC 5246 7.3, Figure 1, RSA key transport). The server has no step 3 of
 * its own: verifying the certificate is the client's job. */
#include "handshake/certificate.h"
#include "handshake/conn.h"
#include "handshake/finished.h"
#include "handshake/hello.h"
#include "handshake/key_decrypt.h"
#include "handshake/keys.h"

const gt_row gt_server_rows[] = {
    {GT_STEP_CLIENT_HELLO, "receive ClientHello", gt_recv_client_hello},
    {GT_STEP_SERVER_HELLO, "send ServerHello", gt_send_server_hello},
    {GT_STEP_SERVER_HELLO, "send Certificate", gt_send_certificate},
    {GT_STEP_SERVER_HELLO, "send ServerHelloDone", gt_send_server_hello_done},
    {GT_STEP_KEY_EXCHANGE, "receive ClientKeyExchange, decrypt the premaster",
     gt_recv_client_key_exchange},
    {GT_STEP_KEY_EXCHANGE, "derive the master secret and keys", gt_derive_keys},
    {GT_STEP_SECURE_CHANNEL, "receive ChangeCipherSpec", gt_recv_change_cipher_spec},
    {GT_STEP_SECURE_CHANNEL, "receive and check Finished", gt_recv_finished},
    {GT_STEP_SECURE_CHANNEL, "send ChangeCipherSpec", gt_send_change_cipher_spec},
    {GT_STEP_SECURE_CHANNEL, "send Finished", gt_send_finished},
    {GT_STEP_SECURE_CHANNEL, "secure channel established", gt_secure_channel_established},
};
const size_t gt_server_row_count = sizeof gt_server_rows / sizeof gt_server_rows[0];
