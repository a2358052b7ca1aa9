/* demo/dissect: every byte of a record or handshake message given a name,
 * a decoded value and a one-line meaning. Layer: demo (reads what the
 * handshake reported; runs nothing). RFC 5246 6.2, 7.1, 7.2, 7.4;
 * RFC 5288 3; RFC 6066 3; RFC 7627 5.1; RFC 5746 3.2; RFC 8446 4.2 for the
 * names of extensions a modern client also sends. */
#include "demo/dissect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/bytes.h"
#include "bytes/err.h"
#include "handshake/hello.h"
#include "handshake/observer.h"
#include "record/record.h"
#include "x509/cert.h"

void gt_dissection_init(gt_dissection *d) { memset(d, 0, sizeof *d); }

void gt_dissection_free(gt_dissection *d)
{
    free(d->fields);
    memset(d, 0, sizeof *d);
}

/* Where the dissection is: the reader over the bytes, the nesting depth,
 * and whether these are decrypted (inner) bytes. */
typedef struct cursor {
    gt_dissection *d;
    int depth;
    bool inner;
} cursor;

static gt_field *add_field(cursor *z, size_t off, size_t len, const char *name, const char *meaning,
                           const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static gt_field *add_field(cursor *z, size_t off, size_t len, const char *name, const char *meaning,
                           const char *fmt, ...)
{
    gt_dissection *d = z->d;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        gt_field *more = realloc(d->fields, cap * sizeof *more);
        if (!more)
            return NULL;
        d->fields = more;
        d->cap = cap;
    }
    gt_field *f = &d->fields[d->n++];
    memset(f, 0, sizeof *f);
    f->off = off;
    f->len = len;
    f->depth = z->depth;
    f->inner = z->inner;
    snprintf(f->name, sizeof f->name, "%s", name);
    snprintf(f->meaning, sizeof f->meaning, "%s", meaning ? meaning : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->value, sizeof f->value, fmt, ap);
    va_end(ap);
    return f;
}

/* The first failure wins; later ones would only repeat it. */
static bool problem(cursor *z, const char *why)
{
    if (!z->d->problem[0])
        snprintf(z->d->problem, sizeof z->d->problem, "%s", why);
    return false;
}

/* ---- readers that also name what they read ---- */

static bool field_u8(cursor *z, gt_reader *r, const char *name, const char *meaning, uint8_t *v)
{
    size_t at = gt_reader_pos(r);
    if (!gt_read_u8(r, v))
        return problem(z, "the bytes end in the middle of a field");
    add_field(z, at, 1, name, meaning, "%u", *v);
    return true;
}

static bool field_u16(cursor *z, gt_reader *r, const char *name, const char *meaning, uint16_t *v)
{
    size_t at = gt_reader_pos(r);
    if (!gt_read_u16(r, v))
        return problem(z, "the bytes end in the middle of a field");
    add_field(z, at, 2, name, meaning, "%u", *v);
    return true;
}

/* A length prefix of n bytes and the vector it announces, as a sub-reader. */
static bool field_vec(cursor *z, gt_reader *r, unsigned prefix, const char *name,
                      const char *meaning, gt_reader *sub)
{
    size_t at = gt_reader_pos(r);
    bool ok = prefix == 1   ? gt_read_vec8(r, sub)
              : prefix == 2 ? gt_read_vec16(r, sub)
                            : gt_read_vec24(r, sub);
    if (!ok)
        return problem(z, "a length prefix runs past the end of its message");
    add_field(z, at, prefix, name, meaning, "%zu %s", sub->len,
              sub->len == 1 ? "byte follows" : "bytes follow");
    return true;
}

/* Opaque bytes to the end of r (or n of them), folded by --explain when long. */
static gt_field *field_bytes(cursor *z, gt_reader *r, size_t n, const char *name,
                             const char *meaning)
{
    size_t at = gt_reader_pos(r);
    const uint8_t *p;
    if (!gt_read_bytes(r, n, &p)) {
        problem(z, "the bytes end in the middle of a field");
        return NULL;
    }
    gt_field *f = add_field(z, at, n, name, meaning, "%zu bytes", n);
    if (f)
        f->bulk = n > 8;
    return f;
}

static void set_value(gt_field *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_value(gt_field *f, const char *fmt, ...)
{
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->value, sizeof f->value, fmt, ap);
    va_end(ap);
}

static gt_field *last(cursor *z) { return z->d->n ? &z->d->fields[z->d->n - 1] : NULL; }

