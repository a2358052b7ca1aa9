/* demo/quiz: `glasstls quiz`. The lesson's Visual Quiz (its three questions,
 * asked in glasstls's own words, with the same facts and options), then
 * questions made from fresh runs of the demo: where a broken scenario
 * stopped, what SessionKey held then, which bytes were the server random.
 * Interactive on a terminal; --answers A,C,B for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/rng.h"
#include "demo/common.h"
#include "demo/scenario.h"
#include "demo/table.h"
#include "demo/views.h"

#define N_OPTIONS     4
#define MAX_QUESTIONS 8

typedef struct question {
    char text[400];
    char option[N_OPTIONS][120];
    int answer;        /* 0..3 */
    char because[600]; /* said after the answer */
} question;

typedef struct quiz {
    question q[MAX_QUESTIONS];
    int n;
    int width;
} quiz;

static question *add(quiz *z) { return &z->q[z->n++]; }

static void set_options(question *q, const char *a, const char *b, const char *c, const char *d)
{
    snprintf(q->option[0], sizeof q->option[0], "%s", a);
    snprintf(q->option[1], sizeof q->option[1], "%s", b);
    snprintf(q->option[2], sizeof q->option[2], "%s", c);
    snprintf(q->option[3], sizeof q->option[3], "%s", d);
}

/* The lesson's three questions: same facts, same options, our words. */
static void lesson_questions(quiz *z)
{
    question *q = add(z);
    snprintf(q->text, sizeof q->text,
             "In the Process Table, which step is the one where the client checks the "
             "certificate the server sent?");
    set_options(q, "Step 2", "Step 4", "Step 3", "Step 5");
    q->answer = 2;
    snprintf(q->because, sizeof q->because,
             "Step 3, \"Client verifies Certificate\": its check is \"Certificate valid?\". "
             "Step 2 only delivers the certificate.");

    q = add(z);
    snprintf(q->text, sizeof q->text,
             "In the Status Tracker, at which point does SecureChannel first read Yes?");
    set_options(q, "After Step 5", "After Step 3", "After Step 4", "After Step 2");
    q->answer = 0;
    snprintf(q->because, sizeof q->because,
             "SecureChannel is No in every column up to After Step 4; only the Final column, "
             "after step 5, says Yes: both Finished messages must have been checked first.");

    q = add(z);
    snprintf(q->text, sizeof q->text,
             "Suppose the server's certificate fails the check. What becomes of the SessionKey "
             "variable in the Status Tracker?");
    set_options(q, "It is generated, but never sent", "It is never generated",
                "It is sent without encryption", "It is shared securely all the same");
    q->answer = 1;
    snprintf(q->because, sizeof q->because,
             "The client stops at step 3, before it makes the session key, so SessionKey stays "
             "at Not generated (try: glasstls demo --scenario expired-cert).");
}

static uint32_t pick(gt_rng *rng, uint32_t n)
{
    uint8_t b[4];
    gt_rng_bytes(rng, b, sizeof b);
    uint32_t v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    return v % n;
}

/* Runs a scenario quietly: only the events are kept. */
static int quiet_run(const gt_scenario *sc, const gt_demo_opts *o, gt_watch *w)
{
    gt_watch_init(w, stdout, GT_VIEW_SNAPSHOT, true);
    int rc = gt_scenario_run(sc, o, w, NULL);
    return rc == 2 ? -1 : 0;
}

