/* demo/scenario: the demo's good and broken runs (see scenario.h). The
 * attacks are made on the in-memory wire by the pipe's tap, never inside the
 * handshake code: the client and server run exactly as they would against a
 * real peer, and what stops them is their own checks (RFC 5246 7.2.2 alerts,
 * 7.4.7.1 for the premaster, RFC 5288 / 5246 6.2.3.3 for the records). */
#include "demo/scenario.h"

#include <string.h>

#include "bytes/bytes.h"
#include "demo/common.h"
#include "demo/table.h"
#include "demo/trace.h"
#include "handshake/pair.h"
#include "record/record.h"
#include "record/transport.h"

const gt_scenario gt_scenarios[] = {
    {"good", "sensor-hub.pem", "sensor-hub.key", "root.pem", GT_ATTACK_NONE,
     "the server's certificate is valid: the handshake completes",
     "Every check passed before anything secret moved: the client knew whom it was talking to "
     "before it made and sent the session key. That order, check first and share the key "
     "second, is the first Key Moment of the lesson."},
    {"expired-cert", "expired.pem", "expired.key", "root.pem", GT_ATTACK_NONE,
     "the server's certificate expired in 2021: stops at step 3",
     "A certificate vouches for a key only until its end date; after that nobody stands behind "
     "it (the key may have leaked long ago). The client refuses at step 3, as the second Key "
     "Moment says it must: no session key is made, and nothing secret leaves the client."},
    {"wrong-host", "wrong-host.pem", "wrong-host.key", "root.pem", GT_ATTACK_NONE,
     "a valid certificate, but for other-host.local: stops at step 3",
     "The certificate is real and signed by a trusted root, but it names other-host.local. If "
     "any valid certificate were enough, whoever owns one for their own name could pose as "
     "sensor-hub.local. The name check is part of verifying the server, so the client stops "
     "before any session key exists."},
    {"untrusted-ca", "sensor-hub.pem", "sensor-hub.key", "factory/factory-root.pem", GT_ATTACK_NONE,
     "the client trusts only another vendor's root: stops at step 3",
     "The server is the real one, but its certificate leads to a root this client was never "
     "given. From where the client stands, a real server and a fake one look the same here, so "
     "it refuses at step 3: trust is what the client was configured with, not what a server "
     "claims. SessionKey stays at Not generated."},
    {"forged-signature", "sensor-hub.pem", "sensor-hub.key", "root.pem", GT_ATTACK_FORGE_SIGNATURE,
     "the certificate's signature is altered: stops at step 3",
     "The issuer's signature is what lets the client believe the name and the key inside the "
     "certificate. One changed byte and the signature no longer matches, so the certificate "
     "proves nothing and the client stops at step 3, before it generates a session key."},
    {"mitm", "mitm.pem", "mitm.key", "root.pem", GT_ATTACK_NONE,
     "an attacker answers with its own certificate for the same name",
     "The attacker answers in the server's place with a certificate it made for the same name. "
     "Had the client accepted it, it would have encrypted the session key for the attacker's "
     "key, which is exactly what the first Key Moment warns about. The certificate does not "
     "lead to a root the client trusts, so the handshake stops at step 3 and the attacker "
     "learns nothing."},
    {"tampered-key", "sensor-hub.pem", "sensor-hub.key", "root.pem", GT_ATTACK_FLIP_PREMASTER,
     "the encrypted session key is altered: stops at step 5",
     "The server cannot tell that the encrypted key was changed, and it must not say so if it "
     "could: it carries on with a random premaster instead (RFC 5246 7.4.7.1), so the attacker "
     "learns nothing from its answer. The damage shows at step 5: the two sides hold different "
     "keys, the client's Finished does not open, and the server ends the handshake. Encryption "
     "keeps the session key secret (the third Key Moment); Finished proves it arrived intact."},
    {"tampered-record", "sensor-hub.pem", "sensor-hub.key", "root.pem", GT_ATTACK_FLIP_APPLICATION,
     "a bit of encrypted application data flipped: bad_record_mac",
     "The handshake completed, then one bit of an encrypted record was flipped on the wire. "
     "AES-GCM's tag covers every byte, so the server notices at once and closes the connection "
     "instead of handing altered data to the application. The secure channel of step 5 is not "
     "only secret but also tamper-evident."},
    {"eavesdropper", "sensor-hub.pem", "sensor-hub.key", "root.pem", GT_ATTACK_LISTEN,
     "a passive observer copies every byte: what can it read?",
     "The observer has every byte, yet the session key crossed the wire only encrypted with "
     "the server's RSA key (the third Key Moment), so it can read neither the key nor the data. "
     "What it does learn is what TLS 1.2 sends in clear: both randoms, the server name "
     "sensor-hub.local and the whole certificate."},
};
const size_t gt_scenario_count = sizeof gt_scenarios / sizeof gt_scenarios[0];

