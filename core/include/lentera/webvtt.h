/* webvtt — captions files (WebVTT), as the packer checks them and the player shows them.
 *
 * The parser follows the WebVTT file structure: a "WEBVTT" signature line, optional header
 * lines, then blocks separated by blank lines: NOTE, STYLE and REGION blocks (skipped) and
 * cues: an optional identifier line, a timing line "start --> end [settings]" and text
 * lines. Timestamps are [hh:]mm:ss.ttt. A malformed cue is an error at its line and column;
 * cue text is kept as written (tags such as <i> included). */
#ifndef LENTERA_WEBVTT_H
#define LENTERA_WEBVTT_H

#include <stddef.h>

#include "lentera/diag.h"

typedef struct {
  double start, end; /* seconds */
  char *text;        /* lines joined with '\n' */
} lt_webvtt_cue;

typedef struct {
  lt_webvtt_cue *cues;
  size_t count;
} lt_webvtt;

/* Parses `len` bytes; `name` places messages. On LT_OK *out holds the cues in file order;
 * free with lt_webvtt_free. Every malformed cue is reported, not only the first. */
LT_MUST_CHECK lt_status lt_webvtt_parse(const char *text, size_t len, const char *name,
                                        lt_webvtt **out, lt_diag_list *diags);
void lt_webvtt_free(lt_webvtt *v);

/* The cue showing at `t` seconds, or NULL. */
const lt_webvtt_cue *lt_webvtt_at(const lt_webvtt *v, double t);

#endif
