/* demo/trace_keylog: `--keylog FILE`, the NSS key log format that browsers,
 * curl and Wireshark share: one line per session,
 *   CLIENT_RANDOM <client random, 64 hex> <master secret, 96 hex>
 * With it Wireshark derives the key block itself (RFC 5246 6.3) and decrypts
 * the records. Layer: demo. Anyone holding this file can read the session:
 * that is the point in a classroom and the danger anywhere else. */
#include <string.h>

#include "demo/trace.h"

bool gt_trace_keylog_line(FILE *out, const gt_event *ev)
{
    if (ev->kind != GT_EV_SECRET || !ev->name || strcmp(ev->name, "master secret") != 0 ||
        ev->aux_len != 32 || ev->len != 48)
        return false;
    fputs("CLIENT_RANDOM ", out);
    for (size_t i = 0; i < ev->aux_len; i++)
        fprintf(out, "%02x", ev->aux[i]);
    fputc(' ', out);
    for (size_t i = 0; i < ev->len; i++)
        fprintf(out, "%02x", ev->data[i]);
    fputc('\n', out);
    return true;
}
