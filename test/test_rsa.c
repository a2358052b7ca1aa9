/* test/test_rsa: crypto/rsa, RSA with PKCS#1 v1.5 (RFC 8017).
 * Known answers:
 *  - Encryption / decryption: RSA Laboratories, pkcs1v15crypt-vectors.txt
 *    (ftp://ftp.rsa.com/pub/rsalabs/tmp/), Example 1 (a 1024-bit key),
 *    encryption examples 1.1, 1.3, 1.14 and 1.20, as transcribed in
 *    libgcrypt's tests/pkcs1v2-v15c.h. The file's "seed" is the padding
 *    string PS. The key's full DER (PKCS#8 PrivateKeyInfo and
 *    SubjectPublicKeyInfo) is the one Mozilla publishes for this key in
 *    dom/crypto/test/test-vectors.js (it is also Example 1 of RSA Labs'
 *    oaep-vect.txt); the test checks that its modulus is the published n.
 *  - Signatures: NIST CAVP FIPS 186-3 "SigVer PKCS#1 Ver 1.5"
 *    (SigVer15_186-3.rsp, [mod = 1024], first key, e = 3; as shipped in
 *    pyca/cryptography's vectors): the passing vectors for SHA-1, SHA-256,
 *    SHA-384 and SHA-512, and the failing SHA-256 ones (message changed,
 *    signature changed, public exponent changed, hash moved, 00 removed).
 *    PKCS#1 v1.5 signing is deterministic, so the passing signatures are
 *    also known answers for gt_rsa_pkcs1_sign with the file's p, q and d.
 * Negative tests: decrypt_fixed gives mask 0 for each kind of bad padding
 * (built with libtomcrypt's raw RSA, not with our encoder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "test/helpers/hex.h"
#include "crypto/rng.h"
#include "crypto/rsa.h"
#include "crypto/sha256.h"

/* ---- pkcs1v15crypt-vectors.txt, Example 1: a 1024-bit RSA key pair ------- */

/* Published modulus n (pkcs1v15crypt-vectors.txt, Example 1). */
static const char ex1_n[] = "a8b3b284af8eb50b387034a860f146c4919f318763cd6c5598c8ae4811a1e0ab"
                            "c4c7e0b082d693a5e7fced675cf4668512772c0cbc64a742c6c630f533c8cc72"
                            "f62ae833c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0fab9845cb514"
                            "8ef7392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de88d39f16fb";

/* PKCS#8 PrivateKeyInfo of the same key (Mozilla test-vectors.js, "rsaes").
 * Its OCTET STRING, from byte 26 on (608 bytes), is the PKCS#1 RSAPrivateKey. */
static const char ex1_pkcs8[] = "30820276020100300d06092a864886f70d0101010500048202603082025c0201"
                                "0002818100a8b3b284af8eb50b387034a860f146c4919f318763cd6c5598c8ae"
                                "4811a1e0abc4c7e0b082d693a5e7fced675cf4668512772c0cbc64a742c6c630"
                                "f533c8cc72f62ae833c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0fa"
                                "b9845cb5148ef7392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de"
                                "88d39f16fb020301000102818053339cfdb79fc8466a655c7316aca85c55fd8f"
                                "6dd898fdaf119517ef4f52e8fd8e258df93fee180fa0e4ab29693cd83b152a55"
                                "3d4ac4d1812b8b9fa5af0e7f55fe7304df41570926f3311f15c4d65a732c4831"
                                "16ee3d3d2d0af3549ad9bf7cbfb78ad884f84d5beb04724dc7369b31def37d0c"
                                "f539e9cfcdd3de653729ead5d1024100d32737e7267ffe1341b2d5c0d150a81b"
                                "586fb3132bed2f8d5262864a9cb9f30af38be448598d413a172efb802c21acf1"
                                "c11c520c2f26a471dcad212eac7ca39d024100cc8853d1d54da630fac004f471"
                                "f281c7b8982d8224a490edbeb33d3e3d5cc93c4765703d1dd791642f1f116a0d"
                                "d852be2419b2af72bfe9a030e860b0288b5d7702400e12bf1718e9cef5599ba1"
                                "c3882fe8046a90874eefce8f2ccc20e4f2741fb0a33a3848aec9c9305fbecbd2"
                                "d76819967d4671acc6431e4037968db37878e695c102410095297b0f95a2fa67"
                                "d00707d609dfd4fc05c89dafc2ef6d6ea55bec771ea333734d9251e79082ecda"
                                "866efef13c459e1a631386b7e354c899f5f112ca85d7158302404f456c502493"
                                "bdc0ed2ab756a3a6ed4d67352a697d4216e93212b127a63d5411ce6fa98d5dbe"
                                "fd73263e3728142743818166ed7dd63687dd2a8ca1d2f4fbd8e1";
#define EX1_PKCS1_OFFSET 26
#define EX1_PKCS1_LEN    608

/* SubjectPublicKeyInfo (same source); from byte 22 on (140 bytes) it is the
 * RSAPublicKey a certificate's subjectPublicKey BIT STRING holds. */
