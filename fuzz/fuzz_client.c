/* fuzz/fuzz_client: the whole glasstls client (handshake/client.c's table,
 * then application data and close) talking to a server played by the fuzz
 * input: every byte the client receives comes from the input, everything it
 * sends is dropped. The client's random numbers are those of
 * `glasstls demo --seed 1`, so the demo server's bytes (a seed) complete the
 * handshake and the fuzzer can mutate a session that works. */
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
    fuzz_one_connection(GT_CLIENT, data, size);
    return 0;
}
