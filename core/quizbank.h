/* quizbank — the question model the bank readers (GIFT, Moodle XML, Aiken) fill and the
 * Markdown writer reads (core-internal). Texts are kept twice: as read (`*_source`, after
 * the format's escapes, before HTML becomes Markdown: what the comparison with other
 * parsers uses) and as Lentera Markdown. */
#ifndef LENTERA_QUIZBANK_H
#define LENTERA_QUIZBANK_H

#include <glib.h>
#include <stdbool.h>

#include "lentera/diag.h"
#include "lentera/quizimport.h"

typedef enum { Q_SINGLE, Q_MULTIPLE, Q_SHORT, Q_SKIPPED } qkind;

typedef struct {
  char *text, *source;              /* Markdown (inline) / as read */
  double weight;                    /* percent, Moodle's fraction × 100 */
  bool correct;                     /* written "- [x]" (or an accepted short answer) */
  bool weighted;                    /* the weight is written out (partial credit) */
  char *feedback, *feedback_source; /* may be NULL */
} choice;

typedef struct {
  qkind kind;
  const char *moodle; /* Moodle's type: "MC", "TF", "Short", "Numerical", "Essay"… */
  char *title;        /* may be NULL */
  char *stem, *stem_source;
  const char *format;               /* "moodle", "html", "plain", "markdown" */
  GArray *choices;                  /* of choice; short answers are choices too */
  char *feedback, *feedback_source; /* general feedback, may be NULL */
  char *category;                   /* Moodle category, may be NULL */
  bool tf, tf_value;                /* a true/false question, and its answer */
  int line;
} question;

typedef struct {
  char *name; /* a plain file name in media/ */
  GBytes *bytes;
} media_file;

struct lt_quizbank {
  GArray *questions; /* of question */
  GPtrArray *media;  /* of media_file* */
  char *source;      /* file base name */
};

typedef struct {
  const char *file;
  char *text;
  size_t len;
  lt_diag_list *diags;
  lt_quizbank *bank;
  bool failed;
  int line;          /* of the question being read, for messages about its images */
  GHashTable *files; /* Moodle XML: a text's file names → Markdown paths, or NULL */
} reader;

question bank_question_new(void);
void bank_question_clear(gpointer p);
void bank_choice_add(question *q, char *text, char *source, double weight, char *feedback,
                     char *feedback_source);
void bank_report(reader *r, lt_severity sev, size_t off, const char *fmt, ...) LT_PRINTF(4, 5);
void bank_report_line(reader *r, lt_severity sev, int line, const char *fmt, ...) LT_PRINTF(4, 5);
/* Text in `format` as Markdown; one_line for a choice. */
char *bank_markdown(reader *r, const char *text, const char *format, bool one_line);
/* Decides single / multiple from the weights, Moodle's way (quizimport.c); false when the
 * question has no right answer (reported). */
bool bank_settle_choices(reader *r, question *q, size_t at, int line, bool moodle_single);
/* Adds an image to the bank's media; returns its Markdown path or NULL (reported). */
char *bank_media_add(reader *r, int line, const char *name, const guchar *data, gsize len);

void read_gift(reader *r);
void read_moodle_xml(reader *r);

#endif
