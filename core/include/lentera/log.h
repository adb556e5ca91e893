/* log — the player's learning log in SQLite (schema/log.sql). SQLite is reached through db.h,
 * shared with the trainer's collection (collection.c, report.c read it too).
 *
 * Learners, item progress, quiz attempts and answers, and the outbox of xAPI statements.
 * Each event and its statement are written in one transaction, committed durably (WAL,
 * synchronous=FULL) before the call returns: a crash or a pulled plug loses nothing that
 * was recorded. Migrations are numbered by PRAGMA user_version. */
#ifndef LENTERA_LOG_H
#define LENTERA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"
#include "lentera/lrs.h"
#include "lentera/manifest.h"

typedef struct lt_log lt_log;

typedef struct {
  int64_t id;
  char *employee_id, *name, *unit;
  char *audience; /* the group picked at sign-up (paket-a … semua-staf), "" when not said */
  bool has_pin;
} lt_log_learner;

/* What a statement needs to know about where an event happened. */
typedef struct {
  const lt_manifest_info *pack;
  const lt_manifest_item *item;
  const char *homepage; /* actor account homePage; NULL = LT_XAPI_DEFAULT_HOMEPAGE */
  long course_minutes;  /* the course's minutes in all, put on a "passed"; 0 = not known */
  long followup;        /* an attempt at a post-test's follow-up: its days (role "followup") */
  /* an anonymous survey's attempt: its statements carry no name or NIP (the actor is
   * "anonim-<registration>"), and its answers leave the answer table when it is finished */
  bool anonymous;
} lt_log_where;

/* Opens the log at `path`, making a new one (whole, under a temporary name first) only when
 * there is no file there. A file that is empty, not a database, fails PRAGMA quick_check,
 * cannot be read and written, or whose repair was interrupted is never replaced:
 * LT_ERR_DAMAGED, with a diagnostic naming the cause and lentera-player --repair-log. The
 * log and its -wal/-shm are made 0600; looser ones are tightened (a note in diags). */
LT_MUST_CHECK lt_status lt_log_open(const char *path, lt_log **out, lt_diag_list *diags);
void lt_log_free(lt_log *log);
/* This installation's id (a UUID made on first open); valid while the log is open. */
const char *lt_log_device_id(const lt_log *log);

/* Learners. `pin` NULL = no PIN; a PIN is stored as an Argon2id hash. `audience` is the
 * training group they picked (paket-a … paket-d, semua-staf; NULL or "" = not said). */
LT_MUST_CHECK lt_status lt_log_learner_add(lt_log *log, const char *employee_id, const char *name,
                                           const char *unit, const char *audience, const char *pin,
                                           int64_t *out_id, lt_diag_list *diags);
/* LT_ERR_INVALID when no learner has that employee id. */
LT_MUST_CHECK lt_status lt_log_learner_find(lt_log *log, const char *employee_id,
                                            lt_log_learner *out);
/* What a PIN check found. After 5 wrong PINs in a row the learner must wait 30 s, doubled for
 * each further wrong PIN up to an hour, kept in the log (a restart does not reset it); while
 * waiting no PIN is checked, the right one neither. */
typedef struct {
  bool ok;      /* right (or the learner has no PIN): sign in */
  int failures; /* wrong PINs in a row, this one included */
  int wait_s;   /* > 0: not checked / no further try for this many seconds */
} lt_log_pin_check;
LT_MUST_CHECK lt_status lt_log_learner_check_pin(lt_log *log, int64_t learner, const char *pin,
                                                 lt_log_pin_check *out, lt_diag_list *diags);
/* All learners by name; free with lt_log_learners_free. */
LT_MUST_CHECK lt_status lt_log_learners(lt_log *log, lt_log_learner **out, size_t *out_count);
void lt_log_learner_clear(lt_log_learner *l);
void lt_log_learners_free(lt_log_learner *list, size_t count);

/* Lesson, video and cheat sheet progress: adds active time, keeps the resume position;
 * the first call records "experienced", the first with `completed` records "completed". */
LT_MUST_CHECK lt_status lt_log_progress(lt_log *log, int64_t learner, const lt_log_where *where,
                                        double position, double active_seconds, bool completed,
                                        lt_diag_list *diags);
/* A video's progress: the position to resume at, and `watched`, one character a second of
 * the video ('1' = played in this session), merged with what earlier sessions played. The
 * first call records "experienced"; once 90% of `duration` has been played, "completed"
 * with the share in result.extensions (LT_XAPI_EXT_WATCHED). *out_share (may be NULL) gets
 * the share played so far. */
LT_MUST_CHECK lt_status lt_log_video_progress(lt_log *log, int64_t learner,
                                              const lt_log_where *where, double position,
                                              double duration, const char *watched,
                                              double active_seconds, double *out_share,
                                              lt_diag_list *diags);
/* The seconds of a video played so far, as stored ('' when none; g_free()). */
char *lt_log_video_watched(lt_log *log, int64_t learner, const char *pack_id, const char *item_id);

