/* refresher — "Ulang singkat" on the home page: the questions the learner got wrong, back on
 * the days Leitner's schedule says (core/refresher.h), a few at a time.
 *
 * The count shown is read when the home page is entered (progress.c). Pressing the button
 * opens the course of the card waiting longest and gathers up to LT_REFRESHER_SET of its due
 * cards into one set of questions, each copied from its quiz as the library holds it now
 * (read against the signed digest); a card whose question the course no longer has is
 * dropped. quizscreen.c then asks the set like a practice. */
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lentera/refresher.h"
#include "screens.h"

/* The index of the quiz item `id` in the open pack, or -1. */
static long quiz_item(const app *a, const char *id) {
  for (size_t i = 0; i < lt_manifest_item_count(a->pack); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(a->pack, i);
    if (!strcmp(it->id, id) && !strcmp(it->kind, "quiz")) return (long)i;
  }
  return -1;
}

/* The quiz of item `it`, loaded once per set into `loaded` (NULL when it cannot be read). */
static lt_quiz *quiz_of(app *a, const lt_manifest_item *it, GHashTable *loaded) {
  if (g_hash_table_contains(loaded, it->id)) return g_hash_table_lookup(loaded, it->id);
  char *xml;
  size_t len;
  lt_quiz *q = NULL;
  if (screen_read(a, it->path, &xml, &len) == LT_OK) {
    if (lt_quiz_load(xml, len, it->path, &q, NULL) != LT_OK) q = NULL;
    free(xml);
  }
  g_hash_table_insert(loaded, g_strdup(it->id), q);
  return q;
}

/* A card whose question is gone leaves the log; when the log refuses, it is only counted
 * once more on the home page and dropped next time. */
static void drop_card(app *a, const lt_refresher_card *c) {
  if (lt_log_refresher_drop(a->log, a->learner.id, c->pack_id, c->quiz_id, c->question_id, NULL) !=
      LT_OK)
    g_debug("refresher card %s/%s/%s kept for now", c->pack_id, c->quiz_id, c->question_id);
}

/* Opens the set of the cards due in `pack_id`; false (the home page stays) when none of
 * them can be asked. */
static bool start_set(app *a, const char *pack_id) {
  if (!app_open(a, pack_id, NULL)) return false;
  char *today = lt_refresher_today();
  size_t n;
  lt_refresher_card *cards = lt_log_refresher_due(a->log, a->learner.id, today, &n);
  g_free(today);
  char *title =
      g_strdup_printf("%s \u00b7 %s", _("Ulang singkat"), lt_manifest_get_info(a->pack)->title);
  lt_quiz *set = lt_quiz_new_set(title, "refresher");
  g_free(title);
  GArray *sources = g_array_new(FALSE, FALSE, sizeof(size_t));
  GHashTable *loaded =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)lt_quiz_free);
  for (size_t i = 0; i < n && sources->len < LT_REFRESHER_SET; i++) {
    if (strcmp(cards[i].pack_id, pack_id) != 0) continue;
    long at = quiz_item(a, cards[i].quiz_id);
    const lt_manifest_item *it = at >= 0 ? lt_manifest_item_at(a->pack, (size_t)at) : NULL;
    lt_quiz *q = it ? quiz_of(a, it, loaded) : NULL;
    long k = q ? lt_quiz_find(q, cards[i].question_id) : -1;
    if (k < 0) { /* not in this version of the course: nothing left to ask */
      if (!it || q) drop_card(a, &cards[i]); /* an unreadable quiz is not a missing question */
      continue;
    }
    lt_quiz_add_copy(set, q, (size_t)k);
    size_t index = (size_t)at;
    g_array_append_val(sources, index);
  }
  g_hash_table_destroy(loaded);
  lt_refresher_cards_free(cards, n);
  if (!sources->len) {
    lt_quiz_free(set);
    g_array_free(sources, TRUE);
    a->screen = SCR_LIBRARY;
    return false;
  }
  quiz_refresher_begin(a, set, sources);
  return true;
}

/* "Ulang singkat berikutnya: besok, 2 soal." on a day with none due. */
static void next_words(app *a, const char *next, size_t count) {
  char *today = lt_refresher_today(), tomorrow[11];
  (void)lt_refresher_next(1, false, today, tomorrow); /* box 1 waits one day */
  char *said;
  if (!strcmp(next, tomorrow)) {
    said = g_strdup_printf(_("Ulang singkat berikutnya: besok, %zu soal."), count);
  } else {
    char *day = g_strdup_printf("%.2s-%.2s-%.4s", next + 8, next + 5, next);
    said = g_strdup_printf(_("Ulang singkat berikutnya: %s, %zu soal."), day, count);
    g_free(day);
  }
  ui_text(&a->ui, said, 0.9, false, UI_MUTED);
  g_free(said), g_free(today);
}

bool refresher_home(app *a) {
  size_t due, in_set;
  const char *pack = progress_refresher(a, &due, &in_set);
  const lt_manifest *m = pack ? lt_library_find(a->lib, pack) : NULL;
  if (!m || !in_set) {
    size_t later = 0;
    const char *next = progress_refresher_next(a, &later);
    if (*next) next_words(a, next, later);
    return false;
  }
  char *label =
      g_strdup_printf(_("Ulang singkat: %zu soal dari %s"), in_set, lt_manifest_get_info(m)->title);
  bool go = ui_button(&a->ui, label, true);
  g_free(label);
  char *said = g_strdup_printf(
      _("%zu soal yang dulu belum tepat menunggu diulang hari ini, paling lama %zu soal sekali "
        "duduk (2 sampai 3 menit). Soal kembali setelah 1, 3, 7, 14, lalu 30 hari, sampai Anda "
        "menjawabnya benar lima kali berturut-turut."),
      due, (size_t)LT_REFRESHER_SET);
  ui_text(&a->ui, said, 0.9, false, UI_MUTED);
  g_free(said);
  if (!go) return false;
  char *id = g_strdup(pack);
  bool started = start_set(a, id);
  g_free(id);
  if (!started)
    screen_message(a, g_strdup(_("Soal untuk diulang tidak dapat dibaca dari kursusnya. Hubungi "
                                 "petugas TI.")));
  return started;
}
