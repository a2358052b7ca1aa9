/* test/helpers/openssl_peer: OpenSSL is the referee. Starts `openssl s_server`
 * or `openssl s_client` (or any other command) as a child process on
 * 127.0.0.1 only, talks to it through its stdin and stdout/stderr, and makes
 * sure it never outlives its test:
 *   - the child gets a hard time limit: alarm(limit_seconds) is set before
 *     exec and survives it, so SIGALRM kills the child whatever the test does;
 *   - on Linux the child also gets SIGKILL if the test process dies
 *     (prctl PR_SET_PDEATHSIG), so a crashed test leaves nothing behind;
 *   - the child leads its own process group; gt_peer_stop() sends SIGTERM to
 *     the group, SIGKILL one second later, and always reaps the child.
 *
 * How a cmocka test uses it: keep the peer in the test's state, started by the
 * test or by a setup function, and stop it in the teardown function. cmocka
 * runs the teardown even when an assertion in the test fails, so the child is
 * always stopped and reaped:
 *
 *     static int teardown(void **state) { gt_peer_stop(*state); free(*state); return 0; }
 *     static int setup(void **state) { *state = calloc(1, sizeof(gt_peer)); return 0; }
 *     cmocka_unit_test_setup_teardown(test_x, setup, teardown)
 *
 * A gt_peer must be zeroed (calloc, `= {0}`) or started before gt_peer_stop()
 * is called on it; gt_peer_stop() on a zeroed, failed, stopped or dead peer
 * does nothing harmful. Writes to the child use send(MSG_NOSIGNAL), so a dead
 * child never raises SIGPIPE in the test. Tests run from the repository root.
 * The environment variable GT_OPENSSL names another openssl binary. */
#ifndef GT_OPENSSL_PEER_H
#define GT_OPENSSL_PEER_H

#include <stddef.h>
#include <sys/types.h>

/* Output kept per peer; beyond this the oldest half is dropped. */
#define GT_PEER_OUTPUT_MAX (128 * 1024)

typedef struct gt_peer {
    int live;        /* 1 between a start and gt_peer_stop() */
    pid_t pid;       /* the child; also the id of its process group */
    int reaped;      /* 1 once waitpid() has collected the child */
    int wait_status; /* waitpid() status once reaped (WIFSIGNALED, WTERMSIG ...) */
    int port;        /* the TCP port of the server (s_server: the one it listens on) */
    int to_child;    /* the child's stdin (a socket; -1 when closed) */
    int from_child;  /* the child's stdout and stderr (a pipe; -1 when closed) */
    int eof;         /* 1 once the child closed its output */
    size_t out_len;  /* bytes in out[] */
    size_t cursor;   /* gt_peer_wait_for() searches from here */
    char out[GT_PEER_OUTPUT_MAX + 1]; /* everything read, NUL-terminated */
    char error[256];                  /* why the last call failed */
} gt_peer;

/* A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read the
 * port, close). Another process may take it before you use it; prefer
 * gt_peer_start_server(), which lets s_server pick its own port. -1 on error. */
int gt_free_port(void);

/* Runs argv[0] (looked up in PATH) with argv, NULL-terminated, as a child:
 * stdin from gt_peer_write(), stdout and stderr read by gt_peer_wait_for(),
 * killed by SIGALRM after limit_seconds. 0, or -1 with a message in p->error. */
int gt_peer_spawn(gt_peer *p, int limit_seconds, const char *const *argv);

/* Starts `openssl s_server -accept 127.0.0.1:0 <args...>` (args NULL-terminated,
 * may be NULL): the server takes a free port itself and reports it, no race.
 * Waits (at most 10 s) until it listens, then sets p->port. Connections
 * made after this returns are accepted. 0, or -1 with a message in p->error
 * (the child is then already stopped). Do not put -accept in args. */
int gt_peer_start_server(gt_peer *p, int limit_seconds, const char *const *args);

/* Starts `openssl s_client -connect 127.0.0.1:PORT <args...>`. Returns once the
 * child runs; wait for its output (e.g. "CONNECTED(") to know more. */
int gt_peer_start_client(gt_peer *p, int port, int limit_seconds, const char *const *args);

/* Writes all n bytes to the child's stdin. n, or -1 (child gone). */
ssize_t gt_peer_write(gt_peer *p, const void *buf, size_t n);

/* Closes the child's stdin, which it reads as end of input. */
void gt_peer_close_input(gt_peer *p);

/* Reads the child's output until `needle` appears after the end of the
 * previous match, or timeout_ms passes, or the child closes its output.
 * 1 if found (the next search starts after it), 0 if not. */
int gt_peer_wait_for(gt_peer *p, const char *needle, int timeout_ms);

/* Everything the child wrote so far (the latest GT_PEER_OUTPUT_MAX bytes). */
const char *gt_peer_output(const gt_peer *p);

/* Waits up to timeout_ms for the child to end by itself, reading its output
 * meanwhile. 1 if it ended (p->wait_status tells how), 0 if still running. */
int gt_peer_wait_exit(gt_peer *p, int timeout_ms);

/* Kills the child's process group (SIGTERM, then SIGKILL after 1 s), reaps the
 * child, reads what output is left and closes the descriptors. p->out stays
 * readable. Safe to call twice, and on a zeroed or dead peer. */
void gt_peer_stop(gt_peer *p);

#endif