/* Questions about a broken run: where it stopped and what SessionKey held. */
static int scenario_questions(quiz *z, const gt_scenario *sc, const gt_demo_opts *o)
{
    static gt_watch w;
    if (quiet_run(sc, o, &w))
        return -1;
    if (!w.story.stopped)
        return 0; /* nothing stopped: nothing to ask about */
    question *q = add(z);
    snprintf(q->text, sizeof q->text,
             "glasstls just ran the %s scenario. At which step of the Process Table did it "
             "stop? (glasstls demo --list-scenarios tells what each scenario does.)",
             sc->name);
    set_options(q, "Step 2", "Step 3", "Step 4", "Step 5");
    q->answer = w.story.stopped_step >= 2 ? w.story.stopped_step - 2 : 0;
    snprintf(q->because, sizeof q->because, "It stopped at step %d, by the %s: %s.",
             w.story.stopped_step, gt_role_name(w.story.stopped_side), w.story.stop_why);

    q = add(z);
    snprintf(q->text, sizeof q->text,
             "In that same %s run, what did the Status Tracker show for SessionKey when it "
             "stopped?",
             sc->name);
    set_options(q, GT_VAL_NOT_GENERATED, GT_VAL_GENERATED, GT_VAL_KEY_SENT, GT_VAL_SHARED);
    q->answer = 0;
    for (int i = 0; i < N_OPTIONS; i++)
        if (!strcmp(q->option[i], w.render.value[GT_VAR_SESSION_KEY]))
            q->answer = i;
    snprintf(q->because, sizeof q->because, "SessionKey was \"%s\"%s.",
             w.render.value[GT_VAR_SESSION_KEY],
             w.story.stopped_step <= GT_STEP_VERIFY
                 ? ": the certificate failed before the key was made"
                 : ": the key had already gone out when the problem showed");
    return 0;
}

/* Which bytes are the server random? Four 32-byte values of one good run. */
static int random_question(quiz *z, gt_rng *rng, const gt_demo_opts *o)
{
    static gt_watch w;
    if (quiet_run(&gt_scenarios[0], o, &w))
        return -1;
    const gt_story *s = &w.story;
    char hex[4][120];
    const char *about[4] = {"the server random", "the client random",
                            "the start of the premaster secret",
                            "the start of the first record's ciphertext"};
    gt_hex_line(hex[0], sizeof hex[0], s->server_random, 32, 8);
    gt_hex_line(hex[1], sizeof hex[1], s->client_random, 32, 8);
    gt_hex_line(hex[2], sizeof hex[2], s->premaster, 48, 8);
    /* after the 5-byte header and the 8-byte explicit nonce */
    gt_hex_line(hex[3], sizeof hex[3], s->app_wire + 13,
                s->app_wire_len > 13 ? s->app_wire_len - 13 : 0, 8);
    int order[4] = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) { /* Fisher-Yates */
        int j = (int)pick(rng, (uint32_t)i + 1), t = order[i];
        order[i] = order[j], order[j] = t;
    }
    question *q = add(z);
    snprintf(q->text, sizeof q->text,
             "A fresh good run just completed. Which of these values, first 8 bytes shown, is "
             "the server random of its ServerHello?");
    for (int i = 0; i < 4; i++) {
        snprintf(q->option[i], sizeof q->option[i], "%s", hex[order[i]]);
        if (order[i] == 0)
            q->answer = i;
    }
    char *b = q->because;
    size_t cap = sizeof q->because, k = 0;
    k += (size_t)snprintf(b + k, cap - k,
                          "The server random follows the version in the "
                          "ServerHello body.");
    for (int i = 0; i < 4 && k < cap; i++)
        k += (size_t)snprintf(b + k, cap - k, " %c is %s.", 'A' + i, about[order[i]]);
    return 0;
}

static void print_question(const quiz *z, int i)
{
    const question *q = &z->q[i];
    char line[520];
    snprintf(line, sizeof line, "Question %d of %d: %s", i + 1, z->n, q->text);
    printf("\n");
    gt_wrap(stdout, "", line, z->width);
    for (int k = 0; k < N_OPTIONS; k++)
        printf("  %c) %s\n", 'A' + k, q->option[k]);
}

/* 'A'..'D' (either case) into 0..3; -1 for anything else. */
static int parse_answer(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (n != 1)
        return -1;
    int c = s[0] >= 'a' && s[0] <= 'z' ? s[0] - 'a' + 'A' : s[0];
    return c >= 'A' && c < 'A' + N_OPTIONS ? c - 'A' : -1;
}

