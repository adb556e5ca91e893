/* srt — see srt.h. Lines are split once (LF, CRLF or CR); a loop reads block by block:
 * the number line, the timing line (each time [h…]h:mm:ss,mmm), then text lines up to a
 * blank line. Text is rewritten for WebVTT as it is copied: a small stack of the open
 * <i>/<b>/<u> tags drops closings that close nothing and closes what is left open, '&',
 * '<' and '>' that are not one of those tags become references. The result is what
 * lt_webvtt_parse reads without an error. */
#include "lentera/srt.h"

#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "lentera/webvtt.h"

typedef struct {
  const char *name;
  lt_diag_list *diags;
  bool bad;
} reader;

static void fail(reader *r, int line, int col, const char *fmt, ...) LT_PRINTF(4, 5);
static void fail(reader *r, int line, int col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  lt_diag_add(r->diags, LT_DIAG_ERROR, r->name, line, col, "%s", msg);
  g_free(msg);
  r->bad = true;
}

static bool blank(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  return !*s;
}

static int col_at(const char *line, const char *at) {
  return (int)g_utf8_strlen(line, at - line) + 1;
}

/* [h…]h:mm:ss,mmm (or a dot) at *p: milliseconds, or -1 with *p at the mistake. */
static long long srt_time(const char **p) {
  const char *s = *p;
  long long part[3] = {0, 0, 0};
  for (int k = 0; k < 3; k++) {
    int n = 0;
    const char *at = s;
    while (g_ascii_isdigit(*s) && n < 9)
      part[k] = part[k] * 10 + (*s++ - '0'), n++;
    if (!n || (k > 0 && n != 2) || (k > 0 && part[k] > 59)) {
      *p = n == 2 ? at : s;
      return -1;
    }
    if (k < 2) {
      if (*s != ':') {
        *p = s;
        return -1;
      }
      s++;
    }
  }
  if (*s != ',' && *s != '.') {
    *p = s;
    return -1;
  }
  s++;
  long long ms = 0;
  int n = 0;
  while (g_ascii_isdigit(*s) && n < 3)
    ms = ms * 10 + (*s++ - '0'), n++;
  if (!n) {
    *p = s;
    return -1;
  }
  for (; n < 3; n++) /* "00:00:01,5" is half a second */
    ms *= 10;
  *p = s;
  return ((part[0] * 60 + part[1]) * 60 + part[2]) * 1000 + ms;
}

static void put_time(GString *out, long long ms) {
  g_string_append_printf(out, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                         ms / 1000 % 60, ms % 1000);
}

/* The tag at s ('<'): its WebVTT name (i, b, u) and whether it closes, "font" for a <font>
 * tag, or NULL when it is not one SubRip uses. *len is its length. */
static const char *srt_tag(const char *s, bool *closing, size_t *len) {
  const char *e = strpbrk(s + 1, "<>\n");
  if (!e || *e != '>') return NULL; /* a tag ends on its own line */
  *len = (size_t)(e - s) + 1;
  const char *n = s + 1;
  *closing = *n == '/';
  if (*closing) n++;
  size_t nl = 0;
  while (g_ascii_isalpha(n[nl]))
    nl++;
  if (nl == 1 && strchr("ibuIBU", *n) && (n[1] == '>' || (!*closing && n[1] == ' ')))
    return *n == 'i' || *n == 'I' ? "i" : *n == 'b' || *n == 'B' ? "b" : "u";
  if (nl == 4 && !g_ascii_strncasecmp(n, "font", 4) && (n[4] == '>' || n[4] == ' ')) return "font";
  return NULL;
}

static const char ibu[] = "ibu";

/* Copies one cue's text for WebVTT (see the top of the file). */
static void convert_text(GString *out, const char *text) {
  GString *open = g_string_new(NULL); /* the open tags, one letter each */
  size_t opened[3] = {0, 0, 0};       /* how many of i, b, u are open */
  const char *close = text;           /* where the last look for a '}' stopped */
  for (const char *s = text; *s;) {
    bool closing;
    size_t len;
    const char *tag = *s == '<' ? srt_tag(s, &closing, &len) : NULL;
    if (tag) {
      if (strcmp(tag, "font") != 0) {
        if (!closing) {
          g_string_append_printf(out, "<%s>", tag);
          g_string_append_c(open, *tag);
          opened[strchr(ibu, *tag) - ibu]++;
        } else if (opened[strchr(ibu, *tag) - ibu]) { /* <b><i>x</b></i>: close down to it */
          char last;
          do {
            last = open->str[open->len - 1];
            g_string_append_printf(out, "</%c>", last);
            g_string_truncate(open, open->len - 1);
            opened[strchr(ibu, last) - ibu]--;
          } while (last != *tag);
        }
      }
      s += len;
    } else if (*s == '{' && s[1] == '\\' && s >= close && /* no '}' on the line before close */
               *(close = s + strcspn(s, "}\n")) == '}') {
      s = close + 1; /* {\an8}: a position for ASS */
    } else {
      if (*s == '&')
        g_string_append(out, "&amp;");
      else if (*s == '<')
        g_string_append(out, "&lt;");
      else if (*s == '>')
        g_string_append(out, "&gt;");
      else
        g_string_append_c(out, *s);
      s++;
    }
  }
  while (open->len) {
    g_string_append_printf(out, "</%c>", open->str[open->len - 1]);
    g_string_truncate(open, open->len - 1);
  }
  g_string_free(open, TRUE);
}

