/* fuzz/seeds: writes the seed corpora of the fuzz targets (fuzz/corpus/NAME/)
 * from real sessions: the demo's own bytes (`glasstls demo --seed 1`, which
 * the targets replay with the same seeds) and the two sessions recorded
 * between openssl s_client and s_server (test/fixtures/openssl-session/).
 * Built with the ordinary compiler; `make fuzz-seeds` runs it. Seeds are
 * whole byte streams for the record, client and server targets, and single
 * message bodies (RFC 5246 7.4) for the message targets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/harness.h"
#include "test/helpers/transcript.h"

static const char *out_dir = "fuzz/corpus";
static int failures;

static void write_seed(const char *target, const char *name, const uint8_t *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", out_dir, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        failures++;
        return;
    }
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        failures++;
    }
}

/* The message target fed with a handshake message's body, by HandshakeType.
 * Finished goes to the client's target only (it checks the server's). */
static const char *message_target(uint8_t hs_type, bool from_client)
{
    switch (hs_type) {
    case GT_HS_CLIENT_HELLO: return "client_hello";
    case GT_HS_SERVER_HELLO: return "server_hello";
    case GT_HS_CERTIFICATE: return "certificate";
    case GT_HS_SERVER_HELLO_DONE: return "server_hello_done";
    case GT_HS_CLIENT_KEY_EXCHANGE: return "client_key_exchange";
    case GT_HS_FINISHED: return from_client ? NULL : "finished";
    default: return NULL;
    }
}

static void message_seed(const char *origin, const uint8_t *msg, size_t len, bool from_client)
{
    const char *target = len >= 4 ? message_target(msg[0], from_client) : NULL;
    if (!target)
        return;
    char name[128];
    snprintf(name, sizeof name, "%s-%s", origin, target);
    write_seed(target, name, msg + 4, len - 4);
}

static void demo_seeds(void)
{
    const fuzz_session *s = fuzz_demo_session();
    for (int side = GT_CLIENT; side <= GT_SERVER; side++) {
        fuzz_peer stream;
        fuzz_peer_init(&stream);
        for (size_t i = 0; i < s->n_records[side]; i++)
            fuzz_peer_append(&stream, s->records[side][i].p, s->records[side][i].len);
        /* the client target reads what the server sent, and the other way round */
        write_seed(side == GT_SERVER ? "client" : "server", "demo-seed1", stream.buf, stream.len);
        fuzz_peer_free(&stream);
        for (size_t i = 0; i < s->n_messages[side]; i++)
            message_seed("demo-seed1", s->messages[side][i].p, s->messages[side][i].len,
                         side == GT_CLIENT);
    }
}

static void fixture_seeds(const char *dir, const char *origin)
{
    struct gt_fixture_session fx;
    if (gt_transcript_fixture_load(dir, &fx) != 0) {
        fprintf(stderr, "fuzz-seeds: %s: %s\n", dir, fx.error);
        failures++;
        return;
    }
    char name[128];
    write_seed("client", origin, fx.server_to_client, fx.server_to_client_len);
    write_seed("server", origin, fx.client_to_server, fx.client_to_server_len);
    snprintf(name, sizeof name, "%s-from-client", origin);
    write_seed("record", name, fx.client_to_server, fx.client_to_server_len);
    snprintf(name, sizeof name, "%s-from-server", origin);
    write_seed("record", name, fx.server_to_client, fx.server_to_client_len);
    for (size_t i = 0; i < fx.n_msgs; i++)
        if (fx.msgs[i].kind == GT_FIXTURE_HANDSHAKE)
            message_seed(origin, fx.msgs[i].bytes, fx.msgs[i].len, fx.msgs[i].from_client);
    gt_fixture_session_free(&fx);
}

/* ---- a record stream made by hand, for the record target ---- */

/* One stream with what RFC 5246 6.2.1 allows a peer to do: a handshake
 * message split over two records, two messages in one record, a warning
 * alert between them, ChangeCipherSpec, then records sealed with the record
 * target's fixed key (Finished, application data, close_notify). */
