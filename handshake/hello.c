/* handshake/hello: lesson step 1 (ClientHello) and step 2a (ServerHello).
 * RFC 5246 7.4.1.2-7.4.1.4; extensions from RFC 6066 section 3, RFC 7627
 * section 5 and RFC 5746 section 3. The client offers exactly one cipher
 * suite; the server picks it if offered and ignores what it does not know. */
#include "handshake/hello.h"

#include <stdio.h>
#include <string.h>

#include "handshake/conn.h"
#include "x509/name.h"

const char *gt_extension_name(uint16_t type)
{
    switch (type) {
    case GT_EXT_SERVER_NAME: return "server_name";
    case GT_EXT_SIGNATURE_ALGORITHMS: return "signature_algorithms";
    case GT_EXT_EXTENDED_MASTER_SECRET: return "extended_master_secret";
    case GT_EXT_SUPPORTED_VERSIONS: return "supported_versions";
    case GT_EXT_RENEGOTIATION_INFO: return "renegotiation_info";
    case 10: return "supported_groups";
    case 11: return "ec_point_formats";
    case 16: return "application_layer_protocol_negotiation";
    case 22: return "encrypt_then_mac";
    case 35: return "session_ticket";
    case 45: return "psk_key_exchange_modes";
    case 51: return "key_share";
    default: return "unknown";
    }
}

/* ---- extensions ---- */

/* RFC 6066 3: ServerNameList, of which we keep the host_name entry. */
static gt_err parse_server_name(gt_reader *data, gt_hello_extensions *x, gt_error *e)
{
    gt_reader list, name;
    uint8_t type;
    if (!gt_read_vec16(data, &list) || !gt_reader_done(data) || gt_reader_done(&list))
        return gt_fail(e, GT_ERR_DECODE, "the server_name extension has a wrong length");
    while (!gt_reader_done(&list)) {
        if (!gt_read_u8(&list, &type) || !gt_read_vec16(&list, &name) || gt_reader_done(&name))
            return gt_fail(e, GT_ERR_DECODE, "a server_name entry is malformed");
        if (type != 0 || x->host_name[0])
            continue; /* only one host_name is allowed; other name types are unknown */
        size_t n = gt_reader_left(&name);
        if (n >= sizeof x->host_name)
            return gt_fail(e, GT_ERR_DECODE, "the requested host name is %zu bytes long", n);
        gt_read_copy(&name, (uint8_t *)x->host_name, n);
        x->host_name[n] = 0;
        if (strlen(x->host_name) != n)
            return gt_fail(e, GT_ERR_ILLEGAL_PARAMETER, "the requested host name contains a NUL");
    }
    return GT_OK;
}

static gt_err parse_extension(uint16_t type, gt_reader *data, bool in_client_hello,
                              gt_hello_extensions *x, gt_error *e)
{
    gt_reader inner;
    switch (type) {
    case GT_EXT_SERVER_NAME:
        x->server_name = true;
        /* A server acknowledges SNI with an empty extension (RFC 6066 3). */
        if (!in_client_hello) {
            if (!gt_reader_done(data))
                return gt_fail(e, GT_ERR_DECODE, "the server's server_name extension is not empty");
            return GT_OK;
        }
        return parse_server_name(data, x, e);
    case GT_EXT_SIGNATURE_ALGORITHMS:
        x->signature_algorithms = true;
        if (!gt_read_vec16(data, &inner) || !gt_reader_done(data) || gt_reader_left(&inner) < 2 ||
            gt_reader_left(&inner) % 2)
            return gt_fail(e, GT_ERR_DECODE, "the signature_algorithms list has a wrong length");
        return GT_OK;
    case GT_EXT_EXTENDED_MASTER_SECRET:
        x->extended_master_secret = true;
        if (!gt_reader_done(data)) /* RFC 7627 5.1: extension_data is empty */
            return gt_fail(e, GT_ERR_DECODE, "the extended_master_secret extension is not empty");
        return GT_OK;
    case GT_EXT_RENEGOTIATION_INFO:
        x->renegotiation_info = true;
        if (!gt_read_vec8(data, &inner) || !gt_reader_done(data))
            return gt_fail(e, GT_ERR_DECODE, "the renegotiation_info extension is malformed");
        /* RFC 5746 3.4 and 3.6: on a first handshake renegotiated_connection
         * must be empty; anything else is an attack or a bug. */
        if (!gt_reader_done(&inner))
            return gt_fail(e, GT_ERR_HANDSHAKE_FAILURE,
                           "renegotiation_info is not empty on a first handshake (RFC 5746)");
        return GT_OK;
    case GT_EXT_SUPPORTED_VERSIONS: x->supported_versions = true; return GT_OK;
    default: return GT_OK;
    }
}

