/* text — what a trainer's editor saved, made fit for the compiler: UTF-8 and no control
 * characters.
 *
 * Trainers write in Notepad, Word, Typora or VS Code. A file saved as UTF-16 or in the
 * Windows code page is refused with a message that says how to save it as UTF-8 and where
 * the first byte that is not UTF-8 sits; characters that XML cannot hold or that Word
 * leaves behind (a vertical tab for Shift+Enter, a page break, U+2028) become spaces, with
 * one warning per file at the first of them. */
#ifndef LENTERA_TEXT_H
#define LENTERA_TEXT_H

#include <stddef.h>

#include "lentera/diag.h"

/* Checks `text` (`*len` bytes, NUL-terminated, from `file` as messages name it). Returns
 * LT_ERR_INVALID, with an error at the first bad byte, when it is not UTF-8 (UTF-16 with or
 * without a byte order mark, Windows-1252/Latin-1, any other encoding). Otherwise replaces
 * control characters other than tab, line feed and carriage return, U+2028, U+2029, U+FFFE
 * and U+FFFF by spaces in place (*len may shrink; the text stays NUL-terminated; lines keep
 * their numbers) and warns at the first one. A UTF-8 byte order mark is kept. */
LT_MUST_CHECK lt_status lt_text_check(const char *file, char *text, size_t *len,
                                      lt_diag_list *diags);

#endif
