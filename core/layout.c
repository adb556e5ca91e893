/* layout — CommonMark XML → a list of drawing operations, via Pango.
 *
 * The document is validated (commonmark.xsd), then walked once: each block becomes one or
 * more operations (a Pango layout of the block's inline markup, a rectangle, a rule, an
 * image) at an absolute position, and y advances by the block's height. Inline elements
 * map to Pango markup (emph → <i>, strong → <b>, code → monospace with no-break joiners so a
 * code span never wraps inside, links → underlined text followed by their address; code
 * and addresses carry insert_hyphens="false" so a wrap never adds a hyphen to them).
 * An image inside text is a U+FFFC with a Pango shape attribute of the picture's size, so
 * its line grows to hold it; pictures side by side, in table cells and inside links are
 * drawn where Pango put their U+FFFC, and each link leaves a box per line it covers
 * (lt_layout_link_at) for the player to click. A paragraph holding only a picture draws it
 * as a block. Table cells follow their column's alignment from the header row.
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

typedef enum { OP_TEXT, OP_RECT, OP_LINE, OP_IMAGE, OP_LINK } op_kind;

typedef struct {
  op_kind kind;
  double x, y, w, h;
  double rgb[3];
  PangoLayout *layout;
  cairo_surface_t *image;
  char *path;  /* an image's or a link's destination, as the document gives it */
  char *label; /* a link's text */
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

/* An image drawn inside a run of text, at byte `at` of the layout's text (a U+FFFC that a
 * Pango shape attribute gives the picture's size, so the line is as tall as it needs). */
typedef struct {
  size_t at;
  double w, h;
  cairo_surface_t *image;
  char *path;
} inline_image;

/* A link in a run of text: bytes [from, to) of the layout's text. */
typedef struct {
  size_t from, to;
  char *dest;
} inline_link;

/* The Pango markup of a run of inlines being built, with the length of the text it stands
 * for (markup without tags and escapes), so images and links know their byte offsets. */
typedef struct {
  GString *m;
  size_t text;
  GArray *images; /* of inline_image */
  GArray *links;  /* of inline_link */
} run;

static const double ink[3] = {0.10, 0.10, 0.10}, grey[3] = {0.33, 0.33, 0.33},
                    accent[3] = {0.16, 0.40, 0.65}, shade[3] = {0.94, 0.94, 0.94},
                    rule[3] = {0.60, 0.60, 0.60};

static void add_op(builder *b, op o) { g_array_append_val(b->l->ops, o); }

static void append_escaped(GString *out, const char *s) {
  char *e = g_markup_escape_text(s, -1);
  g_string_append(out, e);
  g_free(e);
}

/* Plain text into a run. U+FFFC, which marks inline images, never comes from the text. */
static void run_text(run *r, const char *s) {
  char **parts = g_strsplit(s, "\uFFFC", -1);
  char *clean = g_strjoinv("\uFFFD", parts);
  g_strfreev(parts);
  append_escaped(r->m, clean);
  r->text += strlen(clean);
  g_free(clean);
}

/* The next UTF-8 character (g_utf8_next_char without its cast away from const). */
static const char *next_char(const char *p) { return p + g_utf8_skip[*(const guchar *)p]; }

/* Code spans: spaces become no-break spaces and a word joiner follows every character. */
static void append_code(run *r, const char *s) {
  for (const char *p = s; *p; p = next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == ' ') c = 0x00A0;
    char buf[8];
    buf[g_unichar_to_utf8(c, buf)] = '\0';
    run_text(r, buf);
    if (*next_char(p)) run_text(r, "\u2060");
  }
}

/* Text where addresses (https://…, www.…, a@b.c) and words_with_underscores are wrapped in
 * spans without hyphens: Pango may break them at the end of a line, but a hyphen added
 * there ("response_typ-e") would read as part of the address. */