/* extensions<0..2^16-1>: each Extension is type(2) and extension_data<0..2^16-1>.
 * Absent altogether is allowed (RFC 5246 7.4.1.2, "the presence of extensions
 * can be detected by determining whether there are bytes following"). */
static gt_err parse_extensions(gt_reader *body, bool in_client_hello, gt_hello_extensions *x,
                               gt_error *e)
{
    gt_reader list, data;
    memset(x, 0, sizeof *x);
    if (gt_reader_done(body))
        return GT_OK;
    if (!gt_read_vec16(body, &list))
        return gt_fail(e, GT_ERR_DECODE, "the extensions block is longer than the message");
    if (!gt_reader_done(body))
        return gt_fail(e, GT_ERR_DECODE, "%zu unexpected bytes follow the extensions",
                       gt_reader_left(body));
    while (!gt_reader_done(&list)) {
        uint16_t type;
        if (!gt_read_u16(&list, &type) || !gt_read_vec16(&list, &data))
            return gt_fail(e, GT_ERR_DECODE,
                           "an extension's length runs past the extensions block");
        for (size_t i = 0; i < x->count; i++)
            if (x->types[i] == type) /* RFC 5246 7.4.1.4 */
                return gt_fail(e, GT_ERR_ILLEGAL_PARAMETER, "the %s extension appears twice",
                               gt_extension_name(type));
        if (x->count == GT_MAX_EXTENSIONS)
            return gt_fail(e, GT_ERR_DECODE, "more than %d extensions", GT_MAX_EXTENSIONS);
        x->types[x->count++] = type;
        gt_err rc = parse_extension(type, &data, in_client_hello, x, e);
        if (rc != GT_OK)
            return rc;
    }
    return GT_OK;
}

/* ---- parsers ---- */

static gt_err parse_random_and_session(gt_reader *body, uint16_t *version, uint8_t random[32],
                                       uint8_t session_id[32], size_t *sid_len, gt_error *e)
{
    gt_reader sid;
    if (!gt_read_u16(body, version) || !gt_read_copy(body, random, 32))
        return gt_fail(e, GT_ERR_DECODE, "the hello is too short for its version and random");
    if (!gt_read_vec8(body, &sid) || gt_reader_left(&sid) > 32)
        return gt_fail(e, GT_ERR_DECODE, "the session_id is malformed or longer than 32 bytes");
    *sid_len = gt_reader_left(&sid);
    gt_read_copy(&sid, session_id, *sid_len);
    return GT_OK;
}

gt_err gt_client_hello_parse(gt_reader *body, gt_client_hello *ch, gt_error *e)
{
    gt_reader suites, comp;
    memset(ch, 0, sizeof *ch);
    gt_err rc = parse_random_and_session(body, &ch->client_version, ch->random, ch->session_id,
                                         &ch->session_id_len, e);
    if (rc != GT_OK)
        return rc;
    /* cipher_suites<2..2^16-2>: an even number of bytes, at least one suite */
    if (!gt_read_vec16(body, &suites) || gt_reader_left(&suites) < 2 || gt_reader_left(&suites) % 2)
        return gt_fail(e, GT_ERR_DECODE, "the cipher_suites list has a wrong length");
    ch->n_cipher_suites = gt_reader_left(&suites) / 2;
    uint16_t s;
    while (gt_read_u16(&suites, &s)) {
        ch->offers_our_suite |= s == GT_TLS_RSA_WITH_AES_128_GCM_SHA256;
        ch->offers_scsv |= s == GT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
    }
    /* compression_methods<1..2^8-1> */
    uint8_t m;
    if (!gt_read_vec8(body, &comp) || gt_reader_done(&comp))
        return gt_fail(e, GT_ERR_DECODE, "the compression_methods list has a wrong length");
    while (gt_read_u8(&comp, &m))
        ch->null_compression |= m == 0;
    return parse_extensions(body, true, &ch->ext, e);
}

