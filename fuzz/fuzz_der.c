/* fuzz/fuzz_der: libFuzzer target for x509/der, the strict DER reader
 * (X.690 sections 8 and 10, RFC 5280 4.1.2.5 times). Any byte string is
 * walked as a tree of TLVs, and every typed reader is tried on every
 * element: each must either succeed within the element's bytes or fail
 * without moving the reader. Built by mk/fuzz.mk with
 * clang -fsanitize=fuzzer,address,undefined; seeds in fuzz/corpus/der/. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x509/der.h"

/* Certificates nest about ten levels; deeper input is walked no further. */
#define MAX_DEPTH 32

static void try_typed_readers(const gt_reader *at)
{
    const uint8_t *p;
    size_t n;
    unsigned unused;
    uint32_t small;
    bool b;
    int64_t t;
    char text[128];
    gt_reader r;

    r = *at;
    gt_der_read_integer(&r, &p, &n);
    r = *at;
    gt_der_read_small_uint(&r, 0x7fffffff, &small);
    r = *at;
    gt_der_read_boolean(&r, &b);
    r = *at;
    gt_der_read_null(&r);
    r = *at;
    if (gt_der_read_oid(&r, &p, &n))
        gt_der_oid_text(p, n, text, sizeof text);
    r = *at;
    gt_der_read_bit_string(&r, &p, &n, &unused);
    r = *at;
    gt_der_read_bit_string_bytes(&r, &p, &n);
    r = *at;
    gt_der_read_time(&r, &t);
}

static void walk(gt_reader r, int depth)
{
    while (!gt_reader_done(&r)) {
        uint8_t tag;
        gt_reader contents, before = r;
        try_typed_readers(&r);
        if (!gt_der_read_any(&r, &tag, &contents)) {
            /* A failed read must leave the reader where it was. */
            if (r.off != before.off)
                __builtin_trap();
            return;
        }
        if ((tag & GT_DER_CONSTRUCTED) && depth < MAX_DEPTH)
            walk(contents, depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gt_reader r;
    gt_reader_init(&r, data, size);
    walk(r, 0);
    return 0;
}
