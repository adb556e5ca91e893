/* lentera-player — imports signed packs and runs them offline (its command line: README.md
 * "lentera-player"; its place among the parts: docs/ARCHITECTURE.md).
 *
 * Without a window: --import (with --allow-key), --trust, --untrust, --remove, --export-sync,
 * --sync (with --retry-refused: the statements the LRS refused are sent again), --backup,
 * --repair-log; --version and --help (GOption's, to stdout) print and exit 0 before the data
 * folder is touched. The library holds its folder's lock for every change it makes
 * (library.h), so these may run while a window is open or another import runs; the log is
 * opened (made, migrated) under that lock too.
 * Every run first makes the data folder private (0700, its files 0600: it holds names, NIPs
 * and answers) and opens the log, which refuses a damaged one: then nothing runs but the
 * message for IT and --repair-log.
 * With one: the SDL event loop, or with --headless --script FILE the same screens on SDL's
 * dummy video driver, driven line by line by the script (learner, open, click, key, type,
 * tab-to, expect, expect-not, until, texts, wait, screenshot, quit). Exit codes: 0 ok, 1 refused or
 * a failed script step, 2 usage or I/O. */
#include <SDL.h>
#include <SDL_image.h>
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#ifndef _WIN32
#include <sys/file.h> /* flock; Windows: core/win32/posix.h */
#endif
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "screens.h"
#include "preview.h"
#include "lentera/library.h"
#include "lentera/log.h"
#include "lentera/platform.h"
#include "lentera/relocate.h"
#include "lentera/sign.h"
#include "lentera/version.h"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* The data folder holds learners' names, NIPs and answers: only this account may read it,
 * whatever --data-dir is. Made 0700; a looser folder (and its folders and known files) is
 * tightened, with a note (`quiet`: without, for what this run just made). The log's own
 * files are lt_log_open's. */
static void make_private(const char *data_dir, bool quiet) {
  if (g_mkdir_with_parents(data_dir, 0700) != 0) return; /* the library says why */
  bool loosened = false;
  const char *dirs[] = {"", "packs", "trusted", "sertifikat", "dokumen"};
  for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
    char *p = g_build_filename(data_dir, dirs[i], NULL);
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 077) && chmod(p, 0700) == 0)
      loosened = true;
    g_free(p);
  }
  const char *files[] = {"lentera.conf", ".lentera-player.lock"};
  for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
    char *p = g_build_filename(data_dir, files[i], NULL);
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) && chmod(p, 0600) == 0)
      loosened = true;
    g_free(p);
  }
  char *certs = g_build_filename(data_dir, "sertifikat", NULL);
  GDir *d = g_dir_open(certs, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name(d));) {
    char *p = g_build_filename(certs, name, NULL);
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) && chmod(p, 0600) == 0)
      loosened = true;
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_free(certs);
  if (loosened && !quiet)
    fprintf(stderr,
            _("Catatan: folder data %s tadinya dapat dibaca akun lain di komputer ini; sekarang "
              "hanya akun ini yang dapat membukanya.\n"),
            data_dir);
}

static const char *damaged_message(void) {
  return _("Catatan belajar di komputer ini rusak. Minta petugas TI menjalankan: lentera-player "
           "--repair-log");
}

/* --repair-log: with the window lock held (no window may be writing meanwhile). */
static int repair_log(const char *data_dir, const char *log_path) {
  char *lock_path = g_build_filename(data_dir, ".lentera-player.lock", NULL);
  int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_free(lock_path);
  struct stat owner; /* IT may run this as root: the lock stays the learner account's */
  if (lock >= 0 && geteuid() == 0 && stat(data_dir, &owner) == 0 &&
      fchown(lock, owner.st_uid, owner.st_gid) != 0)
    fputs("lentera-player: the lock file stays root's\n", stderr);
  if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
    fputs(_("Lentera sedang terbuka di komputer ini. Tutup jendelanya dulu, lalu perbaiki "
            "catatan.\n"),
          stderr);
    if (lock >= 0) close(lock);
    return EXIT_USAGE;
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_log_repair_result r;
  lt_status st = lt_log_repair(log_path, &r, d);
  lt_cli_print_diags(d);
  lt_diag_list_free(d);
  if (st == LT_OK) {
    printf(_("Catatan belajar diperbaiki: %zu peserta, %zu jawaban dan %zu catatan xAPI "
             "dipulihkan (juga %zu percobaan kuis dan %zu kemajuan belajar).\n"),
           r.learners, r.answers, r.statements, r.attempts, r.progress);
    printf(_("Berkas yang rusak disimpan sebagai %s.\n"), r.damaged_path);
    puts(r.device_kept ? _("ID perangkat tetap sama.")
                       : _("ID perangkat tidak terbaca; perangkat ini mendapat ID baru."));
  }
  lt_log_repair_result_clear(&r);
  close(lock);
  return lt_status_exit_code(st);
}

