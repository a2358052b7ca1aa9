/* test/test_key_encrypt: handshake/key_encrypt, lesson step 4a, "Client sends
 * encrypted session key". RFC 5246 7.4.7.1:
 *     struct { ProtocolVersion client_version; opaque random[46]; } PreMasterSecret;
 *     struct { public-key-encrypted PreMasterSecret pre_master_secret; }
 *         EncryptedPreMasterSecret;
 * OpenSSL is the referee: what glasstls encrypts to a server's public key is
 * decrypted by `openssl pkeyutl` with the server's private key, and must come
 * out as the same 48 bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/rng.h"
#include "crypto/rsa.h"
#include "handshake/conn.h"
#include "handshake/key_encrypt.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"
#include "test/helpers/transcript.h"
#include "x509/pem.h"

#define SEED 7477u
#define NOW  1767225600 /* 2026-01-01, inside sensor-hub.pem's validity */

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

/* ---- the referee ---- */

/* Decrypts ct with `openssl pkeyutl -decrypt ... -pkeyopt rsa_padding_mode:pkcs1`
 * and the private key in key_file, bounded by `timeout 20`. Returns the
 * number of plaintext bytes written to out, or -1. */
static long openssl_decrypt(const char *key_file, const uint8_t *ct, size_t ct_len, uint8_t *out,
                            size_t cap)
{
    char in_path[] = "/tmp/gt-key-encrypt-XXXXXX";
    int fd = mkstemp(in_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, ct, ct_len), (ssize_t)ct_len);
    close(fd);
    const char *openssl = getenv("GT_OPENSSL") ? getenv("GT_OPENSSL") : "openssl";
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "timeout 20 %s pkeyutl -decrypt -inkey %s -pkeyopt rsa_padding_mode:pkcs1 -in %s",
             openssl, key_file, in_path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap, p);
    int status = pclose(p);
    unlink(in_path);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        print_error("`%s` failed (status %d)\n", cmd, status);
        return -1;
    }
    return (long)n;
}

/* ---- gt_premaster_generate ---- */

/* The version first, in network order, then 46 bytes straight from the RNG:
 * the same 46 a fresh generator with the same seed gives. */
static void test_premaster_layout(void **state)
{
    (void)state;
    gt_rng rng, ref;
    uint8_t pm[48], random46[46];
    gt_rng_init_seeded(&rng, SEED);
    gt_rng_init_seeded(&ref, SEED);
    assert_int_equal(gt_premaster_generate(&rng, 0x0303, pm), GT_OK);
    assert_int_equal(gt_rng_bytes(&ref, random46, sizeof random46), GT_OK);
    assert_int_equal(pm[0], 0x03);
    assert_int_equal(pm[1], 0x03);
    assert_memory_equal(pm + 2, random46, 46);

    /* "client_version: The latest (newest) version supported by the client":
     * the argument, not a constant */
    gt_rng_init_seeded(&rng, SEED);
    assert_int_equal(gt_premaster_generate(&rng, 0x0302, pm), GT_OK);
    assert_int_equal(pm[0], 0x03);
    assert_int_equal(pm[1], 0x02);
    assert_memory_equal(pm + 2, random46, 46);
}

static void test_premaster_is_fresh(void **state)
{
    (void)state;
    gt_rng rng;
    uint8_t a[48], b[48];
    gt_rng_init_os(&rng);
    assert_int_equal(gt_premaster_generate(&rng, 0x0303, a), GT_OK);
    assert_int_equal(gt_premaster_generate(&rng, 0x0303, b), GT_OK);
    assert_memory_equal(a, b, 2);
    assert_memory_not_equal(a + 2, b + 2, 46);
}

/* ---- encrypted to the server's key, decrypted by OpenSSL ---- */

