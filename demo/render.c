/* demo/render: the lesson's tables drawn live from handshake events. */
#include "demo/render.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes/bytes.h"
#include "bytes/err.h"
#include "demo/table.h"
#include "record/record.h"

#define BOLD  "\033[1m"
#define RED   "\033[31m"
#define GREEN "\033[32m"
#define CYAN  "\033[36m"
#define DIM   "\033[2m"
#define RESET "\033[0m"

/* The lesson's Process Table, in its own words; real values are added to
 * these as the run reaches them. */
static const char *const lesson_action[GT_STEP_COUNT + 1] = {
    "",
    "Client sends ClientHello",
    "Server sends ServerHello + Certificate",
    "Client verifies Certificate",
    "Client sends encrypted session key",
    "Encrypted communication begins"};
const char *gt_render_step_action(int step)
{
    return step >= 1 && step <= GT_STEP_COUNT ? lesson_action[step] : "";
}

static const char *const lesson_message[GT_STEP_COUNT + 1] = {"",
                                                              "ClientHello message sent",
                                                              "ServerHello and Certificate sent",
                                                              "Certificate valid?",
                                                              "Encrypted session key sent",
                                                              "Data encrypted with session key"};
static const char *const lesson_result[GT_STEP_COUNT + 1] = {
    "",    "Server receives ClientHello", "Client receives and checks Certificate",
    "Yes", "Server decrypts session key", "Secure channel established"};
static const char *const lesson_next[GT_STEP_COUNT + 1] = {
    "",
    "Server sends ServerHello + Certificate",
    "Client verifies Certificate validity",
    "Client generates session key and encrypts it",
    "Both ready for encrypted communication",
    "Data exchange continues securely"};
static const char *const column_name[GT_TRACKER_COLUMNS] = {"Start", "After Step 2", "After Step 3",
                                                            "After Step 4", "Final"};

bool gt_want_color(FILE *out)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(out)) && !(nc && *nc);
}

static const char *c_(const gt_render *r, const char *code) { return r->color ? code : ""; }

void gt_render_init(gt_render *r, FILE *out, bool two_sided)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->two_sided = two_sided;
    r->color = gt_want_color(out);
    r->width = gt_terminal_width(out);
    for (int s = 1; s <= GT_STEP_COUNT; s++) {
        snprintf(r->message[s], sizeof r->message[s], "%s", lesson_message[s]);
        snprintf(r->result[s], sizeof r->result[s], "%s", lesson_result[s]);
        snprintf(r->next[s], sizeof r->next[s], "%s", lesson_next[s]);
    }
    for (int v = 0; v < GT_VAR_COUNT; v++) {
        snprintf(r->value[v], sizeof r->value[v], "%s", gt_tracker_start_value(v));
        memcpy(r->column[0][v], r->value[v], sizeof r->value[v]);
    }
    r->column_done[0] = true;
}

/* One line of the narration, in colour when asked: wrapped to the width, the
 * lines after the first indented a little more. */
