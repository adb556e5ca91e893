/* course — a course source folder as the trainer wrote it (README.md "Writing a course").
 *
 * lt_course_load() reads course.md and every file its `items` names, checks all front
 * matter, and keeps each item's Markdown body for the compiler. It reports every mistake it
 * finds and still returns what it could read, so one run shows them all. */
#ifndef LENTERA_COURSE_H
#define LENTERA_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"
#include "lentera/target.h"

typedef enum { LT_KIND_LESSON, LT_KIND_CHEATSHEET, LT_KIND_QUIZ } lt_item_kind;
/* A survey (`kind: survey` in its file) is a quiz with LT_ROLE_SURVEY: statements rated 1-5
 * and free answers, no marks, one response per learner. */
typedef enum {
  LT_ROLE_NONE,
  LT_ROLE_PRETEST,
  LT_ROLE_POSTTEST,
  LT_ROLE_PRACTICE,
  LT_ROLE_SURVEY,
  LT_ROLE_FOLLOWUP /* asked in place of the post-test's questions when a follow-up is due */
} lt_quiz_role;

/* One item, read-only. A plain view rather than an opaque type: it is data with no
 * invariants, and the compiler, the manifest and the tests all read most fields. Strings
 * and arrays stay valid while the course lives. */
typedef struct {
  lt_item_kind kind;
  const char *id;      /* file name without ".md" */
  const char *source;  /* file name relative to the course folder, e.g. "01-phishing.md" */
  const char *display; /* the file as messages name it: the course folder as given + source */
  const char *title;
  long minutes;                  /* 0 when not given (only lessons require it) */
  const char *const *objectives; /* NULL-terminated */
  const char *body;              /* Markdown after the front matter */
  size_t body_len;
  int body_line; /* file line of body[0] */
  /* quizzes */
  lt_quiz_role role;
  long pass_percent;
  bool shuffle;
  long max_attempts; /* 0 = unlimited */
  bool anonymous;    /* surveys: responses recorded without the learner's name or NIP */
} lt_course_item;

typedef struct lt_course lt_course;

/* Who signs the course's certificates (course.md `signer: {name, position, nip}`). */
typedef struct {
  const char *name, *position;
  const char *nip; /* NULL when not given */
} lt_course_signer;

/* Loads `dir`. Returns LT_OK, or LT_ERR_INVALID with *out still set when front matter had
 * mistakes (all in `diags`), or LT_ERR_IO with *out unset when course.md is unreadable
 * (LT_ERR_INVALID when it is refused: a symbolic link, hard link or special file, or over
 * LT_LIMIT_ITEM_BYTES). Every file is read confined to `dir` (file.h lt_file_open_in). */
LT_MUST_CHECK lt_status lt_course_load(const char *dir, lt_course **out, lt_diag_list *diags);
void lt_course_free(lt_course *course);

const char *lt_course_dir(const lt_course *c);
const char *lt_course_md(const lt_course *c); /* course.md as messages name it */
const char *lt_course_id(const lt_course *c);
const char *lt_course_title(const lt_course *c);
const char *lt_course_version(const lt_course *c);
const char *lt_course_language(const lt_course *c);
const char *lt_course_publisher(const lt_course *c);
const char *lt_course_activity_base(const lt_course *c); /* NULL when not given */
/* The introduction under course.md's front matter, as plain text: its first paragraph with
 * Markdown marks taken out, at most LT_LIMIT_DESCRIPTION_CHARS characters (cut at a word, with
 * "…"); NULL when there is none. Shown on the player's course card. */
const char *lt_course_description(const lt_course *c);
const lt_course_signer *lt_course_get_signer(const lt_course *c); /* NULL when not given */
const char *const *lt_course_audience(const lt_course *c);        /* NULL-terminated */
/* course.md `followup: [30, 90]`: the days after passing the post-test at which its questions
 * are asked again, ascending; *out_count 0 when not given. */
enum { LT_COURSE_FOLLOWUPS_MAX = 4 };
const long *lt_course_followup(const lt_course *c, size_t *out_count);
/* course.md `targets`, in the order written; *out_count 0 when not given. */
const lt_target *lt_course_targets(const lt_course *c, size_t *out_count);
size_t lt_course_item_count(const lt_course *c);
/* Whether course.md's `items` names `source` (loaded or not: an item with mistakes in its
 * front matter is still listed). */
bool lt_course_lists(const lt_course *c, const char *source);
const lt_course_item *lt_course_item_at(const lt_course *c, size_t i);

/* Validators shared with the manifest reader. */
bool lt_course_valid_id(const char *s);     /* [a-z0-9-]+, not starting with '-' */
bool lt_course_valid_semver(const char *s); /* semver.org 2.0.0 */
/* Semver precedence of two valid versions: <0, 0 or >0 (build metadata is ignored). */
int lt_course_semver_compare(const char *a, const char *b);

const char *lt_item_kind_name(lt_item_kind kind);
const char *lt_quiz_role_name(lt_quiz_role role);

#endif
