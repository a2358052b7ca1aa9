/* test/test_tracker: handshake/tracker, the lesson's Status Tracker. Every
 * expected word and every column below is copied from the lesson
 * (shared/seed/handshake-lesson.txt), whose table reads:
 *
 *   Variable       Start          After Step 2   After Step 3           After Step 4        Final
 *   ClientHello    Not sent       Sent           Sent                   Sent                Sent
 *   ServerHello    Not sent       Sent           Sent                   Sent                Sent
 *   Certificate    Not received   Received       Verified               Verified Verified
 *   SessionKey     Not generated  Not generated  Generated & Encrypted  Encrypted key sent  Shared
 * securely SecureChannel  No             No             No                     No Yes
 *
 * A whole handshake (client and server in one process, the demo PKI) is
 * watched through the client's GT_EV_TRACKER events, which must walk this
 * table in order, each change made in the lesson step of its column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "handshake/conn.h"
#include "handshake/pair.h"
#include "handshake/tracker.h"
#include "test/helpers/demo_pair.h"

#define NOW 1767225600 /* 2026-01-01 00:00:00 UTC */

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

/* The lesson's Variable column and Start column. */
static const char *const lesson_names[] = {"ClientHello", "ServerHello", "Certificate",
                                           "SessionKey", "SecureChannel"};
static const char *const lesson_start[] = {"Not sent", "Not sent", "Not received", "Not generated",
                                           "No"};

static void test_init_is_the_start_column(void **state)
{
    (void)state;
    gt_tracker t;
    memset(&t, 0xa5, sizeof t);
    gt_tracker_init(&t);
    assert_int_equal(GT_VAR_COUNT, 5);
    for (int v = 0; v < GT_VAR_COUNT; v++) {
        assert_non_null(t.value[v]);
        assert_string_equal(t.value[v], lesson_start[v]);
        assert_string_equal(gt_tracker_start_value(v), lesson_start[v]);
    }
    assert_string_equal(t.value[GT_VAR_CLIENT_HELLO], "Not sent");
    assert_string_equal(t.value[GT_VAR_SERVER_HELLO], "Not sent");
    assert_string_equal(t.value[GT_VAR_CERTIFICATE], "Not received");
    assert_string_equal(t.value[GT_VAR_SESSION_KEY], "Not generated");
    assert_string_equal(t.value[GT_VAR_SECURE_CHANNEL], "No");
    assert_string_equal(t.rejected, "");
}

static void test_variable_names(void **state)
{
    (void)state;
    for (int v = 0; v < GT_VAR_COUNT; v++)
        assert_string_equal(gt_tracker_var_name(v), lesson_names[v]);
    assert_string_equal(gt_tracker_var_name(GT_VAR_CLIENT_HELLO), "ClientHello");
    assert_string_equal(gt_tracker_var_name(GT_VAR_SECURE_CHANNEL), "SecureChannel");
    /* out of range: a placeholder, never a crash */
    assert_non_null(gt_tracker_var_name(-1));
    assert_non_null(gt_tracker_var_name(GT_VAR_COUNT));
    assert_non_null(gt_tracker_start_value(GT_VAR_COUNT));
}

/* The lesson's values, word for word, as the header names them. */
static void test_value_words(void **state)
{
    (void)state;
    assert_string_equal(GT_VAL_NOT_SENT, "Not sent");
    assert_string_equal(GT_VAL_SENT, "Sent");
    assert_string_equal(GT_VAL_NOT_RECEIVED, "Not received");
    assert_string_equal(GT_VAL_RECEIVED, "Received");
    assert_string_equal(GT_VAL_VERIFIED, "Verified");
    assert_string_equal(GT_VAL_NOT_GENERATED, "Not generated");
    assert_string_equal(GT_VAL_GENERATED, "Generated & Encrypted");
    assert_string_equal(GT_VAL_KEY_SENT, "Encrypted key sent");
    assert_string_equal(GT_VAL_SHARED, "Shared securely");
    assert_string_equal(GT_VAL_NO, "No");
    assert_string_equal(GT_VAL_YES, "Yes");
}

/* ---- a whole handshake, watched ---- */

#define MAX_CHANGES 32

typedef struct change {
    int var;
    char value[64];
    char name[32];
    int step;
} change;

typedef struct watch {
    change changes[2][MAX_CHANGES]; /* per role */
    size_t n[2];
} watch;

static void observe(void *ctx, const gt_event *ev)
{
    watch *w = ctx;
    if (ev->kind != GT_EV_TRACKER)
        return;
    assert_true(w->n[ev->role] < MAX_CHANGES);
    change *c = &w->changes[ev->role][w->n[ev->role]++];
    c->var = ev->var;
    snprintf(c->value, sizeof c->value, "%s", ev->value);
    snprintf(c->name, sizeof c->name, "%s", ev->name ? ev->name : "");
    c->step = ev->step;
}

typedef struct world {
    gt_demo_pair p;
    watch seen;
} world;

static int setup_world(void **state)
{
    static const char *const chain[] = {"test/pki/sensor-hub.pem", NULL};
    world *w = calloc(1, sizeof *w);
    if (w == NULL || gt_demo_pair_load(&w->p, chain, "test/pki/sensor-hub.key", NOW) != 0) {
        free(w);
        return -1;
    }
    w->p.ccfg.observer = w->p.scfg.observer = observe;
    w->p.ccfg.observer_ctx = w->p.scfg.observer_ctx = &w->seen;
    *state = w;
    if (gt_demo_pair_start(&w->p) != 0) {
        gt_demo_pair_free(&w->p); /* cmocka skips the teardown when set-up fails */
        free(w);
        return -1;
    }
    return 0;
}

