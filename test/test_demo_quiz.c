/* test/test_demo_quiz: `glasstls quiz`. The right answers come from outside
 * the quiz: the lesson's Visual Quiz (step 3; after step 5; the session key
 * would not be generated), the RFC reasoning of test_demo_scenarios (where a
 * scenario stops), and, for "which bytes are the server random", a handshake
 * run here through the library with the same seeds as the quiz's run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "handshake/pair.h"
#include "test/helpers/cli_run.h"
#include "test/helpers/demo_pair.h"

#define SEEDED_TIME 1767225600 /* README: a --seed run's clock is 2026-01-01 */

static void quiz(gt_cli_result *r, const char *input, const char *const *args)
{
    assert_int_equal(gt_cli_run(r, input, NULL, args), 0);
}

/* The lesson's answers: C (Step 3), A (After Step 5), B (not generated). */
static void test_lesson_answers(void **state)
{
    (void)state;
    gt_cli_result r;
    quiz(&r, NULL, (const char *const[]){"quiz", "--answers", "C,A,B", NULL});
    assert_int_equal(r.status, 0);
    assert_true(gt_cli_has_line(r.out, "Score: 3 out of 3"));
    gt_cli_result_free(&r);

    quiz(&r, NULL, (const char *const[]){"quiz", "--answers", "a, d ,c", NULL});
    assert_int_equal(r.status, 0);
    assert_true(gt_cli_has_line(r.out, "Score: 0 out of 3"));
    assert_non_null(strstr(r.out, "A: not quite; the answer is C (Step 3)."));
    assert_non_null(strstr(r.out, "D: not quite; the answer is A (After Step 5)."));
    assert_non_null(strstr(r.out, "C: not quite; the answer is B (It is never generated)."));
    gt_cli_result_free(&r);
}

/* The server random of the quiz's good run (--seed 1: client seed 1, server
 * seed 2, clock 2026-01-01), from a handshake run here. */
static void server_random_of_seed_1(uint8_t out[32])
{
    gt_demo_pair p = {0};
    static const char *const chain[] = {GT_PKI_DIR "/sensor-hub.pem", NULL};
    assert_int_equal(gt_demo_pair_load(&p, chain, GT_PKI_DIR "/sensor-hub.key", SEEDED_TIME), 0);
    gt_rng crng, srng;
    gt_rng_init_seeded(&crng, 1);
    gt_rng_init_seeded(&srng, 2);
    p.ccfg.rng = &crng;
    p.scfg.rng = &srng;
    assert_int_equal(gt_demo_pair_start(&p), 0);
    assert_int_equal(gt_pair_run(p.client, p.server), GT_OK);
    memcpy(out, p.client->server_random, 32);
    gt_demo_pair_free(&p);
}

/* Questions from fresh runs: expired-cert stops at step 3 (option B) with
 * SessionKey Not generated (option A); the server random is the option that
 * shows the ServerHello's random. */
static void test_generated_questions(void **state)
{
    (void)state;
    uint8_t sr[32];
    server_random_of_seed_1(sr);
    char want[64];
    snprintf(want, sizeof want, "%02x %02x %02x %02x %02x %02x %02x %02x ...", sr[0], sr[1], sr[2],
             sr[3], sr[4], sr[5], sr[6], sr[7]);

    gt_cli_result r;
    quiz(&r, NULL,
         (const char *const[]){"quiz", "--seed", "1", "--scenario", "expired-cert", "--answers",
                               "C,A,B,B,A,A", NULL});
    assert_int_equal(r.status, 0);
    char letter = 0;
    for (char c = 'A'; c <= 'D'; c++) {
        char option[80];
        snprintf(option, sizeof option, "  %c) %s", c, want);
        if (gt_cli_has_line(r.out, option))
            letter = c;
    }
    if (!letter)
        fail_msg("no option shows the server random %s:\n%s", want, r.out);
    gt_cli_result_free(&r);

    char answers[32];
    snprintf(answers, sizeof answers, "C,A,B,B,A,%c", letter);
    quiz(&r, NULL,
         (const char *const[]){"quiz", "--seed", "1", "--scenario", "expired-cert", "--answers",
                               answers, NULL});
    assert_int_equal(r.status, 0);
    if (!gt_cli_has_line(r.out, "Score: 6 out of 6"))
        fail_msg("answers %s did not score 6 of 6:\n%s", answers, r.out);
    gt_cli_result_free(&r);

    /* tampered-key: step 5 (D), and the key had been sent (C) */
    snprintf(answers, sizeof answers, "C,A,B,D,C,%c", letter);
    quiz(&r, NULL,
         (const char *const[]){"quiz", "--seed", "1", "--scenario", "tampered-key", "--answers",
                               answers, NULL});
    assert_true(gt_cli_has_line(r.out, "Score: 6 out of 6"));
    gt_cli_result_free(&r);
}

/* Answers on stdin, one per line (not a terminal): it stops at the end of
 * the input and scores what was answered. */
static void test_answers_on_stdin(void **state)
{
    (void)state;
    gt_cli_result r;
    quiz(&r, "C\nA\nb\n", (const char *const[]){"quiz", "--seed", "4", NULL});
    assert_int_equal(r.status, 0);
    assert_true(gt_cli_has_line(r.out, "Score: 3 out of 3"));
    gt_cli_result_free(&r);
}

/* An answer out of range: one clear line, exit 2, and no quiz half-printed. */
static void bad(const char *const *args, const char *input, const char *word)
{
    gt_cli_result r;
    quiz(&r, input, args);
    assert_int_equal(r.status, 2);
    assert_true(r.err_len > 1 && r.err[r.err_len - 1] == '\n');
    assert_null(memchr(r.err, '\n', r.err_len - 1));
    if (word && !strstr(r.err, word))
        fail_msg("the error does not name '%s': %s", word, r.err);
    if (!input)
        assert_int_equal(r.out_len, 0);
    gt_cli_result_free(&r);
}

static void test_bad_answers(void **state)
{
    (void)state;
    bad((const char *const[]){"quiz", "--answers", "C,A,E", NULL}, NULL, "'E'");
    bad((const char *const[]){"quiz", "--answers", "C,AB", NULL}, NULL, "'AB'");
    bad((const char *const[]){"quiz", "--answers", "C,,B", NULL}, NULL, "answer 2");
    bad((const char *const[]){"quiz", "--answers", "", NULL}, NULL, "answer 1");
    bad((const char *const[]){"quiz", "--seed", "1", "--answers", "A,A,A,A,A,A,A", NULL}, NULL,
        "7 answers");
    bad((const char *const[]){"quiz", "--answers", "A,A,A,A,A,A,A,A,A", NULL}, NULL, "questions");
    bad((const char *const[]){"quiz", "--seed", "1", NULL}, "C\n5\n", "answer 2");
}

int main(void)
{
    gt_crypto_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_answers),
        cmocka_unit_test(test_generated_questions),
        cmocka_unit_test(test_answers_on_stdin),
        cmocka_unit_test(test_bad_answers),
    };
    return cmocka_run_group_tests_name("quiz", tests, NULL, NULL);
}
