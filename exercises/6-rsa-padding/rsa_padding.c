/* Exercise 6, lesson step 4, "Client sends encrypted session key": the
 * premaster secret padded as PKCS#1 v1.5 says and raised to the server's
 * public exponent, by hand with libtommath's big numbers.
 * Your file replaces gt_rsa_pkcs1_encrypt_with_ps of crypto/rsa.c.
 * Read exercises/6-rsa-padding/README.md first. Check with:
 *     make exercise EX=rsa-padding */
#include <string.h>
#include <tommath.h>

#include "crypto/rsa.h"

/* RFC 8017 7.2.1, RSAES-PKCS1-V1_5-ENCRYPT with the padding string given:
 *   k = the modulus length in bytes (gt_rsa_modulus_bytes)
 *   1. mLen > k - 11, or ps_len != k - mLen - 3, or a zero byte in PS:
 *      return GT_ERR_USAGE
 *   2. EM = 0x00 || 0x02 || PS || 0x00 || M                  (k bytes)
 *   3. m = EM read as a big-endian number                    (OS2IP)
 *   4. c = m^e mod n                                         (RSAEP)
 *   5. out = c written as exactly k big-endian bytes, zeros in front if
 *      c is shorter (I2OSP); *out_len = k; return GT_OK
 * The public key's numbers are libtommath's: pub->N and pub->e point to
 * mp_int (glasstls builds libtomcrypt with LTM_DESC). */
gt_err gt_rsa_pkcs1_encrypt_with_ps(const rsa_key *pub, const uint8_t *ps, size_t ps_len,
                                    const uint8_t *msg, size_t msg_len, uint8_t *out,
                                    size_t *out_len)
{
    /* Your code here. */
    (void)pub;
    (void)ps;
    (void)ps_len;
    (void)msg;
    (void)msg_len;
    (void)out;
    (void)out_len;
    return GT_ERR_INTERNAL;
}