static void text_with_addresses(run *r, const char *s) {
  static GRegex *re; /* compiled once; immutable afterwards */
  if (!re)
    re = g_regex_new("(https?://|mailto:|www\\.)\\S+|\\S+@\\S+\\.\\S+|\\S*[_/\\\\]\\S*",
                     G_REGEX_OPTIMIZE, 0, NULL);
  GMatchInfo *mi;
  size_t done = 0;
  g_regex_match(re, s, 0, &mi);
  while (g_match_info_matches(mi)) {
    int from, to;
    g_match_info_fetch_pos(mi, 0, &from, &to);
    char *before = g_strndup(s + done, (size_t)from - done),
         *word = g_strndup(s + from, (size_t)(to - from));
    run_text(r, before);
    g_string_append(r->m, "<span insert_hyphens=\"false\">");
    run_text(r, word);
    g_string_append(r->m, "</span>");
    g_free(before), g_free(word);
    done = (size_t)to;
    g_match_info_next(mi, NULL);
  }
  g_match_info_free(mi);
  run_text(r, s + done);
}

static cairo_surface_t *load(builder *b, const char *path);

/* The alt text of an image without the XML's indentation. */
static char *alt_text(xmlNodePtr n) {
  char *alt = lt_xml_text(n);
  char **words = g_strsplit_set(g_strstrip(alt), " \n\t", -1);
  GString *flat = g_string_new(NULL);
  for (char **w = words; *w; w++)
    if (**w) g_string_append_printf(flat, "%s%s", flat->len ? " " : "", *w);
  g_strfreev(words);
  g_free(alt);
  return g_string_free(flat, FALSE);
}

