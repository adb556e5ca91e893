/* webvtt — see webvtt.h. The text is split into lines (LF, CRLF or CR) once; the block loop
 * of the W3C "WebVTT parser algorithm" walks them: header lines, then NOTE/STYLE/REGION
 * blocks and cues, a bad timing line dropping its cue and a timing line inside a cue's text
 * starting the next one. Each cue's text goes through the "cue text parsing rules": a
 * tokenizer (data, escape, tag, start tag, class, annotation, end tag, timestamp states)
 * feeding a stack of open tags, from which the plain text and its styled runs are written.
 * Conformance errors are the ones the W3C validator reports, in plain words, at the 1-based
 * line and column (in characters) of what is wrong. */
#include "lentera/webvtt.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

typedef struct {
  const char *name;
  lt_diag_list *diags;
  bool bad;
} parser;

static void fail(parser *p, int line, int col, const char *fmt, ...) LT_PRINTF(4, 5);
static void fail(parser *p, int line, int col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  lt_diag_add(p->diags, LT_DIAG_ERROR, p->name, line, col, "%s", msg);
  g_free(msg);
  p->bad = true;
}

/* The column, in characters, of byte `at` of `line`. */
static int col_at(const char *line, size_t at) { return (int)g_utf8_strlen(line, (gssize)at) + 1; }

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* ---- encodings ---- */

lt_status lt_webvtt_check_encoding(const char *text, size_t len, const char *name,
                                   lt_diag_list *diags) {
  const char *bad = NULL;
  bool nul = memchr(text, '\0', len) != NULL;
  if (!nul && g_utf8_validate(text, (gssize)len, &bad)) return LT_OK;
  const unsigned char *u = (const unsigned char *)text;
  const char *enc = "Windows-1252 (Latin-1)";
  int line = 1, col = 1;
  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    enc = "UTF-16 LE";
  } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    enc = "UTF-16 BE";
  } else if (nul) {
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < len && i < 4096; i++)
      if (!u[i]) *(i % 2 ? &odd : &even) += 1;
    enc = odd >= even ? "UTF-16 LE" : "UTF-16 BE";
  } else { /* the first byte that is not UTF-8, where an editor shows it */
    const char *ls = text;
    for (const char *c = text; c < bad; c++)
      if (*c == '\n') line++, ls = c + 1;
    col = col_at(ls, (size_t)(bad - ls));
  }
  lt_diag_add(diags, LT_DIAG_ERROR, name, line, col,
              "captions must be saved as UTF-8, and this file looks like %s: open it in "
              "Notepad or Subtitle Edit, choose 'Save as', pick the encoding 'UTF-8' and save it "
              "again",
              enc);
  return LT_ERR_INVALID;
}

/* ---- timestamps and settings ---- */

static size_t digits(const char *s, size_t *pos, long *val) {
  size_t n = 0;
  *val = 0;
  while (g_ascii_isdigit(s[*pos])) {
    if (*val < 100000000) *val = *val * 10 + (s[*pos] - '0');
    (*pos)++, n++;
  }
  return n;
}

/* "Collect a WebVTT timestamp" at s[*pos]: [h…:]mm:ss.ttt. NULL, or why not (*pos at the
 * offending character). */
