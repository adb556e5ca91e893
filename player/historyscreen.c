/* historyscreen — "Riwayat belajar saya": the learner's own transcript on this PC.
 *
 * Every course the learner has worked in, the most recent first: how much of it is done,
 * the active minutes, each finished attempt (pre-test, post-test tries, follow-ups, practice,
 * feedback sent) with its date and score, and the certificate's number and check code once
 * the post-test is passed. Staff rotate and ask what they have done; this answers without
 * the trainer's report. Everything is read from the log when the screen is entered
 * (history_enter) into lines; drawing only draws them. A course no longer installed is
 * still listed, by its id. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "app.h"
#include "lentera/certificate.h"
#include "lentera/refresher.h"
#include "screens.h"

typedef struct {
  char *text;
  double size;
  bool bold;
  const double *rgb;
} line;

static void line_free(gpointer p) {
  line *l = p;
  g_free(l->text);
  g_free(l);
}

static void add(GPtrArray *out, char *text, double size, bool bold, const double *rgb) {
  line *l = g_new(line, 1);
  *l = (line){text, size, bold, rgb};
  g_ptr_array_add(out, l);
}

/* "12 November 2026" in the player's language, from an ISO 8601 UTC time (local date). */
static char *local_date(const char *iso) {
  static const char *const id_months[] = {"Januari",   "Februari", "Maret",    "April",
                                          "Mei",       "Juni",     "Juli",     "Agustus",
                                          "September", "Oktober",  "November", "Desember"};
  GDateTime *utc = iso ? g_date_time_new_from_iso8601(iso, NULL) : NULL;
  if (!utc) return g_strdup(iso ? iso : "");
  GDateTime *t = g_date_time_to_local(utc);
  g_date_time_unref(utc);
  const char *lang = g_getenv("LANGUAGE");
  char *out =
      lang && g_str_has_prefix(lang, "en")
          ? g_date_time_format(t, "%-d %B %Y")
          : g_strdup_printf("%d %s %d", g_date_time_get_day_of_month(t),
                            id_months[g_date_time_get_month(t) - 1], g_date_time_get_year(t));
  g_date_time_unref(t);
  return out;
}

/* What an attempt was, in words: its quiz's kind (and try or follow-up). */
static char *attempt_words(const lt_manifest_item *it, const lt_log_attempt_row *r) {
  const char *role = it && it->role ? it->role : "";
  const char *title = it ? it->title : r->quiz_id;
  if (r->followup > 0) {
    char *when = quiz_followup_words(r->followup);
    char *s = g_strdup_printf("%s \u00b7 %s", when, title);
    g_free(when);
    return s;
  }
  if (!strcmp(role, "posttest"))
    return g_strdup_printf(_("%s \u00b7 percobaan %ld"), title, r->number);
  return g_strdup(title);
}

