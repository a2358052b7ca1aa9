/* test/test_trace_json: `--json FILE` (demo/trace_json.c, schema in
 * docs/trace-json.md), written through the trace API the commands use, for
 * a seeded client and server of the demo PKI. Every line must be a JSON
 * object (a small strict parser here checks); the bytes at the offsets the
 * fields name must be what RFC 5246 says is there (record header 6.2.1,
 * handshake header 7.4, ClientHello 7.4.1.2); the tracker changes must
 * follow the lesson's Status Tracker (shared/seed/handshake-lesson.txt),
 * column by column; a failed handshake shows its alert (RFC 5246 7.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "demo/trace.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"
#include "test/helpers/hex.h"
#include "test/helpers/tmpdir.h"

#define SEEDED_TIME 1767225600

/* ---- a small strict JSON reader (RFC 8259), enough for these lines ---- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval {
    jtype t;
    double num;
    bool b;
    char *str;          /* J_STR; also the key when inside an object */
    struct jval *items; /* J_ARR, J_OBJ */
    size_t n;
    char *key;
} jval;

static const char *ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static const char *jparse(const char *p, jval *v);

static const char *jstring(const char *p, char **out)
{
    if (*p != '"')
        return NULL;
    p++;
    size_t cap = strlen(p) + 1, n = 0;
    char *s = malloc(cap);
    while (*p && *p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) {
            free(s);
            return NULL; /* raw control characters are not allowed */
        }
        if (c == '\\') {
            p++;
            if (*p == 'u') {
                unsigned u;
                if (sscanf(p + 1, "%4x", &u) != 1) {
                    free(s);
                    return NULL;
                }
                s[n++] = (char)(u < 0x80 ? u : '?');
                p += 5;
                continue;
            }
            const char *esc = strchr("\"\\/bfnrt", *p);
            if (!esc || !*p) {
                free(s);
                return NULL;
            }
            s[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            p++;
            continue;
        }
        s[n++] = *p++;
    }
    if (*p != '"') {
        free(s);
        return NULL;
    }
    s[n] = 0;
    *out = s;
    return p + 1;
}

static const char *jlist(const char *p, jval *v, char close, bool keys)
{
    p = ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
        jval *it = &v->items[v->n++];
        memset(it, 0, sizeof *it);
        if (keys) {
            if (!(p = jstring(ws(p), &it->key)))
                return NULL;
            p = ws(p);
            if (*p++ != ':')
                return NULL;
        }
        if (!(p = jparse(ws(p), it)))
            return NULL;
        p = ws(p);
        if (*p == ',') {
            p++;
            continue;
        }
        return *p == close ? p + 1 : NULL;
    }
}

static const char *jparse(const char *p, jval *v)
{
    p = ws(p);
    if (*p == '{') {
        v->t = J_OBJ;
        return jlist(p, v, '}', true);
    }
    if (*p == '[') {
        v->t = J_ARR;
        return jlist(p, v, ']', false);
    }
    if (*p == '"') {
        v->t = J_STR;
        return jstring(p, &v->str);
    }
    if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
        v->t = J_BOOL;
        v->b = *p == 't';
        return p + (v->b ? 4 : 5);
    }
    if (!strncmp(p, "null", 4)) {
        v->t = J_NULL;
        return p + 4;
    }
    char *end;
    v->t = J_NUM;
    v->num = strtod(p, &end);
    return end == p ? NULL : end;
}

static void jfree(jval *v)
{
    for (size_t i = 0; i < v->n; i++)
        jfree(&v->items[i]);
    free(v->items);
    free(v->str);
    free(v->key);
}

static const jval *jget(const jval *o, const char *key)
{
    for (size_t i = 0; o && o->t == J_OBJ && i < o->n; i++)
        if (!strcmp(o->items[i].key, key))
            return &o->items[i];
    return NULL;
}