static const char ex1_spki[] = "30819f300d06092a864886f70d010101050003818d0030818902818100a8b3b2"
                               "84af8eb50b387034a860f146c4919f318763cd6c5598c8ae4811a1e0abc4c7e0"
                               "b082d693a5e7fced675cf4668512772c0cbc64a742c6c630f533c8cc72f62ae8"
                               "33c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0fab9845cb5148ef739"
                               "2dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de88d39f16fb020301"
                               "0001";
#define EX1_RSAPUB_OFFSET 22
#define EX1_RSAPUB_LEN    140

typedef struct crypt_example {
    const char *name, *msg, *seed, *encryption;
} crypt_example;

static const crypt_example ex1[] = {
    {"1.1", "6628194e12073db03ba94cda9ef9532397d50dba79b987004afefe34",
     "017341ae3875d5f87101f8cc4fa9b9bc156bb04628fccdb2f4f11e905bd3a155"
     "d376f593bd7304210874eba08a5e22bcccb4c9d3882a93a54db022f503d16338"
     "b6b7ce16dc7f4bbf9a96b59772d6606e9747c7649bf9e083db981884a954ab3c"
     "6f",
     "50b4c14136bd198c2f3c3ed243fce036e168d56517984a263cd66492b80804f1"
     "69d210f2b9bdfb48b12f9ea05009c77da257cc600ccefe3a6283789d8ea0e607"
     "ac58e2690ec4ebc10146e8cbaa5ed4d5cce6fe7b0ff9efc1eabb564dbf498285"
     "f449ee61dd7b42ee5b5892cb90601f30cda07bf26489310bcd23b528ceab3c31"},
    {"1.3",
     "d94ae0832e6445ce42331cb06d531a82b1db4baad30f746dc916df24d4e3c245"
     "1fff59a6423eb0e1d02d4fe646cf699dfd818c6e97b051",
     "dd2d60a5e008ebe1d0be6f60dbc43f2962ef50bfde542bbbe98fedd1feac057e"
     "771cf15fc632c8db272e28d29b5793ea6ab806218c538239b93a935e65d24416"
     "ec6c6e99ae04",
     "709c7d2d4598c96065b6588da2f89fa87f062d7241ef6595898f637ada57eae9"
     "0173f0fb4bf6a91ebd96506907c853dacf208494be94d313a04185d474a90741"
     "2effc3e024d07e4d09aa245fbcb130219bfa5de02d4f7e2ec9e62e8ad32dee5f"
     "f4d8e4cfecbc5033a1c2c61c5233ae16192a481d0075bfc7ce028212cd27bebe"},
    {"1.14", "88",
     "c0169d76e4ea4545410ddf6646c1ba7dd272d7c3498ba6b0804b426130a80fbf"
     "ff4bb7b5f559b0a9090e4ad9b9f416a6dfdc1501b1ba46877b1a96fa8491dcfd"
     "de50ebeed24d3f98962413346ed4a3393e235b77bc1ed67468ece2792a2fd3a8"
     "348fc5509b5906f2885615df8c1461377a741d5952fb36eac0201e27",
     "4ed7d1291a0336654d5ca2b1f9d20cb2da7226f7116b930988439b4463981104"
     "bd63c2ce2b77d626b3109c931403ac5b49b4247c4f6967b8c0db063c9995af9d"
     "36540650938b01f93906f9838907ed5936abb343b0e25509a1d2d4c5c8b95806"
     "50da2ce11fa3cf3e640723eacbee87fad3ee35958b45075df781c413466af139"},
    {"1.20", "b6a3509bb3b9b0b57cd58de409d953201a042f9492dc1d7e34a7d0941a1a1b",
     "3a9e15065786b3e01d826b862a8f702b5cac8c1662ee7d15ff323cdfe71ebf4a"
     "d1b1f3a6bcbdd4b0010877ecac091f615908e2be400bb0c498e355d571fd1089"
     "5b8ee9c3a9c31e4b110389c3d5c46ebf76b3b35ad1f4791b6d2097f109f2",
     "6b4b6d7babfe4d6417acadfb78572e7c87e3fe1bd58eefb0d4b1279c7b7c8326"
     "a68bb28795e09f9b1ce2e24a539f4b0d93b29274cecf7cd9f0b732aebeda9111"
     "bdfe25e268a88e3422e29b52bd4b7a0547db8fe12a6fcf1a3c06a002bf870a2f"
     "abb7c457e4bbce3e316f7232449f87a9d702b12d19bde7f9590f9467b06bd58a"},
};
#define N_EX1 (sizeof ex1 / sizeof ex1[0])

static uint8_t pkcs8_der[700];
static size_t pkcs8_len;
static uint8_t spki_der[200];
static size_t spki_len;

static void load_ex1_private(rsa_key *key)
{
    assert_int_equal(gt_rsa_private_from_der(key, pkcs8_der, pkcs8_len), GT_OK);
}

static void load_ex1_public(rsa_key *key)
{
    assert_int_equal(gt_rsa_public_from_der(key, spki_der + EX1_RSAPUB_OFFSET, EX1_RSAPUB_LEN),
                     GT_OK);
}

