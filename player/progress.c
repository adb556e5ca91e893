/* progress — what the home page and a course's outline show of the learner's progress,
 * read from the log when such a screen is entered (progress_load), never while drawing.
 *
 * Per "pack/item": the lesson state (0 not opened, 1 begun, 2 done) and, for quizzes, the
 * attempts summary (post-tests: the follow-up due, course.md `followup`); and the packs studied
 * most recently (for "Lanjutkan"); the refresher cards due today ("Ulang singkat"). Entering the
 * library or an outline forgets and reloads it, so what a lesson or quiz wrote is there when the
 * learner comes back; a lookup the load missed (another pack) is read then and kept. The first
 * screen's list of learners is read when that screen is entered. */
#include <string.h>

#include "app.h"
#include "lentera/refresher.h"
#include "screens.h"

struct progress_cache {
  GHashTable *items;        /* "pack/item" → item_progress */
  char **recent;            /* lt_log_recent_packs */
  lt_log_learner *learners; /* the first screen's list, read when it is entered */
  size_t n_learners;
  bool learners_read, learners_ok;
  char *clock_seen; /* the library's: the clock is earlier than this (lt_log_clock_suspect) */
  /* refresher cards due today in installed packs: how many, and the pack of the one waiting
   * longest with its count there (the next "Ulang singkat" set) */
  size_t refresh_due, refresh_in_pack;
  char *refresh_pack;
  char refresh_next[11];     /* none due today: the next day some are ("" none) … */
  size_t refresh_next_count; /* … and how many then */
};

static struct progress_cache *cache(app *a) {
  if (!a->progress) {
    a->progress = g_new0(struct progress_cache, 1);
    a->progress->items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  }
  return a->progress;
}

void progress_forget(app *a) {
  struct progress_cache *c = cache(a);
  g_hash_table_remove_all(c->items);
  g_clear_pointer(&c->recent, g_strfreev);
  g_clear_pointer(&c->clock_seen, g_free);
  g_clear_pointer(&c->refresh_pack, g_free);
  c->refresh_due = c->refresh_in_pack = c->refresh_next_count = 0;
  c->refresh_next[0] = '\0';
}

void progress_load_learners(app *a) {
  struct progress_cache *c = cache(a);
  lt_log_learners_free(c->learners, c->n_learners);
  c->learners = NULL, c->n_learners = 0;
  c->learners_ok = lt_log_learners(a->log, &c->learners, &c->n_learners) == LT_OK;
  c->learners_read = true;
}

const lt_log_learner *progress_learners(app *a, size_t *n, bool *ok) {
  struct progress_cache *c = cache(a);
  if (!c->learners_read) progress_load_learners(a); /* the very first screen */
  *n = c->n_learners, *ok = c->learners_ok;
  return c->learners;
}

void progress_free(app *a) {
  if (!a->progress) return;
  lt_log_learners_free(a->progress->learners, a->progress->n_learners);
  g_hash_table_destroy(a->progress->items);
  g_strfreev(a->progress->recent);
  g_free(a->progress->clock_seen);
  g_free(a->progress->refresh_pack);
  g_clear_pointer(&a->progress, g_free);
}

const item_progress *progress_of(app *a, const lt_manifest *m, const lt_manifest_item *it) {
  struct progress_cache *c = cache(a);
  const char *pack = lt_manifest_get_info(m)->id;
  char *key = g_strdup_printf("%s/%s", pack, it->id);
  item_progress *p = g_hash_table_lookup(c->items, key);
  if (p) {
    g_free(key);
    return p;
  }
  p = g_new0(item_progress, 1);
  double pos;
  if (lt_log_progress_get(a->log, a->learner.id, pack, it->id, &p->state, &pos) != LT_OK)
    p->state = 0; /* an unreadable log counts nothing as done */
  if (it->role) lt_log_quiz_summary_get(a->log, a->learner.id, pack, it->id, &p->quiz);
  p->done = it->role ? (!strcmp(it->role, "posttest") ? p->quiz.passed : p->quiz.attempts > 0)
                     : p->state == 2;
  size_t n;
  const long *days = lt_manifest_get_followup(m, &n);
  if (n && it->role && p->quiz.passed && !strcmp(it->role, "posttest")) {
    p->followup_due = lt_log_followup_due(a->log, a->learner.id, pack, it->id, days, n,
                                          g_get_real_time() / G_USEC_PER_SEC);
    const lt_manifest_item *asked = screen_followup_quiz(m);
    p->followup_begun =
        p->followup_due &&
        lt_log_attempt_unfinished(a->log, a->learner.id, pack, asked->id, p->followup_due) != 0;
  }
  g_hash_table_insert(c->items, key, p);
  return p;
}

/* The cards due today whose course is installed (refresher.h). */
static void load_refresher(app *a, struct progress_cache *c) {
  char *today = lt_refresher_today();
  size_t n;
  lt_refresher_card *cards = lt_log_refresher_due(a->log, a->learner.id, today, &n);
  for (size_t i = 0; i < n; i++) {
    if (!lt_library_find(a->lib, cards[i].pack_id)) continue;
    c->refresh_due++;
    if (!c->refresh_pack) c->refresh_pack = g_strdup(cards[i].pack_id);
    if (!strcmp(c->refresh_pack, cards[i].pack_id)) c->refresh_in_pack++;
  }
  c->refresh_in_pack = MIN(c->refresh_in_pack, (size_t)LT_REFRESHER_SET);
  lt_refresher_cards_free(cards, n);
  lt_log_refresher_next(a->log, a->learner.id, NULL, today, c->refresh_next,
                        &c->refresh_next_count);
  g_free(today);
}

const char *progress_refresher(app *a, size_t *due, size_t *in_set) {
  struct progress_cache *c = cache(a);
  *due = c->refresh_due, *in_set = c->refresh_in_pack;
  return c->refresh_pack;
}

const char *progress_refresher_next(app *a, size_t *count) {
  struct progress_cache *c = cache(a);
  *count = c->refresh_next_count;
  return c->refresh_next;
}

void progress_load(app *a, const lt_manifest *only) {
  progress_forget(a);
  if (!a->learner.id) return;
  struct progress_cache *c = cache(a);
  c->recent = lt_log_recent_packs(a->log, a->learner.id);
  int64_t newest = 0;
  for (size_t i = 0; i < lt_library_count(a->lib); i++)
    newest = MAX(newest, lt_manifest_get_info(lt_library_pack_at(a->lib, i))->created);
  if (!only && !lt_log_clock_suspect(a->log, a->learner.id, newest, &c->clock_seen))
    g_clear_pointer(&c->clock_seen, g_free);
  if (!only) load_refresher(a, c);
  for (size_t i = 0; i < lt_library_count(a->lib); i++) {
    const lt_manifest *m = lt_library_pack_at(a->lib, i);
    if (only && m != only) continue;
    for (size_t k = 0; k < lt_manifest_item_count(m); k++)
      (void)progress_of(a, m, lt_manifest_item_at(m, k));
  }
}

const char *const *progress_recent(app *a) {
  struct progress_cache *c = cache(a);
  if (!c->recent && a->learner.id) c->recent = lt_log_recent_packs(a->log, a->learner.id);
  static const char *const none[] = {NULL};
  return c->recent ? (const char *const *)c->recent : none;
}

const char *progress_clock_seen(app *a) { return cache(a)->clock_seen; }
