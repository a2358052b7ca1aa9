/* fuzz/fuzz_record: the record layer's receiving side (record/read.c,
 * record/protect.c), RFC 5246 6.2: headers, lengths, reassembly of handshake
 * messages across records, and AES-GCM opening (RFC 5288). The input is the
 * byte stream from the peer. After the first ChangeCipherSpec the read side
 * switches to a fixed key, as a connection would, so sealed seeds reach the
 * decryption path; after the first handshake message the record version is
 * pinned to TLS 1.2, as the hellos do. */
#include <stdint.h>

#include "crypto/crypto.h"
#include "fuzz/harness.h"

static void hook(void *ctx, bool sent, uint8_t type, const uint8_t *wire, size_t wire_len,
                 const uint8_t *plain, size_t plain_len)
{
    (void)ctx, (void)sent, (void)type;
    fuzz_touch(wire, wire_len);
    fuzz_touch(plain, plain_len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return gt_crypto_init() == GT_OK ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gt_record_layer rl; /* 37 KB: not on the stack */
    fuzz_peer peer;
    fuzz_peer_init(&peer);
    fuzz_peer_append(&peer, data, size);
    gt_record_init(&rl, fuzz_peer_transport(&peer));
    rl.hook = hook;
    for (;;) {
        gt_message m;
        gt_error e = {0};
        if (gt_record_read_message(&rl, &m, &e) != GT_OK)
            break;
        fuzz_touch(m.data, m.len);
        if (m.type == GT_CT_HANDSHAKE && !rl.peer_version_known) {
            rl.peer_version_known = true;
            rl.peer_version = GT_TLS12;
        }
        if (m.type == GT_CT_CHANGE_CIPHER_SPEC && !rl.rd.active &&
            !gt_record_has_partial_handshake(&rl))
            gt_record_set_read_key(&rl, (const uint8_t *)FUZZ_RECORD_KEY,
                                   (const uint8_t *)FUZZ_RECORD_IV);
    }
    gt_record_free(&rl);
    fuzz_peer_free(&peer);
    return 0;
}
