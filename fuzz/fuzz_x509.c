/* fuzz/fuzz_x509: libFuzzer target for x509/cert, x509/pem and x509/verify.
 * The input is tried as a DER certificate (RFC 5280 4.1) and as PEM text
 * (RFC 7468); a certificate that parses is then verified as a pinned trust
 * anchor (every path check runs on it: validity, name constraints, host
 * names) and against an empty trust store, and matched against a DNS name
 * and an IP address. Nothing may crash or read out of bounds. Built by
 * mk/fuzz.mk with clang -fsanitize=fuzzer,address,undefined; seeds in
 * fuzz/corpus/x509/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "crypto/crypto.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define AT 1893456000 /* 2030-01-01 */

static void exercise(const uint8_t *der, size_t len)
{
    gt_cert c;
    gt_error e = {GT_OK, ""};
    char text[128];
    if (gt_cert_parse(&c, der, len, &e) != GT_OK)
        return;
    gt_cert_sig_alg_name(&c, text, sizeof text);
    gt_cert_key_alg_name(&c, text, sizeof text);
    gt_cert_key_text(&c, text, sizeof text);
    gt_time_format(c.not_before, text);
    gt_cert_matches_host(&c, "www.example.com");
    gt_cert_matches_host(&c, "192.0.2.1");
    gt_cert_matches_host(&c, "2001:db8::1");

    gt_trust none, pinned;
    gt_trust_init(&none);
    gt_trust_init(&pinned);
    gt_error why = {GT_OK, ""};
    gt_verify_chain(&c, 1, &none, "www.example.com", AT, &why);
    gt_error_clear(&why);
    if (gt_trust_add_der(&pinned, der, len, &why) == GT_OK) {
        gt_error_clear(&why);
        gt_verify_chain(&c, 1, &pinned, "www.example.com", AT, &why);
        gt_error_clear(&why);
        /* The certificate twice: once as the leaf, once as its own issuer. */
        gt_cert chain[2] = {c, c};
        gt_verify_chain(chain, 2, &none, NULL, AT, &why);
    }
    gt_trust_free(&pinned);
    gt_trust_free(&none);
    gt_cert_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (gt_crypto_init() != GT_OK)
            abort();
        ready = 1;
    }
    exercise(data, size);

    /* As PEM text: at most 4 CERTIFICATE blocks. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    for (size_t i = 0; i < size; i++)
        text[i] = (char)data[i];
    text[size] = '\0';
    uint8_t *der[4];
    size_t der_len[4], n = 0;
    gt_error e = {GT_OK, ""};
    if (gt_pem_decode(text, size, "CERTIFICATE", der, der_len, 4, &n, &e) == GT_OK) {
        for (size_t i = 0; i < n; i++) {
            exercise(der[i], der_len[i]);
            free(der[i]);
        }
    }
    free(text);
    return 0;
}