static const char *jstr(const jval *o, const char *key)
{
    const jval *v = jget(o, key);
    return v && v->t == J_STR ? v->str : NULL;
}

static long jnum(const jval *o, const char *key)
{
    const jval *v = jget(o, key);
    assert_non_null(v);
    assert_int_equal(v->t, J_NUM);
    return (long)v->num;
}

/* ---- running a traced session ---- */

typedef struct traced {
    jval lines[400];
    size_t n;
    char dir[64];
} traced;

static int teardown(void **state)
{
    traced *t = *state;
    if (!t)
        return 0;
    for (size_t i = 0; i < t->n; i++)
        jfree(&t->lines[i]);
    gt_tmpdir_remove(t->dir);
    free(t);
    return 0;
}

static int setup(void **state)
{
    traced *t = calloc(1, sizeof *t);
    if (!t || gt_tmpdir_make(t->dir, sizeof t->dir, "json") != 0)
        return -1;
    *state = t;
    return 0;
}

/* Runs the session through the trace API, then parses every line. */
static void run_traced(traced *t, const char *cert, const char *key)
{
    char path[128];
    gt_tmpdir_path(path, sizeof path, t->dir, "trace.json");
    const char *const chain[] = {cert, NULL};
    gt_demo_pair p = {0};
    assert_int_equal(gt_demo_pair_load(&p, chain, key, SEEDED_TIME), 0);
    gt_rng crng, srng;
    gt_rng_init_seeded(&crng, 7);
    gt_rng_init_seeded(&srng, 8);
    p.ccfg.rng = &crng;
    p.scfg.rng = &srng;

    gt_trace tr;
    gt_trace_init(&tr, stdout, true);
    char *argv[] = {"demo", "--json", path};
    int i = 1;
    assert_int_equal(gt_trace_parse_arg(&tr, 3, argv, &i, "test"), 1);
    assert_int_equal(i, 2);
    assert_int_equal(gt_trace_open(&tr, "test", SEEDED_TIME), 0);
    gt_trace_observe(&tr, &p.ccfg, NULL, NULL);
    p.scfg.observer = p.ccfg.observer;
    p.scfg.observer_ctx = p.ccfg.observer_ctx;
    assert_int_equal(gt_demo_pair_start(&p), 0);
    gt_err rc = gt_pair_run(p.client, p.server);
    if (rc == GT_OK) {
        uint8_t buf[64];
        size_t got;
        assert_int_equal(gt_write(p.client, (const uint8_t *)"GET /temperature", 16), GT_OK);
        assert_int_equal(gt_read(p.server, buf, sizeof buf, &got), GT_OK);
    }
    assert_int_equal(gt_trace_commit(&tr, "test", false), 0);
    gt_demo_pair_free(&p);

    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        assert_true(t->n < sizeof t->lines / sizeof t->lines[0]);
        jval *v = &t->lines[t->n++];
        const char *end = jparse(line, v);
        assert_non_null(end);
        assert_string_equal(ws(end), ""); /* one object, then the newline */
        assert_int_equal(v->t, J_OBJ);
        assert_int_equal(jnum(v, "seq"), (long)t->n);
    }
    free(line);
    fclose(f);
}

static uint8_t *unhex_field(const jval *o, const char *key, size_t *n)
{
    const char *h = jstr(o, key);
    assert_non_null(h);
    uint8_t *b = malloc(strlen(h) / 2 + 1);
    *n = gt_test_unhex(h, b);
    assert_int_equal(*n * 2, strlen(h));
    return b;
}

static const jval *field(const jval *ev, const char *name)
{
    const jval *fs = jget(ev, "fields");
    assert_non_null(fs);
    for (size_t i = 0; i < fs->n; i++)
        if (!strcmp(jstr(&fs->items[i], "name"), name))
            return &fs->items[i];
    return NULL;
}

