/* preview — build, install and rebuild a course folder inside a temporary data folder.
 *
 * Each build is written to <data>/build.lentera, signed by <data>/preview.key (made at
 * start, unencrypted: it never leaves the temporary folder), then the installed pack is
 * removed and the new one installed, so an unchanged version still replaces it. Where the
 * trainer was (screen, item, scroll) is noted before and restored after. */
#include "preview.h"

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "screens.h"
#include "lentera/build.h"
#include "lentera/pack.h"
#include "lentera/sign.h"
#include "lentera/watch.h"

#define PREVIEW_LEARNER "pratinjau"
#define PREVIEW_POLL_US (G_USEC_PER_SEC * 8 / 10)
#define PREVIEW_MAX_LINES 6

struct preview {
  char *course_dir, *snapshot, *pack_id;
  lt_seckey *key;
  gint64 next_poll;
  GPtrArray *errors; /* the last failed build's diagnostics, formatted; empty after a good one */
};

/* Builds and installs; on failure *errors holds the diagnostics and the old pack stays. */
static bool rebuild(app *a, GPtrArray *errors) {
  struct preview *p = a->preview;
  lt_diag_list *d = lt_diag_list_new();
  char *out = g_build_filename(a->data_dir, "build.lentera", NULL), *written = NULL;
  lt_build_options o = {
      .course_dir = p->course_dir, .key = p->key, .out_path = out, .created = (int64_t)time(NULL)};
  lt_status st = lt_build_run(&o, &written, d);
  lt_manifest *m = NULL;
  char signer[LT_SIGN_KEY_ID_HEX];
  if (st == LT_OK) st = lt_pack_read_manifest(written, &m, signer, d);
  char *id = m ? g_strdup(lt_manifest_get_info(m)->id) : NULL;
  lt_manifest_free(m);
  if (st == LT_OK) {
    if (p->pack_id && a->pack) app_close_item(a); /* closing a video still uses a->pack */
    a->pack = NULL, a->kept_outline = NULL;
    if (p->pack_id) st = lt_library_remove(a->lib, p->pack_id, d);
    lt_install_result r;
    if (st == LT_OK) st = lt_library_install(a->lib, written, NULL, NULL, &r, d);
    if (a->quiz_limits) g_hash_table_remove_all(a->quiz_limits);
  }
  if (written) g_remove(written);
  if (st == LT_OK) g_free(p->pack_id), p->pack_id = g_steal_pointer(&id);
  g_free(id);
  g_ptr_array_set_size(errors, 0);
  for (int pass = 0; pass < 2; pass++) /* errors first: they are what stops the build */
    for (size_t i = 0; i < lt_diag_count(d); i++) {
      if ((lt_diag_severity(d, i) == LT_DIAG_ERROR) != (pass == 0)) continue;
      char *line = lt_diag_format(d, i);
      g_ptr_array_add(errors, g_strdup(line));
      free(line);
    }
  if (st == LT_OK) g_ptr_array_set_size(errors, 0); /* warnings are for `check` */
  if (st != LT_OK && !errors->len)
    g_ptr_array_add(errors, g_strdup(_("Kursus tidak bisa dibangun.")));
  lt_diag_list_free(d);
  g_free(out), free(written);
  return st == LT_OK;
}

bool preview_start(app *a, const char *course_dir) {
  struct preview *p = g_new0(struct preview, 1);
  a->preview = p;
  p->course_dir = g_strdup(course_dir);
  p->errors = g_ptr_array_new_with_free_func(g_free);
  p->snapshot = lt_watch_snapshot(course_dir);
  lt_diag_list *d = lt_diag_list_new();
  char *pub = g_build_filename(a->data_dir, "preview.pub", NULL);
  char *sec = g_build_filename(a->data_dir, "preview.key", NULL);
  lt_status st = lt_sign_keygen(pub, sec, NULL, true, d);
  if (st == LT_OK) st = lt_sign_seckey_load(sec, NULL, &p->key, d);
  if (st == LT_OK) st = lt_library_trust(a->lib, pub, d);
  lt_cli_print_diags(d);
  lt_diag_list_free(d);
  g_free(pub), g_free(sec);
  if (st != LT_OK) return false;
  if (!rebuild(a, p->errors)) {
    for (guint i = 0; i < p->errors->len; i++)
      fprintf(stderr, "%s\n", (const char *)p->errors->pdata[i]);
    return false;
  }
  p->next_poll = g_get_monotonic_time() + PREVIEW_POLL_US;
  return app_choose_learner(a, PREVIEW_LEARNER, _("Pratinjau")) && app_open(a, p->pack_id, NULL);
}

