/* usbscreen — courses from USB sticks, and the sticks themselves.
 *
 * Sticks are the mount points under the usual folders (a folder under /mnt that is not a
 * mount of its own is not a stick), on Windows the removable drives with a medium in them; packs
 * are found at a stick's top or one folder down, and listed by the course title their manifest
 * gives (read before it is verified, so only shown, never trusted). "Pasang semua" installs one
 * pack per frame, so the window shows which course is being installed and how many are left, and
 * can be stopped between packs; the end is a summary by title and outcome, refusals first, each in
 * plain words from the status (an untrusted, revoked or wrongly bound key is LT_ERR_UNTRUSTED,
 * named by its key id). The screen's state is its own (struct usb_view). */
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "app.h"
#include "lentera/file.h"
#include "lentera/pack.h"
#include "screens.h"

typedef enum { PACK_WAITING, PACK_INSTALLED, PACK_SAME, PACK_REFUSED } pack_outcome;

typedef struct {
  char *path, *title, *stick; /* title: the manifest's, or the file name when unreadable */
  char key[LT_SIGN_KEY_ID_HEX];
  pack_outcome outcome;
  char *words; /* what happened, in plain words */
} usb_pack;

struct usb_view {
  GArray *packs; /* usb_pack */
  guint next;    /* the next to install while installing */
  bool installing, done, stopped;
};

static void pack_clear(gpointer p) {
  usb_pack *k = p;
  g_free(k->path), g_free(k->title), g_free(k->stick), g_free(k->words);
}

void usb_free(app *a) {
  if (!a->usb) return;
  g_array_free(a->usb->packs, TRUE);
  g_free(a->usb);
  a->usb = NULL;
}

/* Plain words for why an import failed, from the status (the key named when it matters). */
static char *refusal(lt_status st, const char *key) {
  if (st == LT_ERR_UNTRUSTED) /* not trusted, revoked, or the id belongs to another key */
    return g_strdup_printf(
        _("Penerbit kursus ini belum dipercaya di komputer ini, kuncinya sudah dicabut, atau "
          "kursus ini milik penerbit lain. Minta admin IT memeriksa kunci %s."),
        *key ? key : "?");
  const char *why = _("Berkas ini tidak dapat dipasang.");
  if (st == LT_ERR_OLDER)
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
  return g_strdup(why);
}

/* Installs one pack and says what happened, in the learner's words. */
static void import_one(app *a, usb_pack *k) {
  lt_diag_list *d = lt_diag_list_new();
  lt_install_result r;
  lt_status st = screen_install(a, k->path, &r, d);
  lt_diag_list_free(d);
  g_free(k->words);
  k->outcome = st != LT_OK ? PACK_REFUSED : r == LT_INSTALL_SAME ? PACK_SAME : PACK_INSTALLED;
  k->words = st != LT_OK                ? refusal(st, k->key)
             : r == LT_INSTALL_NEW      ? g_strdup(_("dipasang"))
             : r == LT_INSTALL_UPDATED  ? g_strdup(_("diperbarui ke versi baru"))
             : r == LT_INSTALL_REPAIRED ? g_strdup(_("salinan yang rusak diperbaiki"))
                                        : g_strdup(_("sudah terpasang"));
}

/* How a stick is named on screen: its folder's name on Linux ("KINGSTON"), its volume label
 * and drive on Windows ("KINGSTON (E:)"). */
static char *stick_name(const char *stick) {
#ifdef _WIN32
  if (strlen(stick) > 3) return g_path_get_basename(stick); /* a folder (LENTERA_USB_DIRS) */
  wchar_t *w = g_utf8_to_utf16(stick, -1, NULL, NULL, NULL), label[MAX_PATH + 1] = {0};
  char *drive = g_strndup(stick, 2), *name = NULL;
  if (w && GetVolumeInformationW(w, label, MAX_PATH + 1, NULL, NULL, NULL, NULL, 0) && label[0]) {
    char *l = g_utf16_to_utf8(label, -1, NULL, NULL, NULL);
    name = g_strdup_printf("%s (%s)", l, drive);
    g_free(l);
  }
  if (!name) name = g_strdup_printf("%s %s", _("Flashdisk"), drive);
  g_free(w), g_free(drive);
  return name;
#else
  return g_path_get_basename(stick);
#endif
}