static const char *timestamp(const char *s, size_t *pos, double *out) {
  long a, b, c, ms;
  size_t s0 = *pos;
  if (!g_ascii_isdigit(s[*pos])) return "expected a time like 00:01.000";
  size_t na = digits(s, pos, &a);
  bool hours = na > 2 || a > 59;
  if (s[*pos] != ':') return "a time needs minutes and seconds, like 00:01.000";
  (*pos)++;
  if (digits(s, pos, &b) != 2) return "write minutes and seconds with two digits, like 00:01.000";
  if (hours || s[*pos] == ':') {
    if (s[*pos] != ':') return "more than 59 minutes: write the hours first, like 01:15:00.000";
    (*pos)++;
    if (digits(s, pos, &c) != 2) return "write the seconds with two digits, like 00:00:01.000";
  } else {
    if (na != 2 && (*pos = s0) == s0)
      return "write minutes with two digits, like 00:01.000 (or add hours: 0:00:01.000)";
    c = b, b = a, a = 0;
  }
  if (s[*pos] != '.')
    return "the seconds need a dot and three digits, like 00:01.000 (a comma is SubRip, not "
           "WebVTT)";
  (*pos)++;
  if (digits(s, pos, &ms) != 3) return "write the milliseconds with three digits, like 00:01.500";
  if (b > 59 || c > 59) *pos = s0;
  if (b > 59) return "minutes go up to 59";
  if (c > 59) return "seconds go up to 59";
  *out = (double)a * 3600 + (double)b * 60 + (double)c + (double)ms / 1000.0;
  return NULL;
}

/* A number as settings write it: digits with an optional fraction. */
static bool number(const char *s, size_t n, double *out) {
  size_t i = 0;
  while (i < n && g_ascii_isdigit(s[i]))
    i++;
  if (!i) return false;
  if (i < n && s[i] == '.') {
    size_t f = ++i;
    while (i < n && g_ascii_isdigit(s[i]))
      i++;
    if (i == f) return false;
  }
  if (i != n) return false;
  *out = g_ascii_strtod(s, NULL);
  return true;
}

static bool percent(const char *v, double *out) {
  size_t n = strlen(v);
  return n > 1 && v[n - 1] == '%' && number(v, n - 1, out) && *out <= 100;
}

static bool one_of(const char *v, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(v, *list)) return true;
  return false;
}

/* "Parse the WebVTT cue settings" of `line` from byte `from`, as the validator checks them. */
static void settings(parser *p, const char *line, size_t from, int lno) {
  GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);
  size_t i = from;
  for (;;) {
    while (is_space(line[i]))
      i++;
    if (!line[i]) break;
    size_t start = i;
    while (line[i] && !is_space(line[i]))
      i++;
    char *tok = g_strndup(line + start, i - start);
    int col = col_at(line, start);
    char *colon = strchr(tok, ':');
    char *key = colon ? g_strndup(tok, (size_t)(colon - tok)) : g_strdup(tok);
    const char *val = colon ? colon + 1 : "";
    bool dup = false;
    for (guint k = 0; k < seen->len; k++)
      dup = dup || !strcmp(seen->pdata[k], key);
    if (dup) fail(p, lno, col, "the setting '%s' is given twice: keep one", key);
    g_ptr_array_add(seen, g_strdup(key));
    char *v = g_strdup(val), *align = strchr(v, ',');
    if (align) *align++ = '\0';
    double d;
    static const char *const line_al[] = {"start", "center", "end", NULL};
    static const char *const pos_al[] = {"line-left", "center", "line-right", NULL};
    static const char *const al[] = {"start", "center", "end", "left", "right", NULL};
    if (!*val) {
      fail(p, lno, col, "the setting '%s' needs a value after ':', like align:center", tok);
    } else if (!strcmp(key, "vertical")) {
      if (strcmp(val, "rl") != 0 && strcmp(val, "lr") != 0)
        fail(p, lno, col, "vertical must be 'rl' or 'lr'");
    } else if (!strcmp(key, "line")) {
      const char *num = v[0] == '-' ? v + 1 : v;
      size_t n = strlen(num);
      bool pc = n && num[n - 1] == '%';
      if (!number(num, pc ? n - 1 : n, &d) || (pc && (v[0] == '-' || d > 100)))
        fail(p, lno, col,
             "line must be a line number or a percentage up to 100%%, like "
             "line:-1 or line:90%%");
      else if (align && !one_of(align, line_al))
        fail(p, lno, col, "the line's alignment must be start, center or end");
    } else if (!strcmp(key, "position")) {
      if (!percent(v, &d))
        fail(p, lno, col, "position must be a percentage from 0%% to 100%%, like position:10%%");
      else if (align && !one_of(align, pos_al))
        fail(p, lno, col, "the position's alignment must be line-left, center or line-right");
    } else if (!strcmp(key, "size")) {
      if (!percent(val, &d))
        fail(p, lno, col, "size must be a percentage from 0%% to 100%%, like size:80%%");
    } else if (!strcmp(key, "align")) {
      if (!one_of(val, al)) fail(p, lno, col, "align must be start, center, end, left or right");
    } else if (strcmp(key, "region") != 0) {
      fail(p, lno, col,
           "unknown cue setting '%s' (WebVTT has vertical, line, position, size, align and "
           "region)",
           key);
    }
    bool stop = !*val; /* the validator reads no further */
    g_free(v), g_free(key), g_free(tok);
    if (stop) break;
  }
  g_ptr_array_free(seen, TRUE);
}

