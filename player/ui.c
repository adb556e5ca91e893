/* ui — immediate-mode widgets: draw now, remember the rectangle and text.
 *
 * Focus is an index into this frame's focusable widgets in drawing order: Tab and
 * Shift+Tab move it (wrapping), Enter activates the focused one, a click activates the
 * widget under the pointer. Colours meet WCAG AA on the off-white background. */
#include "ui.h"

#include <SDL.h>
#include <pango/pangocairo.h>
#include <string.h>

const double UI_INK[3] = {0.10, 0.10, 0.10}, UI_MUTED[3] = {0.33, 0.33, 0.33},
             UI_ACCENT[3] = {0.10, 0.33, 0.58}, UI_GOOD[3] = {0.05, 0.40, 0.15},
             UI_BAD[3] = {0.62, 0.10, 0.10};

enum { BODY_PX = 18 };

static void record(ui *u, double x, double y, double w, double h, const char *text, int focus) {
  if (u->n_items == u->cap_items) {
    u->cap_items = u->cap_items ? 2 * u->cap_items : 64;
    u->items = g_renew(ui_item, u->items, u->cap_items);
  }
  u->items[u->n_items++] = (ui_item){x, y, w, h, g_strdup(text), focus};
}

static void clear_items(ui *u) {
  for (int i = 0; i < u->n_items; i++)
    g_free(u->items[i].text);
  u->n_items = 0;
}

void ui_begin(ui *u, cairo_t *cr, double window_w, double window_h) {
  u->cr = cr;
  u->view_w = window_w, u->view_h = window_h;
  u->scroll_asked = false;
  double col = 760 * u->scale;
  if (col > window_w - 48) col = window_w - 48;
  u->width = col;
  u->left = (window_w - col) / 2;
  u->y = 24 - u->scroll;
  clear_items(u);
  if (u->tab && u->focus_count) u->focus = (u->focus + 1) % u->focus_count;
  if (u->shift_tab && u->focus_count) u->focus = (u->focus <= 0 ? u->focus_count : u->focus) - 1;
  u->focus_count = 0;
  u->focus_on_button = u->focus_on_field = false;
  u->enter_taken = false;
  cairo_set_source_rgb(cr, 0.97, 0.96, 0.93);
  cairo_paint(cr);
}

/* After Tab: the focused widget, if it lies (partly) outside the window, asks to be shown
 * with a margin (the top of a tall one first). */
static void focus_into_view(ui *u) {
  for (int i = 0; i < u->n_items; i++) {
    const ui_item *it = &u->items[i];
    if (it->focus_index != u->focus) continue;
    double margin = 24 * u->scale;
    if (it->y < margin || it->h > u->view_h - 2 * margin)
      u->scroll_to = u->scroll + it->y - margin;
    else if (it->y + it->h > u->view_h - margin)
      u->scroll_to = u->scroll + it->y + it->h - u->view_h + margin;
    else
      return;
    if (u->scroll_to < 0) u->scroll_to = 0;
    u->scroll_asked = true;
    return;
  }
}

void ui_end(ui *u) {
  if (u->focus >= u->focus_count) u->focus = u->focus_count ? u->focus_count - 1 : -1;
  if ((u->tab || u->shift_tab) && u->focus >= 0) focus_into_view(u);
  u->clicked = u->enter = u->space = u->tab = u->shift_tab = u->backspace = u->shift = false;
  u->edit_key = UI_EDIT_NONE;
  u->typed = NULL;
}

void ui_free(ui *u) {
  clear_items(u);
  g_free(u->items);
}

