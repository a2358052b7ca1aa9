/* demo/views: the lesson's learning modes from one run's events (see
 * views.h). The words of the Process Flow and of the tracker values are the
 * lesson's; the transcript and snapshot prose is glasstls's own, filled with
 * the values of the run. RFC 5246 7.3 (the message flow) and 7.4 (the
 * messages) are what the sentences describe. */
#include "demo/views.h"

#include <stdarg.h>
#include <string.h>

#include "bytes/bytes.h"
#include "demo/table.h"
#include "handshake/tracker.h"
#include "record/record.h"

const char *const gt_view_names = "flow|table|tracker|transcript|snapshot|all";

static const char *const view_name[] = {
    [GT_VIEW_ALL] = "all",
    [GT_VIEW_FLOW] = "flow",
    [GT_VIEW_TABLE] = "table",
    [GT_VIEW_TRACKER] = "tracker",
    [GT_VIEW_TRANSCRIPT] = "transcript",
    [GT_VIEW_SNAPSHOT] = "snapshot",
};

bool gt_view_parse(const char *name, gt_view *v)
{
    for (size_t i = 0; name && i < sizeof view_name / sizeof view_name[0]; i++)
        if (!strcmp(name, view_name[i])) {
            *v = (gt_view)i;
            return true;
        }
    return false;
}

/* The lesson's Process Flow, box by box, and the lesson step each box is in. */
static const char *const flow_box[GT_FLOW_COUNT] = {"Client Hello",
                                                    "Server Hello + Certificate",
                                                    "Client verifies Certificate",
                                                    "Generate Session Key",
                                                    "Client sends Encrypted Key",
                                                    "Server decrypts Key",
                                                    "Secure Encrypted Communication Established"};
static const int flow_step[GT_FLOW_COUNT] = {1, 2, 3, 3, 4, 4, 5};

const char *gt_hex_line(char *buf, size_t cap, const uint8_t *p, size_t n, size_t max)
{
    size_t k = n < max ? n : max, o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < k && o + 4 < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%02x", i ? " " : "", p[i]);
    if (k < n && o + 4 < cap)
        snprintf(buf + o, cap - o, " ...");
    return buf;
}

/* ---- gathering the facts ---- */

/* A message counts whichever side reports it: the demo hears both, the
 * client command only itself. Sizes are set, not added, for that reason. */
static void story_message(gt_story *s, const gt_event *ev)
{
    if (ev->content_type != GT_CT_HANDSHAKE)
        return;
    /* a hello's body starts with the version (2 bytes), then the 32-byte random */
    const size_t random_at = 4 + 2;
    switch (ev->hs_type) {
    case GT_HS_CLIENT_HELLO:
        s->flow[GT_FLOW_CLIENT_HELLO] = true;
        s->client_hello_len = ev->len;
        if (ev->len >= random_at + 32) {
            memcpy(s->client_random, ev->data + random_at, 32);
            s->have_client_random = true;
        }
        break;
    case GT_HS_SERVER_HELLO:
        s->server_hello_len = ev->len;
        if (ev->len >= random_at + 32) {
            memcpy(s->server_random, ev->data + random_at, 32);
            s->have_server_random = true;
        }
        break;
    case GT_HS_CERTIFICATE: s->certificate_len = ev->len; break;
    case GT_HS_SERVER_HELLO_DONE:
        s->server_flight_len = s->server_hello_len + s->certificate_len + ev->len;
        s->flow[GT_FLOW_SERVER_HELLO] = true;
        break;
    case GT_HS_CLIENT_KEY_EXCHANGE:
        s->key_exchange_len = ev->len;
        s->flow[GT_FLOW_SEND_KEY] = true;
        break;
    default: break;
    }
}