/* "Collect WebVTT cue timings and settings". False when the cue is dropped. */
static bool timing(parser *p, const char *line, int lno, double prev, lt_webvtt_cue *cue) {
  size_t i = 0;
  while (is_space(line[i]))
    i++;
  const char *why = timestamp(line, &i, &cue->start);
  if (why) {
    fail(p, lno, col_at(line, i), "%s", why);
    return false;
  }
  if (cue->start < prev)
    fail(p, lno, 1, "cues must be in time order: this one starts before the one above");
  if (line[i] && !is_space(line[i]))
    fail(p, lno, col_at(line, i), "put a space between the start time and '-->'");
  while (is_space(line[i]))
    i++;
  if (strncmp(line + i, "-->", 3) != 0) {
    fail(p, lno, col_at(line, i), "expected '-->' between the start and the end time");
    return false;
  }
  i += 3;
  if (line[i] && !is_space(line[i]))
    fail(p, lno, col_at(line, i), "put a space between '-->' and the end time");
  while (is_space(line[i]))
    i++;
  if ((why = timestamp(line, &i, &cue->end))) {
    fail(p, lno, col_at(line, i), "%s", why);
    return false;
  }
  if (cue->end <= cue->start)
    fail(p, lno, 1, "the cue ends %s it starts: the end time must be later",
         cue->end == cue->start ? "when" : "before");
  size_t s = i;
  while (is_space(line[s]))
    s++;
  cue->settings = g_strdup(line + s);
  settings(p, line, i, lno);
  return true;
}

/* ---- cue text ---- */

typedef enum { TOK_TEXT, TOK_START, TOK_END, TOK_TIME } tok_kind;

typedef struct {
  tok_kind kind;
  size_t at;      /* byte where the token starts */
  GString *text;  /* text, tag name or timestamp */
  GString *annot; /* a start tag's annotation, whitespace collapsed */
} token;

typedef struct {
  parser *p;
  const char *s; /* the cue text */
  size_t pos;
  int line0;     /* the file line of its first line */
  size_t errors; /* reported in this cue: after CUE_ERRORS, one line says there are more */
} cuetext;

enum { CUE_ERRORS = 10 };

/* An error at byte `at` of the cue text. */
static void cue_fail(cuetext *t, size_t at, const char *fmt, ...) LT_PRINTF(3, 4);
static void cue_fail(cuetext *t, size_t at, const char *fmt, ...) {
  t->p->bad = true;
  if (t->errors++ > CUE_ERRORS) return; /* each costs a walk along the cue */
  int line = t->line0;
  const char *ls = t->s;
  for (size_t k = 0; k < at; k++)
    if (t->s[k] == '\n') line++, ls = t->s + k + 1;
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (t->errors > CUE_ERRORS)
    g_free(msg), msg = g_strdup("more mistakes in this cue follow: fix these first");
  fail(t->p, line, col_at(ls, (size_t)(t->s + at - ls)), "%s", msg);
  g_free(msg);
}

