/* demo/table: word-wrapping table printer (see table.h). */
#include "demo/table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int gt_terminal_width(FILE *out)
{
    int w = 0;
    struct winsize ws;
    const char *env = getenv("COLUMNS");
    if (env && atoi(env) > 0)
        w = atoi(env);
    else if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        w = ws.ws_col;
    if (w <= 0)
        w = 80;
    if (w > 120)
        w = 120;
    if (w < 60)
        w = 60;
    return w;
}

void gt_table_rule(const gt_table *t)
{
    fputc('+', t->out);
    for (int i = 0; i < t->ncols; i++) {
        for (int k = 0; k < t->width[i] + 2; k++)
            fputc('-', t->out);
        fputc('+', t->out);
    }
    fputc('\n', t->out);
}

/* Length of the next line of text that fits in width, breaking at a space
 * when possible; *skip gets the spaces to jump after it. Counts bytes, and
 * keeps UTF-8 sequences whole. */
static size_t fit(const char *s, int width, size_t *skip)
{
    size_t n = strlen(s), cut = 0, cols = 0, i = 0, last_space = 0;
    *skip = 0;
    while (i < n && s[i] != '\n') {
        if (cols == (size_t)width)
            break;
        if (s[i] == ' ')
            last_space = i;
        i++;
        while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        cols++;
    }
    if (i < n && s[i] == ' ') {
        cut = i; /* the line ends exactly at a space */
        *skip = 1;
    } else if (i >= n || s[i] == '\n') {
        cut = i;
        *skip = i < n ? 1 : 0;
    } else if (last_space > 0) {
        cut = last_space;
        *skip = 1;
    } else {
        cut = i; /* one long word: break it */
    }
    return cut;
}

static int utf8_cols(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += ((unsigned char)s[i] & 0xc0) != 0x80;
    return cols;
}

void gt_table_row(const gt_table *t, const char *const *cells)
{
    const char *rest[GT_TABLE_MAX_COLS];
    for (int i = 0; i < t->ncols; i++)
        rest[i] = cells[i] ? cells[i] : "";
    for (;;) {
        fputs("| ", t->out);
        for (int i = 0; i < t->ncols; i++) {
            size_t skip, n = fit(rest[i], t->width[i], &skip);
            fwrite(rest[i], 1, n, t->out);
            for (int k = utf8_cols(rest[i], n); k < t->width[i]; k++)
                fputc(' ', t->out);
            fputs(i + 1 < t->ncols ? " | " : " |\n", t->out);
            rest[i] += n + skip;
        }
        int more = 0;
        for (int i = 0; i < t->ncols; i++)
            more |= *rest[i] != 0;
        if (!more)
            break;
    }
}

/* ---- tables laid out from their content ---- */

/* Display columns of the longest word in s (a run without spaces or newlines):
 * a column narrower than that would have to break the word. */
static int longest_word(const char *s)
{
    int best = 0, cur = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n') {
            cur = 0;
            continue;
        }
        if (((unsigned char)*s & 0xc0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

/* Display columns of the longest line of s. */
static int longest_line(const char *s)
{
    int best = 0, cur = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            cur = 0;
            continue;
        }
        if (((unsigned char)*s & 0xc0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

void gt_table_fit(gt_table *t, FILE *out, int ncols, const char *const *cells, int nrows,
                  int total_width)
{
    int need[GT_TABLE_MAX_COLS] = {0}, want[GT_TABLE_MAX_COLS] = {0};
    int avail = total_width - (3 * ncols + 1), sum_need = 0, sum_want = 0;
    t->out = out;
    t->ncols = ncols;
    t->stacked = false;
    t->total = total_width;
    for (int i = 0; i < ncols; i++) {
        for (int r = 0; r < nrows; r++) {
            const char *s = cells[r * ncols + i] ? cells[r * ncols + i] : "";
            int w = longest_word(s), l = longest_line(s);
            need[i] = w > need[i] ? w : need[i];
            want[i] = l > want[i] ? l : want[i];
        }
        if (need[i] < 1)
            need[i] = 1;
        t->need[i] = need[i];
        t->want[i] = want[i];
        sum_need += need[i];
        sum_want += want[i];
    }
    if (sum_need > avail) {
        /* Even one word per line does not fit: a row per block instead. */
        t->stacked = true;
        return;
    }
    if (sum_want <= avail) {
        for (int i = 0; i < ncols; i++)
            t->width[i] = want[i];
        return;
    }
    /* Every column gets its longest word; the room left is shared in
     * proportion to how much more each column would like. */
    int extra = avail - sum_need, more = sum_want - sum_need, used = 0;
    for (int i = 0; i < ncols; i++) {
        t->width[i] = need[i] + (int)((long)extra * (want[i] - need[i]) / more);
        used += t->width[i];
    }
    for (int i = 0; used < avail; i = (i + 1) % ncols)
        if (t->width[i] < want[i])
            t->width[i]++, used++;
}

void gt_table_even(gt_table *t, int first, int last)
{
    if (t->stacked)
        return;
    int sum = 0, n = last - first + 1;
    bool squeezed = false;
    for (int i = first; i <= last; i++) {
        sum += t->width[i];
        squeezed |= t->width[i] < t->want[i];
    }
    if (!squeezed)
        return; /* every cell already fits on one line */
    for (int i = first; i <= last; i++)
        if (sum / n < t->need[i])
            return;
    for (int i = first; i <= last; i++)
        t->width[i] = sum / n + (i - first < sum % n ? 1 : 0);
}

void gt_table_print(const gt_table *t, const char *const *cells, int nrows)
{
    if (t->stacked) {
        /* "Heading: value" lines, one block per row, wrapped to the width. */
        for (int r = 1; r < nrows; r++) {
            for (int i = 0; i < t->ncols; i++) {
                char line[1024];
                snprintf(line, sizeof line, "%s: %s", cells[i] ? cells[i] : "",
                         cells[r * t->ncols + i] ? cells[r * t->ncols + i] : "");
                gt_wrap(t->out, i ? "    " : "  ", line, t->total);
            }
        }
        return;
    }
    gt_table_rule(t);
    gt_table_row(t, cells);
    gt_table_rule(t);
    for (int r = 1; r < nrows; r++)
        gt_table_row(t, cells + r * t->ncols);
    gt_table_rule(t);
}

void gt_wrap(FILE *out, const char *indent, const char *text, int width)
{
    gt_wrap_hanging(out, indent, indent, text, width);
}

void gt_wrap_hanging(FILE *out, const char *first, const char *rest, const char *text, int width)
{
    const char *s = text, *indent = first;
    if (!*s)
        fputc('\n', out);
    while (*s) {
        int room = width - (int)strlen(indent);
        if (room < 20)
            room = 20;
        size_t skip, n = fit(s, room, &skip);
        fprintf(out, "%s%.*s\n", indent, (int)n, s);
        s += n + skip;
        indent = rest;
    }
}
