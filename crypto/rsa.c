/* crypto/rsa: RSA with PKCS#1 v1.5 padding, RFC 8017, for lesson step 3
 * (signatures on certificates) and step 4 (the premaster): encryption of the
 * premaster secret (7.2.1, used by RFC 5246 7.4.7.1), its decryption without
 * a padding oracle (7.2.2), and signatures (8.2, with EMSA-PKCS1-v1_5, 9.2).
 * libtomcrypt does the big-number part (rsa_exptmod); the padding is here. */
#include "crypto/rsa.h"

#include <stdbool.h>
#include <string.h>

#include "bytes/bytes.h"
#include "crypto/crypto.h"
#include "crypto/ct.h"

/* The smallest modulus we accept: 512 bits. Smaller keys cannot even carry a
 * 48-byte premaster with its 11 bytes of padding; which sizes are *trusted* is
 * the certificate verifier's policy, not decided here. */
#define RSA_MIN_MODULUS_BYTES 64

/* ---- Keys ---------------------------------------------------------------- */

size_t gt_rsa_modulus_bytes(const rsa_key *key)
{
    /* k in RFC 8017: the length of n in bytes, and so of every ciphertext and
     * signature. (The mp_* macros of libtomcrypt are private to the library,
     * so we call its math descriptor directly.) */
    return key->N ? (size_t)ltc_mp.unsigned_size(key->N) : 0;
}

unsigned gt_rsa_modulus_bits(const rsa_key *key)
{
    return key->N ? (unsigned)ltc_mp.count_bits(key->N) : 0;
}

void gt_rsa_free(rsa_key *key)
{
    if (key->N) /* rsa_free aborts on a key that holds no numbers */
        rsa_free(key);
    memset(key, 0, sizeof *key);
}

/* True when der is exactly one DER SEQUENCE (tag 0x30) and nothing after it.
 * libtomcrypt's importers stop at the end of the key and ignore bytes that
 * follow; such a file is malformed and we say so. Every key format we read
 * (RSAPublicKey, RSAPrivateKey, PrivateKeyInfo) is a SEQUENCE. */
static bool der_is_one_sequence(const uint8_t *der, size_t len)
{
    gt_reader r;
    uint8_t tag, first;
    size_t body_len = 0;

    gt_reader_init(&r, der, len);
    if (!gt_read_u8(&r, &tag) || tag != 0x30 || !gt_read_u8(&r, &first))
        return false;
    if (first < 0x80) {
        body_len = first; /* short form: the byte is the length */
    } else {
        /* Long form: the low 7 bits count the length bytes that follow. Three
         * are plenty for any key we accept; DER wants no leading zero byte
         * and the short form whenever it fits. */
        unsigned count = first & 0x7fu;
        if (count == 0 || count > 3)
            return false;
        for (unsigned i = 0; i < count; i++) {
            uint8_t b;
            if (!gt_read_u8(&r, &b) || (i == 0 && b == 0))
                return false;
            body_len = (body_len << 8) | b;
        }
        if (body_len < 0x80)
            return false;
    }
    return gt_reader_left(&r) == body_len;
}

/* The size check shared by both importers. */
static bool modulus_size_ok(const rsa_key *key)
{
    size_t k = gt_rsa_modulus_bytes(key);
    return k >= RSA_MIN_MODULUS_BYTES && k <= GT_RSA_MAX_MODULUS_BYTES;
}

gt_err gt_rsa_public_from_der(rsa_key *key, const uint8_t *der, size_t len)
{
    memset(key, 0, sizeof *key);
    if (gt_crypto_init() != GT_OK)
        return GT_ERR_INTERNAL;
    if (!der || !der_is_one_sequence(der, len))
        return GT_ERR_DECODE;
    /* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
    int err = rsa_import(der, (unsigned long)len, key);
    if (err != CRYPT_OK) {
        memset(key, 0, sizeof *key);
        return err == CRYPT_MEM ? GT_ERR_INTERNAL : GT_ERR_DECODE;
    }
    /* rsa_import also reads private keys; in a certificate's public key field
     * that is a malformed field, not a key to use. */
    if (key->type != PK_PUBLIC) {
        gt_rsa_free(key);
        return GT_ERR_DECODE;
    }
    if (!modulus_size_ok(key)) {
        gt_rsa_free(key);
        return GT_ERR_UNSUPPORTED_CERTIFICATE;
    }
    return GT_OK;
}