static const struct {
  const char *name, *utf8;
} refs[] = {{"&amp", "&"},      {"&lt", "<"},       {"&gt", ">"},
            {"&lrm", "\u200e"}, {"&rlm", "\u200f"}, {"&nbsp", "\u00a0"}};

static const char *named_ref(const char *name) {
  for (size_t i = 0; i < G_N_ELEMENTS(refs); i++)
    if (!strcmp(name, refs[i].name)) return refs[i].utf8;
  return NULL;
}

/* "&name" followed by ';': one of the six above or an HTML 4 name (libxml2's table: &eacute;,
 * &quot;, &hellip;, &mdash; …) appended; false when HTML has no such name. */
static bool html_ref(const char *buf, GString *out) {
  const char *r = named_ref(buf);
  const htmlEntityDesc *e = r ? NULL : htmlEntityLookup((const xmlChar *)buf + 1);
  if (r)
    g_string_append(out, r);
  else if (e)
    g_string_append_unichar(out, e->value);
  return r || e;
}

/* &#123 or &#x7B (no ';'): its character appended; false when `buf` is not numeric. */
static bool numeric_ref(const char *buf, GString *out) {
  if (buf[0] != '&' || buf[1] != '#') return false;
  const char *d = buf + 2;
  bool hex = *d == 'x' || *d == 'X';
  if (hex) d++;
  if (!*d) return false;
  gunichar c = 0;
  for (; *d; d++) {
    int v = hex ? g_ascii_xdigit_value(*d) : g_ascii_digit_value(*d);
    if (v < 0) return false;
    if (c < 0x110000) c = c * (hex ? 16 : 10) + (gunichar)v;
  }
  if (!c || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  g_string_append_unichar(out, c);
  return true;
}

/* The next token from t->pos (the tokenizer of the cue text parsing rules). */
static void next_token(cuetext *t, token *k) {
  enum { DATA, ESCAPE, TAG, START, CLASS, ANNOT, END, TIME } st = DATA;
  g_string_truncate(k->text, 0);
  g_string_truncate(k->annot, 0);
  GString *buf = g_string_new(NULL);
  size_t amp = 0;
  k->at = t->pos;
  k->kind = TOK_TEXT;
  for (;; t->pos++) {
    char c = t->s[t->pos];
    switch (st) {
    case DATA:
      if (c == '&') {
        g_string_assign(buf, "&");
        amp = t->pos;
        st = ESCAPE;
      } else if (c == '<' && !k->text->len) {
        st = TAG;
      } else if (c == '<' || !c) {
        goto done;
      } else {
        g_string_append_c(k->text, c);
      }
      break;
    case ESCAPE:
      if (c == '<' || !c) {
        cue_fail(t, amp, "write '&' as '&amp;' (or end a character reference with ';')");
        const char *r = named_ref(buf->str);
        if (!numeric_ref(buf->str, k->text)) g_string_append(k->text, r ? r : buf->str);
        goto done;
      } else if (c == '&') {
        cue_fail(t, amp, "write '&' as '&amp;'");
        g_string_append(k->text, buf->str);
        g_string_assign(buf, "&");
        amp = t->pos;
      } else if (g_ascii_isalnum(c) || c == '#') {
        g_string_append_c(buf, c);
      } else if (c == ';') {
        size_t known = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(refs); i++)
          if (g_str_has_prefix(buf->str, refs[i].name)) known = i + 1;
        if (numeric_ref(buf->str, k->text) || html_ref(buf->str, k->text)) {
        } else if (known) { /* "&ampx;" is "&" then "x;", as HTML reads it */
          g_string_append(k->text, refs[known - 1].utf8);
          g_string_append(k->text, buf->str + strlen(refs[known - 1].name));
          g_string_append_c(k->text, ';');
        } else {
          cue_fail(t, amp,
                   "unknown character reference '%s;' (HTML's names like &eacute; and numbers "
                   "like &#233; work): write the character itself, or '&amp;' for '&'",
                   buf->str);
          g_string_append(k->text, buf->str);
          g_string_append_c(k->text, ';');
        }
        st = DATA;
      } else {
        cue_fail(t, amp, "write '&' as '&amp;'");
        g_string_append(k->text, buf->str);
        g_string_append_c(k->text, c);
        st = DATA;
      }
      break;
    case TAG:
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
        k->kind = TOK_START, st = ANNOT;
      } else if (c == '.') {
        k->kind = TOK_START, st = CLASS;
      } else if (c == '/') {
        k->kind = TOK_END, st = END;
      } else if (g_ascii_isdigit(c)) {
        k->kind = TOK_TIME, st = TIME;
        g_string_append_c(k->text, c);
      } else if (c == '>' || !c) {
        if (c) t->pos++;
        k->kind = TOK_START;
        goto done;
      } else {
        k->kind = TOK_START, st = START;
        g_string_append_c(k->text, c);
      }
      break;
    case START:
    case CLASS:
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
        st = ANNOT;
      } else if (c == '.') {
        st = CLASS;
      } else if (c == '>' || !c) {
        if (c) t->pos++;
        goto done;
      } else if (st == START) {
        g_string_append_c(k->text, c);
      }
      break;
    case ANNOT:
      if (c == '>' || !c) {
        if (c) t->pos++;
        goto done;
      }
      g_string_append_c(k->annot, c);
      break;
    case END:
    case TIME:
      if (c == '>' || !c) {
        if (c) t->pos++;
        goto done;
      }
      g_string_append_c(k->text, c);
      break;
    }
    if (!c) break;
  }