static void story_event(gt_story *s, const gt_event *ev)
{
    switch (ev->kind) {
    case GT_EV_MESSAGE: story_message(s, ev); break;
    case GT_EV_CHECK:
        /* the client's reading of the Certificate message */
        if (ev->role == GT_CLIENT && ev->step == GT_STEP_SERVER_HELLO && ev->summary &&
            strstr(ev->summary, "certificate"))
            snprintf(s->cert_summary, sizeof s->cert_summary, "%s", ev->summary);
        break;
    case GT_EV_TRACKER:
        if (ev->var == GT_VAR_CERTIFICATE && !strcmp(ev->value, GT_VAL_VERIFIED))
            s->flow[GT_FLOW_VERIFY] = true;
        if (ev->var == GT_VAR_SESSION_KEY && !strcmp(ev->value, GT_VAL_GENERATED))
            s->flow[GT_FLOW_GENERATE] = true;
        /* the client checked the server's Finished: proof that the server
         * decrypted the key (what a client alone can know of that box) */
        if (ev->var == GT_VAR_SESSION_KEY && !strcmp(ev->value, GT_VAL_SHARED) &&
            ev->role == GT_CLIENT)
            s->flow[GT_FLOW_DECRYPT] = true;
        if (ev->var == GT_VAR_SECURE_CHANNEL && !strcmp(ev->value, GT_VAL_YES))
            s->flow[GT_FLOW_SECURE] = s->secure = true;
        break;
    case GT_EV_SECRET:
        if (ev->role == GT_CLIENT && !strcmp(ev->name, "premaster secret") && ev->len == 48) {
            memcpy(s->premaster, ev->data, 48);
            s->have_premaster = true;
        }
        break;
    case GT_EV_ROW_DONE:
        /* the server's step-4 receive row ends with the premaster decrypted */
        if (ev->role == GT_SERVER && ev->step == GT_STEP_KEY_EXCHANGE)
            s->flow[GT_FLOW_DECRYPT] = true;
        break;
    case GT_EV_RECORD:
        if (ev->content_type == GT_CT_APPLICATION_DATA && ev->sent && ev->role == GT_CLIENT &&
            !s->app_wire_len) {
            s->app_plain_len =
                ev->plain_len < sizeof s->app_plain ? ev->plain_len : sizeof s->app_plain;
            memcpy(s->app_plain, ev->plain, s->app_plain_len);
            s->app_wire_len = ev->len < sizeof s->app_wire ? ev->len : sizeof s->app_wire;
            memcpy(s->app_wire, ev->data, s->app_wire_len);
        }
        break;
    case GT_EV_ALERT:
        if (ev->sent && ev->alert_level == GT_ALERT_LEVEL_FATAL && !s->alert) {
            s->alert = true;
            s->alert_side = ev->role;
            s->alert_desc = ev->alert_desc;
        }
        break;
    case GT_EV_ERROR:
        if (!s->stopped) {
            s->stopped = true;
            s->stopped_side = ev->role;
            s->after_handshake = ev->step == 0;
            s->stopped_step = ev->step ? ev->step : GT_STEP_SECURE_CHANNEL;
            snprintf(s->stop_why, sizeof s->stop_why, "%s", ev->summary ? ev->summary : "");
        }
        break;
    case GT_EV_APPDATA: break;
    }
}

/* ---- the observer ---- */

/* Narration of the views other than "all" goes nowhere: only the tables'
 * state is kept. */
static FILE *null_sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    return sink;
}

void gt_watch_init(gt_watch *w, FILE *out, gt_view view, bool two_sided)
{
    memset(w, 0, sizeof *w);
    w->view = view;
    w->out = out;
    FILE *narration = view == GT_VIEW_ALL ? out : null_sink();
    gt_render_init(&w->render, narration ? narration : out, two_sided);
    w->render.color = gt_want_color(out);
    w->render.width = gt_terminal_width(out);
}

static void print_view(gt_watch *w)
{
    FILE *narration = w->render.out;
    w->render.out = w->out;
    switch (w->view) {
    case GT_VIEW_ALL: break;
    case GT_VIEW_FLOW: gt_view_flow(w); break;
    case GT_VIEW_TABLE:
        gt_render_heading(&w->render, "Process Table");
        gt_render_process_table(&w->render);
        break;
    case GT_VIEW_TRACKER:
        gt_render_heading(&w->render, "Status Tracker");
        gt_render_status_tracker(&w->render);
        break;
    case GT_VIEW_TRANSCRIPT: gt_view_transcript(w); break;
    case GT_VIEW_SNAPSHOT: gt_view_snapshot(w); break;
    }
    fflush(w->out);
    w->render.out = narration;
}

void gt_watch_event(void *ctx, const gt_event *ev)
{
    gt_watch *w = ctx;
    int before = w->render.step;
    gt_render_event(&w->render, ev);
    story_event(&w->story, ev);
    /* Stepping through a view that is not the narration: show it as it
     * stands at the end of each step (the transcript waits for the end). */
    bool stepwise = w->view == GT_VIEW_FLOW || w->view == GT_VIEW_TABLE ||
                    w->view == GT_VIEW_TRACKER || w->view == GT_VIEW_SNAPSHOT;
    if (w->step_pause && stepwise && w->render.step != before && before > 0) {
        fprintf(w->out, "\nAfter step %d:\n", before);
        print_view(w);
        FILE *narration = w->render.out; /* the prompt goes where the view went */
        w->render.out = w->out;
        gt_render_wait_for_enter(&w->render, w->render.step);
        w->render.out = narration;
    }
}