gt_err gt_server_hello_parse(gt_reader *body, gt_server_hello *sh, gt_error *e)
{
    memset(sh, 0, sizeof *sh);
    gt_err rc = parse_random_and_session(body, &sh->server_version, sh->random, sh->session_id,
                                         &sh->session_id_len, e);
    if (rc != GT_OK)
        return rc;
    if (!gt_read_u16(body, &sh->cipher_suite) || !gt_read_u8(body, &sh->compression))
        return gt_fail(e, GT_ERR_DECODE, "the ServerHello ends before its cipher suite");
    return parse_extensions(body, false, &sh->ext, e);
}

/* ---- step 1: ClientHello ---- */

static void write_extension_empty(gt_writer *w, uint16_t type)
{
    gt_write_u16(w, type);
    gt_write_u16(w, 0);
}

/* The body of the ClientHello, in the order of RFC 5246 7.4.1.2. It is a
 * function of its own so that a classroom exercise can replace exactly this
 * (exercises/3-client-hello). */
gt_err gt_client_hello_write(gt_writer *w, const uint8_t random[GT_RANDOM_LEN], const char *host,
                             bool offer_ems)
{
    gt_write_u16(w, GT_TLS12);
    gt_write_bytes(w, random, GT_RANDOM_LEN);
    gt_write_u8(w, 0); /* session_id: empty, glasstls does not resume sessions */
    gt_vec_mark v = gt_write_vec_begin(w, 2);
    gt_write_u16(w, GT_TLS_RSA_WITH_AES_128_GCM_SHA256);
    gt_write_vec_end(w, v);
    v = gt_write_vec_begin(w, 1);
    gt_write_u8(w, 0); /* compression: null only */
    gt_write_vec_end(w, v);

    gt_vec_mark exts = gt_write_vec_begin(w, 2);
    if (host) {
        gt_write_u16(w, GT_EXT_SERVER_NAME);
        gt_vec_mark data = gt_write_vec_begin(w, 2);
        gt_vec_mark list = gt_write_vec_begin(w, 2);
        gt_write_u8(w, 0); /* NameType host_name */
        gt_vec_mark name = gt_write_vec_begin(w, 2);
        gt_write_bytes(w, (const uint8_t *)host, strlen(host));
        gt_write_vec_end(w, name);
        gt_write_vec_end(w, list);
        gt_write_vec_end(w, data);
    }
    /* The certificate signatures we can check: rsa_pkcs1 with SHA-256/384/512. */
    gt_write_u16(w, GT_EXT_SIGNATURE_ALGORITHMS);
    gt_vec_mark data = gt_write_vec_begin(w, 2);
    gt_vec_mark list = gt_write_vec_begin(w, 2);
    gt_write_u16(w, 0x0401);
    gt_write_u16(w, 0x0501);
    gt_write_u16(w, 0x0601);
    gt_write_vec_end(w, list);
    gt_write_vec_end(w, data);
    if (offer_ems)
        write_extension_empty(w, GT_EXT_EXTENDED_MASTER_SECRET);
    gt_write_u16(w, GT_EXT_RENEGOTIATION_INFO);
    gt_write_u16(w, 1);
    gt_write_u8(w, 0); /* renegotiated_connection: empty on a first handshake */
    gt_write_vec_end(w, exts);
    return gt_writer_ok(w) ? GT_OK : GT_ERR_USAGE;
}

