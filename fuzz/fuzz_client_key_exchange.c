/* fuzz/fuzz_client_key_exchange: the server's ClientKeyExchange path
 * (handshake/key_decrypt.c): the EncryptedPreMasterSecret vector of RFC 5246
 * 7.4.7.1, RSA decryption with the demo key and the random-premaster
 * countermeasure, then the key derivation that uses the result.
 * The server replays the demo session up to the message, and the fuzz input is
 * that message's body (its 4-byte handshake header is added here, with the
 * right length, so the fuzzer spends its time inside the body). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_CLIENT, 1, GT_CT_HANDSHAKE, GT_HS_CLIENT_KEY_EXCHANGE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_message(GT_SERVER, 1, GT_HS_CLIENT_KEY_EXCHANGE, data, size, NULL, NULL,
                     "derive the master secret and keys");
    return 0;
}
