/* exercises/rsa-padding: checks of gt_rsa_pkcs1_encrypt_with_ps. The first
 * is Example 1.1 of RSA Laboratories' pkcs1v15crypt-vectors.txt (key, message,
 * the padding string they call "seed", ciphertext). The next decrypt the
 * student's ciphertext with the demo server's private key (libtomcrypt's raw
 * RSA, no padding removed) and compare the encoded message with the layout
 * of RFC 8017 7.2.1 built here byte by byte. */
#include <string.h>

#include "crypto/rsa.h"
#include "exercises/grader/grader.h"
#include "x509/pem.h"

const char gx_exercise_title[] = "exercise rsa-padding: PKCS#1 v1.5 encryption (crypto/rsa.c)";

/* pkcs1v15crypt-vectors.txt, Example 1 (1024-bit key, e = 65537), 1.1. */
static const char ex1_n[] = "a8b3b284af8eb50b387034a860f146c4919f318763cd6c5598c8ae4811a1e0ab"
                            "c4c7e0b082d693a5e7fced675cf4668512772c0cbc64a742c6c630f533c8cc72"
                            "f62ae833c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0fab9845cb514"
                            "8ef7392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de88d39f16fb";
static const char ex11_msg[] = "6628194e12073db03ba94cda9ef9532397d50dba79b987004afefe34";
static const char ex11_seed[] = "017341ae3875d5f87101f8cc4fa9b9bc156bb04628fccdb2f4f11e905bd3a155"
                                "d376f593bd7304210874eba08a5e22bcccb4c9d3882a93a54db022f503d16338"
                                "b6b7ce16dc7f4bbf9a96b59772d6606e9747c7649bf9e083db981884a954ab3c"
                                "6f";
static const char ex11_ct[] = "50b4c14136bd198c2f3c3ed243fce036e168d56517984a263cd66492b80804f1"
                              "69d210f2b9bdfb48b12f9ea05009c77da257cc600ccefe3a6283789d8ea0e607"
                              "ac58e2690ec4ebc10146e8cbaa5ed4d5cce6fe7b0ff9efc1eabb564dbf498285"
                              "f449ee61dd7b42ee5b5892cb90601f30cda07bf26489310bcd23b528ceab3c31";

static bool rsa_labs_example(void)
{
    uint8_t n[128], e[3] = {0x01, 0x00, 0x01}, msg[64], ps[128], want[128], got[128];
    rsa_key key;
    gx_unhex(ex1_n, n, sizeof n);
    if (rsa_set_key(n, sizeof n, e, sizeof e, NULL, 0, &key) != CRYPT_OK) {
        gx_say("libtomcrypt refused the example's public key");
        return false;
    }
    size_t msg_len = gx_unhex(ex11_msg, msg, sizeof msg);
    size_t ps_len = gx_unhex(ex11_seed, ps, sizeof ps);
    gx_unhex(ex11_ct, want, sizeof want);
    size_t got_len = 0;
    memset(got, 0xee, sizeof got);
    gt_err rc = gt_rsa_pkcs1_encrypt_with_ps(&key, ps, ps_len, msg, msg_len, got, &got_len);
    bool ok = gx_err_is("returned", GT_OK, rc) && gx_int("*out_len", 128, (long long)got_len) &&
              gx_bytes("ciphertext", want, got, 128);
    rsa_free(&key);
    return ok;
}

static bool load_demo_keys(rsa_key *priv)
{
    gt_error e = {0};
    if (gt_pem_load_rsa_key("test/pki/sensor-hub.key", priv, &e) != GT_OK) {
        gx_say("could not load test/pki/sensor-hub.key: %s", e.why);
        return false;
    }
    return true;
}

/* Encrypts msg with PS (all bytes = fill, and a few others) under the demo
 * key, undoes the RSA function with the private key and compares EM. */