gt_err gt_rsa_private_from_der(rsa_key *key, const uint8_t *der, size_t len)
{
    memset(key, 0, sizeof *key);
    if (gt_crypto_init() != GT_OK)
        return GT_ERR_INTERNAL;
    if (!der || !der_is_one_sequence(der, len))
        return GT_ERR_DECODE;

    /* First as PKCS#1 RSAPrivateKey ("BEGIN RSA PRIVATE KEY"): a SEQUENCE of
     * version, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p. */
    int err = rsa_import(der, (unsigned long)len, key);
    if (err == CRYPT_OK && key->type != PK_PRIVATE) {
        gt_rsa_free(key); /* a public key where a private one was asked for */
        return GT_ERR_DECODE;
    }
    if (err != CRYPT_OK) {
        /* Then as PKCS#8 PrivateKeyInfo ("BEGIN PRIVATE KEY", RFC 5208): the
         * same RSAPrivateKey wrapped in an OCTET STRING, after an algorithm
         * identifier that must say rsaEncryption. No password: an encrypted
         * key file must be decrypted before it is given to us. */
        memset(key, 0, sizeof *key);
        err = rsa_import_pkcs8(der, (unsigned long)len, NULL, 0, key);
        if (err != CRYPT_OK) {
            memset(key, 0, sizeof *key);
            return err == CRYPT_MEM ? GT_ERR_INTERNAL : GT_ERR_DECODE;
        }
        if (key->type != PK_PRIVATE) {
            gt_rsa_free(key);
            return GT_ERR_DECODE;
        }
    }
    if (!modulus_size_ok(key)) {
        gt_rsa_free(key);
        return GT_ERR_USAGE;
    }
    return GT_OK;
}

/* ---- The RSA function itself ---------------------------------------------- */

/* RSAEP / RSAVP1 (which = PK_PUBLIC: m^e mod n) or RSADP / RSASP1
 * (PK_PRIVATE: c^d mod n, by libtomcrypt with the CRT and blinding). in and
 * out are k bytes; out is left-padded with zeros to k bytes (I2OSP).
 * libtomcrypt refuses an input larger than n, as RFC 8017 requires
 * ("ciphertext representative out of range"). */
static bool rsa_function(const rsa_key *key, int which, const uint8_t *in, uint8_t *out, size_t k)
{
    unsigned long out_len = (unsigned long)k;
    /* libtomcrypt's prototype takes a non-const key; it does not change it. */
    int err = rsa_exptmod(in, (unsigned long)k, out, &out_len, which, (rsa_key *)key);
    return err == CRYPT_OK && out_len == k;
}

/* ---- RSAES-PKCS1-v1_5: encryption (RFC 8017 7.2.1) ------------------------ */

/* The encoded message is
 *   EM = 0x00 || 0x02 || PS || 0x00 || M
 * The leading 0x00 keeps EM below n; 0x02 says "encryption" (signatures use
 * 0x01); PS is random and non-zero so that the same M never encrypts to the
 * same ciphertext twice and the first 0x00 after it marks where M starts. */
gt_err gt_rsa_pkcs1_encrypt_with_ps(const rsa_key *pub, const uint8_t *ps, size_t ps_len,
                                    const uint8_t *msg, size_t msg_len, uint8_t *out,
                                    size_t *out_len)
{
    uint8_t em[GT_RSA_MAX_MODULUS_BYTES];
    size_t k = gt_rsa_modulus_bytes(pub);

    if (k < RSA_MIN_MODULUS_BYTES || k > GT_RSA_MAX_MODULUS_BYTES)
        return GT_ERR_USAGE;
    /* Step 1: "If mLen > k - 11, output 'message too long'": 11 = the three
     * fixed bytes plus the 8 bytes PS must have at least. */
    if (msg_len > k - 11 || ps_len != k - msg_len - 3)
        return GT_ERR_USAGE;
    for (size_t i = 0; i < ps_len; i++) {
        if (ps[i] == 0)
            return GT_ERR_USAGE;
    }

    /* Step 2: EME-PKCS1-v1_5 encoding. */
    em[0] = 0x00;
    em[1] = 0x02;
    memcpy(em + 2, ps, ps_len);
    em[2 + ps_len] = 0x00;
    if (msg_len > 0)
        memcpy(em + 3 + ps_len, msg, msg_len);

    /* Steps 3 and 4: c = m^e mod n, written as k bytes. */
    bool ok = rsa_function(pub, PK_PUBLIC, em, out, k);
    gt_wipe(em, k); /* it holds the message, e.g. the premaster secret */
    if (!ok)
        return GT_ERR_INTERNAL;
    *out_len = k;
    return GT_OK;
}

gt_err gt_rsa_pkcs1_encrypt(const rsa_key *pub, gt_rng *rng, const uint8_t *msg, size_t msg_len,
                            uint8_t *out, size_t *out_len)
{
    uint8_t ps[GT_RSA_MAX_MODULUS_BYTES];
    size_t k = gt_rsa_modulus_bytes(pub);

    if (k < RSA_MIN_MODULUS_BYTES || k > GT_RSA_MAX_MODULUS_BYTES || msg_len > k - 11)
        return GT_ERR_USAGE;
    size_t ps_len = k - msg_len - 3;
    if (gt_rng_nonzero_bytes(rng, ps, ps_len) != GT_OK)
        return GT_ERR_INTERNAL;
    gt_err err = gt_rsa_pkcs1_encrypt_with_ps(pub, ps, ps_len, msg, msg_len, out, out_len);
    gt_wipe(ps, ps_len);
    return err;
}

