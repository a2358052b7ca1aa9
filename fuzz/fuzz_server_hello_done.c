/* fuzz/fuzz_server_hello_done: the client's ServerHelloDone
 * (handshake/certificate.c, gt_recv_server_hello_done), RFC 5246 7.4.5: an
 * empty message that ends the server's flight.
 * The client replays the demo session up to the message, and the fuzz input is
 * that message's body (its 4-byte handshake header is added here, with the
 * right length, so the fuzzer spends its time inside the body). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_SERVER, 2, GT_CT_HANDSHAKE, GT_HS_SERVER_HELLO_DONE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_message(GT_CLIENT, 2, GT_HS_SERVER_HELLO_DONE, data, size, NULL, NULL,
                     "receive ServerHelloDone");
    return 0;
}
