/* test/test_explain: the --explain dump (demo/explain.c). A seeded client
 * and server of the demo PKI with the clock fixed at 2026-01-01, as
 * `glasstls demo --seed 7` runs them, must print exactly the recorded dump in
 * test/golden-explain/ (GT_UPDATE_GOLDEN=1 rewrites it after a change made
 * on purpose: read the diff). --full must show a certificate's every byte,
 * the DER the server loaded from test/pki. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "demo/explain.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"

#define SEEDED_TIME 1767225600 /* 2026-01-01, the clock of `glasstls demo --seed` */
#define GOLDEN      "test/golden-explain/seed7.txt"
#define GOLDEN_FULL "test/golden-explain/seed7-full.txt"

/* Runs the demo's session (seed 7 for the client, 8 for the server, one
 * message each way) with the dump going to a memory buffer. */
static char *run_explained(bool full, gt_demo_pair *p, size_t *len)
{
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    assert_int_equal(gt_demo_pair_load(p, chain, "test/pki/sensor-hub.key", SEEDED_TIME), 0);
    gt_rng crng, srng;
    gt_rng_init_seeded(&crng, 7);
    gt_rng_init_seeded(&srng, 8);
    p->ccfg.rng = &crng;
    p->scfg.rng = &srng;
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    gt_explain x;
    gt_explain_init(&x, out, full, true);
    p->ccfg.observer = p->scfg.observer = gt_explain_event;
    p->ccfg.observer_ctx = p->scfg.observer_ctx = &x;
    assert_int_equal(gt_demo_pair_start(p), 0);
    assert_int_equal(gt_pair_run(p->client, p->server), GT_OK);
    uint8_t buf[64];
    size_t got;
    assert_int_equal(gt_write(p->client, (const uint8_t *)"GET /temperature", 16), GT_OK);
    assert_int_equal(gt_read(p->server, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(gt_write(p->server, (const uint8_t *)"temperature=21.5C humidity=40%", 30),
                     GT_OK);
    assert_int_equal(gt_read(p->client, buf, sizeof buf, &got), GT_OK);
    fclose(out);
    return text;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, m);
    fclose(f);
    fclose(m);
    return text;
}

static void compare_golden(const char *path, const char *got, size_t got_len)
{
    const char *update = getenv("GT_UPDATE_GOLDEN");
    if (update && *update == '1') {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(got, 1, got_len, f);
        fclose(f);
    }
    size_t want_len;
    char *want = slurp(path, &want_len);
    assert_non_null(want);
    if (want_len != got_len || memcmp(want, got, got_len)) {
        /* show the first line that differs */
        size_t i = 0, line = 1;
        while (i < want_len && i < got_len && want[i] == got[i])
            line += want[i++] == '\n';
        print_error("%s differs from the dump at line %zu\n", path, line);
        free(want);
        fail();
    }
    free(want);
}

static void test_golden_dump(void **state)
{
    (void)state;
    gt_demo_pair p = {0};
    size_t len;
    char *text = run_explained(false, &p, &len);
    compare_golden(GOLDEN, text, len);
    /* what RFC 5246 puts first: a handshake record (22) of TLS 1.2 (3,3)
     * holding a client_hello (1) */
    assert_non_null(strstr(text, "[record 1] client -> server: handshake record: ClientHello"));
    assert_non_null(strstr(text, "\n  0000  16   "));
    assert_non_null(strstr(text, "\n  0001  03 03   "));
    assert_non_null(strstr(text, "\n  0005  01   "));
    free(text);
    gt_demo_pair_free(&p);
}

static int unhex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Collects the bytes column of the dump lines from the line naming the
 * field up to its meaning line: "  OFFS  xx xx xx ...". */
static size_t field_bytes(const char *text, const char *field, uint8_t *out, size_t cap)
{
    const char *at = strstr(text, field);
    assert_non_null(at);
    while (at > text && at[-1] != '\n')
        at--;
    size_t n = 0;
    for (;;) {
        if (strncmp(at, "  ", 2) != 0 || unhex_digit(at[2]) < 0)
            break;              /* the meaning line has no offset */
        const char *p = at + 8; /* past "  OFFS  " */
        while (n < cap && unhex_digit(p[0]) >= 0 && unhex_digit(p[1]) >= 0 &&
               (p[2] == ' ' || p[2] == '\n')) {
            out[n++] = (uint8_t)(unhex_digit(p[0]) << 4 | unhex_digit(p[1]));
            p += 3;
            if (p[-1] == '\n')
                break;
        }
        const char *nl = strchr(at, '\n');
        if (!nl)
            break;
        at = nl + 1;
    }
    return n;
}

static void test_full_shows_every_certificate_byte(void **state)
{
    (void)state;
    gt_demo_pair p = {0};
    size_t len;
    char *text = run_explained(true, &p, &len);
    compare_golden(GOLDEN_FULL, text, len);
    uint8_t *der = malloc(p.chain[0].der_len + 8);
    size_t n = field_bytes(text, "certificate 1 (DER)", der, p.chain[0].der_len + 8);
    assert_int_equal(n, p.chain[0].der_len);
    assert_memory_equal(der, p.chain[0].der, n);
    free(der);
    free(text);
    gt_demo_pair_free(&p);

    /* folded, the same field shows six bytes and says how long it is */
    gt_demo_pair q = {0};
    text = run_explained(false, &q, &len);
    uint8_t few[16];
    assert_int_equal(field_bytes(text, "certificate 1 (DER)", few, sizeof few), 6);
    free(text);
    gt_demo_pair_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_dump),
        cmocka_unit_test(test_full_shows_every_certificate_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