static void say(gt_render *r, const char *color, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(gt_render *r, const char *color, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t lead = strspn(line, "\n");
    for (size_t i = 0; i < lead; i++)
        fputc('\n', r->out);
    size_t ind = strspn(line + lead, " ");
    char first[16], rest[20];
    snprintf(first, sizeof first, "%.*s", (int)(ind < 12 ? ind : 12), "            ");
    snprintf(rest, sizeof rest, "%s    ", first);
    fputs(color ? c_(r, color) : "", r->out);
    gt_wrap_hanging(r->out, first, rest, line + lead + ind, r->width);
    fputs(color ? c_(r, RESET) : "", r->out);
}

void gt_render_heading(gt_render *r, const char *text)
{
    fprintf(r->out, "%s%s%s\n", c_(r, BOLD), text, c_(r, RESET));
}

void gt_render_hex(gt_render *r, const char *indent, const unsigned char *p, size_t n, size_t max)
{
    size_t k = n < max ? n : max;
    for (size_t i = 0; i < k; i++) {
        if (i % 16 == 0)
            fprintf(r->out, "%s%s", i ? "\n" : "", indent);
        fprintf(r->out, "%02x%s", p[i], i % 16 == 15 || i + 1 == k ? "" : " ");
    }
    if (k < n)
        fprintf(r->out, " ... (%zu bytes in all)", n);
    fputc('\n', r->out);
}

/* ---- the two tables ---- */

/* The note under a table for a cell too long to sit in it: the cell says
 * "[1]" and the sentence follows the table, wrapped to the width. */
static void print_note(gt_render *r, const char *label, const char *text)
{
    char line[700];
    snprintf(line, sizeof line, "[1] %s%s", label, text);
    gt_wrap(r->out, "", line, r->width);
}

void gt_render_process_table(gt_render *r)
{
    const char *cells[(GT_STEP_COUNT + 1) * 5] = {"Step", "Action", "Message/Check", "Result",
                                                  "Next Step"};
    char num[GT_STEP_COUNT + 1][8], short_result[64];
    for (int s = 1; s <= GT_STEP_COUNT; s++) {
        const char **row = cells + s * 5;
        bool reached = s <= r->step;
        snprintf(num[s], sizeof num[s], "%d", s);
        row[0] = num[s];
        row[1] = lesson_action[s];
        row[2] = reached ? r->message[s] : "(not reached)";
        row[3] = reached ? r->result[s] : "";
        row[4] = reached ? r->next[s] : "";
        if (s == r->failed_step) {
            /* the reason is a whole sentence: it goes under the table */
            snprintf(short_result, sizeof short_result, "%s [1]",
                     s == GT_STEP_VERIFY ? "No" : "Failed");
            row[3] = short_result;
        }
    }
    gt_table t;
    gt_table_fit(&t, r->out, 5, cells, GT_STEP_COUNT + 1, r->width);
    gt_table_print(&t, cells, GT_STEP_COUNT + 1);
    if (r->failed_step)
        print_note(r, "Why it stopped: ", r->failure);
}

void gt_render_status_tracker(gt_render *r)
{
    const char *cells[(GT_VAR_COUNT + 1) * 6] = {"Variable"};
    const char *note = NULL;
    for (int i = 0; i < GT_TRACKER_COLUMNS; i++)
        cells[i + 1] = column_name[i];
    for (int v = 0; v < GT_VAR_COUNT; v++) {
        const char **row = cells + (v + 1) * 6;
        row[0] = gt_tracker_var_name(v);
        for (int i = 0; i < GT_TRACKER_COLUMNS; i++) {
            const char *val = r->column_done[i] ? r->column[i][v] : r->failed_step ? "-" : "";
            if (!strncmp(val, GT_VAL_REJECTED " (", strlen(GT_VAL_REJECTED) + 2)) {
                note = val; /* "Rejected (reason)": the reason goes under the table */
                val = GT_VAL_REJECTED " [1]";
            }
            row[i + 1] = val;
        }
    }
    gt_table t;
    gt_table_fit(&t, r->out, 6, cells, GT_VAR_COUNT + 1, r->width);
    gt_table_even(&t, 1, GT_TRACKER_COLUMNS); /* the same layout at every step */
    gt_table_print(&t, cells, GT_VAR_COUNT + 1);
    if (note)
        print_note(r, "Certificate = ", note);
}

/* ---- steps ---- */

static void snapshot(gt_render *r, int col)
{
    for (int v = 0; v < GT_VAR_COUNT; v++)
        memcpy(r->column[col][v], r->value[v], sizeof r->value[v]);
    r->column_done[col] = true;
}

void gt_render_wait_for_enter(gt_render *r, int next_step)
{
    fprintf(r->out, "%s-- press Enter for step %d --%s", c_(r, DIM), next_step, c_(r, RESET));
    fflush(r->out);
    int ch;
    while ((ch = getchar()) != EOF && ch != '\n')
        ;
}

/* Closes step s: its Process Table row, and the Status Tracker when the
 * lesson has a column for this moment (after steps 2, 3, 4 and at the end). */
static void close_step(gt_render *r, int s)
{
    static const int column_after[GT_STEP_COUNT + 1] = {0, 0, 1, 2, 3, 4};
    if (s <= 0)
        return;
    say(r, NULL, "\n  Process Table, step %d: %s -> %s", s, r->message[s], r->result[s]);
    if (column_after[s]) {
        snapshot(r, column_after[s]);
        if (s < GT_STEP_COUNT && !r->failed_step) {
            fprintf(r->out, "\n  Status Tracker, %s:\n", column_name[column_after[s]]);
            gt_render_status_tracker(r);
        }
    }
}

static void open_step(gt_render *r, int s)
{
    if (r->step > 0) {
        close_step(r, r->step);
        if (r->pause)
            gt_render_wait_for_enter(r, s);
    }
    r->step = s;
    fprintf(r->out, "\n%sStep %d: %s%s\n", c_(r, BOLD), s, lesson_action[s], c_(r, RESET));
}

/* ---- events ---- */

static const char *who(const gt_event *ev) { return gt_role_name(ev->role); }

static void on_message(gt_render *r, const gt_event *ev)
{
    const char *arrow = ev->role == GT_CLIENT ? "client -> server" : "server -> client";
    if (ev->sent) {
        say(r, NULL, "  %s  %s (%zu byte%s)%s%s", arrow, ev->name, ev->len, ev->len == 1 ? "" : "s",
            ev->summary ? ": " : "", ev->summary ? ev->summary : "");
        int s = ev->step;
        r->sent_bytes[s] += ev->len;
        if (s == GT_STEP_CLIENT_HELLO)
            snprintf(r->message[s], sizeof r->message[s], "ClientHello message sent (%zu bytes)",
                     ev->len);
        else if (s == GT_STEP_SERVER_HELLO)
            snprintf(r->message[s], sizeof r->message[s],
                     "ServerHello, Certificate and ServerHelloDone sent (%zu bytes)",
                     r->sent_bytes[s]);
        else if (s == GT_STEP_KEY_EXCHANGE && ev->hs_type == GT_HS_CLIENT_KEY_EXCHANGE)
            snprintf(r->message[s], sizeof r->message[s], "Encrypted session key sent (%zu bytes)",
                     ev->len);
    } else if (r->verbose || !r->two_sided) {
        fprintf(r->out, "  %s  received %s (%zu bytes)\n", who(ev), ev->name, ev->len);
    }
    if (!ev->sent && ev->role == GT_SERVER && ev->hs_type == GT_HS_CLIENT_HELLO && ev->step == 1)
        snprintf(r->result[1], sizeof r->result[1], "Server receives ClientHello (%zu bytes)",
                 ev->len);
}

static void on_check(gt_render *r, const gt_event *ev)
{
    say(r, NULL, "  %s: %s", who(ev), ev->summary);
}

static void on_tracker(gt_render *r, const gt_event *ev)
{
    if (!strcmp(r->value[ev->var], ev->value))
        return; /* the other side reporting the same change */
    snprintf(r->value[ev->var], sizeof r->value[ev->var], "%s", ev->value);
    say(r, CYAN, "  Status Tracker: %s = %s", ev->name, ev->value);
    if (ev->var == GT_VAR_CERTIFICATE && !strcmp(ev->value, GT_VAL_VERIFIED))
        snprintf(r->result[3], sizeof r->result[3], "Yes: chain, validity and host name check out");
    if (ev->var == GT_VAR_SESSION_KEY && !strcmp(ev->value, GT_VAL_SHARED))
        snprintf(r->message[5], sizeof r->message[5],
                 "Data encrypted with session key; Finished verified");
}

static void on_record(gt_render *r, const gt_event *ev)
{
    if (ev->content_type == GT_CT_APPLICATION_DATA && ev->sent) {
        /* The lesson's payoff: what the program wrote, and what the wire carries. */
        fprintf(r->out, "  %s -> %s  application data\n", who(ev), gt_role_name(!ev->role));
        fprintf(r->out, "    plaintext (%zu bytes):  \"", ev->plain_len);
        for (size_t i = 0; i < ev->plain_len && i < 64; i++) {
            unsigned char ch = ev->plain[i];
            fputc(ch >= 32 && ch < 127 ? ch : '.', r->out);
        }
        fprintf(r->out, "\"%s\n", ev->plain_len > 64 ? "..." : "");
        say(r, NULL,
            "    on the wire (%zu bytes): header, 8-byte explicit nonce, ciphertext, 16-byte tag",
            ev->len);
        gt_render_hex(r, "      ", ev->data, ev->len, 96);
        return;
    }
    if (r->verbose)
        say(r, DIM, "  %s record %s: %s, %zu bytes on the wire", who(ev),
            ev->sent ? "sent" : "received", ev->name, ev->len);
}

static void on_secret(gt_render *r, const gt_event *ev)
{
    if (!r->verbose)
        return;
    char hex[2 * 48 + 4];
    say(r, DIM, "  %s: %s = %s (%zu bytes)", who(ev), ev->name,
        gt_hex_short(hex, ev->data, ev->len, 48), ev->len);
}

static void on_alert(gt_render *r, const gt_event *ev)
{
    bool fatal = ev->alert_level == GT_ALERT_LEVEL_FATAL;
    say(r, fatal ? RED : NULL, "  %s %s %s alert: %s (%u)", who(ev),
        ev->sent ? "sends" : "receives", fatal ? "fatal" : "warning", ev->name, ev->alert_desc);
}

static void on_error(gt_render *r, const gt_event *ev)
{
    say(r, RED, "  %s stops: %s", who(ev), ev->summary);
    if (r->failed_step)
        return; /* the other side's view of the same failure */
    int s = r->step ? r->step : 1;
    r->failed_step = s;
    snprintf(r->failure, sizeof r->failure, "%s", ev->summary);
    snprintf(r->result[s], sizeof r->result[s], "%s: %s", s == GT_STEP_VERIFY ? "No" : "Failed",
             ev->summary);
    int alert = gt_err_alert(ev->err);
    if (alert != GT_ALERT_NONE)
        snprintf(r->next[s], sizeof r->next[s],
                 "Handshake stops: %s alert sent, later steps "
                 "never run",
                 gt_alert_name(alert));
    else
        snprintf(r->next[s], sizeof r->next[s], "Handshake stops; later steps never run");
}

void gt_render_event(void *ctx, const gt_event *ev)
{
    gt_render *r = ctx;
    if (ev->step > r->step && !r->failed_step)
        open_step(r, ev->step);
    switch (ev->kind) {
    case GT_EV_MESSAGE: on_message(r, ev); break;
    case GT_EV_CHECK: on_check(r, ev); break;
    case GT_EV_TRACKER: on_tracker(r, ev); break;
    case GT_EV_RECORD: on_record(r, ev); break;
    case GT_EV_SECRET: on_secret(r, ev); break;
    case GT_EV_ALERT: on_alert(r, ev); break;
    case GT_EV_ERROR: on_error(r, ev); break;
    case GT_EV_APPDATA:
    case GT_EV_ROW_DONE:
        if (r->verbose && ev->kind == GT_EV_ROW_DONE)
            say(r, DIM, "  %s: done: %s", who(ev), ev->name);
        break;
    }
    fflush(r->out);
}

void gt_render_finish(gt_render *r)
{
    close_step(r, r->step);
    fprintf(r->out, "\n");
    gt_render_heading(r, "Process Table");
    gt_render_process_table(r);
    fprintf(r->out, "\n");
    gt_render_heading(r, "Status Tracker");
    gt_render_status_tracker(r);
    fflush(r->out);
}
