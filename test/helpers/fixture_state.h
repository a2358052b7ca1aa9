/* test/helpers/fixture_state: cmocka set-up and teardown that load one of the
 * OpenSSL-recorded sessions (transcript.h) into *state, for tests that
 * compare glasstls with OpenSSL's values. */
#ifndef GT_TEST_FIXTURE_STATE_H
#define GT_TEST_FIXTURE_STATE_H

int gt_fixture_setup_ems(void **state);    /* GT_FIXTURE_EMS */
int gt_fixture_setup_no_ems(void **state); /* GT_FIXTURE_NO_EMS */
int gt_fixture_teardown(void **state);

#endif