/* ---- names ---- */

const char *gt_cipher_suite_name(uint16_t s)
{
    switch (s) {
    case 0x002f: return "TLS_RSA_WITH_AES_128_CBC_SHA";
    case 0x0035: return "TLS_RSA_WITH_AES_256_CBC_SHA";
    case 0x003c: return "TLS_RSA_WITH_AES_128_CBC_SHA256";
    case 0x009c: return "TLS_RSA_WITH_AES_128_GCM_SHA256";
    case 0x009d: return "TLS_RSA_WITH_AES_256_GCM_SHA384";
    case 0x009e: return "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
    case 0x009f: return "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384";
    case 0x00ff: return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    case 0x1301: return "TLS_AES_128_GCM_SHA256";
    case 0x1302: return "TLS_AES_256_GCM_SHA384";
    case 0x1303: return "TLS_CHACHA20_POLY1305_SHA256";
    case 0xc02b: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case 0xc02c: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    case 0xc02f: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    case 0xc030: return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    case 0xcca8: return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    case 0xcca9: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    default: return NULL;
    }
}

/* SignatureScheme (RFC 8446 4.2.3), which also spells TLS 1.2's
 * SignatureAndHashAlgorithm pairs (RFC 5246 7.4.1.4.1). */
static const char *signature_scheme_name(uint16_t s)
{
    switch (s) {
    case 0x0201: return "rsa_pkcs1_sha1";
    case 0x0203: return "ecdsa_sha1";
    case 0x0401: return "rsa_pkcs1_sha256";
    case 0x0403: return "ecdsa_secp256r1_sha256";
    case 0x0501: return "rsa_pkcs1_sha384";
    case 0x0503: return "ecdsa_secp384r1_sha384";
    case 0x0601: return "rsa_pkcs1_sha512";
    case 0x0603: return "ecdsa_secp521r1_sha512";
    case 0x0804: return "rsa_pss_rsae_sha256";
    case 0x0805: return "rsa_pss_rsae_sha384";
    case 0x0806: return "rsa_pss_rsae_sha512";
    case 0x0807: return "ed25519";
    case 0x0808: return "ed448";
    case 0x0809: return "rsa_pss_pss_sha256";
    case 0x080a: return "rsa_pss_pss_sha384";
    case 0x080b: return "rsa_pss_pss_sha512";
    default: return "unknown";
    }
}

static const char *group_name(uint16_t g)
{
    switch (g) {
    case 0x0017: return "secp256r1";
    case 0x0018: return "secp384r1";
    case 0x0019: return "secp521r1";
    case 0x001d: return "x25519";
    case 0x001e: return "x448";
    case 0x0100: return "ffdhe2048";
    case 0x0101: return "ffdhe3072";
    default: return "unknown";
    }
}

static const char *version_name(uint16_t v)
{
    switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return "unknown version";
    }
}

/* ---- extensions (RFC 5246 7.4.1.4 and the RFCs that define each) ---- */