static int teardown_world(void **state)
{
    world *w = *state;
    gt_demo_pair_free(&w->p);
    free(w);
    return 0;
}

/* The client's changes, in order, and the lesson step each belongs to: the
 * step of the first column of the lesson's table where the new value shows
 * (ClientHello is sent in step 1 and ServerHello received in step 2, both
 * shown "After Step 2"; SecureChannel turns Yes in the Final column, which
 * is step 5). */
static const struct {
    int var;
    const char *value;
    int step;
} lesson_progression[] = {
    {GT_VAR_CLIENT_HELLO, "Sent", 1},
    {GT_VAR_SERVER_HELLO, "Sent", 2},
    {GT_VAR_CERTIFICATE, "Received", 2},
    {GT_VAR_CERTIFICATE, "Verified", 3},
    {GT_VAR_SESSION_KEY, "Generated & Encrypted", 3},
    {GT_VAR_SESSION_KEY, "Encrypted key sent", 4},
    {GT_VAR_SESSION_KEY, "Shared securely", 5},
    {GT_VAR_SECURE_CHANNEL, "Yes", 5},
};
#define N_PROGRESSION (sizeof lesson_progression / sizeof lesson_progression[0])

static void test_client_walks_the_lesson_table(void **state)
{
    world *w = *state;
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    const change *got = w->seen.changes[GT_CLIENT];
    size_t n = w->seen.n[GT_CLIENT];
    for (size_t i = 0; i < n && i < N_PROGRESSION; i++) {
        if (got[i].var != lesson_progression[i].var ||
            strcmp(got[i].value, lesson_progression[i].value) != 0 ||
            got[i].step != lesson_progression[i].step)
            fail_msg("client change %zu: %s = \"%s\" in step %d; the lesson has %s = \"%s\" in "
                     "step %d",
                     i, gt_tracker_var_name(got[i].var), got[i].value, got[i].step,
                     lesson_names[lesson_progression[i].var], lesson_progression[i].value,
                     lesson_progression[i].step);
        /* the event names its variable with the lesson's word */
        assert_string_equal(got[i].name, lesson_names[got[i].var]);
    }
    assert_int_equal(n, N_PROGRESSION);
    /* and the tracker itself ends in the lesson's Final column */
    static const char *const final[] = {"Sent", "Sent", "Verified", "Shared securely", "Yes"};
    for (int v = 0; v < GT_VAR_COUNT; v++)
        assert_string_equal(w->p.client->tracker.value[v], final[v]);
}

/* Replays the client's changes over the Start column and checks the table's
 * columns "After Step 2", "After Step 3", "After Step 4" and "Final": the
 * state after every change made up to and including that step. */
static void test_client_columns_match_the_lesson(void **state)
{
    world *w = *state;
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    static const char *const column[4][5] = {
        /* After Step 2 */ {"Sent", "Sent", "Received", "Not generated", "No"},
        /* After Step 3 */ {"Sent", "Sent", "Verified", "Generated & Encrypted", "No"},
        /* After Step 4 */ {"Sent", "Sent", "Verified", "Encrypted key sent", "No"},
        /* Final        */ {"Sent", "Sent", "Verified", "Shared securely", "Yes"},
    };
    static const int last_step[4] = {2, 3, 4, 5};
    const change *got = w->seen.changes[GT_CLIENT];
    for (int col = 0; col < 4; col++) {
        const char *value[5];
        for (int v = 0; v < 5; v++)
            value[v] = lesson_start[v];
        for (size_t i = 0; i < w->seen.n[GT_CLIENT] && got[i].step <= last_step[col]; i++)
            value[got[i].var] = got[i].value;
        for (int v = 0; v < 5; v++)
            if (strcmp(value[v], column[col][v]) != 0)
                fail_msg("column %d: %s is \"%s\", the lesson says \"%s\"", col, lesson_names[v],
                         value[v], column[col][v]);
    }
}

/* The server's own tracker (architecture.md: both sides set ServerHello,
 * SessionKey=Shared securely and SecureChannel=Yes): it uses the same words
 * and ends with a secure channel too. */
static void test_server_uses_the_lesson_words(void **state)
{
    world *w = *state;
    assert_int_equal(gt_pair_run(w->p.client, w->p.server), GT_OK);
    const change *got = w->seen.changes[GT_SERVER];
    size_t n = w->seen.n[GT_SERVER];
    assert_true(n >= 3);
    bool server_hello = false, shared = false, yes = false;
    for (size_t i = 0; i < n; i++) {
        if (got[i].var == GT_VAR_SERVER_HELLO && !strcmp(got[i].value, "Sent") && got[i].step == 2)
            server_hello = true;
        if (got[i].var == GT_VAR_SESSION_KEY && !strcmp(got[i].value, "Shared securely") &&
            got[i].step == 5)
            shared = true;
        if (got[i].var == GT_VAR_SECURE_CHANNEL && !strcmp(got[i].value, "Yes") && got[i].step == 5)
            yes = true;
    }
    assert_true(server_hello);
    assert_true(shared);
    assert_true(yes);
    /* SecureChannel = Yes is the last change on both sides */
    assert_int_equal(got[n - 1].var, GT_VAR_SECURE_CHANNEL);
    assert_string_equal(w->p.server->tracker.value[GT_VAR_SECURE_CHANNEL], "Yes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_the_start_column),
        cmocka_unit_test(test_variable_names),
        cmocka_unit_test(test_value_words),
        cmocka_unit_test_setup_teardown(test_client_walks_the_lesson_table, setup_world,
                                        teardown_world),
        cmocka_unit_test_setup_teardown(test_client_columns_match_the_lesson, setup_world,
                                        teardown_world),
        cmocka_unit_test_setup_teardown(test_server_uses_the_lesson_words, setup_world,
                                        teardown_world),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
