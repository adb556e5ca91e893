/* report_parts — see report_parts.h. */
#include "report_parts.h"

#include <math.h>
#include <string.h>

#include "lentera/file.h"

void rp_table_begin(rp_table *t, GString *html, const char *const *heads, int n) {
  t->csv = g_string_new("\xEF\xBB\xBF"); /* BOM: Excel reads UTF-8 */
  t->html = html;
  g_string_append(html, "<table><thead><tr>");
  for (int i = 0; i < n; i++) {
    g_string_append_printf(t->csv, "%s%s", i ? "," : "", heads[i]);
    g_string_append_printf(html, "<th>%s</th>", heads[i]);
  }
  g_string_append(t->csv, "\r\n");
  g_string_append(html, "</tr></thead><tbody>\n");
}

/* One row: `types` gives each cell: 't' text, 'n' count (int64), 'p' share 0..1 (double,
 * NAN = none), 'm' minutes from seconds (double), 'd' a coefficient -1..1 (double, NAN =
 * none) with two decimals, 'x' a number already written (const char *, "" = none). */
void rp_row(rp_table *t, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  g_string_append(t->html, "<tr>");
  for (int i = 0; types[i]; i++) {
    char *cell;
    bool number = types[i] != 't';
    if (types[i] == 't') {
      const char *s = va_arg(ap, const char *);
      cell = g_strdup(s ? s : "");
    } else if (types[i] == 'x') {
      const char *s = va_arg(ap, const char *);
      cell = g_strdup(s ? s : "");
    } else if (types[i] == 'n') {
      cell = g_strdup_printf("%" G_GINT64_FORMAT, va_arg(ap, int64_t));
    } else if (types[i] == 'p') {
      double v = va_arg(ap, double);
      cell = isnan(v) ? g_strdup("") : g_strdup_printf("%.0f", v * 100);
    } else if (types[i] == 'd') {
      double v = va_arg(ap, double);
      cell = isnan(v) ? g_strdup("") : g_strdup_printf("%.2f", v);
    } else {
      cell = g_strdup_printf("%.1f", va_arg(ap, double) / 60.0);
    }
    GString *q = g_string_new(NULL);
    /* a text a learner typed must not run as a formula in a spreadsheet (OWASP's rule:
     * a cell starting with = + - @ tab or CR gets a leading apostrophe) */
    if (!number && strchr("=+-@\t\r", cell[0]) && cell[0]) g_string_append_c(q, '\'');
    for (const char *p = cell; *p; p++) {
      if (*p == '"') g_string_append_c(q, '"');
      g_string_append_c(q, *p);
    }
    g_string_append_printf(t->csv, "%s%s%s%s", i ? "," : "", number ? "" : "\"", q->str,
                           number ? "" : "\"");
    g_string_free(q, TRUE);
    char *esc = g_markup_escape_text(cell, -1);
    g_string_append_printf(t->html, "<td%s>%s%s</td>", number ? " class=n" : "", esc,
                           types[i] == 'p' && *cell ? "%" : "");
    g_free(esc), g_free(cell);
  }
  va_end(ap);
  g_string_append(t->csv, "\r\n");
  g_string_append(t->html, "</tr>\n");
}

LT_MUST_CHECK lt_status rp_table_end(rp_table *t, const char *outdir, const char *name,
                                     lt_diag_list *diags) {
  g_string_append(t->html, "</tbody></table>\n");
  char *path = g_build_filename(outdir, name, NULL);
  lt_status s = lt_file_write_atomic(path, t->csv->str, t->csv->len, 0644, true, diags);
  g_free(path);
  g_string_free(t->csv, TRUE);
  return s;
}

void rp_chart_init(rp_chart *c) {
  c->labels = g_ptr_array_new_with_free_func(g_free);
  c->a = g_array_new(FALSE, FALSE, sizeof(double));
  c->b = g_array_new(FALSE, FALSE, sizeof(double));
}

void rp_chart_add(rp_chart *c, const char *label, double a, double b) {
  g_ptr_array_add(c->labels, g_strdup(label));
  g_array_append_val(c->a, a);
  if (!isnan(b)) g_array_append_val(c->b, b);
}

void rp_chart_free(rp_chart *c) {
  g_ptr_array_free(c->labels, TRUE);
  g_array_free(c->a, TRUE), g_array_free(c->b, TRUE);
}