static void record_seeds(void)
{
    static gt_record_layer w;
    const fuzz_session *s = fuzz_demo_session();
    const fuzz_bytes *ch = &s->messages[GT_CLIENT][0];
    static const uint8_t two[] = {GT_HS_SERVER_HELLO_DONE, 0, 0, 0,
                                  GT_HS_SERVER_HELLO_DONE, 0, 0, 0};
    static const uint8_t warning[] = {1, 112}; /* unrecognized_name, a warning */
    static const uint8_t ccs[] = {1};
    static const uint8_t finished[] = {
        GT_HS_FINISHED, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t data[] = "temperature=21.5C";
    static const uint8_t close_notify[] = {1, 0};
    fuzz_peer stream;
    gt_error e = {0};
    fuzz_peer_init(&stream);
    fuzz_peer_append_record(&stream, GT_CT_HANDSHAKE, ch->p, ch->len / 2);
    fuzz_peer_append_record(&stream, GT_CT_ALERT, warning, sizeof warning);
    fuzz_peer_append_record(&stream, GT_CT_HANDSHAKE, ch->p + ch->len / 2, ch->len - ch->len / 2);
    fuzz_peer_append_record(&stream, GT_CT_HANDSHAKE, two, sizeof two);
    fuzz_peer_append_record(&stream, GT_CT_CHANGE_CIPHER_SPEC, ccs, sizeof ccs);
    gt_record_init(&w, fuzz_peer_writer(&stream));
    if (gt_record_set_write_key(&w, (const uint8_t *)FUZZ_RECORD_KEY,
                                (const uint8_t *)FUZZ_RECORD_IV) != GT_OK ||
        gt_record_write(&w, GT_CT_HANDSHAKE, finished, sizeof finished, &e) != GT_OK ||
        gt_record_write(&w, GT_CT_APPLICATION_DATA, data, sizeof data - 1, &e) != GT_OK ||
        gt_record_write(&w, GT_CT_APPLICATION_DATA, NULL, 0, &e) != GT_OK ||
        gt_record_write(&w, GT_CT_ALERT, close_notify, sizeof close_notify, &e) != GT_OK) {
        fprintf(stderr, "fuzz-seeds: sealing the record seed failed: %s\n", e.why);
        failures++;
    }
    gt_record_free(&w);
    write_seed("record", "handmade-split-sealed", stream.buf, stream.len);
    fuzz_peer_free(&stream);
}

/* Records for the client after the handshake, as fuzz_client_appdata reads
 * them: type(1) length(2) payload. */
static void appdata_seeds(void)
{
    static const uint8_t answer[] = {23,  0,   30,  't', 'e', 'm', 'p', 'e', 'r', 'a',
                                     't', 'u', 'r', 'e', '=', '2', '1', '.', '5', 'C',
                                     ' ', 'h', 'u', 'm', 'i', 'd', 'i', 't', 'y', '=',
                                     '4', '0', '%', 21,  0,   2,   1,   0};
    /* HelloRequest (renegotiation), a warning, data, then the end without
     * close_notify */
    static const uint8_t reneg[] = {22, 0, 4, 0, 0, 0, 0, 21, 0, 2, 1, 112, 23, 0, 2, 'o', 'k'};
    write_seed("client_appdata", "demo-seed1-answer-close", answer, sizeof answer);
    write_seed("client_appdata", "hello-request-warning-data", reneg, sizeof reneg);
}

int main(int argc, char **argv)
{
    static const uint8_t ccs[] = {1};
    if (argc > 1)
        out_dir = argv[1];
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        perror(out_dir);
        return 1;
    }
    fuzz_init();
    demo_seeds();
    fixture_seeds(GT_FIXTURE_EMS, "openssl-ems");
    fixture_seeds(GT_FIXTURE_NO_EMS, "openssl-no-ems");
    record_seeds();
    appdata_seeds();
    write_seed("change_cipher_spec", "ccs", ccs, sizeof ccs);
    return failures ? 1 : 0;
}