void preview_tick(app *a) {
  struct preview *p = a->preview;
  if (!p || g_get_monotonic_time() < p->next_poll) return;
  p->next_poll = g_get_monotonic_time() + PREVIEW_POLL_US;
  char *now = lt_watch_snapshot(p->course_dir);
  if (!strcmp(now, p->snapshot)) {
    g_free(now);
    return;
  }
  g_free(p->snapshot), p->snapshot = now;
  /* where the trainer is, to come back to it */
  screen_id was = a->screen;
  double scroll = a->scroll_target;
  const lt_manifest_item *it = a->pack ? screen_current_item(a) : NULL;
  bool on_item =
      a->pack && (was == SCR_ITEM || was == SCR_QUIZ || was == SCR_RESULT || was == SCR_VIDEO);
  char *item = on_item && it ? g_strdup(it->id) : NULL;
  bool on_pack = on_item || (a->pack && was == SCR_OUTLINE);
  a->redraw = true;
  if (!rebuild(a, p->errors)) {
    g_free(item);
    /* the last good pack stays open and the box says why; only when the install itself
     * failed, after the old pack was closed, is there nothing left to show but the library */
    if (on_pack && !a->pack) a->screen = SCR_LIBRARY;
    return;
  }
  if (on_pack && app_open(a, p->pack_id, item)) {
    if (was == SCR_ITEM || was == SCR_OUTLINE) a->ui.scroll = a->scroll_target = scroll;
    if (was == SCR_OUTLINE) a->kept_outline = a->pack, a->kept_scroll[1] = scroll;
    a->drawn_screen = a->screen; /* no fresh screen: the scroll position stays */
  } else if (on_pack) {
    a->screen = SCR_LIBRARY;
  }
  g_free(item);
}

double preview_band(const app *a) { return a->preview ? 34 * a->ui.scale : 0; }

void preview_draw(app *a) {
  struct preview *p = a->preview;
  if (!p) return;
  ui *u = &a->ui;
  cairo_t *cr = u->cr;
  double y = u->y;
  static const double white[3] = {1, 1, 1};
  cairo_set_source_rgb(cr, 0.85, 0.55, 0.05);
  cairo_rectangle(cr, 0, 0, u->view_w, preview_band(a));
  cairo_fill(cr);
  u->y = 6 * u->scale;
  ui_text(u,
          _("Pratinjau — kursus dibuka dari foldernya; jawaban dan sertifikat dibuang saat "
            "pratinjau ditutup"),
          0.8, true, white);
  if (p->errors->len) {
    /* the box: its height from the text, drawn behind it */
    double top = preview_band(a);
    cairo_push_group(cr);
    u->y = top + 10 * u->scale;
    ui_text(u, _("Perubahan terakhir tidak bisa dibangun; yang tampil adalah versi baik terakhir:"),
            0.8, true, white);
    for (guint i = 0; i < p->errors->len && i < PREVIEW_MAX_LINES; i++)
      ui_text(u, p->errors->pdata[i], 0.8, false, white);
    if (p->errors->len > PREVIEW_MAX_LINES)
      ui_text(u, _("… dan lainnya: lentera-pack check menampilkan semuanya."), 0.8, false, white);
    cairo_pattern_t *text = cairo_pop_group(cr);
    cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
    cairo_rectangle(cr, 0, top, u->view_w, u->y - top);
    cairo_fill(cr);
    cairo_set_source(cr, text);
    cairo_paint(cr);
    cairo_pattern_destroy(text);
  }
  u->y = y;
}

void preview_free(app *a) {
  struct preview *p = a->preview;
  if (!p) return;
  lt_sign_seckey_free(p->key);
  g_ptr_array_free(p->errors, TRUE);
  g_free(p->course_dir), g_free(p->snapshot), g_free(p->pack_id);
  g_free(p);
  a->preview = NULL;
}

void preview_remove_dir(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name(d));) {
    char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
      preview_remove_dir(path);
    else
      g_remove(path);
    g_free(path);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
}
