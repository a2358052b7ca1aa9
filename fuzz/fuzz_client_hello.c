/* fuzz/fuzz_client_hello: the server's ClientHello parser and
 * checks (handshake/hello.c, gt_client_hello_parse and gt_recv_client_hello),
 * RFC 5246 7.4.1.2 and the extensions of RFC 6066, 7627 and 5746.
 * The server replays the demo session up to the message, and the fuzz input is
 * that message's body (its 4-byte handshake header is added here, with the
 * right length, so the fuzzer spends its time inside the body). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_message(GT_SERVER, 0, GT_HS_CLIENT_HELLO, data, size, NULL, NULL,
                     "receive ClientHello");
    return 0;
}
