/* fuzz/fuzz_change_cipher_spec: the client's ChangeCipherSpec step
 * (handshake/conn.c gt_recv_ccs_message, handshake/finished.c), RFC 5246 7.1:
 * a record of its own content type holding the single byte 01, after which
 * the read side switches to the new keys. The client replays the demo
 * session up to the server's ChangeCipherSpec, and the fuzz input is that
 * record's payload (empty, long, anything). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_SERVER, 3, GT_CT_CHANGE_CIPHER_SPEC, -1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_conn f;
    fuzz_conn_start(&f, GT_CLIENT, 3);
    fuzz_peer_append_record(&f.peer, GT_CT_CHANGE_CIPHER_SPEC, data, size);
    fuzz_run_through_row(f.c, "receive ChangeCipherSpec");
    fuzz_conn_end(&f);
    return 0;
}
