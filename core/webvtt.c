/* webvtt — see webvtt.h. The text is split into lines (LF, CRLF or CR) once; a small state
 * machine walks them block by block. Errors carry the 1-based line and column of the
 * offending character, the way a trainer's editor shows them. */
#include "lentera/webvtt.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

/* Reads a timestamp at *p ([hh:]mm:ss.ttt); advances *p. False when it is not one. */
static bool timestamp(const char **p, double *out) {
  const char *s = *p;
  long parts[3];
  int n = 0;
  for (;;) {
    if (!g_ascii_isdigit(*s)) return false;
    long v = 0;
    int digits = 0;
    while (g_ascii_isdigit(*s) && digits < 10)
      v = v * 10 + (*s++ - '0'), digits++;
    if (n == 0 && digits < 2) return false;
    if (n > 0 && digits != 2) return false;
    parts[n++] = v;
    if (*s == ':' && n < 3) {
      s++;
      continue;
    }
    break;
  }
  if (n < 2 || *s != '.') return false;
  s++;
  for (int i = 0; i < 3; i++)
    if (!g_ascii_isdigit(s[i])) return false;
  double ms = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  s += 3;
  long h = n == 3 ? parts[0] : 0, m = parts[n - 2], sec = parts[n - 1];
  if (m > 59 || sec > 59) return false;
  *out = (double)h * 3600 + (double)m * 60 + (double)sec + ms / 1000.0;
  *p = s;
  return true;
}

static int col_of(const char *line, const char *at) { return (int)(at - line) + 1; }

/* Parses a timing line into cue times; an error message (static) or NULL. *where is set. */
static const char *timing(const char *line, double *start, double *end, const char **where) {
  const char *p = line;
  *where = p;
  if (!timestamp(&p, start)) return "expected a start time like 00:01.000";
  while (*p == ' ' || *p == '\t')
    p++;
  *where = p;
  if (strncmp(p, "-->", 3) != 0) return "expected '-->' after the start time";
  p += 3;
  while (*p == ' ' || *p == '\t')
    p++;
  *where = p;
  if (!timestamp(&p, end)) return "expected an end time like 00:04.000";
  *where = p;
  if (*p && *p != ' ' && *p != '\t') return "unexpected text after the end time";
  *where = line;
  if (*end <= *start) return "the cue ends before it starts";
  return NULL;
}

lt_status lt_webvtt_parse(const char *text, size_t len, const char *name, lt_webvtt **out,
                          lt_diag_list *diags) {
  *out = NULL;
  if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
    lt_diag_add(diags, LT_DIAG_ERROR, name, 1, 1, "captions must be UTF-8 text");
    return LT_ERR_INVALID;
  }
  char *copy = g_strndup(text, len);
  /* normalise line ends, then split */
  GString *norm = g_string_new(NULL);
  for (char *c = copy; *c; c++) {
    if (*c == '\r') {
      g_string_append_c(norm, '\n');
      if (c[1] == '\n') c++;
    } else {
      g_string_append_c(norm, *c);
    }
  }
  g_free(copy);
  char **lines = g_strsplit(norm->str, "\n", -1);
  g_string_free(norm, TRUE);
  size_t n = g_strv_length(lines);
  const char *first = lines[0] ? lines[0] : "";
  if (g_str_has_prefix(first, "\xEF\xBB\xBF")) first += 3; /* a BOM */
  if (strncmp(first, "WEBVTT", 6) != 0 || (first[6] && first[6] != ' ' && first[6] != '\t')) {
    lt_diag_add(diags, LT_DIAG_ERROR, name, 1, 1,
                "a captions file must start with the line 'WEBVTT'");
    g_strfreev(lines);
    return LT_ERR_INVALID;
  }
  GArray *cues = g_array_new(FALSE, FALSE, sizeof(lt_webvtt_cue));
  bool bad = false;
  size_t i = 1;
  while (i < n && *lines[i]) /* header lines up to the first blank line */
    i++;
  while (i < n) {
    while (i < n && !*lines[i])
      i++;
    if (i >= n) break;
    size_t block = i;
    if (g_str_has_prefix(lines[i], "NOTE") || g_str_has_prefix(lines[i], "STYLE") ||
        g_str_has_prefix(lines[i], "REGION")) {
      while (i < n && *lines[i])
        i++;
      continue;
    }
    /* an identifier line comes before the timing line when the first has no "-->" */
    if (!strstr(lines[i], "-->")) {
      if (i + 1 >= n || !strstr(lines[i + 1], "-->")) {
        lt_diag_add(diags, LT_DIAG_ERROR, name, (int)block + 1, 1,
                    "expected a cue timing line like '00:01.000 --> 00:04.000'");
        bad = true;
        while (i < n && *lines[i])
          i++;
        continue;
      }
      i++;
    }
    lt_webvtt_cue cue = {0};
    const char *where;
    const char *err = timing(lines[i], &cue.start, &cue.end, &where);
    if (err) {
      lt_diag_add(diags, LT_DIAG_ERROR, name, (int)i + 1, col_of(lines[i], where), "%s", err);
      bad = true;
    }
    int timing_line = (int)i + 1;
    i++;
    GString *t = g_string_new(NULL);
    while (i < n && *lines[i]) {
      if (strstr(lines[i], "-->")) { /* a timing line inside a cue: a blank line is missing */
        lt_diag_add(diags, LT_DIAG_ERROR, name, (int)i + 1, 1,
                    "a new cue must follow a blank line");
        bad = true;
      }
      g_string_append_printf(t, "%s%s", t->len ? "\n" : "", lines[i]);
      i++;
    }
    if (!err && !t->len) {
      lt_diag_add(diags, LT_DIAG_ERROR, name, timing_line, 1, "the cue has no text");
      bad = true;
    }
    if (!err && cues->len && cue.start < g_array_index(cues, lt_webvtt_cue, cues->len - 1).start) {
      lt_diag_add(diags, LT_DIAG_ERROR, name, timing_line, 1,
                  "cues must be in time order: this one starts before the one above");
      bad = true;
    }
    if (err || bad) {
      g_string_free(t, TRUE);
      continue;
    }
    cue.text = g_string_free(t, FALSE);
    g_array_append_val(cues, cue);
  }
  g_strfreev(lines);
  lt_webvtt *v = g_new0(lt_webvtt, 1);
  v->count = cues->len;
  v->cues = (lt_webvtt_cue *)(void *)g_array_free(cues, FALSE);
  if (bad) {
    lt_webvtt_free(v);
    return LT_ERR_INVALID;
  }
  *out = v;
  return LT_OK;
}

void lt_webvtt_free(lt_webvtt *v) {
  if (!v) return;
  for (size_t i = 0; i < v->count; i++)
    g_free(v->cues[i].text);
  g_free(v->cues);
  g_free(v);
}

const lt_webvtt_cue *lt_webvtt_at(const lt_webvtt *v, double t) {
  for (size_t i = 0; v && i < v->count; i++)
    if (t >= v->cues[i].start && t < v->cues[i].end) return &v->cues[i];
  return NULL;
}