const gt_scenario *gt_scenario_find(const char *name)
{
    for (size_t i = 0; name && i < gt_scenario_count; i++)
        if (!strcmp(gt_scenarios[i].name, name))
            return &gt_scenarios[i];
    return NULL;
}

/* ---- the attacker on the wire ---- */

typedef struct attacker {
    gt_attack attack;
    bool done;
    gt_capture *cap;
    char *note; /* what was done, in words (the watch's attack[]) */
    size_t note_cap;
} attacker;

/* Changes byte at of the record p and says so. */
static void alter(attacker *a, uint8_t *p, size_t at, uint8_t mask, const char *what)
{
    uint8_t before = p[at];
    p[at] ^= mask;
    snprintf(a->note, a->note_cap,
             "the attacker changed the byte at offset %zu of the %s record, %02x -> %02x (%s)", at,
             what, before, p[at],
             a->attack == GT_ATTACK_FORGE_SIGNATURE ? "the last byte of the certificate's signature"
             : a->attack == GT_ATTACK_FLIP_PREMASTER ? "inside the encrypted premaster"
                                                     : "the first byte of the ciphertext");
    a->done = true;
}

/* One chunk the pipe carries is one record (the record layer sends each
 * whole). Reads its header: type and the payload after the 5 bytes. */
static bool record_header(gt_reader *rd, uint8_t *type)
{
    uint16_t version, len;
    return gt_read_u8(rd, type) && gt_read_u16(rd, &version) && gt_read_u16(rd, &len) &&
           len == gt_reader_left(rd);
}

/* The Certificate message (RFC 5246 7.4.2): the leaf is the first entry of
 * the list; a certificate's DER ends with its signature (RFC 5280 4.1), so
 * its last byte is a byte of the signature value. */
static void forge_signature(attacker *a, uint8_t *p, size_t n)
{
    gt_reader rd, list, leaf;
    uint8_t type, hs;
    uint32_t hs_len;
    gt_reader_init(&rd, p, n);
    if (!record_header(&rd, &type) || type != GT_CT_HANDSHAKE || !gt_read_u8(&rd, &hs) ||
        hs != GT_HS_CERTIFICATE || !gt_read_u24(&rd, &hs_len) || !gt_read_vec24(&rd, &list) ||
        !gt_read_vec24(&list, &leaf) || gt_reader_left(&leaf) == 0)
        return;
    alter(a, p, gt_reader_pos(&leaf) + gt_reader_left(&leaf) - 1, 0x01, "Certificate");
}

/* ClientKeyExchange (RFC 5246 7.4.7.1): a 2-byte length, then the RSA
 * ciphertext of the premaster. One bit in its middle is flipped. */
static void flip_premaster(attacker *a, uint8_t *p, size_t n)
{
    gt_reader rd, enc;
    uint8_t type, hs;
    uint32_t hs_len;
    gt_reader_init(&rd, p, n);
    if (!record_header(&rd, &type) || type != GT_CT_HANDSHAKE || !gt_read_u8(&rd, &hs) ||
        hs != GT_HS_CLIENT_KEY_EXCHANGE || !gt_read_u24(&rd, &hs_len) ||
        !gt_read_vec16(&rd, &enc) || gt_reader_left(&enc) == 0)
        return;
    alter(a, p, gt_reader_pos(&enc) + gt_reader_left(&enc) / 2, 0x10, "ClientKeyExchange");
}

/* An application_data record: 8-byte explicit nonce, ciphertext, 16-byte tag
 * (RFC 5288 3). The first bit of the ciphertext is flipped. */
static void flip_application(attacker *a, uint8_t *p, size_t n)
{
    gt_reader rd;
    uint8_t type;
    gt_reader_init(&rd, p, n);
    if (!record_header(&rd, &type) || type != GT_CT_APPLICATION_DATA || gt_reader_left(&rd) <= 24)
        return;
    alter(a, p, gt_reader_pos(&rd) + 8, 0x80, "first application_data");
}

