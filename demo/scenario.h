/* demo/scenario: the demo's runs, good and broken on purpose. A scenario is
 * the server's identity, the roots the client trusts, and what an attacker
 * on the in-memory wire does (nothing, listen, or flip a bit). One call runs
 * the client and the server of this process against each other once, with a
 * gt_watch (demo/views.h) as their observer. RFC 5246 7.2.2 names the alert
 * each broken run must end with; docs/demo.md lists them. */
#ifndef GT_SCENARIO_H
#define GT_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "demo/views.h"

/* What the attacker on the wire does. */
typedef enum gt_attack {
    GT_ATTACK_NONE,
    GT_ATTACK_LISTEN,           /* keep a copy of every byte (the eavesdropper) */
    GT_ATTACK_FORGE_SIGNATURE,  /* change a byte of the certificate's signature */
    GT_ATTACK_FLIP_PREMASTER,   /* flip a bit of the encrypted premaster secret */
    GT_ATTACK_FLIP_APPLICATION, /* flip a bit of the first application data record */
} gt_attack;

typedef struct gt_scenario {
    const char *name;
    const char *cert, *key; /* the server's identity, in the demo PKI */
    const char *trust;      /* the client's trusted roots, in the demo PKI */
    gt_attack attack;
    const char *about; /* one line for --list-scenarios */
    const char *why;   /* "why this matters", tied to the lesson's Key Moments */
} gt_scenario;

extern const gt_scenario gt_scenarios[];
extern const size_t gt_scenario_count;
const gt_scenario *gt_scenario_find(const char *name);

#define GT_DEMO_SERVER_NAME "sensor-hub.local"
#define GT_DEMO_SEEDED_TIME 1767225600 /* 2026-01-01 00:00:00 UTC: the clock of a --seed run */

typedef struct gt_demo_opts {
    bool seeded; /* seeded random numbers: NOT SECURE, repeatable */
    uint64_t seed;
    uint64_t when; /* validation time (unix seconds); 0: the real clock */
    FILE *header;  /* where to print the run's header (NULL: nowhere) */
    /* the --explain/--json/--keylog/--pcap writers (demo/trace.h), opened
     * by the caller; they see every event and every byte. NULL: none */
    struct gt_trace *trace;
} gt_demo_opts;

/* The bytes an eavesdropper captured, one direction each. */
#define GT_CAPTURE_MAX 16384
typedef struct gt_capture {
    uint8_t wire[2][GT_CAPTURE_MAX]; /* [1]: client -> server, [0]: server -> client */
    size_t len[2];
} gt_capture;

/* Runs the scenario once, reporting to w. 0: the handshake completed and one
 * message went each way; 1: it stopped (w->story says where and why);
 * 2: the certificates or keys could not be loaded (said on stderr).
 * cap, when not NULL, receives every byte on the wire. */
/* ... With o->trace, the traced run is committed to its files before the
 * pipe is freed; a failure to write them makes the result 2. */
int gt_scenario_run(const gt_scenario *sc, const gt_demo_opts *o, gt_watch *w, gt_capture *cap);

/* The scenario's outcome: where it stopped, the alert, and why it matters. */
void gt_scenario_outcome(const gt_scenario *sc, gt_watch *w);
/* The eavesdropper's side-by-side table: the wire beside the endpoints. */
void gt_scenario_eavesdropper(gt_watch *w, const gt_capture *cap);

#endif
