/* demo/views: the lesson's learning modes, drawn from one run's observer
 * events (handshake/observer.h): the step-by-step story ("all"), the Process
 * Flow, the Process Table, the Status Tracker, the Full Transcript and the
 * Concept Snapshot. A gt_watch is the observer; it keeps the tables
 * (gt_render) and the facts the prose views need (gt_story). No view runs
 * the protocol: each prints what the one run reported. */
#ifndef GT_VIEWS_H
#define GT_VIEWS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "demo/render.h"
#include "handshake/observer.h"

typedef enum gt_view {
    GT_VIEW_ALL,        /* step by step, then both tables (the default) */
    GT_VIEW_FLOW,       /* the lesson's Process Flow, the current box marked */
    GT_VIEW_TABLE,      /* the Process Table */
    GT_VIEW_TRACKER,    /* the Status Tracker */
    GT_VIEW_TRANSCRIPT, /* the run told as a paragraph */
    GT_VIEW_SNAPSHOT,   /* five lines and the key rule */
} gt_view;

/* "all", "flow", ... into *v; false for an unknown name. */
bool gt_view_parse(const char *name, gt_view *v);
extern const char *const gt_view_names; /* "flow|table|tracker|transcript|snapshot|all" */

/* The boxes of the lesson's Process Flow, top to bottom. */
enum gt_flow_box {
    GT_FLOW_CLIENT_HELLO,
    GT_FLOW_SERVER_HELLO,
    GT_FLOW_VERIFY,
    GT_FLOW_GENERATE,
    GT_FLOW_SEND_KEY,
    GT_FLOW_DECRYPT,
    GT_FLOW_SECURE,
    GT_FLOW_COUNT
};

/* What the prose views tell, gathered from the events. */
typedef struct gt_story {
    bool flow[GT_FLOW_COUNT]; /* which boxes of the Process Flow were reached */
    uint8_t client_random[32], server_random[32];
    bool have_client_random, have_server_random;
    size_t client_hello_len, server_hello_len, certificate_len, server_flight_len;
    size_t key_exchange_len;
    char cert_summary[300]; /* what the client read in the Certificate message */
    uint8_t premaster[48];  /* as the client made it */
    bool have_premaster;
    bool stopped;         /* an ERROR event came */
    gt_role stopped_side; /* the first side to stop */
    int stopped_step;     /* the lesson step it stopped in (5 after the handshake) */
    bool after_handshake; /* it stopped on application data, after SecureChannel = Yes */
    char stop_why[400];
    bool alert;         /* a fatal alert was sent */
    gt_role alert_side; /* who sent it */
    uint8_t alert_desc;
    bool secure;                          /* SecureChannel = Yes */
    uint8_t app_plain[64], app_wire[128]; /* the first application data record, client -> server */
    size_t app_plain_len, app_wire_len;
} gt_story;

typedef struct gt_watch {
    gt_view view;
    FILE *out;       /* where the chosen view goes */
    bool step_pause; /* re-draw the view and wait for Enter at each new step */
    gt_render render;
    gt_story story;
    int shown_step;
    char attack[200]; /* what an attacker on the demo's wire did, if anything */
} gt_watch;

/* view ALL narrates on out as events come; the others stay quiet until
 * gt_watch_finish. two_sided: both client and server report to it. */
void gt_watch_init(gt_watch *w, FILE *out, gt_view view, bool two_sided);
/* The observer callback (ctx is the gt_watch). */
void gt_watch_event(void *ctx, const gt_event *ev);
/* Prints the chosen view of the whole run. */
void gt_watch_finish(gt_watch *w);

void gt_view_flow(gt_watch *w);
void gt_view_transcript(gt_watch *w);
void gt_view_snapshot(gt_watch *w);

/* "5f 3a 9c ... (32 bytes)": the first max bytes as hex. */
const char *gt_hex_line(char *buf, size_t cap, const uint8_t *p, size_t n, size_t max);

#endif