/* The modulus of a key as k bytes (for comparing with a published n). */
static void modulus_bytes(const rsa_key *key, uint8_t *out)
{
    memset(out, 0, 128);
    size_t n = ltc_mp.unsigned_size(key->N);
    assert_true(n <= 128);
    ltc_mp.unsigned_write(key->N, out + 128 - n);
}

static int setup(void **state)
{
    (void)state;
    if (gt_crypto_init() != GT_OK)
        return -1;
    pkcs8_len = gt_test_unhex(ex1_pkcs8, pkcs8_der);
    spki_len = gt_test_unhex(ex1_spki, spki_der);
    return 0;
}

/* ---- Key import ----------------------------------------------------------- */

static void test_import_pkcs8_and_pkcs1(void **state)
{
    (void)state;
    rsa_key key;
    uint8_t n[128], want[128];
    gt_test_unhex(ex1_n, want);

    load_ex1_private(&key);
    assert_int_equal(key.type, PK_PRIVATE);
    assert_int_equal(gt_rsa_modulus_bytes(&key), 128);
    assert_int_equal(gt_rsa_modulus_bits(&key), 1024);
    modulus_bytes(&key, n);
    assert_memory_equal(n, want, 128);
    gt_rsa_free(&key);

    assert_int_equal(gt_rsa_private_from_der(&key, pkcs8_der + EX1_PKCS1_OFFSET, EX1_PKCS1_LEN),
                     GT_OK);
    assert_int_equal(key.type, PK_PRIVATE);
    modulus_bytes(&key, n);
    assert_memory_equal(n, want, 128);
    gt_rsa_free(&key);

    load_ex1_public(&key);
    assert_int_equal(key.type, PK_PUBLIC);
    modulus_bytes(&key, n);
    assert_memory_equal(n, want, 128);
    gt_rsa_free(&key);
}

static void test_import_rejects(void **state)
{
    (void)state;
    rsa_key key;
    uint8_t buf[700];

    /* a private key where a public one belongs, and the reverse */
    assert_int_equal(gt_rsa_public_from_der(&key, pkcs8_der + EX1_PKCS1_OFFSET, EX1_PKCS1_LEN),
                     GT_ERR_DECODE);
    assert_int_equal(gt_rsa_private_from_der(&key, spki_der + EX1_RSAPUB_OFFSET, EX1_RSAPUB_LEN),
                     GT_ERR_DECODE);
    /* a trailing byte after the key */
    memcpy(buf, pkcs8_der, pkcs8_len);
    buf[pkcs8_len] = 0;
    assert_int_equal(gt_rsa_private_from_der(&key, buf, pkcs8_len + 1), GT_ERR_DECODE);
    memcpy(buf, spki_der + EX1_RSAPUB_OFFSET, EX1_RSAPUB_LEN);
    buf[EX1_RSAPUB_LEN] = 0;
    assert_int_equal(gt_rsa_public_from_der(&key, buf, EX1_RSAPUB_LEN + 1), GT_ERR_DECODE);
    /* truncated */
    assert_int_equal(gt_rsa_private_from_der(&key, pkcs8_der, pkcs8_len - 1), GT_ERR_DECODE);
    assert_int_equal(gt_rsa_public_from_der(&key, spki_der + EX1_RSAPUB_OFFSET, 50), GT_ERR_DECODE);
    /* not DER at all, empty, NULL */
    memset(buf, 0x41, 64);
    assert_int_equal(gt_rsa_private_from_der(&key, buf, 64), GT_ERR_DECODE);
    assert_int_equal(gt_rsa_public_from_der(&key, buf, 0), GT_ERR_DECODE);
    assert_int_equal(gt_rsa_public_from_der(&key, NULL, 10), GT_ERR_DECODE);
    /* a failed import leaves nothing to free, and freeing is harmless */
    gt_rsa_free(&key);
}

/* ---- Encryption and decryption: pkcs1v15crypt-vectors.txt ----------------- */

static void test_decrypt_known_answers(void **state)
{
    (void)state;
    rsa_key key;
    load_ex1_private(&key);
    for (size_t i = 0; i < N_EX1; i++) {
        uint8_t msg[128], ct[128], out[128];
        size_t msg_len = gt_test_unhex(ex1[i].msg, msg);
        assert_int_equal(gt_test_unhex(ex1[i].encryption, ct), 128);
        memset(out, 0xee, sizeof out);
        assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&key, ct, 128, out, msg_len), 0xffffffffu);
        assert_memory_equal(out, msg, msg_len);
        /* The same ciphertext, asked for one byte more or less, is refused
         * and gives zeros, not a shifted message. */
        static const uint8_t zeros[128];
        assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&key, ct, 128, out, msg_len + 1), 0);
        assert_memory_equal(out, zeros, msg_len + 1);
        if (msg_len > 1) {
            assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&key, ct, 128, out, msg_len - 1), 0);
            assert_memory_equal(out, zeros, msg_len - 1);
        }
    }
    gt_rsa_free(&key);
}

