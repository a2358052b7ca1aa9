/* test/helpers/fixture_state: see fixture_state.h. */
#include "test/helpers/fixture_state.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "test/helpers/transcript.h"

static int load(void **state, const char *dir)
{
    if (gt_crypto_init() != GT_OK)
        return -1;
    struct gt_fixture_session *s = calloc(1, sizeof *s);
    if (s == NULL)
        return -1;
    if (gt_transcript_fixture_load(dir, s) != 0) {
        print_error("%s\n", s->error);
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

int gt_fixture_setup_ems(void **state) { return load(state, GT_FIXTURE_EMS); }
int gt_fixture_setup_no_ems(void **state) { return load(state, GT_FIXTURE_NO_EMS); }

int gt_fixture_teardown(void **state)
{
    gt_fixture_session_free(*state);
    free(*state);
    return 0;
}