void gt_watch_finish(gt_watch *w)
{
    if (w->view == GT_VIEW_ALL) {
        gt_render_finish(&w->render);
        return;
    }
    /* close the last step, so its tracker column is filled */
    FILE *narration = w->render.out;
    gt_render_finish(&w->render);
    w->render.out = narration;
    print_view(w);
}

/* ---- Process Flow ---- */

void gt_view_flow(gt_watch *w)
{
    const gt_story *s = &w->story;
    FILE *o = w->out;
    /* the current box: where the run stopped, else the first not reached */
    int current = GT_FLOW_COUNT - 1;
    for (int b = 0; b < GT_FLOW_COUNT; b++)
        if (!s->flow[b]) {
            current = b;
            break;
        }
    bool failed_in_flow = s->stopped && !s->after_handshake;
    gt_render_heading(&w->render, "Process Flow (this run)");
    fprintf(o,
            "  [x] reached   [>] where the run is   [!] where it stopped   [ ] never reached\n\n");
    for (int b = 0; b < GT_FLOW_COUNT; b++) {
        const char *mark = s->flow[b] ? "[x]" : "[ ]", *note = "";
        if (b == current && !s->flow[b]) {
            mark = failed_in_flow ? "[!]" : "[>]";
            note = failed_in_flow ? "  <- stopped here" : "  <- next";
        } else if (b == current && s->secure && !s->stopped) {
            mark = "[>]";
            note = "  <- here: Yes";
        }
        fprintf(o, "  %s step %d: %s%s\n", mark, flow_step[b], flow_box[b], note);
        if (b + 1 < GT_FLOW_COUNT)
            fprintf(o, "              |\n");
    }
    if (s->stopped && s->after_handshake)
        fprintf(o, "  [!] after the handshake: application data checked  <- stopped here\n");
    if (s->stopped) {
        char line[600];
        snprintf(line, sizeof line, "Why: %s", s->stop_why);
        fputc('\n', o);
        gt_wrap(o, "  ", line, w->render.width);
    }
}

/* ---- Full Transcript ---- */

/* A growing paragraph, wrapped when printed. */
typedef struct para {
    char text[4096];
    size_t len;
} para;

