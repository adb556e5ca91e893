/* Tests for text: UTF-16 and Windows-1252 files refused at their first bad byte with how to
 * save them as UTF-8; Word's control characters become spaces with one warning (issue 13). */
#include <stdlib.h>

#include "lentera/text.h"
#include "check.h"

/* Runs lt_text_check on a copy of `len` bytes; returns the status, *out the text after. */
static lt_status run(const char *bytes, size_t len, char **out, size_t *out_len, char **msgs) {
  char *t = g_malloc(len + 1);
  memcpy(t, bytes, len);
  t[len] = '\0';
  lt_diag_list *d = lt_diag_list_new();
  lt_status st = lt_text_check("a.md", t, &len, d);
  *msgs = diags_text(d);
  lt_diag_list_free(d);
  *out = t;
  *out_len = len;
  return st;
}

int main(void) {
  char *t, *m;
  size_t n;
  /* UTF-16 with a byte order mark, either order */
  CHECK_INT(run("\xFF\xFE-\0-\0-\0", 8, &t, &n, &m), LT_ERR_INVALID);
  CHECK_CONTAINS(m, "a.md:1:1: error: the file is saved as UTF-16; save it as UTF-8");
  g_free(t), g_free(m);
  CHECK_INT(run("\xFE\xFF\0-\0-", 6, &t, &n, &m), LT_ERR_INVALID);
  CHECK_CONTAINS(m, "UTF-16");
  g_free(t), g_free(m);
  /* UTF-16 without one: zero bytes; the position is the first of them */
  CHECK_INT(run("-\0-\0-\0\n\0", 8, &t, &n, &m), LT_ERR_INVALID);
  CHECK_CONTAINS(m, "a.md:1:2: error: the file holds zero bytes: it looks saved as UTF-16");
  g_free(t), g_free(m);
  /* Windows-1252: line and column of the first byte that is not UTF-8, and what it is */
  const char *w = "---\ntitle: Caf\xE9 \x93kopi\x94\n";
  CHECK_INT(run(w, strlen(w), &t, &n, &m), LT_ERR_INVALID);
  CHECK_CONTAINS(m, "a.md:2:11: error: the file is not UTF-8: it looks saved as Windows-1252 or "
                    "Latin-1 (byte 0xE9 here is '\xC3\xA9' there); save it as UTF-8");
  g_free(t), g_free(m);
  /* column counts characters, not bytes */
  const char *u = "\xC3\xA9\xC3\xA9\x81";
  CHECK_INT(run(u, strlen(u), &t, &n, &m), LT_ERR_INVALID);
  CHECK_CONTAINS(m, "a.md:1:3: error: the file is not UTF-8");
  g_free(t), g_free(m);
  /* control characters: spaces, one warning at the first with the count of the others */
  const char *c = "a\vb\n\tc\fd\r\ne\xE2\x80\xA8"
                  "f\x01g";
  CHECK_INT(run(c, strlen(c), &t, &n, &m), LT_OK);
  CHECK_STR(t, "a b\n\tc d\r\ne f g");
  CHECK_INT(n, strlen("a b\n\tc d\r\ne f g"));
  CHECK_STR(m, "a.md:1:2: warning: a vertical tab (U+000B, Word's Shift+Enter line break) is "
               "replaced by a space, and 3 more characters like it in this file: they cannot be "
               "shown (they came from a word processor)\n");
  g_free(t), g_free(m);
  const char *one = "x\n\xE2\x80\xA8y";
  CHECK_INT(run(one, strlen(one), &t, &n, &m), LT_OK);
  CHECK_STR(t, "x\n y");
  CHECK_STR(m, "a.md:2:1: warning: a line separator (U+2028) is replaced by a space: it cannot be "
               "shown (it came from a word processor)\n");
  g_free(t), g_free(m);
  /* a stray zero byte in a UTF-8 file is a control character, not UTF-16 */
  char stray[600];
  memset(stray, 'a', sizeof stray);
  stray[300] = '\0';
  CHECK_INT(run(stray, sizeof stray, &t, &n, &m), LT_OK);
  CHECK(t[300] == ' ');
  CHECK_CONTAINS(m, "a.md:1:301: warning: a control character");
  g_free(t), g_free(m);
  /* clean UTF-8 (a BOM too) is left alone, with no message */
  const char *ok = "\xEF\xBB\xBF---\ntitle: Kopi \xE2\x98\x95\n";
  CHECK_INT(run(ok, strlen(ok), &t, &n, &m), LT_OK);
  CHECK_STR(t, ok);
  CHECK_STR(m, "");
  g_free(t), g_free(m);
  return check_done("test_text");
}
