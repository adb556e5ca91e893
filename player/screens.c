/* screens — learners, library, outline, lessons and cheat sheets, navigation and keys.
 *
 * Each screen draws itself with ui.h and acts on what was activated (quizscreen.c and
 * usbscreen.c hold the quiz and USB screens). Lessons and cheat sheets are laid out once
 * per width and text size with lt_layout and scrolled; active time counts only while the
 * window has focus and the learner touched the keyboard or mouse in the last two minutes,
 * and is recorded when the item is left, with the scroll position to resume from.
 * Every file of a pack is read through the library, which checks it against the signed
 * manifest (screen_read): a damaged lesson says so, is not shown and is not marked done. */
#include <SDL_image.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lentera/file.h"
#include "lentera/media.h"
#include "screens.h"
#include "preview.h"

enum { IDLE_US = 120 * G_USEC_PER_SEC };

void screen_message(app *a, char *msg) {
  g_free(a->message);
  a->message = msg;
}

const lt_manifest_item *screen_current_item(const app *a) {
  return lt_manifest_item_at(a->pack, a->item);
}

lt_log_where screen_where(const app *a) {
  lt_log_where w = {lt_manifest_get_info(a->pack),
                    screen_current_item(a),
                    a->lrs_configured ? a->lrs.homepage : NULL,
                    0,
                    quiz_followup(a),
                    quiz_anonymous(a)};
  return w;
}

/* ---- active time ---- */

static void tick(app *a) {
  gint64 now = g_get_monotonic_time();
  Uint32 flags = a->win ? SDL_GetWindowFlags(a->win) : 0;
  bool focused = a->headless || (flags & SDL_WINDOW_INPUT_FOCUS);
  if (a->doc && a->last_tick && focused && now - a->last_input < IDLE_US)
    a->active += (double)(now - a->last_tick) / G_USEC_PER_SEC;
  a->last_tick = now;
}

/* ---- learners ---- */

/* The notes under the PDF and certificate buttons were said to the learner before. */
static void forget_notes(app *a) {
  g_clear_pointer(&a->pdf_note, g_free);
  g_clear_pointer(&a->note_for, g_free);
}

/* The script step `learner`: a learner with a PIN is not signed in, the PIN screen waits for
 * the script to type it as a person would. */
bool app_choose_learner(app *a, const char *employee_id, const char *name) {
  lt_log_learner l;
  if (lt_log_learner_find(a->log, employee_id, &l) != LT_OK) {
    if (lt_log_learner_add(a->log, employee_id, name, "", NULL, NULL, NULL, NULL) != LT_OK)
      return false;
    if (lt_log_learner_find(a->log, employee_id, &l) != LT_OK) return false;
  }
  if (l.has_pin) {
    a->pending_learner = l.id;
    g_free(a->pending_name);
    forget_notes(a); /* said to the last learner */
    a->pending_name = g_strdup_printf("%s (%s)", l.name, l.employee_id);
    g_string_truncate(a->f_pin, 0);
    lt_log_learner_clear(&l);
    lt_log_learner_clear(&a->learner);
    screen_message(a, NULL);
    a->screen = SCR_PIN;
    return true;
  }
  lt_log_learner_clear(&a->learner);
  a->learner = l;
  a->screen = SCR_LIBRARY;
  return true;
}

static void screen_learners(app *a) {
  ui *u = &a->ui;
  ui_text(u, "Lentera", 1.8, true, UI_ACCENT);
  size_t n = 0;
  bool read;
  const lt_log_learner *list = progress_learners(a, &n, &read);
  ui_text(u,
          n ? _("Belajar singkat di meja Anda. Pilih nama Anda untuk mulai.")
            : _("Belajar singkat di meja Anda. Tambahkan nama Anda untuk mulai."),
          1.0, false, UI_INK);
  if (!read)
    ui_text(u, _("Daftar peserta tidak dapat dibaca dari catatan belajar. Hubungi petugas TI."),
            1.0, true, UI_BAD);
  for (size_t i = 0; i < n; i++) {
    char *label = g_strdup_printf("%s  (%s)", list[i].name, list[i].employee_id);
    if (ui_button(u, label, false)) {
      if (list[i].has_pin) {
        a->pending_learner = list[i].id;
        g_free(a->pending_name);
        forget_notes(a);
        a->pending_name = g_strdup_printf("%s (%s)", list[i].name, list[i].employee_id);
        g_string_truncate(a->f_pin, 0);
        a->screen = SCR_PIN;
      } else {
        lt_log_learner l;
        if (lt_log_learner_find(a->log, list[i].employee_id, &l) == LT_OK) {
          lt_log_learner_clear(&a->learner);
          a->learner = l;
          a->screen = SCR_LIBRARY;
        }
      }
    }
    g_free(label);
  }
  ui_space(u, 10);
  if (ui_button(u, _("Tambah peserta baru"), n == 0)) { /* an empty form, not the last one */
    g_string_truncate(a->f_name, 0), g_string_truncate(a->f_id, 0);
    g_string_truncate(a->f_unit, 0), g_string_truncate(a->f_pin, 0);
    a->f_group = -1;
    a->screen = SCR_NEW_LEARNER;
  }
  if (!lt_library_count(a->lib)) { /* a new PC: the courses come first, from a stick */
    ui_text(u, _("Belum ada kursus di komputer ini."), 1.0, false, UI_MUTED);
    if (ui_button(u, _("Impor kursus dari flashdisk"), false)) {
      usb_scan(a);
      a->screen = SCR_USB;
    }
  }
}

/* A NIP as written on a card ("19870512 201001 2 001") without its spaces and dots; how many
 * digits it holds. */
static size_t nip_normalise(GString *id) {
  GString *out = g_string_new(NULL);
  size_t digits = 0;
  for (const char *p = id->str; *p; p++) {
    if (*p == ' ' || *p == '.' || *p == '-') continue;
    if (g_ascii_isdigit(*p)) digits++;
    g_string_append_c(out, *p);
  }
  g_string_assign(id, out->str);
  g_string_free(out, TRUE);
  return digits;
}

/* The training guide's groups a learner may say they are in at sign-up (course.md audience). */
static const char *const group_ids[] = {"paket-a", "paket-b", "paket-c", "paket-d", "semua-staf"};

static const char *group_label(int i) {
  const char *labels[] = {N_("Paket A"), N_("Paket B"), N_("Paket C"), N_("Paket D"),
                          N_("Semua staf")};
  return _(labels[i]);
}

