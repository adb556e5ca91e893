/* webvtt — captions files (WebVTT), as the packer checks them and the player shows them.
 *
 * The reader follows the W3C WebVTT parsing algorithms: a "WEBVTT" signature line; header
 * lines up to the first blank line (YouTube's "Kind:"/"Language:"), which are skipped; then
 * blocks separated by blank lines: NOTE, STYLE and REGION blocks (a keyword alone or followed
 * by a space or tab, so "NOTEBOOK" is a cue identifier) and cues: an optional identifier line,
 * a timing line "start --> end [settings]" ([h…:]mm:ss.ttt) and text lines, possibly none.
 * Cue text is parsed into its markup (<c>, <i>, <b>, <u>, <v Speaker>, <lang>, <ruby>/<rt>,
 * <hh:mm:ss.ttt> timestamps) with character references decoded. What the WebVTT syntax
 * forbids (and the W3C validator reports) is an error at its line and column; every error
 * is reported, not only the first. */
#ifndef LENTERA_WEBVTT_H
#define LENTERA_WEBVTT_H

#include <stddef.h>

#include "lentera/diag.h"

enum { LT_WEBVTT_ITALIC = 1, LT_WEBVTT_BOLD = 2, LT_WEBVTT_UNDERLINE = 4 };

/* A stretch of a cue's plain text in one style: bytes [start, end) of `text`. */
typedef struct {
  size_t start, end;
  unsigned style; /* LT_WEBVTT_ITALIC | … */
} lt_webvtt_run;

typedef struct {
  double start, end;   /* seconds */
  char *id;            /* the identifier line, "" when none */
  char *settings;      /* the settings after the end time as written ("align:start"), or "" */
  char *markup;        /* the cue text as written, lines joined with '\n' */
  char *text;          /* plain: markup removed, references decoded, "Budi: " before a voice,
                          a ruby's reading in parentheses after its base */
  lt_webvtt_run *runs; /* cover `text` in order; empty text has none */
  size_t nruns;
} lt_webvtt_cue;

typedef struct {
  lt_webvtt_cue *cues;
  size_t count;
} lt_webvtt;

/* Parses `len` bytes; `name` places messages. On LT_OK *out holds the cues in file order;
 * free with lt_webvtt_free. A file that is not UTF-8 is refused with the encoding it looks
 * like; one that looks like SubRip gets a hint to name it .srt. */
LT_MUST_CHECK lt_status lt_webvtt_parse(const char *text, size_t len, const char *name,
                                        lt_webvtt **out, lt_diag_list *diags);
/* The same reading as a browser shows it (the spec's parser): conformance errors are not
 * reported, the cues they touch are kept as read, a cue with a broken timing line is left
 * out. LT_ERR_INVALID only without the signature or when not UTF-8. For the player, whose
 * packs may come from builds that checked less. */
LT_MUST_CHECK lt_status lt_webvtt_parse_lenient(const char *text, size_t len, lt_webvtt **out);
void lt_webvtt_free(lt_webvtt *v);

/* The cues showing at `t` seconds (start <= t < end), in file order: up to `max` of them are
 * stored in `out`; returns how many show. */
size_t lt_webvtt_active(const lt_webvtt *v, double t, const lt_webvtt_cue **out, size_t max);

/* When `len` bytes are not UTF-8 text (or hold NUL bytes): an error at `name` naming the
 * encoding they look like (UTF-16 LE/BE by their byte order mark or zero bytes, else
 * Windows-1252/Latin-1) and how to save them as UTF-8; returns LT_ERR_INVALID. LT_OK for
 * UTF-8. Shared with the SubRip reader. */
LT_MUST_CHECK lt_status lt_webvtt_check_encoding(const char *text, size_t len, const char *name,
                                                 lt_diag_list *diags);

#endif
