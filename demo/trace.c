/* demo/trace: the trace options and their files. Every output is written
 * to a temporary file beside its target, created before the handshake (so a
 * path that cannot be written stops the command before any byte is sent)
 * and renamed into place when whole: a reader never sees half a trace.
 * Layer: demo. The formats are in trace_json.c, trace_keylog.c and
 * trace_pcap.c. */
#include "demo/trace.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

void gt_trace_init(gt_trace *t, FILE *explain_out, bool two_sided)
{
    memset(t, 0, sizeof *t);
    t->explain_out = explain_out;
    t->two_sided = two_sided;
    t->keylog.secret = true; /* the master secret decrypts the whole session */
}

int gt_trace_parse_arg(gt_trace *t, int argc, char **argv, int *i, const char *cmd)
{
    const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    gt_trace_out *out = !strcmp(a, "--json")     ? &t->json
                        : !strcmp(a, "--keylog") ? &t->keylog
                        : !strcmp(a, "--pcap")   ? &t->pcap
                                                 : NULL;
    if (out) {
        if (!v || !*v) {
            fprintf(stderr, "glasstls %s: %s needs a file name\n", cmd, a);
            return -1;
        }
        out->path = v;
        (*i)++;
        return 1;
    }
    if (!strcmp(a, "--explain")) {
        t->explain = true;
        return 1;
    }
    if (!strcmp(a, "--full")) {
        t->explain = t->full = true;
        return 1;
    }
    return 0;
}

const char *gt_trace_usage(bool with_explain)
{
    return with_explain
               ? "  --explain         every record as an annotated hex dump (--full: unfold\n"
                 "                    long fields such as randoms, keys and certificates)\n"
                 "  --json FILE       one JSON object per event (docs/trace-json.md)\n"
                 "  --keylog FILE     the NSS key log (CLIENT_RANDOM lines) Wireshark reads\n"
                 "  --pcap FILE       the session as a capture for Wireshark or tshark\n"
               : "  --json FILE       one JSON object per event (docs/trace-json.md)\n"
                 "  --keylog FILE     the NSS key log (CLIENT_RANDOM lines) Wireshark reads\n"
                 "  --pcap FILE       the session as a capture for Wireshark or tshark\n";
}

/* ---- files ---- */

/* A signal (Ctrl-C, kill, a closed terminal, a reader that went away) that
 * ends the program must not leave a temporary file behind: the handler
 * removes them (unlink is async-signal-safe) and then lets the signal do
 * what it did before: the default action, or the program's own handler
 * (glasstls's end with _exit, which runs no atexit function). An ignored
 * signal ends nothing, so it removes nothing. */
#define MAX_LIVE_TRACES   4
#define N_CLEANUP_SIGNALS 4
static gt_trace *volatile live[MAX_LIVE_TRACES];
static const int cleanup_signals[N_CLEANUP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
static struct sigaction previous[N_CLEANUP_SIGNALS];
static bool handlers_installed;

static void unlink_temporaries(void)
{
    for (int i = 0; i < MAX_LIVE_TRACES; i++) {
        gt_trace *t = live[i];
        if (!t)
            continue;
        const char *tmp[3] = {t->json.tmp, t->keylog.tmp, t->pcap.tmp};
        for (int k = 0; k < 3; k++)
            if (tmp[k])
                unlink(tmp[k]);
    }
}

static void on_signal(int sig)
{
    for (int k = 0; k < N_CLEANUP_SIGNALS; k++) {
        if (cleanup_signals[k] != sig || previous[k].sa_handler == SIG_IGN)
            continue;
        unlink_temporaries();
        if (previous[k].sa_handler == SIG_DFL) {
            sigaction(sig, &previous[k], NULL);
            raise(sig); /* delivered when this handler returns */
        } else {
            previous[k].sa_handler(sig);
        }
    }
}

static void watch(gt_trace *t, bool on)
{
    for (int i = 0; i < MAX_LIVE_TRACES; i++)
        if (on ? live[i] == NULL : live[i] == t) {
            live[i] = on ? t : NULL;
            break;
        }
    if (on && !handlers_installed) {
        handlers_installed = true;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (int k = 0; k < N_CLEANUP_SIGNALS; k++)
            sigaction(cleanup_signals[k], &sa, &previous[k]);
        atexit(unlink_temporaries);
    }
}

static gt_trace_out *outputs(gt_trace *t, int k)
{
    return k == 0 ? &t->json : k == 1 ? &t->keylog : &t->pcap;
}
static const char *output_option(int k)
{
    return k == 0 ? "--json" : k == 1 ? "--keylog" : "--pcap";
}
#define N_OUTPUTS 3

static void drop_tmp(gt_trace_out *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}

/* A temporary file in the target's directory (rename is atomic only there). */
static int open_tmp(gt_trace_out *o)
{
    const char *slash = strrchr(o->path, '/');
    const char *base = slash ? slash + 1 : o->path;
    size_t dir_len = slash ? (size_t)(slash - o->path) + 1 : 0;
    size_t cap = dir_len + strlen(base) + 16;
    if (!(o->tmp = malloc(cap)))
        return -1;
    snprintf(o->tmp, cap, "%.*s.%s.XXXXXX", (int)dir_len, o->path, base);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int saved = errno;
        free(o->tmp);
        o->tmp = NULL;
        errno = saved;
        return -1;
    }
    fchmod(fd, o->secret ? 0600 : 0644);
    if (!(o->f = fdopen(fd, "wb"))) {
        int saved = errno;
        close(fd);
        drop_tmp(o);
        errno = saved;
        return -1;
    }
    return 0;
}

