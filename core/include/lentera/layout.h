/* layout — CommonMark XML laid out with Pango and drawn with Cairo (screen and PDF).
 *
 * One layout code serves the player (drawing onto a Cairo image surface that becomes an
 * SDL texture) and the packer (a one-page A4 PDF of a cheat sheet). A layout is computed
 * for one width and text size; lay out again when either changes. Units are Cairo user
 * units: points in a PDF, pixels on screen. */
#ifndef LENTERA_LAYOUT_H
#define LENTERA_LAYOUT_H

#include <cairo.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"

/* Returns an image for a pack or course path ("media/x.png"), or NULL to draw the alt text
 * instead. The layout takes the reference. */
typedef cairo_surface_t *(*lt_image_loader)(void *user, const char *path);

typedef struct {
  double width;               /* line box width */
  double font_size;           /* body text size */
  const char *font;           /* family list, e.g. "Noto Sans, DejaVu Sans" */
  const char *mono_font;      /* e.g. "Noto Sans Mono, DejaVu Sans Mono" */
  lt_image_loader load_image; /* NULL: PNG files under image_dir */
  void *image_user;
  const char *image_dir; /* folder media paths are relative to (default loader) */
} lt_layout_style;

typedef struct lt_layout lt_layout;

/* Lays out a CommonMark XML document (validated against commonmark.xsd). */
LT_MUST_CHECK lt_status lt_layout_new(const char *xml, size_t len, const char *name,
                                      const lt_layout_style *style, lt_layout **out,
                                      lt_diag_list *diags);
void lt_layout_free(lt_layout *l);
double lt_layout_height(const lt_layout *l);
/* Draws with the top-left corner at (x, y) in `cr`'s user space. */
void lt_layout_draw(const lt_layout *l, cairo_t *cr, double x, double y);
/* The plain text of every line drawn, in order, each with its top y; for tests and the
 * player's "click on visible text". Returns the number of text runs. */
size_t lt_layout_text_count(const lt_layout *l);
const char *lt_layout_text_at(const lt_layout *l, size_t i, double *out_y);
/* Pictures drawn: the i-th one's destination and its box, relative to the origin. */
size_t lt_layout_image_count(const lt_layout *l);
const char *lt_layout_image_at(const lt_layout *l, size_t i, double *x, double *y, double *w,
                               double *h);
/* Hyphens Pango added where it broke a word at the end of a line (glyphs beyond the
 * characters of a run), for tests: none may be added inside addresses or code. */
size_t lt_layout_hyphen_count(const lt_layout *l);
/* Links: the i-th box a link covers (one per line it runs over), with its destination as
 * the document gives it ("lessons/02-lesson.xml" for another item, "https://…"), and in
 * *out_text (may be NULL) the link's text. */
size_t lt_layout_link_count(const lt_layout *l);
const char *lt_layout_link_at(const lt_layout *l, size_t i, double *x, double *y, double *w,
                              double *h, const char **out_text);

/* Renders a cheat sheet to a one-page A4 PDF (free() *out_pdf). `header` is printed small
 * above the content. *out_overflow is how many millimetres the content runs past the
 * printable area (0 when it fits). `created` fixes the PDF's date for reproducible builds. */
LT_MUST_CHECK lt_status lt_layout_render_pdf(const char *xml, size_t len, const char *name,
                                             const char *header, const char *image_dir,
                                             int64_t created, char **out_pdf, size_t *out_len,
                                             double *out_overflow, lt_diag_list *diags);
/* The same for a document whose pictures have other names under image_dir: `names` holds
 * pairs (path in the document, file under image_dir), NULL-terminated; a path it does not
 * list is looked for as it is. The packer passes each pack name with the course's file
 * ("media/Gambar-Kantor.png", "media/Gambar Kantor.png"). */
LT_MUST_CHECK lt_status lt_layout_render_pdf_named(const char *xml, size_t len, const char *name,
                                                   const char *header, const char *image_dir,
                                                   const char *const *names, int64_t created,
                                                   char **out_pdf, size_t *out_len,
                                                   double *out_overflow, lt_diag_list *diags);

#endif
