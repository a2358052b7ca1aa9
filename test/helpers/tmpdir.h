/* test/helpers/tmpdir: a fresh directory under /tmp for the files a test
 * has the `glasstls` command write (traces, key logs, captures: the demo's
 * trace layer), named in it, and removed with all it holds afterwards. */
#ifndef GT_TEST_TMPDIR_H
#define GT_TEST_TMPDIR_H

#include <stddef.h>

/* Makes /tmp/gt-PREFIX-XXXXXX (dir holds at least 64 bytes). 0, or -1. */
int gt_tmpdir_make(char *dir, size_t cap, const char *prefix);
/* out = dir "/" name; fails the test when it does not fit. */
void gt_tmpdir_path(char *out, size_t cap, const char *dir, const char *name);
/* Removes dir and everything below it. 0, or -1. */
int gt_tmpdir_remove(const char *dir);

#endif
