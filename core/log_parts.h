/* log_parts — what log.c shares with the modules that record into the same log
 * (refresher.c): the log itself, and the two steps every recording takes inside its
 * transaction: fill a statement's actor and object, then queue it in the outbox. */
#ifndef LENTERA_CORE_LOG_PARTS_H
#define LENTERA_CORE_LOG_PARTS_H

#include <glib.h>
#include <stdint.h>

#include "lentera/log.h"
#include "lentera/xapi.h"
#include "db.h"

struct lt_log {
  lt_db db;
  char device[37];
  char *read_error; /* why the last outbox batch could not be read (an LRS push), or NULL */
};

/* Fills the actor and object of `ev` for `learner` and `where`; *hold keeps the strings.
 * The statement is marked clock-suspect when now is earlier than the pack's creation or the
 * learner's last event. False when the learner cannot be read. */
bool lt_log_event_for(lt_log *log, int64_t learner, const lt_log_where *where, lt_xapi_event *ev,
                      GPtrArray *hold);
/* Queues the statement and moves the learner's last event on to its time (never back). */
LT_MUST_CHECK lt_status lt_log_queue(lt_log *log, int64_t learner, const lt_xapi_event *ev,
                                     lt_diag_list *diags);
/* The statement's response and interaction for an answer (several choices listed as xAPI
 * writes them, "a[,]c"); *hold keeps what it makes. */
void lt_log_set_response(lt_xapi_event *ev, const lt_log_interaction *how, const char *response,
                         GPtrArray *hold);
/* Inside an answer's transaction (log.c): a question answered wrong in a post-test, a
 * follow-up or a practice quiz goes (back) to box 1 of the learner's refresher cards, due
 * tomorrow. Anything else does nothing. */
LT_MUST_CHECK lt_status lt_refresher_missed(lt_log *log, int64_t learner, const lt_log_where *where,
                                            const char *question_id, lt_diag_list *diags);

#endif