static void test_encrypt_known_answers(void **state)
{
    (void)state;
    rsa_key key;
    load_ex1_public(&key);
    for (size_t i = 0; i < N_EX1; i++) {
        uint8_t msg[128], ps[128], want[128], ct[128];
        size_t msg_len = gt_test_unhex(ex1[i].msg, msg);
        size_t ps_len = gt_test_unhex(ex1[i].seed, ps);
        gt_test_unhex(ex1[i].encryption, want);
        size_t ct_len = 0;
        assert_int_equal(ps_len, 128 - msg_len - 3);
        assert_int_equal(gt_rsa_pkcs1_encrypt_with_ps(&key, ps, ps_len, msg, msg_len, ct, &ct_len),
                         GT_OK);
        assert_int_equal(ct_len, 128);
        assert_memory_equal(ct, want, 128);
    }
    gt_rsa_free(&key);
}

static void test_encrypt_with_ps_rejects(void **state)
{
    (void)state;
    rsa_key key;
    uint8_t msg[128], ps[128], ct[128];
    size_t ct_len;
    load_ex1_public(&key);
    size_t msg_len = gt_test_unhex(ex1[0].msg, msg);
    size_t ps_len = gt_test_unhex(ex1[0].seed, ps);
    /* PS of the wrong length */
    assert_int_equal(gt_rsa_pkcs1_encrypt_with_ps(&key, ps, ps_len - 1, msg, msg_len, ct, &ct_len),
                     GT_ERR_USAGE);
    /* a zero byte in PS would end the padding early */
    ps[5] = 0;
    assert_int_equal(gt_rsa_pkcs1_encrypt_with_ps(&key, ps, ps_len, msg, msg_len, ct, &ct_len),
                     GT_ERR_USAGE);
    /* message too long: more than k - 11 = 117 bytes */
    memset(ps, 1, sizeof ps);
    assert_int_equal(gt_rsa_pkcs1_encrypt_with_ps(&key, ps, 7, msg, 118, ct, &ct_len),
                     GT_ERR_USAGE);
    gt_rsa_free(&key);
}

/* The premaster as TLS sends it: 48 bytes, random PS from an RNG. Includes
 * zero bytes inside the message: only the first zero after PS separates. */
static void test_premaster_round_trip(void **state)
{
    (void)state;
    rsa_key pub, priv;
    gt_rng rng;
    uint8_t pms[48], ct[128], ct2[128], out[48];
    size_t ct_len, ct2_len;
    load_ex1_public(&pub);
    load_ex1_private(&priv);
    gt_rng_init_os(&rng);
    for (int i = 0; i < 48; i++)
        pms[i] = (uint8_t)(i % 3 == 0 ? 0 : i);
    pms[0] = 0x03;
    pms[1] = 0x03;
    assert_int_equal(gt_rsa_pkcs1_encrypt(&pub, &rng, pms, 48, ct, &ct_len), GT_OK);
    assert_int_equal(ct_len, 128);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&priv, ct, ct_len, out, 48), 0xffffffffu);
    assert_memory_equal(out, pms, 48);
    /* fresh PS each time: the same premaster never gives the same ciphertext */
    assert_int_equal(gt_rsa_pkcs1_encrypt(&pub, &rng, pms, 48, ct2, &ct2_len), GT_OK);
    assert_memory_not_equal(ct, ct2, 128);
    gt_rsa_free(&pub);
    gt_rsa_free(&priv);
}

/* ---- decrypt_fixed must refuse every malformed padding with mask 0 -------- */

/* Encrypts a hand-made EM with libtomcrypt's raw RSA (no padding check at
 * all), so the test does not depend on our own encoder. */
static void raw_encrypt(rsa_key *pub, const uint8_t em[128], uint8_t ct[128])
{
    unsigned long len = 128;
    assert_int_equal(rsa_exptmod(em, 128, ct, &len, PK_PUBLIC, pub), CRYPT_OK);
    assert_int_equal(len, 128);
}

/* EM = 00 02 PS(ps_len, non-zero) 00 M(rest, 0x4d), then edited by the test. */
static void make_em(uint8_t em[128], size_t ps_len)
{
    em[0] = 0x00;
    em[1] = 0x02;
    memset(em + 2, 0x5a, ps_len);
    em[2 + ps_len] = 0x00;
    memset(em + 3 + ps_len, 0x4d, 128 - 3 - ps_len);
}

static void expect_refused(rsa_key *pub, rsa_key *priv, const uint8_t em[128], size_t expected_len)
{
    uint8_t ct[128], out[128];
    static const uint8_t zeros[128];
    raw_encrypt(pub, em, ct);
    memset(out, 0xee, sizeof out);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(priv, ct, 128, out, expected_len), 0);
    assert_memory_equal(out, zeros, expected_len); /* zeros, not the candidate bytes */
}