static void screen_new_learner(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Peserta baru"), 1.5, true, UI_ACCENT);
  if (a->message) ui_text(u, a->message, 1.0, false, UI_BAD);
  if (u->focus < 0) u->focus = 0; /* the caret starts in the first field */
  bool submitted = ui_field(u, _("Nama lengkap"), a->f_name, false);
  submitted |= ui_field(u, _("NIP (18 angka)"), a->f_id, false);
  submitted |= ui_field(u, _("Unit kerja"), a->f_unit, false);
  submitted |= ui_field(u, _("PIN (boleh kosong)"), a->f_pin, true);
  /* one row of buttons (the form still fits 800x600); the chosen one is marked */
  ui_text(u, _("Paket pelatihan Anda (boleh dilewati)"), 0.95, false, UI_MUTED);
  ui_row_begin(u);
  for (int g = 0; g < (int)G_N_ELEMENTS(group_ids); g++) {
    char *label = g_strdup_printf("%s %s", a->f_group == g ? "\u25cf" : "\u25cb", group_label(g));
    if (ui_button(u, label, false)) a->f_group = a->f_group == g ? -1 : g; /* again: unsaid */
    g_free(label);
  }
  ui_row_end(u);
  if (ui_button(u, _("Simpan"), true) || submitted) { /* Enter in any field saves too */
    g_strstrip(a->f_name->str);
    a->f_name->len = strlen(a->f_name->str);
    size_t digits = nip_normalise(a->f_id);
    if (!a->f_name->len || !a->f_id->len) {
      screen_message(a, g_strdup(_("Nama dan NIP wajib diisi.")));
    } else if (digits != a->f_id->len || a->f_id->len != 18) {
      screen_message(a,
                     g_strdup_printf(_("NIP terdiri dari 18 angka; yang diketik %zu angka%s. "
                                       "Periksa lagi."),
                                     digits, digits != a->f_id->len ? _(" dan tanda lain") : ""));
    } else {
      int64_t id;
      lt_diag_list *d = lt_diag_list_new();
      lt_status st = lt_log_learner_add(a->log, a->f_id->str, a->f_name->str, a->f_unit->str,
                                        a->f_group >= 0 ? group_ids[a->f_group] : NULL,
                                        a->f_pin->len ? a->f_pin->str : NULL, &id, d);
      lt_log_learner l;
      if (st == LT_OK) st = lt_log_learner_find(a->log, a->f_id->str, &l);
      if (st == LT_OK) {
        lt_log_learner_clear(&a->learner);
        a->learner = l;
        screen_message(a, NULL);
        a->screen = SCR_LIBRARY;
      } else if (st == LT_ERR_EXISTS) {
        screen_message(a, g_strdup(_("NIP ini sudah terdaftar. Pilih nama Anda di daftar.")));
      } else { /* the form stays filled in, to be saved again */
        char *why = unsaved_words(st);
        screen_message(a, g_strdup_printf(_("Peserta belum tersimpan: %s"), why));
        g_free(why);
      }
      lt_diag_list_free(d);
    }
    g_string_truncate(a->f_pin, 0);
  }
  if (ui_button(u, _("Kembali"), false)) a->screen = SCR_LEARNERS;
}

/* The PIN field has the focus, so a PIN can be typed at once and Enter signs in. After 5
 * wrong PINs the log makes the learner wait (lt_log_learner_check_pin); the screen says how
 * long. */
static void screen_pin(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Masukkan PIN Anda"), 1.5, true, UI_ACCENT);
  if (a->pending_name) { /* whose PIN: on a shared PC the wrong name is easily clicked */
    char *whose = g_strdup_printf(_("PIN untuk %s. Bukan Anda? Pilih Kembali."), a->pending_name);
    ui_text(u, whose, 1.0, false, UI_INK);
    g_free(whose);
  }
  if (a->message) ui_text(u, a->message, 1.0, false, UI_BAD);
  if (u->focus < 0) u->focus = 0; /* the field is the first focusable widget */
  bool typed_enter = ui_field(u, _("PIN"), a->f_pin, true);
  if (ui_button(u, _("Masuk"), true) || typed_enter) {
    lt_log_pin_check pc = {0};
    lt_diag_list *d = lt_diag_list_new();
    lt_status st = lt_log_learner_check_pin(a->log, a->pending_learner, a->f_pin->str, &pc, d);
    lt_diag_list_free(d);
    bool ok = st == LT_OK && pc.ok;
    g_string_truncate(a->f_pin, 0);
    if (st != LT_OK) {
      screen_message(a, g_strdup(_("PIN tidak dapat diperiksa: catatan di komputer ini tidak "
                                   "dapat dibaca atau ditulis. Hubungi petugas TI.")));
    } else if (ok) {
      lt_log_learner *list = NULL;
      size_t n = 0;
      if (lt_log_learners(a->log, &list, &n) != LT_OK) n = 0;
      for (size_t i = 0; i < n; i++)
        if (list[i].id == a->pending_learner) {
          lt_log_learner_clear(&a->learner);
          a->learner = list[i];
          memset(&list[i], 0, sizeof list[i]);
        }
      lt_log_learners_free(list, n);
      screen_message(a, NULL);
      a->screen = SCR_LIBRARY;
    } else if (pc.wait_s > 0) {
      screen_message(a, g_strdup_printf(_("PIN salah %d kali. Coba lagi dalam %d detik."),
                                        pc.failures, pc.wait_s));
    } else {
      screen_message(a, g_strdup(_("PIN salah. Coba lagi.")));
    }
  }
  if (ui_button(u, _("Kembali"), false)) {
    screen_message(a, NULL);
    a->screen = SCR_LEARNERS;
  }
}

/* ---- library and outline ---- */

/* Whether an item counts as done: a lesson, cheat sheet or video completed, a quiz tried,
 * the post-test only once passed. An unreadable log counts nothing as done. */
static bool item_done(app *a, const lt_manifest *m, const lt_manifest_item *it) {
  return progress_of(a, m, it)->done;
}

bool screen_in_outline(const lt_manifest_item *it) {
  return !it->role || strcmp(it->role, "followup") != 0;
}

const lt_manifest_item *screen_followup_quiz(const lt_manifest *m) {
  const lt_manifest_item *post = NULL;
  for (size_t k = 0; k < lt_manifest_item_count(m); k++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, k);
    if (it->role && !strcmp(it->role, "followup")) return it;
    if (it->role && !strcmp(it->role, "posttest")) post = it;
  }
  return post;
}

/* The parts done of a course's outline, and how many it has (*total). */
static int completed_items(app *a, const lt_manifest *m, size_t *total) {
  int done = 0;
  *total = 0;
  for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    if (!screen_in_outline(it)) continue;
    ++*total;
    done += item_done(a, m, it);
  }
  return done;
}

/* The first item of a course not done yet, or NULL when all are. */
static const lt_manifest_item *next_item(app *a, const lt_manifest *m) {
  for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    if (screen_in_outline(it) && !item_done(a, m, it)) return it;
  }
  return NULL;
}

/* A course's state in words for its card: begun or not, the post-test passed or how many
 * tries are left; with how much is done and how long it takes (g_free()). */
/* The start of `text`, at most `max` characters, cut at a word with "…" (a card's first
 * lines of the course's introduction). */
static char *first_words(const char *text, long max) {
  if (g_utf8_strlen(text, -1) <= max) return g_strdup(text);
  const char *end = g_utf8_offset_to_pointer(text, max - 1), *space = end;
  while (space > text && *space != ' ')
    space--;
  if (space - text > max / 2) end = space;
  return g_strdup_printf("%.*s…", (int)(end - text), text);
}

static char *course_words(app *a, const lt_manifest *m) {
  size_t total;
  int done = completed_items(a, m, &total);
  long minutes = 0;
  const lt_manifest_item *post = NULL;
  bool begun = done > 0;
  for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    if (!screen_in_outline(it)) continue;
    minutes += it->minutes;
    if (it->role && !strcmp(it->role, "posttest")) post = it;
    if (!begun && !it->role) begun = progress_of(a, m, it)->state >= 1; /* a lesson opened */
  }
  lt_log_quiz_summary qs = {0};
  if (post) qs = progress_of(a, m, post)->quiz;
  long max = post && qs.attempts && !qs.passed ? quiz_limit(a, m, post) : 0;
  char *state = qs.passed ? g_strdup_printf(_("Lulus, nilai %.0f"), qs.best * 100)
                : qs.attempts && max > qs.attempts
                    ? g_strdup_printf(_("Belum lulus, %ld kesempatan lagi"), max - qs.attempts)
                : qs.attempts && max > 0 ? g_strdup(_("Belum lulus, kesempatan habis"))
                : qs.attempts            ? g_strdup(_("Belum lulus"))
                : begun                  ? g_strdup(_("Sedang berjalan"))
                                         : g_strdup(_("Belum mulai"));
  char *words = g_strdup_printf(_("%s \u00b7 %d dari %zu bagian selesai \u00b7 %ld menit"), state,
                                done, total, minutes);
  g_free(state);
  return words;
}

