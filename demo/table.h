/* demo/table: prints a table whose cells wrap inside their column, so that a
 * table fits the terminal's width and never breaks a cell mid-word. */
#ifndef GT_TABLE_H
#define GT_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#define GT_TABLE_MAX_COLS 8

typedef struct gt_table {
    FILE *out;
    int ncols;
    int width[GT_TABLE_MAX_COLS]; /* text width of each column */
    bool stacked; /* too narrow for columns: each row printed as "Heading: value" lines */
    int total;    /* the width the table was laid out for */
    int need[GT_TABLE_MAX_COLS]; /* each column's longest word */
    int want[GT_TABLE_MAX_COLS]; /* each column's longest cell */
} gt_table;

void gt_table_rule(const gt_table *t);
/* Prints one row; cells are NUL-terminated strings, wrapped at spaces. */
void gt_table_row(const gt_table *t, const char *const *cells);

/* Column widths from the cells themselves (nrows rows of ncols, the first
 * row the headings): each column at least as wide as its longest word, so no
 * word is ever cut, and a table no wider than total_width. When even that
 * cannot fit, the table is marked stacked. */
void gt_table_fit(gt_table *t, FILE *out, int ncols, const char *const *cells, int nrows,
                  int total_width);
/* Gives columns first..last the same width (tables whose columns are alike,
 * such as the Status Tracker's), when the table is squeezed anyway and each
 * column keeps its longest word whole. */
void gt_table_even(gt_table *t, int first, int last);
/* Prints a table laid out by gt_table_fit: rules, headings, rows. */
void gt_table_print(const gt_table *t, const char *const *cells, int nrows);
/* Prints text as lines no wider than width, each starting with indent,
 * breaking at spaces. */
void gt_wrap(FILE *out, const char *indent, const char *text, int width);
/* The same, with a different indent for the lines after the first. */
void gt_wrap_hanging(FILE *out, const char *first, const char *rest, const char *text, int width);

/* The terminal's width (COLUMNS, or the tty's size), 80 when unknown; at most 120. */
int gt_terminal_width(FILE *out);

#endif