static void test_decrypt_fixed_bad_padding(void **state)
{
    (void)state;
    rsa_key pub, priv;
    uint8_t em[128], ct[128], out[48];
    load_ex1_public(&pub);
    load_ex1_private(&priv);

    /* The well-formed case first, so each refusal below is due to its one change. */
    make_em(em, 128 - 3 - 48);
    raw_encrypt(&pub, em, ct);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&priv, ct, 128, out, 48), 0xffffffffu);

    make_em(em, 128 - 3 - 48); /* block type 01 (a signature), not 02 */
    em[1] = 0x01;
    expect_refused(&pub, &priv, em, 48);

    make_em(em, 128 - 3 - 48); /* first byte not zero */
    em[0] = 0x01;
    expect_refused(&pub, &priv, em, 48);

    make_em(em, 128 - 3 - 48); /* no zero separator anywhere */
    em[2 + 128 - 3 - 48] = 0x5a;
    expect_refused(&pub, &priv, em, 48);

    /* PS of 7 bytes: separator at index 9, message of 118 bytes. Refused
     * whether the caller expects 118 bytes (more than k - 11) or 117. */
    make_em(em, 7);
    expect_refused(&pub, &priv, em, 118);
    expect_refused(&pub, &priv, em, 117);

    /* A zero early in PS makes the message too long (the first zero counts). */
    make_em(em, 128 - 3 - 48);
    em[20] = 0x00;
    expect_refused(&pub, &priv, em, 48);

    /* A well-formed EM with a 47- or 49-byte message, when 48 are expected. */
    make_em(em, 128 - 3 - 47);
    expect_refused(&pub, &priv, em, 48);
    make_em(em, 128 - 3 - 49);
    expect_refused(&pub, &priv, em, 48);

    gt_rsa_free(&pub);
    gt_rsa_free(&priv);
}

static void test_decrypt_fixed_bad_ciphertext(void **state)
{
    (void)state;
    rsa_key priv, pub;
    uint8_t ct[129], out[48];
    static const uint8_t zeros[48];
    load_ex1_private(&priv);
    load_ex1_public(&pub);
    gt_test_unhex(ex1[0].encryption, ct);
    ct[128] = 0;
    /* wrong length: one byte short, one byte long */
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&priv, ct, 127, out, 28), 0);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&priv, ct, 129, out, 28), 0);
    /* a number not below n */
    memset(ct, 0xff, 128);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&priv, ct, 128, out, 48), 0);
    assert_memory_equal(out, zeros, 48);
    /* a public key cannot decrypt */
    gt_test_unhex(ex1[0].encryption, ct);
    assert_int_equal(gt_rsa_pkcs1_decrypt_fixed(&pub, ct, 128, out, 28), 0);
    gt_rsa_free(&priv);
    gt_rsa_free(&pub);
}

/* ---- Signatures: NIST CAVP SigVer15_186-3.rsp, [mod = 1024] --------------- */

static const char sv_n[] = "a8d68acd413c5e195d5ef04e1b4faaf242365cb450196755e92e1215ba59802a"
                           "afbadbf2564dd550956abb54f8b1c917844e5f36195d1088c600e07cada5c080"
                           "ede679f50b3de32cf4026e514542495c54b1903768791aae9e36f082cd38e941"
                           "ada89baecada61ab0dd37ad536bcb0a0946271594836e92ab5517301d45176b5";
static const char sv_p[] = "c107a2fe924b76e206cb9bc4af2ab7008547c00846bf6d0680b3eac3ebcbd0c7"
                           "fd7a54c2b9899b08f80cde1d3691eaaa2816b1eb11822d6be7beaf4e30977c49";
static const char sv_q[] = "dfea984ce4307eafc0d140c2bb82861e5dbac4f8567cbc981d70440dd6394920"
                           "79031486315e305eb83e591c4a2e96064966f7c894c3ca351925b5ce82d8ef0d";
static const char sv_d[] = "1c23c1cce034ba598f8fd2b7af37f1d30b090f7362aee68e5187adae49b9955c"
                           "729f24a863b7a38d6e3c748e2972f6d940b7ba89043a2d6c2100256a1cf0f56a"
                           "8cd35fc6ee205244876642f6f9c3820a3d9d2c8921df7d82aaadcaf2d7334d39"
                           "8931ddbba553190b3a416099f3aa07fd5b26214645a828419e122cfb857ad73b";

/* The message of every passing vector ("Result = P") for this key. */
static const char sv_msg_pass[] =
    "d73829497cddbe41b705faac50e7899fdb5a38bf3a459e536357029e64f8796b"
    "a47f4fe96ba5a8b9a4396746e2164f55a25368ddd0b9a5188c7ac3da2d1f7422"
    "86c3bdee697f9d546a25efcfe53191d743fcc6b47833d993d08804daeca78fb9"
    "076c3c017f53e33a90305af06220974d46bf19ed3c9b84edbae98b45a8771258";

typedef struct sig_vector {
    gt_hash_alg alg;
    const char *hash_name; /* libtomcrypt's name, to compute the digest */
    const char *msg, *sig;
    unsigned e;
    gt_err want;
} sig_vector;

