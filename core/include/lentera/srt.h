/* srt — SubRip captions (media/x.srt, as Subtitle Edit, Aegisub and most tools write them),
 * turned into WebVTT for the pack.
 *
 * A SubRip file is blocks separated by blank lines: a cue number (optional here), a timing
 * line "00:00:01,000 --> 00:00:04,000" (a comma or a dot before the milliseconds, coordinates
 * after it ignored) and text lines with <i>, <b>, <u> and <font …> tags. CRLF, CR and a
 * byte order mark are accepted; a file that is not UTF-8 is refused naming the encoding it
 * looks like. */
#ifndef LENTERA_SRT_H
#define LENTERA_SRT_H

#include <stddef.h>

#include "lentera/diag.h"

/* Reads `len` bytes of SubRip; `name` places messages (every mistake at its line:column).
 * On LT_OK *out_vtt (free with g_free) holds the same cues as WebVTT, their text escaped
 * for it: <i>/<b>/<u> kept, <font> and {\an8}-style tags dropped, tags left open closed. */
LT_MUST_CHECK lt_status lt_srt_to_webvtt(const char *text, size_t len, const char *name,
                                         char **out_vtt, size_t *out_len, lt_diag_list *diags);

#endif
