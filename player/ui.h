/* ui — a small immediate-mode widget layer drawn with Pango/Cairo.
 *
 * Each frame, a screen calls ui_* functions from top to bottom; each draws itself into the
 * frame's Cairo surface at the column cursor and records its text and rectangle. Buttons
 * return true on the frame they are activated: clicked, or focused (Tab) and Enter. The
 * recorded texts inside the window are what scripts `expect` and `click` look at. Content
 * taller than the window scrolls (u->scroll); Tab scrolls the focused widget into view. */
#ifndef LENTERA_PLAYER_UI_H
#define LENTERA_PLAYER_UI_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "lentera/layout.h"

typedef struct {
  double x, y, w, h;
  char *text;
  int focus_index; /* -1 when not focusable */
} ui_item;

typedef struct {
  cairo_t *cr;
  double scale;          /* text size factor (Ctrl +/-) */
  double left, width;    /* the content column */
  double y;              /* the cursor */
  double scroll;         /* subtracted from y when drawing: every screen scrolls */
  double view_w, view_h; /* the window */
  bool scroll_asked;     /* ui_end: the focus moved out of sight; scroll_to brings it back */
  double scroll_to;
  /* the pointer, for dragging the scroll bar */
  bool mouse_down, dragging;
  double mouse_x, mouse_y, drag_offset;
  /* input for this frame */
  bool clicked;
  double click_x, click_y;
  bool enter, space, tab, shift_tab, backspace;
  int edit_key;         /* an editing key for the focused text field (ui_edit_key), 0 none */
  bool shift;           /* held with edit_key: extends the selection */
  const char *typed;    /* text typed this frame, for the focused field */
  int focus;            /* index of the focused widget, -1 none */
  int focus_count;      /* widgets seen this frame */
  bool focus_on_button; /* the focused widget (last frame) is a button */
  bool focus_on_field;  /* … a text field: arrows, Home/End, Delete, Ctrl+A/C/X/V edit it */
  int edit_focus;       /* the field the caret is in (its focus index), -1 none */
  long caret, anchor;   /* in characters; the selection is between them */
  double edit_shift;    /* px the focused field's text is moved left to keep the caret seen */
  bool enter_taken;     /* Enter with nothing focused went to this frame's first primary button */
  /* what was drawn (for scripts and clicks next frame) */
  bool in_row; /* buttons side by side (ui_row_begin … ui_row_end) */
  double row_x, row_h;
  ui_item *items;
  int n_items, cap_items;
} ui;

typedef enum {
  UI_EDIT_NONE,
  UI_EDIT_LEFT,
  UI_EDIT_RIGHT,
  UI_EDIT_HOME,
  UI_EDIT_END,
  UI_EDIT_DELETE,
  UI_EDIT_SELECT_ALL,
  UI_EDIT_COPY,
  UI_EDIT_CUT,
  UI_EDIT_PASTE
} ui_edit_key;

void ui_begin(ui *u, cairo_t *cr, double window_w, double window_h);
void ui_end(ui *u);
void ui_free(ui *u);

/* Text of `size` (1.0 = body, 18 px at 100%), wrapped to the column. */
void ui_text(ui *u, const char *text, double size, bool bold, const double rgb[3]);
/* Pango `markup` (its text escaped by the caller) in the column at u->y, made smaller (down
 * to 3/4 of `size`) until it is at most `max_h` px tall. u->y stays. Returns the size drawn. */
double ui_markup(ui *u, const char *markup, double size, const double rgb[3], double max_h);
/* A button; `primary` draws it filled. Returns true when activated: clicked, focused and
 * Enter, or — the first primary button of the frame — Enter while nothing has the focus. */
bool ui_button(ui *u, const char *label, bool primary);
/* A button as wide as the widest of `others` (NULL-terminated; its other labels), so a
 * button whose label changes ("Jeda" / "Putar") never moves the ones beside it. */
bool ui_button_as_wide(ui *u, const char *label, const char *const *others, bool primary);
/* Buttons between these two sit side by side on one line. */
void ui_row_begin(ui *u);
void ui_row_end(ui *u);
/* An invisible clickable and focusable area (a video poster, a progress bar). */
bool ui_hotspot(ui *u, double x, double y, double w, double h, const char *label);
/* A choice row (radio/checkbox look). Returns true when activated. */
bool ui_choice(ui *u, const char *label, bool selected, bool multiple, int number);
/* A one-line text field bound to a GString, edited as in any desktop program: typed text
 * at the caret, Left/Right/Home/End (with Shift: selecting), Backspace/Delete, Ctrl+A,
 * copy/cut/paste through the system clipboard (not for `secret` ones), a click places the
 * caret, and a text longer than the box scrolls with the caret. Returns true when Enter is
 * pressed in it (the form is submitted). */
bool ui_field(ui *u, const char *label, GString *value, bool secret);
/* Draws a laid-out document at the cursor, records its text runs, advances. */
void ui_document(ui *u, const lt_layout *layout);
void ui_space(ui *u, double px);
/* A thin progress bar: `done` of `total`. */
void ui_progress(ui *u, double done, double total);

/* The scroll bar at the window's right edge, when the content (content_h tall, scrolled by
 * u->scroll) is taller than the window: a click above or below the thumb moves a page, the
 * thumb drags; *target gets the new scroll position. */
void ui_scrollbar(ui *u, double content_h, double *target);

/* Whether an item with this text is drawn inside the window (substring match unless
 * `exact`); the centre of its visible part in *x,*y. Scripts see only what a person sees. */
bool ui_find(const ui *u, const char *text, bool exact, double *x, double *y);
/* Whether it is drawn but outside the window: *below true when it lies under the bottom. */
bool ui_find_hidden(const ui *u, const char *text, bool *below);

extern const double UI_INK[3], UI_MUTED[3], UI_ACCENT[3], UI_GOOD[3], UI_BAD[3];

#endif
