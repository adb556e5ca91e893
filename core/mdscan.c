/* mdscan — the nesting pre-scan (see mdscan.h).
 *
 * Per line: the container prefix is read first, each '>' and each list marker ('-', '+',
 * '*', or 1-9 digits and '.' or ')', followed by a space, a tab or the line's end) one
 * level, and every two spaces of indentation one more (nested lists are written by
 * indenting). Then the inline part: a run of '*', '_' or '~' that can open (followed by
 * something other than a space) and cannot close (preceded by a space or nothing) opens
 * as many levels as it is long, one that can only close closes as many; '[' opens one and
 * ']' closes one; backslash escapes and code spans are skipped. The inline count carries
 * over the lines of a paragraph and restarts at a blank line. */
#include "mdscan.h"

#include <string.h>

#include "lentera/limits.h"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0; }

/* Length of a list marker at p (up to e), with the space after it; 0 when none. */
static size_t list_marker(const char *p, const char *e) {
  const char *q = p;
  if (q < e && (*q == '-' || *q == '+' || *q == '*'))
    q++;
  else {
    while (q < e && q - p < 9 && *q >= '0' && *q <= '9')
      q++;
    if (q == p || q >= e || (*q != '.' && *q != ')')) return 0;
    q++;
  }
  if (q < e && *q != ' ' && *q != '\t' && *q != '\r') return 0;
  return (size_t)(q - p) + (q < e);
}

bool lt_mdscan_too_deep(const char *md, size_t len, int *out_line, int *out_col) {
  const char *p = md, *end = md + len;
  long inl = 0;
  for (int line = 1; p < end; line++) {
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e) e = end;
    const char *q = p;
    long block = 0, spaces = 0;
    for (;;) {
      while (q < e && (*q == ' ' || *q == '\t'))
        spaces += *q++ == '\t' ? 4 : 1;
      size_t m;
      if (q < e && *q == '>')
        block++, q++;
      else if ((m = list_marker(q, e)) > 0)
        block++, q += m;
      else
        break;
      if (block + spaces / 2 > LT_LIMIT_MARKDOWN_DEPTH) {
        *out_line = line, *out_col = (int)(q - p);
        return true;
      }
    }
    if (block + spaces / 2 > LT_LIMIT_MARKDOWN_DEPTH) {
      *out_line = line, *out_col = 1;
      return true;
    }
    if (q == e || (q + 1 == e && *q == '\r')) inl = 0; /* a blank line ends the paragraph */
    while (q < e) {
      char c = *q;
      if (c == '\\') {
        q += q + 1 < e ? 2 : 1;
      } else if (c == '`') {
        const char *r = q;
        while (r < e && *r == '`')
          r++;
        size_t n = (size_t)(r - q);
        const char *close = NULL;
        for (const char *s = r; s < e && !close; s++)
          if (*s == '`') {
            const char *t = s;
            while (t < e && *t == '`')
              t++;
            if ((size_t)(t - s) == n) close = t;
            s = t - 1;
          }
        q = close ? close : r;
      } else if (c == '*' || c == '_' || c == '~') {
        const char *r = q;
        while (r < e && *r == c)
          r++;
        bool after = r < e && !blank(*r), before = q > p && !blank(q[-1]);
        long n = (long)(r - q);
        if (after && !before) inl += n;
        if (before && !after) inl = inl > n ? inl - n : 0;
        if (inl > LT_LIMIT_MARKDOWN_DEPTH) {
          *out_line = line, *out_col = (int)(q - p) + 1;
          return true;
        }
        q = r;
      } else {
        if (c == '[' && ++inl > LT_LIMIT_MARKDOWN_DEPTH) {
          *out_line = line, *out_col = (int)(q - p) + 1;
          return true;
        }
        if (c == ']' && inl > 0) inl--;
        q++;
      }
    }
    p = e < end ? e + 1 : end;
  }
  return false;
}