static const jval *find_event(const traced *t, const char *event, const char *role,
                              const char *message)
{
    for (size_t i = 0; i < t->n; i++) {
        const jval *v = &t->lines[i];
        if (!strcmp(jstr(v, "event"), event) && !strcmp(jstr(v, "role"), role) &&
            (!message || (jstr(v, "message") && !strcmp(jstr(v, "message"), message))))
            return v;
    }
    return NULL;
}

/* ---- tests ---- */

static void test_client_hello_fields_at_rfc_offsets(void **state)
{
    traced *t = *state;
    run_traced(t, "test/pki/sensor-hub.pem", "test/pki/sensor-hub.key");
    const jval *ch = find_event(t, "message", "client", "ClientHello");
    assert_non_null(ch);
    assert_string_equal(jstr(ch, "direction"), "client->server");
    assert_int_equal(jnum(ch, "step"), 1);
    size_t n;
    uint8_t *b = unhex_field(ch, "hex", &n);
    assert_int_equal(jnum(ch, "length"), (long)n);
    /* RFC 5246 7.4: msg_type(1) = client_hello(1), length(3) */
    const jval *f = field(ch, "msg_type");
    assert_int_equal(jnum(f, "offset"), 0);
    assert_int_equal(b[0], 1);
    f = field(ch, "length");
    assert_int_equal(jnum(f, "offset"), 1);
    assert_int_equal(jnum(f, "length"), 3);
    assert_int_equal((size_t)(b[1] << 16 | b[2] << 8 | b[3]), n - 4);
    /* RFC 5246 7.4.1.2: client_version {3,3}, then a 32-byte random */
    f = field(ch, "client_version");
    assert_int_equal(jnum(f, "offset"), 4);
    assert_int_equal(b[4], 3);
    assert_int_equal(b[5], 3);
    f = field(ch, "random");
    assert_int_equal(jnum(f, "offset"), 6);
    assert_int_equal(jnum(f, "length"), 32);
    /* every field lies inside the message */
    const jval *fs = jget(ch, "fields");
    for (size_t i = 0; i < fs->n; i++)
        assert_true((size_t)(jnum(&fs->items[i], "offset") + jnum(&fs->items[i], "length")) <= n);
    free(b);

    /* the record around it: RFC 5246 6.2.1 header, handshake(22), {3,3} */
    const jval *rec = find_event(t, "record", "client", NULL);
    assert_non_null(rec);
    b = unhex_field(rec, "hex", &n);
    assert_int_equal(b[0], 22);
    assert_int_equal(jnum(field(rec, "content_type"), "offset"), 0);
    assert_int_equal(jnum(field(rec, "version"), "offset"), 1);
    assert_int_equal(b[1] << 8 | b[2], 0x0303);
    assert_int_equal((size_t)(b[3] << 8 | b[4]), n - 5);
    assert_int_equal(jnum(field(rec, "msg_type"), "offset"), 5);
    free(b);
}

/* A protected record's fields: offsets of explicit nonce, ciphertext and
 * tag count in "hex", the inner ones in "plaintext_hex" (RFC 5288 3). */
static void test_protected_record_offsets(void **state)
{
    traced *t = *state;
    run_traced(t, "test/pki/sensor-hub.pem", "test/pki/sensor-hub.key");
    const jval *app = NULL;
    for (size_t i = 0; i < t->n && !app; i++)
        if (!strcmp(jstr(&t->lines[i], "event"), "record") &&
            !strcmp(jstr(&t->lines[i], "content_type"), "application_data") &&
            jget(&t->lines[i], "sent")->b)
            app = &t->lines[i];
    assert_non_null(app);
    assert_true(jget(app, "protected")->b);
    size_t n, pn;
    uint8_t *wire = unhex_field(app, "hex", &n);
    uint8_t *plain = unhex_field(app, "plaintext_hex", &pn);
    assert_int_equal(pn, 16);
    assert_memory_equal(plain, "GET /temperature", 16);
    assert_int_equal(n, 5 + 8 + 16 + 16);
    assert_int_equal(jnum(field(app, "explicit nonce"), "offset"), 5);
    assert_int_equal(jnum(field(app, "tag"), "offset"), (long)(n - 16));
    const jval *data = field(app, "application data");
    assert_true(jget(data, "inner")->b);
    assert_int_equal(jnum(data, "offset"), 0);
    assert_int_equal(jnum(data, "length"), 16);
    free(wire);
    free(plain);
}

