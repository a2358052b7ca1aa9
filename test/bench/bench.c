/* test/bench/bench: the `make bench` program (see bench.h and
 * docs/performance.md). It measures, in one run, both big-number backends
 * and OpenSSL beside them, and prints one table with the machine, the
 * compiler, the library versions, the method and the load average at start
 * and end, then where a handshake's time goes, step by step, as bars.
 * No number here is asserted by a test; `make test` only checks that a
 * tiny run (--quick) works. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "handshake/conn.h"
#include "test/bench/bench.h"

#ifndef GT_BENCH_CFLAGS
#define GT_BENCH_CFLAGS "(flags not recorded)"
#endif

double bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the header: what ran where ---- */

static void command_line(const char *cmd, char *out, size_t cap)
{
    FILE *f = popen(cmd, "r");
    out[0] = 0;
    if (f) {
        if (!fgets(out, (int)cap, f))
            out[0] = 0;
        pclose(f);
    }
    out[strcspn(out, "\r\n")] = 0;
    if (!out[0])
        snprintf(out, cap, "unknown");
}

static void cpu_model(char *out, size_t cap)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    snprintf(out, cap, "unknown CPU");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
            snprintf(out, cap, "%s", strchr(line, ':') + 2);
            out[strcspn(out, "\n")] = 0;
            break;
        }
    if (f)
        fclose(f);
}

