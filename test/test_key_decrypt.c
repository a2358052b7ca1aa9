/* test/test_key_decrypt: lesson step 4b against OpenSSL. The server decrypts
 * the ClientKeyExchange that a real `openssl s_client` sent, with the
 * fixture's server.key, and must find the premaster OpenSSL itself logged
 * (keylog RSA line). And when anything is wrong (padding, length, version),
 * RFC 5246 7.4.7.1: no error, no oracle, but a random premaster that makes
 * Finished fail later. A seeded RNG makes that random premaster predictable
 * here, so the test can tell it was really used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "crypto/rng.h"
#include "crypto/rsa.h"
#include "handshake/key_decrypt.h"
#include "test/helpers/transcript.h"
#include "x509/pem.h"

#define SEED 20261127u

struct fixture {
    struct gt_fixture_session s;
    rsa_key key;
    const uint8_t *enc; /* the RSA ciphertext inside the ClientKeyExchange */
    size_t enc_len;
};

static void release(struct fixture *f, bool key_loaded)
{
    if (key_loaded)
        gt_rsa_free(&f->key);
    gt_fixture_session_free(&f->s);
    free(f);
}

/* cmocka skips teardown when set-up fails, so set-up cleans up after itself. */
static int load(void **state, const char *dir)
{
    struct fixture *f = calloc(1, sizeof *f);
    gt_error e = {0};
    if (f == NULL || gt_crypto_init() != GT_OK) {
        free(f);
        return -1;
    }
    if (gt_transcript_fixture_load(dir, &f->s) != 0) {
        print_error("%s\n", f->s.error);
        release(f, false);
        return -1;
    }
    if (gt_pem_load_rsa_key(GT_FIXTURE_SERVER_KEY, &f->key, &e) != GT_OK) {
        print_error("%s: %s\n", GT_FIXTURE_SERVER_KEY, e.why);
        release(f, false);
        return -1;
    }
    /* ClientKeyExchange: 4-byte header, then EncryptedPreMasterSecret as an
     * opaque<0..2^16-1> vector: 2-byte length, ciphertext (RFC 5246 7.4.7.1). */
    const struct gt_fixture_message *cke = gt_fixture_find(&f->s, true, "ClientKeyExchange");
    if (cke == NULL || cke->len < 6 ||
        6 + ((size_t)cke->bytes[4] << 8 | cke->bytes[5]) != cke->len) {
        print_error("%s: no well-formed ClientKeyExchange\n", dir);
        release(f, true);
        return -1;
    }
    f->enc = cke->bytes + 6;
    f->enc_len = cke->len - 6;
    *state = f;
    return 0;
}

static int setup_ems(void **state) { return load(state, GT_FIXTURE_EMS); }
static int setup_no_ems(void **state) { return load(state, GT_FIXTURE_NO_EMS); }

static int teardown(void **state)
{
    release(*state, true);
    return 0;
}

/* The 48 bytes a fresh generator with SEED gives first: the premaster that
 * gt_premaster_decrypt must fall back to. */
static void fallback_premaster(uint8_t out[48])
{
    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    assert_int_equal(gt_rng_bytes(&rng, out, 48), GT_OK);
}

static void decrypt(struct fixture *f, const uint8_t *enc, size_t len, uint16_t version,
                    uint8_t premaster[48])
{
    gt_rng rng;
    gt_rng_init_seeded(&rng, SEED);
    assert_int_equal(gt_premaster_decrypt(&f->key, &rng, enc, len, version, premaster), GT_OK);
}

static void test_premaster_equals_openssl(void **state)
{
    struct fixture *f = *state;
    uint8_t pm[48], fallback[48];
    assert_true(f->s.has_premaster);
    assert_int_equal(f->enc_len, 256); /* RSA-2048 */
    assert_int_equal(gt_rsa_modulus_bytes(&f->key), 256);
    decrypt(f, f->enc, f->enc_len, 0x0303, pm);
    assert_memory_equal(pm, f->s.premaster_secret, 48);
    fallback_premaster(fallback);
    assert_memory_not_equal(pm, fallback, 48);
}

static void test_premaster_with_os_rng(void **state)
{
    /* The real configuration: the OS RNG; a good ciphertext does not depend
     * on it at all. */
    struct fixture *f = *state;
    gt_rng rng;
    uint8_t pm[48];
    gt_rng_init_os(&rng);
    assert_int_equal(gt_premaster_decrypt(&f->key, &rng, f->enc, f->enc_len, 0x0303, pm), GT_OK);
    assert_memory_equal(pm, f->s.premaster_secret, 48);
}

static void test_tampered_ciphertext_gives_random_premaster(void **state)
{
    struct fixture *f = *state;
    uint8_t bad[256], pm[48], fallback[48];
    memcpy(bad, f->enc, sizeof bad);
    bad[100] ^= 0x40;
    decrypt(f, bad, sizeof bad, 0x0303, pm);
    fallback_premaster(fallback);
    assert_memory_equal(pm, fallback, 48);
}

static void test_wrong_client_version_gives_random_premaster(void **state)
{
    /* The ClientHello said TLS 1.2 (0x0303); a server that remembered 1.1
     * must not accept the premaster's 03 03: version rollback protection. */
    struct fixture *f = *state;
    uint8_t pm[48], fallback[48];
    decrypt(f, f->enc, f->enc_len, 0x0302, pm);
    fallback_premaster(fallback);
    assert_memory_equal(pm, fallback, 48);
}

static void test_short_ciphertext_gives_random_premaster(void **state)
{
    struct fixture *f = *state;
    uint8_t pm[48], fallback[48];
    decrypt(f, f->enc, f->enc_len - 1, 0x0303, pm);
    fallback_premaster(fallback);
    assert_memory_equal(pm, fallback, 48);
}

#define BOTH(t)                                                                                    \
    {#t " (ems)", t, setup_ems, teardown, NULL}, { #t " (no-ems)", t, setup_no_ems, teardown, NULL }

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_premaster_equals_openssl),
        BOTH(test_premaster_with_os_rng),
        cmocka_unit_test_setup_teardown(test_tampered_ciphertext_gives_random_premaster, setup_ems,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wrong_client_version_gives_random_premaster, setup_ems,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_short_ciphertext_gives_random_premaster, setup_ems,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