#ifdef _WIN32
/* The sticks: every drive Windows calls removable (GetDriveTypeW), that has a medium in it. */
static void removable_drives(GPtrArray *sticks) {
  DWORD drives = GetLogicalDrives();
  for (int i = 2; i < 26; i++) { /* from C: (A: and B: are floppy drives) */
    if (!(drives & (1u << i))) continue;
    wchar_t root[] = {(wchar_t)(L'A' + i), L':', L'\\', 0};
    if (GetDriveTypeW(root) != DRIVE_REMOVABLE) continue;
    if (!GetVolumeInformationW(root, NULL, 0, NULL, NULL, NULL, NULL, 0)) continue; /* empty */
    g_ptr_array_add(sticks, g_strdup_printf("%c:\\", 'A' + i));
  }
}
#endif

/* .lentera files at the top of a stick, or `depth` folders down. */
static void find_packs(GArray *packs, const char *stick, const char *dir, int depth) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *f;
  while (d && (f = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, f, NULL);
    if (g_str_has_suffix(f, ".lentera") && g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
      usb_pack k = {.path = p, .stick = stick_name(stick)};
      lt_manifest *m = NULL;
      lt_diag_list *diags = lt_diag_list_new();
      if (lt_pack_read_manifest(p, &m, k.key, diags) == LT_OK && m) {
        const char *title = lt_manifest_get_info(m)->title;
        k.title = title && *title ? g_utf8_make_valid(title, -1) : NULL;
      }
      lt_manifest_free(m);
      lt_diag_list_free(diags);
      if (!k.title) k.title = g_strdup(f);
      g_array_append_val(packs, k);
      continue;
    }
    if (depth > 0 && f[0] != '.' && g_file_test(p, G_FILE_TEST_IS_DIR))
      find_packs(packs, stick, p, depth - 1);
    g_free(p);
  }
  if (d) g_dir_close(d);
}

/* A folder is a stick when something is mounted on it: it is on another device than the
 * folder it sits in (so /mnt's own empty folders are not offered). */
static G_GNUC_UNUSED bool mounted(const char *dir) {
  struct stat s, up;
  char *parent = g_path_get_dirname(dir);
  bool yes = stat(dir, &s) == 0 && stat(parent, &up) == 0 && s.st_dev != up.st_dev;
  g_free(parent);
  return yes;
}

/* The mounted sticks: the mount points under /media/USER, /run/media/USER, /media and /mnt
 * (Windows: the removable drives), or every folder under the folders of LENTERA_USB_DIRS (a
 * list separated by ':', on Windows ';', for tests). */
