/* test/test_trace_files: the trace files as a user meets them (issue 4, Bad
 * input): a path that cannot be written stops the command before the
 * handshake with one clear line and a non-zero exit, and leaves nothing
 * behind, not even the other traces asked for; a run that works leaves
 * exactly the files asked for, whole; a killed server leaves no temporary
 * file. The command is $GLASSTLS (default build/glasstls). */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <cmocka.h>

#include "test/helpers/cli_run.h"
#include "test/helpers/openssl_peer.h"
#include "test/helpers/tmpdir.h"

typedef struct files {
    char dir[64];
    char out[128], err[128];
    gt_peer server;
} files;

static int setup(void **state)
{
    files *f = calloc(1, sizeof *f);
    if (gt_tmpdir_make(f->dir, sizeof f->dir, "files") != 0)
        return -1;
    /* the command's own output goes beside, not into, the directory checked */
    snprintf(f->out, sizeof f->out, "%s.out", f->dir);
    snprintf(f->err, sizeof f->err, "%s.err", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    files *f = *state;
    gt_peer_stop(&f->server);
    int rc = gt_tmpdir_remove(f->dir);
    unlink(f->out);
    unlink(f->err);
    free(f);
    return rc;
}

/* Runs glasstls with the arguments (a shell-free list would be nicer; every
 * argument here is ours) and returns its exit status. */
static int run(files *f, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "NO_COLOR=1 timeout 60 %s %s </dev/null >%s 2>%s", gt_cli_path(),
             args, f->out, f->err);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    return buf;
}

/* The names in the directory, sorted, joined by spaces ("" when empty). */
static char *listing(const char *dir)
{
    static char names[1024];
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    assert_true(n >= 0);
    names[0] = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
            if (names[0])
                strncat(names, " ", sizeof names - strlen(names) - 1);
            strncat(names, list[i]->d_name, sizeof names - strlen(names) - 1);
        }
        free(list[i]);
    }
    free(list);
    return names;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_unwritable_path_stops_before_the_handshake(void **state)
{
    files *f = *state;
    char args[512];
    snprintf(args, sizeof args, "demo --seed 7 --json %s/no/such/dir/trace.json", f->dir);
    assert_int_not_equal(run(f, args), 0);
    const char *err = slurp(f->err);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "--json"));
    assert_non_null(strstr(err, "no/such/dir/trace.json"));
    assert_non_null(strstr(err, "No such file or directory"));
    assert_string_equal(slurp(f->out), ""); /* no step was told: nothing ran */
    assert_string_equal(listing(f->dir), "");
}

static void test_directory_as_target(void **state)
{
    files *f = *state;
    char args[512];
    snprintf(args, sizeof args, "demo --seed 7 --pcap %s", f->dir);
    assert_int_not_equal(run(f, args), 0);
    const char *err = slurp(f->err);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "is a directory"));
    assert_string_equal(listing(f->dir), "");
}

/* One bad path spoils the lot: the good ones are not left half-done. */
static void test_one_bad_path_leaves_no_other_file(void **state)
{
    files *f = *state;
    char args[512];
    snprintf(args, sizeof args,
             "demo --seed 7 --json %s/ok.json --keylog %s/ok.keys --pcap %s/missing/x.pcap", f->dir,
             f->dir, f->dir);
    assert_int_not_equal(run(f, args), 0);
    assert_int_equal(count_lines(slurp(f->err)), 1);
    assert_string_equal(listing(f->dir), "");
}

static void test_two_traces_one_file(void **state)
{
    files *f = *state;
    char args[512];
    snprintf(args, sizeof args, "demo --seed 7 --json %s/same --keylog %s/same", f->dir, f->dir);
    assert_int_equal(run(f, args), 2);
    const char *err = slurp(f->err);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "same file"));
    assert_string_equal(listing(f->dir), "");
}

static void test_missing_value(void **state)
{
    files *f = *state;
    assert_int_equal(run(f, "demo --seed 7 --keylog"), 2);
    const char *err = slurp(f->err);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "--keylog needs a file name"));
}

static void test_client_checks_paths_before_connecting(void **state)
{
    files *f = *state;
    char args[512];
    /* port 9 on 127.0.0.1 has nobody: had the client connected first, the
     * error would be about the connection, not the file */
    snprintf(args, sizeof args, "client --connect 127.0.0.1:9 --keylog %s/none/k.log", f->dir);
    assert_int_not_equal(run(f, args), 0);
    const char *err = slurp(f->err);
    assert_int_equal(count_lines(err), 1);
    assert_non_null(strstr(err, "--keylog"));
    assert_string_equal(listing(f->dir), "");
}

/* A run that works leaves exactly the files asked for, whole; one whose
 * handshake fails on purpose still leaves its traces (they show why). */
static void test_good_and_failed_runs_leave_whole_files(void **state)
{
    files *f = *state;
    char args[512];
    snprintf(args, sizeof args,
             "demo --seed 7 --no-pause --json %s/t.json --keylog %s/t.keys --pcap %s/t.pcap",
             f->dir, f->dir, f->dir);
    assert_int_equal(run(f, args), 0);
    assert_string_equal(listing(f->dir), "t.json t.keys t.pcap");
    char path[128];
    snprintf(path, sizeof path, "%s/t.json", f->dir);
    const char *json = slurp(path);
    assert_true(strlen(json) > 0 && json[strlen(json) - 1] == '\n');
    snprintf(path, sizeof path, "%s/t.keys", f->dir);
    assert_int_equal(strlen(slurp(path)), 14 + 64 + 1 + 96 + 1);
    /* The key log's master secret decrypts the whole session: like a private
     * key file, it is for its owner's eyes only (mode 0600). */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    snprintf(args, sizeof args,
             "demo --seed 7 --no-pause --scenario expired-cert --json %s/bad.json", f->dir);
    assert_int_equal(run(f, args), 1);
    snprintf(path, sizeof path, "%s/bad.json", f->dir);
    assert_non_null(strstr(slurp(path), "\"name\":\"certificate_expired\""));
    assert_string_equal(listing(f->dir), "bad.json t.json t.keys t.pcap");
}

