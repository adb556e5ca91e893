/* layout — CommonMark XML → a list of drawing operations, via Pango.
 *
 * The document is validated (commonmark.xsd), then walked once: each block becomes one or
 * more operations (a Pango layout of the block's inline markup, a rectangle, a rule, an
 * image) at an absolute position, and y advances by the block's height. Inline elements
 * map to Pango markup (emph → <i>, strong → <b>, code → monospace with no-break joiners so a
 * code span never wraps inside, links → underlined text followed by their address).
 * Nested blocks (lists, quotes, table cells) recurse with a narrower box. Drawing replays
 * the operations, so the player and the PDF draw exactly the same thing. */
#include "lentera/layout.h"

#include <errno.h>
#include <glib.h>
#include <libxml/tree.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lentera/file.h"
#include "xml_load.h"

typedef enum { OP_TEXT, OP_RECT, OP_LINE, OP_IMAGE } op_kind;

typedef struct {
  op_kind kind;
  double x, y, w, h;
  double rgb[3];
  PangoLayout *layout;
  cairo_surface_t *image;
  char *path; /* an image's destination, as the document gives it */
} op;

struct lt_layout {
  GArray *ops; /* of op */
  double height;
};

typedef struct {
  lt_layout *l;
  const lt_layout_style *st;
  PangoContext *pc;
  double y;
  double gap; /* space after a paragraph in the current list context */
} builder;

static const double ink[3] = {0.10, 0.10, 0.10}, grey[3] = {0.33, 0.33, 0.33},
                    accent[3] = {0.16, 0.40, 0.65}, shade[3] = {0.94, 0.94, 0.94},
                    rule[3] = {0.60, 0.60, 0.60};

static void add_op(builder *b, op o) { g_array_append_val(b->l->ops, o); }

static void append_escaped(GString *out, const char *s) {
  char *e = g_markup_escape_text(s, -1);
  g_string_append(out, e);
  g_free(e);
}

/* The next UTF-8 character (g_utf8_next_char without its cast away from const). */
static const char *next_char(const char *p) { return p + g_utf8_skip[*(const guchar *)p]; }

/* Code spans: spaces become no-break spaces and a word joiner follows every character. */
static void append_code(GString *out, const char *s) {
  for (const char *p = s; *p; p = next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == ' ') c = 0x00A0;
    char buf[8];
    buf[g_unichar_to_utf8(c, buf)] = '\0';
    append_escaped(out, buf);
    if (*next_char(p)) g_string_append(out, "\u2060");
  }
}

static void inlines(builder *b, xmlNodePtr parent, GString *out) {
  for (xmlNodePtr n = parent->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (lt_xml_is(n, "text")) {
      char *t = lt_xml_text(n);
      append_escaped(out, t);
      g_free(t);
    } else if (lt_xml_is(n, "softbreak")) {
      g_string_append_c(out, ' ');
    } else if (lt_xml_is(n, "linebreak")) {
      g_string_append_c(out, '\n');
    } else if (lt_xml_is(n, "code")) {
      char *t = lt_xml_text(n);
      g_string_append_printf(out, "<span font_family=\"%s\" background=\"#EEEEEE\">",
                             b->st->mono_font);
      append_code(out, t);
      g_string_append(out, "</span>");
      g_free(t);
    } else if (lt_xml_is(n, "emph") || lt_xml_is(n, "strong") || lt_xml_is(n, "strikethrough")) {
      const char *tag = lt_xml_is(n, "emph") ? "i" : lt_xml_is(n, "strong") ? "b" : "s";
      g_string_append_printf(out, "<%s>", tag);
      inlines(b, n, out);
      g_string_append_printf(out, "</%s>", tag);
    } else if (lt_xml_is(n, "link")) {
      char *url = lt_xml_prop(n, "destination");
      g_string_append(out, "<span foreground=\"#29669F\" underline=\"single\">");
      inlines(b, n, out);
      g_string_append(out, "</span>");
      if (g_str_has_prefix(url, "http") || g_str_has_prefix(url, "mailto:")) {
        g_string_append(out, " <span foreground=\"#555555\">(");
        append_escaped(out, g_str_has_prefix(url, "mailto:") ? url + 7 : url);
        g_string_append(out, ")</span>");
      }
      g_free(url);
    } else if (lt_xml_is(n, "image")) {
      char *alt = lt_xml_text(n);
      char **words = g_strsplit_set(g_strstrip(alt), " \n\t", -1);
      GString *flat = g_string_new(NULL); /* the alt text without the XML's indentation */
      for (char **w = words; *w; w++)
        if (**w) g_string_append_printf(flat, "%s%s", flat->len ? " " : "", *w);
      g_string_append(out, "<i>[");
      append_escaped(out, flat->str);
      g_string_append(out, "]</i>");
      g_string_free(flat, TRUE);
      g_strfreev(words);
      g_free(alt);
    } else {
      inlines(b, n, out);
    }
  }
}