/* A line when the clock is earlier than the newest pack's creation or the learner's last
 * event (the log marks the statements too). */
static void clock_warning(app *a) {
  const char *seen = progress_clock_seen(a);
  if (!seen) return;
  GDateTime *now = g_date_time_new_now_local(),
            *then_utc = g_date_time_new_from_iso8601(seen, NULL);
  GDateTime *then = then_utc ? g_date_time_to_local(then_utc) : NULL;
  char *n = g_date_time_format(now, "%d-%m-%Y %H:%M");
  char *t = then ? g_date_time_format(then, "%d-%m-%Y %H:%M") : g_strdup(seen);
  char *why =
      g_strdup_printf(_("sekarang %s, padahal sudah ada catatan atau kursus dari %s"), n, t);
  char *line = g_strdup_printf(_("Jam komputer tampaknya salah (%s). Catatan tetap disimpan, "
                                 "tetapi minta petugas TI membetulkan jam."),
                               why);
  ui_text(&a->ui, line, 1.0, false, UI_BAD);
  g_free(line), g_free(why), g_free(n), g_free(t);
  g_date_time_unref(now);
  if (then) g_date_time_unref(then);
  if (then_utc) g_date_time_unref(then_utc);
}

/* Why an installed pack does not open, for the library screen. */
static const char *refusal_words(lt_refusal why) {
  switch (why) {
  case LT_REFUSED_UNTRUSTED:
    return _("kursus ini tidak dibuka karena penerbitnya tidak lagi dipercaya di komputer ini. "
             "Hubungi petugas TI.");
  case LT_REFUSED_REVOKED_KEY:
    return _("kursus ini tidak dibuka karena kunci penerbitnya sudah dicabut. Hubungi petugas "
             "TI.");
  case LT_REFUSED_REVOKED_VERSION:
    return _("versi kursus ini sudah ditarik oleh penerbitnya dan tidak dibuka. Minta versi "
             "terbaru.");
  case LT_REFUSED_OTHER_KEY:
    return _("kursus ini tidak dibuka karena ditandatangani oleh penerbit lain, bukan yang "
             "memasangnya. Hubungi petugas TI.");
  case LT_REFUSED_DAMAGED: break;
  }
  return _("kursus ini rusak atau telah diubah di komputer ini dan tidak dibuka. Minta petugas TI "
           "mengimpor ulang kursus ini untuk memperbaikinya.");
}

/* A follow-up test due for this learner (course.md `followup`, days after passing the
 * post-test): one button per course, "Tes ulang 1 bulan: Keamanan Dasar". True when one was
 * pressed (the test is open). */
static bool followups_due(app *a) {
  for (size_t i = 0; i < lt_library_count(a->lib); i++) {
    const lt_manifest *m = lt_library_pack_at(a->lib, i);
    const lt_manifest_item *post = NULL;
    for (size_t k = 0; k < lt_manifest_item_count(m); k++) {
      const lt_manifest_item *it = lt_manifest_item_at(m, k);
      if (it->role && !strcmp(it->role, "posttest")) post = it;
    }
    const item_progress *p = post ? progress_of(a, m, post) : NULL; /* read on entering */
    const lt_manifest_item *asked = screen_followup_quiz(m); /* its own quiz, or the post-test */
    if (!p || !p->followup_due) continue;
    const char *title = lt_manifest_get_info(m)->title;
    char *when = quiz_followup_words(p->followup_due);
    char *label = p->followup_begun ? g_strdup_printf(_("Lanjutkan %s: %s"), when, title)
                                    : g_strdup_printf("%s: %s", when, title);
    bool go = ui_button(&a->ui, label, true);
    g_free(when), g_free(label);
    ui_text(&a->ui,
            _("Anda sudah lulus tes akhir kursus ini. Jawab lagi soalnya untuk melihat apa yang "
              "masih Anda ingat; kelulusan dan sertifikat Anda tetap berlaku."),
            0.9, false, UI_MUTED);
    if (go) {
      char *pack = g_strdup(lt_manifest_get_info(m)->id), *item = g_strdup(asked->id);
      quiz_followup_next(a, p->followup_due); /* before app_open forgets the progress */
      (void)app_open(a, pack, item);          /* a failure says why on the outline */
      g_free(pack), g_free(item);
      return true;
    }
  }
  return false;
}

/* Whether a course is meant for the learner's group (or for all staff). */
static bool for_learner(const app *a, const lt_manifest *m) {
  for (const char *const *g = lt_manifest_get_info(m)->audience; *g; g++)
    if (!strcmp(*g, a->learner.audience) || !strcmp(*g, "semua-staf")) return true;
  return false;
}