static int import_packs(lt_library *lib, char **packs, const char *allow_key, lt_diag_list *d) {
  int code = 0;
  for (char **p = packs; p && *p; p++) {
    lt_install_result r;
    lt_status st = lt_library_install_allowing(lib, *p, allow_key, NULL, NULL, &r, d);
    lt_cli_print_diags(d);
    lt_diag_list_free(d);
    d = lt_diag_list_new();
    if (st == LT_OK)
      printf("%s: %s\n", *p,
             r == LT_INSTALL_NEW        ? _("terpasang")
             : r == LT_INSTALL_UPDATED  ? _("diperbarui")
             : r == LT_INSTALL_REPAIRED ? _("diperbaiki")
                                        : _("sudah terpasang"));
    else if (!code || lt_status_exit_code(st) == EXIT_USAGE)
      code = lt_status_exit_code(st);
  }
  lt_diag_list_free(d);
  return code;
}

/* lentera.conf [player] help_contact: who to ask, shown on "Bantuan" (NULL when not set). */
static char *help_contact(const char *data_dir) {
  char *conf = g_build_filename(data_dir, "lentera.conf", NULL), *v = NULL;
  GKeyFile *kf = g_key_file_new();
  if (g_key_file_load_from_file(kf, conf, G_KEY_FILE_NONE, NULL))
    v = g_key_file_get_string(kf, "player", "help_contact", NULL);
  g_key_file_free(kf);
  g_free(conf);
  if (v && !*g_strstrip(v)) g_clear_pointer(&v, g_free);
  return v;
}

/* Indonesian unless LANG (or LC_ALL, LC_MESSAGES) asks for English, or lentera.conf's
 * [player] language says en or id. The messages' source language is Indonesian, so
 * Indonesian needs no catalogue; English comes from po/en.po, compiled at build time. */
static void choose_language(const char *data_dir) {
  const char *lang = NULL;
  const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (int i = 0; i < 3 && !lang; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) lang = v;
  }
  bool english = lang && g_str_has_prefix(lang, "en");
  char *conf = g_build_filename(data_dir, "lentera.conf", NULL);
  GKeyFile *kf = g_key_file_new();
  if (g_key_file_load_from_file(kf, conf, G_KEY_FILE_NONE, NULL)) {
    char *v = g_key_file_get_string(kf, "player", "language", NULL);
    if (v) english = g_str_has_prefix(v, "en");
    g_free(v);
  }
  g_key_file_free(kf);
  g_free(conf);
  /* C.UTF-8 always exists; unlike plain "C" it lets LANGUAGE pick the catalogue */
  if (!setlocale(LC_ALL, "")) (void)setlocale(LC_ALL, "C.UTF-8"); /* always there */
  const char *messages = setlocale(LC_MESSAGES, NULL);
  if (!messages || !strcmp(messages, "C")) (void)setlocale(LC_MESSAGES, "C.UTF-8");
  setenv("LANGUAGE", english ? "en" : "id", 1);
  const char *const beside[] = {LT_REL_LOCALEDIR "/en/LC_MESSAGES/" GETTEXT_PACKAGE ".mo",
                                LT_BUILD_LOCALEDIR "/en/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", NULL};
  char *mo = getenv("LENTERA_LOCALEDIR") ? NULL : lt_beside_program(beside);
  /* the folder three levels above the catalogue found: <dir>/en/LC_MESSAGES/lentera.mo */
  char *dir = mo ? g_path_get_dirname(mo) : NULL;
  for (int up = 0; dir && up < 2; up++) {
    char *parent = g_path_get_dirname(dir);
    g_free(dir);
    dir = parent;
  }
  bindtextdomain(GETTEXT_PACKAGE, getenv("LENTERA_LOCALEDIR") ? getenv("LENTERA_LOCALEDIR")
                                  : dir                       ? dir
                                                              : "/usr/share/locale");
  g_free(mo), g_free(dir);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

/* ---- what the window and the scripts share ---- */

/* A .lentera file dropped on the window is installed like one from a stick. */
static void drop_file(app *a, const char *path) {
  lt_diag_list *d = lt_diag_list_new();
  lt_install_result r;
  lt_status st = screen_install(a, path, &r, d);
  g_free(a->message);
  a->message = st == LT_OK ? g_strdup(_("Kursus berhasil dipasang."))
                           : g_strdup(_("Berkas ini ditolak: tanda tangannya tidak dipercaya "
                                        "atau isinya rusak. Hubungi admin IT."));
  lt_diag_list_free(d);
  a->redraw = true;
}

static void window_resized(app *a, int w, int h) {
  if (w < 1 || h < 1 || (w == a->w && h == a->h)) return;
  a->w = w, a->h = h;
  cairo_surface_destroy(a->surface);
  SDL_DestroyTexture(a->tex);
  a->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, a->w, a->h);
  a->tex =
      SDL_CreateTexture(a->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, a->w, a->h);
  a->redraw = true;
}

/* ---- the window's place on the screen ---- */

/* The window's first size and place: where it was last time on this PC (window.ini in the
 * data folder), else 1024x768 scaled for the display's DPI, and in either case inside the
 * display's usable area (less the taskbar) together with the window manager's frame. */