static const sig_vector sig_vectors[] = {
    {GT_HASH_SHA1, "sha1", sv_msg_pass,
     "175015bda50abe0fa7d39a8353885ca01be3a7e7fcc55045744111362ee19144"
     "73a48dc537d956294b9e20a1ef661d58537acdc8de908fa050630fcc272e6d00"
     "1045e6fdeed2d10531c8603334c2e8db39e73e6d9665ee1343f9e4198302d220"
     "1b44e8e8d06b3ef49cee6197582163a8490089ca654c0012fce1ba6511089750",
     3, GT_OK},
    {GT_HASH_SHA256, "sha256", sv_msg_pass,
     "0b20e5093c2a926233108afbdd851b88eeb554f4beaa7b18e51519f7d0ec53b1"
     "81a3b03e8484ba8de2aa7864a402e2208e84ec9914af9d776ed13c48bdeb6484"
     "254de169318a87c40f2265ff16714eae8aee2bc9c3cb4dee045e4f5d9d625210"
     "121bfcf2bed8d3ffa602ce27fff4e61cf9bb650e71a6921ae6ffa296cb11bdbb",
     3, GT_OK},
    {GT_HASH_SHA384, "sha384", sv_msg_pass,
     "7e3ccb6ab03b419a3e54f81337a3c3f72e8c65bbd19ddd50246a36f51f58741e"
     "c245d2d0f07677a4f88aa3b1caeecdffe5fd6edcf8b8bcfb569637ad02eb154d"
     "17b87a8f00d0e618a7f4a70ce407f20359153e5f4a4d9744f3f3ff44120c08a4"
     "60500f030fd3398e97fcaef9d0a7e2acef19a81f706805be5fc003d78e5b29c0",
     3, GT_OK},
    {GT_HASH_SHA512, "sha512", sv_msg_pass,
     "8b57a6f91606ba4813b83536581eb15d72875dcbb0a514b4c03b6df8f202fa85"
     "56e4002122bedaf26eaa107ece4860752379ec8baa64f40098be92a4214b69e9"
     "8b24ae1cc4d2f457cff4f405a82ef94c5f8dfaadd3078d7a9224887db86c3218"
     "bf53c9779ed09895b2cfb84f1fad2e5b1f8e4b209c5785b9ce332cd41356c171",
     3, GT_OK},
    /* SHA256, "F (1 - Message changed)" */
    {GT_HASH_SHA256, "sha256",
     "ff23e00f819bae424e41d6b762ea6b88801e651c831c964af31de0c1d6dda4a7"
     "c8587d804ed12f526819da06650e7412fb627555979ed442f2663341e5fe5752"
     "7e0ddaf453a124451674976a6a6e0a31f56a79f5b73dfac39af4f3ba4a5e8bb8"
     "46cb5e333812756482d975ab1910162f96bfd7c58a02f113125189f5ac05291f",
     "10ecd0085694f8db6ea62dab2f239d8a93fcf449102f1368c67de329d79692b6"
     "77500f55994c9722e2633063fc7d8c2c50ae8857d45c08bfaba9448dda0689c2"
     "a08605d47a7694beaacbdad1a954458a87fd78b6519393013b20996d636b7553"
     "23b4b2b2b6d06a46c9221cd200462428ab5bef0f9743e144191f6928562627a7",
     3, GT_ERR_DECRYPT},
    /* SHA256, "F (3 - Signature changed )" */
    {GT_HASH_SHA256, "sha256",
     "a6ce108ff3100b953781496c3d081fe32b8cedaf6d14aab2ef2dc37d8f8d2613"
     "d2f599efd55c51498749c0961681ae4ea7e28bf14a8f044c2d4dd4f9102ddd25"
     "f86c7795289708eb4df2d526f91b176952eb52fd0c9de2989432d6e08e13022b"
     "82f95089d20a5704f0452f26cd1f83bc956ee7da99876c1f8da3723af388bead",
     "488d328861653ab0a769a11a158ec7b479b62db5b253eda899beae580afb9a7c"
     "762030262b8a066f085185475e17870700504d3f78fcc4bcb95a3c1648796a32"
     "3613a7b706cb64b048c68c06b396aac20b52f22f3fdce40992fb9a5ef68b5725"
     "134d83035a6f091d01aa5947175885822b2d4618c3f3fdbfd8819847fe40112b",
     3, GT_ERR_DECRYPT},
    /* SHA256, "F (2 - Public Key e changed )": e = 0x11 */
    {GT_HASH_SHA256, "sha256",
     "9edf5246ae1d8fe800bc2ed422e6441cedde94c85a870277972a4b4a5a74f4fd"
     "76be8057ac92e6c5c36a4242dabacb79fe31052ef83c38da68cd2095185ae639"
     "8a284fc5d3c934fface4325ec734a2265fd3cbd513b957bef47f04f4dd699c69"
     "03a42757cccc5fdfe5b264f18f5bb16b394c4f855404486c63cb5f2d51aafed5",
     "7c547b350710337c783e7406935fb8ac7bcd1cdd4a7bcaeb63422067d1239f9f"
     "59fc29b51993a29d6ac8dcc7980871bbba1be8f0b6ce951a9e0cad64b37d7d0c"
     "3734e038efcd4e3499c8855f7c52ea3323ba4876ba9d78a98e7e5cf72b4b7444"
     "228dd0d81283e59055873450b8bc411d1cb970efda5cf5947a1d1f17e92a4639",
     0x11, GT_ERR_DECRYPT},
    /* SHA256, "F (4 - Format of the EM is incorrect - hash moved to left )" */
    {GT_HASH_SHA256, "sha256",
     "a4397d9ab677aaa13a68a09de9ae0ed4045d479aa0ff3a7242dca477ab7884fa"
     "f55cd06ddf19667f668b4589955bfd299dc7642c28a68bb2eba6f08c7ad9f5e9"
     "6170913270c6463256a0537a72b32a04e5662416ecda74696d275a8bcfe99982"
     "0ffc2ab210833201332f323828be7dac04c1f01f93a3dde1efe7483a51b1560d",
     "9313380722659eeccf8be943fbf514e90fb19657dfb410a50bdfc0cfb058a58e"
     "56bbae71ea1a30ecee08ca5d31a2d0bcd3f5a967a3794259c03635ee24cf2a15"
     "303ddb5962ae9747d72e83f630580600ba64d24bc4014c5d44640b2369b45fb0"
     "9c2ba20721e0ae27d1a32546afa1bd023aa61079cea65389f55c31cfedb460b3",
     3, GT_ERR_DECRYPT},
    /* SHA256, "F (5 - Format of the EM is incorrect - 00 on end of pad removed )" */
    {GT_HASH_SHA256, "sha256",
     "e4690fb08396a8bf07377778a447dbd14c771024bd2353cbbd8446eda4279597"
     "1c9eda0f2575be655c68614a7cd2fd252569c664dc291410548ec3a5eb06da20"
     "78a66c59441cbc9356e5a452f4c0386d6662a663fd6b61f254997ee6d63b5e30"
     "80e98d37e873ea737f17083713f7d5ce98ca79ca27d18199470c3d596caf66ed",
     "477a7d6ff281bee7d56ac9cdc7f041b7497483f07a3cea5667ff178233219f75"
     "da7b88d9fc854a22ef541af3a5be8fb30b4e50bcb6d130e11f6c18eadec5d10f"
     "9895d654c0947aad152ba395c1039d7a8ff41b829179984a513f1abeb5a748bf"
     "248af1ea0152093d9fafb5d18e4cf91bd3b57ddd18b6984d976e6bef58cb30ec",
     3, GT_ERR_DECRYPT},
};
#define N_SIG (sizeof sig_vectors / sizeof sig_vectors[0])

