/* demo/table: prints a table whose cells wrap inside their column, so that a
 * table fits the terminal's width and never breaks a cell mid-word. */
#ifndef GT_TABLE_H
#define GT_TABLE_H

#include <stdio.h>

#define GT_TABLE_MAX_COLS 8

typedef struct gt_table {
    FILE *out;
    int ncols;
    int width[GT_TABLE_MAX_COLS]; /* text width of each column */
} gt_table;

/* Column text widths for a table total_width wide, from base[], the widths
 * that fit an 80-column terminal (which must add up to 80 - 3*ncols - 1). */
void gt_table_layout(gt_table *t, FILE *out, int ncols, const int *base, int total_width);
void gt_table_rule(const gt_table *t);
/* Prints one row; cells are NUL-terminated strings, wrapped at spaces. */
void gt_table_row(const gt_table *t, const char *const *cells);

/* The terminal's width (COLUMNS, or the tty's size), 80 when unknown; at most 120. */
int gt_terminal_width(FILE *out);

#endif
