/* demo/explain: `glasstls demo --explain`, every record as an annotated hex
 * dump (offset, bytes, field, decoded value, one line on what it is for),
 * in the manner of a byte-by-byte illustrated TLS connection. An observer:
 * it dissects the records the handshake reports (demo/dissect.h).
 * RFC 5246 6.2 and 7.4 give the field names. */
#ifndef GT_EXPLAIN_H
#define GT_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "demo/dissect.h"
#include "handshake/observer.h"

typedef struct gt_explain {
    FILE *out;
    bool full;      /* unfold long fields (randoms, keys, certificates, ciphertext) */
    bool sent_only; /* both sides report here (the demo): dump each record once, as sent */
    unsigned records;
} gt_explain;

void gt_explain_init(gt_explain *x, FILE *out, bool full, bool sent_only);
/* The observer callback (ctx is the gt_explain). */
void gt_explain_event(void *ctx, const gt_event *ev);
/* Prints one dissection as an annotated dump. */
void gt_explain_print(FILE *out, const gt_dissection *d, bool full);

#endif