done:
  g_string_free(buf, TRUE);
  if (k->annot->len) { /* collapse and trim the annotation's whitespace */
    char **w = g_strsplit_set(k->annot->str, " \t\f\r\n", -1);
    GString *a = g_string_new(NULL);
    for (char **x = w; *x; x++)
      if (**x) g_string_append_printf(a, "%s%s", a->len ? " " : "", *x);
    g_string_assign(k->annot, a->str);
    g_string_free(a, TRUE), g_strfreev(w);
  }
}

/* An open tag, with the style and the number of voices of it and the tags around it (so
 * deep nesting costs no walk down the stack). */
typedef struct {
  char name[8]; /* c i b u ruby rt v lang */
  unsigned style;
  size_t voices;
} open_tag;

static unsigned style_of(GArray *stack) {
  return stack->len ? g_array_index(stack, open_tag, stack->len - 1).style : 0;
}

static void push(GArray *stack, open_tag o) {
  const char *n = o.name;
  o.style = style_of(stack) | (!strcmp(n, "i")   ? LT_WEBVTT_ITALIC
                               : !strcmp(n, "b") ? LT_WEBVTT_BOLD
                               : !strcmp(n, "u") ? LT_WEBVTT_UNDERLINE
                                                 : 0);
  o.voices =
      (stack->len ? g_array_index(stack, open_tag, stack->len - 1).voices : 0) + !strcmp(n, "v");
  g_array_append_val(stack, o);
}

static void emit(GString *text, GArray *runs, unsigned style, const char *s) {
  if (!*s) return;
  size_t at = text->len;
  g_string_append(text, s);
  if (runs->len && g_array_index(runs, lt_webvtt_run, runs->len - 1).style == style) {
    g_array_index(runs, lt_webvtt_run, runs->len - 1).end = text->len;
  } else {
    lt_webvtt_run r = {at, text->len, style};
    g_array_append_val(runs, r);
  }
}

static void pop(GArray *stack, GString *text, GArray *runs) {
  bool rt = !strcmp(g_array_index(stack, open_tag, stack->len - 1).name, "rt");
  g_array_set_size(stack, stack->len - 1);
  if (rt) emit(text, runs, style_of(stack), ")");
}

static bool in_voice(GArray *stack) {
  /* a GArray's data is not NULL while it holds elements */
  // NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
  return stack->len && g_array_index(stack, open_tag, stack->len - 1).voices > 0;
}

