/* demo/trace_json: `--json FILE`, one JSON object per line for each event
 * the handshake reports, with the bytes in hex and, for messages and
 * records, every field the dissector names (demo/dissect.h) with its
 * offset. The schema is docs/trace-json.md. Layer: demo. */
#include <stdio.h>
#include <string.h>

#include "demo/dissect.h"
#include "demo/trace.h"
#include "handshake/tracker.h"
#include "record/record.h"

/* A JSON string. Bytes outside printable ASCII are escaped, so the line is
 * valid JSON whatever a peer put in a certificate. */
static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_hex(FILE *out, const uint8_t *p, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
    fputc('"', out);
}

static void json_key_str(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\"%s\":", key);
    json_str(out, value);
}

static void json_fields(FILE *out, const gt_dissection *d)
{
    fprintf(out, ",\"fields\":[");
    for (size_t i = 0; i < d->n; i++) {
        const gt_field *f = &d->fields[i];
        fprintf(out, "%s{\"offset\":%zu,\"length\":%zu,\"depth\":%d", i ? "," : "", f->off, f->len,
                f->depth);
        if (f->inner)
            fprintf(out, ",\"inner\":true");
        json_key_str(out, "name", f->name);
        json_key_str(out, "value", f->value);
        if (f->meaning[0])
            json_key_str(out, "meaning", f->meaning);
        fputc('}', out);
    }
    fputc(']', out);
    if (d->problem[0])
        json_key_str(out, "problem", d->problem);
}

static const char *kind_name(gt_event_kind k)
{
    switch (k) {
    case GT_EV_MESSAGE: return "message";
    case GT_EV_CHECK: return "check";
    case GT_EV_TRACKER: return "tracker";
    case GT_EV_SECRET: return "secret";
    case GT_EV_RECORD: return "record";
    case GT_EV_ALERT: return "alert";
    case GT_EV_APPDATA: return "appdata";
    case GT_EV_ROW_DONE: return "row_done";
    case GT_EV_ERROR: return "error";
    }
    return "unknown";
}

/* Who the bytes went from and to, for events that crossed the wire. */
static void json_direction(FILE *out, const gt_event *ev)
{
    gt_role from = ev->sent ? ev->role : (gt_role)!ev->role;
    fprintf(out, ",\"sent\":%s,\"direction\":\"%s->%s\"", ev->sent ? "true" : "false",
            gt_role_name(from), gt_role_name((gt_role)!from));
}

void gt_trace_json_event(FILE *out, unsigned seq, const gt_event *ev)
{
    fprintf(out, "{\"seq\":%u,\"event\":\"%s\",\"role\":\"%s\",\"step\":%d", seq,
            kind_name(ev->kind), gt_role_name(ev->role), ev->step);
    gt_dissection d;
    gt_dissection_init(&d);
    switch (ev->kind) {
    case GT_EV_MESSAGE:
        json_direction(out, ev);
        json_key_str(out, "content_type", gt_content_type_name(ev->content_type));
        json_key_str(out, "message", ev->name);
        if (ev->content_type == GT_CT_HANDSHAKE)
            fprintf(out, ",\"hs_type\":%u", ev->hs_type);
        fprintf(out, ",\"length\":%zu,\"hex\":", ev->len);
        json_hex(out, ev->data, ev->len);
        if (ev->content_type == GT_CT_HANDSHAKE) {
            gt_dissect_handshake(&d, ev->data, ev->len);
            json_fields(out, &d);
        }
        break;
    case GT_EV_RECORD: {
        json_direction(out, ev);
        json_key_str(out, "content_type", gt_content_type_name(ev->content_type));
        fprintf(out, ",\"length\":%zu,\"hex\":", ev->len);
        json_hex(out, ev->data, ev->len);
        bool protected_ = !(ev->len == ev->plain_len + GT_RECORD_HEADER_LEN && ev->plain &&
                            !memcmp(ev->plain, ev->data + GT_RECORD_HEADER_LEN, ev->plain_len));
        fprintf(out, ",\"protected\":%s", protected_ ? "true" : "false");
        if (protected_ && ev->plain) {
            fprintf(out, ",\"plaintext_hex\":");
            json_hex(out, ev->plain, ev->plain_len);
        }
        gt_dissect_record(&d, ev->data, ev->len, ev->plain, ev->plain_len);
        json_fields(out, &d);
        break;
    }
    case GT_EV_TRACKER:
        json_key_str(out, "variable", gt_tracker_var_name(ev->var));
        json_key_str(out, "value", ev->value);
        break;
    case GT_EV_SECRET:
        /* The value stays out of the trace; --keylog is the way to share it. */
        json_key_str(out, "name", ev->name);
        fprintf(out, ",\"length\":%zu", ev->len);
        break;
    case GT_EV_ALERT:
        json_direction(out, ev);
        fprintf(out, ",\"level\":%u,\"description\":%u", ev->alert_level, ev->alert_desc);
        json_key_str(out, "level_name",
                     ev->alert_level == 1   ? "warning"
                     : ev->alert_level == 2 ? "fatal"
                                            : "unknown");
        json_key_str(out, "name", ev->name);
        break;
    case GT_EV_APPDATA:
        json_direction(out, ev);
        fprintf(out, ",\"length\":%zu,\"hex\":", ev->len);
        json_hex(out, ev->data, ev->len);
        break;
    case GT_EV_ROW_DONE: json_key_str(out, "row", ev->name); break;
    case GT_EV_ERROR: json_key_str(out, "error", gt_err_sentence(ev->err)); break;
    default: break;
    }
    if (ev->summary)
        json_key_str(out, "summary", ev->summary);
    fputs("}\n", out);
    gt_dissection_free(&d);
}