static void screen_library(app *a) {
  ui *u = &a->ui;
  char *hello = g_strdup_printf(_("Halo, %s"), a->learner.name);
  ui_text(u, hello, 1.6, true, UI_ACCENT);
  g_free(hello);
  clock_warning(a);
  if (a->message) ui_text(u, a->message, 1.0, false, UI_INK);
  if (!lt_library_count(a->lib) && lt_library_refused_count(a->lib))
    ui_text(u, _("Kursus di komputer ini tidak dapat dibuka sekarang; sebabnya tertulis di bawah."),
            1.0, false, UI_BAD);
  else if (!lt_library_count(a->lib))
    ui_text(u,
            _("Belum ada kursus. Masukkan flashdisk berisi berkas .lentera, atau seret berkasnya "
              "ke jendela ini."),
            1.0, false, UI_MUTED);
  if (followups_due(a)) return;  /* time-bound: before "Lanjutkan" */
  if (refresher_home(a)) return; /* due today, a few minutes: before "Lanjutkan" too */
  /* one way on: the next part of the course studied last, if it is not finished */
  const char *const *recent = progress_recent(a);
  for (const char *const *id = recent; *id; id++) {
    const lt_manifest *m = lt_library_find(a->lib, *id);
    const lt_manifest_item *next = m ? next_item(a, m) : NULL;
    if (!next) continue;
    char *label =
        g_strdup_printf(_("Lanjutkan: %s \u00b7 %s"), next->title, lt_manifest_get_info(m)->title);
    bool go = ui_button(u, label, true);
    g_free(label);
    if (go) {
      char *pack = g_strdup(*id), *item = g_strdup(next->id);
      if (!app_open(a, pack, item)) (void)app_open(a, pack, NULL); /* it says why there */
      g_free(pack), g_free(item);
      return;
    }
    break;
  }
  /* more courses than a screen holds: a search by title */
  if (lt_library_count(a->lib) > 8) (void)ui_field(u, _("Cari kursus"), a->f_search, false);
  char *wanted = a->f_search->len ? g_utf8_casefold(a->f_search->str, -1) : NULL;
  size_t shown = 0, mine = 0, n = lt_library_count(a->lib);
  bool grouped = a->learner.audience && *a->learner.audience, said[2] = {false, false};
  for (size_t i = 0; grouped && i < n; i++)
    mine += for_learner(a, lt_library_pack_at(a->lib, i));
  /* a learner who said their group sees its courses first ("Untuk Anda"), then the others */
  for (size_t k = 0; k < (grouped ? 2 * n : n); k++) {
    const lt_manifest *m = lt_library_pack_at(a->lib, k % n);
    if (grouped && for_learner(a, m) != (k < n)) continue;
    const char *title = lt_manifest_get_info(m)->title;
    const char *intro = lt_manifest_get_info(m)->description;
    if (wanted) { /* by title or by the words of its introduction */
      char *folded = g_utf8_casefold(title, -1);
      char *folded_intro = intro ? g_utf8_casefold(intro, -1) : NULL;
      bool match = strstr(folded, wanted) || (folded_intro && strstr(folded_intro, wanted));
      g_free(folded), g_free(folded_intro);
      if (!match) continue;
    }
    if (grouped && mine && mine < n && !said[k >= n]) { /* headings when both have some */
      ui_text(u, k < n ? _("Untuk Anda") : _("Kursus lain"), 1.2, true, UI_ACCENT);
      said[k >= n] = true;
    }
    shown++;
    if (ui_button(u, title, false)) {
      g_free(wanted);
      app_open(a, lt_manifest_get_info(m)->id, NULL);
      return;
    }
    if (intro) {
      char *lines = first_words(intro, 160);
      ui_text(u, lines, 0.9, false, UI_INK);
      g_free(lines);
    }
    char *words = course_words(a, m);
    ui_text(u, words, 0.85, false, UI_MUTED);
    g_free(words);
    size_t total;
    int done = completed_items(a, m, &total);
    ui_progress(u, done, (double)total);
  }
  if (wanted && !shown) {
    char *none =
        g_strdup_printf(_("Tidak ada kursus yang judulnya memuat \"%s\"."), a->f_search->str);
    ui_text(u, none, 1.0, false, UI_MUTED);
    g_free(none);
  }
  g_free(wanted);
  for (size_t i = 0; i < lt_library_refused_count(a->lib); i++) {
    const lt_library_refused *r = lt_library_refused_at(a->lib, i);
    char *line = g_strdup_printf("%s: %s", r->id, refusal_words(r->why));
    ui_text(u, line, 0.85, false, UI_BAD);
    g_free(line);
  }
  ui_space(u, 16);
  if (ui_button(u, _("Impor dari flashdisk"), lt_library_count(a->lib) == 0)) {
    screen_message(a, NULL);
    usb_scan(a);
    a->screen = SCR_USB;
  }
  if (ui_button(u, _("Kirim catatan belajar"), false)) {
    screen_message(a, NULL);
    a->screen = SCR_SYNC;
  }
  ui_row_begin(u);
  bool certs = ui_button(u, _("Sertifikat saya"), false);
  bool history = ui_button(u, _("Riwayat belajar saya"), false);
  bool help = ui_button(u, _("Bantuan"), false);
  ui_row_end(u);
  if (history) {
    screen_message(a, NULL);
    history_enter(a);
  }
  if (certs || help) {
    screen_message(a, NULL);
    g_clear_pointer(&a->pdf_note, g_free);
    a->screen = certs ? SCR_CERTIFICATES : SCR_HELP;
  }
  if (ui_button(u, _("Ganti peserta"), false)) {
    lt_log_learner_clear(&a->learner);
    a->screen = SCR_LEARNERS;
  }
}

static const char *kind_label(const lt_manifest_item *it) {
  if (!strcmp(it->kind, "lesson")) return _("Pelajaran");
  if (!strcmp(it->kind, "cheatsheet")) return _("Lembar ringkas");
  if (it->role && !strcmp(it->role, "pretest")) return _("Tes awal");
  if (it->role && !strcmp(it->role, "posttest")) return _("Tes akhir");
  if (it->role && !strcmp(it->role, "survey")) return _("Umpan balik");
  return _("Latihan");
}

static void screen_outline(app *a) {
  ui *u = &a->ui;
  const lt_manifest_info *in = lt_manifest_get_info(a->pack);
  ui_text(u, in->title, 1.6, true, UI_ACCENT);
  size_t total;
  int done = completed_items(a, a->pack, &total);
  char *prog = g_strdup_printf(_("%d dari %zu bagian selesai"), done, total);
  ui_text(u, prog, 0.9, false, UI_MUTED);
  g_free(prog);
  ui_progress(u, done, (double)total);
  if (a->message) ui_text(u, a->message, 1.0, false, UI_INK);
  bool next_marked = false; /* the first unfinished item is the screen's main action */
  for (size_t i = 0; i < lt_manifest_item_count(a->pack); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(a->pack, i);
    if (!screen_in_outline(it)) continue; /* asked from the home page, when it is due */
    const item_progress *pr = progress_of(a, a->pack, it);
    int state = pr->state;
    char *status = NULL; /* a quiz's attempts in words */
    bool retry = false;
    if (it->role) {
      lt_log_quiz_summary qs = pr->quiz;
      bool post = !strcmp(it->role, "posttest");
      state = (post ? qs.passed : qs.attempts > 0) ? 2 : 0;
      long max = post && qs.attempts && !qs.passed ? quiz_limit(a, a->pack, it) : 0;
      if (post && qs.passed)
        status = g_strdup_printf(_("Lulus, nilai %.0f"), qs.best * 100);
      else if (post && qs.attempts && max > qs.attempts)
        status = g_strdup_printf(_("Belum lulus, nilai terbaik %.0f \u00b7 %ld kesempatan lagi"),
                                 qs.best * 100, max - qs.attempts);
      else if (post && qs.attempts && max > 0)
        status = g_strdup_printf(_("Belum lulus, nilai terbaik %.0f \u00b7 kesempatan habis"),
                                 qs.best * 100);
      else if (post && qs.attempts)
        status = g_strdup_printf(_("Belum lulus, nilai terbaik %.0f"), qs.best * 100);
      else if (qs.attempts && !strcmp(it->role, "survey"))
        status = g_strdup(_("Sudah diisi, terima kasih"));
      else if (qs.attempts)
        status = g_strdup_printf(_("Sudah dikerjakan, nilai %.0f"), qs.best * 100);
      retry = post && qs.attempts && !qs.passed && (max == 0 || max > qs.attempts);
    }
    char *label = retry ? g_strdup_printf(_("Coba lagi: %s"), it->title)
                        : g_strdup_printf("%s%s", state == 2 ? "\u2713 " : "", it->title);
    bool next = state != 2 && !next_marked;
    next_marked |= next;
    if (ui_button(u, label, next)) {
      g_free(label), g_free(status);
      app_open(a, in->id, it->id);
      return;
    }
    g_free(label);
    char *meta = it->minutes
                     ? g_strdup_printf(_("%s \u00b7 %ld menit%s"), kind_label(it), it->minutes,
                                       state == 1 ? _(" \u00b7 sedang dipelajari") : "")
                     : g_strdup(kind_label(it));
    if (status) {
      char *both = g_strdup_printf("%s \u00b7 %s", meta, status);
      g_free(meta);
      meta = both;
    }
    ui_text(u, meta, 0.85, false, retry ? UI_BAD : UI_MUTED);
    g_free(meta), g_free(status);
  }
  ui_space(u, 12);
  if (ui_button(u, _("Kembali ke daftar kursus"), false)) {
    screen_message(a, NULL);
    a->screen = SCR_LIBRARY;
  }
}