static const char *top(GArray *stack) {
  return stack->len ? g_array_index(stack, open_tag, stack->len - 1).name : NULL;
}

/* "WebVTT cue text parsing rules" over cue->markup: sets text and runs. */
static void cue_text(parser *p, lt_webvtt_cue *cue, int line0) {
  cuetext t = {p, cue->markup, 0, line0, 0};
  token k = {TOK_TEXT, 0, g_string_new(NULL), g_string_new(NULL)};
  GArray *stack = g_array_new(FALSE, TRUE, sizeof(open_tag));
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(lt_webvtt_run));
  GString *text = g_string_new(NULL);
  double last = -1;
  while (t.s[t.pos]) {
    next_token(&t, &k);
    const char *name = k.text->str;
    if (k.kind == TOK_TEXT) {
      emit(text, runs, style_of(stack), name);
    } else if (k.kind == TOK_START) {
      static const char *const plain[] = {"c", "i", "b", "u", "ruby", NULL};
      bool annotated = !strcmp(name, "v") || !strcmp(name, "lang");
      if (!annotated && k.annot->len && (one_of(name, plain) || !strcmp(name, "rt")))
        cue_fail(&t, k.at, "only <v> and <lang> take words after the tag name: write <%s>", name);
      open_tag o = {{0}, 0, 0};
      g_strlcpy(o.name, name, sizeof o.name);
      if (one_of(name, plain) || !strcmp(name, "lang")) {
        push(stack, o);
      } else if (!strcmp(name, "rt") && top(stack) && !strcmp(top(stack), "ruby")) {
        push(stack, o);
        emit(text, runs, style_of(stack), "(");
      } else if (!strcmp(name, "rt")) {
        cue_fail(&t, k.at, "<rt> (a ruby's reading) must be inside <ruby>");
      } else if (!strcmp(name, "v")) {
        if (in_voice(stack))
          cue_fail(&t, k.at, "a <v> cannot be inside another <v>: close the first with </v>");
        push(stack, o);
        if (!k.annot->len) {
          cue_fail(&t, k.at, "<v> needs the speaker's name, like <v Budi>");
        } else {
          char *who = g_strdup_printf("%s: ", k.annot->str);
          emit(text, runs, style_of(stack), who);
          g_free(who);
        }
      } else {
        cue_fail(&t, k.at,
                 "unknown tag <%s> (WebVTT has <b>, <i>, <u>, <c>, <v>, <lang>, <ruby> and "
                 "<rt>): remove it",
                 name);
      }
    } else if (k.kind == TOK_END) {
      if (top(stack) && !strcmp(name, top(stack))) {
        pop(stack, text, runs);
      } else if (!strcmp(name, "ruby") && top(stack) && !strcmp(top(stack), "rt")) {
        pop(stack, text, runs), pop(stack, text, runs);
      } else {
        cue_fail(&t, k.at, "</%s> does not close the tag open here%s%s%s", name,
                 top(stack) ? " (<" : "", top(stack) ? top(stack) : "", top(stack) ? ">)" : "");
      }
    } else {
      size_t i = 0;
      double at;
      const char *why = timestamp(name, &i, &at);
      if (!why && name[i]) why = "a time tag holds only the time, like <00:00:01.500>";
      if (why) {
        cue_fail(&t, k.at, "%s", why);
      } else {
        if (at <= cue->start || at >= cue->end)
          cue_fail(&t, k.at, "the time <%s> is outside the cue's times", name);
        if (last >= 0 && at <= last)
          cue_fail(&t, k.at, "times inside a cue must go forward: <%s> comes after a later one",
                   name);
        last = at;
      }
    }
  }
  size_t end = strlen(t.s);
  while (stack->len) {
    if (strcmp(top(stack), "v") != 0)
      cue_fail(&t, end, "<%s> is not closed: add </%s>", top(stack), top(stack));
    pop(stack, text, runs);
  }
  g_string_free(k.text, TRUE), g_string_free(k.annot, TRUE);
  g_array_free(stack, TRUE);
  cue->nruns = runs->len;
  cue->runs = (lt_webvtt_run *)(void *)g_array_free(runs, FALSE);
  cue->text = g_string_free(text, FALSE);
}