/* ---- RSAES-PKCS1-v1_5: decryption without an oracle (RFC 8017 7.2.2) ------ */

/* 0xffffffff when a >= b, else 0, without a branch. Both are below 2^31 here
 * (they are offsets into a buffer of at most 1024 bytes), so a - b wraps
 * round, setting the top bit, exactly when a < b. */
static uint32_t ct_ge_u32(uint32_t a, uint32_t b)
{
    uint32_t a_less = (a - b) >> 31;
    return a_less - 1u; /* 1 - 1 = 0 when a < b; 0 - 1 = all ones when a >= b */
}

/* Bleichenbacher (1998) showed that a server which answers differently, or
 * even just takes a different time, when the padding of a ClientKeyExchange
 * is wrong lets an attacker decrypt a recorded premaster with about a million
 * queries; ROBOT (2017) found the same hole in many servers again. So the
 * checks below look at every byte, combine their results with masks instead
 * of if-statements, and always copy the same bytes. The caller
 * (handshake/key_decrypt.c) then picks the message or a random premaster,
 * again with a mask (RFC 5246 7.4.7.1). */
uint32_t gt_rsa_pkcs1_decrypt_fixed(const rsa_key *priv, const uint8_t *ct, size_t ct_len,
                                    uint8_t *out, size_t expected_len)
{
    uint8_t em[GT_RSA_MAX_MODULUS_BYTES];
    size_t k = gt_rsa_modulus_bytes(priv);

    if (expected_len > 0)
        memset(out, 0, expected_len);
    /* These depend only on public things (the key, the lengths, the
     * ciphertext as sent), so returning early here tells an attacker nothing
     * he does not know. */
    if (k < RSA_MIN_MODULUS_BYTES || k > GT_RSA_MAX_MODULUS_BYTES || priv->type != PK_PRIVATE)
        return 0;
    if (ct_len != k || expected_len > k - 11) /* step 1: the length checks */
        return 0;
    /* Step 2: m = c^d mod n. Fails only when c >= n, which is public too. */
    if (!rsa_function(priv, PK_PRIVATE, ct, em, k))
        return 0;

    /* Step 3: EM must be 0x00 || 0x02 || PS || 0x00 || M. From here on no
     * branch and no memory address depends on the bytes of EM. */
    uint32_t good = gt_ct_eq_u32(em[0], 0x00) & gt_ct_eq_u32(em[1], 0x02);

    /* The separator is the first zero byte after the first two. Scan them
     * all; "looking" stays all ones until the first zero is seen, and only
     * that first zero's position is recorded in sep. */
    uint32_t looking = 0xffffffffu, sep = 0;
    for (size_t i = 2; i < k; i++) {
        uint32_t is_zero = gt_ct_eq_u32(em[i], 0x00);
        sep |= looking & is_zero & (uint32_t)i;
        looking &= ~is_zero;
    }
    good &= ~looking; /* a separator was found */
    /* PS runs from index 2 to sep - 1 and must have at least 8 bytes. (With
     * expected_len <= k - 11, checked above, the length check below already
     * implies it; it stays because it is RFC 8017's rule and costs nothing.) */
    good &= ct_ge_u32(sep, 2 + 8);
    /* M is what follows the separator: k - sep - 1 bytes, and we require
     * exactly expected_len of them. */
    good &= gt_ct_eq_u32(sep, (uint32_t)(k - expected_len - 1));

    /* Because M's length is fixed, M can only be the last expected_len bytes
     * of EM; copy them when good, leave zeros otherwise. The same bytes are
     * read and written either way. */
    gt_ct_select(out, em + k - expected_len, out, expected_len, good);
    gt_wipe(em, k);
    return good;
}

/* ---- RSASSA-PKCS1-v1_5 signatures (RFC 8017 8.2 and 9.2) ------------------ */

/* RFC 8017 9.2, Note 1: the DER encoding of DigestInfo ::= SEQUENCE {
 * digestAlgorithm AlgorithmIdentifier, digest OCTET STRING } up to the digest
 * itself. The hash value follows these bytes directly. */
static const uint8_t prefix_sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                      0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
static const uint8_t prefix_sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
static const uint8_t prefix_sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                        0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
static const uint8_t prefix_sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                        0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};

typedef struct digest_info {
    const uint8_t *prefix;
    size_t prefix_len;
    size_t digest_len;
} digest_info;