/* ---- lessons and cheat sheets ---- */

/* Pictures of a lesson through SDL2_image (PNG, JPEG, WebP, GIF), as Cairo surfaces with
 * premultiplied alpha; NULL for anything else. */
static cairo_surface_t *load_picture(const app *a, const char *path);

/* A video shows in the lesson as its poster frame with a play sign (the pack's
 * media/x.poster.png; a dark 16:9 box when there is none); clicking it plays the video. */
static cairo_surface_t *video_poster(const app *a, const char *path) {
  char *poster = g_strdup_printf("%.*s.poster.png", (int)(strrchr(path, '.') - path), path);
  cairo_surface_t *img = load_picture(a, poster);
  g_free(poster);
  if (!img) {
    img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 640, 360);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_paint(cr);
    cairo_destroy(cr);
  }
  double w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
  double r = (w < h ? w : h) * 0.12;
  cairo_t *cr = cairo_create(img);
  cairo_arc(cr, w / 2, h / 2, r, 0, 2 * G_PI);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
  cairo_fill(cr);
  cairo_move_to(cr, w / 2 - r * 0.35, h / 2 - r * 0.5);
  cairo_line_to(cr, w / 2 + r * 0.55, h / 2);
  cairo_line_to(cr, w / 2 - r * 0.35, h / 2 + r * 0.5);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_flush(img);
  return img;
}

static cairo_surface_t *load_image(void *user, const char *path) {
  const app *a = user;
  return video_is_video(path) ? video_poster(a, path) : load_picture(a, path);
}

lt_status screen_read(const app *a, const char *rel, char **out, size_t *out_len) {
  return lt_library_read_file(a->lib, lt_manifest_get_info(a->pack)->id, rel, out, out_len, NULL);
}

lt_status screen_install(app *a, const char *path, lt_install_result *out, lt_diag_list *d) {
  char *open_id = a->pack ? g_strdup(lt_manifest_get_info(a->pack)->id) : NULL;
  if (open_id) app_close_item(a); /* closing a video still uses a->pack */
  lt_status st = lt_library_install(a->lib, path, NULL, NULL, out, d);
  if (a->quiz_limits) g_hash_table_remove_all(a->quiz_limits); /* a new version may differ */
  if (open_id) {
    a->pack = lt_library_find(a->lib, open_id);
    bool on_pack = a->screen == SCR_OUTLINE || a->screen == SCR_ITEM || a->screen == SCR_QUIZ ||
                   a->screen == SCR_RESULT || a->screen == SCR_VIDEO;
    if (on_pack) a->screen = a->pack ? SCR_OUTLINE : SCR_LIBRARY;
    g_free(open_id);
  }
  return st;
}

const char *screen_damaged_words(void) {
  return _("Bagian ini rusak atau telah diubah di komputer ini, jadi tidak dibuka. Minta petugas "
           "TI mengimpor ulang kursus ini untuk memperbaikinya.");
}

static cairo_surface_t *load_picture(const app *a, const char *path) {
  if (lt_media_kind_of(path) != LT_MEDIA_IMAGE) return NULL;
  char *data;
  size_t len;
  if (screen_read(a, path, &data, &len) != LT_OK) return NULL; /* a damaged picture: none */
  SDL_Surface *raw = IMG_Load_RW(SDL_RWFromConstMem(data, (int)len), 1);
  free(data);
  SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
  SDL_FreeSurface(raw);
  if (!s) return NULL;
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, s->w, s->h);
  unsigned char *dst = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  for (int y = 0; y < s->h; y++) {
    const Uint32 *in =
        (const Uint32 *)(const void *)((const Uint8 *)s->pixels + (ptrdiff_t)y * s->pitch);
    Uint32 *out = (Uint32 *)(void *)(dst + (ptrdiff_t)y * stride);
    for (int x = 0; x < s->w; x++) {
      Uint32 p = in[x], al = p >> 24;
      Uint32 r = ((p >> 16) & 0xff) * al / 255, g = ((p >> 8) & 0xff) * al / 255,
             b = (p & 0xff) * al / 255;
      out[x] = (al << 24) | (r << 16) | (g << 8) | b;
    }
  }
  cairo_surface_mark_dirty(img);
  SDL_FreeSurface(s);
  return img;
}

/* Lays out CommonMark XML at the column width and text size (body 18 px at 100%). */
lt_layout *screen_layout(app *a, const char *xml, size_t len, const char *name) {
  lt_layout_style st = {a->ui.width,
                        18 * a->ui.scale,
                        "Noto Sans, DejaVu Sans",
                        "Noto Sans Mono, DejaVu Sans Mono",
                        load_image,
                        a,
                        a->pack_dir};
  lt_layout *l = NULL;
  if (lt_layout_new(xml, len, name, &st, &l, NULL) != LT_OK) return NULL; /* "cannot open" */
  return l;
}

static lt_layout *load_doc(app *a, const char *rel) {
  char *xml;
  size_t len;
  lt_layout *l = NULL;
  lt_status st = screen_read(a, rel, &xml, &len);
  a->doc_damaged = st == LT_ERR_DAMAGED;
  if (st == LT_OK) {
    l = screen_layout(a, xml, len, rel);
    free(xml);
  }
  return l;
}

/* The active time stays counted until the log holds it. */
void screen_record_progress(app *a, bool completed) {
  lt_log_where w = screen_where(a);
  lt_status st =
      lt_log_progress(a->log, a->learner.id, &w, a->scroll_target, a->active, completed, NULL);
  if (st != LT_OK) {
    a->unsaved_completed = completed || (a->unsaved == UNSAVED_PROGRESS && a->unsaved_completed);
    unsaved_set(a, UNSAVED_PROGRESS, st);
    return;
  }
  unsaved_clear(a, UNSAVED_PROGRESS);
  a->active = 0;
}

/* Records the lesson's progress before leaving it: false (and the lesson stays, saying
 * why) when the log refused it. */
static bool leave_item(app *a, bool completed) {
  screen_record_progress(a, completed);
  return a->unsaved != UNSAVED_PROGRESS;
}

/* Copies the cheat sheet's PDF into `dir` and says where. */
/* Saves the cheat sheet's PDF into `dir`; `place` names it for the learner ("folder
 * Dokumen", "flashdisk KANTOR"). The outcome is said beside the button, not as a path. */
static void save_pdf(app *a, const char *dir, const char *place) {
  const char *src = screen_current_item(a)->pdf;
  char *name =
      g_strdup_printf("%s-%s.pdf", lt_manifest_get_info(a->pack)->id, screen_current_item(a)->id);
  char *dest = g_build_filename(dir, name, NULL), *data = NULL;
  size_t len;
  lt_status st = g_mkdir_with_parents(dir, 0755) == 0 ? LT_OK : lt_file_status(errno);
  if (st == LT_OK) st = screen_read(a, src, &data, &len);
  lt_status written = st == LT_OK ? lt_file_write_atomic(dest, data, len, 0644, true, NULL) : st;
  g_free(a->pdf_note);
  a->pdf_saved = written == LT_OK;
  if (written == LT_OK) {
    a->pdf_note = g_strdup_printf(_("PDF disimpan di %s: %s"), place, name);
  } else if (st == LT_ERR_DAMAGED) {
    a->pdf_note = g_strdup(screen_damaged_words());
  } else {
    char *why = unsaved_words(written);
    a->pdf_note = g_strdup_printf(_("PDF tidak dapat disimpan di %s: %s"), place, why);
    g_free(why);
  }
  free(data);
  g_free(name), g_free(dest);
  a->choosing_place = false;
}

