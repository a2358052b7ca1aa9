/* test/helpers/transcript: reads a recorded OpenSSL session fixture (the text
 * formats are described in test/fixtures/openssl-session/README.md). Every
 * file is read whole and parsed line by line; any malformed line fails the
 * load with a sentence, because a test built on a half-read fixture would
 * prove nothing. */
#include "test/helpers/transcript.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct gt_fixture_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* The whole file, NUL-terminated, in a malloc'd buffer; NULL if unreadable. */
static char *read_text(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL)
            free(buf);
        buf = bigger; /* NULL ends the loop */
        cap *= 2;
    }
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes n hex digits (n even) into out. 0, or -1 on a non-hex digit. */
static int hex_decode(const char *hex, size_t n, uint8_t *out)
{
    if (n % 2 != 0)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* Cuts text into lines in place; returns the next line or NULL at the end.
 * Comment lines (#) and blank lines are skipped. */
static char *next_line(char **cursor)
{
    while (*cursor != NULL && **cursor != '\0') {
        char *line = *cursor;
        char *nl = strchr(line, '\n');
        if (nl != NULL) {
            *nl = '\0';
            *cursor = nl + 1;
        } else {
            *cursor = line + strlen(line);
        }
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] != '\0' && line[0] != '#')
            return line;
    }
    return NULL;
}

static enum gt_fixture_kind kind_of(const char *name)
{
    if (strcmp(name, "ChangeCipherSpec") == 0)
        return GT_FIXTURE_CHANGE_CIPHER_SPEC;
    if (strcmp(name, "Alert") == 0)
        return GT_FIXTURE_ALERT;
    if (strcmp(name, "ApplicationData") == 0)
        return GT_FIXTURE_APPLICATION_DATA;
    return GT_FIXTURE_HANDSHAKE;
}

/* messages.txt: "client|server Name hex" per line. */
static int load_messages(struct gt_fixture_session *s, char *text)
{
    char *cursor = text, *line;
    int lineno = 0;
    while ((line = next_line(&cursor)) != NULL) {
        lineno++;
        char *sender = strtok(line, " "), *name = strtok(NULL, " "), *hex = strtok(NULL, " ");
        if (sender == NULL || name == NULL || hex == NULL || strtok(NULL, " ") != NULL)
            return fail(s, "messages.txt entry %d: expected \"sender name hex\"", lineno);
        if (s->n_msgs == GT_FIXTURE_MAX_MESSAGES)
            return fail(s, "messages.txt: more than %d messages", GT_FIXTURE_MAX_MESSAGES);
        struct gt_fixture_message *m = &s->msgs[s->n_msgs];
        if (strcmp(sender, "client") != 0 && strcmp(sender, "server") != 0)
            return fail(s, "messages.txt entry %d: sender \"%s\"", lineno, sender);
        if (strlen(name) >= sizeof m->name)
            return fail(s, "messages.txt entry %d: name too long", lineno);
        size_t hex_len = strlen(hex);
        m->bytes = malloc(hex_len / 2 + 1);
        if (m->bytes == NULL)
            return fail(s, "out of memory");
        s->n_msgs++; /* counted now, so that free() finds the buffer */
        if (hex_decode(hex, hex_len, m->bytes) != 0)
            return fail(s, "messages.txt entry %d (%s): bad hex", lineno, name);
        m->len = hex_len / 2;
        m->from_client = sender[0] == 'c';
        strcpy(m->name, name);
        m->kind = kind_of(name);
        if (m->kind == GT_FIXTURE_HANDSHAKE &&
            (m->len < 4 ||
             m->len != 4 + ((size_t)m->bytes[1] << 16 | m->bytes[2] << 8 | m->bytes[3])))
            return fail(s, "messages.txt entry %d (%s): length in header is wrong", lineno, name);
    }
    return 0;
}

/* keylog.txt: NSS key log format; "CLIENT_RANDOM <32 bytes> <48 bytes>" and
 * OpenSSL's "RSA <first 8 bytes of the encrypted premaster> <premaster>". */
static int load_keylog(struct gt_fixture_session *s, char *text)
{
    char *cursor = text, *line;
    bool have_master = false;
    while ((line = next_line(&cursor)) != NULL) {
        char *label = strtok(line, " "), *a = strtok(NULL, " "), *b = strtok(NULL, " ");
        if (label == NULL || a == NULL || b == NULL)
            continue;
        if (strcmp(label, "CLIENT_RANDOM") == 0) {
            if (strlen(a) != 64 || strlen(b) != 96 || hex_decode(a, 64, s->client_random) != 0 ||
                hex_decode(b, 96, s->master_secret) != 0)
                return fail(s, "keylog.txt: malformed CLIENT_RANDOM line");
            have_master = true;
        } else if (strcmp(label, "RSA") == 0) {
            if (strlen(b) != 96 || hex_decode(b, 96, s->premaster_secret) != 0)
                return fail(s, "keylog.txt: malformed RSA line");
            s->has_premaster = true;
        }
    }
    return have_master ? 0 : fail(s, "keylog.txt: no CLIENT_RANDOM line");
}

