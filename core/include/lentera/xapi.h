/* xapi — xAPI 1.0.3 statements for what a learner does (docs/XAPI.md is the profile).
 *
 * A statement is made once, when the event is recorded, and its exact JSON bytes are kept
 * and resent unchanged (an LRS compares bytes). Keys are written in a fixed order so the
 * same event always gives the same text. The only module that uses jansson for xAPI. */
#ifndef LENTERA_XAPI_H
#define LENTERA_XAPI_H

#include <stdbool.h>
#include <stddef.h>

#define LT_XAPI_VERSION "1.0.3"
/* account.homePage for staff accounts until the sync configuration names the office's. */
#define LT_XAPI_DEFAULT_HOMEPAGE "https://lentera.invalid/pegawai"
/* context.extensions: the learner's work unit, a quiz's role (pretest | posttest |
 * practice | survey | followup | refresher) */
#define LT_XAPI_EXT_UNIT "https://lentera.invalid/xapi/unit"
#define LT_XAPI_EXT_ROLE "https://lentera.invalid/xapi/role"
/* context.extensions: the training group the learner picked at sign-up (paket-a … paket-d,
 * semua-staf), on every statement of a learner who said one (an anonymous survey's: never) */
#define LT_XAPI_EXT_AUDIENCE "https://lentera.invalid/xapi/audience"
/* context.extensions: the attempt's place among the learner's attempts at this quiz in the
 * player's log (1 = first), counted by the log itself, so the report's "first attempt" does
 * not depend on a clock; true when the computer's clock looked wrong as the statement was
 * made (earlier than the pack's creation or the learner's last event): its timestamp is
 * then not to be trusted */
#define LT_XAPI_EXT_ATTEMPT_SEQ "https://lentera.invalid/xapi/attempt-sequence"
/* days after passing the post-test that a follow-up attempt (role "followup") was due */
#define LT_XAPI_EXT_FOLLOWUP_DAYS "https://lentera.invalid/xapi/followup-days"
/* a refresher's answer (role "refresher", "Ulang singkat"): the Leitner box (1-5) its card
 * was in when it was asked */
#define LT_XAPI_EXT_LEITNER_BOX "https://lentera.invalid/xapi/leitner-box"
#define LT_XAPI_EXT_CLOCK_SUSPECT "https://lentera.invalid/xapi/clock-suspect"
/* context.extensions of a post-test's "passed": the course's minutes in all, from which the
 * certificate counts its hours (JP), so the report's certificate register names them too */
#define LT_XAPI_EXT_COURSE_MINUTES "https://lentera.invalid/xapi/course-minutes"
/* result.extensions: the share of a video actually played, 0..1 */
#define LT_XAPI_EXT_WATCHED "https://lentera.invalid/xapi/watched"

typedef enum {
  LT_VERB_EXPERIENCED,
  LT_VERB_COMPLETED,
  LT_VERB_ANSWERED,
  LT_VERB_ATTEMPTED,
  LT_VERB_PASSED,
  LT_VERB_FAILED,
  LT_VERB_RESPONDED /* a survey's statement rated or question answered (no right answer) */
} lt_xapi_verb;

typedef enum {
  LT_ACTIVITY_COURSE,
  LT_ACTIVITY_LESSON,
  LT_ACTIVITY_ASSESSMENT,
  LT_ACTIVITY_QUESTION,
  LT_ACTIVITY_SURVEY /* http://id.tincanapi.com/activitytype/survey */
} lt_xapi_activity;

typedef struct {
  const char *id;         /* statement id: lower-case UUID (lt_xapi_uuid) */
  const char *timestamp;  /* ISO 8601 UTC */
  const char *actor_name; /* NULL: no name (an anonymous survey's response) */
  const char *actor_account, *actor_homepage;
  lt_xapi_verb verb;
  const char *object_id; /* lt_xapi_activity_id() */
  const char *object_name, *lang;
  lt_xapi_activity object_type;
  /* The course (pack) the object belongs to, given its name in contextActivities: the parent
   * of a lesson or quiz, the grouping of a question (whose parent is its quiz). */
  const char *course_id, *course_name;
  const char *parent_id;    /* a question's quiz, or NULL */
  const char *registration; /* the attempt's UUID, or NULL */
  const char *revision;     /* context.revision: the course version, or NULL */
  /* context.extensions for the report (LT_XAPI_EXT_*), each NULL or "" = absent */
  const char *unit, *role, *audience;
  long attempt_seq;    /* LT_XAPI_EXT_ATTEMPT_SEQ; 0 = absent */
  long followup_days;  /* LT_XAPI_EXT_FOLLOWUP_DAYS; 0 = absent */
  long leitner_box;    /* LT_XAPI_EXT_LEITNER_BOX; 0 = absent */
  bool clock_suspect;  /* LT_XAPI_EXT_CLOCK_SUSPECT: true; false = absent */
  long course_minutes; /* LT_XAPI_EXT_COURSE_MINUTES; 0 = absent */
  /* a question's interaction: "choice" (with its choices), "fill-in", "likert" (its choices
   * written as the scale) or "long-fill-in"; NULL = none */
  const char *interaction;
  size_t choice_count;
  const char *const *choice_ids, *const *choice_texts;
  /* result: written when any part is set */
  bool has_success, success, has_completion, completion, has_score;
  double score_scaled, score_raw, score_min, score_max; /* raw, min, max when max > 0 */
  const char *response;                                 /* NULL = none */
  double duration_seconds;                              /* < 0 = none */
  bool has_watched;
  double watched; /* a video's share actually played */
} lt_xapi_event;

/* The statement as compact JSON (free()). */
char *lt_xapi_statement(const lt_xapi_event *ev);

/* A fresh random (v4) UUID in lower case, 36 characters + NUL. */
void lt_xapi_uuid(char out[37]);

/* Activity id: "<activity_base>/<pack>[/<item>[/<question>]]", or under
 * "urn:lentera:" when the pack has no activity_base (free()). */
char *lt_xapi_activity_id(const char *activity_base, const char *pack_id, const char *item_id,
                          const char *question_id);

#endif
