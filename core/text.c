/* text — encoding checks and control-character clean-up (see text.h).
 *
 * Order: a UTF-16 byte order mark, then zero bytes (UTF-16 without a mark: every other
 * byte of ASCII text is zero), then g_utf8_validate for the first byte that is not UTF-8;
 * when the whole file converts from Windows-1252 the message names that encoding and shows
 * the character the byte stands for there. Positions are 1-based lines and characters.
 * Control characters are rewritten in one pass that copies the text onto itself, so a
 * three-byte U+2028 becomes one space and the rest moves up. */
#include "lentera/text.h"

#include <glib.h>
#include <string.h>

static const char how_to[] =
    "save it as UTF-8 (Notepad: File > Save as > Encoding: UTF-8; VS Code: the encoding in "
    "the status bar > Save with Encoding > UTF-8; Word: Save as > Plain Text > Unicode "
    "(UTF-8))";

/* Line and character column of byte `at` of `text`. */
static void position(const char *text, size_t at, int *line, int *col) {
  *line = 1, *col = 1;
  for (size_t i = 0; i < at; i++) {
    if (text[i] == '\n')
      ++*line, *col = 1;
    else if (((unsigned char)text[i] & 0xC0) != 0x80)
      ++*col;
  }
}

static lt_status check_encoding(const char *file, const char *text, size_t len,
                                lt_diag_list *diags) {
  const unsigned char *u = (const unsigned char *)text;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, 1, 1, "the file is saved as UTF-16; %s", how_to);
    return LT_ERR_INVALID;
  }
  size_t head = len < 512 ? len : 512, zeros = 0;
  for (size_t i = 0; i < head; i++)
    zeros += text[i] == '\0';
  if (zeros && zeros * 4 >= head) { /* ASCII in UTF-16: every other byte is zero */
    const char *zero = memchr(text, '\0', len);
    int line, col;
    position(text, (size_t)(zero - text), &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, file, line, col,
                "the file holds zero bytes: it looks saved as UTF-16, not as text in UTF-8; %s",
                how_to);
    return LT_ERR_INVALID;
  }
  /* validated between zero bytes (g_utf8_validate stops at one; a stray one is cleaned) */
  const char *end = NULL;
  for (size_t at = 0; at < len && !end;) {
    const char *seg = text + at, *stop;
    size_t n = strnlen(seg, len - at);
    if (!g_utf8_validate(seg, (gssize)n, &stop)) end = stop;
    at += n + 1;
  }
  if (!end) return LT_OK;
  int line, col;
  position(text, (size_t)(end - text), &line, &col);
  unsigned char byte = *(const unsigned char *)end;
  char *as1252 = g_convert(text, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  char *shown = g_convert(end, 1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (as1252 && shown)
    lt_diag_add(diags, LT_DIAG_ERROR, file, line, col,
                "the file is not UTF-8: it looks saved as Windows-1252 or Latin-1 (byte 0x%02X "
                "here is '%s' there); %s",
                byte, shown, how_to);
  else
    lt_diag_add(diags, LT_DIAG_ERROR, file, line, col,
                "the file is not UTF-8 (byte 0x%02X here is not valid UTF-8); %s", byte, how_to);
  g_free(as1252), g_free(shown);
  return LT_ERR_INVALID;
}

/* What a character to replace is called in the warning; NULL when it stays. */
static const char *replaced(gunichar c) {
  if (c == '\t' || c == '\n' || c == '\r') return NULL;
  if (c == 0x0B) return "a vertical tab (U+000B, Word's Shift+Enter line break)";
  if (c == 0x0C) return "a page break (U+000C)";
  if (c < 0x20) return "a control character";
  if (c == 0x2028) return "a line separator (U+2028)";
  if (c == 0x2029) return "a paragraph separator (U+2029)";
  if (c == 0xFFFE || c == 0xFFFF) return "a non-character (U+FFFE or U+FFFF)";
  return NULL;
}

lt_status lt_text_check(const char *file, char *text, size_t *len, lt_diag_list *diags) {
  lt_status st = check_encoding(file, text, *len, diags);
  if (st != LT_OK) return st;
  size_t out = 0, count = 0;
  int line = 1, col = 1, first_line = 0, first_col = 0;
  gunichar first = 0;
  for (size_t in = 0; in < *len;) {
    const char *p = text + in;
    gunichar c = g_utf8_get_char(p);
    size_t n = (size_t)(g_utf8_next_char(p) - p);
    if (replaced(c)) {
      if (!count++) first = c, first_line = line, first_col = col;
      text[out++] = ' ';
    } else {
      memmove(text + out, p, n);
      out += n;
    }
    if (c == '\n')
      line++, col = 1;
    else
      col++;
    in += n;
  }
  text[out] = '\0';
  *len = out;
  if (count == 1)
    lt_diag_add(diags, LT_DIAG_WARNING, file, first_line, first_col,
                "%s is replaced by a space: it cannot be shown (it came from a word processor)",
                replaced(first));
  else if (count > 1)
    lt_diag_add(diags, LT_DIAG_WARNING, file, first_line, first_col,
                "%s is replaced by a space, and %zu more characters like it in this file: they "
                "cannot be shown (they came from a word processor)",
                replaced(first), count - 1);
  return LT_OK;
}
