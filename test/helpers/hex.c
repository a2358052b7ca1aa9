/* test/helpers/hex: see hex.h. */
#include "test/helpers/hex.h"

#include <stdio.h>
#include <string.h>

size_t gt_test_unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    return n;
}
