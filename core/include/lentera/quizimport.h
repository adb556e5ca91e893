/* quizimport — question banks from Moodle's GIFT and Aiken formats, as Lentera quiz Markdown.
 *
 * Trainers bring existing banks: lt_quizimport_read() parses a GIFT (.gift) or Aiken (.txt)
 * file into questions Lentera can play (single choice, multiple response, true/false as
 * single choice, short answer) and reports, with line and column, every question it cannot
 * play (matching, numerical, essay, missing word, description) as a warning and skips it,
 * never silently changing it. lt_quizimport_markdown() writes the quiz file (README.md
 * "Writing a course"), which `lentera-pack check` then compiles like any other. */
#ifndef LENTERA_QUIZIMPORT_H
#define LENTERA_QUIZIMPORT_H

#include <stddef.h>

#include "lentera/diag.h"

typedef enum { LT_QUIZIMPORT_AUTO, LT_QUIZIMPORT_GIFT, LT_QUIZIMPORT_AIKEN } lt_quizimport_format;

typedef struct lt_quizbank lt_quizbank;

/* Reads `path`. AUTO picks GIFT for ".gift", Aiken otherwise. Returns LT_ERR_INVALID when the
 * file has errors or no playable question (all reported), or is refused: a symbolic link, a
 * hard link, anything but a regular file, or larger than LT_LIMIT_ITEM_BYTES. */
LT_MUST_CHECK lt_status lt_quizimport_read(const char *path, lt_quizimport_format format,
                                           lt_quizbank **out, lt_diag_list *diags);
void lt_quizbank_free(lt_quizbank *bank);
size_t lt_quizbank_count(const lt_quizbank *bank);

/* The bank as a Lentera quiz Markdown file (free()). `title` and `role` go to the front
 * matter ("pretest", "posttest" or "practice"). */
char *lt_quizimport_markdown(const lt_quizbank *bank, const char *title, const char *role);

#endif