static bool extension_server_name(cursor *z, gt_reader *data, bool from_client)
{
    if (!from_client || gt_reader_done(data)) {
        if (!gt_reader_done(data))
            return problem(z, "the server's server_name extension is not empty");
        return true; /* the server's empty answer: "I used the name you sent" (RFC 6066 3) */
    }
    gt_reader list, name;
    if (!field_vec(z, data, 2, "server_name_list length", "the list of names (one, in practice)",
                   &list))
        return false;
    while (!gt_reader_done(&list)) {
        uint8_t type;
        if (!field_u8(z, &list, "name_type", "0 is host_name, a DNS name", &type))
            return false;
        set_value(last(z), type == 0 ? "host_name (0)" : "unknown (%u)", type);
        if (!field_vec(z, &list, 2, "host_name length", NULL, &name))
            return false;
        size_t at = gt_reader_pos(&name), n = gt_reader_left(&name);
        const uint8_t *p;
        gt_read_bytes(&name, n, &p);
        char text[128];
        size_t k = n < sizeof text - 1 ? n : sizeof text - 1;
        for (size_t i = 0; i < k; i++)
            text[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
        text[k] = 0;
        add_field(z, at, n, "host_name",
                  "the server the client wants: its certificate must name it", "\"%s\"", text);
    }
    return true;
}

static bool extension_u16_list(cursor *z, gt_reader *data, const char *list_name, const char *item,
                               const char *(*name)(uint16_t))
{
    gt_reader list;
    if (!field_vec(z, data, 2, list_name, NULL, &list))
        return false;
    while (!gt_reader_done(&list)) {
        uint16_t v;
        if (!field_u16(z, &list, item, NULL, &v))
            return false;
        set_value(last(z), "%s (0x%04x)", name(v), v);
    }
    return true;
}

static bool extension_data(cursor *z, uint16_t type, gt_reader *data, bool from_client)
{
    switch (type) {
    case GT_EXT_SERVER_NAME: return extension_server_name(z, data, from_client);
    case GT_EXT_SIGNATURE_ALGORITHMS:
        return extension_u16_list(z, data, "supported_signature_algorithms length",
                                  "signature_algorithm", signature_scheme_name);
    case 10:
        return extension_u16_list(z, data, "named_group_list length", "named_group", group_name);
    case GT_EXT_RENEGOTIATION_INFO: {
        gt_reader rc;
        if (!field_vec(z, data, 1, "renegotiated_connection length",
                       "empty on a first handshake: \"I know RFC 5746\"", &rc))
            return false;
        if (!gt_reader_done(&rc))
            field_bytes(z, &rc, gt_reader_left(&rc), "renegotiated_connection",
                        "the Finished values of the previous handshake");
        return true;
    }
    case GT_EXT_SUPPORTED_VERSIONS:
        if (from_client) {
            gt_reader list;
            if (!field_vec(z, data, 1, "versions length", NULL, &list))
                return false;
            while (!gt_reader_done(&list)) {
                uint16_t v;
                if (!field_u16(z, &list, "version", NULL, &v))
                    return false;
                set_value(last(z), "%s (0x%04x)", version_name(v), v);
            }
            return true;
        }
        break;
    default: break;
    }
    if (!gt_reader_done(data))
        field_bytes(z, data, gt_reader_left(data), "extension_data",
                    "contents glasstls does not take apart");
    return true;
}

static const char *extension_meaning(uint16_t type)
{
    switch (type) {
    case GT_EXT_SERVER_NAME: return "SNI: which host name the client is connecting to";
    case GT_EXT_SIGNATURE_ALGORITHMS: return "the signatures the client can check";
    case GT_EXT_EXTENDED_MASTER_SECRET:
        return "bind the master secret to the whole handshake (RFC 7627)";
    case GT_EXT_RENEGOTIATION_INFO: return "secure renegotiation indication (RFC 5746)";
    case GT_EXT_SUPPORTED_VERSIONS: return "the client also speaks TLS 1.3";
    case 10: return "the elliptic curves the client supports";
    case 11: return "how the client can receive curve points";
    case 35: return "the client would accept a session ticket";
    default: return "an extension glasstls does not use";
    }
}

static bool extensions(cursor *z, gt_reader *body, bool from_client)
{
    if (gt_reader_done(body))
        return true; /* no extensions at all is allowed (RFC 5246 7.4.1.2) */
    gt_reader all;
    if (!field_vec(z, body, 2, "extensions length", "the extensions that follow", &all))
        return false;
    while (!gt_reader_done(&all)) {
        uint16_t type;
        gt_reader data;
        if (!field_u16(z, &all, "extension_type", NULL, &type))
            return false;
        gt_field *f = last(z);
        set_value(f, "%s (%u)", gt_extension_name(type), type);
        snprintf(f->meaning, sizeof f->meaning, "%s", extension_meaning(type));
        if (!field_vec(z, &all, 2, "extension_data length", NULL, &data))
            return false;
        z->depth++;
        bool ok = extension_data(z, type, &data, from_client);
        z->depth--;
        if (!ok)
            return false;
    }
    return true;
}

/* ---- handshake bodies (RFC 5246 7.4) ---- */

static bool version_and_random(cursor *z, gt_reader *body, const char *who)
{
    uint16_t v;
    if (!field_u16(z, body, who[0] == 'c' ? "client_version" : "server_version",
                   "the highest TLS version this side speaks: 3,3 is TLS 1.2", &v))
        return false;
    set_value(last(z), "%s (%u,%u)", version_name(v), v >> 8, v & 0xff);
    char meaning[120];
    snprintf(meaning, sizeof meaning, "32 fresh bytes from the %s, mixed into every key", who);
    return field_bytes(z, body, 32, "random", meaning) != NULL;
}

static bool session_id(cursor *z, gt_reader *body)
{
    gt_reader sid;
    if (!field_vec(z, body, 1, "session_id length", "0: no earlier session to resume", &sid))
        return false;
    if (!gt_reader_done(&sid))
        field_bytes(z, &sid, gt_reader_left(&sid), "session_id",
                    "names a session that could be resumed later");
    return true;
}

static bool client_hello(cursor *z, gt_reader *body)
{
    if (!version_and_random(z, body, "client") || !session_id(z, body))
        return false;
    gt_reader suites, comp;
    if (!field_vec(z, body, 2, "cipher_suites length", "2 bytes per suite offered", &suites))
        return false;
    while (!gt_reader_done(&suites)) {
        uint16_t s;
        if (!field_u16(z, &suites, "cipher_suite", NULL, &s))
            return false;
        const char *name = gt_cipher_suite_name(s);
        set_value(last(z), "%s (0x%04x)", name ? name : "unknown", s);
        if (s == 0x00ff)
            snprintf(last(z)->meaning, sizeof last(z)->meaning,
                     "not a suite: signals secure renegotiation (RFC 5746)");
    }
    if (!field_vec(z, body, 1, "compression_methods length", NULL, &comp))
        return false;
    while (!gt_reader_done(&comp)) {
        uint8_t m;
        if (!field_u8(z, &comp, "compression_method", "0: no compression (the only safe one)", &m))
            return false;
        set_value(last(z), m == 0 ? "null (0)" : "%u", m);
    }
    return extensions(z, body, true);
}

static bool server_hello(cursor *z, gt_reader *body)
{
    if (!version_and_random(z, body, "server") || !session_id(z, body))
        return false;
    uint16_t s;
    uint8_t m;
    if (!field_u16(z, body, "cipher_suite", "the one suite the server chose from the offer", &s))
        return false;
    const char *name = gt_cipher_suite_name(s);
    set_value(last(z), "%s (0x%04x)", name ? name : "unknown", s);
    if (!field_u8(z, body, "compression_method", "0: no compression", &m))
        return false;
    set_value(last(z), m == 0 ? "null (0)" : "%u", m);
    return extensions(z, body, false);
}

static bool certificate(cursor *z, gt_reader *body)
{
    gt_reader list;
    if (!field_vec(z, body, 3, "certificate_list length",
                   "the server's chain, its own certificate first", &list))
        return false;
    for (int i = 1; !gt_reader_done(&list); i++) {
        gt_reader one;
        if (!field_vec(z, &list, 3, "certificate length", NULL, &one))
            return false;
        char name[40];
        snprintf(name, sizeof name, "certificate %d (DER)", i);
        size_t n = gt_reader_left(&one);
        gt_field *f = field_bytes(z, &one, n, name,
                                  i == 1 ? "the server's identity and RSA public key"
                                         : "a certificate that vouches for the one before");
        if (!f)
            return false;
        gt_cert c;
        gt_error e = {0};
        if (gt_cert_parse(&c, one.data, n, &e) == GT_OK) {
            set_value(f, "%zu bytes: subject %s, issuer %s", n, c.subject.text, c.issuer.text);
            gt_cert_free(&c);
        } else {
            set_value(f, "%zu bytes that do not parse as a certificate", n);
        }
    }
    return true;
}

static bool client_key_exchange(cursor *z, gt_reader *body)
{
    gt_reader enc;
    if (!field_vec(z, body, 2, "EncryptedPreMasterSecret length", NULL, &enc))
        return false;
    gt_field *f =
        field_bytes(z, &enc, gt_reader_left(&enc), "EncryptedPreMasterSecret",
                    "the 48-byte premaster (\"session key\"), RSA-encrypted to the server");
    set_value(f, "%zu bytes: only the server's private key opens them", enc.len);
    return f != NULL;
}

static bool handshake_body(cursor *z, uint8_t type, gt_reader *body)
{
    switch (type) {
    case GT_HS_CLIENT_HELLO: return client_hello(z, body);
    case GT_HS_SERVER_HELLO: return server_hello(z, body);
    case GT_HS_CERTIFICATE: return certificate(z, body);
    case GT_HS_SERVER_HELLO_DONE: return true; /* empty: "your turn" */
    case GT_HS_CLIENT_KEY_EXCHANGE: return client_key_exchange(z, body);
    case GT_HS_FINISHED: {
        gt_field *f = field_bytes(z, body, gt_reader_left(body), "verify_data",
                                  "PRF(master secret, label, hash of every handshake message)");
        if (f)
            f->bulk = false; /* 12 bytes: short enough to show whole */
        return f != NULL;
    }
    default:
        if (!gt_reader_done(body))
            return field_bytes(z, body, gt_reader_left(body), "body",
                               "a message glasstls does not take apart") != NULL;
        return true;
    }
}

static const char *handshake_meaning(uint8_t type)
{
    switch (type) {
    case GT_HS_CLIENT_HELLO: return "step 1: the client proposes versions, suites, extensions";
    case GT_HS_SERVER_HELLO: return "step 2: the server's choices and its random";
    case GT_HS_CERTIFICATE: return "step 2: the server's certificate chain";
    case GT_HS_SERVER_HELLO_DONE: return "step 2: the server has said all it will say";
    case GT_HS_CLIENT_KEY_EXCHANGE: return "step 4: the encrypted session key";
    case GT_HS_FINISHED: return "step 5: proof that both sides hold the same keys";
    default: return "";
    }
}

/* One handshake message at the reader's position. */
static bool handshake_message(cursor *z, gt_reader *r)
{
    uint8_t type;
    gt_reader body;
    int depth = z->depth;
    if (!field_u8(z, r, "msg_type", handshake_meaning(0), &type))
        return false;
    gt_field *f = last(z);
    set_value(f, "%s (%u)", gt_handshake_type_name(type), type);
    snprintf(f->meaning, sizeof f->meaning, "%s", handshake_meaning(type));
    if (!field_vec(z, r, 3, "length", "the message body that follows", &body))
        return false;
    z->depth = depth + 1;
    bool ok = handshake_body(z, type, &body);
    z->depth = depth;
    if (ok && !gt_reader_done(&body))
        return problem(z, "bytes are left over at the end of the message");
    return ok;
}

bool gt_dissect_handshake(gt_dissection *d, const uint8_t *msg, size_t len)
{
    d->bytes = msg;
    d->len = len;
    snprintf(d->title, sizeof d->title, "%s",
             len ? gt_handshake_type_name(msg[0]) : "an empty message");
    cursor z = {d, 0, false};
    gt_reader r;
    gt_reader_init(&r, msg, len);
    if (!handshake_message(&z, &r))
        return false;
    return gt_reader_done(&r) || problem(&z, "bytes follow the end of the message");
}

/* ---- records (RFC 5246 6.2) ---- */

static const char *alert_level_name(uint8_t l)
{
    return l == 1 ? "warning" : l == 2 ? "fatal" : "unknown";
}

/* The fragment's contents by content type: handshake messages (one or
 * several, or a piece of one), ChangeCipherSpec, an alert, or data. */
static bool fragment(cursor *z, uint8_t type, gt_reader *r)
{
    switch (type) {
    case GT_CT_HANDSHAKE:
        while (!gt_reader_done(r)) {
            /* Peek at the header: a message split across records is shown as
             * a fragment here; the rest comes in the next record. */
            gt_reader peek = *r;
            uint8_t t;
            uint32_t n;
            if (!gt_read_u8(&peek, &t) || !gt_read_u24(&peek, &n) || n > gt_reader_left(&peek))
                return field_bytes(z, r, gt_reader_left(r), "handshake fragment",
                                   "part of a message that continues in another record") != NULL;
            if (!handshake_message(z, r))
                return false;
        }
        return true;
    case GT_CT_CHANGE_CIPHER_SPEC: {
        uint8_t v;
        if (!field_u8(z, r, "change_cipher_spec", "from the next record on, this side encrypts",
                      &v))
            return false;
        return gt_reader_done(r) || problem(z, "a ChangeCipherSpec record holds one byte");
    }
    case GT_CT_ALERT: {
        uint8_t level, desc;
        if (!field_u8(z, r, "level", "fatal ends the connection at once", &level))
            return false;
        set_value(last(z), "%s (%u)", alert_level_name(level), level);
        if (!field_u8(z, r, "description", "why: RFC 5246 7.2 names each", &desc))
            return false;
        set_value(last(z), "%s (%u)", gt_alert_name(desc), desc);
        return gt_reader_done(r) || problem(z, "an alert record holds two bytes");
    }
    case GT_CT_APPLICATION_DATA: {
        size_t n = gt_reader_left(r);
        gt_field *f = field_bytes(z, r, n, "application data", "what the program sent");
        if (f) {
            char text[80];
            size_t k = 0;
            const uint8_t *p = (f->inner ? z->d->inner : z->d->bytes) + f->off;
            for (size_t i = 0; i < n && k < 64; i++)
                text[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
            text[k] = 0;
            set_value(f, "\"%s%s\" (%zu bytes)", text, n > 64 ? "..." : "", n);
        }
        return f != NULL;
    }
    default:
        return field_bytes(z, r, gt_reader_left(r), "fragment", "an unknown content type") != NULL;
    }
}

static const char *content_meaning(uint8_t type)
{
    switch (type) {
    case GT_CT_HANDSHAKE: return "this record carries handshake messages";
    case GT_CT_CHANGE_CIPHER_SPEC: return "switch to the keys just agreed";
    case GT_CT_ALERT: return "a warning or an error report";
    case GT_CT_APPLICATION_DATA: return "the program's own data, encrypted";
    default: return "not a TLS 1.2 content type";
    }
}

bool gt_dissect_record(gt_dissection *d, const uint8_t *wire, size_t len, const uint8_t *plain,
                       size_t plain_len)
{
    d->bytes = wire;
    d->len = len;
    cursor z = {d, 0, false};
    gt_reader r, frag;
    gt_reader_init(&r, wire, len);
    uint8_t type;
    uint16_t version;
    if (!field_u8(&z, &r, "content_type", NULL, &type))
        return false;
    set_value(last(&z), "%s (%u)", gt_content_type_name(type), type);
    snprintf(last(&z)->meaning, sizeof last(&z)->meaning, "%s", content_meaning(type));
    snprintf(d->title, sizeof d->title, "%s record", gt_content_type_name(type));
    if (!field_u16(&z, &r, "version", "the record layer's version: 3,3 is TLS 1.2", &version))
        return false;
    set_value(last(&z), "%s (%u,%u)", version_name(version), version >> 8, version & 0xff);
    if (!field_vec(&z, &r, 2, "length", "the fragment that follows", &frag))
        return false;
    if (!gt_reader_done(&r))
        return problem(&z, "bytes follow the end of the record");
    z.depth = 1;
    /* Protected when the plaintext is not the fragment itself (RFC 5288 3:
     * explicit nonce, then ciphertext, then the 16-byte tag). Without the
     * plaintext, only application data is known to be protected. */
    bool is_plain = plain ? (plain_len == frag.len && !memcmp(plain, frag.data, plain_len))
                          : type != GT_CT_APPLICATION_DATA;
    if (is_plain) {
        if (type == GT_CT_HANDSHAKE && frag.len >= 1)
            snprintf(d->title, sizeof d->title, "handshake record: %s",
                     gt_handshake_type_name(frag.data[0]));
        return fragment(&z, type, &frag);
    }
    if (frag.len < GT_GCM_RECORD_OVERHEAD)
        return problem(&z, "a protected record is shorter than its nonce and tag");
    gt_field *f = field_bytes(&z, &frag, GT_GCM_EXPLICIT_NONCE_LEN, "explicit nonce",
                              "the sender's record sequence number; the rest of the nonce is "
                              "the write IV");
    if (f) {
        f->bulk = false;
        set_value(f, "record number %llu",
                  (unsigned long long)((uint64_t)frag.data[0] << 56 | (uint64_t)frag.data[1] << 48 |
                                       (uint64_t)frag.data[2] << 40 | (uint64_t)frag.data[3] << 32 |
                                       (uint64_t)frag.data[4] << 24 | (uint64_t)frag.data[5] << 16 |
                                       (uint64_t)frag.data[6] << 8 | frag.data[7]));
    }
    f = field_bytes(&z, &frag, frag.len - GT_GCM_RECORD_OVERHEAD, "ciphertext",
                    "AES-128-GCM: without the key, indistinguishable from noise");
    if (f)
        f->bulk = true;
    f = field_bytes(&z, &frag, GT_GCM_TAG_LEN, "tag",
                    "GCM authentication tag: one flipped bit anywhere and the record is refused");
    if (!plain)
        return true;
    d->inner = plain;
    d->inner_len = plain_len;
    if (type == GT_CT_HANDSHAKE && plain_len >= 1)
        snprintf(d->title, sizeof d->title, "handshake record: encrypted %s",
                 gt_handshake_type_name(plain[0]));
    cursor in = {d, 2, true};
    gt_reader pr;
    gt_reader_init(&pr, plain, plain_len);
    return fragment(&in, type, &pr);
}
