/* fuzz/fuzz_finished: the client's check of the server's Finished
 * (handshake/finished.c gt_recv_finished), RFC 5246 7.4.9: 12 bytes of
 * verify_data, compared in constant time. The client replays the demo
 * session through the server's ChangeCipherSpec; the fuzz input is the
 * Finished body, sealed with the demo's server_write_key, so every input
 * passes the GCM tag and reaches the parser, as only the real server could. */
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
    const fuzz_session *s = fuzz_demo_session();
    fuzz_one_message(GT_CLIENT, 4, GT_HS_FINISHED, data, size, s->server_write_key,
                     s->server_write_iv, "secure channel established");
    return 0;
}
