/* Tests for layout: what is drawn (text runs in order, code spans unbroken), that a wider
 * box gives a shorter layout, pixels really change when drawn, and the cheat sheet PDF:
 * one A4 page that fits, or the overflow in millimetres. */
#include <stdbool.h>
#include <stdlib.h>

#include "lentera/layout.h"
#include "check.h"

static const char doc[] =
    "<document xmlns=\"http://commonmark.org/xml/1.0\">"
    "<heading level=\"1\"><text>Judul</text></heading>"
    "<paragraph><text>Kata sandi </text><code>kopi hujan sepeda</code>"
    "<text> dan </text><link destination=\"https://x.go.id\"><text>situs</text></link></paragraph>"
    "<list type=\"bullet\" tight=\"true\"><item><paragraph><text>satu</text></paragraph></item>"
    "<tasklist completed=\"true\"><paragraph><text>dua</text></paragraph></tasklist></list>"
    "<table><table_header><table_cell><text>A</text></table_cell><table_cell><text>B</text>"
    "</table_cell></table_header><table_row><table_cell><text>1</text></table_cell>"
    "<table_cell><text>2</text></table_cell></table_row></table>"
    "</document>";

static bool has_bytes(const char *buf, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(buf + i, needle, n) == 0) return true;
  return false;
}

static lt_layout *lay(double width, lt_diag_list *d) {
  lt_layout_style st = {
      width, 16, "Noto Sans, DejaVu Sans", "Noto Sans Mono, DejaVu Sans Mono", NULL, NULL, NULL};
  lt_layout *l = NULL;
  CHECK_INT(lt_layout_new(doc, sizeof doc - 1, "doc.xml", &st, &l, d), LT_OK);
  return l;
}

/* A loader that gives every image path a 20x10 picture (30x40 for "media/tall.png"). */
static cairo_surface_t *fake_image(void *user, const char *path) {
  (void)user;
  bool tall = !strcmp(path, "media/tall.png");
  return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, tall ? 30 : 20, tall ? 40 : 10);
}

/* Issue 13: images anywhere inline, side by side, in cells and links; links give boxes;
 * table alignment. */
static void inline_images(lt_diag_list *d) {
  static const char x[] =
      "<document xmlns=\"http://commonmark.org/xml/1.0\">"
      "<paragraph><text>Ikon </text><image destination=\"media/a.png\"><text>a</text></image>"
      "<text> dan </text><image destination=\"media/tall.png\"><text>b</text></image>"
      "<text> teks.</text></paragraph>"
      "<paragraph><link destination=\"lessons/02.xml\"><image destination=\"media/a.png\"/>"
      "<text> Lanjut</text></link></paragraph>"
      "<table><table_header><table_cell align=\"left\"><text>A</text></table_cell>"
      "<table_cell align=\"right\"><text>B</text></table_cell></table_header>"
      "<table_row><table_cell><image destination=\"media/a.png\"><text>c</text></image>"
      "</table_cell><table_cell><text>9</text></table_cell></table_row></table>"
      "</document>";
  lt_layout_style st = {
      400,  16,  "Noto Sans, DejaVu Sans", "Noto Sans Mono, DejaVu Sans Mono", fake_image,
      NULL, NULL};
  lt_layout *l = NULL;
  CHECK_INT(lt_layout_new(x, sizeof x - 1, "x.xml", &st, &l, d), LT_OK);
  CHECK_INT(lt_layout_image_count(l), 4);
  double ax, ay, aw, ah, bx, by, bw, bh;
  CHECK_STR(lt_layout_image_at(l, 0, &ax, &ay, &aw, &ah), "media/a.png");
  CHECK_STR(lt_layout_image_at(l, 1, &bx, &by, &bw, &bh), "media/tall.png");
  CHECK(aw == 20 && ah == 10 && bw == 30 && bh == 40);
  CHECK(ax > 20 && bx > ax + aw); /* after "Ikon ", side by side on one line */
  CHECK(ay + ah == by + bh);      /* both stand on the baseline */
  CHECK(by >= 0);                 /* the line grew to hold the tall one */
  double lx, ly, lw, lh;
  CHECK_INT(lt_layout_link_count(l), 1);
  const char *label = NULL;
  CHECK_STR(lt_layout_link_at(l, 0, &lx, &ly, &lw, &lh, &label), "lessons/02.xml");
  CHECK_STR(label, "Lanjut");
  double ix, iy, iw, ih;
  CHECK_STR(lt_layout_image_at(l, 2, &ix, &iy, &iw, &ih), "media/a.png"); /* inside the link */
  CHECK(ix >= lx && ix + iw <= lx + lw + 0.5 && iy >= ly - 0.5);
  CHECK(lw > iw + 30); /* the box covers the image and " Lanjut" */
  CHECK_STR(lt_layout_image_at(l, 3, &ix, &iy, &iw, &ih), "media/a.png"); /* in a cell */
  CHECK(iy > ly + lh);
  /* "9" in the right-aligned column sits at its right edge */
  size_t n = lt_layout_text_count(l);
  double y9;
  CHECK_STR(lt_layout_text_at(l, n - 1, &y9), "9");
  cairo_surface_t *s =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, (int)lt_layout_height(l) + 4);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  lt_layout_draw(l, cr, 0, 0);
  cairo_surface_flush(s);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), left = 400;
  for (int y = (int)y9; y < (int)y9 + 12; y++)
    for (int col = 201; col < 400; col++) /* the right column, without its frame line */
      if (px[y * stride + col * 4 + 1] < 100 && col < left) left = col;
  CHECK(left > 360);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  lt_layout_free(l);
}

