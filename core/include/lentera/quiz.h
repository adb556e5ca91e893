/* quiz — a quiz of an installed pack (quizzes/<id>.xml, schema/quiz.xsd) and its marking.
 *
 * The stem, intro and explanation of each question are standalone CommonMark XML documents
 * that lt_layout_new() draws like a lesson. Responses are strings: the chosen choice ids in
 * order ("a" or "a,c"), or the typed text for short answers, which is marked correct when,
 * ignoring case and extra spaces, it equals one of the accepted answers. */
#ifndef LENTERA_QUIZ_H
#define LENTERA_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"

/* A survey's questions (role "survey") are RATING (a statement rated 1-5: choices a-e are the
 * scale's words; the response is "1".."5") and TEXT (a free answer, may be empty); neither is
 * marked. */
typedef enum {
  LT_QUESTION_SINGLE,
  LT_QUESTION_MULTIPLE,
  LT_QUESTION_SHORT,
  LT_QUESTION_RATING,
  LT_QUESTION_TEXT
} lt_question_type;

typedef struct lt_quiz lt_quiz;

LT_MUST_CHECK lt_status lt_quiz_load(const char *xml, size_t len, const char *name, lt_quiz **out,
                                     lt_diag_list *diags);
void lt_quiz_free(lt_quiz *q);

/* A set of questions gathered from other quizzes (a refresher): empty, shuffled, with that
 * title and role; lt_quiz_add_copy appends a copy of question i of `from`. */
lt_quiz *lt_quiz_new_set(const char *title, const char *role);
void lt_quiz_add_copy(lt_quiz *set, const lt_quiz *from, size_t i);
/* The index of the question with that id, or -1. */
long lt_quiz_find(const lt_quiz *q, const char *question_id);

/* Strings are valid while the quiz lives. */
const char *lt_quiz_title(const lt_quiz *q);
const char *lt_quiz_get_role(const lt_quiz *q);
const char *lt_quiz_intro(const lt_quiz *q); /* CommonMark XML or NULL */
long lt_quiz_pass_percent(const lt_quiz *q);
long lt_quiz_max_attempts(const lt_quiz *q); /* 0 = unlimited */
bool lt_quiz_shuffle(const lt_quiz *q);
bool lt_quiz_is_survey(const lt_quiz *q);
bool lt_quiz_anonymous(const lt_quiz *q); /* a survey recorded without name or NIP */
size_t lt_quiz_count(const lt_quiz *q);

const char *lt_quiz_question_id(const lt_quiz *q, size_t i);
const char *lt_quiz_question_title(const lt_quiz *q, size_t i);
lt_question_type lt_quiz_question_type(const lt_quiz *q, size_t i);
const char *lt_quiz_question_stem(const lt_quiz *q, size_t i);        /* CommonMark XML */
const char *lt_quiz_question_explanation(const lt_quiz *q, size_t i); /* or NULL */
size_t lt_quiz_choice_count(const lt_quiz *q, size_t i);
const char *lt_quiz_choice_id(const lt_quiz *q, size_t i, size_t c);
const char *lt_quiz_choice_text(const lt_quiz *q, size_t i, size_t c);
bool lt_quiz_choice_correct(const lt_quiz *q, size_t i, size_t c);
/* A choice's share of the marks in percent (-100..100): its weight attribute, else 100 for
 * the right one of a single choice, 100 shared by the right ones of a multiple response, 0
 * for a wrong one. Weighted questions (any weight attribute) score partial credit. */
double lt_quiz_choice_weight(const lt_quiz *q, size_t i, size_t c);
bool lt_quiz_question_weighted(const lt_quiz *q, size_t i);

/* The order choices are shown in: per question, its choice letters ("cab"; 26 at most).
 * lt_quiz_orders_new shuffles them when the quiz says so (else the source order) and gives
 * the JSON kept with the attempt ({question id: "cab"}, free()); lt_quiz_orders_from_json
 * reads it back when an attempt resumes, taking the source order for any question whose
 * stored order does not fit. `orders` has lt_quiz_count(q) entries. */
typedef char lt_quiz_order[27];
char *lt_quiz_orders_new(const lt_quiz *q, lt_quiz_order *orders);
void lt_quiz_orders_from_json(const lt_quiz *q, const char *json, lt_quiz_order *orders);
/* The accepted answers of a short-answer question, joined by " / " (free()). */
char *lt_quiz_accepted(const lt_quiz *q, size_t i);

/* The credit `response` earns on question i, 0..1 (partial with weights, see quiz.c). */
double lt_quiz_credit(const lt_quiz *q, size_t i, const char *response);
/* Whether `response` earns full credit on question i. */
bool lt_quiz_is_correct(const lt_quiz *q, size_t i, const char *response);

#endif