/* session.txt: "key value" lines; we need extended_master_secret. */
static int load_session(struct gt_fixture_session *s, char *text)
{
    char *cursor = text, *line;
    while ((line = next_line(&cursor)) != NULL) {
        if (strncmp(line, "extended_master_secret ", 23) == 0) {
            const char *v = line + 23;
            if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
                return fail(s, "session.txt: extended_master_secret is \"%s\"", v);
            s->extended_master_secret = strcmp(v, "yes") == 0;
            return 0;
        }
    }
    return fail(s, "session.txt: no extended_master_secret line");
}

/* A raw stream: hex on every non-comment line, whitespace ignored. */
static int load_stream(struct gt_fixture_session *s, char *text, const char *name, uint8_t **out,
                       size_t *out_len)
{
    size_t len = 0;
    for (char *r = text; *r != '\0'; r++) { /* squeeze: drop comments and spaces */
        if (*r == '#') {
            while (*r != '\0' && *r != '\n')
                r++;
            if (*r == '\0')
                break;
        } else if (!isspace((unsigned char)*r)) {
            text[len++] = *r;
        }
    }
    *out = malloc(len / 2 + 1);
    if (*out == NULL)
        return fail(s, "out of memory");
    if (hex_decode(text, len, *out) != 0)
        return fail(s, "%s: bad hex", name);
    *out_len = len / 2;
    return 0;
}

int gt_transcript_fixture_load(const char *dir, struct gt_fixture_session *s)
{
    static const char *const required[] = {"messages.txt", "keylog.txt", "session.txt"};
    char *text[3] = {NULL, NULL, NULL};
    int rc = 0;
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 3 && rc == 0; i++) {
        text[i] = read_text(dir, required[i]);
        if (text[i] == NULL)
            rc =
                fail(s, "cannot read %s/%s (tests run from the repository root)", dir, required[i]);
    }
    if (rc == 0)
        rc = load_messages(s, text[0]);
    if (rc == 0)
        rc = load_keylog(s, text[1]);
    if (rc == 0)
        rc = load_session(s, text[2]);
    for (int i = 0; i < 3; i++)
        free(text[i]);

    const struct gt_fixture_message *sh = gt_fixture_find(s, false, "ServerHello");
    if (rc == 0 && (sh == NULL || sh->len < 38))
        rc = fail(s, "%s: no ServerHello to take the server random from", dir);
    if (rc == 0)
        memcpy(s->server_random, sh->bytes + 6, 32);

    static const char *const streams[] = {"client_to_server.hex", "server_to_client.hex"};
    uint8_t **bufs[] = {&s->client_to_server, &s->server_to_client};
    size_t *lens[] = {&s->client_to_server_len, &s->server_to_client_len};
    for (int i = 0; i < 2 && rc == 0; i++) {
        char *t = read_text(dir, streams[i]);
        if (t != NULL) /* optional */
            rc = load_stream(s, t, streams[i], bufs[i], lens[i]);
        free(t);
    }
    if (rc != 0) {
        char why[sizeof s->error];
        memcpy(why, s->error, sizeof why);
        gt_fixture_session_free(s);
        memcpy(s->error, why, sizeof why);
    }
    return rc;
}

void gt_fixture_session_free(struct gt_fixture_session *s)
{
    for (size_t i = 0; i < s->n_msgs; i++)
        free(s->msgs[i].bytes);
    free(s->client_to_server);
    free(s->server_to_client);
    memset(s, 0, sizeof *s);
}

const struct gt_fixture_message *gt_fixture_find(const struct gt_fixture_session *s,
                                                 bool from_client, const char *name)
{
    for (size_t i = 0; i < s->n_msgs; i++)
        if (s->msgs[i].from_client == from_client && strcmp(s->msgs[i].name, name) == 0)
            return &s->msgs[i];
    return NULL;
}

size_t gt_fixture_handshake_bytes(const struct gt_fixture_session *s,
                                  const struct gt_fixture_message *stop, uint8_t **out)
{
    size_t total = 0;
    size_t end = stop != NULL ? (size_t)(stop - s->msgs) : s->n_msgs;
    *out = NULL;
    if (end > s->n_msgs)
        return 0;
    for (size_t i = 0; i < end; i++)
        if (s->msgs[i].kind == GT_FIXTURE_HANDSHAKE)
            total += s->msgs[i].len;
    uint8_t *buf = malloc(total > 0 ? total : 1);
    if (buf == NULL || total == 0) {
        free(buf);
        return 0;
    }
    size_t at = 0;
    for (size_t i = 0; i < end; i++) {
        if (s->msgs[i].kind == GT_FIXTURE_HANDSHAKE) {
            memcpy(buf + at, s->msgs[i].bytes, s->msgs[i].len);
            at += s->msgs[i].len;
        }
    }
    *out = buf;
    return total;
}
