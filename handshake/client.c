/* handshake/client: the client's driver. The handshake is this table, read
 * top to bottom; each row is one thing the client does, tagged with the
 * lesson step it belongs to. conn.c runs the rows in order and stops at the
 * first that fails. The message flow is RFC 5246 7.3, Figure 1, for RSA key
 * transport (no ServerKeyExchange, no client certificate). */
#include "handshake/certificate.h"
#include "handshake/conn.h"
#include "handshake/finished.h"
#include "handshake/hello.h"
#include "handshake/key_encrypt.h"
#include "handshake/keys.h"
#include "handshake/verify.h"

const gt_row gt_client_rows[] = {
    {GT_STEP_CLIENT_HELLO, "send ClientHello", gt_send_client_hello},
    {GT_STEP_SERVER_HELLO, "receive ServerHello", gt_recv_server_hello},
    {GT_STEP_SERVER_HELLO, "receive Certificate", gt_recv_certificate},
    {GT_STEP_SERVER_HELLO, "receive ServerHelloDone", gt_recv_server_hello_done},
    {GT_STEP_VERIFY, "verify the server's certificate chain", gt_verify_server_certificate},
    {GT_STEP_VERIFY, "generate the premaster secret and encrypt it", gt_premaster_generate_encrypt},
    {GT_STEP_KEY_EXCHANGE, "send ClientKeyExchange", gt_send_client_key_exchange},
    {GT_STEP_KEY_EXCHANGE, "derive the master secret and keys", gt_derive_keys},
    {GT_STEP_SECURE_CHANNEL, "send ChangeCipherSpec", gt_send_change_cipher_spec},
    {GT_STEP_SECURE_CHANNEL, "send Finished", gt_send_finished},
    {GT_STEP_SECURE_CHANNEL, "receive ChangeCipherSpec", gt_recv_change_cipher_spec},
    {GT_STEP_SECURE_CHANNEL, "receive and check Finished", gt_recv_finished},
    {GT_STEP_SECURE_CHANNEL, "secure channel established", gt_secure_channel_established},
};
const size_t gt_client_row_count = sizeof gt_client_rows / sizeof gt_client_rows[0];