static void inlines(builder *b, xmlNodePtr parent, run *r, double width) {
  for (xmlNodePtr n = parent->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (lt_xml_is(n, "text")) {
      char *t = lt_xml_text(n);
      text_with_addresses(r, t);
      g_free(t);
    } else if (lt_xml_is(n, "softbreak")) {
      run_text(r, " ");
    } else if (lt_xml_is(n, "linebreak")) {
      run_text(r, "\n");
    } else if (lt_xml_is(n, "code")) {
      char *t = lt_xml_text(n);
      g_string_append_printf(r->m,
                             "<span font_family=\"%s\" background=\"#EEEEEE\" "
                             "insert_hyphens=\"false\">",
                             b->st->mono_font);
      append_code(r, t);
      g_string_append(r->m, "</span>");
      g_free(t);
    } else if (lt_xml_is(n, "emph") || lt_xml_is(n, "strong") || lt_xml_is(n, "strikethrough")) {
      const char *tag = lt_xml_is(n, "emph") ? "i" : lt_xml_is(n, "strong") ? "b" : "s";
      g_string_append_printf(r->m, "<%s>", tag);
      inlines(b, n, r, width);
      g_string_append_printf(r->m, "</%s>", tag);
    } else if (lt_xml_is(n, "link")) {
      char *url = lt_xml_prop(n, "destination");
      inline_link k = {r->text, 0, NULL};
      g_string_append(r->m, "<span foreground=\"#29669F\" underline=\"single\">");
      inlines(b, n, r, width);
      g_string_append(r->m, "</span>");
      k.to = r->text;
      k.dest = url;
      g_array_append_val(r->links, k);
      if (g_str_has_prefix(url, "http") || g_str_has_prefix(url, "mailto:")) {
        g_string_append(r->m, " <span foreground=\"#555555\" insert_hyphens=\"false\">(");
        r->text += 2;
        run_text(r, g_str_has_prefix(url, "mailto:") ? url + 7 : url);
        g_string_append(r->m, ")</span>");
        r->text += 1;
      }
    } else if (lt_xml_is(n, "image")) {
      char *path = lt_xml_prop(n, "destination");
      cairo_surface_t *img = load(b, path);
      if (img) { /* drawn in the line, scaled down to fit the column */
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        double scale = iw > width && width > 0 ? width / iw : 1.0;
        inline_image im = {r->text, iw * scale, ih * scale, img, path};
        g_array_append_val(r->images, im);
        g_string_append(r->m, "\uFFFC");
        r->text += strlen("\uFFFC");
      } else {
        char *alt = alt_text(n);
        g_string_append(r->m, "<i>[");
        r->text += 1;
        run_text(r, alt);
        g_string_append(r->m, "]</i>");
        r->text += 1;
        g_free(alt);
        g_free(path);
      }
    } else {
      inlines(b, n, r, width);
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
  if (mono) { /* code is never hyphenated where it wraps */
    char *m = g_strdup_printf("<span insert_hyphens=\"false\">%s</span>", markup);
    pango_layout_set_markup(pl, m, -1);
    g_free(m);
  } else {
    pango_layout_set_markup(pl, markup, -1);
  }
  return pl;
}

/* Adds a text operation at (x, b->y) and returns its height (y is not advanced). */
static double text_op(builder *b, PangoLayout *pl, double x, const double *color) {
  int w, h;
  pango_layout_get_size(pl, &w, &h);
  op o = {OP_TEXT, x,    b->y, (double)w / PANGO_SCALE, (double)h / PANGO_SCALE, {0}, pl,
          NULL,    NULL, NULL};
  memcpy(o.rgb, color, sizeof o.rgb);
  add_op(b, o);
  return o.h;
}

/* A link's text as the learner reads it: bytes [from, to) of the layout's text without
 * the images' U+FFFC and the code spans' word joiners. */
static char *link_label(const char *text, size_t from, size_t to) {
  char *raw = g_strndup(text + from, to - from);
  char **a = g_strsplit(raw, "\uFFFC", -1), *j1 = g_strjoinv("", a);
  char **b = g_strsplit(j1, "\u2060", -1), *j2 = g_strjoinv("", b);
  g_strfreev(a), g_strfreev(b), g_free(raw), g_free(j1);
  return g_strstrip(j2);
}

static void run_init(run *r) {
  r->m = g_string_new(NULL);
  r->text = 0;
  r->images = g_array_new(FALSE, TRUE, sizeof(inline_image));
  r->links = g_array_new(FALSE, TRUE, sizeof(inline_link));
}

/* Lays out a run at (x, b->y): the text, then each inline image where its U+FFFC sits
 * (standing on the baseline), then a box for every line a link covers. The images and
 * destinations pass to the operations; the run is emptied. Returns the height. */
static double run_op(builder *b, run *r, double x, double width, double scale, bool bold,
                     const double *color, PangoAlignment align) {
  PangoLayout *pl = make_layout(b, r->m->str, width, scale, bold, false);
  pango_layout_set_alignment(pl, align);
  if (r->images->len) {
    PangoAttrList *al = pango_layout_get_attributes(pl);
    al = al ? pango_attr_list_copy(al) : pango_attr_list_new();
    for (guint i = 0; i < r->images->len; i++) {
      const inline_image *im = &g_array_index(r->images, inline_image, i);
      PangoRectangle box = {0, -(int)(im->h * PANGO_SCALE), (int)(im->w * PANGO_SCALE),
                            (int)(im->h * PANGO_SCALE)};
      PangoAttribute *a = pango_attr_shape_new(&box, &box);
      a->start_index = (guint)im->at;
      a->end_index = (guint)(im->at + strlen("\uFFFC"));
      pango_attr_list_insert(al, a);
    }
    pango_layout_set_attributes(pl, al);
    pango_attr_list_unref(al);
  }
  double top = b->y, h = text_op(b, pl, x, color);
  for (guint i = 0; i < r->images->len; i++) {
    inline_image *im = &g_array_index(r->images, inline_image, i);
    PangoRectangle pos;
    pango_layout_index_to_pos(pl, (int)im->at, &pos);
    int line = 0, xpos;
    pango_layout_index_to_line_x(pl, (int)im->at, FALSE, &line, &xpos);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    for (int k = 0; k < line && pango_layout_iter_next_line(it); k++)
      ;
    double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
    pango_layout_iter_free(it);
    op o = {OP_IMAGE,
            x + (double)pos.x / PANGO_SCALE,
            top + baseline - im->h,
            im->w,
            im->h,
            {0},
            NULL,
            im->image,
            im->path,
            NULL};
    add_op(b, o);
  }
  for (guint i = 0; i < r->links->len; i++) {
    inline_link *k = &g_array_index(r->links, inline_link, i);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
      PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
      int y0, y1, *ranges = NULL, n = 0;
      pango_layout_iter_get_line_yrange(it, &y0, &y1);
      size_t ls = (size_t)ln->start_index, le = ls + (size_t)ln->length;
      if (k->to > k->from && k->from < le && k->to > ls) {
        pango_layout_line_get_x_ranges(ln, (int)MAX(k->from, ls), (int)MIN(k->to, le), &ranges, &n);
        int lo = n ? ranges[0] : 0, hi = n ? ranges[1] : 0; /* one box per line */
        for (size_t j = 1; j < (size_t)n; j++)
          lo = MIN(lo, ranges[2 * j]), hi = MAX(hi, ranges[2 * j + 1]);
        if (n) {
          op o = {OP_LINK,
                  x + (double)lo / PANGO_SCALE,
                  top + (double)y0 / PANGO_SCALE,
                  (double)(hi - lo) / PANGO_SCALE,
                  (double)(y1 - y0) / PANGO_SCALE,
                  {0},
                  NULL,
                  NULL,
                  g_strdup(k->dest),
                  link_label(pango_layout_get_text(pl), k->from, k->to)};
          add_op(b, o);
        }
        g_free(ranges);
      }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_free(k->dest);
  }
  g_string_free(r->m, TRUE);
  g_array_free(r->images, TRUE);
  g_array_free(r->links, TRUE);
  return h;
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
  size_t n = strlen(path);
  if (!st->image_dir || n < 4 || g_ascii_strcasecmp(path + n - 4, ".png")) return NULL;
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

static cairo_surface_t *load(builder *b, const char *path) {
  return b->st->load_image ? b->st->load_image(b->st->image_user, path)
                           : default_loader(b->st, path);
}

static bool image_block(builder *b, xmlNodePtr img, double x, double width) {
  char *path = lt_xml_prop(img, "destination");
  cairo_surface_t *s = load(b, path);
  if (!s) {
    g_free(path);
    return false;
  }
  double iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
  double scale = iw > width ? width / iw : 1.0;
  op o = {OP_IMAGE, x, b->y, iw * scale, ih * scale, {0}, NULL, s, path, NULL};
  add_op(b, o);
  b->y += o.h + b->gap;
  return true;
}

static void paragraph(builder *b, xmlNodePtr n, double x, double width, double scale, bool bold,
                      const double *color) {
  xmlNodePtr img = lone_image(n);
  if (img && image_block(b, img, x, width)) return;
  run r;
  run_init(&r);
  inlines(b, n, &r, width);
  b->y += run_op(b, &r, x, width, scale, bold, color, PANGO_ALIGN_LEFT);
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
  op bg = {OP_RECT, x, b->y, width, (double)h / PANGO_SCALE + 2 * pad, {0}, NULL, NULL, NULL, NULL};
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
  PangoAlignment *align = g_new0(PangoAlignment, cols); /* PANGO_ALIGN_LEFT is 0 */
  for (xmlNodePtr r = n->children; r; r = r->next) {
    if (r->type != XML_ELEMENT_NODE) continue;
    bool header = lt_xml_is(r, "table_header");
    double row_top = b->y, row_h = 0;
    guint first = b->l->ops->len;
    if (header) {
      op bg = {OP_RECT, x, row_top, width, 0, {0}, NULL, NULL, NULL, NULL};
      memcpy(bg.rgb, shade, sizeof bg.rgb);
      add_op(b, bg);
    }
    size_t c = 0;
    for (xmlNodePtr cell = r->children; cell; cell = cell->next) {
      if (!lt_xml_is(cell, "table_cell")) continue;
      if (header) { /* the header row carries each column's alignment (":--", ":-:", "--:") */
        char *al = lt_xml_prop(cell, "align");
        PangoAlignment a = !strcmp(al, "right")    ? PANGO_ALIGN_RIGHT
                           : !strcmp(al, "center") ? PANGO_ALIGN_CENTER
                                                   : PANGO_ALIGN_LEFT;
        g_free(al);
        if (c < cols) align[c] = a;
      }
      run cr;
      run_init(&cr);
      inlines(b, cell, &cr, colw - 2 * pad);
      b->y = row_top + pad;
      double h = run_op(b, &cr, x + (double)c * colw + pad, colw - 2 * pad, 0.95, header, ink,
                        c < cols ? align[c] : PANGO_ALIGN_LEFT);
      if (h > row_h) row_h = h;
      c++;
    }
    row_h += 2 * pad;
    if (header) g_array_index(b->l->ops, op, first).h = row_h;
    b->y = row_top + row_h;
    op line = {OP_LINE, x, b->y, width, 0, {0}, NULL, NULL, NULL, NULL};
    memcpy(line.rgb, rule, sizeof line.rgb);
    add_op(b, line);
  }
  op frame = {OP_LINE, x, top, width, 0, {0}, NULL, NULL, NULL, NULL};
  memcpy(frame.rgb, rule, sizeof frame.rgb);
  add_op(b, frame);
  for (size_t c = 0; c <= cols; c++) {
    op v = {OP_LINE, x + (double)c * colw, top, 0, b->y - top, {0}, NULL, NULL, NULL, NULL};
    memcpy(v.rgb, rule, sizeof v.rgb);
    add_op(b, v);
  }
  g_free(align);
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
      op o = {OP_RECT, x, top, bar, b->y - top - b->gap, {0}, NULL, NULL, NULL, NULL};
      memcpy(o.rgb, accent, sizeof o.rgb);
      add_op(b, o);
    } else if (lt_xml_is(n, "list")) {
      list(b, n, x, width);
    } else if (lt_xml_is(n, "code_block")) {
      code_block(b, n, x, width);
      b->y += b->gap;
    } else if (lt_xml_is(n, "thematic_break")) {
      op o = {OP_LINE, x, b->y + b->gap / 2, width, 0, {0}, NULL, NULL, NULL, NULL};
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
    g_free(o->label);
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
    case OP_LINK: break; /* drawn with its text; kept for lt_layout_link_at */
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

size_t lt_layout_hyphen_count(const lt_layout *l) {
  size_t n = 0;
  for (guint i = 0; i < l->ops->len; i++) {
    const op *o = &g_array_index(l->ops, op, i);
    if (o->kind != OP_TEXT) continue;
    const char *text = pango_layout_get_text(o->layout);
    for (GSList *ln = pango_layout_get_lines_readonly(o->layout); ln; ln = ln->next)
      for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next) {
        const PangoGlyphItem *gi = r->data;
        long chars = g_utf8_strlen(text + gi->item->offset, gi->item->length);
        if (gi->glyphs->num_glyphs > chars) n += (size_t)(gi->glyphs->num_glyphs - chars);
      }
  }
  return n;
}

size_t lt_layout_link_count(const lt_layout *l) {
  size_t n = 0;
  for (guint i = 0; i < l->ops->len; i++)
    n += g_array_index(l->ops, op, i).kind == OP_LINK;
  return n;
}

const char *lt_layout_link_at(const lt_layout *l, size_t index, double *x, double *y, double *w,
                              double *h, const char **out_text) {
  for (guint i = 0; i < l->ops->len; i++) {
    const op *o = &g_array_index(l->ops, op, i);
    if (o->kind != OP_LINK || index--) continue;
    *x = o->x, *y = o->y, *w = o->w, *h = o->h;
    if (out_text) *out_text = o->label;
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

/* The pictures of a PDF whose document names them otherwise than the folder does. */
typedef struct {
  const char *const *names; /* pairs: path in the document, file under dir; NULL-ended */
  lt_layout_style files;    /* image_dir set: for default_loader */
} renamed;

static cairo_surface_t *renamed_loader(void *user, const char *path) {
  const renamed *r = user;
  for (const char *const *p = r->names; p && p[0] && p[1]; p += 2)
    if (!strcmp(p[0], path)) return default_loader(&r->files, p[1]);
  return default_loader(&r->files, path);
}

lt_status lt_layout_render_pdf(const char *xml, size_t len, const char *name, const char *header,
                               const char *image_dir, int64_t created, char **out_pdf,
                               size_t *out_len, double *out_overflow, lt_diag_list *diags) {
  return lt_layout_render_pdf_named(xml, len, name, header, image_dir, NULL, created, out_pdf,
                                    out_len, out_overflow, diags);
}

lt_status lt_layout_render_pdf_named(const char *xml, size_t len, const char *name,
                                     const char *header, const char *image_dir,
                                     const char *const *names, int64_t created, char **out_pdf,
                                     size_t *out_len, double *out_overflow, lt_diag_list *diags) {
  const double page_w = 595.28, page_h = 841.89, margin = 40.0; /* A4 in points */
  const double pt_to_mm = 25.4 / 72.0;
  renamed pictures = {names, {0, 0, NULL, NULL, NULL, NULL, image_dir}};
  lt_layout_style style = {page_w - 2 * margin,
                           10.5,
                           "Noto Sans, DejaVu Sans",
                           "Noto Sans Mono, DejaVu Sans Mono",
                           renamed_loader,
                           &pictures,
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