/* One course's lines. */
static void course_lines(app *a, GPtrArray *out, const char *pack_id) {
  const lt_manifest *m = lt_library_find(a->lib, pack_id);
  const lt_manifest_info *in = m ? lt_manifest_get_info(m) : NULL;
  add(out, g_strdup(in ? in->title : pack_id), 1.15, true, UI_INK);
  GString *meta = g_string_new(NULL);
  GString *left = g_string_new(NULL); /* the parts still to do, by their titles */
  if (m) {
    size_t total = 0;
    int done = 0;
    for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
      const lt_manifest_item *it = lt_manifest_item_at(m, i);
      if (!screen_in_outline(it)) continue;
      total++;
      bool d = progress_of(a, m, it)->done;
      done += d;
      if (!d) g_string_append_printf(left, "%s%s", left->len ? ", " : "", it->title);
    }
    g_string_append_printf(meta, _("%d dari %zu bagian selesai"), done, total);
  } else {
    g_string_append(meta, _("kursus ini tidak terpasang lagi di komputer ini"));
  }
  double minutes = lt_log_active_seconds(a->log, a->learner.id, pack_id) / 60.0;
  g_string_append_printf(meta, _(" \u00b7 %.0f menit belajar aktif"), minutes);
  add(out, g_string_free(meta, FALSE), 0.9, false, UI_MUTED);
  if (left->len) add(out, g_strdup_printf(_("Belum selesai: %s"), left->str), 0.95, false, UI_INK);
  g_string_free(left, TRUE);
  size_t n = 0;
  lt_log_attempt_row *rows = lt_log_attempts_of(a->log, a->learner.id, pack_id, &n);
  const lt_manifest_item *post = NULL;
  for (size_t i = 0; i < n; i++) {
    const lt_manifest_item *it = NULL;
    for (size_t k = 0; m && k < lt_manifest_item_count(m); k++)
      if (!strcmp(lt_manifest_item_at(m, k)->id, rows[i].quiz_id)) it = lt_manifest_item_at(m, k);
    bool survey = it && it->role && !strcmp(it->role, "survey");
    bool graded = it && it->role && !strcmp(it->role, "posttest") && !rows[i].followup;
    if (graded) post = it;
    char *what = attempt_words(it, &rows[i]), *date = local_date(rows[i].finished);
    char *score = survey   ? g_strdup(_("umpan balik dikirim"))
                  : graded ? g_strdup_printf(rows[i].passed ? _("nilai %.0f, lulus")
                                                            : _("nilai %.0f, belum lulus"),
                                             rows[i].score * 100)
                           : g_strdup_printf(_("nilai %.0f"), rows[i].score * 100);
    add(out, g_strdup_printf("%s \u00b7 %s \u00b7 %s", what, date, score), 1.0, false,
        graded && rows[i].passed ? UI_GOOD : UI_INK);
    g_free(what), g_free(date), g_free(score);
  }
  if (!n) add(out, g_strdup(_("Belum ada tes yang selesai.")), 1.0, false, UI_MUTED);
  size_t waiting, learnt; /* the refresher cards of this course */
  lt_log_refresher_counts(a->log, a->learner.id, pack_id, &waiting, &learnt);
  char *today = lt_refresher_today(), next[11];
  size_t on_next = 0;
  lt_log_refresher_next(a->log, a->learner.id, pack_id, today, next, &on_next);
  if (waiting && *next) {
    char *day = g_strdup_printf("%.2s-%.2s-%.4s", next + 8, next + 5, next);
    add(out,
        g_strdup_printf(_("Ulang singkat: %zu soal masih diulang (berikutnya %s), %zu soal sudah "
                          "dikuasai"),
                        waiting, day, learnt),
        0.95, false, UI_INK);
    g_free(day);
  } else if (waiting || learnt) {
    add(out,
        g_strdup_printf(_("Ulang singkat: %zu soal masih diulang, %zu soal sudah dikuasai"),
                        waiting, learnt),
        0.95, false, UI_INK);
  }
  g_free(today);
  lt_log_pass pass = {0};
  if (post && lt_log_quiz_pass(a->log, a->learner.id, pack_id, post->id, &pass, NULL) == LT_OK) {
    char code[LT_CERTIFICATE_CODE_LEN];
    lt_certificate_code(pass.statement_id, code);
    GDateTime *t = g_date_time_new_from_unix_local(pass.when);
    char *number = lt_certificate_number(pass.statement_id, t ? g_date_time_get_year(t) : 1970);
    if (t) g_date_time_unref(t);
    add(out,
        g_strdup_printf(_("Sertifikat %s \u00b7 kode cek %s \u00b7 versi kursus %s"), number, code,
                        pass.version ? pass.version : "?"),
        1.0, true, UI_GOOD);
    g_free(number);
  }
  lt_log_pass_clear(&pass);
  lt_log_attempt_rows_free(rows, n);
}

void history_enter(app *a) {
  if (a->history) g_ptr_array_free(a->history, TRUE);
  a->history = g_ptr_array_new_with_free_func(line_free);
  char **packs = lt_log_recent_packs(a->log, a->learner.id);
  for (char **p = packs; *p; p++)
    course_lines(a, a->history, *p);
  g_strfreev(packs);
  a->screen = SCR_HISTORY;
}

void history_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Riwayat belajar saya"), 1.5, true, UI_ACCENT);
  char *who = g_strdup_printf("%s \u00b7 NIP %s%s%s", a->learner.name, a->learner.employee_id,
                              *a->learner.unit ? " \u00b7 " : "", a->learner.unit);
  ui_text(u, who, 1.0, false, UI_MUTED);
  g_free(who);
  if (!a->history || !a->history->len)
    ui_text(u, _("Belum ada kegiatan belajar di komputer ini. Buka sebuah kursus untuk mulai."),
            1.0, false, UI_MUTED);
  for (guint i = 0; a->history && i < a->history->len; i++) {
    const line *l = a->history->pdata[i];
    if (i && l->size > 1.1) ui_space(u, 10); /* a course's title: a gap before it */
    ui_text(u, l->text, l->size, l->bold, l->rgb);
  }
  ui_space(u, 12);
  if (ui_button(u, _("Kembali ke daftar kursus"), true)) {
    g_clear_pointer(&a->history, g_ptr_array_unref);
    a->screen = SCR_LIBRARY;
  }
}
