/* fuzz/fuzz_client_appdata: the client after the handshake (handshake/conn.c:
 * gt_read, gt_write, gt_close): application data, alerts, a HelloRequest
 * asking for renegotiation (refused with no_renegotiation, RFC 5246 7.4.1.1),
 * anything else the server might send once the channel is up. Mutating a
 * sealed record only ever fails its GCM tag, so here the harness seals: the
 * client replays the demo handshake, and the input is a list of records
 *     type(1) length(2) payload(length)
 * (type taken modulo the four content types, 20..23) that are sealed with
 * the demo's server_write_key, sequence numbers from 1 (Finished was 0). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_SERVER, 3, GT_CT_CHANGE_CIPHER_SPEC, -1);
    fuzz_expect_record(GT_SERVER, 4, GT_CT_HANDSHAKE, -1); /* Finished, sealed */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gt_record_layer server; /* 37 KB: not on the stack */
    const fuzz_session *s = fuzz_demo_session();
    fuzz_conn f;
    fuzz_conn_start(&f, GT_CLIENT, 5);
    gt_record_init(&server, fuzz_peer_writer(&f.peer));
    gt_record_set_write_key(&server, s->server_write_key, s->server_write_iv);
    server.wr.seq = 1;
    gt_reader in;
    gt_reader_init(&in, data, size);
    uint8_t type;
    uint16_t len;
    while (gt_read_u8(&in, &type) && gt_read_u16(&in, &len)) {
        const uint8_t *payload;
        size_t n = len < gt_reader_left(&in) ? len : gt_reader_left(&in);
        gt_read_bytes(&in, n, &payload);
        gt_error ignored = {0};
        /* an empty handshake, alert or CCS record cannot be written: skipped */
        gt_record_write(&server, (uint8_t)(GT_CT_CHANGE_CIPHER_SPEC + type % 4), payload, n,
                        &ignored);
    }
    gt_record_free(&server);
    fuzz_run_connection(f.c);
    fuzz_conn_end(&f);
    return 0;
}