/* The learner's Documents folder: the desktop's own (XDG user dirs), else ~/Documents;
 * headless runs use the data folder's dokumen/ so tests never touch a real home
 * (LENTERA_DOCUMENTS_DIR chooses another). */
char *screen_documents_dir(const app *a) {
  const char *set = getenv("LENTERA_DOCUMENTS_DIR");
  if (set && *set) return g_strdup(set);
  if (a->headless) return g_build_filename(a->data_dir, "dokumen", NULL);
  const char *docs = g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS);
  return docs ? g_strdup(docs) : g_build_filename(g_get_home_dir(), "Documents", NULL);
}

/* Where a PDF can go: Documents, then every USB stick, named as the learner knows them. */
static void pdf_places(app *a) {
  ui *u = &a->ui;
  char *dir = screen_documents_dir(a);
  ui_text(u, _("Simpan PDF ke mana?"), 1.1, true, UI_INK);
  if (ui_button(u, _("Folder Dokumen"), true)) save_pdf(a, dir, _("folder Dokumen"));
  g_free(dir);
  GPtrArray *sticks = usb_sticks();
  for (guint i = 0; i < sticks->len; i++) {
    char *base = g_path_get_basename(sticks->pdata[i]);
    char *label = g_strdup_printf(_("Flashdisk %s"), base);
    char *place = g_strdup_printf(_("flashdisk %s"), base);
    if (ui_button(u, label, false)) save_pdf(a, sticks->pdata[i], place);
    g_free(label), g_free(base), g_free(place);
  }
  g_ptr_array_free(sticks, TRUE);
  if (ui_button(u, _("Batal"), false)) a->choosing_place = false;
}

/* A link to another item of the course (its destination is the item's path in the pack,
 * as the packer wrote it) opens that item when clicked, after this one's progress is
 * kept. Links elsewhere stay text: the player works offline. True when it left. */
static bool follow_links(app *a, double top) {
  ui *u = &a->ui;
  for (size_t i = 0; i < lt_layout_link_count(a->doc); i++) {
    double x, y, w, h;
    const char *text = NULL, *dest = lt_layout_link_at(a->doc, i, &x, &y, &w, &h, &text);
    const lt_manifest_item *to = NULL;
    for (size_t k = 0; k < lt_manifest_item_count(a->pack) && !to; k++)
      if (!strcmp(lt_manifest_item_at(a->pack, k)->path, dest))
        to = lt_manifest_item_at(a->pack, k);
    if (!to || !ui_hotspot(u, u->left + x, top + y, w, h, text && *text ? text : to->title))
      continue;
    a->unsaved_then = LEAVE_STAY;
    if (!leave_item(a, false)) return false; /* the lesson stays, saying why */
    char *pack_id = g_strdup(lt_manifest_get_info(a->pack)->id), *item_id = g_strdup(to->id);
    app_open(a, pack_id, item_id);
    g_free(pack_id), g_free(item_id);
    return true;
  }
  return false;
}

static void screen_item(app *a) {
  ui *u = &a->ui;
  const lt_manifest_item *it = screen_current_item(a);
  if (!a->doc || a->doc_scale != u->scale || a->doc_width != u->width) {
    lt_layout_free(a->doc);
    a->doc = load_doc(a, it->path);
    a->doc_scale = u->scale;
    a->doc_width = u->width;
  }
  size_t lessons = 0, index = 0;
  for (size_t i = 0; i < lt_manifest_item_count(a->pack); i++)
    if (!strcmp(lt_manifest_item_at(a->pack, i)->kind, it->kind)) {
      lessons++;
      if (i == a->item) index = lessons;
    }
  char *where = g_strdup_printf(_("%s %zu dari %zu \u00b7 %s"), kind_label(it), index, lessons,
                                lt_manifest_get_info(a->pack)->title);
  ui_text(u, where, 0.85, false, UI_MUTED);
  g_free(where);
  ui_progress(u, (double)index, (double)lessons);
  if (a->message) ui_text(u, a->message, 1.0, false, UI_GOOD);
  unsaved_draw(a);
  if (a->doc) {
    double top = u->y;
    ui_document(u, a->doc);
    for (size_t i = 0, n = 0; i < lt_layout_image_count(a->doc); i++) {
      double x, y, w, h;
      const char *path = lt_layout_image_at(a->doc, i, &x, &y, &w, &h);
      if (!path || !video_is_video(path)) continue;
      char *label =
          ++n == 1 ? g_strdup(_("Putar video")) : g_strdup_printf(_("Putar video %zu"), n);
      bool play = ui_hotspot(u, u->left + x, top + y, w, h, label);
      g_free(label);
      if (play) {
        a->unsaved_then = LEAVE_STAY;
        screen_record_progress(a, false); /* a failure is said again back in the lesson */
        video_open(a, path);
        return;
      }
    }
    if (follow_links(a, top)) return;
  } else
    ui_text(u, a->doc_damaged ? screen_damaged_words() : _("Isi tidak dapat dibuka."), 1.0, false,
            UI_BAD);
  if (it->pdf && a->choosing_place) {
    pdf_places(a);
    return;
  }
  if (it->pdf && ui_button(u, _("Simpan sebagai PDF"), false)) {
    a->choosing_place = true;
    g_clear_pointer(&a->pdf_note, g_free);
  }
  if (it->pdf && a->pdf_note) /* where the learner's eyes are: under the button */
    ui_text(u, a->pdf_note, 1.0, true, a->pdf_saved ? UI_GOOD : UI_BAD);
  if (ui_button(u, _("Selesai, lanjut"), true)) {
    a->unsaved_then = LEAVE_NEXT;
    if (leave_item(a, a->doc != NULL)) screen_leave_item(a); /* unreadable: not done */
    return;
  }
  if (ui_button(u, _("Kembali"), false)) {
    a->unsaved_then = LEAVE_OUTLINE;
    if (leave_item(a, false)) screen_leave_item(a);
  }
}

void screen_leave_item(app *a) {
  leave_to then = a->unsaved_then;
  a->unsaved_then = LEAVE_STAY;
  if (then == LEAVE_STAY) return;
  app_close_item(a);
  if (then == LEAVE_NEXT && a->item + 1 < lt_manifest_item_count(a->pack))
    app_open(a, lt_manifest_get_info(a->pack)->id, lt_manifest_item_at(a->pack, a->item + 1)->id);
  else
    a->screen = SCR_OUTLINE;
}

/* ---- navigation ---- */

void app_close_item(app *a) {
  video_close(a);
  g_clear_pointer(&a->pdf_note, g_free); /* said about this cheat sheet only */
  unsaved_clear(a, a->unsaved); /* left on purpose: what was not saved is not shown as saved */
  a->unsaved_then = LEAVE_STAY;
  lt_layout_free(a->doc);
  a->doc = NULL;
  quiz_close(a);
  a->active = 0; /* the next screen's scroll position is enter_screen's to set */
}

static bool open_pack(app *a, const lt_manifest *m, const char *pack_id, const char *item_id);

/* Opens a pack (and an item of it). The library is read again first when another program
 * changed it meanwhile (an import while this window is open), so what opens is what is
 * installed now; the ids are copied first because they may point into the old manifests. */