static void tap(void *ctx, int from_client, uint8_t *p, size_t n)
{
    attacker *a = ctx;
    if (!a->done) {
        if (a->attack == GT_ATTACK_FORGE_SIGNATURE && !from_client)
            forge_signature(a, p, n);
        else if (a->attack == GT_ATTACK_FLIP_PREMASTER && from_client)
            flip_premaster(a, p, n);
        else if (a->attack == GT_ATTACK_FLIP_APPLICATION && from_client)
            flip_application(a, p, n);
    }
    if (a->cap) {
        int d = from_client ? 1 : 0;
        size_t room = GT_CAPTURE_MAX - a->cap->len[d], k = n < room ? n : room;
        memcpy(a->cap->wire[d] + a->cap->len[d], p, k);
        a->cap->len[d] += k;
    }
}

/* ---- the run ---- */

/* One message each way over the secure channel; after a failure the other
 * side reads once more, so that it sees the alert. */
static int exchange_data(gt_conn *client, gt_conn *server, FILE *out)
{
    static const char ask[] = "GET /temperature";
    static const char answer[] = "temperature=21.5C humidity=40%";
    uint8_t buf[256];
    size_t got;
    if (out)
        fprintf(out, "\n  Application data over the secure channel:\n");
    if (gt_write(client, (const uint8_t *)ask, strlen(ask)) != GT_OK)
        return -1;
    if (gt_read(server, buf, sizeof buf, &got) != GT_OK) {
        gt_read(client, buf, sizeof buf, &got);
        return -1;
    }
    if (out)
        fprintf(out, "  server reads: \"%.*s\"\n", (int)got, buf);
    if (gt_write(server, (const uint8_t *)answer, strlen(answer)) != GT_OK ||
        gt_read(client, buf, sizeof buf, &got) != GT_OK)
        return -1;
    if (out)
        fprintf(out, "  client reads: \"%.*s\"\n", (int)got, buf);
    return 0;
}

static void print_header(FILE *f, const gt_scenario *sc, const gt_demo_opts *o, int width)
{
    char line[600];
    fprintf(f, "glasstls demo: the lesson's TLS handshake, for real\n");
    gt_wrap(f, "",
            "TLS 1.2, cipher suite TLS_RSA_WITH_AES_128_GCM_SHA256 (RSA key transport, as in "
            "the lesson). Client and server run in this process, joined by an in-memory pipe.",
            width);
    snprintf(line, sizeof line, "Scenario %s: %s.", sc->name, sc->about);
    gt_wrap(f, "", line, width);
    if (o->seeded) {
        snprintf(line, sizeof line,
                 "NOT SECURE: random numbers come from seed %llu, so this run repeats byte for "
                 "byte.",
                 (unsigned long long)o->seed);
        gt_wrap(f, "", line, width);
    }
}

int gt_scenario_run(const gt_scenario *sc, const gt_demo_opts *o, gt_watch *w, gt_capture *cap)
{
    gt_material srv = {0}, cli = {0};
    if (gt_load_server_identity(&srv, gt_pki_path(sc->cert), gt_pki_path(sc->key)) ||
        gt_load_trust(&cli, gt_pki_path(sc->trust))) {
        gt_material_free(&srv);
        gt_material_free(&cli);
        return 2;
    }
    gt_rng client_rng, server_rng;
    gt_rng_init_seeded(&client_rng, o->seed);
    gt_rng_init_seeded(&server_rng, o->seed + 1);
    gt_config ccfg = {
        .server_name = GT_DEMO_SERVER_NAME, .trust = &cli.trust, .now = (int64_t)o->when};
    gt_config scfg = {
        .chain = srv.chain, .chain_len = srv.chain_len, .key = &srv.key, .now = (int64_t)o->when};
    ccfg.observer = scfg.observer = gt_watch_event;
    ccfg.observer_ctx = scfg.observer_ctx = w;
    if (o->trace) { /* the views first, then the trace writers */
        gt_trace_observe(o->trace, &ccfg, gt_watch_event, w);
        scfg.observer = ccfg.observer;
        scfg.observer_ctx = ccfg.observer_ctx;
    }
    if (o->seeded) {
        ccfg.rng = &client_rng;
        scfg.rng = &server_rng;
    }
    attacker a = {
        .attack = sc->attack, .cap = cap, .note = w->attack, .note_cap = sizeof w->attack};
    gt_pipe *pipe = gt_pipe_new();
    if (pipe)
        gt_pipe_set_tap(pipe, tap, &a);
    gt_conn *client = NULL, *server = NULL;
    if (pipe) { /* the client's end first: see gt_trace_transport */
        gt_transport cio = gt_pipe_client(pipe), sio = gt_pipe_server(pipe);
        if (o->trace) {
            cio = gt_trace_transport(o->trace, GT_CLIENT, cio);
            sio = gt_trace_transport(o->trace, GT_SERVER, sio);
        }
        client = gt_conn_new(GT_CLIENT, &ccfg, cio);
        server = gt_conn_new(GT_SERVER, &scfg, sio);
    }
    int status = 2;
    if (client && server) {
        if (o->header)
            print_header(o->header, sc, o, w->render.width);
        gt_err rc = gt_pair_run(client, server);
        FILE *narration = w->view == GT_VIEW_ALL ? w->out : NULL;
        if (rc == GT_OK && exchange_data(client, server, narration) != 0)
            rc = GT_ERR_INTERNAL;
        status = rc == GT_OK ? 0 : 1;
    } else {
        fprintf(stderr, "glasstls demo: out of memory\n");
    }
    if (o->trace && gt_trace_commit(o->trace, "demo", false) != 0)
        status = 2;
    gt_conn_free(client);
    gt_conn_free(server);
    gt_pipe_free(pipe);
    gt_material_free(&srv);
    gt_material_free(&cli);
    return status;
}

