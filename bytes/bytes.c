/* bytes/: the bounds-checked reader and writer (see bytes.h). */
#include "bytes/bytes.h"

#include <string.h>

void gt_reader_init(gt_reader *r, const uint8_t *data, size_t len)
{
    r->data = data;
    r->len = data ? len : 0;
    r->off = 0;
    r->base = 0;
}

size_t gt_reader_left(const gt_reader *r) { return r->len - r->off; }
bool gt_reader_done(const gt_reader *r) { return r->off == r->len; }
size_t gt_reader_pos(const gt_reader *r) { return r->base + r->off; }

static bool read_uint(gt_reader *r, unsigned n, uint64_t *out)
{
    if (gt_reader_left(r) < n)
        return false;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = (v << 8) | r->data[r->off + i];
    r->off += n;
    *out = v;
    return true;
}

bool gt_read_u8(gt_reader *r, uint8_t *out)
{
    uint64_t v;
    if (!read_uint(r, 1, &v))
        return false;
    *out = (uint8_t)v;
    return true;
}

bool gt_read_u16(gt_reader *r, uint16_t *out)
{
    uint64_t v;
    if (!read_uint(r, 2, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

bool gt_read_u24(gt_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_uint(r, 3, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool gt_read_u32(gt_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_uint(r, 4, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool gt_read_u64(gt_reader *r, uint64_t *out) { return read_uint(r, 8, out); }

bool gt_read_bytes(gt_reader *r, size_t n, const uint8_t **out)
{
    if (gt_reader_left(r) < n)
        return false;
    *out = r->data + r->off;
    r->off += n;
    return true;
}

bool gt_read_copy(gt_reader *r, uint8_t *out, size_t n)
{
    const uint8_t *p;
    if (!gt_read_bytes(r, n, &p))
        return false;
    if (n)
        memcpy(out, p, n);
    return true;
}

static bool read_vec(gt_reader *r, unsigned prefix, gt_reader *sub)
{
    size_t start = r->off;
    uint64_t n;
    const uint8_t *p;
    if (!read_uint(r, prefix, &n))
        return false;
    if (!gt_read_bytes(r, (size_t)n, &p)) {
        r->off = start; /* leave the cursor where it was */
        return false;
    }
    gt_reader_init(sub, p, (size_t)n);
    sub->base = r->base + (size_t)(p - r->data);
    return true;
}

bool gt_read_vec8(gt_reader *r, gt_reader *sub) { return read_vec(r, 1, sub); }
bool gt_read_vec16(gt_reader *r, gt_reader *sub) { return read_vec(r, 2, sub); }
bool gt_read_vec24(gt_reader *r, gt_reader *sub) { return read_vec(r, 3, sub); }

void gt_read_rest(gt_reader *r, gt_reader *sub)
{
    gt_reader_init(sub, r->data + r->off, gt_reader_left(r));
    sub->base = r->base + r->off;
    r->off = r->len;
}

void gt_writer_init(gt_writer *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->len = 0;
    w->ok = true;
}

bool gt_writer_ok(const gt_writer *w) { return w->ok; }

static bool write_uint(gt_writer *w, unsigned n, uint64_t v)
{
    if (!w->ok || w->cap - w->len < n)
        return w->ok = false;
    for (unsigned i = 0; i < n; i++)
        w->buf[w->len + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    w->len += n;
    return true;
}

bool gt_write_u8(gt_writer *w, uint8_t v) { return write_uint(w, 1, v); }
bool gt_write_u16(gt_writer *w, uint16_t v) { return write_uint(w, 2, v); }
bool gt_write_u24(gt_writer *w, uint32_t v)
{
    if (v > 0xffffff)
        return w->ok = false;
    return write_uint(w, 3, v);
}
bool gt_write_u32(gt_writer *w, uint32_t v) { return write_uint(w, 4, v); }
bool gt_write_u64(gt_writer *w, uint64_t v) { return write_uint(w, 8, v); }

bool gt_write_bytes(gt_writer *w, const uint8_t *p, size_t n)
{
    if (!w->ok || w->cap - w->len < n)
        return w->ok = false;
    if (n)
        memmove(w->buf + w->len, p, n);
    w->len += n;
    return true;
}

gt_vec_mark gt_write_vec_begin(gt_writer *w, unsigned prefix_bytes)
{
    gt_vec_mark m = {w->len, prefix_bytes};
    write_uint(w, prefix_bytes, 0);
    return m;
}

bool gt_write_vec_end(gt_writer *w, gt_vec_mark m)
{
    if (!w->ok)
        return false;
    size_t n = w->len - m.at - m.prefix;
    if (m.prefix < 8 && n >> (8 * m.prefix))
        return w->ok = false; /* contents too long for the prefix */
    for (unsigned i = 0; i < m.prefix; i++)
        w->buf[m.at + i] = (uint8_t)(n >> (8 * (m.prefix - 1 - i)));
    return true;
}

void gt_put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void gt_put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}

uint16_t gt_get_u16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

char *gt_hex_short(char *out, const uint8_t *p, size_t n, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = n < max ? n : max, o = 0;
    for (size_t i = 0; i < k; i++) {
        out[o++] = hex[p[i] >> 4];
        out[o++] = hex[p[i] & 15];
    }
    if (n > max) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = 0;
    return out;
}
