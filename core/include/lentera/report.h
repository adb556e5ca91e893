/* report — the managers' report from a collection: index.html (offline, charts as inline
 * SVG, in Indonesian) and CSV files (UTF-8 with a byte order mark, so Excel reads them
 * right): completion per course and unit, pre-test vs post-test, pass rate, active time,
 * and each question's difficulty with its most chosen wrong answer. */
#ifndef LENTERA_REPORT_H
#define LENTERA_REPORT_H

#include "lentera/collection.h"
#include "lentera/diag.h"

/* Writes the report's files into `outdir` (created when missing; each file replaced
 * atomically). */
LT_MUST_CHECK lt_status lt_report_write(lt_collection *c, const char *outdir, lt_diag_list *diags);

#endif