/* ---- the file ---- */

/* A block keyword alone on its line or followed by a space or tab. */
static bool keyword(const char *line, const char *kw) {
  size_t n = strlen(kw);
  return !strncmp(line, kw, n) && (!line[n] || line[n] == ' ' || line[n] == '\t');
}

/* SubRip's first block: a number line, then "00:00:01,000 --> …". */
static bool looks_like_srt(char **lines, size_t n) {
  size_t i = 0;
  while (i < n && !*lines[i])
    i++;
  if (i + 1 >= n) return false;
  const char *num = lines[i];
  if (g_str_has_prefix(num, "\xEF\xBB\xBF")) num += 3;
  if (!*num) return false;
  for (const char *c = num; *c; c++)
    if (!g_ascii_isdigit(*c)) return false;
  const char *arrow = strstr(lines[i + 1], "-->");
  return arrow && memchr(lines[i + 1], ',', (size_t)(arrow - lines[i + 1]));
}

static void signature_error(parser *p, char **lines, size_t n) {
  if (looks_like_srt(lines, n)) {
    char *base = g_path_get_basename(p->name);
    char *dot = strrchr(base, '.');
    if (dot) *dot = '\0';
    fail(p, 1, 1,
         "a captions file must start with the line 'WEBVTT'; this one looks like SubRip "
         "(.srt): name it '%s.srt' instead and Lentera converts it",
         base);
    g_free(base);
  } else {
    fail(p, 1, 1, "a captions file must start with the line 'WEBVTT'");
  }
}

static void cue_clear(lt_webvtt_cue *c) {
  g_free(c->id), g_free(c->settings), g_free(c->markup), g_free(c->text), g_free(c->runs);
}

/* A STYLE, REGION or NOTE block from lines[*i]: skipped, its mistakes reported. */
static void skip_block(parser *p, char **lines, size_t n, size_t *i, const char *kind,
                       size_t ncues) {
  size_t first = *i;
  for ((*i)++; *i < n && *lines[*i]; (*i)++)
    if (strstr(lines[*i], "-->"))
      fail(p, (int)*i + 1, col_at(lines[*i], (size_t)(strstr(lines[*i], "-->") - lines[*i])),
           "a %s block cannot contain '-->': put a blank line before the cue", kind);
  if (ncues && strcmp(kind, "NOTE") != 0)
    fail(p, (int)first + 1, 1, "a %s block must come before the first cue: move it up", kind);
}

