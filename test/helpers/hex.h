/* test/helpers/hex: published test vectors are written in hex; this turns
 * them into bytes. */
#ifndef GT_TEST_HEX_H
#define GT_TEST_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Decodes a string of hex digit pairs into out; returns the byte count. */
size_t gt_test_unhex(const char *hex, uint8_t *out);

#endif