static const char *const timing_example = "like '00:00:01,000 --> 00:00:04,000'";

/* Reads a timing line; false (reported) when it is not one. */
static bool timing(reader *r, const char *line, int lno, long long *start, long long *end) {
  const char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  if ((*start = srt_time(&p)) < 0) {
    fail(r, lno, col_at(line, p), "expected a start time %s", timing_example);
    return false;
  }
  while (*p == ' ' || *p == '\t')
    p++;
  if (strncmp(p, "-->", 3) != 0) {
    fail(r, lno, col_at(line, p), "expected '-->' after the start time, %s", timing_example);
    return false;
  }
  p += 3;
  while (*p == ' ' || *p == '\t')
    p++;
  if ((*end = srt_time(&p)) < 0) {
    fail(r, lno, col_at(line, p), "expected an end time %s", timing_example);
    return false;
  }
  if (*p && *p != ' ' && *p != '\t') {
    fail(r, lno, col_at(line, p), "unexpected text after the end time");
    return false;
  }
  if (*end <= *start) {
    fail(r, lno, 1, "the cue ends %s it starts: the end time must be later",
         *end == *start ? "when" : "before");
    return false;
  }
  return true;
}

static bool all_digits(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  if (!g_ascii_isdigit(*s)) return false;
  while (g_ascii_isdigit(*s))
    s++;
  return blank(s);
}

lt_status lt_srt_to_webvtt(const char *text, size_t len, const char *name, char **out_vtt,
                           size_t *out_len, lt_diag_list *diags) {
  if (lt_webvtt_check_encoding(text, len, name, diags) != LT_OK) return LT_ERR_INVALID;
  reader r = {name, diags, false};
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
  GString *norm = g_string_sized_new(len);
  for (size_t k = 0; k < len; k++) {
    if (text[k] == '\r') {
      g_string_append_c(norm, '\n');
      if (k + 1 < len && text[k + 1] == '\n') k++;
    } else {
      g_string_append_c(norm, text[k]);
    }
  }
  char **lines = g_strsplit(norm->str, "\n", -1);
  g_string_free(norm, TRUE);
  size_t n = g_strv_length(lines);
  GString *out = g_string_new("WEBVTT\n");
  long long prev = -1;
  size_t cues = 0;
  for (size_t i = 0; i < n;) {
    if (blank(lines[i])) {
      i++;
      continue;
    }
    char *number = NULL;
    if (all_digits(lines[i]) && i + 1 < n && !blank(lines[i + 1]))
      number = g_strstrip(g_strdup(lines[i++])); /* the next line must be the timing */
    if (!number && !strstr(lines[i], "-->")) {
      fail(&r, (int)i + 1, 1, "expected a cue number and a timing line %s", timing_example);
      while (i < n && !blank(lines[i]))
        i++;
      g_free(number);
      continue;
    }
    long long start, end;
    bool ok = timing(&r, lines[i], (int)i + 1, &start, &end);
    if (ok && start < prev)
      fail(&r, (int)i + 1, 1, "cues must be in time order: this one starts before the one above");
    GString *cue = g_string_new(NULL);
    for (i++; i < n && !blank(lines[i]); i++) {
      if (strstr(lines[i], "-->")) {
        fail(&r, (int)i + 1, 1, "a blank line is missing before this cue");
        break;
      }
      g_string_append_printf(cue, "%s%s", cue->len ? "\n" : "", lines[i]);
    }
    if (ok) {
      prev = start;
      g_string_append_c(out, '\n');
      if (number) g_string_append_printf(out, "%s\n", number);
      put_time(out, start);
      g_string_append(out, " --> ");
      put_time(out, end);
      g_string_append_c(out, '\n');
      GString *body = g_string_new(NULL);
      convert_text(body, cue->str);
      char **rows = g_strsplit(body->str, "\n", -1);
      for (char **row = rows; *row; row++) /* a line that held only <font> would end the cue */
        if (**row) g_string_append_printf(out, "%s\n", *row);
      g_strfreev(rows);
      g_string_free(body, TRUE);
      cues++;
    }
    g_string_free(cue, TRUE);
    g_free(number);
  }
  g_strfreev(lines);
  if (!r.bad && !cues)
    fail(&r, 1, 1,
         "no cues found: a SubRip file has blocks like '1', %s "
         "and a line of text",
         timing_example + 5);
  if (r.bad) {
    g_string_free(out, TRUE);
    return LT_ERR_INVALID;
  }
  *out_len = out->len;
  *out_vtt = g_string_free(out, FALSE);
  return LT_OK;
}