/* strict: any conformance error fails; else only a missing signature or a bad encoding. */
static lt_status parse(const char *text, size_t len, const char *name, bool strict, lt_webvtt **out,
                       lt_diag_list *diags) {
  *out = NULL;
  if (lt_webvtt_check_encoding(text, len, name, diags) != LT_OK) return LT_ERR_INVALID;
  parser p = {name, diags, false};
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
  const char *first = n ? lines[0] : "";
  if (g_str_has_prefix(first, "\xEF\xBB\xBF")) first += 3;
  if (strncmp(first, "WEBVTT", 6) != 0 || (first[6] && !is_space(first[6]))) {
    signature_error(&p, lines, n);
    g_strfreev(lines);
    return LT_ERR_INVALID;
  }
  GArray *cues = g_array_new(FALSE, TRUE, sizeof(lt_webvtt_cue));
  size_t i = 1;
  bool collected = false;         /* lines[i] is a timing line found while reading something else */
  for (; i < n && *lines[i]; i++) /* header lines, skipped as the spec's parser does */
    if (strstr(lines[i], "-->")) {
      fail(&p, (int)i + 1, 1, "put a blank line between 'WEBVTT' and the first cue");
      collected = true;
      break;
    }
  while (i < n) {
    if (!collected) {
      while (i < n && !*lines[i])
        i++;
      if (i >= n) break;
    }
    collected = false;
    lt_webvtt_cue cue = {0};
    const char *id = "";
    if (!strstr(lines[i], "-->")) {
      id = lines[i];
      if (keyword(id, "NOTE") || keyword(id, "STYLE") || keyword(id, "REGION")) {
        skip_block(&p, lines, n, &i,
                   keyword(id, "NOTE")    ? "NOTE"
                   : keyword(id, "STYLE") ? "STYLE"
                                          : "REGION",
                   cues->len);
        continue;
      }
      i++;
      size_t at = 0;
      double ignored;
      if (!timestamp(id, &at, &ignored)) { /* "00:01.000 -> 00:02.000": a broken arrow */
        while (is_space(id[at]))
          at++;
        fail(&p, (int)i, col_at(id, at),
             "expected '-->' between the start and the end time, like '00:01.000 --> "
             "00:04.000'");
        while (i < n && *lines[i])
          i++;
        continue;
      }
      if (i >= n || !*lines[i]) {
        fail(&p, (int)i, 1,
             "'%s' stands alone: a cue needs a timing line like '00:01.000 --> 00:04.000' "
             "under its identifier",
             id);
        continue;
      }
      if (!strstr(lines[i], "-->")) {
        fail(&p, (int)i + 1, 1,
             "expected a timing line like '00:01.000 --> 00:04.000' after the cue identifier "
             "'%s'",
             id);
        while (i < n && *lines[i])
          i++;
        continue;
      }
    }
    double prev = cues->len ? g_array_index(cues, lt_webvtt_cue, cues->len - 1).start : 0;
    if (!timing(&p, lines[i], (int)i + 1, prev, &cue)) { /* the cue is dropped */
      cue_clear(&cue);
      for (i++; i < n && *lines[i]; i++)
        if (strstr(lines[i], "-->")) {
          collected = true;
          break;
        }
      continue;
    }
    int text_line = (int)i + 2;
    GString *t = g_string_new(NULL);
    for (i++; i < n && *lines[i]; i++) {
      if (strstr(lines[i], "-->")) {
        fail(&p, (int)i + 1, 1, "a blank line is missing before this cue");
        collected = true;
        break;
      }
      g_string_append_printf(t, "%s%s", t->len ? "\n" : "", lines[i]);
    }
    cue.id = g_strdup(id);
    cue.markup = g_string_free(t, FALSE);
    cue_text(&p, &cue, text_line);
    g_array_append_val(cues, cue);
  }
  g_strfreev(lines);
  lt_webvtt *v = g_new0(lt_webvtt, 1);
  v->count = cues->len;
  v->cues = (lt_webvtt_cue *)(void *)g_array_free(cues, FALSE);
  if (p.bad && strict) {
    lt_webvtt_free(v);
    return LT_ERR_INVALID;
  }
  *out = v;
  return LT_OK;
}

lt_status lt_webvtt_parse(const char *text, size_t len, const char *name, lt_webvtt **out,
                          lt_diag_list *diags) {
  return parse(text, len, name, true, out, diags);
}

lt_status lt_webvtt_parse_lenient(const char *text, size_t len, lt_webvtt **out) {
  return parse(text, len, "", false, out, NULL);
}

void lt_webvtt_free(lt_webvtt *v) {
  if (!v) return;
  for (size_t i = 0; i < v->count; i++)
    cue_clear(&v->cues[i]);
  g_free(v->cues);
  g_free(v);
}

size_t lt_webvtt_active(const lt_webvtt *v, double t, const lt_webvtt_cue **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; v && i < v->count; i++)
    if (t >= v->cues[i].start && t < v->cues[i].end) {
      if (n < max) out[n] = &v->cues[i];
      n++;
    }
  return n;
}
