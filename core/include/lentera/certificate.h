/* certificate — the certificate a passed post-test earns: its number, its check code, the
 * hours of study it names and its A4 landscape PDF.
 *
 * Both the number and the code come from the id of the "passed" statement, which the
 * collection holds too, so `lentera-pack report --certificate CODE` finds the record a
 * certificate was printed from:
 *
 *   number  LTR/<year passed>/<the id's first 8 hex digits, upper case>   LTR/2026/99B8BF0A
 *   code    the first 40 bits of BLAKE2b-256(id) in Crockford's base32,
 *           grouped 4-4                                                   K7QF-2M9D
 *
 * Hours are "JP" (jam pelajaran, 45 minutes each) from the course's minutes, rounded up to
 * the next half JP. */
#ifndef LENTERA_CERTIFICATE_H
#define LENTERA_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"

#define LT_CERTIFICATE_CODE_LEN 10 /* "K7QF-2M9D" + NUL */

/* The check code of a statement id (any case). */
void lt_certificate_code(const char *statement_id, char out[LT_CERTIFICATE_CODE_LEN]);
/* What a person typed as a code, made canonical: case, spaces and dashes do not matter, and
 * O is read as 0, I and L as 1 (Crockford). False when it is not 8 base32 digits. */
bool lt_certificate_code_parse(const char *typed, char out[LT_CERTIFICATE_CODE_LEN]);
/* "LTR/2026/99B8BF0A" (g_free()). */
char *lt_certificate_number(const char *statement_id, int year);
/* Whether `typed` is a certificate number; *out_year and out_prefix (8 lower-case hex digits
 * + NUL, as the statement id starts) get its parts. */
bool lt_certificate_number_parse(const char *typed, int *out_year, char out_prefix[9]);
/* An 18-digit NIP spaced as on the staff card, "19870512 201001 2 001"; anything else as it
 * is (g_free()). Spreadsheets keep the spaced form as text, not as a rounded number. */
char *lt_certificate_nip_text(const char *nip);
/* Hours of study in half JP: minutes / 45 rounded up to the next 0.5 (0 minutes: 0). */
double lt_certificate_jp(long minutes);
/* "2", "1,5" (id) or "1.5" (en) (g_free()). */
char *lt_certificate_jp_text(double jp, const char *lang);
/* "2 Desember 2026" (id) or "2 December 2026" (en), in local time (g_free()). */
char *lt_certificate_date(int64_t unix_time, const char *lang);

typedef struct {
  const char *lang; /* "en" for English labels; anything else is Indonesian */
  const char *name, *nip, *unit;
  const char *course, *version, *publisher;
  long minutes;             /* the course's total minutes */
  double score;             /* 0..1 */
  const char *statement_id; /* the "passed" statement's id */
  int64_t passed;           /* unix time of the pass */
  /* the signer; name NULL prints the publisher as the issuer */
  const char *signer_name, *signer_position, *signer_nip;
} lt_certificate;

/* Draws the certificate on one A4 landscape page (842 × 595 pt) with its QR code of the
 * check code (free() *out_pdf). */
LT_MUST_CHECK lt_status lt_certificate_render_pdf(const lt_certificate *c, char **out_pdf,
                                                  size_t *out_len, lt_diag_list *diags);

#endif