static void window_place(app *a, bool headless, SDL_Rect *r, bool *maximized) {
  SDL_Rect use = {0, 0, 1024, 768};
  if (SDL_GetDisplayUsableBounds(0, &use) != 0) SDL_GetDisplayBounds(0, &use);
  float dpi = 96;
  if (SDL_GetDisplayDPI(0, NULL, &dpi, NULL) != 0 || dpi < 96) dpi = 96;
  double scale = dpi / 96 > 2.5 ? 2.5 : dpi / 96;
  if (scale < 1.2) scale = 1; /* small differences are the display's rounding, not a 4K screen */
  a->ui.scale = scale;
  *r = (SDL_Rect){SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, (int)(1024 * scale),
                  (int)(768 * scale)};
  *maximized = false;
  char *path = g_build_filename(a->data_dir, "window.ini", NULL);
  GKeyFile *kf = g_key_file_new();
  if (!headless && g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
    int w = g_key_file_get_integer(kf, "window", "width", NULL);
    int h = g_key_file_get_integer(kf, "window", "height", NULL);
    int x = g_key_file_get_integer(kf, "window", "x", NULL);
    int y = g_key_file_get_integer(kf, "window", "y", NULL);
    if (w >= 640 && h >= 480) r->w = w, r->h = h;
    /* a place on a display no longer there is forgotten */
    if (x >= use.x && y >= use.y && x < use.x + use.w - 100 && y < use.y + use.h - 100)
      r->x = x, r->y = y;
    *maximized = g_key_file_get_boolean(kf, "window", "maximized", NULL);
  }
  g_key_file_free(kf);
  g_free(path);
  if (headless) { /* no screen, no frame: the size scripts and tests expect */
    *r = (SDL_Rect){0, 0, 1024, 768};
    a->ui.scale = 1;
    return;
  }
  /* a frame of about this size until the window manager tells the real one (window_fit) */
  int top = 32, side = 4;
  if (r->w > use.w - 2 * side) r->w = use.w - 2 * side;
  if (r->h > use.h - top - side) r->h = use.h - top - side;
  if (r->x == (int)SDL_WINDOWPOS_CENTERED) r->x = use.x + (use.w - r->w) / 2;
  if (r->y == (int)SDL_WINDOWPOS_CENTERED) r->y = use.y + top + (use.h - top - side - r->h) / 2;
}

/* Once shown and placed by the window manager, with the real frame known: the whole
 * window, frame included, on the screen. Where the window manager put it is kept (asking
 * for another place is not honoured alike by all of them); what sticks out is cut off the
 * size, and only a window that would become too small is moved. */
static void window_fit(app *a) {
  SDL_Rect use;
  int top = 0, left = 0, bottom = 0, right = 0;
  if (SDL_GetWindowBordersSize(a->win, &top, &left, &bottom, &right) != 0) return;
  if (SDL_GetDisplayUsableBounds(SDL_GetWindowDisplayIndex(a->win), &use) != 0) return;
  if (SDL_GetWindowFlags(a->win) & SDL_WINDOW_MAXIMIZED) return;
  int x, y, w, h;
  SDL_GetWindowPosition(a->win, &x, &y); /* of the inside, below the title bar */
  SDL_GetWindowSize(a->win, &w, &h);
  /* SDL reports the inside's place on some window managers and the frame's on others:
   * counting the frame on both sides keeps it on the screen either way */
  int room_w = use.x + use.w - left - right - x, room_h = use.y + use.h - top - bottom - y;
  bool move = x - left < use.x || y - top < use.y || room_w < 640 || room_h < 480;
  if (move) { /* into the top left corner of the usable area, then it has all the room */
    x = use.x + left, y = use.y + top;
    SDL_SetWindowPosition(a->win, x, y);
    room_w = use.w - 2 * left - 2 * right, room_h = use.h - 2 * top - 2 * bottom;
  }
  if (w > room_w || h > room_h)
    SDL_SetWindowSize(a->win, w < room_w ? w : room_w, h < room_h ? h : room_h);
}

/* At the end: the size and place, for next time (a failure only forgets them). */
static void window_remember(app *a) {
  if (!a->win || a->headless) return;
  GKeyFile *kf = g_key_file_new();
  Uint32 flags = SDL_GetWindowFlags(a->win);
  int x, y, w, h;
  SDL_GetWindowPosition(a->win, &x, &y);
  SDL_GetWindowSize(a->win, &w, &h);
  g_key_file_set_boolean(kf, "window", "maximized", (flags & SDL_WINDOW_MAXIMIZED) != 0);
  if (!(flags & SDL_WINDOW_MAXIMIZED)) {
    g_key_file_set_integer(kf, "window", "x", x), g_key_file_set_integer(kf, "window", "y", y);
    g_key_file_set_integer(kf, "window", "width", w);
    g_key_file_set_integer(kf, "window", "height", h);
  }
  char *path = g_build_filename(a->data_dir, "window.ini", NULL);
  gsize len;
  char *text = g_key_file_to_data(kf, &len, NULL);
  /* a failure only forgets the size: the next start uses the default */
  (void)g_file_set_contents(path, text, (gssize)len, NULL);
  g_free(text), g_free(path);
  g_key_file_free(kf);
}

