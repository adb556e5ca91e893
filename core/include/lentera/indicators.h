/* indicators — a CSV file of monthly service figures per work unit, for the report's
 * "Indikator layanan" section (lentera-pack report --indicators FILE.csv).
 *
 * The first line names the columns, in any order: bulan (YYYY-MM), unit, indikator, nilai
 * (a number) and, optionally, kursus (the related course: its id or its title as the records
 * name it). Separated by commas, or by semicolons as a spreadsheet in an Indonesian locale
 * saves it (then "12,5" is a decimal comma); fields may be quoted ("Loket 1, 2"). Every
 * mistake is a file:line error; nothing is guessed. The report sets each indicator beside
 * the share of the unit's staff in the records who had passed the course's post-test by
 * the end of each month. */
#ifndef LENTERA_INDICATORS_H
#define LENTERA_INDICATORS_H

#include <stddef.h>

#include "lentera/diag.h"

typedef struct lt_indicators lt_indicators;

/* Reads and checks `path` (at most LT_INDICATORS_MAX_ROWS rows, 8 MiB). LT_ERR_INVALID with
 * every mistake in `diags` and *out unset; LT_ERR_IO when it cannot be read. */
enum { LT_INDICATORS_MAX_ROWS = 100000 };
LT_MUST_CHECK lt_status lt_indicators_load(const char *path, lt_indicators **out,
                                           lt_diag_list *diags);
void lt_indicators_free(lt_indicators *ind);
size_t lt_indicators_count(const lt_indicators *ind);

#endif
