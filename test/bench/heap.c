/* test/bench/heap: how much heap one connection uses, counted by replacing
 * malloc, calloc, realloc and free in this program. A definition in the
 * executable wins over the C library's for every caller, libtomcrypt,
 * libtommath and GMP included, so their big-number temporaries are counted
 * too (a -Wl,--wrap=malloc would only see calls from our own objects). The
 * real allocator is glibc's __libc_malloc family underneath.
 * Only blocks allocated while tracking are counted, each charged to the
 * side (heap_owner) that was running; a free of such a block lowers that
 * side's count. Nothing is printed here. */
#include "test/bench/bench.h"

#include <string.h>

int heap_owner = OWNER_NONE;

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer replaces malloc itself; a second replacement would break
 * it. The numbers are then reported as unavailable. */
void heap_track_begin(void) {}
void heap_track_end(heap_stats *out) { memset(out, 0, sizeof *out); }
#else

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

/* Live blocks of a handshake number in the tens; this is ample. */
#define TRACKED_MAX 4096
typedef struct block {
    void *p;
    size_t n;
    int owner;
} block;
static block live[TRACKED_MAX];
static size_t n_live;
static bool tracking;
static heap_stats st;

static void note_alloc(void *p, size_t n)
{
    if (!tracking || !p)
        return;
    if (n_live == TRACKED_MAX) {
        st.overflow = true;
        return;
    }
    live[n_live++] = (block){p, n, heap_owner};
    st.allocs[heap_owner]++;
    st.current[heap_owner] += n;
    if (st.current[heap_owner] > st.peak[heap_owner])
        st.peak[heap_owner] = st.current[heap_owner];
}

static void note_free(void *p)
{
    if (!tracking || !p)
        return;
    for (size_t i = n_live; i-- > 0;)
        if (live[i].p == p) {
            st.current[live[i].owner] -= live[i].n;
            live[i] = live[--n_live];
            return;
        }
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    note_alloc(p, n);
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);
    note_alloc(p, n * size);
    return p;
}

void *realloc(void *p, size_t n)
{
    void *q = __libc_realloc(p, n);
    if (q || n == 0) {
        /* the old block is gone (moved, grown or freed): count the new one */
        note_free(p);
        note_alloc(q, n);
    }
    return q;
}

void free(void *p)
{
    note_free(p);
    __libc_free(p);
}

void heap_track_begin(void)
{
    memset(&st, 0, sizeof st);
    n_live = 0;
    tracking = true;
}

void heap_track_end(heap_stats *out)
{
    tracking = false;
    *out = st;
    out->available = true;
}
#endif