/* ---- scripts ---- */

/* Whether the focused widget shows `text` and is inside the window. */
static bool focused_is(const app *a, const char *text) {
  for (int i = 0; i < a->ui.n_items; i++) {
    const ui_item *it = &a->ui.items[i];
    if (it->focus_index == a->ui.focus && a->ui.focus >= 0 && strstr(it->text, text))
      return it->y + it->h > 0 && it->y < a->h;
  }
  return false;
}

static bool step(app *a, char **argv, int argc, int line, const char *file) {
  const char *cmd = argv[0];
  bool ok = true;
  if (!strcmp(cmd, "learner") && argc >= 3) {
    ok = app_choose_learner(a, argv[1], argv[2]);
  } else if (!strcmp(cmd, "open") && argc >= 2) {
    ok = app_open(a, argv[1], argc >= 3 ? argv[2] : NULL);
  } else if (!strcmp(cmd, "click") && argc >= 2) {
    double x, y;
    ok = ui_find(&a->ui, argv[1], true, &x, &y) || ui_find(&a->ui, argv[1], false, &x, &y);
    if (ok) {
      a->ui.clicked = true, a->ui.click_x = x, a->ui.click_y = y;
      a->last_input = g_get_monotonic_time();
    }
  } else if (!strcmp(cmd, "key") && argc >= 2) {
    char **parts = g_strsplit(argv[1], "+", -1);
    Uint16 mod = 0;
    SDL_Keycode key = SDLK_UNKNOWN;
    for (char **p = parts; *p; p++) {
      if (!g_ascii_strcasecmp(*p, "ctrl"))
        mod |= KMOD_CTRL;
      else if (!g_ascii_strcasecmp(*p, "shift"))
        mod |= KMOD_SHIFT;
      else
        key = SDL_GetKeyFromName(*p);
    }
    g_strfreev(parts);
    ok = key != SDLK_UNKNOWN;
    if (ok) app_key(a, key, mod);
  } else if (!strcmp(cmd, "tab-to") && argc >= 2) { /* Tab, as a person presses it, until the
                                                     * focus is on TEXT (200 presses at most) */
    ok = focused_is(a, argv[1]);
    for (int n = 0; n < 200 && !ok; n++) {
      app_key(a, SDLK_TAB, 0);
      a->redraw = true;
      app_frame(a);
      a->redraw = true;
      app_frame(a);
      ok = focused_is(a, argv[1]);
    }
  } else if (!strcmp(cmd, "scroll") && argc >= 2) { /* mouse wheel notches, + is down */
    a->scroll_target += strtod(argv[1], NULL) * 60;
    if (a->scroll_target < 0) a->scroll_target = 0;
    a->last_input = g_get_monotonic_time();
  } else if (!strcmp(cmd, "click-at") && argc >= 3) { /* a click where no text is: the scroll bar */
    a->ui.clicked = true, a->ui.click_x = strtod(argv[1], NULL),
    a->ui.click_y = strtod(argv[2], NULL);
    a->last_input = g_get_monotonic_time();
  } else if (!strcmp(cmd, "drag") && argc >= 5) { /* press at X Y, move to X2 Y2, let go */
    a->ui.clicked = a->ui.mouse_down = true;
    a->ui.click_x = a->ui.mouse_x = strtod(argv[1], NULL);
    a->ui.click_y = a->ui.mouse_y = strtod(argv[2], NULL);
    a->redraw = true;
    app_frame(a);
    a->ui.mouse_x = strtod(argv[3], NULL), a->ui.mouse_y = strtod(argv[4], NULL);
    a->redraw = true;
    app_frame(a);
    a->ui.mouse_down = false;
    a->last_input = g_get_monotonic_time();
  } else if (!strcmp(cmd, "resize") && argc >= 3) { /* as a person drags the window's edge */
    int w = atoi(argv[1]), h = atoi(argv[2]);
    ok = w >= 320 && h >= 240;
    if (ok) SDL_SetWindowSize(a->win, w, h), window_resized(a, w, h);
  } else if (!strcmp(cmd, "drop") && argc >= 2) { /* a file dragged onto the window */
    drop_file(a, argv[1]);
  } else if (!strcmp(cmd, "type") && argc >= 2) {
    a->ui.typed = argv[1];
    a->last_input = g_get_monotonic_time();
  } else if (!strcmp(cmd, "where") && argc >= 2) { /* prints where the text is drawn */
    double x, y;
    ok = ui_find(&a->ui, argv[1], false, &x, &y);
    if (ok) printf("where %s: %.0f %.0f\n", argv[1], x, y);
  } else if (!strcmp(cmd, "expect") && argc >= 2) {
    ok = ui_find(&a->ui, argv[1], false, NULL, NULL);
  } else if (!strcmp(cmd, "expect-not") && argc >= 2) { /* not inside the window */
    ok = !ui_find(&a->ui, argv[1], false, NULL, NULL);
  } else if (!strcmp(cmd, "texts")) { /* prints every text inside the window, one a line */
    for (int i = 0; i < a->ui.n_items; i++)
      if (a->ui.items[i].y + a->ui.items[i].h > 0 && a->ui.items[i].y < a->h)
        printf("text: %s\n", a->ui.items[i].text);
  } else if (!strcmp(cmd, "until") && argc >= 2) { /* long work: frames until TEXT shows */
    gint64 end = g_get_monotonic_time() + (gint64)(argc >= 3 ? atoi(argv[2]) : 60) * G_USEC_PER_SEC;
    while (!(ok = ui_find(&a->ui, argv[1], false, NULL, NULL)) && g_get_monotonic_time() < end) {
      a->redraw = true;
      app_frame(a);
      SDL_Delay(video_busy(a) ? 4 : 5);
    }
  } else if (!strcmp(cmd, "wait") && argc >= 2) { /* the player goes on meanwhile */
    gint64 end = g_get_monotonic_time() + (gint64)strtoul(argv[1], NULL, 10) * 1000;
    while (g_get_monotonic_time() < end) {
      app_frame(a);
      SDL_Delay(video_busy(a) ? 4 : 20);
    }
  } else if (!strcmp(cmd, "screenshot") && argc >= 2) {
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, a->w, a->h);
    cairo_surface_flush(s);
    ok = SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
                              cairo_image_surface_get_data(s),
                              cairo_image_surface_get_stride(s)) == 0;
    cairo_surface_mark_dirty(s);
    ok = ok && cairo_surface_write_to_png(s, argv[1]) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
  } else if (!strcmp(cmd, "quit")) {
    a->quit = true;
  } else {
    fprintf(stderr, "%s:%d: unknown or incomplete step '%s'\n", file, line, cmd);
    return false;
  }
  if (!ok) {
    fprintf(stderr, "%s:%d: step failed: %s%s%s\n", file, line, cmd, argc > 1 ? " " : "",
            argc > 1 ? argv[1] : "");
    bool below = false;
    if ((!strcmp(cmd, "expect") || !strcmp(cmd, "click")) &&
        ui_find_hidden(&a->ui, argv[1], &below)) {
      fprintf(stderr, "  '%s' is drawn %s the %dx%d window: scroll to it first\n", argv[1],
              below ? "below" : "above", a->w, a->h);
    } else if (!strcmp(cmd, "expect") || !strcmp(cmd, "click")) {
      fprintf(stderr, "  in the window:");
      for (int i = 0; i < a->ui.n_items && i < 40; i++)
        if (a->ui.items[i].y + a->ui.items[i].h > 0 && a->ui.items[i].y < a->h)
          fprintf(stderr, " [%s]", a->ui.items[i].text);
      fprintf(stderr, "\n");
    }
  }
  return ok;
}

