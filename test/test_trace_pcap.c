/* test/test_trace_pcap: `glasstls demo --pcap FILE --keylog FILE`, judged by
 * Wireshark's dissector (tshark, a test-only Debian package): the capture
 * must open, hold the handshake from ClientHello through both Finished
 * messages (RFC 5246 7.3), carry correct IPv4 and TCP checksums and sequence
 * numbers, and with the key log give back the application data's plaintext
 * (and without it, not). Nothing of glasstls reads the files back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"
#include "test/helpers/tmpdir.h"

typedef struct files {
    char dir[64], pcap[96], keylog[96], out[96];
} files;

static int setup(void **state)
{
    files *f = calloc(1, sizeof *f);
    if (gt_tmpdir_make(f->dir, sizeof f->dir, "pcap") != 0)
        return -1;
    gt_tmpdir_path(f->pcap, sizeof f->pcap, f->dir, "demo.pcap");
    gt_tmpdir_path(f->keylog, sizeof f->keylog, f->dir, "demo.keys");
    gt_tmpdir_path(f->out, sizeof f->out, f->dir, "out.txt");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    files *f = *state;
    int rc = gt_tmpdir_remove(f->dir);
    free(f);
    return rc;
}

/* Runs a shell command with a time bound; returns its output, NUL-ended. */
static char *run(const char *out_path, const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[1200];
    snprintf(full, sizeof full, "timeout 60 %s >%s 2>/dev/null", cmd, out_path);
    if (system(full) != 0)
        print_message("(command said non-zero: %s)\n", cmd);
    FILE *f = fopen(out_path, "r");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return strdup(buf);
}

static bool have_tshark(void) { return system("command -v tshark >/dev/null 2>&1") == 0; }

static void write_demo_capture(files *f)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "timeout 60 %s demo --seed 7 --no-pause --pcap %s --keylog %s >/dev/null",
             gt_cli_path(), f->pcap, f->keylog);
    assert_int_equal(system(cmd), 0);
}

static void test_tshark_sees_the_handshake_and_the_plaintext(void **state)
{
    files *f = *state;
    if (!have_tshark())
        skip(); /* scripts/deps.sh test installs it; `make test` runs that first */
    write_demo_capture(f);
    char *info = run(f->out, "tshark -r %s -o tls.keylog_file:%s -T fields -e _ws.col.Info",
                     f->pcap, f->keylog);
    /* in this order, RFC 5246 7.3 */
    static const char *const flow[] = {
        "Client Hello",      "Server Hello",        "Certificate",
        "Server Hello Done", "Client Key Exchange", "Change Cipher Spec",
        "Finished",          "Change Cipher Spec",  "Finished"};
    const char *at = info;
    for (size_t i = 0; i < sizeof flow / sizeof flow[0]; i++) {
        const char *next = strstr(at, flow[i]);
        if (!next)
            fail_msg("tshark does not show %s (after the earlier messages):\n%s", flow[i], info);
        at = next + strlen(flow[i]);
    }
    free(info);
    char *plain = run(f->out, "tshark -r %s -o tls.keylog_file:%s -q -z follow,tls,ascii,0",
                      f->pcap, f->keylog);
    assert_non_null(strstr(plain, "GET /temperature"));
    assert_non_null(strstr(plain, "temperature=21.5C humidity=40%"));
    free(plain);
}

static void test_without_the_keylog_nothing_decrypts(void **state)
{
    files *f = *state;
    if (!have_tshark())
        skip();
    write_demo_capture(f);
    char *info = run(f->out, "tshark -r %s -T fields -e _ws.col.Info", f->pcap);
    assert_non_null(strstr(info, "Client Hello"));
    assert_null(strstr(info, "Finished"));
    assert_non_null(strstr(info, "Encrypted Handshake Message"));
    free(info);
    char *plain = run(f->out, "tshark -r %s -q -z follow,tls,ascii,0", f->pcap);
    assert_null(strstr(plain, "GET /temperature"));
    free(plain);
}

/* IPv4 header and TCP checksums verified by tshark (1 = good), and no TCP
 * analysis complaint (lost segment, bad ack, retransmission ...). */
static void test_checksums_and_sequence_numbers(void **state)
{
    files *f = *state;
    if (!have_tshark())
        skip();
    write_demo_capture(f);
    char *st = run(f->out,
                   "tshark -r %s -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields "
                   "-e frame.number -e ip.checksum.status -e tcp.checksum.status",
                   f->pcap);
    int frames = 0;
    for (char *line = strtok(st, "\n"); line; line = strtok(NULL, "\n")) {
        int n, ip, tcp;
        assert_int_equal(sscanf(line, "%d %d %d", &n, &ip, &tcp), 3);
        if (ip != 1 || tcp != 1)
            fail_msg("frame %d: checksum status ip %d tcp %d (1 is good)", n, ip, tcp);
        frames++;
    }
    assert_true(frames >= 3 + 9 + 3); /* SYN exchange, the handshake, FIN exchange */
    free(st);
    char *bad =
        run(f->out, "tshark -r %s -Y tcp.analysis.flags -T fields -e frame.number", f->pcap);
    assert_string_equal(bad, "");
    free(bad);
    char *syn = run(f->out,
                    "tshark -r %s -Y \"tcp.flags.syn==1 && tcp.port==443\" -T fields "
                    "-e tcp.srcport -e tcp.dstport",
                    f->pcap);
    assert_non_null(strstr(syn, "443"));
    free(syn);
}

/* A handshake stopped on purpose: the capture ends with the client's fatal
 * alert (RFC 5246 7.2.2, certificate_expired), though nobody read it. */
static void test_failed_handshake_ends_with_the_alert(void **state)
{
    files *f = *state;
    if (!have_tshark())
        skip();
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "timeout 60 %s demo --seed 7 --no-pause --scenario expired-cert --pcap %s >/dev/null",
             gt_cli_path(), f->pcap);
    assert_int_equal(system(cmd), 1 << 8); /* exit status 1: the handshake stopped */
    char *info = run(f->out, "tshark -r %s -T fields -e _ws.col.Info", f->pcap);
    assert_non_null(strstr(info, "Server Hello Done"));
    assert_non_null(strstr(info, "Alert (Level: Fatal, Description: Certificate Expired)"));
    assert_null(strstr(info, "Client Key Exchange"));
    free(info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tshark_sees_the_handshake_and_the_plaintext, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_without_the_keylog_nothing_decrypts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checksums_and_sequence_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_handshake_ends_with_the_alert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