static PangoLayout *make_layout(builder *b, const char *markup, double width, double scale,
                                bool bold, bool mono) {
  PangoLayout *pl = pango_layout_new(b->pc);
  PangoFontDescription *fd =
      pango_font_description_from_string(mono ? b->st->mono_font : b->st->font);
  pango_font_description_set_absolute_size(fd, b->st->font_size * scale * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(pl, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(pl, mono ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup(pl, markup, -1);
  return pl;
}

/* Adds a text operation at (x, b->y) and returns its height (y is not advanced). */
static double text_op(builder *b, PangoLayout *pl, double x, const double *color) {
  int w, h;
  pango_layout_get_size(pl, &w, &h);
  op o = {OP_TEXT, x, b->y, (double)w / PANGO_SCALE, (double)h / PANGO_SCALE, {0}, pl, NULL, NULL};
  memcpy(o.rgb, color, sizeof o.rgb);
  add_op(b, o);
  return o.h;
}

static void blocks(builder *b, xmlNodePtr parent, double x, double width);

/* A paragraph holding one image and nothing else is drawn as a picture. */
static xmlNodePtr lone_image(xmlNodePtr para) {
  xmlNodePtr img = NULL;
  for (xmlNodePtr n = para->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (img || !lt_xml_is(n, "image")) return NULL;
    img = n;
  }
  return img;
}

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length) {
  int fd = *(int *)closure;
  while (length > 0) {
    ssize_t n = read(fd, data, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return CAIRO_STATUS_READ_ERROR;
    data += n;
    length -= (unsigned int)n;
  }
  return CAIRO_STATUS_SUCCESS;
}

/* PNG files under image_dir, opened confined to it (file.h lt_file_open_in: no symbolic
 * link, hard link or special file), so a cheat sheet's PDF draws only the course's own
 * pictures, whatever the folder holds by the time it is drawn. */
static cairo_surface_t *default_loader(const lt_layout_style *st, const char *path) {
  if (!st->image_dir || !g_str_has_suffix(path, ".png")) return NULL;
  int fd = -1;
  lt_file_where at = {path, 0, 0};
  if (lt_file_open_in(st->image_dir, path, &at, NULL, &fd, NULL) != LT_OK) return NULL;
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &fd);
  close(fd);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return NULL;
  }
  return s;
}

static bool image_block(builder *b, xmlNodePtr img, double x, double width) {
  char *path = lt_xml_prop(img, "destination");
  cairo_surface_t *s =
      b->st->load_image ? b->st->load_image(b->st->image_user, path) : default_loader(b->st, path);
  if (!s) {
    g_free(path);
    return false;
  }
  double iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
  double scale = iw > width ? width / iw : 1.0;
  op o = {OP_IMAGE, x, b->y, iw * scale, ih * scale, {0}, NULL, s, path};
  add_op(b, o);
  b->y += o.h + b->gap;
  return true;
}

static void paragraph(builder *b, xmlNodePtr n, double x, double width, double scale, bool bold,
                      const double *color) {
  xmlNodePtr img = lone_image(n);
  if (img && image_block(b, img, x, width)) return;
  GString *m = g_string_new(NULL);
  inlines(b, n, m);
  PangoLayout *pl = make_layout(b, m->str, width, scale, bold, false);
  g_string_free(m, TRUE);
  b->y += text_op(b, pl, x, color);
}

static void code_block(builder *b, xmlNodePtr n, double x, double width) {
  char *t = lt_xml_text(n);
  size_t len = strlen(t);
  if (len && t[len - 1] == '\n') t[len - 1] = '\0';
  char *e = g_markup_escape_text(t, -1);
  double pad = b->st->font_size * 0.5;
  PangoLayout *pl = make_layout(b, e, width - 2 * pad, 0.9, false, true);
  g_free(e);
  g_free(t);
  int w, h;
  pango_layout_get_size(pl, &w, &h);
  op bg = {OP_RECT, x, b->y, width, (double)h / PANGO_SCALE + 2 * pad, {0}, NULL, NULL, NULL};
  memcpy(bg.rgb, shade, sizeof bg.rgb);
  add_op(b, bg);
  b->y += pad;
  text_op(b, pl, x + pad, ink);
  b->y += bg.h - pad;
}

static void list(builder *b, xmlNodePtr n, double x, double width) {
  char *type = lt_xml_prop(n, "type"), *start = lt_xml_prop(n, "start"),
       *tight = lt_xml_prop(n, "tight");
  long num = *start ? strtol(start, NULL, 10) : 1;
  double indent = b->st->font_size * 1.6, saved_gap = b->gap;
  if (!strcmp(tight, "true")) b->gap = b->st->font_size * 0.15;
  for (xmlNodePtr it = n->children; it; it = it->next) {
    if (it->type != XML_ELEMENT_NODE) continue;
    char *marker;
    if (lt_xml_is(it, "tasklist")) {
      char *done = lt_xml_prop(it, "completed");
      marker = g_strdup(!strcmp(done, "true") ? "\u2611" : "\u2610");
      g_free(done);
    } else if (!strcmp(type, "ordered")) {
      marker = g_strdup_printf("%ld.", num++);
    } else {
      marker = g_strdup("\u2022");
    }
    PangoLayout *pl = make_layout(b, marker, indent, 1.0, false, false);
    g_free(marker);
    text_op(b, pl, x, ink);
    blocks(b, it, x + indent, width - indent);
  }
  b->gap = saved_gap;
  b->y += b->gap;
  g_free(type);
  g_free(start);
  g_free(tight);
}

static void table(builder *b, xmlNodePtr n, double x, double width) {
  size_t cols = 0;
  for (xmlNodePtr r = n->children; r; r = r->next) {
    size_t c = 0;
    for (xmlNodePtr cell = r->children; cell; cell = cell->next)
      c += lt_xml_is(cell, "table_cell");
    if (c > cols) cols = c;
  }
  if (!cols) return;
  double colw = width / (double)cols, pad = b->st->font_size * 0.35;
  double top = b->y;
  for (xmlNodePtr r = n->children; r; r = r->next) {
    if (r->type != XML_ELEMENT_NODE) continue;
    bool header = lt_xml_is(r, "table_header");
    double row_top = b->y, row_h = 0;
    guint first = b->l->ops->len;
    if (header) {
      op bg = {OP_RECT, x, row_top, width, 0, {0}, NULL, NULL, NULL};
      memcpy(bg.rgb, shade, sizeof bg.rgb);
      add_op(b, bg);
    }
    size_t c = 0;
    for (xmlNodePtr cell = r->children; cell; cell = cell->next) {
      if (!lt_xml_is(cell, "table_cell")) continue;
      GString *m = g_string_new(NULL);
      inlines(b, cell, m);
      PangoLayout *pl = make_layout(b, m->str, colw - 2 * pad, 0.95, header, false);
      g_string_free(m, TRUE);
      b->y = row_top + pad;
      double h = text_op(b, pl, x + (double)c * colw + pad, ink);
      if (h > row_h) row_h = h;
      c++;
    }
    row_h += 2 * pad;
    if (header) g_array_index(b->l->ops, op, first).h = row_h;
    b->y = row_top + row_h;
    op line = {OP_LINE, x, b->y, width, 0, {0}, NULL, NULL, NULL};
    memcpy(line.rgb, rule, sizeof line.rgb);
    add_op(b, line);
  }
  op frame = {OP_LINE, x, top, width, 0, {0}, NULL, NULL, NULL};
  memcpy(frame.rgb, rule, sizeof frame.rgb);
  add_op(b, frame);
  for (size_t c = 0; c <= cols; c++) {
    op v = {OP_LINE, x + (double)c * colw, top, 0, b->y - top, {0}, NULL, NULL, NULL};
    memcpy(v.rgb, rule, sizeof v.rgb);
    add_op(b, v);
  }
  b->y += b->gap;
}

static void blocks(builder *b, xmlNodePtr parent, double x, double width) {
  static const double heading_scale[] = {1.0, 1.6, 1.3, 1.15, 1.05, 1.0, 1.0};
  for (xmlNodePtr n = parent->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (lt_xml_is(n, "paragraph")) {
      paragraph(b, n, x, width, 1.0, false, ink);
      b->y += b->gap;
    } else if (lt_xml_is(n, "heading")) {
      char *lv = lt_xml_prop(n, "level");
      long level = strtol(lv, NULL, 10);
      g_free(lv);
      if (level < 1 || level > 6) level = 1;
      if (b->y > 0) b->y += b->st->font_size * (level <= 2 ? 0.6 : 0.3);
      paragraph(b, n, x, width, heading_scale[level], true, level <= 2 ? accent : ink);
      b->y += b->st->font_size * 0.35;
    } else if (lt_xml_is(n, "block_quote")) {
      double top = b->y, bar = b->st->font_size * 0.25;
      blocks(b, n, x + b->st->font_size, width - b->st->font_size);
      op o = {OP_RECT, x, top, bar, b->y - top - b->gap, {0}, NULL, NULL, NULL};
      memcpy(o.rgb, accent, sizeof o.rgb);
      add_op(b, o);
    } else if (lt_xml_is(n, "list")) {
      list(b, n, x, width);
    } else if (lt_xml_is(n, "code_block")) {
      code_block(b, n, x, width);
      b->y += b->gap;
    } else if (lt_xml_is(n, "thematic_break")) {
      op o = {OP_LINE, x, b->y + b->gap / 2, width, 0, {0}, NULL, NULL, NULL};
      memcpy(o.rgb, rule, sizeof o.rgb);
      add_op(b, o);
      b->y += b->gap * 1.5;
    } else if (lt_xml_is(n, "table")) {
      table(b, n, x, width);
    } else {
      blocks(b, n, x, width);
    }
  }
}

static PangoContext *make_context(void) {
  PangoFontMap *fm = pango_cairo_font_map_get_default();
  PangoContext *pc = pango_font_map_create_context(fm);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_cairo_context_set_resolution(pc, 72.0);
  return pc;
}

lt_status lt_layout_new(const char *xml, size_t len, const char *name, const lt_layout_style *style,
                        lt_layout **out, lt_diag_list *diags) {
  xmlDocPtr doc;
  lt_status st = lt_xml_load("commonmark.xsd", xml, len, name, &doc, diags);
  if (st != LT_OK) return st;
  lt_layout *l = g_new0(lt_layout, 1);
  l->ops = g_array_new(FALSE, TRUE, sizeof(op));
  builder b = {l, style, make_context(), 0, style->font_size * 0.6};
  blocks(&b, xmlDocGetRootElement(doc), 0, style->width);
  l->height = b.y > b.gap ? b.y - b.gap : b.y;
  g_object_unref(b.pc);
  xmlFreeDoc(doc);
  *out = l;
  return LT_OK;
}

void lt_layout_free(lt_layout *l) {
  if (!l) return;
  for (guint i = 0; i < l->ops->len; i++) {
    op *o = &g_array_index(l->ops, op, i);
    if (o->layout) g_object_unref(o->layout);
    if (o->image) cairo_surface_destroy(o->image);
    g_free(o->path);
  }
  g_array_free(l->ops, TRUE);
  g_free(l);
}

double lt_layout_height(const lt_layout *l) { return l->height; }

void lt_layout_draw(const lt_layout *l, cairo_t *cr, double x, double y) {
  for (guint i = 0; i < l->ops->len; i++) {
    const op *o = &g_array_index(l->ops, op, i);
    cairo_save(cr);
    cairo_set_source_rgb(cr, o->rgb[0], o->rgb[1], o->rgb[2]);
    switch (o->kind) {
    case OP_TEXT:
      cairo_move_to(cr, x + o->x, y + o->y);
      pango_cairo_update_layout(cr, o->layout);
      pango_cairo_show_layout(cr, o->layout);
      break;
    case OP_RECT:
      cairo_rectangle(cr, x + o->x, y + o->y, o->w, o->h);
      cairo_fill(cr);
      break;
    case OP_LINE:
      cairo_set_line_width(cr, 0.75);
      cairo_move_to(cr, x + o->x, y + o->y);
      cairo_line_to(cr, x + o->x + o->w, y + o->y + o->h);
      cairo_stroke(cr);
      break;
    case OP_IMAGE:
      cairo_translate(cr, x + o->x, y + o->y);
      cairo_scale(cr, o->w / cairo_image_surface_get_width(o->image),
                  o->h / cairo_image_surface_get_height(o->image));
      cairo_set_source_surface(cr, o->image, 0, 0);
      cairo_paint(cr);
      break;
    }
    cairo_restore(cr);
  }
}

size_t lt_layout_text_count(const lt_layout *l) {
  size_t n = 0;
  for (guint i = 0; i < l->ops->len; i++)
    n += g_array_index(l->ops, op, i).kind == OP_TEXT;
  return n;
}

size_t lt_layout_image_count(const lt_layout *l) {
  size_t n = 0;
  for (guint i = 0; i < l->ops->len; i++)
    n += g_array_index(l->ops, op, i).kind == OP_IMAGE;
  return n;
}

const char *lt_layout_image_at(const lt_layout *l, size_t index, double *x, double *y, double *w,
                               double *h) {
  for (guint i = 0; i < l->ops->len; i++) {
    const op *o = &g_array_index(l->ops, op, i);
    if (o->kind != OP_IMAGE || index--) continue;
    *x = o->x, *y = o->y, *w = o->w, *h = o->h;
    return o->path;
  }
  return NULL;
}

const char *lt_layout_text_at(const lt_layout *l, size_t index, double *out_y) {
  for (guint i = 0; i < l->ops->len; i++) {
    const op *o = &g_array_index(l->ops, op, i);
    if (o->kind != OP_TEXT || index--) continue;
    if (out_y) *out_y = o->y;
    return pango_layout_get_text(o->layout);
  }
  return NULL;
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len) {
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

lt_status lt_layout_render_pdf(const char *xml, size_t len, const char *name, const char *header,
                               const char *image_dir, int64_t created, char **out_pdf,
                               size_t *out_len, double *out_overflow, lt_diag_list *diags) {
  const double page_w = 595.28, page_h = 841.89, margin = 40.0; /* A4 in points */
  const double pt_to_mm = 25.4 / 72.0;
  lt_layout_style style = {page_w - 2 * margin,
                           10.5,
                           "Noto Sans, DejaVu Sans",
                           "Noto Sans Mono, DejaVu Sans Mono",
                           NULL,
                           NULL,
                           image_dir};
  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, bytes, page_w, page_h);
  GDateTime *dt = g_date_time_new_from_unix_utc(created);
  char *date = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(dt);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Lentera");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, header);
  g_free(date);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  /* small header line, then the content */
  PangoContext *pc = make_context();
  builder hb = {NULL, &style, pc, 0, 0};
  char *esc = g_markup_escape_text(header, -1);
  PangoLayout *hl = make_layout(&hb, esc, style.width, 0.8, false, false);
  g_free(esc);
  int hw, hh;
  pango_layout_get_size(hl, &hw, &hh);
  cairo_set_source_rgb(cr, grey[0], grey[1], grey[2]);
  cairo_move_to(cr, margin, margin * 0.6);
  pango_cairo_update_layout(cr, hl);
  pango_cairo_show_layout(cr, hl);
  double top = margin * 0.6 + (double)hh / PANGO_SCALE + 8, limit = page_h - margin;
  g_object_unref(hl);
  g_object_unref(pc);

  /* the largest text size (13 pt down to 10.5 pt) at which the sheet fits the page: a
   * pinned sheet is read from a distance */
  static const double sizes[] = {13.0, 12.0, 11.0, 10.5};
  lt_layout *l = NULL;
  lt_status st = LT_OK;
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes && st == LT_OK; i++) {
    lt_layout_free(l);
    l = NULL;
    style.font_size = sizes[i];
    st = lt_layout_new(xml, len, name, &style, &l, diags);
    if (st == LT_OK && top + lt_layout_height(l) <= limit) break;
  }
  if (st != LT_OK) {
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    g_byte_array_free(bytes, TRUE);
    return st;
  }
  lt_layout_draw(l, cr, margin, top);
  double bottom = top + lt_layout_height(l);
  *out_overflow = bottom > limit ? (bottom - limit) * pt_to_mm : 0.0;
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  st = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? LT_OK : LT_ERR_IO;
  if (st != LT_OK)
    lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0, "cannot render PDF: %s",
                cairo_status_to_string(cairo_surface_status(s)));
  cairo_surface_destroy(s);
  lt_layout_free(l);
  *out_len = bytes->len;
  *out_pdf = (char *)g_byte_array_free(bytes, FALSE);
  return st;
}