static int run_script(app *a, const char *file) {
  char *text;
  GError *err = NULL;
  if (!g_file_get_contents(file, &text, NULL, &err)) {
    fprintf(stderr, "%s: %s\n", file, err->message);
    g_error_free(err);
    return EXIT_USAGE;
  }
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  int code = 0, n = 0;
  app_frame(a);
  for (char **l = lines; *l && !a->quit && !code; l++) {
    n++;
    char *line = g_strstrip(g_strdup(*l));
    if (*line && *line != '#') {
      char **argv = NULL;
      int argc = 0;
      if (!g_shell_parse_argv(line, &argc, &argv, NULL)) {
        fprintf(stderr, "%s:%d: cannot read this line\n", file, n);
        code = EXIT_REFUSED;
      } else {
        if (!step(a, argv, argc, n, file)) code = EXIT_REFUSED;
        a->redraw = true;
        app_frame(a); /* the step takes effect */
        a->redraw = true;
        app_frame(a); /* and what it changed is drawn */
        g_strfreev(argv);
      }
    }
    g_free(line);
  }
  g_strfreev(lines);
  return code;
}

/* ---- the window ---- */

static void event_loop(app *a) {
  app_frame(a);
  while (!a->quit) {
    SDL_Event e;
    bool gliding = a->scroll_target != a->ui.scroll;
    if (!SDL_WaitEventTimeout(&e, usb_busy(a) ? 1 : video_busy(a) ? 4 : gliding ? 16 : 1000)) {
      app_frame(a); /* keeps active time and focus state fresh */
      continue;
    }
    do {
      /* each key, typed text and click gets its own frame: the screen's input is one event
       * wide, and a Tab followed at once by typing must type into the field Tab went to */
      bool input =
          e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT || e.type == SDL_MOUSEBUTTONDOWN;
      switch (e.type) {
      case SDL_QUIT: a->quit = true; break;
      case SDL_KEYDOWN: app_key(a, e.key.keysym.sym, (Uint16)e.key.keysym.mod); break;
      case SDL_TEXTINPUT:
        a->ui.typed = g_intern_string(e.text.text);
        a->last_input = g_get_monotonic_time();
        break;
      case SDL_MOUSEBUTTONDOWN:
        if (e.button.button == SDL_BUTTON_LEFT)
          a->ui.clicked = true, a->ui.click_x = e.button.x, a->ui.click_y = e.button.y;
        a->ui.mouse_down = e.button.button == SDL_BUTTON_LEFT;
        a->ui.mouse_x = e.button.x, a->ui.mouse_y = e.button.y;
        a->last_input = g_get_monotonic_time();
        break;
      case SDL_MOUSEBUTTONUP:
        if (e.button.button == SDL_BUTTON_LEFT) a->ui.mouse_down = false, a->redraw = true;
        break;
      case SDL_MOUSEMOTION:
        a->ui.mouse_x = e.motion.x, a->ui.mouse_y = e.motion.y;
        if (a->ui.mouse_down) a->redraw = true, a->last_input = g_get_monotonic_time();
        break;
      case SDL_MOUSEWHEEL:
        a->scroll_target -= e.wheel.y * 60;
        if (a->scroll_target < 0) a->scroll_target = 0;
        a->last_input = g_get_monotonic_time();
        break;
      case SDL_DROPFILE:
        drop_file(a, e.drop.file);
        SDL_free(e.drop.file);
        break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
          window_resized(a, e.window.data1, e.window.data2);
        if (e.window.event == SDL_WINDOWEVENT_EXPOSED && !a->placed) { /* the frame is known */
          a->placed = true;
          window_fit(a);
        }
        break;
      default: break;
      }
      if (input) a->redraw = true, app_frame(a);
    } while (SDL_PollEvent(&e));
    a->redraw = true;
    app_frame(a);
  }
}

