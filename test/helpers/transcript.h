/* test/helpers/transcript: loads a TLS 1.2 session recorded between
 * `openssl s_client` and `openssl s_server` (test/fixtures/openssl-session/,
 * see its README.md), so that handshake tests compare glasstls with values
 * OpenSSL produced: every message's exact bytes in order, both randoms, the
 * premaster and master secrets from the NSS keylog, whether the extended
 * master secret (RFC 7627) was used, and the raw TCP bytes of each direction.
 * libc only; paths are relative to the repository root, where tests run. */
#ifndef GT_TEST_TRANSCRIPT_H
#define GT_TEST_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GT_FIXTURE_DIR         "test/fixtures/openssl-session"
#define GT_FIXTURE_EMS         GT_FIXTURE_DIR "/ems"        /* extended master secret used */
#define GT_FIXTURE_NO_EMS      GT_FIXTURE_DIR "/no-ems"     /* classic master secret */
#define GT_FIXTURE_SERVER_KEY  GT_FIXTURE_DIR "/server.key" /* RSA-2048, PKCS#8 PEM */
#define GT_FIXTURE_SERVER_CERT GT_FIXTURE_DIR "/server.pem" /* self-signed, CN=sensor-hub.local */

#define GT_FIXTURE_MAX_MESSAGES 32

/* What kind of record a message travelled in (its ContentType). Only
 * GT_FIXTURE_HANDSHAKE messages belong to the handshake transcript. */
enum gt_fixture_kind {
    GT_FIXTURE_HANDSHAKE,          /* 22: header (type, u24 length) included */
    GT_FIXTURE_CHANGE_CIPHER_SPEC, /* 20: the single byte 01 */
    GT_FIXTURE_ALERT,              /* 21: level, description */
    GT_FIXTURE_APPLICATION_DATA,   /* 23: the plaintext */
};

struct gt_fixture_message {
    bool from_client;          /* sender: true = client, false = server */
    char name[32];             /* "ClientHello", "Finished", "ChangeCipherSpec", ... */
    enum gt_fixture_kind kind; /* derived from name */
    uint8_t *bytes;            /* plaintext, exactly as OpenSSL printed it */
    size_t len;
};

struct gt_fixture_session {
    /* In the order s_client saw them: ClientHello, ServerHello, Certificate,
     * ServerHelloDone, ClientKeyExchange, ChangeCipherSpec, Finished (client),
     * ChangeCipherSpec, Finished (server), then data and close_notify alerts. */
    struct gt_fixture_message msgs[GT_FIXTURE_MAX_MESSAGES];
    size_t n_msgs;
    uint8_t client_random[32];    /* from the keylog's CLIENT_RANDOM line */
    uint8_t server_random[32];    /* ServerHello bytes 6..37 */
    uint8_t master_secret[48];    /* from the keylog's CLIENT_RANDOM line */
    uint8_t premaster_secret[48]; /* from the keylog's RSA line, if there */
    bool has_premaster;
    bool extended_master_secret; /* s_client's "Extended master secret: yes" */
    uint8_t *client_to_server;   /* raw TCP bytes, or NULL if not recorded */
    size_t client_to_server_len;
    uint8_t *server_to_client;
    size_t server_to_client_len;
    char error[256]; /* why loading failed */
};

/* Loads the session in directory dir (e.g. GT_FIXTURE_EMS): messages.txt,
 * keylog.txt, session.txt and, if present, client_to_server.hex and
 * server_to_client.hex. 0, or -1 with a sentence in s->error (and nothing to
 * free). On success free with gt_fixture_session_free(). */
int gt_transcript_fixture_load(const char *dir, struct gt_fixture_session *s);

/* Frees what loading allocated; safe on a zeroed or freed session. */
void gt_fixture_session_free(struct gt_fixture_session *s);

/* The first message with this sender and name, or NULL. */
const struct gt_fixture_message *gt_fixture_find(const struct gt_fixture_session *s,
                                                 bool from_client, const char *name);

/* All handshake messages before `stop` (exclusive; NULL: all of them),
 * concatenated into a malloc'd buffer (*out, free it): the input of the
 * transcript hash. Stop at the client's Finished for the extended master
 * secret's session_hash (it covers ClientHello..ClientKeyExchange) and for the
 * client's verify_data; at the server's Finished for the server's.
 * The length, or 0 with *out == NULL on failure. */
size_t gt_fixture_handshake_bytes(const struct gt_fixture_session *s,
                                  const struct gt_fixture_message *stop, uint8_t **out);

#endif
