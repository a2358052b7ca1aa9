/* demo/trace: the trace options of `glasstls demo`, `client` and `server`:
 *   --explain, --full   the annotated hex dump of every record (demo/explain.h)
 *   --json FILE         one JSON object per event (docs/trace-json.md)
 *   --keylog FILE       NSS key log lines: CLIENT_RANDOM <random> <master secret>
 *   --pcap FILE         the session as a libpcap capture (synthetic Ethernet,
 *                       IPv4 and TCP headers, server port 443)
 * Traces are observers (handshake/observer.h) plus a transport wrapper that
 * sees the bytes each way. Files appear whole or not at all: each is written
 * to a temporary file beside it, opened before the handshake, and renamed
 * into place when complete (a target that is not a regular file is written
 * in place instead: see gt_trace_out.direct). Layer: demo. */
#ifndef GT_TRACE_H
#define GT_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "demo/explain.h"
#include "demo/observers.h"
#include "handshake/conn.h"
#include "record/transport.h"

/* One output file: the target, and the temporary file being written. */
typedef struct gt_trace_out {
    const char *path; /* NULL: not asked for */
    char *tmp;
    FILE *f; /* the temporary file, open from gt_trace_open to gt_trace_commit */
    char *buf;
    size_t buf_len;
    FILE *mem; /* what is written so far (open_memstream) */
    /* The target is not a regular file (/dev/stdout, /dev/null, a FIFO, a
     * symbolic link): renaming over it would replace it, so it is opened at
     * the first commit and written in place, each commit adding what is new. */
    bool direct;
    size_t written; /* direct: bytes of buf already written */
    bool secret;    /* holds keys (the key log): readable by its owner only */
} gt_trace_out;

typedef struct gt_trace gt_trace;

/* Wraps one side's transport: bytes it sends (and, for a real connection,
 * receives) are copied to the capture. */
typedef struct gt_trace_tap {
    gt_trace *t;
    gt_role role;
    gt_transport inner;
    unsigned stream;
} gt_trace_tap;

struct gt_trace {
    /* options */
    bool explain, full;
    gt_trace_out json, keylog, pcap;
    /* how it runs */
    bool two_sided;     /* both ends report here (the demo's in-memory pair) */
    FILE *explain_out;  /* where --explain writes */
    int64_t fixed_time; /* pcap timestamps start here (seconds); 0: the real clock */
    gt_observers fan;
    gt_explain explainer;
    gt_trace_tap taps[2];
    unsigned streams;             /* TCP connections in the capture so far */
    unsigned events;              /* JSON events written */
    unsigned captured;            /* chunks captured (fixed-time timestamps count them) */
    struct gt_pcap_chunk *chunks; /* what crossed, each way, in order (owned copies) */
    size_t n_chunks, cap_chunks;
    uint8_t logged_random[32];
    bool logged_any;
};

/* explain_out: where --explain writes (stdout for the demo, stderr for the
 * network commands). two_sided: client and server both report to it. */
void gt_trace_init(gt_trace *t, FILE *explain_out, bool two_sided);

/* Looks at argv[*i]. 1: a trace option, taken (with its value: *i moves
 * past it); 0: not a trace option; -1: its value is missing (one line said). */
int gt_trace_parse_arg(gt_trace *t, int argc, char **argv, int *i, const char *cmd);

/* The lines --help shows for the trace options. */
const char *gt_trace_usage(bool with_explain);

/* Opens every output asked for (temporary files beside the targets), before
 * any byte is exchanged. 0, or -1 after one line on stderr, with nothing
 * left behind. fixed_time: see gt_trace.fixed_time. */
int gt_trace_open(gt_trace *t, const char *cmd, int64_t fixed_time);

/* Makes the trace's fan-out cfg's observer: first fn (the terminal view,
 * may be NULL), then --explain and the JSON and key log writers. */
void gt_trace_observe(gt_trace *t, gt_config *cfg, gt_observer_fn fn, void *ctx);

/* The transport to give gt_conn_new instead of io, so the capture sees the
 * bytes. Returns io itself when no --pcap was asked for. In the demo, wrap
 * the client's end first: each client starts a new TCP stream. */
gt_transport gt_trace_transport(gt_trace *t, gt_role role, gt_transport io);

/* Writes what was traced so far into the files (replacing them whole).
 * keep_open: the trace goes on (a server between connections). 0, or -1
 * after one line on stderr, with no temporary file left. */
int gt_trace_commit(gt_trace *t, const char *cmd, bool keep_open);

/* Removes the temporary files and forgets everything (on failure). */
void gt_trace_abort(gt_trace *t);

/* ---- the writers, for tests and other views ---- */

/* An event as one JSON object on one line, newline included. */
void gt_trace_json_event(FILE *out, unsigned seq, const gt_event *ev);
/* The NSS key log line for a master secret event, or nothing. */
bool gt_trace_keylog_line(FILE *out, const gt_event *ev);

/* A capture being built: one direction's chunk at a time. */
typedef struct gt_pcap_writer {
    FILE *out;
    int64_t fixed_time; /* 0: real timestamps */
    unsigned packets;
} gt_pcap_writer;
/* Writes the global header of a classic libpcap file (linktype Ethernet). */
bool gt_pcap_begin(gt_pcap_writer *w, FILE *out, int64_t fixed_time);
/* One captured stream, in order: from_client[i] and the bytes of chunk i. */
typedef struct gt_pcap_chunk {
    unsigned stream;
    bool from_client;
    const uint8_t *data;
    size_t len;
    int64_t sec, usec; /* when it crossed (real clock), 0 with a fixed time */
} gt_pcap_chunk;
/* Writes the TCP streams of these chunks: for each stream its three-way
 * handshake, the data in segments of at most 1460 bytes with true sequence
 * and acknowledgement numbers and checksums, and a closing FIN exchange. */
bool gt_pcap_write_streams(gt_pcap_writer *w, const gt_pcap_chunk *c, size_t n);

#endif