/* Draws the chart and lets it go. */
void rp_chart_svg(rp_chart *c, GString *html, const char *title, const char *legend_a,
                  const char *legend_b) {
  enum { W = 760, LABEL = 300, ROW = 30, BAR = 340 };
  bool two = c->b->len == c->a->len && c->a->len;
  int rows = (int)c->labels->len, top = two ? 30 : 8;
  int h = top + rows * (two ? ROW + 14 : ROW) + 8;
  char *t = g_markup_escape_text(title, -1);
  g_string_append_printf(html,
                         "<svg role=img aria-label=\"%s\" width=%d height=%d viewBox=\"0 0 %d %d\" "
                         "xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>\n",
                         t, W, h, W, h, t);
  g_free(t);
  if (two)
    g_string_append_printf(html,
                           "<rect x=%d y=6 width=14 height=14 fill=\"#9db7d5\"/><text x=%d y=18>%s"
                           "</text><rect x=%d y=6 width=14 height=14 fill=\"#1f5c99\"/><text "
                           "x=%d y=18>%s</text>\n",
                           LABEL, LABEL + 20, legend_a, LABEL + 160, LABEL + 180, legend_b);
  for (int i = 0; i < rows; i++) {
    int y = top + i * (two ? ROW + 14 : ROW);
    const char *label = c->labels->pdata[i];
    bool long_label = g_utf8_strlen(label, -1) > 38; /* substring must not pass the end */
    char *cut = long_label ? g_utf8_substring(label, 0, 38) : g_strdup(label);
    char *lab = g_markup_escape_text(cut, -1);
    g_string_append_printf(html, "<text x=%d y=%d text-anchor=end>%s%s</text>\n", LABEL - 10,
                           y + 18, lab, long_label ? "…" : "");
    g_free(cut), g_free(lab);
    for (int k = 0; k < (two ? 2 : 1); k++) {
      double v = g_array_index(k ? c->b : c->a, double, i);
      if (isnan(v)) continue;
      int by = y + 4 + k * 20, bw = (int)lround(v * BAR);
      g_string_append_printf(html,
                             "<rect x=%d y=%d width=%d height=%d fill=\"%s\"/><text x=%d y=%d>"
                             "%.0f%%</text>\n",
                             LABEL, by, bw, two ? 18 : 20, two && !k ? "#9db7d5" : "#1f5c99",
                             LABEL + bw + 6, by + 14, v * 100);
    }
  }
  g_string_append(html, "</svg>\n");
  rp_chart_free(c);
}

/* Ends a section's table: its query `st` (NULL when it could not be prepared) is reset and
 * the CSV written. */
LT_MUST_CHECK lt_status rp_done(sqlite3_stmt *st, rp_table *t, const char *outdir, const char *name,
                                lt_diag_list *diags) {
  if (st) sqlite3_reset(st);
  lt_status s = rp_table_end(t, outdir, name, diags);
  return st ? s : LT_ERR_IO;
}

const char *rp_text(sqlite3_stmt *st, int i) {
  const char *s = (const char *)sqlite3_column_text(st, i);
  return s ? s : "";
}

double rp_share(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

void rp_page_head(GString *out, const char *title) {
  char *t = g_markup_escape_text(title, -1);
  g_string_append_printf(
      out,
      "<!DOCTYPE html>\n<html lang=id>\n<head>\n<meta charset=utf-8>\n"
      "<meta name=viewport content=\"width=device-width, initial-scale=1\">\n"
      "<title>%s</title>\n<style>\n"
      "body{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:16px;color:#1b1b1b;"
      "background:#f7f4ee;max-width:62em;margin:2em auto;padding:0 1em;line-height:1.5}\n"
      "h1,h2{color:#1f5c99}h2{margin-top:2em;border-bottom:2px solid #d8d2c4}\n"
      "table{border-collapse:collapse;margin:1em 0;background:#fff}\n"
      "th,td{border:1px solid #d8d2c4;padding:.3em .6em;text-align:left;vertical-align:top}\n"
      "th{background:#e9e4d8}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
      "svg text{font-size:14px;fill:#1b1b1b}svg{max-width:100%%;height:auto}\n"
      ".ring{display:flex;gap:2em;flex-wrap:wrap}.ring div{background:#fff;padding:.6em 1em;"
      "border:1px solid #d8d2c4}.ring b{display:block;font-size:1.6em;color:#1f5c99}\n"
      /* printed: A4, each section on a page of its own, no chart or row cut in two, a long
       * table's head again on every page */
      "@page{size:A4;margin:14mm 12mm}\n"
      "@media print{body{background:#fff;max-width:none;margin:0;padding:0;font-size:10.5pt}"
      "h2{break-before:page;margin-top:0}.ring+h2,h2.same{break-before:auto}"
      "svg,tr,.ring,h3{break-inside:avoid}h2,h3{break-after:avoid}"
      "thead{display:table-header-group}table{width:100%%}a{color:inherit}}\n"
      "</style>\n</head>\n<body>\n",
      t);
  g_free(t);
}