/* Opens output k; NULL, or why it cannot be written. */
static const char *open_output(gt_trace *t, int k)
{
    gt_trace_out *o = outputs(t, k);
    struct stat st;
    for (int j = 0; j < k; j++)
        if (outputs(t, j)->path && !strcmp(outputs(t, j)->path, o->path))
            return "another trace goes to the same file";
    if (stat(o->path, &st) == 0 && S_ISDIR(st.st_mode))
        return "it is a directory";
    if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a link to nothing yet: its file is made at the commit */
        if (stat(o->path, &st) == 0 && access(o->path, W_OK) != 0)
            return strerror(errno);
        o->direct = true;
    } else if (open_tmp(o) != 0) {
        return strerror(errno);
    }
    if (!(o->mem = open_memstream(&o->buf, &o->buf_len)))
        return "out of memory";
    return NULL;
}

int gt_trace_open(gt_trace *t, const char *cmd, int64_t fixed_time)
{
    t->fixed_time = fixed_time;
    if (t->json.path || t->keylog.path || t->pcap.path)
        watch(t, true);
    for (int k = 0; k < N_OUTPUTS; k++) {
        const char *why = outputs(t, k)->path ? open_output(t, k) : NULL;
        if (why) {
            fprintf(stderr, "glasstls %s: cannot write %s %s: %s\n", cmd, output_option(k),
                    outputs(t, k)->path, why);
            gt_trace_abort(t);
            return -1;
        }
    }
    return 0;
}

/* Replaces the file with everything written so far. */
static int commit_one(gt_trace_out *o, const char **why)
{
    if (o->direct) {
        fflush(o->mem);
        size_t n = o->buf_len - o->written;
        if ((!o->f && !(o->f = fopen(o->path, "wb"))) ||
            fwrite(o->buf + o->written, 1, n, o->f) != n || fflush(o->f) != 0) {
            *why = strerror(errno);
            return -1;
        }
        o->written = o->buf_len;
        return 0;
    }
    /* Between a server's clients no temporary file is held, so stopping it
     * with Ctrl-C leaves the last whole trace and nothing else. */
    if (!o->f && open_tmp(o) != 0) {
        *why = strerror(errno);
        return -1;
    }
    fflush(o->mem);
    if (fwrite(o->buf, 1, o->buf_len, o->f) != o->buf_len || fflush(o->f) != 0 ||
        fsync(fileno(o->f)) != 0) {
        *why = strerror(errno);
        return -1;
    }
    int rc = fclose(o->f);
    o->f = NULL;
    if (rc != 0 || rename(o->tmp, o->path) != 0) {
        *why = strerror(errno);
        return -1;
    }
    free(o->tmp);
    o->tmp = NULL;
    return 0;
}

static void free_chunks(gt_trace *t)
{
    for (size_t i = 0; i < t->n_chunks; i++)
        free((void *)t->chunks[i].data);
    free(t->chunks);
    t->chunks = NULL;
    t->n_chunks = t->cap_chunks = 0;
}

static void close_outputs(gt_trace *t)
{
    watch(t, false);
    for (int k = 0; k < N_OUTPUTS; k++) {
        gt_trace_out *o = outputs(t, k);
        drop_tmp(o);
        if (o->mem)
            fclose(o->mem);
        free(o->buf);
        o->mem = NULL;
        o->buf = NULL;
        o->buf_len = 0;
    }
    free_chunks(t);
}

static void drain_pipe(gt_trace *t);

