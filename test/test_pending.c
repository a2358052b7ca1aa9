/* test/test_pending: gt_pending() (handshake/conn.c), which tells a program
 * polling a socket whether received bytes already wait to be read. The
 * record just handed up stays in the record layer's buffer until the next
 * read; counting it as pending made `glasstls client` block in a read until
 * its timeout after every answer (found by `make valgrind` against
 * openssl s_server). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "test/helpers/demo_pair.h"

#define NOW 1767225600 /* 2026-01-01, inside the demo PKI's validity */

static gt_demo_pair *connected(void)
{
    static gt_demo_pair p;
    const char *chain[] = {"test/pki/sensor-hub.pem", NULL};
    assert_int_equal(gt_demo_pair_load(&p, chain, "test/pki/sensor-hub.key", NOW), 0);
    assert_int_equal(gt_demo_pair_start(&p), 0);
    for (int i = 0; i < 64 && !(gt_handshake_done(p.client) && gt_handshake_done(p.server)); i++) {
        gt_err c = gt_handshake_step(p.client), s = gt_handshake_step(p.server);
        assert_true(c == GT_OK || c == GT_WANT_READ);
        assert_true(s == GT_OK || s == GT_WANT_READ);
    }
    assert_true(gt_handshake_done(p.client) && gt_handshake_done(p.server));
    return &p;
}

static void test_nothing_pending_after_the_last_record_is_read(void **state)
{
    (void)state;
    gt_demo_pair *p = connected();
    uint8_t buf[64];
    size_t got;
    assert_int_equal(gt_write(p->server, (const uint8_t *)"21.5C", 5), GT_OK);
    assert_int_equal(gt_read(p->client, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, 5);
    assert_memory_equal(buf, "21.5C", 5);
    assert_false(gt_pending(p->client));
    gt_demo_pair_free(p);
}

static void test_pending_counts_unread_data_and_unread_records(void **state)
{
    (void)state;
    gt_demo_pair *p = connected();
    uint8_t buf[64];
    size_t got;
    assert_int_equal(gt_write(p->server, (const uint8_t *)"one", 3), GT_OK);
    assert_int_equal(gt_write(p->server, (const uint8_t *)"two", 3), GT_OK);
    assert_int_equal(gt_read(p->client, buf, 2, &got), GT_OK); /* "on": "e" is left */
    assert_true(gt_pending(p->client));
    assert_int_equal(gt_read(p->client, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, 1);
    /* the pipe handed both records over at once: "two" waits in the buffer */
    assert_true(gt_pending(p->client));
    assert_int_equal(gt_read(p->client, buf, sizeof buf, &got), GT_OK);
    assert_int_equal(got, 3);
    assert_memory_equal(buf, "two", 3);
    assert_false(gt_pending(p->client));
    gt_demo_pair_free(p);
}

static int setup(void **state)
{
    (void)state;
    return gt_crypto_init() == GT_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_pending_after_the_last_record_is_read),
        cmocka_unit_test(test_pending_counts_unread_data_and_unread_records),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
