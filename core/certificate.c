/* certificate — numbers, the check code and the PDF of a training certificate.
 *
 * The code is Crockford's base32 (no I, L, O or U, so nothing reads as another letter) of
 * the first five bytes of BLAKE2b-256 over the statement id in lower case: 8 digits, shown
 * as two groups of 4. The page is drawn directly with Pango and Cairo (not through layout.c,
 * which lays out flowing CommonMark): a double border, the title, the learner, the course,
 * the figures on one line, and along the bottom the QR code of the check code (libqrencode,
 * the only user of it), the date and the signer. Every text is centred in its box and shrunk
 * to fit, so a long name or course title never leaves the page. Fonts come from fontconfig:
 * Noto Serif / DejaVu Serif for the title and the name, Noto Sans / DejaVu Sans elsewhere. */
#include "lentera/certificate.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/sign.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void lt_certificate_code(const char *statement_id, char out[LT_CERTIFICATE_CODE_LEN]) {
  char *lower = g_ascii_strdown(statement_id, -1);
  char hex[LT_HASH_HEX];
  lt_hash_hex(lower, strlen(lower), hex);
  g_free(lower);
  uint64_t bits = 0; /* the first 40 bits: 10 hex digits */
  for (int i = 0; i < 10; i++)
    bits = bits << 4 | (uint64_t)g_ascii_xdigit_value(hex[i]);
  for (int i = 0, o = 0; i < 8; i++) {
    if (i == 4) out[o++] = '-';
    out[o++] = crockford[(bits >> (35 - 5 * i)) & 31];
  }
  out[9] = '\0';
}

bool lt_certificate_code_parse(const char *typed, char out[LT_CERTIFICATE_CODE_LEN]) {
  char digits[8];
  int n = 0;
  for (const char *p = typed; *p; p++) {
    char ch = g_ascii_toupper(*p);
    if (ch == '-' || ch == ' ') continue;
    if (ch == 'O') ch = '0';
    if (ch == 'I' || ch == 'L') ch = '1';
    if (!strchr(crockford, ch) || n == 8) return false;
    digits[n++] = ch;
  }
  if (n != 8) return false;
  memcpy(out, digits, 4);
  out[4] = '-';
  memcpy(out + 5, digits + 4, 4);
  out[9] = '\0';
  return true;
}

char *lt_certificate_number(const char *statement_id, int year) {
  char *head = g_ascii_strup(statement_id, 8);
  char *n = g_strdup_printf("LTR/%d/%s", year, head);
  g_free(head);
  return n;
}

bool lt_certificate_number_parse(const char *typed, int *out_year, char out_prefix[9]) {
  char **parts = g_strsplit(typed, "/", -1);
  bool ok = g_strv_length(parts) == 3 && !g_ascii_strcasecmp(g_strstrip(parts[0]), "LTR") &&
            strlen(g_strstrip(parts[1])) == 4 && strlen(g_strstrip(parts[2])) == 8;
  for (int i = 0; ok && i < 4; i++)
    ok = g_ascii_isdigit(parts[1][i]);
  for (int i = 0; ok && i < 8; i++)
    ok = g_ascii_isxdigit(parts[2][i]);
  if (ok) {
    *out_year = atoi(parts[1]);
    for (int i = 0; i < 8; i++)
      out_prefix[i] = g_ascii_tolower(parts[2][i]);
    out_prefix[8] = '\0';
  }
  g_strfreev(parts);
  return ok;
}

double lt_certificate_jp(long minutes) {
  if (minutes <= 0) return 0;
  long halves = (minutes * 2 + 44) / 45; /* half JPs (22.5 minutes each), rounded up */
  return (double)halves / 2.0;
}

char *lt_certificate_jp_text(double jp, const char *lang) {
  long halves = lround(jp * 2);
  if (halves % 2 == 0) return g_strdup_printf("%ld", halves / 2);
  bool en = lang && g_str_has_prefix(lang, "en");
  return g_strdup_printf("%ld%s5", halves / 2, en ? "." : ",");
}