/* A key from the published numbers with libtomcrypt's rsa_set_* (the file
 * gives n, e, d, p, q but no DER). For a private key the CRT values are
 * derived: dP = d mod (p-1), dQ = d mod (q-1), qInv = q^-1 mod p. */
static void sv_key(rsa_key *key, unsigned e, int with_private)
{
    uint8_t n[128], d[128], p[64], q[64], ev[1] = {(uint8_t)e};
    gt_test_unhex(sv_n, n);
    gt_test_unhex(sv_d, d);
    gt_test_unhex(sv_p, p);
    gt_test_unhex(sv_q, q);
    assert_int_equal(
        rsa_set_key(n, 128, ev, 1, with_private ? d : NULL, with_private ? 128 : 0, key), CRYPT_OK);
    if (!with_private)
        return;
    assert_int_equal(rsa_set_factors(p, 64, q, 64, key), CRYPT_OK);
    void *one, *pm1, *qm1, *dp, *dq, *qinv;
    assert_int_equal(ltc_init_multi(&one, &pm1, &qm1, &dp, &dq, &qinv, NULL), CRYPT_OK);
    ltc_mp.set_int(one, 1);
    ltc_mp.sub(key->p, one, pm1);
    ltc_mp.sub(key->q, one, qm1);
    ltc_mp.mpdiv(key->d, pm1, NULL, dp);
    ltc_mp.mpdiv(key->d, qm1, NULL, dq);
    ltc_mp.invmod(key->q, key->p, qinv);
    uint8_t bdp[64] = {0}, bdq[64] = {0}, bqinv[64] = {0};
    unsigned long ldp = ltc_mp.unsigned_size(dp), ldq = ltc_mp.unsigned_size(dq),
                  lqinv = ltc_mp.unsigned_size(qinv);
    ltc_mp.unsigned_write(dp, bdp);
    ltc_mp.unsigned_write(dq, bdq);
    ltc_mp.unsigned_write(qinv, bqinv);
    assert_int_equal(rsa_set_crt_params(bdp, ldp, bdq, ldq, bqinv, lqinv, key), CRYPT_OK);
    ltc_deinit_multi(one, pm1, qm1, dp, dq, qinv, NULL);
}

static size_t digest_of(const sig_vector *v, uint8_t *digest)
{
    uint8_t msg[128];
    unsigned long len = 64;
    size_t msg_len = gt_test_unhex(v->msg, msg);
    assert_int_equal(hash_memory(find_hash(v->hash_name), msg, msg_len, digest, &len), CRYPT_OK);
    return len;
}