static bool em_layout(size_t msg_len, uint8_t msg_byte)
{
    rsa_key key;
    if (!load_demo_keys(&key))
        return false;
    size_t k = gt_rsa_modulus_bytes(&key);
    uint8_t msg[1024], ps[1024], want[1024], got_ct[1024], em[1024];
    if (msg_len == 0)
        msg_len = k - 11; /* the longest: PS of 8 bytes */
    size_t ps_len = k - msg_len - 3;
    memset(msg, msg_byte, msg_len);
    if (msg_len > 0)
        msg[0] = 0x03, msg[msg_len - 1] = 0x00; /* a premaster begins 03 03; zeros inside M */
    for (size_t i = 0; i < ps_len; i++)
        ps[i] = (uint8_t)(0x11 + i % 200);
    want[0] = 0x00;
    want[1] = 0x02;
    memcpy(want + 2, ps, ps_len);
    want[2 + ps_len] = 0x00;
    memcpy(want + 3 + ps_len, msg, msg_len);

    size_t ct_len = 0;
    bool ok = false;
    gt_err rc = gt_rsa_pkcs1_encrypt_with_ps(&key, ps, ps_len, msg, msg_len, got_ct, &ct_len);
    if (!gx_err_is("returned", GT_OK, rc) ||
        !gx_int("*out_len (k)", (long long)k, (long long)ct_len))
        goto out;
    unsigned long em_len = (unsigned long)k;
    if (rsa_exptmod(got_ct, (unsigned long)k, em, &em_len, PK_PRIVATE, &key) != CRYPT_OK) {
        gx_say("the ciphertext is not a number below the modulus n: the private key cannot "
               "decrypt it");
        goto out;
    }
    /* rsa_exptmod writes k bytes, zeros in front */
    ok = gx_bytes("EM, the decrypted encoded message", want, em, k);
out:
    gt_rsa_free(&key);
    return ok;
}

static bool premaster_layout(void) { return em_layout(48, 0x5a); }
static bool long_message(void) { return em_layout(0, 0xa5); }

static bool rejects(void)
{
    rsa_key key;
    if (!load_demo_keys(&key))
        return false;
    size_t k = gt_rsa_modulus_bytes(&key), n;
    uint8_t msg[1024] = {3, 3}, ps[1024], out[1024];
    memset(ps, 0x42, sizeof ps);
    bool ok = gx_err_is("PS one byte short", GT_ERR_USAGE,
                        gt_rsa_pkcs1_encrypt_with_ps(&key, ps, k - 48 - 4, msg, 48, out, &n));
    ps[10] = 0;
    ok = gx_err_is("a zero byte inside PS", GT_ERR_USAGE,
                   gt_rsa_pkcs1_encrypt_with_ps(&key, ps, k - 48 - 3, msg, 48, out, &n)) &&
         ok;
    ps[10] = 0x42;
    ok = gx_err_is("a message of k - 10 bytes (PS would be 7 bytes)", GT_ERR_USAGE,
                   gt_rsa_pkcs1_encrypt_with_ps(&key, ps, 7, msg, k - 10, out, &n)) &&
         ok;
    gt_rsa_free(&key);
    return ok;
}

const gx_check gx_exercise_checks[] = {
    {"RSA Laboratories' PKCS#1 v1.5 example 1.1 (1024-bit key)", rsa_labs_example,
     "EM = 00 02 PS 00 M, then m = OS2IP(EM) (mp_from_ubin), c = m^e mod n (mp_exptmod), "
     "out = I2OSP(c, k) (mp_to_ubin, then move right so it ends at out + k)"},
    {"a 48-byte premaster under the demo server's 2048-bit key: the encoded message",
     premaster_layout, "the private key undoes your RSA: the bytes shown are your EM"},
    {"the longest message the key allows (k - 11 bytes)", long_message,
     "PS has exactly 8 bytes here"},
    {"bad arguments give GT_ERR_USAGE", rejects,
     "RFC 8017 7.2.1 step 1: message too long; and PS must be k - mLen - 3 non-zero bytes"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