char *lt_certificate_date(int64_t unix_time, const char *lang) {
  static const char *const id_months[] = {"Januari",   "Februari", "Maret",    "April",
                                          "Mei",       "Juni",     "Juli",     "Agustus",
                                          "September", "Oktober",  "November", "Desember"};
  static const char *const en_months[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
  GDateTime *t = g_date_time_new_from_unix_local(unix_time);
  if (!t) return g_strdup("?");
  bool en = lang && g_str_has_prefix(lang, "en");
  int m = g_date_time_get_month(t) - 1;
  char *s = g_strdup_printf("%d %s %d", g_date_time_get_day_of_month(t),
                            (en ? en_months : id_months)[m], g_date_time_get_year(t));
  g_date_time_unref(t);
  return s;
}

/* ---- the page ---- */

enum { SANS, SERIF };
static const char *const families[] = {"Noto Sans, DejaVu Sans", "Noto Serif, DejaVu Serif"};
static const double ink[] = {0.13, 0.15, 0.20}, accent[] = {0.10, 0.24, 0.45},
                    gold[] = {0.70, 0.55, 0.20}, muted[] = {0.38, 0.40, 0.45};

typedef struct {
  cairo_t *cr;
  PangoContext *pc;
} page;

/* Draws `text` centred (or aligned) in [x, x + w] with its top at y, shrunk until it fits
 * on `lines` lines; returns its height. */
static double text(page *p, const char *s, int family, double size, bool bold, const double *rgb,
                   double x, double y, double w, PangoAlignment align, int lines) {
  PangoLayout *l = pango_layout_new(p->pc);
  pango_layout_set_text(l, s, -1);
  pango_layout_set_width(l, (int)(w * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l, align);
  int width, height;
  for (;; size *= 0.92) {
    PangoFontDescription *fd = pango_font_description_from_string(families[family]);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (pango_layout_get_line_count(l) <= lines || size < 7) break;
  }
  pango_layout_get_size(l, &width, &height);
  cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
  cairo_move_to(p->cr, x, y);
  pango_cairo_update_layout(p->cr, l);
  pango_cairo_show_layout(p->cr, l);
  g_object_unref(l);
  return (double)height / PANGO_SCALE;
}

static void rule(page *p, double x0, double x1, double y, double width, const double *rgb) {
  cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width(p->cr, width);
  cairo_move_to(p->cr, x0, y);
  cairo_line_to(p->cr, x1, y);
  cairo_stroke(p->cr);
}

/* The QR code of `code` as a size × size square at (x, y); false when it cannot be made. */
static bool qr(page *p, const char *code, double x, double y, double size) {
  QRcode *q = QRcode_encodeString(code, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!q) return false;
  double cell = size / (q->width + 8); /* a quiet zone of 4 cells on every side */
  cairo_set_source_rgb(p->cr, 1, 1, 1);
  cairo_rectangle(p->cr, x, y, size, size);
  cairo_fill(p->cr);
  cairo_set_source_rgb(p->cr, 0, 0, 0);
  for (int r = 0; r < q->width; r++)
    for (int c = 0; c < q->width; c++)
      if (q->data[r * q->width + c] & 1)
        cairo_rectangle(p->cr, x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
  cairo_fill(p->cr);
  QRcode_free(q);
  return true;
}

static void border(page *p, double w, double h) {
  cairo_t *cr = p->cr;
  cairo_set_source_rgb(cr, 0.99, 0.98, 0.95); /* a warm paper tone */
  cairo_paint(cr);
  cairo_set_source_rgb(cr, accent[0], accent[1], accent[2]);
  cairo_set_line_width(cr, 6);
  cairo_rectangle(cr, 22, 22, w - 44, h - 44);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, gold[0], gold[1], gold[2]);
  cairo_set_line_width(cr, 1.5);
  cairo_rectangle(cr, 32, 32, w - 64, h - 64);
  cairo_stroke(cr);
  for (int i = 0; i < 4; i++) { /* a small diamond in each corner */
    double cx = i % 2 ? w - 32 : 32, cy = i / 2 ? h - 32 : 32;
    cairo_move_to(cr, cx, cy - 7);
    cairo_line_to(cr, cx + 7, cy);
    cairo_line_to(cr, cx, cy + 7);
    cairo_line_to(cr, cx - 7, cy);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len) {
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* An 18-digit NIP as it is printed on the staff card: "19870512 201001 2 001" (birth date,
 * appointment month, sex, number); anything else as it was typed. */
char *lt_certificate_nip_text(const char *nip) {
  if (!nip || strlen(nip) != 18 || strspn(nip, "0123456789") != 18) return g_strdup(nip ? nip : "");
  return g_strdup_printf("%.8s %.6s %.1s %.3s", nip, nip + 8, nip + 14, nip + 15);
}

lt_status lt_certificate_render_pdf(const lt_certificate *c, char **out_pdf, size_t *out_len,
                                    lt_diag_list *diags) {
  const double W = 841.89, H = 595.28; /* A4 landscape in points */
  bool en = c->lang && g_str_has_prefix(c->lang, "en");
  char code[LT_CERTIFICATE_CODE_LEN];
  lt_certificate_code(c->statement_id, code);
  GDateTime *t = g_date_time_new_from_unix_local(c->passed);
  char *number = lt_certificate_number(c->statement_id, t ? g_date_time_get_year(t) : 1970);
  if (t) g_date_time_unref(t);
  char *date = lt_certificate_date(c->passed, c->lang);
  char *jp = lt_certificate_jp_text(lt_certificate_jp(c->minutes), c->lang);

  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, bytes, W, H);
  GDateTime *u = g_date_time_new_from_unix_utc(c->passed);
  char *iso = u ? g_date_time_format(u, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("1970-01-01T00:00:00Z");
  if (u) g_date_time_unref(u);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Lentera");
  char *title = g_strdup_printf("%s %s – %s", en ? "Certificate" : "Sertifikat", number, c->name);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
  g_free(title), g_free(iso);
  page p = {cairo_create(s), NULL};
  PangoFontMap *fm = pango_cairo_font_map_get_default();
  p.pc = pango_font_map_create_context(fm);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(p.pc, fo);
  cairo_font_options_destroy(fo);
  pango_cairo_context_set_resolution(p.pc, 72.0);

  border(&p, W, H);
  const double x = 70, w = W - 140;
  const PangoAlignment mid = PANGO_ALIGN_CENTER;
  double y = 58;
  y += text(&p, c->publisher, SANS, 12, true, muted, x, y, w, mid, 1) + 6;
  y += text(&p, en ? "CERTIFICATE" : "SERTIFIKAT", SERIF, 44, true, accent, x, y, w, mid, 1);
  char *line = g_strdup_printf("%s %s", en ? "No." : "Nomor:", number);
  y += text(&p, line, SANS, 11, false, muted, x, y, w, mid, 1) + 4;
  g_free(line);
  rule(&p, W / 2 - 90, W / 2 + 90, y, 1.2, gold);
  y += 20;
  y += text(&p, en ? "is awarded to" : "diberikan kepada", SANS, 13, false, ink, x, y, w, mid, 1) +
       4;
  y += text(&p, c->name, SERIF, 32, true, ink, x, y, w, mid, 1) + 4;
  char *nip = lt_certificate_nip_text(c->nip);
  line = c->unit && *c->unit
             ? g_strdup_printf("NIP %s  ·  %s %s", nip, en ? "Work unit:" : "Unit kerja:", c->unit)
             : g_strdup_printf("NIP %s", nip);
  g_free(nip);
  y += text(&p, line, SANS, 13, false, ink, x, y, w, mid, 2) + 18;
  g_free(line);
  y += text(&p, en ? "for passing the final test of the course" : "atas kelulusan tes akhir kursus",
            SANS, 13, false, ink, x, y, w, mid, 1) +
       4;
  y += text(&p, c->course, SERIF, 22, true, accent, x, y, w, mid, 2) + 2;
  line = g_strdup_printf("%s %s", en ? "version" : "versi", c->version);
  y += text(&p, line, SANS, 11, false, muted, x, y, w, mid, 1) + 18;
  g_free(line);
  line =
      g_strdup_printf(en ? "Course load: %s JP (%ld minutes)   ·   Score: %.0f   ·   "
                           "Passed on %s"
                         : "Beban belajar kursus: %s JP (%ld menit)   ·   Nilai: %.0f   ·   Lulus "
                           "pada %s",
                      jp, c->minutes, c->score * 100, date);
  y += text(&p, line, SANS, 13, true, ink, x, y, w, mid, 2);
  g_free(line);

  /* the bottom band: the QR code and its code on the left, the signer on the right; moved
   * down (as far as the signer's block still fits) when long texts above need the room */
  const double qs = 104, band = fmin(fmax(H - 52 - 120, y + 10), H - 32 - 128);
  bool drawn = qr(&p, code, 64, band + 4, qs);
  double lx = 64 + qs + 8, lw = 200;
  text(&p, en ? "Check code" : "Kode cek", SANS, 10, false, muted, lx, band + 26, lw,
       PANGO_ALIGN_LEFT, 1);
  text(&p, code, SANS, 17, true, ink, lx, band + 40, lw, PANGO_ALIGN_LEFT, 1);
  text(&p,
       en ? "The publisher can confirm this certificate from its records with this code."
          : "Penyelenggara dapat memastikan keaslian sertifikat ini dengan kode tersebut.",
       SANS, 8, false, muted, lx, band + 64, lw, PANGO_ALIGN_LEFT, 2);
  const double sx = W - 64 - 250, sw = 250;
  double sy = band - 6;
  sy += text(&p, date, SANS, 11, false, ink, sx, sy, sw, mid, 1);
  if (c->signer_name && *c->signer_name) {
    sy += text(&p, c->signer_position, SANS, 11, false, ink, sx, sy, sw, mid, 2);
    sy += 44; /* room for the signature */
    sy += text(&p, c->signer_name, SANS, 12, true, ink, sx, sy, sw, mid, 1) + 1;
    rule(&p, sx + 30, sx + sw - 30, sy, 0.8, ink);
    if (c->signer_nip && *c->signer_nip) {
      char *snip = lt_certificate_nip_text(c->signer_nip);
      line = g_strdup_printf("NIP %s", snip);
      g_free(snip);
      text(&p, line, SANS, 10, false, ink, sx, sy + 3, sw, mid, 1);
      g_free(line);
    }
  } else {
    sy +=
        text(&p, en ? "Issued by" : "Diterbitkan oleh", SANS, 11, false, ink, sx, sy, sw, mid, 1) +
        30;
    text(&p, c->publisher, SANS, 12, true, ink, sx, sy, sw, mid, 2);
  }

  cairo_show_page(p.cr);
  cairo_destroy(p.cr);
  g_object_unref(p.pc);
  cairo_surface_finish(s);
  lt_status st = LT_OK;
  if (!drawn) {
    lt_diag_add(diags, LT_DIAG_ERROR, "certificate", 0, 0, "cannot make the QR code of %s", code);
    st = LT_ERR_NOMEM;
  } else if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    lt_diag_add(diags, LT_DIAG_ERROR, "certificate", 0, 0, "cannot render the PDF: %s",
                cairo_status_to_string(cairo_surface_status(s)));
    st = LT_ERR_IO;
  }
  cairo_surface_destroy(s);
  g_free(number), g_free(date), g_free(jp);
  if (st != LT_OK) {
    g_byte_array_free(bytes, TRUE);
    return st;
  }
  *out_len = bytes->len;
  *out_pdf = (char *)g_byte_array_free(bytes, FALSE);
  return st;
}
