/* exercises/grader: runs one exercise's checks against a student's function.
 * Each check runs in a child process with a time limit, so a function that
 * crashes or loops is a failed check, not a crashed grader. A check prints
 * why it failed with gx_say/gx_bytes (the first difference found, expected
 * against got); the runner prints PASS or FAIL and, on failure, the hint. */
#ifndef GX_GRADER_H
#define GX_GRADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes/err.h"

typedef struct gx_check {
    const char *name; /* what is checked, in a few words */
    bool (*run)(void);
    const char *hint; /* printed when the check fails: where to look */
} gx_check;

/* Defined by each exercise's check.c. */
extern const char gx_exercise_title[];
extern const gx_check gx_exercise_checks[];
extern const size_t gx_exercise_check_count;

/* A line of explanation under the check's result (inside a check only). */
void gx_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Compares n bytes; on a difference says where the first one is and shows
 * the bytes around it, expected and got. */
bool gx_bytes(const char *what, const uint8_t *expected, const uint8_t *got, size_t n);
bool gx_int(const char *what, long long expected, long long got);
/* Compares a returned gt_err with the one expected, by name. */
bool gx_err_is(const char *what, gt_err expected, gt_err got);
/* Decodes hex (whitespace allowed) into out; returns the byte count. */
size_t gx_unhex(const char *hex, uint8_t *out, size_t cap);

/* The two live checks every exercise ends with (grader.c). */
bool gx_memory_handshake(void);
bool gx_openssl_handshake(void);

#endif