/* The lesson's Status Tracker, copied from the lesson: each variable's
 * values in the columns Start, After Step 2, After Step 3, After Step 4, Final. */
static const char *const lesson[5][6] = {
    {"ClientHello", "Not sent", "Sent", "Sent", "Sent", "Sent"},
    {"ServerHello", "Not sent", "Sent", "Sent", "Sent", "Sent"},
    {"Certificate", "Not received", "Received", "Verified", "Verified", "Verified"},
    {"SessionKey", "Not generated", "Not generated", "Generated & Encrypted", "Encrypted key sent",
     "Shared securely"},
    {"SecureChannel", "No", "No", "No", "No", "Yes"},
};
/* the lesson step each column closes: Start, After Step 2, 3, 4, Final (5) */
static const int column_step[5] = {0, 2, 3, 4, 5};

static void test_tracker_follows_the_lesson(void **state)
{
    traced *t = *state;
    run_traced(t, "test/pki/sensor-hub.pem", "test/pki/sensor-hub.key");
    for (int var = 0; var < 5; var++)
        for (int col = 1; col < 5; col++) {
            const char *value = lesson[var][1 + col];
            if (!strcmp(value, lesson[var][col]))
                continue; /* no change in this column */
            /* the first report of this value comes after the previous
             * column's step and no later than this column's */
            const jval *first = NULL;
            for (size_t i = 0; i < t->n && !first; i++)
                if (!strcmp(jstr(&t->lines[i], "event"), "tracker") &&
                    !strcmp(jstr(&t->lines[i], "variable"), lesson[var][0]) &&
                    !strcmp(jstr(&t->lines[i], "value"), value))
                    first = &t->lines[i];
            if (!first)
                fail_msg("no tracker event %s = %s", lesson[var][0], value);
            long step = jnum(first, "step");
            if (step <= column_step[col - 1] || step > column_step[col])
                fail_msg("%s = %s reported at step %ld", lesson[var][0], value, step);
        }
}

/* An expired certificate: the client stops at step 3 with a fatal
 * certificate_expired alert (RFC 5246 7.2.2: 45), and the trace says so. */
static void test_failed_handshake_alert(void **state)
{
    traced *t = *state;
    run_traced(t, "test/pki/expired.pem", "test/pki/expired.key");
    const jval *alert = find_event(t, "alert", "client", NULL);
    assert_non_null(alert);
    assert_true(jget(alert, "sent")->b);
    assert_int_equal(jnum(alert, "level"), 2);
    assert_int_equal(jnum(alert, "description"), 45);
    assert_string_equal(jstr(alert, "name"), "certificate_expired");
    assert_int_equal(jnum(alert, "step"), 3);
    const jval *err = find_event(t, "error", "client", NULL);
    assert_non_null(err);
    bool rejected = false;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(jstr(&t->lines[i], "event"), "tracker") &&
            !strcmp(jstr(&t->lines[i], "variable"), "Certificate") &&
            !strncmp(jstr(&t->lines[i], "value"), "Rejected", 8))
            rejected = true;
        else if (!strcmp(jstr(&t->lines[i], "event"), "tracker") &&
                 !strcmp(jstr(&t->lines[i], "variable"), "SessionKey"))
            fail_msg("SessionKey changed after a rejected certificate");
    assert_true(rejected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_client_hello_fields_at_rfc_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protected_record_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tracker_follows_the_lesson, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_handshake_alert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