static void test_openssl_decrypts_premaster(void **state)
{
    (void)state;
    gt_cert cert;
    size_t n = 0;
    gt_error e = {0};
    assert_int_equal(gt_pem_load_certs(GT_FIXTURE_SERVER_CERT, &cert, 1, &n, &e), GT_OK);
    assert_true(cert.has_rsa_key);
    assert_int_equal(gt_rsa_modulus_bytes(&cert.rsa), 256); /* RSA-2048 */

    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    uint8_t pm[48], ct[2][GT_RSA_MAX_MODULUS_BYTES], back[512];
    size_t ct_len[2];
    assert_int_equal(gt_premaster_generate(&rng, 0x0303, pm), GT_OK);
    for (int i = 0; i < 2; i++) {
        ct_len[i] = sizeof ct[i];
        assert_int_equal(gt_rsa_pkcs1_encrypt(&cert.rsa, &rng, pm, sizeof pm, ct[i], &ct_len[i]),
                         GT_OK);
        assert_int_equal(ct_len[i], 256);
        long got = openssl_decrypt(GT_FIXTURE_SERVER_KEY, ct[i], ct_len[i], back, sizeof back);
        assert_int_equal(got, 48);
        assert_memory_equal(back, pm, 48);
    }
    /* PKCS#1 v1.5 padding is random: the same premaster, two ciphertexts */
    assert_memory_not_equal(ct[0], ct[1], 256);
    gt_cert_free(&cert);
}

/* ---- the step in a real handshake ---- */

typedef struct seen {
    uint8_t premaster[48];
    int premaster_reports;
    uint8_t cke[1024]; /* the client's ClientKeyExchange message, header included */
    size_t cke_len;
    int cke_step;
} seen;

static void observe(void *ctx, const gt_event *ev)
{
    seen *s = ctx;
    if (ev->role != GT_CLIENT)
        return;
    if (ev->kind == GT_EV_SECRET && !strcmp(ev->name, "premaster secret")) {
        assert_int_equal(ev->len, 48);
        memcpy(s->premaster, ev->data, 48);
        s->premaster_reports++;
    }
    if (ev->kind == GT_EV_MESSAGE && ev->sent && ev->content_type == 22 && ev->hs_type == 16) {
        assert_true(ev->len <= sizeof s->cke);
        memcpy(s->cke, ev->data, ev->len);
        s->cke_len = ev->len;
        s->cke_step = ev->step;
    }
}

/* The client's ClientKeyExchange in a handshake with the demo PKI: its layout
 * is RFC 5246 7.4.7.1's (a 2-byte length, then the RSA-2048 ciphertext), and
 * OpenSSL, holding sensor-hub.key, reads out of it the premaster the client
 * reported, which begins with the ClientHello's version 03 03. */
static void test_client_key_exchange_decrypted_by_openssl(void **state)
{
    (void)state;
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    gt_demo_pair p;
    assert_int_equal(gt_demo_pair_load(&p, chain, "test/pki/sensor-hub.key", NOW), 0);
    seen s = {0};
    gt_rng crng, srng;
    gt_rng_init_seeded(&crng, SEED);
    gt_rng_init_seeded(&srng, SEED + 1);
    p.ccfg.rng = &crng;
    p.scfg.rng = &srng;
    p.ccfg.observer = observe;
    p.ccfg.observer_ctx = &s;
    assert_int_equal(gt_demo_pair_start(&p), 0);
    assert_int_equal(gt_pair_run(p.client, p.server), GT_OK);

    assert_int_equal(s.premaster_reports, 1);
    assert_int_equal(s.premaster[0], 0x03);
    assert_int_equal(s.premaster[1], 0x03);
    /* 10 | 000102 (258) | 0100 (256) | ciphertext */
    assert_int_equal(s.cke_len, 4 + 2 + 256);
    static const uint8_t header[] = {0x10, 0x00, 0x01, 0x02, 0x01, 0x00};
    assert_memory_equal(s.cke, header, sizeof header);
    assert_int_equal(s.cke_step, 4); /* lesson step 4 */
    uint8_t back[512];
    long got = openssl_decrypt("test/pki/sensor-hub.key", s.cke + 6, 256, back, sizeof back);
    assert_int_equal(got, 48);
    assert_memory_equal(back, s.premaster, 48);

    gt_demo_pair_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_premaster_layout),
        cmocka_unit_test(test_premaster_is_fresh),
        cmocka_unit_test(test_openssl_decrypts_premaster),
        cmocka_unit_test(test_client_key_exchange_decrypted_by_openssl),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