/* ---- what a scenario shows at the end ---- */

void gt_scenario_outcome(const gt_scenario *sc, gt_watch *w)
{
    const gt_story *s = &w->story;
    FILE *o = w->out;
    char line[900];
    fprintf(o, "\n");
    snprintf(line, sizeof line, "Scenario %s: what happened", sc->name);
    gt_render_heading(&w->render, line);
    if (!s->stopped)
        snprintf(line, sizeof line,
                 "Stopped at: nowhere; the handshake completed and data went both ways");
    else
        snprintf(line, sizeof line, "Stopped at: step %d (%s), by the %s%s", s->stopped_step,
                 gt_render_step_action(s->stopped_step), gt_role_name(s->stopped_side),
                 s->after_handshake ? ", on application data after the handshake" : "");
    gt_wrap(o, "", line, w->render.width);
    if (s->alert)
        snprintf(line, sizeof line, "Alert sent: %s (%u), fatal, by the %s",
                 gt_alert_name(s->alert_desc), s->alert_desc, gt_role_name(s->alert_side));
    else
        snprintf(line, sizeof line, "Alert sent: none");
    gt_wrap(o, "", line, w->render.width);
    if (w->attack[0]) {
        snprintf(line, sizeof line, "On the wire: %s", w->attack);
        gt_wrap(o, "", line, w->render.width);
    }
    snprintf(line, sizeof line, "SessionKey: %s; SecureChannel: %s",
             w->render.value[GT_VAR_SESSION_KEY], w->render.value[GT_VAR_SECURE_CHANNEL]);
    gt_wrap(o, "", line, w->render.width);
    snprintf(line, sizeof line, "Why this matters: %s", sc->why);
    gt_wrap(o, "", line, w->render.width);
}

/* Counts the places where needle occurs in the captured bytes. */
static size_t count_in(const gt_capture *cap, const uint8_t *needle, size_t n)
{
    size_t hits = 0;
    for (int d = 0; d < 2; d++)
        for (size_t i = 0; n && i + n <= cap->len[d]; i++)
            hits += memcmp(cap->wire[d] + i, needle, n) == 0;
    return hits;
}

/* The payload of the first record of the given type and (for handshake
 * records) message type in one direction of the capture. */
static bool find_record(const gt_capture *cap, int dir, uint8_t want, int hs, const uint8_t **p,
                        size_t *n)
{
    gt_reader rd;
    gt_reader_init(&rd, cap->wire[dir], cap->len[dir]);
    for (;;) {
        uint8_t type;
        uint16_t version;
        gt_reader body;
        const uint8_t *payload;
        if (!gt_read_u8(&rd, &type) || !gt_read_u16(&rd, &version) || !gt_read_vec16(&rd, &body))
            return false;
        size_t len = gt_reader_left(&body);
        if (!gt_read_bytes(&body, len, &payload))
            return false;
        if (type == want && (hs < 0 || (len > 0 && payload[0] == hs))) {
            *p = payload;
            *n = len;
            return true;
        }
    }
}