static void say(para *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(para *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->text + p->len, sizeof p->text - p->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        p->len = p->len + (size_t)n < sizeof p->text ? p->len + (size_t)n : sizeof p->text - 1;
}

static void tell_stop(para *p, const gt_story *s)
{
    say(p, " There the %s stopped (step %d, %s): %s.", gt_role_name(s->stopped_side),
        s->stopped_step, gt_render_step_action(s->stopped_step), s->stop_why);
    if (s->alert)
        say(p, " The %s told its peer with a fatal %s alert, and nothing after that ran.",
            gt_role_name(s->alert_side), gt_alert_name(s->alert_desc));
}

void gt_view_transcript(gt_watch *w)
{
    const gt_story *s = &w->story;
    const gt_render *r = &w->render;
    char hex[200];
    para p = {0};
    say(&p, "In this run a glasstls client and server built a TLS 1.2 connection.");
    if (s->flow[GT_FLOW_CLIENT_HELLO])
        say(&p,
            " The client spoke first: a %zu-byte ClientHello holding its 32-byte random (%s) "
            "and the one cipher suite it offers, TLS_RSA_WITH_AES_128_GCM_SHA256.",
            s->client_hello_len, gt_hex_line(hex, sizeof hex, s->client_random, 32, 8));
    if (s->have_server_random)
        say(&p, " The server replied with a random of its own (%s),",
            gt_hex_line(hex, sizeof hex, s->server_random, 32, 8));
    if (s->cert_summary[0])
        say(&p, " and with its certificate chain (%s),", s->cert_summary);
    if (s->flow[GT_FLOW_SERVER_HELLO])
        say(&p, " %zu bytes in all.", s->server_flight_len);
    if (s->stopped && s->stopped_step <= GT_STEP_VERIFY && !s->flow[GT_FLOW_VERIFY]) {
        tell_stop(&p, s);
        if (s->stopped_step == GT_STEP_VERIFY)
            say(&p,
                " Because the certificate failed, the client never made a session key: "
                "SessionKey stayed at %s.",
                r->value[GT_VAR_SESSION_KEY]);
    } else if (s->flow[GT_FLOW_VERIFY]) {
        say(&p, " The client checked that chain against the roots it trusts, the dates and the "
                "name it asked for, and accepted it.");
        if (s->have_premaster)
            say(&p,
                " Only then did it make a 48-byte premaster secret (%s), lock it with the "
                "server's RSA public key",
                gt_hex_line(hex, sizeof hex, s->premaster, 48, 8));
        if (s->flow[GT_FLOW_SEND_KEY])
            say(&p, " and send it in a %zu-byte ClientKeyExchange.", s->key_exchange_len);
        if (s->flow[GT_FLOW_DECRYPT])
            say(&p, " The server opened it with its private key, and each side mixed it with "
                    "both randoms into the master secret and the keys that protect the data.");
        if (s->stopped && !s->after_handshake) {
            tell_stop(&p, s);
        } else if (s->secure) {
            say(&p, " Each side then proved with a Finished message that it saw the same "
                    "handshake and holds the same keys, and SecureChannel became Yes.");
            if (s->app_wire_len)
                say(&p,
                    " The first message, \"%.*s\", crossed the wire as %zu encrypted bytes: "
                    "the record header %s, then the nonce, the ciphertext and the tag.",
                    (int)s->app_plain_len, (const char *)s->app_plain, s->app_wire_len,
                    gt_hex_line(hex, sizeof hex, s->app_wire, 5, 5));
            if (s->stopped)
                tell_stop(&p, s);
        }
    }
    gt_render_heading(&w->render, "Full Transcript (this run)");
    gt_wrap(w->out, "", p.text, r->width);
}

/* ---- Concept Snapshot ---- */

void gt_view_snapshot(gt_watch *w)
{
    const gt_story *s = &w->story;
    const gt_render *r = &w->render;
    FILE *o = w->out;
    char hex[200], line[700];
    gt_render_heading(&w->render, "Concept Snapshot (this run)");
    const char *not_reached = "not reached";
    snprintf(line, sizeof line, "1. ClientHello: %s", not_reached);
    if (s->flow[GT_FLOW_CLIENT_HELLO])
        snprintf(line, sizeof line, "1. ClientHello sent: %zu bytes, client random %s",
                 s->client_hello_len, gt_hex_line(hex, sizeof hex, s->client_random, 32, 4));
    gt_wrap(o, "", line, r->width);
    if (s->flow[GT_FLOW_SERVER_HELLO])
        snprintf(line, sizeof line,
                 "2. ServerHello + Certificate sent: %zu bytes, server random %s",
                 s->server_flight_len, gt_hex_line(hex, sizeof hex, s->server_random, 32, 4));
    else
        snprintf(line, sizeof line, "2. ServerHello + Certificate: %s", not_reached);
    gt_wrap(o, "", line, r->width);
    snprintf(line, sizeof line, "3. Client verifies Certificate: %s", r->value[GT_VAR_CERTIFICATE]);
    gt_wrap(o, "", line, r->width);
    if (s->flow[GT_FLOW_SEND_KEY])
        snprintf(line, sizeof line, "4. Encrypted session key sent: %zu bytes, SessionKey = %s",
                 s->key_exchange_len,
                 r->column_done[3] ? r->column[3][GT_VAR_SESSION_KEY] : GT_VAL_KEY_SENT);
    else
        snprintf(line, sizeof line, "4. Encrypted session key: %s (SessionKey = %s)", not_reached,
                 r->value[GT_VAR_SESSION_KEY]);
    gt_wrap(o, "", line, r->width);
    if (s->secure && !s->stopped)
        snprintf(line, sizeof line, "5. Secure channel established: SecureChannel = Yes");
    else if (s->secure)
        snprintf(line, sizeof line,
                 "5. Secure channel established, then torn down: a record failed its check");
    else
        snprintf(line, sizeof line, "5. Secure channel: %s (SecureChannel = %s)", not_reached,
                 r->value[GT_VAR_SECURE_CHANNEL]);
    gt_wrap(o, "", line, r->width);
    gt_wrap(o, "",
            "Key rule: the client makes and sends the session key only after the server's "
            "certificate has passed every check.",
            r->width);
}
