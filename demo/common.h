/* demo/common: what the glasstls commands share: loading certificates and
 * keys into a gt_config, and small argument helpers. */
#ifndef GT_DEMO_COMMON_H
#define GT_DEMO_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "handshake/conn.h"

#ifndef GT_PKI_DIR
#define GT_PKI_DIR "test/pki"
#endif

/* Certificates and keys a command loaded; freed by gt_material_free. */
typedef struct gt_material {
    gt_cert chain[GT_MAX_CHAIN];
    size_t chain_len;
    rsa_key key;
    bool has_key;
    gt_trust trust;
    bool has_trust;
} gt_material;

/* Paths under the demo PKI: returns a static buffer "GT_PKI_DIR/name". */
const char *gt_pki_path(const char *name);
int gt_load_server_identity(gt_material *m, const char *cert_file, const char *key_file);
int gt_load_trust(gt_material *m, const char *ca);
void gt_material_free(gt_material *m);

/* Parses a non-negative integer option value; returns false on junk. */
bool gt_parse_u64(const char *s, uint64_t *out);

/* Terminal manners for every command: Ctrl-C ends the program at once with
 * status 130 (after resetting the terminal's colour if colour was on), and a
 * reader that goes away (`glasstls demo | head -3`: SIGPIPE) ends it quietly
 * with status 0: the reader had all it wanted. */
void gt_terminal_manners(void);
/* Tells the Ctrl-C handler whether ANSI colour may be active on stdout. */
void gt_set_color_reset(bool on);

int cmd_demo(int argc, char **argv);
int cmd_quiz(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_verify(int argc, char **argv);

#endif
