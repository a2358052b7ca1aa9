/* demo/render: the terminal view of a handshake. It is an observer: it
 * receives the events the handshake reports (handshake/observer.h) and draws
 * the lesson's Process Table and Status Tracker from them, step by step,
 * with the real values of this run. Nothing here runs the protocol. */
#ifndef GT_RENDER_H
#define GT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "handshake/observer.h"
#include "handshake/tracker.h"

#define GT_TRACKER_COLUMNS 5 /* Start, After Step 2, After Step 3, After Step 4, Final */

typedef struct gt_render {
    FILE *out;
    bool color;     /* ANSI colour (only on a terminal, never with NO_COLOR) */
    bool pause;     /* wait for Enter between steps */
    bool verbose;   /* also show records, secrets and every received message */
    bool two_sided; /* both client and server report to this view */
    int width;
    int step;        /* the lesson step being told */
    int failed_step; /* 0 while all is well */
    char failure[400];
    char message[GT_STEP_COUNT + 1][256]; /* Process Table: Message/Check */
    char result[GT_STEP_COUNT + 1][420];  /* Result */
    char next[GT_STEP_COUNT + 1][256];    /* Next Step */
    char value[GT_VAR_COUNT][300];        /* Status Tracker, now */
    char column[GT_TRACKER_COLUMNS][GT_VAR_COUNT][300];
    bool column_done[GT_TRACKER_COLUMNS];
    size_t sent_bytes[GT_STEP_COUNT + 1];
} gt_render;

void gt_render_init(gt_render *r, FILE *out, bool two_sided);
/* The observer callback (ctx is the gt_render). */
void gt_render_event(void *ctx, const gt_event *ev);
/* Ends the story: closes the last step and prints both tables in full. */
void gt_render_finish(gt_render *r);
void gt_render_process_table(gt_render *r);
void gt_render_status_tracker(gt_render *r);
/* The lesson's Action for a step (1 .. GT_STEP_COUNT), in the Process
 * Table's words; "" for any other number. */
const char *gt_render_step_action(int step);
/* Prints a heading line in bold (when colour is on). */
void gt_render_heading(gt_render *r, const char *text);
/* "-- press Enter for step N --" (dimmed on a colour terminal), then waits. */
void gt_render_wait_for_enter(gt_render *r, int next_step);
/* Prints bytes as hex, 16 per line, indented; at most max bytes then "...". */
void gt_render_hex(gt_render *r, const char *indent, const unsigned char *p, size_t n, size_t max);

/* Whether to use colour on this stream: a terminal and NO_COLOR unset. */
bool gt_want_color(FILE *out);

#endif
