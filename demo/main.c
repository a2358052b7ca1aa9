/* demo/main: the `glasstls` command. One program, several subcommands:
 * demo (the lesson's handshake in one process), client and server (real TCP),
 * quiz (the lesson's questions and questions from a fresh run). */
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "demo/common.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls COMMAND [options]   (glasstls COMMAND --help for more)\n"
               "  demo     the lesson's TLS 1.2 handshake, step by step, in one process\n"
               "  client   connect to a TLS 1.2 server: glasstls client --connect HOST:PORT\n"
               "  server   a TLS 1.2 echo server: glasstls server --port 4433\n"
               "  verify   check a certificate chain: glasstls verify --roots FILE LEAF.pem\n"
               "  quiz     the lesson's quiz, and questions from a fresh run\n"
               "glasstls is a teaching implementation: read it, run it, break it;\n"
               "do not protect anything real with it.\n"
               "example: glasstls demo --view flow --scenario expired-cert\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (gt_crypto_init() != GT_OK) {
        fprintf(stderr, "glasstls: could not initialise libtomcrypt\n");
        return 2;
    }
    gt_terminal_manners();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "demo"))
        return cmd_demo(argc - 1, argv + 1);
    if (!strcmp(cmd, "client"))
        return cmd_client(argc - 1, argv + 1);
    if (!strcmp(cmd, "server"))
        return cmd_server(argc - 1, argv + 1);
    if (!strcmp(cmd, "verify"))
        return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(cmd, "quiz"))
        return cmd_quiz(argc - 1, argv + 1);
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "glasstls: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