int gt_trace_commit(gt_trace *t, const char *cmd, bool keep_open)
{
    drain_pipe(t);
    /* The capture is rebuilt whole from the chunks at each commit. */
    char *pcap_text = NULL;
    size_t pcap_len = 0;
    if (t->pcap.mem) {
        fflush(t->pcap.mem);
        FILE *m = open_memstream(&pcap_text, &pcap_len);
        gt_pcap_writer w;
        if (!m || !gt_pcap_begin(&w, m, t->fixed_time) ||
            !gt_pcap_write_streams(&w, t->chunks, t->n_chunks) || fclose(m) != 0) {
            fprintf(stderr, "glasstls %s: cannot build the capture for --pcap %s\n", cmd,
                    t->pcap.path);
            free(pcap_text);
            gt_trace_abort(t);
            return -1;
        }
        fclose(t->pcap.mem);
        free(t->pcap.buf);
        t->pcap.buf = NULL;
        t->pcap.buf_len = 0;
        t->pcap.mem = open_memstream(&t->pcap.buf, &t->pcap.buf_len);
        fwrite(pcap_text, 1, pcap_len, t->pcap.mem);
        free(pcap_text);
    }
    for (int k = 0; k < N_OUTPUTS; k++) {
        gt_trace_out *o = outputs(t, k);
        const char *why = NULL;
        if (o->mem && commit_one(o, &why) != 0) {
            fprintf(stderr, "glasstls %s: cannot write %s %s: %s\n", cmd, output_option(k), o->path,
                    why);
            gt_trace_abort(t);
            return -1;
        }
    }
    if (!keep_open)
        close_outputs(t);
    return 0;
}

void gt_trace_abort(gt_trace *t) { close_outputs(t); }

/* ---- observing ---- */

static void trace_event(void *ctx, const gt_event *ev)
{
    gt_trace *t = ctx;
    if (t->json.mem)
        gt_trace_json_event(t->json.mem, ++t->events, ev);
    if (t->keylog.mem && ev->kind == GT_EV_SECRET && ev->aux_len == sizeof t->logged_random) {
        /* in the demo both sides derive the same master secret: log it once */
        if (t->logged_any && !memcmp(t->logged_random, ev->aux, ev->aux_len))
            return;
        if (gt_trace_keylog_line(t->keylog.mem, ev)) {
            memcpy(t->logged_random, ev->aux, ev->aux_len);
            t->logged_any = true;
        }
    }
}

void gt_trace_observe(gt_trace *t, gt_config *cfg, gt_observer_fn fn, void *ctx)
{
    t->fan.n = 0;
    gt_observers_add(&t->fan, fn, ctx);
    if (t->explain) {
        gt_explain_init(&t->explainer, t->explain_out, t->full, t->two_sided);
        gt_observers_add(&t->fan, gt_explain_event, &t->explainer);
    }
    if (t->json.path || t->keylog.path)
        gt_observers_add(&t->fan, trace_event, t);
    gt_observers_attach(&t->fan, cfg);
}

/* ---- the capture's view of the transport ---- */

static void capture(gt_trace_tap *tap, bool from_client, const uint8_t *p, size_t n)
{
    gt_trace *t = tap->t;
    if (n == 0)
        return;
    if (t->n_chunks == t->cap_chunks) {
        size_t cap = t->cap_chunks ? 2 * t->cap_chunks : 64;
        gt_pcap_chunk *more = realloc(t->chunks, cap * sizeof *more);
        if (!more)
            return;
        t->chunks = more;
        t->cap_chunks = cap;
    }
    uint8_t *copy = malloc(n);
    if (!copy)
        return;
    memcpy(copy, p, n);
    gt_pcap_chunk *c = &t->chunks[t->n_chunks++];
    *c = (gt_pcap_chunk){tap->stream, from_client, copy, n, 0, 0};
    if (!t->fixed_time) {
        struct timeval tv;
        gettimeofday(&tv, NULL);
        c->sec = tv.tv_sec;
        c->usec = tv.tv_usec;
    }
}

static long tap_send(void *ctx, const uint8_t *p, size_t n)
{
    gt_trace_tap *tap = ctx;
    long rc = tap->inner.send(tap->inner.ctx, p, n);
    /* With both ends here, the bytes are captured as the other end receives
     * them: an attacker's tap in the pipe may have changed them on the way,
     * and the capture shows the wire, not the sender's intent. */
    if (rc > 0 && !tap->t->two_sided)
        capture(tap, tap->role == GT_CLIENT, p, (size_t)rc);
    return rc;
}

static long tap_recv(void *ctx, uint8_t *p, size_t n)
{
    gt_trace_tap *tap = ctx;
    long rc = tap->inner.recv(tap->inner.ctx, p, n);
    if (rc > 0)
        capture(tap, tap->role != GT_CLIENT, p, (size_t)rc);
    return rc;
}

/* The bytes still in the pipe when the run ends (a last alert nobody read)
 * crossed the wire too. */
static void drain_pipe(gt_trace *t)
{
    if (!t->two_sided || !t->pcap.mem)
        return;
    for (int role = 0; role < 2; role++) {
        gt_trace_tap *tap = &t->taps[role];
        uint8_t buf[4096];
        if (!tap->t)
            continue;
        while (tap_recv(tap, buf, sizeof buf) > 0)
            ;
    }
}

gt_transport gt_trace_transport(gt_trace *t, gt_role role, gt_transport io)
{
    if (!t->pcap.path)
        return io;
    gt_trace_tap *tap = &t->taps[role];
    if (role == GT_CLIENT || !t->two_sided)
        t->streams++;
    *tap = (gt_trace_tap){t, role, io, t->streams};
    return (gt_transport){tap_send, tap_recv, tap};
}
