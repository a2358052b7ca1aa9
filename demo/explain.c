/* demo/explain: the annotated hex dump. Each record the handshake reports is
 * dissected (demo/dissect.c) and printed field by field: where it starts in
 * the record, its bytes, its name in RFC 5246's words, what it decodes to,
 * and what it is for. Layer: demo. */
#include "demo/explain.h"

#include <string.h>

#include "record/record.h"

#define BYTES_PER_LINE 8
#define FOLD_SHOWN     6 /* bytes of a folded field shown before ".." */

void gt_explain_init(gt_explain *x, FILE *out, bool full, bool sent_only)
{
    memset(x, 0, sizeof *x);
    x->out = out;
    x->full = full;
    x->sent_only = sent_only;
}

/* "16 03 03 00 b0" into a column of 3 * BYTES_PER_LINE characters. */
static void hex_cell(char *out, const uint8_t *p, size_t n, bool folded)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(out + o, "%02x ", p[i]);
    if (folded)
        o += (size_t)sprintf(out + o, "..");
    else if (o > 0)
        o--; /* no space at the end of a line */
    out[o] = 0;
}

static void print_field(FILE *out, const gt_dissection *d, const gt_field *f, bool full)
{
    const uint8_t *base = f->inner ? d->inner : d->bytes;
    const uint8_t *p = base + f->off;
    bool folded = f->bulk && !full && f->len > FOLD_SHOWN;
    size_t first = folded ? FOLD_SHOWN : (f->len < BYTES_PER_LINE ? f->len : BYTES_PER_LINE);
    char cell[3 * BYTES_PER_LINE + 4];
    hex_cell(cell, p, first, folded);
    fprintf(out, "  %04zx  %-24s %*s%s = %s\n", f->off, cell, 2 * f->depth, "", f->name, f->value);
    if (!folded)
        for (size_t at = first; at < f->len; at += BYTES_PER_LINE) {
            size_t n = f->len - at < BYTES_PER_LINE ? f->len - at : BYTES_PER_LINE;
            hex_cell(cell, p + at, n, false);
            fprintf(out, "  %04zx  %s\n", f->off + at, cell);
        }
    if (f->meaning[0])
        fprintf(out, "  %4s  %-24s %*s  %s\n", "", "", 2 * f->depth, "", f->meaning);
}

void gt_explain_print(FILE *out, const gt_dissection *d, bool full)
{
    bool inner_started = false;
    for (size_t i = 0; i < d->n; i++) {
        const gt_field *f = &d->fields[i];
        if (f->inner && !inner_started) {
            inner_started = true;
            fprintf(out,
                    "  -- inside, as the receiver decrypts it (offsets in the plaintext, "
                    "%zu bytes):\n",
                    d->inner_len);
        }
        print_field(out, d, f, full);
    }
    if (d->problem[0])
        fprintf(out, "  (the dissection stops here: %s)\n", d->problem);
}

void gt_explain_event(void *ctx, const gt_event *ev)
{
    gt_explain *x = ctx;
    if (ev->kind != GT_EV_RECORD || (x->sent_only && !ev->sent))
        return;
    gt_dissection d;
    gt_dissection_init(&d);
    gt_dissect_record(&d, ev->data, ev->len, ev->plain, ev->plain_len);
    gt_role from = ev->sent ? ev->role : (gt_role)!ev->role;
    fprintf(x->out, "\n[record %u] %s -> %s: %s, %zu bytes on the wire\n", ++x->records,
            gt_role_name(from), gt_role_name((gt_role)!from), d.title, ev->len);
    fprintf(x->out, "  %-4s  %-24s %s\n", "off", "bytes", "field = value / what it is for");
    gt_explain_print(x->out, &d, x->full);
    gt_dissection_free(&d);
}