gt_err gt_send_client_hello(gt_conn *c)
{
    uint8_t buf[512];
    gt_writer w;
    gt_writer_init(&w, buf, sizeof buf);
    if (gt_rng_bytes(c->rng, c->client_random, GT_RANDOM_LEN) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "the random number generator failed");
    const char *host = c->cfg->server_name;
    uint8_t ip[16];
    bool sni = host && *host && !gt_ip_literal(host, ip); /* RFC 6066 3: no IP literals */
    if (sni && strlen(host) > 255)
        return gt_conn_fail(c, GT_ERR_USAGE, "the server name is longer than 255 bytes");
    c->client_version = GT_TLS12;
    c->offered_ems = !c->cfg->no_ems;
    c->offered_sni = sni;

    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_CLIENT_HELLO);
    gt_err wrc = gt_client_hello_write(&w, c->client_random, sni ? host : NULL, c->offered_ems);
    if (wrc != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "writing the ClientHello failed (%s)",
                            gt_err_name(wrc));

    char summary[256];
    snprintf(summary, sizeof summary,
             "TLS 1.2, cipher suite TLS_RSA_WITH_AES_128_GCM_SHA256%s%s, extended master "
             "secret %s",
             sni ? ", server_name " : "", sni ? host : "",
             c->offered_ems ? "offered" : "not offered");
    gt_err rc = gt_handshake_send(c, &w, msg, summary);
    if (rc == GT_OK)
        gt_tracker_set(c, GT_VAR_CLIENT_HELLO, GT_VAL_SENT);
    return rc;
}

/* The server's side of step 1: read the offer and decide. */
gt_err gt_recv_client_hello(gt_conn *c)
{
    gt_reader body;
    gt_client_hello ch;
    gt_err rc = gt_handshake_recv(c, GT_HS_CLIENT_HELLO, &body);
    if (rc != GT_OK)
        return rc;
    if ((rc = gt_client_hello_parse(&body, &ch, &c->err)) != GT_OK)
        return rc;
    /* RFC 5246 E.1: a client offering a higher version gets our highest, 1.2;
     * one offering only older versions is refused. */
    if (ch.client_version < GT_TLS12)
        return gt_conn_fail(c, GT_ERR_PROTOCOL_VERSION,
                            "the client offers at most version %u.%u; glasstls speaks only TLS 1.2",
                            ch.client_version >> 8, ch.client_version & 0xff);
    if (!ch.offers_our_suite)
        return gt_conn_fail(c, GT_ERR_HANDSHAKE_FAILURE,
                            "none of the client's %zu cipher suites is "
                            "TLS_RSA_WITH_AES_128_GCM_SHA256, the only one glasstls supports",
                            ch.n_cipher_suites);
    if (!ch.null_compression)
        return gt_conn_fail(c, GT_ERR_ILLEGAL_PARAMETER,
                            "the client does not offer null compression, which RFC 5246 requires");
    c->client_version = ch.client_version;
    memcpy(c->client_random, ch.random, GT_RANDOM_LEN);
    c->cipher_suite = GT_TLS_RSA_WITH_AES_128_GCM_SHA256;
    c->ems = ch.ext.extended_master_secret && !c->cfg->no_ems;
    c->secure_renegotiation = ch.ext.renegotiation_info || ch.offers_scsv;
    snprintf(c->sni, sizeof c->sni, "%s", ch.ext.host_name);
    c->rl.peer_version_known = true;
    c->rl.peer_version = GT_TLS12;

    char summary[320];
    snprintf(summary, sizeof summary,
             "client offers %zu cipher suites and %zu extensions%s%s%s; chosen: TLS 1.2, "
             "TLS_RSA_WITH_AES_128_GCM_SHA256",
             ch.n_cipher_suites, ch.ext.count, c->sni[0] ? ", asks for " : "", c->sni,
             ch.ext.supported_versions ? " (it also speaks TLS 1.3, which glasstls does not yet)"
                                       : "");
    gt_report_check(c, summary);
    return GT_OK;
}

/* ---- step 2a: ServerHello ---- */

