/* compile — Markdown items to the XML that goes into a pack (the only cmark-gfm user).
 *
 * Lessons and cheat sheets become CommonMark XML (GFM tables, task lists, strikethrough with
 * two tildes, footnotes turned into a numbered list of notes at the end), with raw HTML
 * dropped, media links checked and rewritten to pack paths, and links to other items
 * rewritten to the item's path in the pack ("lessons/02-lesson.xml"). Quizzes
 * become schema/quiz.xsd XML: each '## heading' a question, its paragraphs the stem, a task
 * list the choices, an ```answer block the accepted short answers, a block quote the
 * explanation. Every mistake is reported with the item file's line and column. */
#ifndef LENTERA_COMPILE_H
#define LENTERA_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/course.h"
#include "lentera/diag.h"

typedef struct lt_compiled lt_compiled;

/* Compiles one item of `course`. Returns LT_ERR_INVALID (and no *out) on any error. */
LT_MUST_CHECK lt_status lt_compile_item(const lt_course *course, const lt_course_item *item,
                                        lt_compiled **out, lt_diag_list *diags);
/* The same; with `transcode`, a video FFmpeg can decode but Lentera does not accept as it is
 * is listed for transcoding (lt_compiled_transcode) and the item points at its MP4. */
LT_MUST_CHECK lt_status lt_compile_item_with(const lt_course *course, const lt_course_item *item,
                                             bool transcode, lt_compiled **out,
                                             lt_diag_list *diags);
void lt_compiled_free(lt_compiled *c);

/* Pack path of the XML ("lessons/<id>.xml", "cheatsheets/<id>.xml", "quizzes/<id>.xml"). */
const char *lt_compiled_path(const lt_compiled *c);
const char *lt_compiled_xml(const lt_compiled *c, size_t *out_len);
/* Media files the item uses: their paths inside the pack ("media/Gambar-Kantor.png": a
 * pack name uses only letters, digits, '_', '.' and '-') and, for each, the file in the
 * course folder it is copied from ("media/Gambar Kantor.png"). */
size_t lt_compiled_media_count(const lt_compiled *c);
const char *lt_compiled_media(const lt_compiled *c, size_t i);
const char *lt_compiled_media_source(const lt_compiled *c, size_t i);
/* Videos to transcode: the source's path in the course; *pack_path gets the MP4's. */
size_t lt_compiled_transcode_count(const lt_compiled *c);
const char *lt_compiled_transcode(const lt_compiled *c, size_t i, const char **pack_path);
/* Number of questions (quizzes only). */
size_t lt_compiled_question_count(const lt_compiled *c);

/* Pack folder for an item kind: "lessons", "cheatsheets" or "quizzes". */
const char *lt_compile_folder(lt_item_kind kind);

#endif
