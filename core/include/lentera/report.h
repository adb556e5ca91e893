/* report — the managers' report from a collection: index.html (offline, charts as inline
 * SVG, in Indonesian) and CSV files (UTF-8 with a byte order mark, so Excel reads them
 * right): completion per course and unit, pre-test vs post-test, pass rate, follow-ups,
 * active time, the monthly trend, each question's difficulty and item analysis, feedback,
 * the certificate register, the courses' training targets, and service indicators beside
 * the training when given. */
#ifndef LENTERA_REPORT_H
#define LENTERA_REPORT_H

#include <stdbool.h>

#include "lentera/collection.h"
#include "lentera/diag.h"
#include "lentera/indicators.h"
#include "lentera/target.h"

/* Writes the report's files into `outdir` (created when missing; each file replaced
 * atomically). `indicators` (may be NULL: no such section) are service figures to set beside
 * the training (indicators.h); `targets` (may be NULL) the courses' training targets
 * (target.h), set against the records month by month; a row naming a course the collection does not
 * hold is a file:line error, LT_ERR_INVALID before anything is written. */
LT_MUST_CHECK lt_status lt_report_write(lt_collection *c, const char *outdir,
                                        lt_indicators *indicators, const lt_target_list *targets,
                                        lt_diag_list *diags);

/* A certificate as the collection knows it: the passed post-test it was printed from. */
typedef struct {
  char *number;             /* LTR/<year>/<8 hex>, the year in this computer's time */
  char code[10];            /* the check code, "K7QF-2M9D" */
  char *name, *nip, *unit;  /* the learner as the statement names them */
  char *course, *course_id; /* the course's title and activity id */
  char *version;            /* the course version, or NULL (statements of players up to 0.2.0) */
  char *timestamp;          /* when it was passed, ISO 8601 UTC */
  double score;             /* 0..1 */
} lt_report_certificate;

/* Looks a certificate up by its check code (as certificate.h reads one typed) or its number
 * among the collection's "passed" statements. LT_ERR_INVALID when `typed` is neither (a
 * diagnostic says so); LT_OK with *out_found false when nothing matches. Clear *out with
 * lt_report_certificate_clear. */
LT_MUST_CHECK lt_status lt_report_find_certificate(lt_collection *c, const char *typed,
                                                   bool *out_found, lt_report_certificate *out,
                                                   lt_diag_list *diags);
void lt_report_certificate_clear(lt_report_certificate *r);

#endif