static double load_average(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

static void print_header(const bench_opts *o, double load_start)
{
    char cpu[128], tommath[64], ossl[128];
    struct utsname u;
    uname(&u);
    cpu_model(cpu, sizeof cpu);
    command_line("dpkg-query -W -f='${Version}' libtommath1 2>/dev/null", tommath, sizeof tommath);
    command_line("openssl version 2>/dev/null", ossl, sizeof ossl);
    const char *const *gmp = dlsym(RTLD_DEFAULT, "__gmp_version");
    printf("glasstls bench: TLS 1.2 TLS_RSA_WITH_AES_128_GCM_SHA256, RSA-2048 (demo PKI)%s\n",
           o->quick ? "   [--quick: smoke run, numbers mean nothing]" : "");
    printf("machine    %s, %ld CPUs online, %s %s %s\n", cpu, sysconf(_SC_NPROCESSORS_ONLN),
           u.sysname, u.release, u.machine);
    printf("compiler   %s %s, %s\n",
#ifdef __clang__
           "clang",
#else
           "gcc",
#endif
           __VERSION__, GT_BENCH_CFLAGS);
    printf("libraries  libtomcrypt %s, libtommath %s, GMP %s (through libtomcrypt's gmp_desc), "
           "%s\n",
           SCRYPT, tommath, gmp ? *gmp : "unknown", ossl);
    printf("method     in-process: %d handshakes per backend over a memory link, each followed "
           "by\n"
           "           one run of every crypto-floor operation alone; medians. Loopback: "
           "openssl\n"
           "           s_time -new and a glasstls client loop, %d s per run, %d alternating "
           "runs,\n"
           "           median. Instructions: valgrind --tool=callgrind. Whole-process heap: "
           "massif\n",
           o->handshakes, o->seconds, o->runs);
    printf("load       %.2f at start (1-minute average)\n", load_start);
}

/* ---- the table ---- */

#define NA "-"

static void cell_us(char *s, size_t cap, double us)
{
    if (us <= 0)
        snprintf(s, cap, NA);
    else if (us >= 10000)
        snprintf(s, cap, "%.1f ms", us / 1000);
    else
        snprintf(s, cap, "%.0f us", us);
}

static void cell_count(char *s, size_t cap, double v, const char *unit)
{
    if (v < 0)
        snprintf(s, cap, NA);
    else if (v >= 1e6)
        snprintf(s, cap, "%.2f M%s", v / 1e6, unit);
    else if (v >= 1e4)
        snprintf(s, cap, "%.1f k%s", v / 1e3, unit);
    else
        snprintf(s, cap, "%.0f %s", v, unit);
}

static void row(const char *label, const char *a, const char *b, const char *c, const char *note)
{
    printf("%-56s %11s %11s %11s  %s\n", label, a, b, c, note ? note : "");
}

typedef struct results {
    inproc_result in[2];
    bool in_ran[2];
    char cg_why[2][256];
    net_result net;
    bool net_ran;
} results;

static double median_runs(const double *v, int n)
{
    double tmp[BENCH_MAX_RUNS];
    memcpy(tmp, v, sizeof(double) * (size_t)n);
    return bench_median(tmp, n);
}

static const char *verdict(bool met) { return met ? "met" : "NOT MET"; }

static void print_inproc(const bench_opts *o, const results *R)
{
    char a[2][48], note[96];
#define EACH(fmt_call)                                                                             \
    for (int m = 0; m < 2; m++) {                                                                  \
        const inproc_result *r = &R->in[m];                                                        \
        if (!o->math[m] || !R->in_ran[m] || !r->ok)                                                \
            snprintf(a[m], sizeof a[m], NA);                                                       \
        else                                                                                       \
            fmt_call;                                                                              \
    }
    EACH(cell_us(a[m], sizeof a[m], r->floor_us));
    row("crypto floor of one handshake (both sides)", a[0], a[1], "", "time");
    for (int op = 0; op < FLOOR_COUNT; op++) {
        char label[80];
        snprintf(label, sizeof label, "  %s x%d", floor_op_names[op],
                 R->in[0].floor_mult[op] ? R->in[0].floor_mult[op] : R->in[1].floor_mult[op]);
        EACH(cell_us(a[m], sizeof a[m], r->floor_op_us[op] * r->floor_mult[op]));
        row(label, a[0], a[1], "", NULL);
    }
    if (R->in[0].cg_floor || R->in[1].cg_floor)
        for (int op = 0; op < FLOOR_COUNT; op++) {
            char label[80];
            snprintf(label, sizeof label, "  instructions: %s", floor_op_names[op]);
            EACH(
                cell_count(a[m], sizeof a[m], r->cg_floor ? (double)r->cg_floor_op[op] : -1, "Ir"));
            row(label, a[0], a[1], "", "all repetitions");
        }
    EACH(cell_us(a[m], sizeof a[m], r->hs_median_us));
    row("in-process handshake, median", a[0], a[1], "", NULL);
    EACH(snprintf(a[m], sizeof a[m], "%.2fx", r->hs_median_us / r->floor_us));
    row("  ratio to the crypto floor (time)", a[0], a[1], "", NULL);
    EACH(cell_count(a[m], sizeof a[m], r->cg_handshake ? (double)r->cg_handshake : -1, "Ir"));
    row("  instructions: one handshake (callgrind)", a[0], a[1], "", NULL);
    EACH(cell_count(a[m], sizeof a[m], r->cg_floor ? (double)r->cg_floor : -1, "Ir"));
    row("  instructions: its crypto floor", a[0], a[1], "", NULL);
    bool met = true, any = false;
    EACH((snprintf(a[m], sizeof a[m], r->cg_floor ? "%+.1f%%" : NA,
                   r->cg_floor ? 100.0 * ((double)r->cg_handshake / (double)r->cg_floor - 1) : 0),
          any = r->cg_floor != 0, met &= !r->cg_floor || r->cg_handshake <= r->cg_floor * 1.10));
    snprintf(note, sizeof note, "target <= +10%%: %s", any ? verdict(met) : "not measured");
    row("  protocol overhead (instructions)", a[0], a[1], "", note);

    EACH(snprintf(a[m], sizeof a[m], "%.1f MB/s", r->record_mbps));
    row("record layer, 16 KiB records, seal+open", a[0], a[1], "", NULL);
    EACH(snprintf(a[m], sizeof a[m], "%.1f MB/s", r->raw_gcm_mbps));
    row("  libtomcrypt AES-GCM alone, same buffers", a[0], a[1], "", NULL);
    met = true, any = false;
    EACH((snprintf(a[m], sizeof a[m], "%.0f%%", 100 * r->record_mbps / r->raw_gcm_mbps), any = true,
          met &= r->record_mbps >= 0.9 * r->raw_gcm_mbps));
    snprintf(note, sizeof note, "target >= 90%%: %s", any ? verdict(met) : "not measured");
    row("  record layer / raw", a[0], a[1], "", note);
    met = true, any = false;
    EACH((snprintf(a[m], sizeof a[m], r->cg_records ? "%.0f%%" : NA,
                   100.0 * (double)r->cg_rawgcm / (double)(r->cg_records ? r->cg_records : 1)),
          any |= r->cg_records != 0, met &= !r->cg_records || r->cg_rawgcm >= 0.9 * r->cg_records));
    snprintf(note, sizeof note, "raw Ir / layer Ir; target >= 90%%: %s",
             any ? verdict(met) : "not measured");
    row("  same, by instructions (callgrind)", a[0], a[1], "", note);
    EACH(snprintf(a[m], sizeof a[m], "%zu", r->record_allocs));
    snprintf(note, sizeof note, "over %d records", o->records);
    row("  heap allocations while records flow", a[0], a[1], "", note);
}

static void print_memory(const bench_opts *o, const results *R)
{
    char a[2][48], c[48], label[96];
    snprintf(a[0], sizeof a[0], "%zu B", sizeof(struct gt_conn));
    row("sizeof(struct gt_conn)", a[0], "", "", "calloc'd once per connection");
    snprintf(a[0], sizeof a[0], "%zu B",
             sizeof(((gt_record_layer *)0)->in) + sizeof(((gt_record_layer *)0)->out));
    row("  record buffers in[] + out[] (inside it)", a[0], "", "",
        "2 x (5 + 2^14 + 2048), RFC 5246 6.2.3");
    snprintf(a[0], sizeof a[0], "%d B", GT_MAX_PLAINTEXT);
    row("  application-data buffer (heap, once)", a[0], "", "", "first record read");
    static const char *who[] = {"", "client", "server"};
    for (int side = OWNER_CLIENT; side <= OWNER_SERVER; side++) {
        for (int m = 0; m < 2; m++) {
            const heap_stats *h = &R->in[m].heap;
            if (!o->math[m] || !R->in[m].ok || !h->available)
                snprintf(a[m], sizeof a[m], NA);
            else
                snprintf(a[m], sizeof a[m], "%zu B", h->peak[side]);
        }
        snprintf(label, sizeof label, "peak heap per connection: %s", who[side]);
        row(label, a[0], a[1], "", "handshake + one 16 KiB record each way");
        for (int m = 0; m < 2; m++) {
            const heap_stats *h = &R->in[m].heap;
            if (!o->math[m] || !R->in[m].ok || !h->available)
                snprintf(a[m], sizeof a[m], NA);
            else
                snprintf(a[m], sizeof a[m], "%zu", h->allocs[side]);
        }
        snprintf(label, sizeof label, "  heap allocations: %s", who[side]);
        row(label, a[0], a[1], "", NULL);
    }
    if (R->net_ran && R->net.ok) {
        for (int m = 0; m < 2; m++)
            cell_count(a[m], sizeof a[m], o->math[m] ? (double)R->net.massif_glasstls[m] : -1, "B");
        cell_count(c, sizeof c, (double)R->net.massif_openssl, "B");
        row("whole client process, peak heap (massif)", a[0], a[1], c,
            "glasstls client / openssl s_client");
    }
}

static void print_net(const bench_opts *o, const results *R)
{
    const net_result *n = &R->net;
    char a[2][48], c[48], note[96];
    double ossl = median_runs(n->server_openssl, n->runs);
    static const double target[2] = {0.6, 0.85};
    for (int m = 0; m < 2; m++)
        snprintf(a[m], sizeof a[m], o->math[m] ? "%.0f" : NA,
                 median_runs(n->server_glasstls[m], n->runs));
    snprintf(c, sizeof c, "%.0f", ossl);
    row("server: s_time -new handshakes/s", a[0], a[1], c, "glasstls server / openssl s_server");
    bool met = true;
    for (int m = 0; m < 2; m++) {
        double ratio = median_runs(n->server_glasstls[m], n->runs) / ossl;
        snprintf(a[m], sizeof a[m], o->math[m] ? "%.2fx" : NA, ratio);
        if (o->math[m])
            met &= ratio >= target[m];
    }
    snprintf(note, sizeof note, "target >= 0.6x ltm, 0.85x gmp: %s", verdict(met));
    row("  ratio to openssl s_server", a[0], a[1], "1.00x", note);
    ossl = median_runs(n->client_openssl, n->runs);
    for (int m = 0; m < 2; m++)
        snprintf(a[m], sizeof a[m], o->math[m] ? "%.0f" : NA,
                 median_runs(n->client_glasstls[m], n->runs));
    snprintf(c, sizeof c, "%.0f", ossl);
    row("client: handshakes/s against s_server", a[0], a[1], c, "glasstls loop / s_time -new");
    for (int m = 0; m < 2; m++)
        snprintf(a[m], sizeof a[m], o->math[m] ? "%.2fx" : NA,
                 median_runs(n->client_glasstls[m], n->runs) / ossl);
    row("  ratio to openssl s_time", a[0], a[1], "1.00x", NULL);
}

/* Where the time goes: one bar per lesson step module, both sides. */
static void print_bars(const inproc_result *r, gt_math m)
{
    double total = 0, widest = 0;
    for (int k = 0; k < MOD_COUNT; k++) {
        total += r->module_us[k];
        if (r->module_us[k] > widest)
            widest = r->module_us[k];
    }
    printf("\nwhere one in-process handshake goes, by lesson step (%s, median per step, both "
           "sides):\n",
           gt_math_name(m));
    for (int k = 0; k < MOD_COUNT; k++) {
        int w = widest > 0 ? (int)(40 * r->module_us[k] / widest + 0.5) : 0;
        char bar[41], instr[32] = "";
        memset(bar, '#', (size_t)w);
        bar[w] = 0;
        if (r->cg_handshake)
            cell_count(instr, sizeof instr, (double)r->cg_module[k], "Ir");
        printf("  %-12s %-40s %8.0f us %5.1f%%  %s\n", bench_module_names[k], bar, r->module_us[k],
               total > 0 ? 100 * r->module_us[k] / total : 0, instr);
    }
}

/* ---- options and the run ---- */

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls-bench [--quick] [--math ltm|gmp|both] [--seconds S] [--runs R]\n"
               "             [--handshakes N] [--records N] [--no-net] [--no-valgrind]\n"
               "             [--glasstls PATH]\n"
               "Measures glasstls beside OpenSSL (see docs/performance.md).\n");
}

