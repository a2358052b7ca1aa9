/* fuzz/fuzz_server_hello: the client's ServerHello parser and
 * checks (handshake/hello.c, gt_server_hello_parse and gt_recv_server_hello),
 * RFC 5246 7.4.1.3: version, cipher suite, compression, extensions answered.
 * The client replays the demo session up to the message, and the fuzz input is
 * that message's body (its 4-byte handshake header is added here, with the
 * right length, so the fuzzer spends its time inside the body). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_SERVER, 0, GT_CT_HANDSHAKE, GT_HS_SERVER_HELLO);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_message(GT_CLIENT, 0, GT_HS_SERVER_HELLO, data, size, NULL, NULL,
                     "receive ServerHello");
    return 0;
}