static PangoLayout *text_layout(ui *u, const char *text, double size, bool bold, double width) {
  PangoLayout *pl = pango_cairo_create_layout(u->cr);
  PangoFontDescription *fd = pango_font_description_from_string("Noto Sans, DejaVu Sans");
  pango_font_description_set_absolute_size(fd, BODY_PX * size * u->scale * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(pl, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(pl, text, -1);
  return pl;
}

static double draw_text(ui *u, const char *text, double x, double y, double size, bool bold,
                        const double rgb[3], double width) {
  PangoLayout *pl = text_layout(u, text, size, bold, width);
  int w, h;
  pango_layout_get_pixel_size(pl, &w, &h);
  cairo_set_source_rgb(u->cr, rgb[0], rgb[1], rgb[2]);
  cairo_move_to(u->cr, x, y);
  pango_cairo_show_layout(u->cr, pl);
  g_object_unref(pl);
  return h;
}

void ui_text(ui *u, const char *text, double size, bool bold, const double rgb[3]) {
  double h = draw_text(u, text, u->left, u->y, size, bold, rgb, u->width);
  record(u, u->left, u->y, u->width, h, text, -1);
  u->y += h + 10 * u->scale;
}

double ui_markup(ui *u, const char *markup, double size, const double rgb[3], double max_h) {
  PangoLayout *pl = text_layout(u, "", size, false, u->width);
  pango_layout_set_markup(pl, markup, -1); /* malformed markup lays out nothing */
  int w, h;
  pango_layout_get_pixel_size(pl, &w, &h);
  bool fits = h <= max_h || size < 0.75;
  if (fits) { /* what `expect` sees is the text Pango laid out, markup gone */
    cairo_set_source_rgb(u->cr, rgb[0], rgb[1], rgb[2]);
    cairo_move_to(u->cr, u->left, u->y);
    pango_cairo_show_layout(u->cr, pl);
    record(u, u->left, u->y, u->width, h, pango_layout_get_text(pl), -1);
  }
  g_object_unref(pl);
  return fits ? size : ui_markup(u, markup, size * 0.9, rgb, max_h);
}

void ui_space(ui *u, double px) { u->y += px * u->scale; }

/* Registers a focusable rectangle; returns true if activated this frame. */
static bool activatable(ui *u, double x, double y, double w, double h, const char *text,
                        bool *focused) {
  int index = u->focus_count++;
  record(u, x, y, w, h, text, index);
  *focused = index == u->focus;
  bool hit =
      u->clicked && u->click_x >= x && u->click_x < x + w && u->click_y >= y && u->click_y < y + h;
  if (hit) {
    u->focus = index;
    *focused = true;
  }
  return hit || (*focused && (u->enter || u->space));
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path(cr);
}

static void focus_ring(ui *u, double x, double y, double w, double h) {
  cairo_set_source_rgb(u->cr, 0.95, 0.65, 0.10);
  cairo_set_line_width(u->cr, 3);
  rounded(u->cr, x - 4, y - 4, w + 8, h + 8, 10);
  cairo_stroke(u->cr);
}

bool ui_button(ui *u, const char *label, bool primary) {
  return ui_button_as_wide(u, label, NULL, primary);
}

bool ui_button_as_wide(ui *u, const char *label, const char *const *others, bool primary) {
  double pad = 14 * u->scale;
  PangoLayout *pl = text_layout(u, label, 1.0, true, u->width - 2 * pad);
  int tw, th;
  pango_layout_get_pixel_size(pl, &tw, &th);
  g_object_unref(pl);
  int box_w = tw;
  for (const char *const *o = others; o && *o; o++) { /* as wide as its widest label */
    int ow, oh;
    pl = text_layout(u, *o, 1.0, true, u->width - 2 * pad);
    pango_layout_get_pixel_size(pl, &ow, &oh);
    g_object_unref(pl);
    if (ow > box_w) box_w = ow;
  }
  double w = box_w + 2 * pad, h = th + pad * 1.2, x = u->left + (u->in_row ? u->row_x : 0),
         y = u->y;
  bool focused;
  bool hit = activatable(u, x, y, w, h, label, &focused);
  if (primary && !hit && u->enter && u->focus < 0 && !u->enter_taken) hit = true;
  if (primary) u->enter_taken = true; /* only the first primary button is the default */
  rounded(u->cr, x, y, w, h, 8);
  if (primary)
    cairo_set_source_rgb(u->cr, UI_ACCENT[0], UI_ACCENT[1], UI_ACCENT[2]);
  else
    cairo_set_source_rgb(u->cr, 1, 1, 1);
  cairo_fill_preserve(u->cr);
  cairo_set_source_rgb(u->cr, UI_ACCENT[0], UI_ACCENT[1], UI_ACCENT[2]);
  cairo_set_line_width(u->cr, 2);
  cairo_stroke(u->cr);
  static const double white[3] = {1, 1, 1};
  draw_text(u, label, x + pad, y + pad * 0.6, 1.0, true, primary ? white : UI_ACCENT, tw + 1);
  if (focused) focus_ring(u, x, y, w, h);
  if (focused) u->focus_on_button = true;
  if (u->in_row) {
    u->row_x += w + 10 * u->scale;
    if (h > u->row_h) u->row_h = h;
  } else {
    u->y += h + 12 * u->scale;
  }
  return hit;
}

void ui_row_begin(ui *u) {
  u->in_row = true;
  u->row_x = u->row_h = 0;
}

void ui_row_end(ui *u) {
  u->in_row = false;
  u->y += u->row_h + 12 * u->scale;
}

bool ui_hotspot(ui *u, double x, double y, double w, double h, const char *label) {
  bool focused;
  bool hit = activatable(u, x, y, w, h, label, &focused);
  if (focused) focus_ring(u, x, y, w, h);
  return hit;
}

bool ui_choice(ui *u, const char *label, bool selected, bool multiple, int number) {
  double pad = 12 * u->scale, box = 22 * u->scale, x = u->left, y = u->y;
  char *shown = number > 0 ? g_strdup_printf("%d.  %s", number, label) : g_strdup(label);
  PangoLayout *pl = text_layout(u, shown, 1.0, false, u->width - box - 3 * pad);
  int tw, th;
  pango_layout_get_pixel_size(pl, &tw, &th);
  g_object_unref(pl);
  double h = (th > box ? th : box) + 2 * pad;
  bool focused;
  bool hit = activatable(u, x, y, u->width, h, label, &focused);
  rounded(u->cr, x, y, u->width, h, 8);
  if (selected)
    cairo_set_source_rgb(u->cr, 0.88, 0.93, 0.98);
  else
    cairo_set_source_rgb(u->cr, 1, 1, 1);
  cairo_fill_preserve(u->cr);
  cairo_set_source_rgb(u->cr, selected ? UI_ACCENT[0] : 0.6, selected ? UI_ACCENT[1] : 0.6,
                       selected ? UI_ACCENT[2] : 0.6);
  cairo_set_line_width(u->cr, selected ? 2.5 : 1.2);
  cairo_stroke(u->cr);
  double bx = x + pad, by = y + (h - box) / 2;
  if (multiple)
    rounded(u->cr, bx, by, box, box, 4);
  else
    cairo_arc(u->cr, bx + box / 2, by + box / 2, box / 2, 0, 2 * G_PI);
  cairo_set_source_rgb(u->cr, UI_ACCENT[0], UI_ACCENT[1], UI_ACCENT[2]);
  cairo_set_line_width(u->cr, 2);
  if (selected)
    cairo_fill(u->cr);
  else
    cairo_stroke(u->cr);
  draw_text(u, shown, bx + box + pad, y + pad, 1.0, false, UI_INK, u->width - box - 3 * pad);
  g_free(shown);
  if (focused) focus_ring(u, x, y, u->width, h);
  u->y += h + 8 * u->scale;
  return hit;
}

/* ---- text fields ---- */

static size_t byte_at(const char *s, long chars) {
  return (size_t)(g_utf8_offset_to_pointer(s, chars) - s);
}

/* Replaces the selection of `value` with `text` (NULL: only removes it). */
static void replace_selection(ui *u, GString *value, const char *text) {
  long lo = MIN(u->caret, u->anchor), hi = MAX(u->caret, u->anchor);
  size_t from = byte_at(value->str, lo);
  g_string_erase(value, (gssize)from, (gssize)(byte_at(value->str, hi) - from));
  if (text) {
    char *one_line = g_strdelimit(g_strdup(text), "\r\n\t", ' '); /* a field holds one line */
    g_string_insert(value, (gssize)from, one_line);
    lo += g_utf8_strlen(one_line, -1);
    g_free(one_line);
  }
  u->caret = u->anchor = lo;
}

/* What this frame's keys and typing do to the focused field's value and caret. */
static void edit_field(ui *u, GString *value, bool secret) {
  long n = g_utf8_strlen(value->str, -1);
  u->caret = CLAMP(u->caret, 0, n), u->anchor = CLAMP(u->anchor, 0, n);
  bool selected = u->caret != u->anchor;
  long lo = MIN(u->caret, u->anchor), hi = MAX(u->caret, u->anchor);
  if (u->typed) replace_selection(u, value, u->typed);
  if (u->backspace) {
    if (!selected && u->caret > 0) u->anchor = u->caret - 1;
    replace_selection(u, value, NULL);
  }
  switch (u->edit_key) {
  case UI_EDIT_LEFT:
    u->caret = !u->shift && selected ? lo : MAX(u->caret - 1, 0);
    if (!u->shift) u->anchor = u->caret;
    break;
  case UI_EDIT_RIGHT:
    u->caret = !u->shift && selected ? hi : MIN(u->caret + 1, n);
    if (!u->shift) u->anchor = u->caret;
    break;
  case UI_EDIT_HOME:
  case UI_EDIT_END:
    u->caret = u->edit_key == UI_EDIT_HOME ? 0 : n;
    if (!u->shift) u->anchor = u->caret;
    break;
  case UI_EDIT_DELETE:
    if (!selected && u->caret < n) u->anchor = u->caret + 1;
    replace_selection(u, value, NULL);
    break;
  case UI_EDIT_SELECT_ALL: u->anchor = 0, u->caret = n; break;
  case UI_EDIT_COPY:
  case UI_EDIT_CUT:
    if (selected && !secret) { /* a PIN is not handed to other programs */
      size_t from = byte_at(value->str, lo);
      char *part = g_strndup(value->str + from, byte_at(value->str, hi) - from);
      SDL_SetClipboardText(part);
      g_free(part);
      if (u->edit_key == UI_EDIT_CUT) replace_selection(u, value, NULL);
    }
    break;
  case UI_EDIT_PASTE:
    if (SDL_HasClipboardText()) {
      char *text = SDL_GetClipboardText();
      replace_selection(u, value, text);
      SDL_free(text);
    }
    break;
  default: break;
  }
}

bool ui_field(ui *u, const char *label, GString *value, bool secret) {
  u->y += draw_text(u, label, u->left, u->y, 0.9, true, UI_MUTED, u->width) + 4;
  record(u, u->left, u->y, u->width, 0, label, -1);
  double pad = 10 * u->scale, x = u->left, y = u->y;
  PangoLayout *probe = text_layout(u, "Ag", 1.0, false, u->width);
  int tw, th;
  pango_layout_get_pixel_size(probe, &tw, &th);
  g_object_unref(probe);
  double h = th + 2 * pad, w = u->width * 0.7, inner = w - 2 * pad;
  bool focused;
  int index = u->focus_count;
  (void)activatable(u, x, y, w, h, label, &focused); /* Enter and Space are typing here */
  bool hit = u->clicked && u->click_x >= x && u->click_x < x + w && u->click_y >= y &&
             u->click_y < y + h; /* a click puts the caret where it was */
  GString *shown = g_string_new(NULL);
  if (focused) {
    u->focus_on_field = true;
    if (u->edit_focus != index) { /* just came here: the caret at the end */
      u->edit_focus = index;
      u->caret = u->anchor = g_utf8_strlen(value->str, -1);
      u->edit_shift = 0;
    }
    edit_field(u, value, secret);
  }
  if (secret)
    for (glong i = 0; i < g_utf8_strlen(value->str, -1); i++)
      g_string_append(shown, "\u2022");
  else
    g_string_append(shown, value->str);
  PangoLayout *pl = text_layout(u, shown->str, 1.0, false, -1);
  pango_layout_set_width(pl, -1); /* one line, as long as it is */
  if (focused && hit) {           /* the caret where the click was */
    int idx, trailing;
    pango_layout_xy_to_index(pl, (int)((u->click_x - x - pad + u->edit_shift) * PANGO_SCALE), 0,
                             &idx, &trailing);
    u->caret = u->anchor = g_utf8_pointer_to_offset(shown->str, shown->str + idx) + trailing;
  }
  double caret_x = 0, sel_a = 0, sel_b = 0;
  if (focused) {
    PangoRectangle pos;
    pango_layout_index_to_pos(pl, (int)byte_at(shown->str, u->caret), &pos);
    caret_x = (double)pos.x / PANGO_SCALE;
    pango_layout_index_to_pos(pl, (int)byte_at(shown->str, MIN(u->caret, u->anchor)), &pos);
    sel_a = (double)pos.x / PANGO_SCALE;
    pango_layout_index_to_pos(pl, (int)byte_at(shown->str, MAX(u->caret, u->anchor)), &pos);
    sel_b = (double)pos.x / PANGO_SCALE;
    if (caret_x - u->edit_shift > inner - 2) u->edit_shift = caret_x - inner + 2;
    if (caret_x - u->edit_shift < 0) u->edit_shift = caret_x;
  }
  double shift = focused ? u->edit_shift : 0;
  rounded(u->cr, x, y, w, h, 6);
  cairo_set_source_rgb(u->cr, 1, 1, 1);
  cairo_fill_preserve(u->cr);
  cairo_set_source_rgb(u->cr, 0.45, 0.45, 0.45);
  cairo_set_line_width(u->cr, 1.5);
  cairo_stroke(u->cr);
  cairo_save(u->cr);
  cairo_rectangle(u->cr, x + pad, y, inner, h); /* a long text stays inside its box */
  cairo_clip(u->cr);
  if (focused && sel_b > sel_a) {
    cairo_set_source_rgb(u->cr, 0.78, 0.87, 0.98);
    cairo_rectangle(u->cr, x + pad + sel_a - shift, y + pad, sel_b - sel_a, th);
    cairo_fill(u->cr);
  }
  cairo_set_source_rgb(u->cr, UI_INK[0], UI_INK[1], UI_INK[2]);
  cairo_move_to(u->cr, x + pad - shift, y + pad);
  pango_cairo_show_layout(u->cr, pl);
  if (focused) {
    cairo_rectangle(u->cr, x + pad + caret_x - shift, y + pad, 2 * u->scale, th);
    cairo_fill(u->cr);
  }
  cairo_restore(u->cr);
  g_object_unref(pl);
  if (!secret && value->len) record(u, x, y, w, h, value->str, -1);
  g_string_free(shown, TRUE);
  if (focused) focus_ring(u, x, y, w, h);
  u->y += h + 14 * u->scale;
  return focused && u->enter;
}

void ui_document(ui *u, const lt_layout *layout) {
  lt_layout_draw(layout, u->cr, u->left, u->y);
  for (size_t i = 0; i < lt_layout_text_count(layout); i++) {
    double ty;
    const char *t = lt_layout_text_at(layout, i, &ty);
    record(u, u->left, u->y + ty, u->width, 10, t, -1);
  }
  u->y += lt_layout_height(layout) + 16 * u->scale;
}

void ui_progress(ui *u, double done, double total) {
  double h = 8 * u->scale, frac = total > 0 ? done / total : 0;
  cairo_set_source_rgb(u->cr, 0.85, 0.85, 0.85);
  rounded(u->cr, u->left, u->y, u->width, h, h / 2);
  cairo_fill(u->cr);
  if (frac > 0) {
    cairo_set_source_rgb(u->cr, UI_ACCENT[0], UI_ACCENT[1], UI_ACCENT[2]);
    rounded(u->cr, u->left, u->y, u->width * (frac > 1 ? 1 : frac), h, h / 2);
    cairo_fill(u->cr);
  }
  u->y += h + 14 * u->scale;
}

void ui_scrollbar(ui *u, double content_h, double *target) {
  double view = u->view_h, max = content_h - view;
  if (max <= 0) {
    u->dragging = false;
    return;
  }
  double w = 14 * u->scale, x = u->view_w - w - 2;
  double thumb_h = view * view / content_h;
  if (thumb_h < 48) thumb_h = 48;
  double span = view - thumb_h, thumb_y = span * (u->scroll / max);
  if (u->clicked && u->click_x >= x - 4) { /* a little wider than drawn, for the hand */
    if (u->click_y >= thumb_y && u->click_y < thumb_y + thumb_h) {
      u->dragging = true;
      u->drag_offset = u->click_y - thumb_y;
    } else {
      *target = u->scroll + (u->click_y < thumb_y ? -1 : 1) * view * 0.9;
    }
    u->clicked = false;
  }
  if (u->dragging && !u->mouse_down) u->dragging = false;
  if (u->dragging) {
    *target = (u->mouse_y - u->drag_offset) / span * max;
    if (*target < 0) *target = 0;
    if (*target > max) *target = max;
    u->scroll = *target; /* the thumb follows the hand, no glide */
    thumb_y = span * (u->scroll / max);
  }
  cairo_set_source_rgb(u->cr, 0.90, 0.89, 0.86);
  rounded(u->cr, x, 2, w, view - 4, w / 2);
  cairo_fill(u->cr);
  double shade = u->dragging ? 0.35 : 0.55;
  cairo_set_source_rgb(u->cr, shade, shade, shade);
  rounded(u->cr, x + 2, thumb_y + 2, w - 4, thumb_h - 4, (w - 4) / 2);
  cairo_fill(u->cr);
}

/* The item that shows `text`, buttons and fields first; NULL when none. */
static const ui_item *find(const ui *u, const char *text, bool exact, bool visible) {
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < u->n_items; i++) {
      const ui_item *it = &u->items[i];
      if (pass == 0 && it->focus_index < 0) continue;
      double h = it->h > 0 ? it->h : 1;
      bool inside = it->y + h > 0 && it->y < u->view_h;
      if (inside != visible) continue;
      /* layout text may carry word joiners inside code spans; compare without them */
      char **parts = g_strsplit(it->text, "\u2060", -1);
      char *plain = g_strjoinv("", parts);
      g_strfreev(parts);
      bool match = exact ? !strcmp(plain, text) : strstr(plain, text) != NULL;
      g_free(plain);
      if (match) return it;
    }
  return NULL;
}

bool ui_find(const ui *u, const char *text, bool exact, double *x, double *y) {
  const ui_item *it = find(u, text, exact, true);
  if (!it) return false;
  double top = it->y > 0 ? it->y : 0, h = it->h > 0 ? it->h : 1;
  double bottom = it->y + h < u->view_h ? it->y + h : u->view_h;
  if (x) *x = it->x + it->w / 2;
  if (y) *y = (top + bottom) / 2;
  return true;
}

bool ui_find_hidden(const ui *u, const char *text, bool *below) {
  const ui_item *it = find(u, text, false, false);
  if (it && below) *below = it->y >= u->view_h;
  return it != NULL;
}
