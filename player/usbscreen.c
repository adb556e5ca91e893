/* usbscreen — courses from USB sticks, and the sticks themselves.
 *
 * Sticks are the folders under the usual mount points; packs are found at a stick's top
 * or one folder down; each import result is told in plain words from the status (an
 * untrusted, revoked or wrongly bound key is LT_ERR_UNTRUSTED) and the core's diagnostics;
 * a damaged installed copy re-imported is said to be repaired. */
#include <SDL_image.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lentera/file.h"
#include "screens.h"

/* Plain words for why an import failed, from the core's diagnostics. */
static char *refusal(lt_status st, const lt_diag_list *d) {
  GString *all = g_string_new(NULL);
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    char *l = lt_diag_format(d, i);
    g_string_append_printf(all, "%s\n", l);
    free(l);
  }
  const char *why = _("Berkas ini tidak dapat dipasang.");
  if (st == LT_ERR_UNTRUSTED) /* not trusted, revoked, or the id belongs to another key */
    why = _("Penerbit kursus ini belum dipercaya di komputer ini, kuncinya sudah dicabut, atau "
            "kursus ini milik penerbit lain. Minta admin IT memeriksanya.");
  else if (st == LT_ERR_OLDER)
    why = _("Versi ini lebih lama dari yang sudah terpasang, jadi tidak dipasang.");
  else if (st == LT_ERR_VERIFY || st == LT_ERR_INVALID)
    why = _("Berkas kursus rusak atau telah diubah. Minta salinan baru dari pelatih.");
  else if (st == LT_ERR_FULL) /* writing the library, on the PC: not the stick's fault */
    why = _("Disk komputer ini penuh, jadi kursus tidak dapat dipasang. Kosongkan sedikit ruang "
            "disk atau hubungi petugas TI, lalu coba lagi.");
  else if (st == LT_ERR_READONLY)
    why = _("Folder data Lentera di komputer ini tidak bisa ditulis. Hubungi petugas TI.");
  else if (st == LT_ERR_IO)
    why = _("Berkas tidak dapat dibaca. Periksa flashdisk lalu coba lagi.");
  g_string_free(all, TRUE);
  return g_strdup(why);
}

/* Installs one pack and says what happened, in the learner's words. */
static char *import_one(app *a, const char *path) {
  lt_diag_list *d = lt_diag_list_new();
  lt_install_result r;
  lt_status st = screen_install(a, path, &r, d);
  char *base = g_path_get_basename(path), *why = st == LT_OK ? NULL : refusal(st, d);
  char *msg = st != LT_OK               ? g_strdup_printf("%s: %s", base, why)
              : r == LT_INSTALL_NEW     ? g_strdup_printf(_("%s: kursus dipasang."), base)
              : r == LT_INSTALL_UPDATED ? g_strdup_printf(_("%s: kursus diperbarui."), base)
              : r == LT_INSTALL_REPAIRED
                  ? g_strdup_printf(_("%s: kursus yang rusak diperbaiki."), base)
                  : g_strdup_printf(_("%s: sudah terpasang."), base);
  g_free(base), g_free(why);
  lt_diag_list_free(d);
  return msg;
}

/* .lentera files at the top of a stick, or `depth` folders down. */
static void find_packs(GPtrArray *found, const char *dir, int depth) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *f;
  while (d && (f = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, f, NULL);
    if (g_str_has_suffix(f, ".lentera") && g_file_test(p, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(found, g_strdup(p));
    else if (depth > 0 && f[0] != '.' && g_file_test(p, G_FILE_TEST_IS_DIR))
      find_packs(found, p, depth - 1);
    g_free(p);
  }
  if (d) g_dir_close(d);
}

/* The mounted sticks: the folders under /media/USER, /run/media/USER, /media and /mnt, or
 * under the folders of LENTERA_USB_DIRS (a colon-separated list). */
GPtrArray *usb_sticks(void) {
  GPtrArray *sticks = g_ptr_array_new_with_free_func(g_free);
  const char *env = getenv("LENTERA_USB_DIRS");
  char *user_media = g_build_filename("/media", g_get_user_name(), NULL);
  char *user_run = g_build_filename("/run/media", g_get_user_name(), NULL);
  char **roots = env ? g_strsplit(env, ":", -1) : NULL;
  const char *defaults[] = {user_media, user_run, "/media", "/mnt", NULL};
  for (const char *const *r = roots ? (const char *const *)roots : defaults; *r; r++) {
    GDir *d = g_dir_open(*r, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
      char *stick = g_build_filename(*r, n, NULL);
      if (g_file_test(stick, G_FILE_TEST_IS_DIR) && g_strcmp0(stick, user_media) &&
          g_strcmp0(stick, user_run))
        g_ptr_array_add(sticks, stick);
      else
        g_free(stick);
    }
    if (d) g_dir_close(d);
  }
  g_strfreev(roots);
  g_free(user_media), g_free(user_run);
  return sticks;
}

void usb_scan(app *a) {
  if (a->found) g_ptr_array_free(a->found, TRUE);
  a->found = g_ptr_array_new_with_free_func(g_free);
  GPtrArray *sticks = usb_sticks();
  for (guint i = 0; i < sticks->len; i++)
    find_packs(a->found, sticks->pdata[i], 1);
  g_ptr_array_free(sticks, TRUE);
}

void usb_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Impor dari flashdisk"), 1.5, true, UI_ACCENT);
  if (!a->found || !a->found->len) {
    ui_text(u,
            _("Tidak ada berkas kursus (.lentera) di flashdisk. Masukkan flashdisk, tunggu "
              "sebentar, lalu cari lagi."),
            1.0, false, UI_INK);
    if (ui_button(u, _("Cari lagi"), true)) usb_scan(a);
  } else {
    char *n = g_strdup_printf(_("Ditemukan %u berkas kursus:"), a->found->len);
    ui_text(u, n, 1.0, false, UI_INK);
    g_free(n);
    for (guint i = 0; i < a->found->len; i++) {
      char *base = g_path_get_basename(a->found->pdata[i]);
      ui_text(u, base, 0.9, false, UI_MUTED);
      g_free(base);
    }
    if (ui_button(u, _("Pasang semua"), true)) {
      GString *report = g_string_new(NULL);
      for (guint i = 0; i < a->found->len; i++) {
        char *m = import_one(a, a->found->pdata[i]);
        g_string_append_printf(report, "%s%s", report->len ? "\n" : "", m);
        g_free(m);
      }
      screen_message(a, g_string_free(report, FALSE));
      a->screen = SCR_LIBRARY;
      return;
    }
  }
  if (ui_button(u, _("Kembali"), false)) a->screen = SCR_LIBRARY;
}
