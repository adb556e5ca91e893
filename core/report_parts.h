/* report_parts — what every section of the managers' report is built from (report.c,
 * indicators.c): a table whose rows go both into a CSV file and into the page, a horizontal
 * bar chart of shares drawn as inline SVG, and the column readers of a section's query.
 * Every text that came from a statement or a CSV file is escaped on the page and quoted in
 * the CSV, where a text a spreadsheet would take for a formula is neutralised. */
#ifndef LENTERA_REPORT_PARTS_H
#define LENTERA_REPORT_PARTS_H

#include <glib.h>
#include <sqlite3.h>

#include "db.h"

#include "lentera/diag.h"
#include "lentera/indicators.h"
#include "lentera/target.h"

/* A table being built: its CSV and its HTML rows together. */
typedef struct {
  GString *csv, *html;
} rp_table;

/* A horizontal bar chart: one row per label, one or two shares (0..1) per row. */
typedef struct {
  GPtrArray *labels;
  GArray *a, *b; /* b may stay empty */
} rp_chart;

void rp_table_begin(rp_table *t, GString *html, const char *const *heads, int n);
/* One row: `types` gives each cell: 't' text, 'n' count (int64), 'p' share 0..1 (double,
 * NAN = none), 'm' minutes from seconds (double), 'd' a coefficient -1..1 (double, NAN =
 * none) with two decimals, 'x' a number already written (const char *, "" = none). */
void rp_row(rp_table *t, const char *types, ...);
/* Closes the table on the page and writes its CSV as outdir/name (atomically). */
LT_MUST_CHECK lt_status rp_table_end(rp_table *t, const char *outdir, const char *name,
                                     lt_diag_list *diags);
/* Ends a section's table: its query `st` (NULL when it could not be prepared) is reset and
 * the CSV written. */
LT_MUST_CHECK lt_status rp_done(sqlite3_stmt *st, rp_table *t, const char *outdir, const char *name,
                                lt_diag_list *diags);

void rp_chart_init(rp_chart *c);
void rp_chart_add(rp_chart *c, const char *label, double a, double b); /* b NAN: one bar */
/* Draws the chart into `html` and lets it go. */
void rp_chart_svg(rp_chart *c, GString *html, const char *title, const char *legend_a,
                  const char *legend_b);
void rp_chart_free(rp_chart *c);

/* The start of a report page up to <body>: its title and the style, screen and A4 print. */
void rp_page_head(GString *out, const char *title);

const char *rp_text(sqlite3_stmt *st, int i); /* "" for NULL */
double rp_share(sqlite3_stmt *st, int i);     /* NAN for NULL */

/* The "Indikator layanan" section (indicators.c): rp_indicators_check resolves each row's
 * course against the collection (a file:line error for one it does not hold), before any
 * file of the report is written; rp_indicators draws the section and writes indikator.csv. */
LT_MUST_CHECK lt_status rp_indicators_check(lt_indicators *ind, lt_db *db, lt_diag_list *diags);
LT_MUST_CHECK lt_status rp_indicators(const lt_indicators *ind, lt_db *db, GString *html,
                                      const char *outdir, lt_diag_list *diags);

/* "Target pelatihan" (targets.c): each target of `l` (may be NULL or empty: the section says
 * how to give them) month by month, target.csv and target-bulanan.csv. */
LT_MUST_CHECK lt_status rp_targets(const lt_target_list *l, lt_db *db, GString *html,
                                   const char *outdir, lt_diag_list *diags);

/* The transcripts (transcript.c): transkrip.csv, transkrip/<NIP>.html, and their list. */
LT_MUST_CHECK lt_status rp_transcripts(lt_db *db, GString *html, const char *outdir,
                                       lt_diag_list *diags);

#endif