/* state: 0 none, 1 started, 2 completed. */
LT_MUST_CHECK lt_status lt_log_progress_get(lt_log *log, int64_t learner, const char *pack_id,
                                            const char *item_id, int *out_state,
                                            double *out_position);

/* Quiz attempts. begin records "attempted"; `choice_order` is JSON kept for resuming. */
LT_MUST_CHECK lt_status lt_log_attempt_begin(lt_log *log, int64_t learner,
                                             const lt_log_where *where, const char *choice_order,
                                             int64_t *out_attempt, lt_diag_list *diags);
/* The unfinished attempt of this learner at this quiz (at its follow-up of `followup` days;
 * 0: an ordinary attempt), or 0. */
int64_t lt_log_attempt_unfinished(lt_log *log, int64_t learner, const char *pack_id,
                                  const char *quiz_id, long followup);
/* The follow-up of the post-test `quiz_id` due at `now` (unix time) for this learner: the
 * latest of `days` (ascending) that has passed since the learner first passed it, unless
 * that one (or a later one) is done (at any quiz of the pack: the post-test or a quiz with
 * role "followup"); 0 when none is due or the learner has not passed. Only
 * ordinary attempts count for max_attempts, the quiz summary and lt_log_quiz_pass. */
long lt_log_followup_due(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                         const long *days, size_t count, int64_t now);
/* The choice order stored when the attempt began (free()), or NULL. */
char *lt_log_attempt_choice_order(lt_log *log, int64_t attempt);
/* Number of finished attempts (for max_attempts). */
int lt_log_attempt_count(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id);
/* A learner's finished attempts at a quiz: how many, the best score (0..1), whether one
 * passed. All zero when there are none or the log cannot be read. */
typedef struct {
  int attempts;
  double best;
  bool passed;
} lt_log_quiz_summary;
void lt_log_quiz_summary_get(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                             lt_log_quiz_summary *out);
/* The packs a learner has worked in, the most recent first (progress or a quiz attempt), as
 * a NULL-terminated array (g_strfreev()); never NULL. */
char **lt_log_recent_packs(lt_log *log, int64_t learner);
/* A learner's finished attempts in one pack, in the order they were made: what their
 * transcript ("Riwayat belajar saya") lists. `finished` is ISO 8601 UTC. */
typedef struct {
  char *quiz_id, *version, *finished;
  long number, followup; /* followup: its days, 0 for an ordinary attempt */
  double score;          /* 0..1 */
  bool passed;
} lt_log_attempt_row;
lt_log_attempt_row *lt_log_attempts_of(lt_log *log, int64_t learner, const char *pack_id,
                                       size_t *out_count);
void lt_log_attempt_rows_free(lt_log_attempt_row *rows, size_t count);
/* The learner's active seconds in a pack's lessons, cheat sheets and videos. */
double lt_log_active_seconds(lt_log *log, int64_t learner, const char *pack_id);
/* The attempt's number among the learner's attempts at its quiz (1 for the first), or 0. */
long lt_log_attempt_number(lt_log *log, int64_t attempt);
/* The ids of the questions answered wrong in an attempt, in the order answered (a
 * NULL-terminated array, g_strfreev()); never NULL. */
char **lt_log_attempt_missed(lt_log *log, int64_t attempt);
/* Whether the question already has an answer in the attempt. */
bool lt_log_answered(lt_log *log, int64_t attempt, const char *question_id);
/* A question as its statement describes it: "choice" with its choices, or "fill-in"; a
 * survey's "likert" (its scale as the choices, response "1".."5") or "long-fill-in". A survey's
 * answers are recorded as "responded" (no success), a rating with result.score raw 1..5. */
typedef struct {
  const char *type;
  size_t count;
  const char *const *ids, *const *texts;
} lt_log_interaction;

/* One answer, durable before return, with its "answered" statement (`how` may be NULL). */
LT_MUST_CHECK lt_status lt_log_record_answer(lt_log *log, int64_t attempt,
                                             const lt_log_where *where, const char *question_id,
                                             const char *question_title,
                                             const lt_log_interaction *how, const char *response,
                                             bool correct, lt_diag_list *diags);
/* The same for an answer earning `credit` (0..1, partial for weighted questions): correct
 * when it is 1; a partial credit goes in the statement's result.score.scaled. */
LT_MUST_CHECK lt_status lt_log_record_answer_credit(
    lt_log *log, int64_t attempt, const lt_log_where *where, const char *question_id,
    const char *question_title, const lt_log_interaction *how, const char *response, double credit,
    lt_diag_list *diags);
/* Finishes an attempt: score 0..1 from its answers' credit over `questions`; records "passed" or
 * "failed" against pass_percent (pre-tests and practice: "completed"; surveys: "completed"
 * without a score). */