static bool digest_info_for(gt_hash_alg alg, digest_info *di)
{
    switch (alg) {
    case GT_HASH_SHA1: *di = (digest_info){prefix_sha1, sizeof prefix_sha1, 20}; return true;
    case GT_HASH_SHA256: *di = (digest_info){prefix_sha256, sizeof prefix_sha256, 32}; return true;
    case GT_HASH_SHA384: *di = (digest_info){prefix_sha384, sizeof prefix_sha384, 48}; return true;
    case GT_HASH_SHA512: *di = (digest_info){prefix_sha512, sizeof prefix_sha512, 64}; return true;
    }
    return false;
}

/* EMSA-PKCS1-v1_5-ENCODE (RFC 8017 9.2) of a digest into k bytes:
 *   EM = 0x00 || 0x01 || PS || 0x00 || T,  T = DigestInfo prefix || H,
 *   PS = 0xff repeated, at least 8 bytes.
 * GT_ERR_USAGE for an unknown algorithm or a digest of the wrong length,
 * GT_ERR_DECRYPT when the key is too short to hold T ("intended encoded
 * message length too short"). */
static gt_err emsa_pkcs1_v15_encode(gt_hash_alg alg, const uint8_t *digest, size_t digest_len,
                                    uint8_t *em, size_t k)
{
    digest_info di;
    if (!digest_info_for(alg, &di) || digest_len != di.digest_len)
        return GT_ERR_USAGE;
    size_t t_len = di.prefix_len + digest_len;
    if (k < t_len + 11)
        return GT_ERR_DECRYPT;
    size_t ps_len = k - t_len - 3;
    em[0] = 0x00;
    em[1] = 0x01;
    memset(em + 2, 0xff, ps_len);
    em[2 + ps_len] = 0x00;
    memcpy(em + 3 + ps_len, di.prefix, di.prefix_len);
    memcpy(em + 3 + ps_len + di.prefix_len, digest, digest_len);
    return GT_OK;
}

/* RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 8.2.2). We do not parse the DigestInfo
 * out of the signature: we build the one encoding a valid signature must have
 * and compare. Parsing it instead has repeatedly gone wrong (Bleichenbacher's
 * 2006 forgery against verifiers that ignored bytes after the hash), and
 * RFC 8017 8.2.2 step 4 compares the encodings for exactly that reason. */
gt_err gt_rsa_pkcs1_verify(const rsa_key *pub, gt_hash_alg alg, const uint8_t *digest,
                           size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    uint8_t em[GT_RSA_MAX_MODULUS_BYTES], expected[GT_RSA_MAX_MODULUS_BYTES];
    size_t k = gt_rsa_modulus_bytes(pub);

    if (k < RSA_MIN_MODULUS_BYTES || k > GT_RSA_MAX_MODULUS_BYTES)
        return GT_ERR_USAGE;
    /* Step 3 first, to tell a caller's mistake from a bad signature. */
    gt_err err = emsa_pkcs1_v15_encode(alg, digest, digest_len, expected, k);
    if (err != GT_OK)
        return err;
    /* Step 1: "If the length of the signature S is not k octets, output
     * 'invalid signature'". */
    if (sig_len != k)
        return GT_ERR_DECRYPT;
    /* Step 2: m = s^e mod n (fails when s >= n: invalid signature). */
    if (!rsa_function(pub, PK_PUBLIC, sig, em, k))
        return GT_ERR_DECRYPT;
    /* Step 4: compare EM with EM'. Signatures are public, so constant time
     * is not needed for secrecy here; it costs nothing and keeps one habit. */
    return gt_ct_equal(em, expected, k) ? GT_OK : GT_ERR_DECRYPT;
}

/* RSASSA-PKCS1-v1_5-SIGN (RFC 8017 8.2.1): EM as above, then s = m^d mod n. */
gt_err gt_rsa_pkcs1_sign(const rsa_key *priv, gt_hash_alg alg, const uint8_t *digest,
                         size_t digest_len, uint8_t *sig, size_t *sig_len)
{
    uint8_t em[GT_RSA_MAX_MODULUS_BYTES];
    size_t k = gt_rsa_modulus_bytes(priv);

    if (k < RSA_MIN_MODULUS_BYTES || k > GT_RSA_MAX_MODULUS_BYTES || priv->type != PK_PRIVATE)
        return GT_ERR_USAGE;
    gt_err err = emsa_pkcs1_v15_encode(alg, digest, digest_len, em, k);
    if (err != GT_OK)
        return err == GT_ERR_DECRYPT ? GT_ERR_USAGE : err; /* key too small to sign with */
    if (!rsa_function(priv, PK_PRIVATE, em, sig, k))
        return GT_ERR_INTERNAL;
    *sig_len = k;
    return GT_OK;
}
