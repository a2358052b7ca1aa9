/* test/test_fixture_session: sanity checks on the recorded OpenSSL sessions
 * (test/fixtures/openssl-session/) before other tests trust them. Uses only the
 * fixture and libc: the values compared here all come from OpenSSL (its -msg
 * output, its keylog, its own session report), none from glasstls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/fixture_state.h"
#include "test/helpers/transcript.h"

/* ---- set-up: one loaded session per test ------------------------------------ */

/* ---- reading a hello's extensions (RFC 5246 7.4.1.2, 7.4.1.3) --------------- */

static unsigned u16_at(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* Offset of the extensions block (its 2-byte length) in a ClientHello or
 * ServerHello, header included; 0 if the hello has none. */
static size_t extensions_offset(const struct gt_fixture_message *m)
{
    const uint8_t *b = m->bytes;
    size_t at = 4 + 2 + 32; /* header, version, random */
    assert_true(at < m->len);
    at += 1 + b[at]; /* session_id */
    if (b[0] == 1) { /* ClientHello: cipher_suites, compression_methods */
        assert_true(at + 2 <= m->len);
        at += 2 + u16_at(b + at);
        assert_true(at < m->len);
        at += 1 + b[at];
    } else { /* ServerHello: cipher_suite, compression_method */
        at += 2 + 1;
    }
    assert_true(at <= m->len);
    if (at == m->len)
        return 0;
    assert_true(at + 2 + u16_at(b + at) == m->len); /* the block ends the message */
    return at;
}

static int has_extension(const struct gt_fixture_message *m, unsigned type)
{
    size_t at = extensions_offset(m);
    if (at == 0)
        return 0;
    size_t end = m->len;
    for (at += 2; at + 4 <= end; at += 4 + u16_at(m->bytes + at + 2)) {
        if (u16_at(m->bytes + at) == type)
            return 1;
    }
    assert_int_equal(at, end); /* the extensions tile the block exactly */
    return 0;
}

static const struct gt_fixture_message *find(void **state, int from_client, const char *name)
{
    const struct gt_fixture_message *m = gt_fixture_find(*state, from_client, name);
    if (m == NULL)
        fail_msg("the fixture has no %s %s", from_client ? "client" : "server", name);
    return m;
}

/* ---- the tests --------------------------------------------------------------- */

static void test_message_order(void **state)
{
    static const struct {
        int from_client;
        const char *name;
        enum gt_fixture_kind kind;
    } expected[] = {
        {1, "ClientHello", GT_FIXTURE_HANDSHAKE},
        {0, "ServerHello", GT_FIXTURE_HANDSHAKE},
        {0, "Certificate", GT_FIXTURE_HANDSHAKE},
        {0, "ServerHelloDone", GT_FIXTURE_HANDSHAKE},
        {1, "ClientKeyExchange", GT_FIXTURE_HANDSHAKE},
        {1, "ChangeCipherSpec", GT_FIXTURE_CHANGE_CIPHER_SPEC},
        {1, "Finished", GT_FIXTURE_HANDSHAKE},
        {0, "ChangeCipherSpec", GT_FIXTURE_CHANGE_CIPHER_SPEC},
        {0, "Finished", GT_FIXTURE_HANDSHAKE},
        {1, "ApplicationData", GT_FIXTURE_APPLICATION_DATA},
        {0, "ApplicationData", GT_FIXTURE_APPLICATION_DATA},
        {1, "Alert", GT_FIXTURE_ALERT},
        {0, "Alert", GT_FIXTURE_ALERT},
    };
    /* HandshakeType values, RFC 5246 7.4 */
    static const uint8_t hs_type[] = {1, 2, 11, 14, 16, 0, 20, 0, 20};
    const struct gt_fixture_session *s = *state;
    assert_int_equal(s->n_msgs, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < s->n_msgs; i++) {
        assert_int_equal(s->msgs[i].from_client, expected[i].from_client);
        assert_string_equal(s->msgs[i].name, expected[i].name);
        assert_int_equal(s->msgs[i].kind, expected[i].kind);
        if (expected[i].kind == GT_FIXTURE_HANDSHAKE)
            assert_int_equal(s->msgs[i].bytes[0], hs_type[i]);
    }
}

static void test_fixed_sizes(void **state)
{
    /* ServerHelloDone is empty; Finished carries 12 bytes of verify_data;
     * the ClientKeyExchange holds a 2-byte length and a 256-byte RSA-2048
     * ciphertext; ChangeCipherSpec is the byte 1; close_notify is (1, 0). */
    static const uint8_t done[] = {14, 0, 0, 0}, ccs[] = {1}, close_notify[] = {1, 0};
    assert_memory_equal(find(state, 0, "ServerHelloDone")->bytes, done, 4);
    assert_int_equal(find(state, 0, "ServerHelloDone")->len, 4);
    assert_int_equal(find(state, 1, "Finished")->len, 4 + 12);
    assert_int_equal(find(state, 0, "Finished")->len, 4 + 12);
    const struct gt_fixture_message *cke = find(state, 1, "ClientKeyExchange");
    assert_int_equal(cke->len, 4 + 2 + 256);
    assert_int_equal(u16_at(cke->bytes + 4), 256);
    assert_int_equal(find(state, 1, "ChangeCipherSpec")->len, 1);
    assert_memory_equal(find(state, 0, "ChangeCipherSpec")->bytes, ccs, 1);
    assert_memory_equal(find(state, 1, "Alert")->bytes, close_notify, 2);
    assert_memory_equal(find(state, 0, "Alert")->bytes, close_notify, 2);
}

static void test_client_random_matches_keylog(void **state)
{
    const struct gt_fixture_session *s = *state;
    const struct gt_fixture_message *ch = find(state, 1, "ClientHello");
    assert_true(ch->len >= 38);
    assert_int_equal(u16_at(ch->bytes + 4), 0x0303); /* client_version: TLS 1.2 */
    assert_memory_equal(ch->bytes + 6, s->client_random, 32);
}

static void test_server_hello(void **state)
{
    const struct gt_fixture_session *s = *state;
    const struct gt_fixture_message *sh = find(state, 0, "ServerHello");
    assert_int_equal(u16_at(sh->bytes + 4), 0x0303); /* server_version: TLS 1.2 */
    assert_memory_equal(sh->bytes + 6, s->server_random, 32);
    assert_memory_not_equal(s->server_random, s->client_random, 32);
    size_t at = 4 + 2 + 32;
    at += 1 + sh->bytes[at];                          /* session_id */
    assert_int_equal(u16_at(sh->bytes + at), 0x009c); /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
    assert_int_equal(sh->bytes[at + 2], 0);           /* compression: null */
    /* ... and the ClientHello offered it */
    const struct gt_fixture_message *ch = find(state, 1, "ClientHello");
    size_t c = 4 + 2 + 32;
    c += 1 + ch->bytes[c];
    int offered = 0;
    for (size_t i = 0; i < u16_at(ch->bytes + c); i += 2)
        offered |= u16_at(ch->bytes + c + 2 + i) == 0x009c;
    assert_true(offered);
}

static void test_secure_renegotiation(void **state)
{
    /* RFC 5746: the client signals it with the cipher suite value
     * TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff) or an empty renegotiation_info
     * extension (0xff01); the server answers with the extension. OpenSSL 3
     * clients refuse servers that do not. */
    const struct gt_fixture_message *ch = find(state, 1, "ClientHello");
    size_t c = 4 + 2 + 32;
    c += 1 + ch->bytes[c];
    int scsv = 0;
    for (size_t i = 0; i < u16_at(ch->bytes + c); i += 2)
        scsv |= u16_at(ch->bytes + c + 2 + i) == 0x00ff;
    assert_true(scsv || has_extension(ch, 0xff01));
    assert_true(has_extension(find(state, 0, "ServerHello"), 0xff01));
}

static void test_ems_in_both_hellos(void **state)
{
    const struct gt_fixture_session *s = *state;
    assert_true(s->extended_master_secret);
    assert_true(has_extension(find(state, 1, "ClientHello"), 0x0017));
    assert_true(has_extension(find(state, 0, "ServerHello"), 0x0017));
}

static void test_no_ems_in_server_hello(void **state)
{
    const struct gt_fixture_session *s = *state;
    assert_false(s->extended_master_secret);
    /* The client still offered it; the server (recorded with
     * Options = -ExtendedMasterSecret) did not take it. */
    assert_true(has_extension(find(state, 1, "ClientHello"), 0x0017));
    assert_false(has_extension(find(state, 0, "ServerHello"), 0x0017));
}

static void test_keylog_premaster(void **state)
{
    /* The RSA line of OpenSSL's keylog gives the premaster; its first two
     * bytes are the version the client offered (RFC 5246 7.4.7.1). */
    const struct gt_fixture_session *s = *state;
    assert_true(s->has_premaster);
    assert_int_equal(u16_at(s->premaster_secret), 0x0303);
}

/* Walks a raw stream record by record (RFC 5246 6.2.1) and checks that each
 * plaintext handshake record holds exactly the next message of that sender. */
static void check_stream(const struct gt_fixture_session *s, int from_client, const uint8_t *p,
                         size_t n)
{
    size_t at = 0, next = 0, records = 0;
    int encrypted = 0;
    assert_non_null(p);
    while (at < n) {
        assert_true(at + 5 <= n);
        size_t len = u16_at(p + at + 3);
        assert_true(at + 5 + len <= n);
        while (next < s->n_msgs && s->msgs[next].from_client != from_client)
            next++;
        assert_true(next < s->n_msgs);
        const struct gt_fixture_message *m = &s->msgs[next++];
        if (!encrypted) {
            assert_int_equal(len, m->len);
            assert_memory_equal(p + at + 5, m->bytes, len);
        } else {
            assert_int_equal(len, 8 + m->len + 16); /* explicit nonce, tag (RFC 5288) */
        }
        if (m->kind == GT_FIXTURE_CHANGE_CIPHER_SPEC)
            encrypted = 1;
        at += 5 + len;
        records++;
    }
    assert_int_equal(at, n);
    assert_true(records >= 4);
}

static void test_raw_streams(void **state)
{
    const struct gt_fixture_session *s = *state;
    check_stream(s, 1, s->client_to_server, s->client_to_server_len);
    check_stream(s, 0, s->server_to_client, s->server_to_client_len);
    assert_int_equal(s->client_to_server[0], 0x16);            /* handshake */
    assert_int_equal(u16_at(s->client_to_server + 1), 0x0301); /* see the README */
}

static void test_handshake_bytes(void **state)
{
    /* Before the client's Finished: ClientHello .. ClientKeyExchange, the
     * first five messages, and not the ChangeCipherSpec. */
    const struct gt_fixture_session *s = *state;
    uint8_t *buf;
    size_t n = gt_fixture_handshake_bytes(s, find(state, 1, "Finished"), &buf);
    size_t want = 0;
    for (size_t i = 0; i < 5; i++)
        want += s->msgs[i].len;
    assert_int_equal(n, want);
    for (size_t i = 0, at = 0; i < 5; at += s->msgs[i].len, i++)
        assert_memory_equal(buf + at, s->msgs[i].bytes, s->msgs[i].len);
    free(buf);
    /* NULL: every handshake message, both Finished included. */
    n = gt_fixture_handshake_bytes(s, NULL, &buf);
    assert_int_equal(n, want + 16 + 16);
    free(buf);
}

static void test_load_missing_dir(void **state)
{
    (void)state;
    struct gt_fixture_session s;
    assert_int_equal(gt_transcript_fixture_load("test/fixtures/no-such-session", &s), -1);
    assert_non_null(strstr(s.error, "no-such-session"));
    gt_fixture_session_free(&s); /* harmless after a failed load */
}

/* A broken fixture must fail to load, with a reason, rather than half-load. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_load_error(const char *dir, const char *messages, const char *keylog,
                              const char *why)
{
    static const char session[] = "extended_master_secret yes\n";
    write_file(dir, "messages.txt", messages);
    write_file(dir, "keylog.txt", keylog);
    write_file(dir, "session.txt", session);
    struct gt_fixture_session s;
    assert_int_equal(gt_transcript_fixture_load(dir, &s), -1);
    if (strstr(s.error, why) == NULL)
        fail_msg("expected an error about \"%s\", got \"%s\"", why, s.error);
}

static void test_load_broken_fixture(void **state)
{
    (void)state;
    char dir[] = "/tmp/gt-fixture-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char keylog[] = "CLIENT_RANDOM " /* 32 + 48 bytes of zeros */
                                 "0000000000000000000000000000000000000000000000000000000000000000 "
                                 "000000000000000000000000000000000000000000000000"
                                 "000000000000000000000000000000000000000000000000\n";
    /* ServerHelloDone claiming one byte of body it does not have */
    expect_load_error(dir, "server ServerHelloDone 0e000001\n", keylog, "length in header");
    expect_load_error(dir, "server ServerHelloDone 0e00000g\n", keylog, "bad hex");
    expect_load_error(dir, "someone ServerHelloDone 0e000000\n", keylog, "sender");
    expect_load_error(dir, "server ServerHelloDone\n", keylog, "sender name hex");
    expect_load_error(dir, "server ServerHelloDone 0e000000\n", "# empty\n", "CLIENT_RANDOM");
    expect_load_error(dir, "server ServerHelloDone 0e000000\n", keylog, "no ServerHello");
    static const char *const names[] = {"messages.txt", "keylog.txt", "session.txt"};
    for (size_t i = 0; i < 3; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

/* Runs a test on both sessions, named so that a failure says which one. */
#define BOTH(t)                                                                                    \
    {#t " (ems)", t, gt_fixture_setup_ems, gt_fixture_teardown, NULL},                             \
    {                                                                                              \
#t " (no-ems)", t, gt_fixture_setup_no_ems, gt_fixture_teardown, NULL                      \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_message_order),
        BOTH(test_fixed_sizes),
        BOTH(test_client_random_matches_keylog),
        BOTH(test_server_hello),
        BOTH(test_secure_renegotiation),
        cmocka_unit_test_setup_teardown(test_ems_in_both_hellos, gt_fixture_setup_ems,
                                        gt_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_no_ems_in_server_hello, gt_fixture_setup_no_ems,
                                        gt_fixture_teardown),
        BOTH(test_keylog_premaster),
        BOTH(test_raw_streams),
        BOTH(test_handshake_bytes),
        cmocka_unit_test(test_load_missing_dir),
        cmocka_unit_test(test_load_broken_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