static int parse(int argc, char **argv, bench_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int *num = !strcmp(a, "--seconds")      ? &o->seconds
                   : !strcmp(a, "--runs")       ? &o->runs
                   : !strcmp(a, "--handshakes") ? &o->handshakes
                   : !strcmp(a, "--records")    ? &o->records
                                                : NULL;
        if (num && v && atoi(v) > 0) {
            *num = atoi(v);
            i++;
        } else if (!strcmp(a, "--quick")) {
            o->quick = true;
            o->seconds = 1, o->runs = 1, o->handshakes = 3, o->records = 8;
        } else if (!strcmp(a, "--math") && v) {
            gt_math m;
            o->math[0] = o->math[1] = !strcmp(v, "both");
            if (!o->math[0]) {
                if (!gt_math_parse(v, &m)) {
                    fprintf(stderr, "bench: --math takes ltm, gmp or both\n");
                    return 2;
                }
                o->math[m] = true;
            }
            i++;
        } else if (!strcmp(a, "--no-net")) {
            o->no_net = true;
        } else if (!strcmp(a, "--no-valgrind")) {
            o->no_valgrind = true;
        } else if (!strcmp(a, "--glasstls") && v) {
            o->glasstls = v;
            i++;
        } else if (!strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else {
            fprintf(stderr, "bench: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (o->runs > BENCH_MAX_RUNS)
        o->runs = BENCH_MAX_RUNS;
    return 0;
}

int main(int argc, char **argv)
{
    static char self[4096], glasstls[4096];
    if (gt_crypto_init() != GT_OK)
        return 2;
    if (argc == 3 && !strcmp(argv[1], "--callgrind-child")) {
        gt_math m;
        return gt_math_parse(argv[2], &m) ? callgrind_child(m) : 2;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 2;
    self[n] = 0;
    snprintf(glasstls, sizeof glasstls, "%.*s/glasstls", (int)(strrchr(self, '/') - self), self);
    bench_opts o = {.seconds = 4,
                    .runs = 3,
                    .handshakes = 100,
                    .records = 1024,
                    .math = {true, true},
                    .self = self,
                    .glasstls = glasstls};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;

    double load_start = load_average();
    results *R = calloc(1, sizeof *R);
    int failed = 0;
    if (!R)
        return 2;
    for (int m = 0; m < 2; m++) {
        if (!o.math[m])
            continue;
        R->in_ran[m] = true;
        if (inproc_run(&o, (gt_math)m, &R->in[m])) {
            fprintf(stderr, "bench: %s: %s\n", gt_math_name((gt_math)m), R->in[m].why);
            failed = 1;
            continue;
        }
        if (!o.no_valgrind &&
            callgrind_measure(&o, (gt_math)m, &R->in[m], R->cg_why[m], sizeof R->cg_why[m])) {
            fprintf(stderr, "bench: callgrind (%s): %s\n", gt_math_name((gt_math)m), R->cg_why[m]);
            failed = 1;
        }
    }
    if (!o.no_net) {
        R->net_ran = true;
        if (net_run(&o, &R->net)) {
            fprintf(stderr, "bench: loopback: %s\n", R->net.why);
            failed = 1;
        }
    }

    print_header(&o, load_start);
    printf("load       %.2f at end\n\n", load_average());
    row("measure", "ltm", "gmp", "openssl", "notes");
    printf("%.*s\n", 100,
           "---------------------------------------------------------------------"
           "-------------------------------");
    print_inproc(&o, R);
    if (R->net_ran && R->net.ok)
        print_net(&o, R);
    print_memory(&o, R);
    for (int m = 0; m < 2; m++)
        if (o.math[m] && R->in[m].ok)
            print_bars(&R->in[m], (gt_math)m);
    free(R);
    return failed;
}