LT_MUST_CHECK lt_status lt_log_attempt_finish(lt_log *log, int64_t attempt,
                                              const lt_log_where *where, long questions,
                                              long pass_percent, double *out_score,
                                              bool *out_passed, lt_diag_list *diags);

/* The pass a certificate is printed from: the learner's best passed attempt at a quiz
 * (the earliest of equal scores) and its "passed" statement. LT_ERR_INVALID when there is
 * none; clear with lt_log_pass_clear. */
typedef struct {
  char statement_id[37]; /* the "passed" statement's id */
  double score;          /* 0..1 */
  int64_t when;          /* the statement's timestamp, unix time */
  char *version;         /* the course version the attempt was made in */
} lt_log_pass;
LT_MUST_CHECK lt_status lt_log_quiz_pass(lt_log *log, int64_t learner, const char *pack_id,
                                         const char *quiz_id, lt_log_pass *out,
                                         lt_diag_list *diags);
void lt_log_pass_clear(lt_log_pass *p);

/* Statements not yet exported. A read error is reported, never counted as 0. */
LT_MUST_CHECK lt_status lt_log_unexported(lt_log *log, size_t *out_count, lt_diag_list *diags);
/* Writes every unexported statement to DIR/lentera-sync/<device-id>/<time>.jsonl (temporary
 * name, fsync, rename) and marks them exported; *out_count of them (0 writes no file). */
LT_MUST_CHECK lt_status lt_log_export(lt_log *log, const char *dir, size_t *out_count,
                                      lt_diag_list *diags);

/* Statements an LRS has not accepted yet (refused ones not counted). A read error is
 * reported, never counted as 0. */
LT_MUST_CHECK lt_status lt_log_pending(lt_log *log, size_t *out_count, lt_diag_list *diags);
/* Pushes the pending statements to `lrs` (see lrs.h), marking each sent or refused as the
 * LRS answers, and remembers when it last succeeded or why it last failed. An outbox that
 * cannot be read (a damaged page) ends it with LT_LRS_LOCAL, never LT_LRS_DONE. */
void lt_log_sync(lt_log *log, const lt_lrs *lrs, lt_lrs_progress_fn fn, void *user,
                 lt_lrs_result *out, lt_diag_list *diags);

/* Puts every statement the LRS refused back among the pending (IT's command, once the
 * cause is fixed); *out_count of them. */
LT_MUST_CHECK lt_status lt_log_retry_refused(lt_log *log, size_t *out_count, lt_diag_list *diags);

typedef struct {
  size_t pending, refused;
  char *refusal;      /* one refused statement, "<id>: <the server's words>", or NULL */
  char *last_success; /* ISO 8601 UTC, or NULL (never) */
  char *last_error;   /* outcome number and detail "2 HTTP 503: …", or NULL */
} lt_log_sync_state;
/* Free the strings with lt_log_sync_state_clear (also after an error: then the counts may
 * be 0 and are not to be shown as such). */
LT_MUST_CHECK lt_status lt_log_sync_status(lt_log *log, lt_log_sync_state *out,
                                           lt_diag_list *diags);
void lt_log_sync_state_clear(lt_log_sync_state *st);

/* Whether this computer's clock looks wrong: now is more than a day before `not_before`
 * (unix time, e.g. the newest installed pack's creation; 0 = none) or more than 10 minutes
 * before the last event of `learner` (0 = none). When it is, *out_seen (may be NULL) gets
 * the later of those times, ISO 8601 UTC (g_free()). Statements made meanwhile carry
 * LT_XAPI_EXT_CLOCK_SUSPECT. */
bool lt_log_clock_suspect(lt_log *log, int64_t learner, int64_t not_before, char **out_seen);

/* What lt_log_repair recovered. */
typedef struct {
  size_t learners, progress, attempts, answers, statements;
  bool device_kept;   /* the device id was readable and is kept (else a new one) */
  char *damaged_path; /* where the damaged log is kept ("<log>.damaged-<time>", and -wal) */
} lt_log_repair_result;
/* Repairs the log at `path`, which must not be open anywhere (close the player): keeps the
 * damaged file as <path>.damaged-<time> (its -wal beside it), reads every row it still can
 * into a new log (same device id when readable, pending statements still pending) and puts
 * that in place with one rename. Works on an empty file too (nothing to recover). A repair
 * cut short is refused by lt_log_open until this is run again. */
LT_MUST_CHECK lt_status lt_log_repair(const char *path, lt_log_repair_result *out,
                                      lt_diag_list *diags);
void lt_log_repair_result_clear(lt_log_repair_result *r);

/* A consistent copy of the open log, taken with SQLite's backup API while other processes go
 * on writing: DIR/log-<time>.sqlite (a single file, 0600, fsynced, checked with PRAGMA
 * quick_check; DIR made 0700 when missing). *out_path gets its path (g_free()). */
LT_MUST_CHECK lt_status lt_log_backup(lt_log *log, const char *dir, char **out_path,
                                      lt_diag_list *diags);

#endif