GPtrArray *usb_sticks(void) {
  GPtrArray *sticks = g_ptr_array_new_with_free_func(g_free);
  const char *env = getenv("LENTERA_USB_DIRS");
#ifdef _WIN32
  if (!env) {
    removable_drives(sticks);
    return sticks;
  }
#endif
  char *user_media = g_build_filename("/media", g_get_user_name(), NULL);
  char *user_run = g_build_filename("/run/media", g_get_user_name(), NULL);
  char **roots = env ? g_strsplit(env, G_SEARCHPATH_SEPARATOR_S, -1) : NULL;
  const char *defaults[] = {user_media, user_run, "/media", "/mnt", NULL};
  for (const char *const *r = roots ? (const char *const *)roots : defaults; *r; r++) {
    GDir *d = g_dir_open(*r, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
      char *stick = g_build_filename(*r, n, NULL);
      if (g_file_test(stick, G_FILE_TEST_IS_DIR) && g_strcmp0(stick, user_media) &&
          g_strcmp0(stick, user_run) && (env || mounted(stick)))
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

static int by_title(gconstpointer x, gconstpointer y) {
  const usb_pack *p = x, *q = y;
  int c = g_utf8_collate(p->title, q->title);
  return c ? c : strcmp(p->path, q->path);
}

void usb_scan(app *a) {
  usb_free(a);
  a->usb = g_new0(struct usb_view, 1);
  a->usb->packs = g_array_new(FALSE, TRUE, sizeof(usb_pack));
  g_array_set_clear_func(a->usb->packs, pack_clear);
  GPtrArray *sticks = usb_sticks();
  for (guint i = 0; i < sticks->len; i++)
    find_packs(a->usb->packs, sticks->pdata[i], sticks->pdata[i], 1);
  g_ptr_array_free(sticks, TRUE);
  g_array_sort(a->usb->packs, by_title);
}

bool usb_busy(const app *a) { return a->screen == SCR_USB && a->usb && a->usb->installing; }

/* One pack per frame while installing: the frame after shows it done and names the next. */
void usb_update(app *a) {
  struct usb_view *v = a->usb;
  if (!usb_busy(a)) return;
  if (v->next < v->packs->len && !v->stopped) {
    import_one(a, &g_array_index(v->packs, usb_pack, v->next));
    v->next++;
    a->redraw = true;
  }
  if (v->next >= v->packs->len || v->stopped) v->installing = false, v->done = true;
}

static void pack_line(ui *u, const usb_pack *k, bool bad) {
  char *line = g_strdup_printf("%s — %s", k->title, k->words);
  ui_text(u, line, 0.95, false, bad ? UI_BAD : UI_GOOD);
  g_free(line);
}

/* The end: how many of each, refusals first with their reasons, then the rest by title. */
static void summary(app *a) {
  ui *u = &a->ui;
  struct usb_view *v = a->usb;
  guint n[4] = {0};
  for (guint i = 0; i < v->packs->len; i++)
    n[g_array_index(v->packs, usb_pack, i).outcome]++;
  char *head = g_strdup_printf(_("Selesai: %u kursus dipasang, %u sudah ada, %u ditolak."),
                               n[PACK_INSTALLED], n[PACK_SAME], n[PACK_REFUSED]);
  ui_text(u, head, 1.1, true, n[PACK_REFUSED] ? UI_BAD : UI_GOOD);
  g_free(head);
  if (n[PACK_WAITING]) {
    char *left = g_strdup_printf(_("Dihentikan: %u kursus belum dipasang."), n[PACK_WAITING]);
    ui_text(u, left, 1.0, false, UI_MUTED);
    g_free(left);
  }
  if (ui_button(u, a->learner.id ? _("Kembali ke daftar kursus") : _("Kembali"), true))
    a->screen = a->learner.id ? SCR_LIBRARY : SCR_LEARNERS; /* nobody signed in yet */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < v->packs->len; i++) {
      const usb_pack *k = &g_array_index(v->packs, usb_pack, i);
      if ((k->outcome == PACK_REFUSED) == (pass == 0) && k->outcome != PACK_WAITING)
        pack_line(u, k, k->outcome == PACK_REFUSED);
    }
}

void usb_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Impor dari flashdisk"), 1.5, true, UI_ACCENT);
  struct usb_view *v = a->usb;
  if (!v || !v->packs->len) {
    ui_text(u,
            _("Tidak ada berkas kursus (.lentera) di flashdisk. Masukkan flashdisk, tunggu "
              "sebentar, lalu cari lagi."),
            1.0, false, UI_INK);
    if (ui_button(u, _("Cari lagi"), true)) usb_scan(a);
  } else if (v->done) {
    summary(a);
    return;
  } else if (v->installing) {
    const usb_pack *k = &g_array_index(v->packs, usb_pack, v->next);
    char *now = g_strdup_printf(_("Memasang %u dari %u: %s"), v->next + 1, v->packs->len, k->title);
    ui_text(u, now, 1.1, true, UI_INK);
    g_free(now);
    ui_progress(u, v->next, v->packs->len);
    if (ui_button(u, _("Hentikan"), false)) v->stopped = true;
    for (guint i = 0; i < v->next; i++) {
      const usb_pack *p = &g_array_index(v->packs, usb_pack, i);
      pack_line(u, p, p->outcome == PACK_REFUSED);
    }
    return;
  } else {
    char *n = g_strdup_printf(_("Ditemukan %u kursus di flashdisk:"), v->packs->len);
    ui_text(u, n, 1.0, false, UI_INK);
    g_free(n);
    if (ui_button(u, _("Pasang semua"), true)) {
      v->installing = true, v->next = 0;
      a->redraw = true;
    }
    for (guint i = 0; i < v->packs->len; i++) {
      const usb_pack *k = &g_array_index(v->packs, usb_pack, i);
      char *base = g_path_get_basename(k->path);
      char *line = g_strdup_printf("%s  (%s, %s)", k->title, base, k->stick);
      ui_text(u, line, 0.95, false, UI_INK);
      g_free(line), g_free(base);
    }
  }
  if (ui_button(u, _("Kembali"), false)) a->screen = a->learner.id ? SCR_LIBRARY : SCR_LEARNERS;
}
