/* htmlmd — HTML fragments from Moodle question banks as Markdown (core-internal). */
#ifndef LENTERA_HTMLMD_H
#define LENTERA_HTMLMD_H

#include <glib.h>
#include <stdbool.h>

/* Called for each <img>: returns the Markdown path to link ("media/x.png", g_free()) or
 * NULL to keep only the alt text (the callback says why). */
typedef char *(*lt_htmlmd_image_fn)(void *data, const char *src, const char *alt);

/* `html` as Markdown (g_free()); `one_line` joins blocks with spaces (a choice's text). */
char *lt_htmlmd_convert(const char *html, bool one_line, lt_htmlmd_image_fn image, void *data);

/* Appends `text` escaped so Markdown shows it as written; *line_start says whether the
 * output is at the start of a line, and is updated. */
void lt_md_escape(GString *out, const char *text, bool *line_start);

#endif