static void test_verify_nist_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_SIG; i++) {
        const sig_vector *v = &sig_vectors[i];
        rsa_key key;
        uint8_t digest[64], sig[128];
        size_t digest_len = digest_of(v, digest);
        gt_test_unhex(v->sig, sig);
        sv_key(&key, v->e, 0);
        assert_int_equal(gt_rsa_pkcs1_verify(&key, v->alg, digest, digest_len, sig, 128), v->want);
        gt_rsa_free(&key);
    }
}

static void test_verify_rejects_changes(void **state)
{
    (void)state;
    const sig_vector *v = &sig_vectors[1]; /* SHA-256, passing */
    rsa_key key;
    uint8_t digest[64], sig[129];
    size_t digest_len = digest_of(v, digest);
    gt_test_unhex(v->sig, sig);
    sv_key(&key, 3, 0);
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, digest_len, sig, 128),
                     GT_OK);
    /* one flipped bit anywhere in the signature, or in the digest */
    for (size_t at = 0; at < 128; at += 9) {
        sig[at] ^= 0x01;
        assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, digest_len, sig, 128),
                         GT_ERR_DECRYPT);
        sig[at] ^= 0x01;
    }
    digest[31] ^= 0x80;
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, digest_len, sig, 128),
                     GT_ERR_DECRYPT);
    digest[31] ^= 0x80;
    /* the right signature claimed for another hash algorithm */
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA384, digest, 48, sig, 128),
                     GT_ERR_DECRYPT);
    /* a signature that is not k bytes long (RFC 8017 8.2.2 step 1) */
    sig[128] = 0;
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, digest_len, sig, 127),
                     GT_ERR_DECRYPT);
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, digest_len, sig, 129),
                     GT_ERR_DECRYPT);
    /* a digest of the wrong size is the caller's mistake */
    assert_int_equal(gt_rsa_pkcs1_verify(&key, GT_HASH_SHA256, digest, 20, sig, 128), GT_ERR_USAGE);
    gt_rsa_free(&key);
}

static void test_sign_known_answers(void **state)
{
    (void)state;
    rsa_key key;
    sv_key(&key, 3, 1);
    for (size_t i = 0; i < N_SIG; i++) {
        const sig_vector *v = &sig_vectors[i];
        if (v->want != GT_OK)
            continue;
        uint8_t digest[64], want[128], sig[128];
        size_t sig_len = 0, digest_len = digest_of(v, digest);
        gt_test_unhex(v->sig, want);
        assert_int_equal(gt_rsa_pkcs1_sign(&key, v->alg, digest, digest_len, sig, &sig_len), GT_OK);
        assert_int_equal(sig_len, 128);
        assert_memory_equal(sig, want, 128);
    }
    gt_rsa_free(&key);
}

/* The two halves together on the pkcs1v15crypt key, for every algorithm;
 * and signing needs a private key. */
static void test_sign_verify_round_trip(void **state)
{
    (void)state;
    rsa_key priv, pub;
    load_ex1_private(&priv);
    load_ex1_public(&pub);
    const gt_hash_alg algs[] = {GT_HASH_SHA1, GT_HASH_SHA256, GT_HASH_SHA384, GT_HASH_SHA512};
    const size_t lens[] = {20, 32, 48, 64};
    for (size_t i = 0; i < 4; i++) {
        uint8_t digest[64], sig[128];
        size_t sig_len;
        memset(digest, (int)(0x11 * (i + 1)), sizeof digest);
        assert_int_equal(gt_rsa_pkcs1_sign(&priv, algs[i], digest, lens[i], sig, &sig_len), GT_OK);
        assert_int_equal(gt_rsa_pkcs1_verify(&pub, algs[i], digest, lens[i], sig, sig_len), GT_OK);
        sig[sig_len - 1] ^= 0x01;
        assert_int_equal(gt_rsa_pkcs1_verify(&pub, algs[i], digest, lens[i], sig, sig_len),
                         GT_ERR_DECRYPT);
        assert_int_equal(gt_rsa_pkcs1_sign(&pub, algs[i], digest, lens[i], sig, &sig_len),
                         GT_ERR_USAGE);
    }
    gt_rsa_free(&priv);
    gt_rsa_free(&pub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_pkcs8_and_pkcs1),
        cmocka_unit_test(test_import_rejects),
        cmocka_unit_test(test_decrypt_known_answers),
        cmocka_unit_test(test_encrypt_known_answers),
        cmocka_unit_test(test_encrypt_with_ps_rejects),
        cmocka_unit_test(test_premaster_round_trip),
        cmocka_unit_test(test_decrypt_fixed_bad_padding),
        cmocka_unit_test(test_decrypt_fixed_bad_ciphertext),
        cmocka_unit_test(test_verify_nist_vectors),
        cmocka_unit_test(test_verify_rejects_changes),
        cmocka_unit_test(test_sign_known_answers),
        cmocka_unit_test(test_sign_verify_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
