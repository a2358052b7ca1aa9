/* handshake/conn: one TLS 1.2 connection (RFC 5246), client or server, and the
 * API a program uses: configure, run the handshake (all at once or one row of
 * the driver's table, one part of a lesson step, at a time), then read and
 * write application data. The handshake itself is the table of steps in
 * client.c and server.c (RFC 5246 7.3). */
#ifndef GT_CONN_H
#define GT_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/bytes.h"
#include "bytes/err.h"
#include "crypto/rng.h"
#include "crypto/sha256.h"
#include "handshake/keys.h"
#include "handshake/observer.h"
#include "handshake/tracker.h"
#include "record/record.h"
#include "x509/cert.h"
#include "x509/verify.h"

/* The one cipher suite of stage 1 (RFC 5288): RSA key transport, AES-128-GCM, SHA-256 PRF. */
#define GT_TLS_RSA_WITH_AES_128_GCM_SHA256   0x009c
#define GT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff /* RFC 5746 section 3.3 */
#define GT_MAX_CHAIN                         8      /* certificates we accept from a peer */

typedef struct gt_config {
    /* client */
    const char *server_name; /* sent as SNI and checked against the certificate (NULL: neither) */
    const gt_trust *trust;   /* trust anchors the server's chain must lead to */
    /* server */
    const gt_cert *chain; /* our certificate chain, leaf first */
    size_t chain_len;
    const rsa_key *key; /* the leaf's private key */
    /* both */
    int64_t now;             /* validation time in unix seconds; 0: the real clock */
    gt_rng *rng;             /* NULL: the operating system's RNG */
    bool no_ems;             /* do not offer/accept extended master secret (RFC 7627) */
    gt_observer_fn observer; /* NULL: nobody watches */
    void *observer_ctx;
} gt_config;

/* One row of a driver's table: which lesson step it belongs to, what it
 * does in words, and the function that does it. */
typedef struct gt_conn gt_conn;
typedef struct gt_row {
    int step;
    const char *name;
    gt_err (*run)(gt_conn *c);
} gt_row;

struct gt_conn {
    gt_role role;
    const gt_config *cfg;
    gt_rng os_rng;
    gt_rng *rng;
    gt_record_layer rl;
    gt_transcript transcript;
    gt_tracker tracker;

    /* the driver */
    const gt_row *rows;
    size_t n_rows, row;
    bool handshake_done;
    gt_error err;      /* the first failure; once set, the connection is dead */
    unsigned warnings; /* warning alerts received in a row (bounded) */
    unsigned idle;     /* records in a row that carried nothing to act on (bounded) */

    /* what the hellos negotiated */
    uint16_t client_version; /* the version in the ClientHello (checked in the premaster) */
    uint8_t client_random[GT_RANDOM_LEN];
    uint8_t server_random[GT_RANDOM_LEN];
    uint16_t cipher_suite;
    bool offered_sni;          /* client: the server_name extension was sent */
    bool offered_ems, ems;     /* extended master secret offered / in use */
    bool secure_renegotiation; /* peer signalled RFC 5746 support */
    char sni[256];             /* server: the name the client asked for */

    /* the server's certificate chain as received (client) */
    gt_cert peer_chain[GT_MAX_CHAIN];
    size_t peer_chain_len;

    /* secrets: wiped as soon as they are no longer needed */
    uint8_t premaster[GT_PREMASTER_LEN];
    uint8_t encrypted_premaster[1024];
    size_t encrypted_premaster_len;
    uint8_t session_hash[GT_SHA256_LEN];
    uint8_t master[GT_MASTER_LEN];
    gt_key_block kb;

    /* application data already received but not yet read */
    uint8_t *app;
    size_t app_len, app_off;
    bool close_notify_sent, close_notify_received;
};

