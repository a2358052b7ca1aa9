/* test/helpers/tmpdir: see tmpdir.h. */
#include "test/helpers/tmpdir.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

int gt_tmpdir_make(char *dir, size_t cap, const char *prefix)
{
    int n = snprintf(dir, cap, "/tmp/gt-%s-XXXXXX", prefix);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    return mkdtemp(dir) ? 0 : -1;
}

void gt_tmpdir_path(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < cap);
}

int gt_tmpdir_remove(const char *dir)
{
    /* the name is ours (gt_tmpdir_make): no quoting needed */
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}