/* "A,C,B" into answers[]; the number given, or -1 after saying what is wrong. */
static int parse_answers(const char *list, int *answers, int max)
{
    int n = 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (n == max) {
            fprintf(stderr, "glasstls quiz: more answers (over %d) than the quiz has questions\n",
                    max);
            return -1;
        }
        if ((answers[n] = parse_answer(p, len)) < 0) {
            fprintf(stderr,
                    "glasstls quiz: answer %d is '%.*s'; each answer is one of A, B, C, D\n", n + 1,
                    (int)len, p);
            return -1;
        }
        n++;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls quiz [--answers A,C,B,...] [--scenario NAME] [--seed N]\n"
               "The lesson's three quiz questions, then questions about fresh runs of the demo.\n"
               "On a terminal it asks one at a time; otherwise it reads one answer per line.\n"
               "  --answers LIST   the answers, in order (A-D, comma-separated): for scripts;\n"
               "                   fewer answers than questions ask only the first ones\n"
               "  --scenario NAME  the broken run to ask about (default: picked at random)\n"
               "  --seed N         repeatable runs and question order (NOT SECURE)\n"
               "example: glasstls quiz --answers C,A,B\n");
}

int cmd_quiz(int argc, char **argv)
{
    const char *answer_list = NULL;
    const gt_scenario *sc = NULL;
    gt_demo_opts o = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--answers") && v) {
            answer_list = v, i++;
        } else if (!strcmp(a, "--seed") && gt_parse_u64(v, &o.seed)) {
            o.seeded = true, i++;
        } else if (!strcmp(a, "--scenario") && v) {
            if (!(sc = gt_scenario_find(v))) {
                fprintf(stderr,
                        "glasstls quiz: unknown scenario '%s' (see glasstls demo "
                        "--list-scenarios)\n",
                        v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "glasstls quiz: unknown or incomplete option '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (o.seeded)
        o.when = GT_DEMO_SEEDED_TIME;
    gt_rng rng;
    if (o.seeded)
        gt_rng_init_seeded(&rng, o.seed + 7);
    else
        gt_rng_init_os(&rng);
    if (!sc) {
        /* a scenario that stops: every one but good and eavesdropper */
        const gt_scenario *broken[16];
        uint32_t nb = 0;
        for (size_t k = 0; k < gt_scenario_count && nb < 16; k++)
            if (gt_scenarios[k].attack != GT_ATTACK_LISTEN && strcmp(gt_scenarios[k].name, "good"))
                broken[nb++] = &gt_scenarios[k];
        sc = broken[pick(&rng, nb)];
    }

    static quiz z;
    z.width = gt_terminal_width(stdout);
    lesson_questions(&z);
    int answers[MAX_QUESTIONS], given = -1;
    /* the scripted answers are checked before anything is printed */
    if (answer_list && (given = parse_answers(answer_list, answers, MAX_QUESTIONS)) < 0)
        return 2;
    if (given < 0 || given > z.n) {
        if (scenario_questions(&z, sc, &o) || random_question(&z, &rng, &o))
            return 2;
    }
    if (given > z.n) {
        fprintf(stderr, "glasstls quiz: %d answers given, but the quiz has %d questions\n", given,
                z.n);
        return 2;
    }
    int asked = given >= 0 ? given : z.n, score = 0;
    bool tty = isatty(STDIN_FILENO);
    printf("glasstls quiz: %d question%s, A to D%s\n", asked, asked == 1 ? "" : "s",
           o.seeded ? " (runs seeded: NOT SECURE)" : "");
    for (int i = 0; i < asked; i++) {
        print_question(&z, i);
        int a = given >= 0 ? answers[i] : -1;
        while (a < 0) {
            char line[64];
            printf("Your answer (A-D): ");
            fflush(stdout);
            if (!fgets(line, sizeof line, stdin)) {
                printf("\n");
                asked = i; /* no more answers: score what was answered */
                goto done;
            }
            a = parse_answer(line, strlen(line));
            if (!tty)
                printf("%s", line); /* echo what was read, as a terminal would */
            if (a < 0 && !tty) {
                fprintf(stderr, "glasstls quiz: answer %d is not one of A, B, C, D\n", i + 1);
                return 2;
            }
            if (a < 0)
                printf("Please type one letter, A, B, C or D.\n");
        }
        const question *q = &z.q[i];
        char line[800];
        if (a == q->answer) {
            score++;
            snprintf(line, sizeof line, "%c: right. %s", 'A' + a, q->because);
        } else {
            snprintf(line, sizeof line, "%c: not quite; the answer is %c (%s). %s", 'A' + a,
                     'A' + q->answer, q->option[q->answer], q->because);
        }
        gt_wrap(stdout, "  ", line, z.width);
    }
done:
    printf("\nScore: %d out of %d\n", score, asked);
    fflush(stdout);
    return 0;
}
