/* refresher — "Ulang singkat": the questions a learner got wrong come back, a few at a
 * time, at growing intervals, until they are known (spaced repetition, Leitner's boxes).
 *
 * A question answered wrong in a post-test, one of its follow-ups or a practice quiz becomes
 * a card in box 1, due the next day. A refresher answer that is right moves the card one box
 * up, a wrong one puts it back in box 1; each box has its interval: 1, 3, 7, 14 and 30 days.
 * Right in box 5 (five right in a row), the card is learnt and is not asked again. Dates are
 * the PC's local calendar days, so a card missed in the afternoon is due the next morning.
 * Cards live in the player's log (schema/log-6.sql); the answers are statements like any
 * other, with role "refresher" and the card's box (docs/XAPI.md), and count for no test. */
#ifndef LENTERA_REFRESHER_H
#define LENTERA_REFRESHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/log.h"

enum {
  LT_REFRESHER_BOXES = 5, /* box 6 = learnt */
  LT_REFRESHER_SET = 5    /* questions in one "Ulang singkat" set: two or three minutes */
};

/* The days a card waits in `box` (1..5) before it is asked again; 0 for any other box. */
int lt_refresher_interval(int box);
/* The card's box after an answer given in `box` on the day `today` ("YYYY-MM-DD"): right
 * → box + 1, wrong → 1; `due` gets the day it is asked next ("" once learnt, box 6). */
int lt_refresher_next(int box, bool right, const char *today, char due[11]);
/* Today's date on this PC's calendar, "YYYY-MM-DD" (g_free()). */
char *lt_refresher_today(void);

typedef struct {
  char *pack_id, *quiz_id, *question_id;
  int box;
  char due[11];
} lt_refresher_card;
/* The learner's cards due on `today` (due on or before it), the longest waiting first; a
 * log that cannot be read gives none. Free with lt_refresher_cards_free. */
lt_refresher_card *lt_log_refresher_due(lt_log *log, int64_t learner, const char *today,
                                        size_t *out_count);
void lt_refresher_cards_free(lt_refresher_card *cards, size_t count);
/* The next day after `today` on which the learner has cards due (`pack_id` NULL: any pack),
 * into due ("" when none), and how many fall due that day. */
void lt_log_refresher_next(lt_log *log, int64_t learner, const char *pack_id, const char *today,
                           char due[11], size_t *out_count);
/* A learner's cards of one pack: still to be learnt, and learnt. */
void lt_log_refresher_counts(lt_log *log, int64_t learner, const char *pack_id, size_t *waiting,
                             size_t *learnt);

/* A refresher answer to the card of `question_id` in the quiz `where->item`, durable before
 * return: the card moves (lt_refresher_next, from `today`) and an "answered" statement with
 * role "refresher", the box it was in and the set's `registration` (a UUID) is queued, in
 * one transaction. *out_box (may be NULL) gets the card's new box. LT_ERR_INVALID when the
 * learner has no such card. */
LT_MUST_CHECK lt_status lt_log_refresher_answer(lt_log *log, int64_t learner,
                                                const lt_log_where *where, const char *registration,
                                                const char *question_id, const char *question_title,
                                                const lt_log_interaction *how, const char *response,
                                                double credit, const char *today, int *out_box,
                                                lt_diag_list *diags);
/* Removes a card whose question the installed version of its course no longer has. */
LT_MUST_CHECK lt_status lt_log_refresher_drop(lt_log *log, int64_t learner, const char *pack_id,
                                              const char *quiz_id, const char *question_id,
                                              lt_diag_list *diags);

#endif