/* Issue 13: colour emoji are drawn in colour (Noto Color Emoji, found by fontconfig), not
 * as boxes. */
static void emoji(lt_diag_list *d) {
  static const char x[] =
      "<document xmlns=\"http://commonmark.org/xml/1.0\"><paragraph>"
      "<text>Bagus \xF0\x9F\x98\x80\xF0\x9F\x91\x8D</text></paragraph></document>";
  lt_layout_style st = {400, 32, "Noto Sans, DejaVu Sans", "Noto Sans Mono", NULL, NULL, NULL};
  lt_layout *l = NULL;
  CHECK_INT(lt_layout_new(x, sizeof x - 1, "e.xml", &st, &l, d), LT_OK);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 80);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  lt_layout_draw(l, cr, 0, 0);
  cairo_surface_flush(s);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), yellow = 0;
  for (int y = 0; y < 80; y++)
    for (int c = 0; c < 400; c++) {
      const unsigned char *p = px + y * stride + c * 4; /* B, G, R */
      yellow += p[2] > 200 && p[1] > 140 && p[0] < 90;
    }
#ifndef _WIN32 /* the colour emoji font is Linux's (fonts-noto-color-emoji); not shipped for       \
                  Windows */
  CHECK(yellow > 100);
#else
  (void)yellow;
#endif
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  lt_layout_free(l);
}

/* Issue 13: a wrapped address or code span gets no hyphen; a long plain word still may. */
static void no_hyphens(lt_diag_list *d) {
  static const char *const docs[] = {
      "<paragraph><text>https://example.go.id/api/v1/response_type_panjang</text></paragraph>",
      "<paragraph><link destination=\"https://example.go.id/api/v1/response_type_panjang\">"
      "<text>situs</text></link></paragraph>",
      "<paragraph><code>kode_yang_sangat_panjang_sekali</code></paragraph>",
      "<paragraph><text>Pemberitahuanpanjangsekalisekaliyangtidakputus</text></paragraph>"};
  for (size_t i = 0; i < G_N_ELEMENTS(docs); i++) {
    char *x =
        g_strdup_printf("<document xmlns=\"http://commonmark.org/xml/1.0\">%s</document>", docs[i]);
    lt_layout_style st = {60, 16, "Noto Sans, DejaVu Sans", "Noto Sans Mono", NULL, NULL, NULL};
    lt_layout *l = NULL;
    CHECK_INT(lt_layout_new(x, strlen(x), "h.xml", &st, &l, d), LT_OK);
    if (i < 3)
      CHECK_INT(lt_layout_hyphen_count(l), 0);
    else
      CHECK(lt_layout_hyphen_count(l) > 0); /* the count sees hyphens where Pango adds them */
    lt_layout_free(l);
    g_free(x);
  }
}

int main(void) {
  lt_diag_list *d = lt_diag_list_new();
  inline_images(d);
  emoji(d);
  no_hyphens(d);
  lt_layout *l = lay(600, d);
  CHECK_STR(lt_layout_text_at(l, 0, NULL), "Judul");
  const char *p = lt_layout_text_at(l, 1, NULL);
  CHECK_CONTAINS(p, "situs (https://x.go.id)");
  CHECK_CONTAINS(p, "k\u2060o\u2060p\u2060i\u2060\u00a0\u2060h"); /* no break inside code */
  CHECK_STR(lt_layout_text_at(l, 2, NULL), "\u2022");
  CHECK_STR(lt_layout_text_at(l, 3, NULL), "satu");
  CHECK_STR(lt_layout_text_at(l, 4, NULL), "\u2611");
  double y3, y5;
  lt_layout_text_at(l, 3, &y3);
  lt_layout_text_at(l, 5, &y5);
  CHECK(y5 > y3); /* blocks stack downwards */
  CHECK_INT(lt_layout_text_count(l), 10);

  lt_layout *narrow = lay(120, d);
  CHECK(lt_layout_height(narrow) > lt_layout_height(l));

  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  lt_layout_draw(l, cr, 0, 0);
  cairo_surface_flush(s);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), dark = 0;
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 600; x++)
      dark += px[y * stride + x * 4 + 1] < 128;
  CHECK(dark > 200); /* text really was drawn */
  cairo_destroy(cr);
  cairo_surface_destroy(s);

  char *pdf;
  size_t len;
  double overflow = -1;
  CHECK_INT(lt_layout_render_pdf(doc, sizeof doc - 1, "doc.xml", "Kursus — Ringkas", NULL,
                                 1700000000, &pdf, &len, &overflow, d),
            LT_OK);
  CHECK(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
  CHECK(overflow == 0.0);
  CHECK(has_bytes(pdf, len, "/Count 1")); /* one page */
  free(pdf);

  GString *big = g_string_new("<document xmlns=\"http://commonmark.org/xml/1.0\">");
  for (int i = 0; i < 120; i++)
    g_string_append(big, "<paragraph><text>Baris panjang pengingat.</text></paragraph>");
  g_string_append(big, "</document>");
  CHECK_INT(
      lt_layout_render_pdf(big->str, big->len, "big.xml", "x", NULL, 0, &pdf, &len, &overflow, d),
      LT_OK);
  CHECK(overflow > 100 && overflow < 1000); /* millimetres past the margin */
  free(pdf);
  g_string_free(big, TRUE);

  lt_layout_free(l);
  lt_layout_free(narrow);
  lt_layout_free(NULL);
  CHECK_INT(lt_diag_count(d), 0);
  lt_diag_list_free(d);
  return check_done("test_layout");
}
