/* demo/cmd_demo: `glasstls demo`. Client and server run in this one process,
 * joined by an in-memory pipe, and the lesson's five steps are told as they
 * really happen. One run, several views of it (demo/views.h), and several
 * ways to break it on purpose (demo/scenario.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/common.h"
#include "demo/scenario.h"
#include "demo/table.h"
#include "demo/trace.h" /* traces: --explain, --json, --keylog, --pcap */
#include "demo/views.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls demo [--view VIEW] [--scenario NAME] [--list-scenarios]\n"
               "                     [--no-pause] [--seed N] [--time UNIX_SECONDS] [--verbose]\n"
               "Runs the lesson's TLS 1.2 handshake between a client and a server in this\n"
               "process and shows each step with its real bytes.\n"
               "  --view VIEW       how to show the run (one run, whichever view):\n"
               "                    all         step by step, then both tables (default)\n"
               "                    flow        the Process Flow, the current step marked\n"
               "                    table       the Process Table\n"
               "                    tracker     the Status Tracker\n"
               "                    transcript  the run told as a paragraph\n"
               "                    snapshot    five lines and the key rule\n"
               "  --scenario NAME   good (default), or a run broken on purpose; see\n"
               "                    --list-scenarios\n"
               "  --no-pause        do not wait for Enter between steps (nor does a run whose\n"
               "                    input or output is not a terminal)\n"
               "  --seed N          repeatable run: seeded random numbers (NOT SECURE) and the\n"
               "                    clock fixed at 2026-01-01 unless --time is given\n"
               "  --time T          validate certificates at unix time T\n"
               "  --verbose         also show records, secrets and every received message\n");
    fputs(gt_trace_usage(true), f); /* traces */
    fprintf(f, "Exit status: 0 the run completed, 1 it stopped (as a broken scenario does),\n"
               "2 a usage error or a file that cannot be read or written.\n");
    fprintf(f, "examples: glasstls demo --no-pause --scenario expired-cert\n"
               "          glasstls demo --view flow --scenario tampered-key\n");
}

int cmd_demo(int argc, char **argv)
{
    bool pause = true, verbose = false;
    gt_demo_opts o = {0};
    gt_view view = GT_VIEW_ALL;
    const gt_scenario *sc = &gt_scenarios[0];
    gt_trace tr; /* traces */
    gt_trace_init(&tr, stdout, true);
    o.trace = &tr;
    for (int i = 1, k; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-pause")) {
            pause = false;
        } else if (!strcmp(a, "--verbose")) {
            verbose = true;
        } else if (!strcmp(a, "--seed") && gt_parse_u64(v, &o.seed)) {
            o.seeded = true, i++;
        } else if (!strcmp(a, "--time") && gt_parse_u64(v, &o.when)) {
            i++;
        } else if (!strcmp(a, "--view") && v) {
            if (!gt_view_parse(v, &view)) {
                fprintf(stderr, "glasstls demo: unknown view '%s' (one of %s)\n", v, gt_view_names);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--scenario") && v) {
            if (!(sc = gt_scenario_find(v))) {
                fprintf(stderr, "glasstls demo: unknown scenario '%s' (see --list-scenarios)\n", v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--list-scenarios")) {
            for (size_t k = 0; k < gt_scenario_count; k++)
                printf("%-16s %s\n", gt_scenarios[k].name, gt_scenarios[k].about);
            return 0;
        } else if ((k = gt_trace_parse_arg(&tr, argc, argv, &i, "demo")) != 0) { /* traces */
            if (k < 0)
                return 2;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "glasstls demo: unknown or incomplete option '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        pause = false;
    if (o.seeded && !o.when)
        o.when = GT_DEMO_SEEDED_TIME;
    o.header = stdout;
    if (gt_trace_open(&tr, "demo", (int64_t)o.when) != 0) /* traces */
        return 2;

    gt_watch w;
    gt_watch_init(&w, stdout, view, true);
    gt_set_color_reset(w.render.color);
    w.render.pause = pause && view == GT_VIEW_ALL;
    w.step_pause = pause && view != GT_VIEW_ALL;
    w.render.verbose = verbose;
    gt_capture *cap = sc->attack == GT_ATTACK_LISTEN ? calloc(1, sizeof *cap) : NULL;
    int status = gt_scenario_run(sc, &o, &w, cap);
    if (status == 2) {
        free(cap);
        return 2;
    }
    if (view != GT_VIEW_ALL)
        fprintf(stdout, "\n"); /* the narration of "all" ends with its own */
    gt_watch_finish(&w);
    if (view == GT_VIEW_ALL) {
        char line[600];
        if (status == 0)
            snprintf(line, sizeof line,
                     "SecureChannel = Yes: the handshake completed and data "
                     "went both ways encrypted.");
        else
            snprintf(line, sizeof line, "The %s stopped at step %d: %s",
                     w.story.after_handshake ? "connection" : "handshake", w.story.stopped_step,
                     w.story.stop_why);
        printf("\n");
        gt_wrap(stdout, "", line, w.render.width);
        if (cap)
            gt_scenario_eavesdropper(&w, cap);
        gt_scenario_outcome(sc, &w);
    }
    free(cap);
    fflush(stdout);
    return status;
}
