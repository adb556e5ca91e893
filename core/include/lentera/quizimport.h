/* quizimport — question banks from Moodle (GIFT, Moodle XML, Aiken) as Lentera quiz Markdown.
 *
 * Trainers bring existing banks: lt_quizimport_read() parses a GIFT (.gift), Moodle XML
 * (.xml) or Aiken (.txt) file as Moodle's own importers read it, into questions Lentera can
 * play (single choice, multiple response, true/false as single choice, short answer, with
 * Moodle's partial-credit weights) and reports, with line and column, every question it
 * cannot play (matching, numerical, essay, description…) as a warning and skips it, never
 * silently changing it. Images (Moodle XML <file>, GIFT data: URIs) are kept for media/.
 * lt_quizimport_markdown() writes the quiz file (README.md "Writing a course"), which `lentera-pack
 * check` then compiles like any other. */
#ifndef LENTERA_QUIZIMPORT_H
#define LENTERA_QUIZIMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"

typedef enum {
  LT_QUIZIMPORT_AUTO,
  LT_QUIZIMPORT_GIFT,
  LT_QUIZIMPORT_AIKEN,
  LT_QUIZIMPORT_MOODLE_XML
} lt_quizimport_format;

typedef struct lt_quizbank lt_quizbank;

/* Reads `path`. AUTO picks GIFT for ".gift", Moodle XML for ".xml", Aiken otherwise. Returns
 * LT_ERR_INVALID when the file has errors or no playable question (all reported), or is refused: a
 * symbolic link, a hard link, anything but a regular file, or larger than LT_LIMIT_ITEM_BYTES. */
LT_MUST_CHECK lt_status lt_quizimport_read(const char *path, lt_quizimport_format format,
                                           lt_quizbank **out, lt_diag_list *diags);
void lt_quizbank_free(lt_quizbank *bank);
size_t lt_quizbank_count(const lt_quizbank *bank); /* questions Lentera plays */
size_t lt_quizbank_media_count(const lt_quizbank *bank);

/* Writes the bank's images into the media/ folder beside `quiz_path` (made if missing; not
 * through a symbolic link); an existing file is replaced only with `force`. */
LT_MUST_CHECK lt_status lt_quizimport_write_media(const lt_quizbank *bank, const char *quiz_path,
                                                  bool force, lt_diag_list *diags);

/* Every question read, skipped ones too, as JSON (free()): type, stem and answers as read,
 * weights, which are right, feedback. For the tests comparing readers with other parsers. */
char *lt_quizimport_json(const lt_quizbank *bank);

/* The bank as a Lentera quiz Markdown file (free()). `title` and `role` go to the front
 * matter ("pretest", "posttest" or "practice"). */
char *lt_quizimport_markdown(const lt_quizbank *bank, const char *title, const char *role);

#endif
