/* fuzz/fuzz_certificate: the client's Certificate parser
 * (handshake/certificate.c, gt_certificate_parse: certificate_list of RFC
 * 5246 7.4.2, each certificate through x509/) and step 3, which verifies the
 * chain against the demo root.
 * The client replays the demo session up to the message, and the fuzz input is
 * that message's body (its 4-byte handshake header is added here, with the
 * right length, so the fuzzer spends its time inside the body). */
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_init();
    fuzz_expect_record(GT_SERVER, 1, GT_CT_HANDSHAKE, GT_HS_CERTIFICATE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_message(GT_CLIENT, 1, GT_HS_CERTIFICATE, data, size, NULL, NULL,
                     "verify the server's certificate chain");
    return 0;
}
