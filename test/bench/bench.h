/* test/bench: `make bench`, glasstls measured beside OpenSSL in one run.
 * What a handshake costs against the crypto it cannot avoid (its floor),
 * where the time goes lesson step by lesson step, how fast records flow,
 * and how much memory one connection takes. See docs/performance.md for the
 * method and for what the numbers mean. Shared declarations of the parts:
 *   heap.c     counts heap use per side (malloc interposed in this program)
 *   inproc.c   crypto floor, in-process handshakes, records, memory, callgrind
 *   net.c      loopback throughput with openssl s_time, valgrind massif
 *   bench.c    options, the run, the table and the bar chart */
#ifndef GT_BENCH_H
#define GT_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

/* ---- options ---- */
typedef struct bench_opts {
    bool quick;           /* the smoke run of `make test`: seconds, not minutes */
    bool no_net;          /* skip the loopback measurements */
    bool no_valgrind;     /* skip callgrind and massif */
    int seconds;          /* length of one s_time or client-loop run */
    int runs;             /* alternating runs per loopback comparison */
    int handshakes;       /* in-process handshakes per backend */
    int records;          /* 16 KiB records per throughput run */
    bool math[2];         /* which backends to measure (index: gt_math) */
    const char *glasstls; /* the glasstls command (server, client under massif) */
    const char *self;     /* this program, for the callgrind child */
} bench_opts;

/* ---- heap.c ---- */
enum bench_owner { OWNER_NONE = 0, OWNER_CLIENT = 1, OWNER_SERVER = 2, OWNER_COUNT = 3 };
typedef struct heap_stats {
    bool available; /* false when built with AddressSanitizer (it owns malloc) */
    size_t current[OWNER_COUNT], peak[OWNER_COUNT];
    size_t allocs[OWNER_COUNT]; /* calls that returned new memory */
    bool overflow;              /* more live blocks than the tracker holds */
} heap_stats;
extern int heap_owner; /* whom the next allocations are charged to */
void heap_track_begin(void);
void heap_track_end(heap_stats *out);

/* ---- inproc.c ---- */
enum bench_module {
    MOD_SETUP, /* gt_conn_new for both sides */
    MOD_HELLO,
    MOD_CERTIFICATE,
    MOD_VERIFY,
    MOD_KEY_ENCRYPT,
    MOD_KEY_DECRYPT,
    MOD_KEYS,
    MOD_FINISHED,
    MOD_TEARDOWN, /* gt_conn_free for both sides */
    MOD_COUNT
};
extern const char *const bench_module_names[MOD_COUNT];

enum floor_op {
    FLOOR_RSA_DECRYPT,
    FLOOR_RSA_ENCRYPT,
    FLOOR_SIG_VERIFY,
    FLOOR_PRF,
    FLOOR_GCM_SETUP,
    FLOOR_GCM_FINISHED,
    FLOOR_TRANSCRIPT,
    FLOOR_COUNT
};
extern const char *const floor_op_names[FLOOR_COUNT];

typedef struct inproc_result {
    bool ok;
    char why[256];
    /* crypto floor: median time of one op, and how many a handshake does */
    double floor_op_us[FLOOR_COUNT];
    int floor_mult[FLOOR_COUNT];
    double floor_us;         /* sum of op * mult */
    size_t transcript_bytes; /* handshake bytes each side hashes */
    /* in-process handshakes */
    int handshakes;
    double hs_median_us, hs_min_us;
    double module_us[MOD_COUNT]; /* median per module, over the handshakes */
    /* records */
    double record_mbps, raw_gcm_mbps;
    size_t record_allocs; /* heap allocations during the record runs (should be 0) */
    /* memory */
    heap_stats heap; /* one handshake plus a record each way */
    /* callgrind (0 when not run) */
    uint64_t cg_floor_op[FLOOR_COUNT]; /* all of one op's repetitions in a handshake */
    uint64_t cg_floor, cg_handshake, cg_module[MOD_COUNT];
    uint64_t cg_records, cg_rawgcm; /* 16 records: record layer, raw GCM */
} inproc_result;

int inproc_run(const bench_opts *o, gt_math m, inproc_result *r);
/* The child started under valgrind --tool=callgrind: one floor and one
 * handshake, with a dump of the counters after each part. */
int callgrind_child(gt_math m);
/* Runs the child under callgrind and reads its dumps into r. */
int callgrind_measure(const bench_opts *o, gt_math m, inproc_result *r, char *why, size_t cap);

/* ---- net.c ---- */
#define BENCH_MAX_RUNS 10
typedef struct net_result {
    bool ok;
    char why[256];
    /* handshakes per second, per run: s_time -new against each server */
    double server_glasstls[2][BENCH_MAX_RUNS]; /* [gt_math][run] */
    double server_openssl[BENCH_MAX_RUNS];
    /* against openssl s_server: glasstls client loop, and s_time -new */
    double client_glasstls[2][BENCH_MAX_RUNS];
    double client_openssl[BENCH_MAX_RUNS];
    int runs;
    /* peak heap of a whole client process, one handshake (valgrind massif) */
    long massif_glasstls[2], massif_openssl; /* bytes; -1: not measured */
} net_result;

int net_run(const bench_opts *o, net_result *r);

/* ---- helpers (bench.c) ---- */
double bench_now_us(void);
double bench_median(double *v, int n); /* sorts v */

#endif
