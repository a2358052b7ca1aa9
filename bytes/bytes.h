/* bytes/: the bounds-checked reader and writer that every parser and encoder
 * in glasstls uses. No other code does pointer arithmetic on peer bytes.
 * TLS vectors (RFC 5246 section 4.3) carry a 1, 2 or 3 byte length prefix; the
 * reader hands such a vector back as a sub-reader that cannot see past its end,
 * and the writer fills the prefix in once the contents are written. */
#ifndef GT_BYTES_H
#define GT_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A cursor over bytes it does not own. Every read either succeeds completely
 * or fails and leaves the cursor where it was. */
typedef struct gt_reader {
    const uint8_t *data;
    size_t len;
    size_t off;  /* bytes already read */
    size_t base; /* offset of data[0] within the outermost buffer (for traces) */
} gt_reader;

void gt_reader_init(gt_reader *r, const uint8_t *data, size_t len);
size_t gt_reader_left(const gt_reader *r);
bool gt_reader_done(const gt_reader *r);  /* true when nothing is left */
size_t gt_reader_pos(const gt_reader *r); /* absolute offset, for traces */

bool gt_read_u8(gt_reader *r, uint8_t *out);
bool gt_read_u16(gt_reader *r, uint16_t *out);
bool gt_read_u24(gt_reader *r, uint32_t *out);
bool gt_read_u32(gt_reader *r, uint32_t *out);
bool gt_read_u64(gt_reader *r, uint64_t *out);
/* Points *out at the next n bytes (inside the reader's buffer) and skips them. */
bool gt_read_bytes(gt_reader *r, size_t n, const uint8_t **out);
bool gt_read_copy(gt_reader *r, uint8_t *out, size_t n);
/* A vector <lo..hi> with a length prefix of 1, 2 or 3 bytes: *sub reads
 * exactly its contents. Fails if the length runs past the end. */
bool gt_read_vec8(gt_reader *r, gt_reader *sub);
bool gt_read_vec16(gt_reader *r, gt_reader *sub);
bool gt_read_vec24(gt_reader *r, gt_reader *sub);
/* The rest of the reader as a sub-reader, consuming it. */
void gt_read_rest(gt_reader *r, gt_reader *sub);

/* A writer into a caller-sized buffer. On overflow it stops writing and
 * remembers it (ok becomes false); check gt_writer_ok() once at the end. */
typedef struct gt_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;
    bool ok;
} gt_writer;

void gt_writer_init(gt_writer *w, uint8_t *buf, size_t cap);
bool gt_writer_ok(const gt_writer *w);

bool gt_write_u8(gt_writer *w, uint8_t v);
bool gt_write_u16(gt_writer *w, uint16_t v);
bool gt_write_u24(gt_writer *w, uint32_t v);
bool gt_write_u32(gt_writer *w, uint32_t v);
bool gt_write_u64(gt_writer *w, uint64_t v);
bool gt_write_bytes(gt_writer *w, const uint8_t *p, size_t n);

/* Length-prefixed vectors: begin reserves the prefix (1, 2 or 3 bytes) and
 * returns a mark; end writes the length of everything written since. */
typedef struct gt_vec_mark {
    size_t at;
    unsigned prefix;
} gt_vec_mark;
gt_vec_mark gt_write_vec_begin(gt_writer *w, unsigned prefix_bytes);
bool gt_write_vec_end(gt_writer *w, gt_vec_mark m);

/* Big-endian helpers for fixed buffers we own (record headers, sequence numbers). */
void gt_put_u16(uint8_t *p, uint16_t v);
void gt_put_u64(uint8_t *p, uint64_t v);
uint16_t gt_get_u16(const uint8_t *p);

/* Short lower-case hex of up to max bytes, with "..." when longer; for traces.
 * out must hold 2*max+4 bytes. Returns out. */
char *gt_hex_short(char *out, const uint8_t *p, size_t n, size_t max);

#endif
