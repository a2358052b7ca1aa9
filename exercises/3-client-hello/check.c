/* exercises/client-hello: checks of gt_client_hello_write. The expected
 * bytes are RFC 5246 7.4.1.2's ClientHello and the extensions of RFC 6066,
 * 5246 7.4.1.4.1, 7627 and 5746 written out by hand, field by field; when
 * they differ the check names the field of the first wrong byte. */
#include <string.h>

#include "bytes/bytes.h"
#include "exercises/grader/grader.h"
#include "handshake/hello.h"

const char gx_exercise_title[] = "exercise client-hello: the ClientHello bytes (handshake/hello.c)";

typedef struct field {
    const char *hex;
    const char *name;
} field;

/* random = 00 01 02 ... 1f */
#define RANDOM "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static const field with_everything[] = {
    {"0303", "client_version"},
    {RANDOM, "random"},
    {"00", "session_id (length 0)"},
    {"0002 009c", "cipher_suites (length, TLS_RSA_WITH_AES_128_GCM_SHA256)"},
    {"01 00", "compression_methods (length, null)"},
    {"002e", "the length of all extensions"},
    {"0000 0015", "server_name: type and extension length"},
    {"0013 00 0010", "server_name: list length, host_name type, name length"},
    {"73656e736f722d6875622e6c6f63616c", "server_name: \"sensor-hub.local\""},
    {"000d 0008 0006", "signature_algorithms: type, extension length, list length"},
    {"0401 0501 0601", "signature_algorithms: rsa_pkcs1 with SHA-256, SHA-384, SHA-512"},
    {"0017 0000", "extended_master_secret: type, empty"},
    {"ff01 0001 00", "renegotiation_info: type, length 1, empty renegotiated_connection"},
    {NULL, NULL},
};

static const field bare[] = {
    {"0303", "client_version"},
    {RANDOM, "random"},
    {"00", "session_id (length 0)"},
    {"0002 009c", "cipher_suites (length, TLS_RSA_WITH_AES_128_GCM_SHA256)"},
    {"01 00", "compression_methods (length, null)"},
    {"0011", "the length of all extensions"},
    {"000d 0008 0006", "signature_algorithms: type, extension length, list length"},
    {"0401 0501 0601", "signature_algorithms: rsa_pkcs1 with SHA-256, SHA-384, SHA-512"},
    {"ff01 0001 00", "renegotiation_info: type, length 1, empty renegotiated_connection"},
    {NULL, NULL},
};

static bool compare(const field *f, const char *host, bool ems)
{
    uint8_t random[32], want[256], got[512];
    size_t starts[32], n = 0, k = 0;
    for (; f[k].hex; k++) {
        starts[k] = n;
        n += gx_unhex(f[k].hex, want + n, sizeof want - n);
    }
    for (int i = 0; i < 32; i++)
        random[i] = (uint8_t)i;
    memset(got, 0xee, sizeof got);
    gt_writer w;
    gt_writer_init(&w, got, sizeof got);
    gt_err rc = gt_client_hello_write(&w, random, host, ems);
    if (!gx_err_is("returned", GT_OK, rc))
        return false;
    size_t len = w.len;
    size_t common = len < n ? len : n;
    if (!gx_bytes("the ClientHello body", want, got, common) ||
        !gx_int("its length", (long long)n, (long long)len)) {
        size_t i = 0;
        while (i < common && want[i] == got[i])
            i++;
        size_t j = 0;
        while (j + 1 < k && starts[j + 1] <= i)
            j++;
        gx_say("the first wrong byte is in: %s", i < n ? f[j].name : "(bytes after the end)");
        return false;
    }
    return true;
}

static bool full(void) { return compare(with_everything, "sensor-hub.local", true); }
static bool no_name_no_ems(void) { return compare(bare, NULL, false); }

static bool too_small(void)
{
    uint8_t random[32] = {0}, buf[48];
    memset(buf, 0xee, sizeof buf);
    gt_writer w;
    gt_writer_init(&w, buf, 40);
    gt_err rc = gt_client_hello_write(&w, random, "sensor-hub.local", true);
    bool ok = gx_err_is("with a 40-byte buffer", GT_ERR_USAGE, rc);
    for (size_t i = 40; i < sizeof buf; i++)
        if (buf[i] != 0xee) {
            gx_say("byte %zu, past the end of the 40-byte buffer, was written", i);
            return false;
        }
    return ok;
}

const gx_check gx_exercise_checks[] = {
    {"ClientHello for sensor-hub.local with extended master secret", full,
     "write the fields in the order of the comment above your function; every vector "
     "starts with its length (gt_write_vec_begin / gt_write_vec_end fill it in)"},
    {"ClientHello without server_name and extended master secret", no_name_no_ems,
     "host NULL: no server_name extension; offer_ems false: no extended_master_secret"},
    {"a buffer too small: GT_ERR_USAGE, nothing written past its end", too_small,
     "write only through the gt_writer and check gt_writer_ok(w) at the end"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
