/* crypto/rng: every random byte of a handshake comes from here: the randoms
 * of lesson steps 1 and 2 (RFC 5246 7.4.1.2), the premaster secret of step 3
 * (7.4.7.1), the PKCS#1 padding of step 4 (RFC 8017 7.2.1). The operating
 * system's generator by default, or a seeded generator that makes a demo
 * repeatable and is NOT SECURE. */
#include "crypto/rng.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "bytes/bytes.h"
#include "crypto/ct.h"
#include "crypto/sha256.h"

void gt_rng_init_os(gt_rng *r)
{
    memset(r, 0, sizeof *r);
    r->deterministic = false;
}

/* NOT SECURE. A deterministic generator: anyone who knows (or guesses) the
 * 64-bit seed can recompute every "random" byte, and so every key, of a run.
 * It exists so that a demo or a golden test prints the same bytes each time.
 *   key      = SHA-256(seed as 8 bytes, big-endian)
 *   block(i) = SHA-256(key || i as 8 bytes, big-endian), i = 0, 1, 2, ...
 * and the output is block(0) || block(1) || ... */
void gt_rng_init_seeded(gt_rng *r, uint64_t seed)
{
    uint8_t seed_be[8];
    memset(r, 0, sizeof *r);
    r->deterministic = true;
    r->seed = seed;
    gt_put_u64(seed_be, seed);
    gt_sha256(seed_be, sizeof seed_be, r->key);
    r->counter = 0;
    r->block_left = 0;
}

/* Computes the next 32-byte block of the seeded generator into r->block. */
static void seeded_next_block(gt_rng *r)
{
    uint8_t input[32 + 8];
    memcpy(input, r->key, 32);
    gt_put_u64(input + 32, r->counter);
    r->counter++;
    gt_sha256(input, sizeof input, r->block);
    r->block_left = sizeof r->block;
}

static void seeded_bytes(gt_rng *r, uint8_t *out, size_t n)
{
    while (n > 0) {
        if (r->block_left == 0)
            seeded_next_block(r);
        /* Unread bytes sit at the end of the block; hand them out in order. */
        size_t take = n < r->block_left ? n : r->block_left;
        memcpy(out, r->block + sizeof r->block - r->block_left, take);
        r->block_left -= take;
        out += take;
        n -= take;
    }
}

/* /dev/urandom, for kernels older than getrandom(2) (Linux 3.17). */
static gt_err urandom_bytes(uint8_t *out, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return GT_ERR_INTERNAL;
    while (n > 0) {
        ssize_t got = read(fd, out, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            close(fd);
            return GT_ERR_INTERNAL;
        }
        out += got;
        n -= (size_t)got;
    }
    close(fd);
    return GT_OK;
}

/* The kernel's generator through getrandom(2). It blocks only until the
 * kernel has gathered enough entropy once after boot, then never again. A
 * call may return fewer bytes than asked (or be interrupted by a signal), so
 * we loop until all n bytes are filled. */
static gt_err os_bytes(uint8_t *out, size_t n)
{
    while (n > 0) {
        ssize_t got = getrandom(out, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && errno == ENOSYS)
            return urandom_bytes(out, n);
        if (got <= 0)
            return GT_ERR_INTERNAL;
        out += got;
        n -= (size_t)got;
    }
    return GT_OK;
}

gt_err gt_rng_bytes(gt_rng *r, uint8_t *out, size_t n)
{
    if (n == 0)
        return GT_OK;
    if (r->deterministic) {
        seeded_bytes(r, out, n);
        return GT_OK;
    }
    gt_err err = os_bytes(out, n);
    if (err != GT_OK)
        gt_wipe(out, n); /* never leave half-random bytes looking usable */
    return err;
}

/* RFC 8017 7.2.1 needs a padding string PS of non-zero bytes, because the
 * first zero byte after PS marks where the message starts. A zero byte is
 * simply drawn again (rejection sampling), which keeps the other 255 values
 * equally likely. */
gt_err gt_rng_nonzero_bytes(gt_rng *r, uint8_t *out, size_t n)
{
    gt_err err = gt_rng_bytes(r, out, n);
    for (size_t i = 0; err == GT_OK && i < n; i++) {
        while (err == GT_OK && out[i] == 0)
            err = gt_rng_bytes(r, &out[i], 1);
    }
    return err;
}