/* The most heap one connection allocates, whatever its peer sends
 * (docs/security.md): the connection itself (record buffers included), the
 * two AES-GCM states with their tables (one per direction, on the heap), the
 * handshake reassembly buffer (twice: while it grows, realloc may hold the
 * old and the new one), one record of application data, and copies of the
 * peer's certificates, which all arrived inside one handshake message.
 * A server adds its own Certificate message while it sends it (its size is
 * set by its configuration, not by the peer). libtomcrypt's big numbers
 * (the certificates' RSA keys of at most 8192 bits and P-256 or P-384
 * points) are outside this count. */
#define GT_CONN_HEAP_BOUND                                                                         \
    (sizeof(struct gt_conn) + 2 * sizeof(gcm_state) + 2 * GT_HS_BUFFER_LIMIT + GT_MAX_PLAINTEXT +  \
     GT_MAX_HANDSHAKE_MESSAGE)

/* Creates a connection over a transport. cfg must outlive the connection.
 * NULL when out of memory. */
gt_conn *gt_conn_new(gt_role role, const gt_config *cfg, gt_transport io);
void gt_conn_free(gt_conn *c); /* wipes every secret */

/* Runs the next row of the handshake table. GT_OK: a row finished (call again
 * until gt_handshake_done); GT_WANT_READ: waiting for the peer (pipe only);
 * anything else: the handshake failed, the alert was sent, c->err says why. */
gt_err gt_handshake_step(gt_conn *c);
/* Runs rows until done, failure, or GT_WANT_READ. */
gt_err gt_handshake(gt_conn *c);
bool gt_handshake_done(const gt_conn *c);
/* The lesson step of the next row to run (0 when done). */
int gt_next_step(const gt_conn *c);
const char *gt_next_row_name(const gt_conn *c);
const gt_error *gt_conn_error(const gt_conn *c);

/* Application data, after the handshake. */
gt_err gt_write(gt_conn *c, const uint8_t *data, size_t len);
/* Reads up to cap bytes into buf. GT_ERR_CLOSED after close_notify,
 * GT_ERR_TRUNCATED when the connection ended without one. */
gt_err gt_read(gt_conn *c, uint8_t *buf, size_t cap, size_t *got);
/* True when bytes already received wait to be read (no need to poll). */
bool gt_pending(const gt_conn *c);
/* Sends close_notify (RFC 5246 7.2.1). */
gt_err gt_close(gt_conn *c);

/* ---- for the step modules in handshake/ ---- */

/* Reports an event: fills in role and step and calls the observer. */
void gt_emit(gt_conn *c, gt_event *ev);
/* Records the failure and returns its code (like gt_fail on c->err). */
gt_err gt_conn_fail(gt_conn *c, gt_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Starts a handshake message of the given type in w (reserving its header). */
gt_vec_mark gt_handshake_begin(gt_writer *w, uint8_t type);
/* Fills in the length, adds the message to the transcript, sends it and
 * reports it with a summary. */
gt_err gt_handshake_send(gt_conn *c, gt_writer *w, gt_vec_mark m, const char *summary);
/* Receives the next handshake message, which must be of the expected type;
 * alerts and wrong messages end the step. body reads the message's body;
 * the whole message is added to the transcript and reported. */
gt_err gt_handshake_recv(gt_conn *c, uint8_t expected, gt_reader *body);
/* Receives a ChangeCipherSpec record (RFC 5246 7.1): the single byte 01. */
gt_err gt_recv_ccs_message(gt_conn *c);
/* Reports a check (e.g. "Certificate valid?" / "Yes"). */
void gt_report_check(gt_conn *c, const char *summary);
void gt_report_secret(gt_conn *c, const char *name, const uint8_t *p, size_t n);
/* Sends an alert record and reports it. */
gt_err gt_send_alert(gt_conn *c, uint8_t level, uint8_t desc);
/* The validation time: cfg->now, or the real clock. */
int64_t gt_conn_now(const gt_conn *c);

/* The two drivers' tables (client.c, server.c). */
extern const gt_row gt_client_rows[];
extern const size_t gt_client_row_count;
extern const gt_row gt_server_rows[];
extern const size_t gt_server_row_count;

#endif