gt_err gt_send_server_hello(gt_conn *c)
{
    uint8_t buf[128];
    gt_writer w;
    gt_writer_init(&w, buf, sizeof buf);
    if (gt_rng_bytes(c->rng, c->server_random, GT_RANDOM_LEN) != GT_OK)
        return gt_conn_fail(c, GT_ERR_INTERNAL, "the random number generator failed");
    gt_vec_mark msg = gt_handshake_begin(&w, GT_HS_SERVER_HELLO);
    gt_write_u16(&w, GT_TLS12);
    gt_write_bytes(&w, c->server_random, GT_RANDOM_LEN);
    gt_write_u8(&w, 0); /* empty session_id: this session will not be resumed */
    gt_write_u16(&w, c->cipher_suite);
    gt_write_u8(&w, 0); /* null compression */
    if (c->secure_renegotiation || c->ems) {
        gt_vec_mark exts = gt_write_vec_begin(&w, 2);
        if (c->secure_renegotiation) {
            gt_write_u16(&w, GT_EXT_RENEGOTIATION_INFO);
            gt_write_u16(&w, 1);
            gt_write_u8(&w, 0);
        }
        if (c->ems)
            write_extension_empty(&w, GT_EXT_EXTENDED_MASTER_SECRET);
        gt_write_vec_end(&w, exts);
    }
    char summary[160];
    snprintf(summary, sizeof summary,
             "TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, extended master secret %s",
             c->ems ? "on" : "off");
    gt_err rc = gt_handshake_send(c, &w, msg, summary);
    if (rc == GT_OK)
        gt_tracker_set(c, GT_VAR_SERVER_HELLO, GT_VAL_SENT);
    return rc;
}

gt_err gt_recv_server_hello(gt_conn *c)
{
    gt_reader body;
    gt_server_hello sh;
    gt_err rc = gt_handshake_recv(c, GT_HS_SERVER_HELLO, &body);
    if (rc != GT_OK)
        return rc;
    if ((rc = gt_server_hello_parse(&body, &sh, &c->err)) != GT_OK)
        return rc;
    if (sh.server_version != GT_TLS12)
        return gt_conn_fail(c, GT_ERR_PROTOCOL_VERSION,
                            "the server chose version %u.%u; glasstls speaks only TLS 1.2 (3.3)",
                            sh.server_version >> 8, sh.server_version & 0xff);
    if (sh.cipher_suite != GT_TLS_RSA_WITH_AES_128_GCM_SHA256)
        return gt_conn_fail(c, GT_ERR_ILLEGAL_PARAMETER,
                            "the server chose cipher suite 0x%04x, which the client did not offer",
                            sh.cipher_suite);
    if (sh.compression != 0)
        return gt_conn_fail(
            c, GT_ERR_ILLEGAL_PARAMETER,
            "the server chose compression method %u, which the client did not offer",
            sh.compression);
    /* RFC 5246 7.4.1.4: a server may only answer extensions the client sent. */
    for (size_t i = 0; i < sh.ext.count; i++) {
        uint16_t t = sh.ext.types[i];
        bool offered = t == GT_EXT_RENEGOTIATION_INFO ||
                       (t == GT_EXT_SERVER_NAME && c->offered_sni) ||
                       (t == GT_EXT_EXTENDED_MASTER_SECRET && c->offered_ems);
        if (!offered)
            return gt_conn_fail(c, GT_ERR_UNSUPPORTED_EXTENSION,
                                "the server sent the %s extension (%u), which the client did "
                                "not offer",
                                gt_extension_name(t), t);
    }
    memcpy(c->server_random, sh.random, GT_RANDOM_LEN);
    c->cipher_suite = sh.cipher_suite;
    c->ems = sh.ext.extended_master_secret;
    c->secure_renegotiation = sh.ext.renegotiation_info;
    c->rl.peer_version_known = true;
    c->rl.peer_version = GT_TLS12;

    char summary[200];
    snprintf(summary, sizeof summary,
             "server chose TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256; extended master secret %s, "
             "secure renegotiation %s",
             c->ems ? "on" : "off", c->secure_renegotiation ? "supported" : "not signalled");
    gt_report_check(c, summary);
    gt_tracker_set(c, GT_VAR_SERVER_HELLO, GT_VAL_SENT);
    return GT_OK;
}
