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

void gt_table_layout(gt_table *t, FILE *out, int ncols, const int *base, int total_width)
{
    int sum = 0, avail = total_width - (3 * ncols + 1); /* "| " ... " | " ... " |" */
    t->out = out;
    t->ncols = ncols;
    for (int i = 0; i < ncols; i++)
        sum += base[i];
    /* base[] fits 80 columns; a wider terminal shares its extra room in
     * proportion, a narrower one squeezes (cells then wrap more). */
    int used = 0;
    for (int i = 0; i < ncols; i++) {
        t->width[i] = base[i] * avail / sum;
        if (t->width[i] < 4)
            t->width[i] = 4;
        used += t->width[i];
    }
    t->width[ncols - 1] += avail - used; /* rounding remainder to the last column */
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