bool app_open(app *a, const char *pack_id, const char *item_id) {
  if (!a->learner.id) return false;
  a->ui.focus = -1; /* the next lesson does not start on its own "Selesai, lanjut" */
  char *id = g_strdup(pack_id), *item = g_strdup(item_id);
  char *current = a->pack ? g_strdup(lt_manifest_get_info(a->pack)->id) : NULL;
  app_close_item(a); /* before the refresh: closing a video still uses a->pack */
  if (lt_library_refresh(a->lib, NULL) && current) {
    a->pack = lt_library_find(a->lib, current);
    if (!a->pack) a->screen = SCR_LIBRARY;
  }
  const lt_manifest *m = lt_library_find(a->lib, id);
  bool ok = m && open_pack(a, m, id, item);
  g_free(id), g_free(item), g_free(current);
  return ok;
}

static bool open_pack(app *a, const lt_manifest *m, const char *pack_id, const char *item_id) {
  screen_message(a, NULL);
  a->pack = m;
  g_free(a->pack_dir);
  char *dir = lt_library_pack_dir(a->lib, pack_id);
  a->pack_dir = g_strdup(dir);
  free(dir);
  if (!item_id) {
    a->screen = SCR_OUTLINE;
    return true;
  }
  for (size_t i = 0; i < lt_manifest_item_count(m); i++)
    if (!strcmp(lt_manifest_item_at(m, i)->id, item_id)) {
      a->item = i;
      a->last_input = a->last_tick = g_get_monotonic_time();
      if (!strcmp(lt_manifest_item_at(m, i)->kind, "quiz")) {
        a->screen = SCR_QUIZ; /* quiz_start may go on to the result (all answered) */
        if (!quiz_start(a)) { /* no attempts left (explained on the outline) or unreadable */
          a->screen = SCR_OUTLINE;
          return a->message != NULL;
        }
      } else {
        int state;
        double pos;
        if (lt_log_progress_get(a->log, a->learner.id, pack_id, item_id, &state, &pos) != LT_OK)
          pos = 0;
        a->ui.scroll = a->scroll_target = pos; /* resume where the learner stopped */
        a->screen = SCR_ITEM;
        screen_record_progress(a, false); /* "experienced"; a failure shows in the lesson */
      }
      return true;
    }
  return false;
}

/* The keys a focused text field takes for itself (ui_field); false for the others. */
static bool edit_key(ui *u, SDL_Keycode key, Uint16 mod) {
  bool ctrl = (mod & KMOD_CTRL) != 0;
  int k = key == SDLK_LEFT                           ? UI_EDIT_LEFT
          : key == SDLK_RIGHT                        ? UI_EDIT_RIGHT
          : key == SDLK_HOME                         ? UI_EDIT_HOME
          : key == SDLK_END                          ? UI_EDIT_END
          : key == SDLK_DELETE                       ? UI_EDIT_DELETE
          : ctrl && key == SDLK_a                    ? UI_EDIT_SELECT_ALL
          : ctrl && key == SDLK_c                    ? UI_EDIT_COPY
          : ctrl && key == SDLK_x                    ? UI_EDIT_CUT
          : ctrl && key == SDLK_v                    ? UI_EDIT_PASTE
          : (mod & KMOD_SHIFT) && key == SDLK_INSERT ? UI_EDIT_PASTE
                                                     : UI_EDIT_NONE;
  if (k == UI_EDIT_NONE) return false;
  u->edit_key = k;
  u->shift = (mod & KMOD_SHIFT) != 0;
  return true;
}

/* The video's keys, but Tab and Enter walk its buttons, and Ctrl is the text size. */
static bool video_keys(app *a, SDL_Keycode key, Uint16 mod) {
  if ((mod & KMOD_CTRL) || key == SDLK_TAB || key == SDLK_RETURN) return false;
  video_key(a, key); /* Esc too: out of full screen, then back to the lesson */
  return true;
}

/* Every screen: what draws it (and acts on its clicks: ui.h is immediate), and the keys it
 * takes before the common ones (NULL: none). A screen's state is its own: the quiz's in
 * quizscreen.c, the video's in videoscreen.c, the stick's in usbscreen.c. */
typedef struct {
  void (*draw)(app *a);
  bool (*key)(app *a, SDL_Keycode key, Uint16 mod);
  void (*update)(app *a); /* before each frame: reads and work that are not drawing */
} screen_def;

static const screen_def screens[] = {
    /* clang-format off */
    [SCR_LEARNERS]     = {screen_learners, NULL, NULL},
    [SCR_NEW_LEARNER]  = {screen_new_learner, NULL, NULL},
    [SCR_PIN]          = {screen_pin, NULL, NULL},
    [SCR_LIBRARY]      = {screen_library, NULL, NULL},
    [SCR_OUTLINE]      = {screen_outline, NULL, NULL},
    [SCR_ITEM]         = {screen_item, NULL, NULL},
    [SCR_QUIZ]         = {quiz_screen, quiz_key, NULL},
    [SCR_RESULT]       = {quiz_result_screen, NULL, NULL},
    [SCR_USB]          = {usb_screen, NULL, usb_update},
    [SCR_SYNC]         = {sync_screen, NULL, sync_update},
    [SCR_VIDEO]        = {video_screen, video_keys, NULL}, /* video_tick runs it */
    [SCR_CERTIFICATES] = {certificates_screen, NULL, NULL},
    [SCR_HISTORY]      = {history_screen, NULL, NULL},
    [SCR_HELP]         = {help_screen, NULL, NULL},
    /* clang-format on */
};

void app_key(app *a, SDL_Keycode key, Uint16 mod) {
  ui *u = &a->ui;
  a->last_input = g_get_monotonic_time();
  a->redraw = true;
  if (screens[a->screen].key && screens[a->screen].key(a, key, mod)) return;
  if (u->focus_on_field && edit_key(u, key, mod)) return;
  if (mod & KMOD_CTRL) {
    if (key == SDLK_EQUALS || key == SDLK_PLUS || key == SDLK_KP_PLUS)
      u->scale = u->scale < 2.0 ? u->scale + 0.1 : u->scale;
    if (key == SDLK_MINUS || key == SDLK_KP_MINUS)
      u->scale = u->scale > 0.8 ? u->scale - 0.1 : u->scale;
    return;
  }
  double page = a->h * 0.8;
  switch (key) {
  case SDLK_TAB: (mod & KMOD_SHIFT) ? (u->shift_tab = true) : (u->tab = true); break;
  case SDLK_RETURN:
  case SDLK_KP_ENTER: u->enter = true; break;
  case SDLK_BACKSPACE: u->backspace = true; break;
  case SDLK_SPACE: u->space = !u->focus_on_button; break; /* toggles the focused choice */
  case SDLK_DOWN: a->scroll_target += 60; break;
  case SDLK_UP: a->scroll_target -= 60; break;
  case SDLK_PAGEDOWN: a->scroll_target += page; break;
  case SDLK_PAGEUP: a->scroll_target -= page; break;
  case SDLK_HOME: a->scroll_target = 0; break;
  case SDLK_END: a->scroll_target = 1e9; break; /* the frame keeps it within the content */
  case SDLK_ESCAPE:
    if (a->screen == SCR_ITEM) {
      a->unsaved_then = LEAVE_OUTLINE;
      if (!leave_item(a, false)) break; /* stays, saying why; goes once it is saved */
      a->unsaved_then = LEAVE_STAY;
    }
    if (a->screen == SCR_ITEM || a->screen == SCR_QUIZ || a->screen == SCR_RESULT) {
      bool home = quiz_refresher(a); /* a refresher set was opened from the home page */
      app_close_item(a);
      a->screen = home ? SCR_LIBRARY : SCR_OUTLINE;
    } else if (a->screen == SCR_OUTLINE || a->screen == SCR_USB || a->screen == SCR_SYNC ||
               a->screen == SCR_CERTIFICATES || a->screen == SCR_HELP || a->screen == SCR_HISTORY) {
      a->screen = SCR_LIBRARY;
    } else if (a->screen == SCR_NEW_LEARNER || a->screen == SCR_PIN) {
      a->screen = SCR_LEARNERS;
    }
    u->focus = -1;
    break;
  default: break;
  }
  if (a->scroll_target < 0) a->scroll_target = 0;
}

