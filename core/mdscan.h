/* mdscan — core-internal: a look at Markdown source before cmark-gfm parses it.
 *
 * Finds where block quotes, list markers, emphasis runs and brackets nest deeper than
 * LT_LIMIT_MARKDOWN_DEPTH, line by line and without building anything, so a hostile or
 * broken file is refused at its line in linear time instead of reaching the parser. It
 * errs on the side of counting more (a run of 40 '*' opening text counts 40), which real
 * prose never comes near. Used by compile.c only. */
#ifndef LENTERA_MDSCAN_H
#define LENTERA_MDSCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Whether `md` nests deeper than LT_LIMIT_MARKDOWN_DEPTH; *out_line (1-based in `md`) and
 * *out_col (1-based, in bytes) say where it first does. */
bool lt_mdscan_too_deep(const char *md, size_t len, int *out_line, int *out_col);

#endif