/* Starts `glasstls server --json` on a free port, opens a connection and
 * sends nothing, so the server sits in its handshake with a temporary trace
 * file open; then sends sig and waits for the server to end. */
static void signal_server_in_handshake(files *f, int sig)
{
    char json[128];
    snprintf(json, sizeof json, "%s/server.json", f->dir);
    const char *const argv[] = {gt_cli_path(), "server", "--port", "0", "--json", json, NULL};
    assert_int_equal(gt_peer_spawn(&f->server, 30, argv), 0);
    assert_true(gt_peer_wait_for(&f->server, "listening on 127.0.0.1:", 10000));
    assert_true(gt_peer_wait_for(&f->server, "\n", 2000));
    int port = atoi(strstr(gt_peer_output(&f->server), "127.0.0.1:") + 10);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    usleep(200 * 1000); /* the server has accepted and waits for a ClientHello */
    kill(f->server.pid, sig);
    assert_true(gt_peer_wait_exit(&f->server, 5000));
    close(fd);
}

/* Killed while a client is in the middle of its handshake, the server
 * leaves no temporary file behind. */
static void test_killed_server_leaves_nothing(void **state)
{
    files *f = *state;
    signal_server_in_handshake(f, SIGTERM);
    assert_string_equal(listing(f->dir), "");
}

/* Ctrl-C (SIGINT) while a client is in its handshake: glasstls's own handler
 * ends the server with status 130 (demo/common.c), and the trace's
 * temporary file must go too, as with SIGTERM. */
static void test_interrupted_server_leaves_nothing(void **state)
{
    files *f = *state;
    signal_server_in_handshake(f, SIGINT);
    assert_true(WIFEXITED(f->server.wait_status));
    assert_int_equal(WEXITSTATUS(f->server.wait_status), 130);
    assert_string_equal(listing(f->dir), "");
}

/* A reader that went away (`glasstls demo --json t.json | head -3`): the
 * demo ends quietly with status 0 (docs/demo.md) and, having no whole
 * trace, leaves no file at all, temporary or not. */
static void test_closed_pipe_leaves_nothing(void **state)
{
    files *f = *state;
    char json[128], pcap[128];
    snprintf(json, sizeof json, "%s/t.json", f->dir);
    snprintf(pcap, sizeof pcap, "%s/t.pcap", f->dir);
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]); /* the reader is gone before the first write */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(p[1], STDOUT_FILENO);
        int in = open("/dev/null", O_RDONLY);
        dup2(in, STDIN_FILENO);
        dup2(in, STDERR_FILENO);
        const char *const args[] = {"demo", "--seed", "1", "--json", json, "--pcap", pcap, NULL};
        const char *argv[20];
        gt_cli_argv(argv, 20, args);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(p[1]);
    assert_int_equal(gt_cli_wait(pid), 0);
    assert_string_equal(listing(f->dir), "");
}

/* A target that is not a regular file is written in place, never replaced:
 * a FIFO stays a FIFO and its reader gets the whole trace; a symbolic link
 * stays a link and the file it points to gets the trace. (Renaming over
 * them would, run as root with --json /dev/stdout or /dev/null, replace a
 * system file.) */
static void test_fifo_and_link_are_written_in_place(void **state)
{
    files *f = *state;
    char fifo[128], link_path[128], real[128], got[160], cmd[1024];
    snprintf(fifo, sizeof fifo, "%s/pipe.json", f->dir);
    snprintf(link_path, sizeof link_path, "%s/link.json", f->dir);
    snprintf(real, sizeof real, "%s/real.json", f->dir);
    snprintf(got, sizeof got, "%s.fifo-read", f->dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(symlink("real.json", link_path), 0);
    FILE *old = fopen(real, "w");
    assert_non_null(old);
    fputs("an older, longer key log that the new one replaces whole\n", old);
    fclose(old);
    /* the reader, then the demo writing into the FIFO */
    snprintf(cmd, sizeof cmd,
             "timeout 60 cat %s >%s & NO_COLOR=1 timeout 60 %s demo --seed 1 --json %s "
             "--keylog %s </dev/null >%s 2>%s; rc=$?; wait; exit $rc",
             fifo, got, gt_cli_path(), fifo, link_path, f->out, f->err);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    struct stat sb;
    assert_int_equal(lstat(fifo, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
    assert_int_equal(lstat(link_path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    char *text = slurp(got);
    assert_true(!strncmp(text, "{\"seq\":1,", 9));
    assert_true(count_lines(text) > 20);
    assert_non_null(strstr(text, "\"variable\":\"SecureChannel\",\"value\":\"Yes\""));
    unlink(got);
    text = slurp(real);
    assert_true(!strncmp(text, "CLIENT_RANDOM ", 14));
    assert_int_equal(count_lines(text), 1);
    assert_string_equal(listing(f->dir), "link.json pipe.json real.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unwritable_path_stops_before_the_handshake, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_directory_as_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_bad_path_leaves_no_other_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_traces_one_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_checks_paths_before_connecting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_good_and_failed_runs_leave_whole_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_killed_server_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_server_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_pipe_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_and_link_are_written_in_place, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