/* A screen is entered at its top, except a lesson (it resumes where the learner stopped,
 * screen_item, or where its video was started) and the library and a course's outline,
 * which come back where they were. */
static void enter_screen(app *a, screen_id from, double from_scroll) {
  ui *u = &a->ui;
  if (from == SCR_LIBRARY) a->kept_scroll[0] = from_scroll;
  if (from == SCR_OUTLINE) a->kept_scroll[1] = from_scroll, a->kept_outline = a->pack;
  if (from == SCR_ITEM && a->screen == SCR_VIDEO) a->kept_scroll[2] = from_scroll;
  if (a->screen == SCR_LIBRARY || a->screen == SCR_OUTLINE) /* read now, not while drawing */
    progress_load(a, a->screen == SCR_OUTLINE ? a->pack : NULL);
  if (a->screen == SCR_LEARNERS) progress_load_learners(a);
  if (a->screen == SCR_SYNC) sync_enter(a);
  if (a->screen == SCR_LEARNERS) /* another learner: nothing kept from this one's screens */
    a->kept_scroll[0] = a->kept_scroll[1] = 0, a->kept_outline = NULL;
  if (a->screen == SCR_LIBRARY && lt_library_refresh(a->lib, NULL)) {
    /* another program changed the library (IT trusted a key again, imported, removed): the
     * old manifests are gone */
    a->pack = NULL, a->kept_outline = NULL;
    if (a->quiz_limits) g_hash_table_remove_all(a->quiz_limits);
  }
  if (from == SCR_VIDEO && a->screen == SCR_ITEM) {
    u->scroll = a->scroll_target = a->kept_scroll[2]; /* back in the lesson where the video was */
    return;
  }
  if (a->screen == SCR_ITEM) return;
  double to = 0;
  if (a->screen == SCR_LIBRARY) to = a->kept_scroll[0];
  if (a->screen == SCR_OUTLINE && a->pack == a->kept_outline) to = a->kept_scroll[1];
  u->scroll = a->scroll_target = to;
  u->dragging = false;
  u->edit_focus = -1; /* a field of the new screen starts with the caret at its end */
  a->redraw = true;
}

void app_frame(app *a) {
  preview_tick(a);
  tick(a);
  unsaved_retry(a);
  int video = a->screen == SCR_VIDEO ? video_tick(a) : VIDEO_UI;
  if (screens[a->screen].update) screens[a->screen].update(a);
  /* the PIN screen's wait counts down by itself */
  if (!(video & VIDEO_UI) && !a->redraw && !a->ui.clicked && a->screen != SCR_PIN) {
    if (video & VIDEO_PICTURE) { /* only the picture changed */
      SDL_RenderCopy(a->ren, a->tex, NULL, NULL);
      video_present(a);
      SDL_RenderPresent(a->ren);
    }
    return;
  }
  a->redraw = false;
  cairo_t *cr = cairo_create(a->surface);
  ui *u = &a->ui;
  if (a->screen != a->drawn_screen) /* changed between frames (a key, a script step) */
    enter_screen(a, a->drawn_screen, a->scroll_target);
  screen_id drawn = a->screen;
  double drawn_scroll = a->scroll_target; /* the drawn screen's, whatever a click then does */
  /* smooth scrolling: a third of the way to the target each frame (at once in scripts) */
  double gap = a->scroll_target - u->scroll;
  u->scroll = a->headless || gap * gap < 1 ? a->scroll_target : u->scroll + gap * 0.35;
  ui_begin(u, cr, a->w, a->h);
  u->y += preview_band(a); /* the band over every screen */
  screens[a->screen].draw(a);
  preview_draw(a);
  double content_bottom = u->y + u->scroll, max_scroll = content_bottom - a->h + 24;
  if (a->screen != SCR_VIDEO) ui_scrollbar(u, content_bottom + 24, &a->scroll_target);
  ui_end(u);
  if (u->scroll_asked) a->scroll_target = u->scroll_to;
  if (max_scroll < 0) max_scroll = 0;
  if (a->screen == drawn && a->scroll_target > max_scroll) /* measured on this very screen */
    a->scroll_target = max_scroll;
  if (a->screen == drawn && u->scroll > max_scroll) u->scroll = max_scroll;
  if (a->screen != drawn) enter_screen(a, drawn, drawn_scroll); /* changed by what was drawn */
  if (a->screen != a->drawn_screen && a->screen != SCR_QUIZ)    /* a quiz puts its own */
    u->focus = -1; /* a new screen starts without focus */
  a->drawn_screen = a->screen;
  cairo_destroy(cr);
  cairo_surface_flush(a->surface);
  SDL_UpdateTexture(a->tex, NULL, cairo_image_surface_get_data(a->surface),
                    cairo_image_surface_get_stride(a->surface));
  SDL_RenderClear(a->ren);
  SDL_RenderCopy(a->ren, a->tex, NULL, NULL);
  if (a->screen == SCR_VIDEO) video_present(a);
  SDL_RenderPresent(a->ren);
}

void app_free(app *a) {
  if (a->doc && a->learner.id) screen_record_progress(a, false);
  if (a->win && a->lrs_configured) { /* a last quiet try, the window already gone */
    SDL_HideWindow(a->win);
    size_t pending = 0;
    if (!sync_running(a) && (lt_log_pending(a->log, &pending, NULL) != LT_OK || pending))
      sync_start(a); /* a log it cannot count is for the push to report */
  }
  sync_stop(a, 5.0);
  lt_lrs_clear(&a->lrs);
  app_close_item(a);
  preview_free(a);
  lt_log_learner_clear(&a->learner);
  ui_free(&a->ui);
  if (a->quiz_limits) g_hash_table_destroy(a->quiz_limits);
  if (a->history) g_ptr_array_free(a->history, TRUE);
  g_free(a->message), g_free(a->pack_dir), g_free(a->data_dir), g_free(a->help_contact);
  quiz_view_free(a);
  progress_free(a);
  g_free(a->pending_name), g_free(a->pdf_note), g_free(a->note_for);
  usb_free(a);
  if (a->f_name) {
    g_string_free(a->f_name, TRUE), g_string_free(a->f_id, TRUE);
    g_string_free(a->f_unit, TRUE), g_string_free(a->f_pin, TRUE);
    g_string_free(a->f_search, TRUE);
  }
  lt_library_free(a->lib);
  lt_log_free(a->log);
  if (a->surface) cairo_surface_destroy(a->surface);
  if (a->tex) SDL_DestroyTexture(a->tex);
  if (a->ren) SDL_DestroyRenderer(a->ren);
  if (a->win) SDL_DestroyWindow(a->win);
}