void gt_scenario_eavesdropper(gt_watch *w, const gt_capture *cap)
{
    const gt_story *s = &w->story;
    char wire[6][300], ends[6][300], hex[200];
    const uint8_t *p;
    size_t n;
    const char *cells[7 * 3] = {"Message", "On the wire (the eavesdropper)",
                                "At the endpoints (client and server)"};
    static const char *const what[6] = {"ClientHello",       "ServerHello", "Certificate",
                                        "ClientKeyExchange", "Finished",    "Application data"};
    for (int i = 0; i < 6; i++)
        snprintf(wire[i], sizeof wire[i], "not seen"), ends[i][0] = 0;
    if (find_record(cap, 1, GT_CT_HANDSHAKE, GT_HS_CLIENT_HELLO, &p, &n) && n >= 38)
        snprintf(wire[0], sizeof wire[0], "in clear: client random %s, server name %s",
                 gt_hex_line(hex, sizeof hex, p + 6, 32, 4), GT_DEMO_SERVER_NAME);
    snprintf(ends[0], sizeof ends[0], "the same");
    if (find_record(cap, 0, GT_CT_HANDSHAKE, GT_HS_SERVER_HELLO, &p, &n) && n >= 38)
        snprintf(wire[1], sizeof wire[1], "in clear: server random %s, the chosen suite",
                 gt_hex_line(hex, sizeof hex, p + 6, 32, 4));
    snprintf(ends[1], sizeof ends[1], "the same");
    if (find_record(cap, 0, GT_CT_HANDSHAKE, GT_HS_CERTIFICATE, &p, &n))
        snprintf(wire[2], sizeof wire[2], "in clear: all %zu bytes, subject and public key", n);
    snprintf(ends[2], sizeof ends[2], "the same; the client also checks it");
    if (find_record(cap, 1, GT_CT_HANDSHAKE, GT_HS_CLIENT_KEY_EXCHANGE, &p, &n) && n > 6)
        snprintf(wire[3], sizeof wire[3], "%zu bytes of RSA ciphertext: %s", n - 6,
                 gt_hex_line(hex, sizeof hex, p + 6, n - 6, 4));
    if (s->have_premaster)
        snprintf(ends[3], sizeof ends[3], "the 48-byte premaster secret: %s",
                 gt_hex_line(hex, sizeof hex, s->premaster, 48, 4));
    /* after ChangeCipherSpec, the Finished message travels as an encrypted
     * handshake record: the eavesdropper sees its length only */
    snprintf(wire[4], sizeof wire[4], "encrypted records: only their length shows");
    snprintf(ends[4], sizeof ends[4], "verify_data, checked by each side");
    if (s->app_wire_len)
        snprintf(wire[5], sizeof wire[5], "%zu bytes: %s", s->app_wire_len,
                 gt_hex_line(hex, sizeof hex, s->app_wire, s->app_wire_len, 8));
    snprintf(ends[5], sizeof ends[5], "\"%.*s\"", (int)s->app_plain_len,
             (const char *)s->app_plain);
    for (int i = 0; i < 6; i++) {
        cells[(i + 1) * 3] = what[i];
        cells[(i + 1) * 3 + 1] = wire[i];
        cells[(i + 1) * 3 + 2] = ends[i];
    }
    FILE *o = w->out;
    fprintf(o, "\n");
    gt_render_heading(&w->render, "What the eavesdropper sees, beside what the endpoints see");
    gt_table t;
    gt_table_fit(&t, o, 3, cells, 7, w->render.width);
    gt_table_print(&t, cells, 7);
    /* The proof: search the captured bytes for what should and should not be there. */
    const char *name = GT_DEMO_SERVER_NAME;
    fprintf(o, "Searching all %zu captured bytes:\n", cap->len[0] + cap->len[1]);
    fprintf(o, "  \"%s\" (the server name): found %zu times\n", name,
            count_in(cap, (const uint8_t *)name, strlen(name)));
    fprintf(o, "  \"%.*s\" (the request): found %zu times\n", (int)s->app_plain_len,
            (const char *)s->app_plain, count_in(cap, s->app_plain, s->app_plain_len));
    fprintf(o, "  the premaster secret: found %zu times\n",
            s->have_premaster ? count_in(cap, s->premaster, sizeof s->premaster) : 0);
}