int main(int argc, char **argv) {
  char *data_dir = NULL, *import = NULL, *trust = NULL, *export_dir = NULL, *script = NULL;
  char *backup_dir = NULL, *untrust = NULL, *remove = NULL, *allow_key = NULL;
  char *preview = NULL, *preview_data = NULL;
  char **packs = NULL;
  gboolean sync = FALSE, retry_refused = FALSE, headless = FALSE, repair = FALSE, version = FALSE;
  lt_relocate_init();
#ifdef _WIN32 /* the arguments as UTF-8 (Windows hands the ANSI code page's to main) */
  argv = g_win32_get_command_line();
#endif
  GOptionEntry entries[] = {
      {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Library, log and keys", "DIR"},
      {"import", 0, 0, G_OPTION_ARG_FILENAME, &import, "Import a pack without a window", "PACK"},
      {"allow-key", 0, 0, G_OPTION_ARG_STRING, &allow_key,
       "With --import: the pack may replace one that another key installed", "KEYID"},
      {"trust", 0, 0, G_OPTION_ARG_FILENAME, &trust, "Trust a publisher's public key", "PUBKEY"},
      {"untrust", 0, 0, G_OPTION_ARG_STRING, &untrust,
       "Stop trusting a key: its packs no longer open", "KEYID"},
      {"remove", 0, 0, G_OPTION_ARG_STRING, &remove, "Remove an installed pack", "PACK_ID"},
      {"sync", 0, 0, G_OPTION_ARG_NONE, &sync, "Send the outbox to the configured LRS", NULL},
      {"retry-refused", 0, 0, G_OPTION_ARG_NONE, &retry_refused,
       "With --sync: send again the statements the LRS refused", NULL},
      {"export-sync", 0, 0, G_OPTION_ARG_FILENAME, &export_dir, "Write the outbox to a folder",
       "DIR"},
      {"backup", 0, 0, G_OPTION_ARG_FILENAME, &backup_dir,
       "Copy the log, consistent even while the player runs, into a folder", "DIR"},
      {"repair-log", 0, 0, G_OPTION_ARG_NONE, &repair,
       "Keep a damaged log aside and recover what it still holds into a new one", NULL},
      {"preview", 0, 0, G_OPTION_ARG_FILENAME, &preview,
       "Show a course folder as it is written, rebuilt on each change; nothing is kept",
       "COURSE_DIR"},
      {"headless", 0, 0, G_OPTION_ARG_NONE, &headless, "No visible window (with --script)", NULL},
      {"script", 0, 0, G_OPTION_ARG_FILENAME, &script, "Run a player script", "FILE"},
      {"version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &packs, NULL, "[PACK...]"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("- study Lentera courses offline");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "lentera-player: %s\n", err->message);
    g_error_free(err);
    g_option_context_free(ctx);
    return EXIT_USAGE;
  }
  g_option_context_free(ctx);
  if (version) {
    printf("lentera-player %s\n", LT_VERSION);
    g_free(data_dir), g_free(import), g_free(trust), g_free(export_dir), g_free(script);
    g_free(backup_dir), g_free(untrust), g_free(remove), g_free(allow_key);
    g_strfreev(packs);
    return lt_cli_finish(0);
  }
  sync = sync || retry_refused;
  if (allow_key && !import) {
    fputs("lentera-player: --allow-key goes with --import PACK\n", stderr);
    g_free(data_dir), g_free(trust), g_free(export_dir), g_free(script), g_free(backup_dir);
    g_free(untrust), g_free(remove), g_free(allow_key);
    g_strfreev(packs);
    return EXIT_USAGE;
  }
  if (lt_sign_init() != LT_OK) return EXIT_USAGE;
  if (preview) { /* a private folder of its own, gone at exit: no records are kept */
    GError *tmp_err = NULL;
    preview_data = g_dir_make_tmp("lentera-preview-XXXXXX", &tmp_err);
    if (!preview_data) {
      fprintf(stderr, "lentera-player: %s\n", tmp_err->message);
      g_error_free(tmp_err);
      return EXIT_USAGE;
    }
    g_free(data_dir);
    data_dir = g_strdup(preview_data);
  }
  if (!data_dir) {
    char *pref = SDL_GetPrefPath("Lentera", "lentera-player");
    data_dir = g_strdup(pref ? pref : ".");
    SDL_free(pref);
  }
  choose_language(data_dir);
  app a = {0};
  a.data_dir = g_strdup(data_dir);
  a.help_contact = help_contact(data_dir);
  a.ui.scale = 1.0;
  /* the fault tests shorten the pause between quiet retries of a refused write */
  const char *retry_ms = getenv("LENTERA_RETRY_MS");
  a.retry_us = retry_ms ? (gint64)strtoul(retry_ms, NULL, 10) * 1000 : (gint64)3 * G_USEC_PER_SEC;
  a.ui.focus = a.ui.edit_focus = -1;
  lt_diag_list *d = lt_diag_list_new();
  char *log_path = g_build_filename(data_dir, "log.sqlite", NULL);
  make_private(data_dir, false);
  lt_status st = LT_OK;
  if (repair) {
    int rc = repair_log(data_dir, log_path);
    g_free(log_path);
    app_free(&a);
    lt_diag_list_free(d);
    g_free(data_dir), g_free(import), g_free(trust), g_free(export_dir), g_free(script);
    g_free(backup_dir), g_free(untrust), g_free(remove), g_free(allow_key);
    g_strfreev(packs);
    return rc;
  }
  st = lt_library_open(data_dir, NULL, &a.lib, d);
  /* the log's creation and migrations: one program at a time, under the library's lock (a
   * read-only folder opens without it) */
  char *lib_lock_path = g_build_filename(data_dir, LT_LIBRARY_LOCK, NULL);
  int lib_lock = -1;
  if (st == LT_OK && lt_platform_lock(lib_lock_path, &lib_lock, NULL) != LT_OK) lib_lock = -1;
  if (st == LT_OK) st = lt_log_open(log_path, &a.log, d);
  lt_platform_unlock(lib_lock);
  g_free(lib_lock_path);
  make_private(data_dir, true); /* what the library just made (packs/, trusted/) too */
  g_free(log_path);
  if (st == LT_OK && lt_diag_count(d)) { /* notes: a log made private, a key skipped */
    lt_cli_print_diags(d);
    lt_diag_list_free(d);
    d = lt_diag_list_new();
  }
  int code = lt_status_exit_code(st);
  /* started from the desktop's menu, nobody reads stderr: the window's way says it too */
  bool window =
      !trust && !untrust && !remove && !import && !export_dir && !sync && !backup_dir && !headless;
  if (st == LT_ERR_DAMAGED) { /* stops every command and the window alike */
    lt_cli_print_diags(d);
    fprintf(stderr, "%s\n", damaged_message());
    if (window) SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Lentera", damaged_message(), NULL);
  } else if (st != LT_OK) {
    lt_cli_print_diags(d);
    if (window) {
      char *why = unsaved_words(st);
      char *text = g_strdup_printf(_("Lentera tidak dapat dibuka karena catatan belajar di "
                                     "komputer ini tidak bisa dibuka atau disimpan: %s"),
                                   why);
      SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Lentera", text, NULL);
      g_free(text), g_free(why);
    }
  } else if (backup_dir) {
    char *path = NULL;
    st = lt_log_backup(a.log, backup_dir, &path, d);
    lt_cli_print_diags(d);
    if (st == LT_OK) printf(_("Salinan catatan belajar disimpan: %s\n"), path);
    g_free(path);
    code = lt_status_exit_code(st);
  } else if (trust) {
    st = lt_library_trust(a.lib, trust, d);
    lt_cli_print_diags(d);
    if (st == LT_OK) printf(_("Kunci %s dipercaya.\n"), trust);
    code = lt_status_exit_code(st);
  } else if (untrust) {
    st = lt_library_untrust(a.lib, untrust, d);
    lt_cli_print_diags(d);
    if (st == LT_OK) printf(_("Kunci %s tidak lagi dipercaya.\n"), untrust);
    for (size_t i = 0; st == LT_OK && i < lt_library_refused_count(a.lib); i++)
      if (!g_ascii_strcasecmp(lt_library_refused_at(a.lib, i)->key_id, untrust))
        printf(_("Kursus %s tidak dibuka lagi.\n"), lt_library_refused_at(a.lib, i)->id);
    code = lt_status_exit_code(st);
  } else if (remove) {
    st = lt_library_remove(a.lib, remove, d);
    lt_cli_print_diags(d);
    if (st == LT_OK) printf(_("Kursus %s dihapus dari komputer ini.\n"), remove);
    code = lt_status_exit_code(st);
  } else if (import) {
    char *one[] = {import, NULL};
    code = import_packs(a.lib, one, allow_key, d);
    d = NULL;
  } else if (export_dir) {
    size_t n = 0;
    st = lt_log_export(a.log, export_dir, &n, d);
    lt_cli_print_diags(d);
    if (st == LT_OK) printf(_("%zu catatan ditulis ke %s.\n"), n, export_dir);
    if (st == LT_ERR_DAMAGED) fprintf(stderr, "%s\n", damaged_message());
    code = lt_status_exit_code(st);
  } else if (sync) {
    sync_configure(&a);
    code = sync_command(&a, retry_refused);
  } else {
    sync_configure(&a);
    if (packs) {
      code = import_packs(a.lib, packs, NULL, d);
      d = NULL;
    }
    /* one window per data folder: two would each resume the same quiz attempt */
    char *lock_path = g_build_filename(data_dir, ".lentera-player.lock", NULL);
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    g_free(lock_path);
    bool locked = lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0;
    if (lock < 0) /* not a second window: the data folder cannot be written */
      fprintf(stderr, _("Folder data Lentera tidak bisa ditulis (%s): %s\n"), data_dir,
              g_strerror(errno));
    else if (!locked)
      fputs(_("Lentera sudah terbuka di komputer ini. Gunakan jendela yang sudah ada.\n"), stderr);
    if (!locked && !headless)
      SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Lentera",
                               lock < 0 ? _("Folder data Lentera tidak bisa ditulis. Hubungi "
                                            "petugas TI.")
                                        : _("Lentera sudah terbuka di komputer ini. Gunakan "
                                            "jendela yang sudah ada."),
                               NULL);
    if (headless && !getenv("SDL_VIDEODRIVER")) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (headless && !getenv("SDL_AUDIODRIVER")) SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
    a.headless = headless;
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG | IMG_INIT_WEBP);
    if (!locked) {
      code = EXIT_USAGE;
    } else if (SDL_Init(SDL_INIT_VIDEO) != 0) {
      fprintf(stderr, "lentera-player: cannot open a window: %s\n", SDL_GetError());
      code = EXIT_USAGE;
    } else {
      SDL_Rect place;
      bool maximized;
      window_place(&a, headless, &place, &maximized);
      a.w = place.w, a.h = place.h;
      a.win = SDL_CreateWindow("Lentera", place.x, place.y, a.w, a.h,
                               SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                                   (headless ? SDL_WINDOW_HIDDEN : 0) |
                                   (maximized ? SDL_WINDOW_MAXIMIZED : 0));
      if (a.win) SDL_SetWindowMinimumSize(a.win, 640, 480);
      if (a.win) SDL_GetWindowSize(a.win, &a.w, &a.h); /* what the window manager gave */
      a.ren = a.win ? SDL_CreateRenderer(a.win, -1, SDL_RENDERER_SOFTWARE) : NULL;
      a.tex = a.ren ? SDL_CreateTexture(a.ren, SDL_PIXELFORMAT_ARGB8888,
                                        SDL_TEXTUREACCESS_STREAMING, a.w, a.h)
                    : NULL;
      a.surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, a.w, a.h);
      a.f_name = g_string_new(NULL), a.f_id = g_string_new(NULL), a.f_unit = g_string_new(NULL);
      a.f_pin = g_string_new(NULL), a.f_search = g_string_new(NULL);
      a.f_group = -1;
      a.qv = quiz_view_new();
      if (!a.tex) {
        fprintf(stderr, "lentera-player: cannot draw: %s\n", SDL_GetError());
        code = EXIT_USAGE;
      } else if (preview && !preview_start(&a, preview)) {
        code = EXIT_REFUSED;
      } else if (script) {
        sync_start(&a);
        code = run_script(&a, script);
      } else {
        sync_start(&a);
        SDL_StartTextInput();
        event_loop(&a);
        window_remember(&a);
      }
    }
  }
  app_free(&a);
  if (a.win || a.ren) SDL_Quit();
  lt_diag_list_free(d);
  if (preview_data) preview_remove_dir(preview_data);
  g_free(preview), g_free(preview_data);
  g_free(data_dir), g_free(import), g_free(trust), g_free(export_dir), g_free(script);
  g_free(backup_dir), g_free(untrust), g_free(remove), g_free(allow_key);
  g_strfreev(packs);
  return lt_cli_finish(code);
}
