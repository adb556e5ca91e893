/* quizgift — GIFT as Moodle's qformat_gift reads it.
 *
 * Comment lines ("//…") are blanked in place, so offsets still give line:col. A blank line
 * ends a question, as in Moodle (a line ending with the question's closing brace does too,
 * for banks that forgot the blank line); so a '{' never closed is an error at that '{' and
 * the questions after it are still read. In a question: $CATEGORY: names the category of
 * those that follow; ::title:: ; [html] [moodle] [plain] [markdown] give the text's format;
 * the answers are between the first '{' and the first '}' (text after them makes a
 * missing-word question: "_____" stands in the text); the last "####" starts the general
 * feedback. The type comes from the answers as Moodle decides it: empty → essay, '#…' →
 * numerical, any '~' → multiple choice (single when there is an '='), '=' with '->' →
 * matching, exactly T, TRUE, F or FALSE (upper case: Moodle reads {true} as a short answer)
 * → true/false, else short answer. A '~' answer's weight is "%n%" ("%-n%" negative); an '='
 * of a multiple choice is worth 100%. Escapes \\ \: \# \= \{ \} \~ \n are undone in each
 * piece of text; any other backslash stays. */
#include <string.h>

#include "quizbank.h"

typedef struct {
  reader *r;
  char *category;
} gift;

static bool escaped(const char *s, size_t from, size_t i) {
  size_t n = 0;
  while (i > from && s[i - 1] == '\\')
    i--, n++;
  return n % 2 == 1;
}

/* Index of the first unescaped `c` in [from, to), or `to`. */
static size_t find(const char *s, size_t from, size_t to, char c) {
  for (size_t i = from; i < to; i++) {
    if (s[i] == '\\') {
      i++;
      continue;
    }
    if (s[i] == c) return i;
  }
  return to;
}

static size_t skip_space(const char *s, size_t i, size_t to) {
  while (i < to && g_ascii_isspace(s[i]))
    i++;
  return i;
}

static size_t trim_end(const char *s, size_t from, size_t to) {
  while (to > from && g_ascii_isspace(s[to - 1]))
    to--;
  return to;
}

/* [from, to) with GIFT's escapes undone and white space trimmed. */
static char *unescape(const char *s, size_t from, size_t to) {
  GString *out = g_string_new(NULL);
  for (size_t i = from; i < to; i++) {
    if (s[i] == '\\' && i + 1 < to && strchr("\\:#={}~n", s[i + 1])) {
      i++;
      g_string_append_c(out, s[i] == 'n' ? '\n' : s[i]);
    } else {
      g_string_append_c(out, s[i]);
    }
  }
  return g_strstrip(g_string_free(out, FALSE));
}

/* A "[format]" at i: its name (and *end after it), or NULL. */
static const char *format_at(const char *s, size_t i, size_t to, size_t *end) {
  static const char *const names[] = {"moodle", "html", "plain", "markdown"};
  if (i >= to || s[i] != '[') return NULL;
  for (size_t f = 0; f < G_N_ELEMENTS(names); f++) {
    size_t n = strlen(names[f]);
    if (i + n + 2 <= to && !strncmp(s + i + 1, names[f], n) && s[i + n + 1] == ']') {
      *end = i + n + 2;
      return names[f];
    }
  }
  return NULL;
}

/* A piece of text in the question's format (or its own "[format]"): as read, and as
 * Markdown. */
static void piece(reader *r, const char *qformat, size_t from, size_t to, bool one_line,
                  char **source, char **markdown) {
  const char *s = r->text;
  from = skip_space(s, from, to);
  size_t end;
  const char *f = format_at(s, from, to, &end);
  if (f)
    from = end;
  else
    f = qformat;
  *source = unescape(s, from, to);
  *markdown = bank_markdown(r, *source, f, one_line);
}

/* Moodle's answer weight: "%n%" with n = -*[0-9]{1,2}.?[0-9]* at i; sets *after. */
static bool weight_at(const char *s, size_t i, size_t to, double *w, size_t *after) {
  if (i >= to || s[i] != '%') return false;
  size_t k = i + 1;
  while (k < to && s[k] == '-')
    k++;
  size_t d = k;
  while (k < to && g_ascii_isdigit(s[k]) && k - d < 2)
    k++;
  if (k == d) return false;
  if (k < to && s[k] == '.') k++;
  while (k < to && g_ascii_isdigit(s[k]))
    k++;
  if (k >= to || s[k] != '%') return false;
  char *num = g_strndup(s + i + 1, k - i - 1);
  *w = g_ascii_strtod(num + strspn(num, "-"), NULL) * (num[0] == '-' ? -1 : 1);
  g_free(num);
  *after = k + 1;
  return true;
}

static void skipped(reader *r, question *q, const char *type, size_t at, const char *what) {
  q->kind = Q_SKIPPED;
  q->moodle = type;
  bank_report(r, LT_DIAG_WARNING, at, "'%s' is %s, which Lentera cannot play; skipped",
              q->title ? q->title : "question", what);
}

/* One answer "text#feedback" in [from, to) of a choice or short-answer question. */
static void answer(reader *r, question *q, size_t from, size_t to, double weight) {
  const char *s = r->text;
  size_t hash = find(s, from, to, '#');
  char *src, *md, *fsrc = NULL, *fmd = NULL;
  piece(r, q->format, from, hash, q->kind != Q_SHORT, &src, &md);
  if (hash < to) piece(r, q->format, hash + 1, to, false, &fsrc, &fmd);
  if (fsrc && !*fsrc) g_free(fsrc), g_free(fmd), fsrc = fmd = NULL;
  bank_choice_add(q, md, src, weight, fmd, fsrc);
}

static bool multichoice(reader *r, question *q, size_t at, size_t from, size_t to) {
  const char *s = r->text;
  bool single = find(s, from, to, '=') < to;
  size_t i = from;
  /* text before the first '~' or '=' is an answer too (worth 0%), as Moodle reads it */
  size_t first = MIN(find(s, from, to, '~'), find(s, from, to, '='));
  if (skip_space(s, from, first) < first) {
    bank_report(r, LT_DIAG_WARNING, skip_space(s, from, first),
                "text before the first '~' or '=' of '%s' is read as a wrong answer, as Moodle "
                "does; put '~' before it if that is meant",
                q->title ? q->title : "question");
    answer(r, q, from, first, 0);
  }
  i = first;
  while (i < to) {
    char mark = s[i++];
    size_t next = MIN(find(s, i, to, '~'), find(s, i, to, '='));
    size_t t = skip_space(s, i, next), after;
    double w = mark == '=' ? 100 : 0;
    if (weight_at(s, t, next, &w, &after)) {
      if (mark == '=')
        bank_report(r, LT_DIAG_WARNING, t,
                    "'=%%…%%' in a multiple choice: Moodle reads the weight as part of the "
                    "answer's text and gives it full marks; Lentera takes the weight (write "
                    "'~%%n%%' instead)");
      t = after;
    }
    answer(r, q, t, next, w);
    i = next;
  }
  q->moodle = "MC";
  return bank_settle_choices(r, q, at, 0, single);
}

static bool truefalse(reader *r, question *q, size_t from, size_t to, bool value) {
  const char *s = r->text;
  size_t h1 = find(s, from, to, '#'), h2 = h1 < to ? find(s, h1 + 1, to, '#') : to;
  char *wrong = NULL, *wrong_md = NULL, *right = NULL, *right_md = NULL;
  if (h1 < to) piece(r, q->format, h1 + 1, h2, false, &wrong, &wrong_md);
  if (h2 < to) piece(r, q->format, h2 + 1, to, false, &right, &right_md);
  q->moodle = "TF";
  q->tf = true, q->tf_value = value;
  q->kind = Q_SINGLE;
  /* the first feedback is shown for a wrong answer, the second for the right one */
  bank_choice_add(q, g_strdup("Benar"), g_strdup("Benar"), value ? 100 : 0,
                  g_strdup(value ? right_md : wrong_md), g_strdup(value ? right : wrong));
  bank_choice_add(q, g_strdup("Salah"), g_strdup("Salah"), value ? 0 : 100,
                  g_strdup(value ? wrong_md : right_md), g_strdup(value ? wrong : right));
  for (guint k = 0; k < 2; k++) {
    choice *c = &g_array_index(q->choices, choice, k);
    c->correct = c->weight > 0;
  }
  g_free(wrong), g_free(wrong_md), g_free(right), g_free(right_md);
  return true;
}

static bool shortanswer(reader *r, question *q, size_t at, size_t from, size_t to) {
  const char *s = r->text;
  q->kind = Q_SHORT;
  q->moodle = "Short";
  size_t i = from;
  while (i < to) {
    if (s[i] == '=') i++;
    size_t next = find(s, i, to, '=');
    size_t t = skip_space(s, i, next), after;
    double w = 100;
    if (weight_at(s, t, next, &w, &after)) t = after;
    if (skip_space(s, t, next) < next) {
      guint before = q->choices->len;
      answer(r, q, t, next, w);
      choice *c = &g_array_index(q->choices, choice, before);
      c->correct = true;
      c->weighted = w < 100 - 1e-7;
      if (w <= 0) {
        bank_report(r, LT_DIAG_WARNING, t,
                    "answer '%s' is worth %g%% (Moodle never accepts it); left out", c->source, w);
        g_array_remove_index(q->choices, before);
      }
    }
    i = next;
  }
  if (!q->choices->len) {
    bank_report(r, LT_DIAG_ERROR, at, "'%s' has no accepted answer worth more than 0%%",
                q->title ? q->title : "question");
    return false;
  }
  return true;
}

/* One question in [from, to). */
static void gift_question(gift *g, size_t from, size_t to) {
  reader *r = g->r;
  const char *s = r->text;
  size_t i = from = skip_space(s, from, to);
  to = trim_end(s, from, to);
  int line = 1;
  if (!strncmp(s + i, "$CATEGORY:", 10)) {
    g_free(g->category);
    g->category = unescape(s, i + 10, to);
    return;
  }
  question q = bank_question_new();
  for (size_t p = 0; p < from; p++)
    if (s[p] == '\n') line++;
  q.line = r->line = line;
  q.category = g_strdup(g->category);
  if (i + 1 < to && s[i] == ':' && s[i + 1] == ':') {
    size_t close = i + 2;
    while (close + 1 < to && !(s[close] == ':' && s[close + 1] == ':' && !escaped(s, i, close)))
      close++;
    if (close + 1 >= to) {
      bank_report(r, LT_DIAG_WARNING, i,
                  "question title has no closing '::'; Moodle reads it as the question's text");
      i += 2;
    } else {
      q.title = unescape(s, i + 2, close);
      i = skip_space(s, close + 2, to);
    }
  }
  size_t fend;
  const char *f = format_at(s, i, to, &fend);
  if (f) q.format = f, i = fend;
  size_t open = find(s, i, to, '{'), close = find(s, i, to, '}');
  char *label = q.title ? g_strdup(q.title) : NULL;
  if (!label) { /* messages name an untitled question by its first words */
    char *words = unescape(s, i, MIN(open, i + 40));
    label = g_strdup_printf("%s%s", words, open > i + 40 ? "…" : "");
    g_free(words);
  }
  bool ok = true;
  if (open == to && close == to) {
    q.stem_source = unescape(s, i, to);
    q.stem = bank_markdown(r, q.stem_source, q.format, false);
    char *t = q.title;
    q.title = label;
    skipped(r, &q, "Description", from, "a description (no answers)");
    q.title = t;
    g_array_append_val(r->bank->questions, q);
    g_free(label);
    return;
  } else if (open < to && (close == to || close < open)) {
    bank_report(r, LT_DIAG_ERROR, close < open ? close : open,
                close < open ? "'}' of '%s' has no '{' before it: add the '{' or escape it as "
                               "'\\}'"
                             : "'{' of '%s' is never closed with '}' before the blank line that "
                               "ends the question: add the '}'",
                label);
    ok = false;
  } else if (open == to) {
    bank_report(r, LT_DIAG_ERROR, close,
                "'}' of '%s' has no '{' before it: add the '{' or escape it as '\\}'", label);
    ok = false;
  }
  if (!ok) {
    bank_question_clear(&q);
    g_free(label);
    return;
  }
  /* the text, with "_____" where the answers were when text follows them */
  size_t after = skip_space(s, close + 1, to);
  char *before = unescape(s, i, open), *rest = unescape(s, after, to);
  q.stem_source = after < to ? g_strdup_printf("%s%s_____%s%s", before, *before ? " " : "",
                                               *rest ? " " : "", rest)
                             : g_strdup(before);
  g_free(before), g_free(rest);
  q.stem = bank_markdown(r, q.stem_source, q.format, false);
  size_t from_a = skip_space(s, open + 1, close), to_a = trim_end(s, open + 1, close);
  /* general feedback after the last unescaped "####" */
  for (size_t k = to_a; k >= from_a + 4; k--)
    if (!strncmp(s + k - 4, "####", 4) && !escaped(s, from_a, k - 4)) {
      char *src, *md;
      piece(r, q.format, k, to_a, false, &src, &md);
      if (*src)
        q.feedback_source = src, q.feedback = md;
      else
        g_free(src), g_free(md);
      to_a = trim_end(s, from_a, k - 4);
      break;
    }
  char *t = q.title;
  q.title = label;
  size_t hash = find(s, from_a, to_a, '#');
  char *tf = unescape(s, from_a, hash);
  if (from_a == to_a) {
    skipped(r, &q, "Essay", from, "an essay question");
  } else if (s[from_a] == '#') {
    skipped(r, &q, "Numerical", from, "a numerical question");
  } else if (find(s, from_a, to_a, '~') < to_a) {
    ok = multichoice(r, &q, from, from_a, to_a);
  } else if (find(s, from_a, to_a, '=') < to_a &&
             g_strstr_len(s + from_a, (gssize)(to_a - from_a), "->")) {
    skipped(r, &q, "Matching", from, "a matching question");
  } else if (!strcmp(tf, "T") || !strcmp(tf, "TRUE") || !strcmp(tf, "F") || !strcmp(tf, "FALSE")) {
    ok = truefalse(r, &q, from_a, to_a, tf[0] == 'T');
  } else {
    char *upper = g_ascii_strup(tf, -1);
    if (!g_ascii_strcasecmp(tf, "true") || !g_ascii_strcasecmp(tf, "false") ||
        !g_ascii_strcasecmp(tf, "t") || !g_ascii_strcasecmp(tf, "f"))
      bank_report(r, LT_DIAG_WARNING, from_a,
                  "'{%s}' is a short answer (the learner types '%s'), as Moodle reads it: "
                  "write {%s} in capitals for a true/false question",
                  tf, tf, upper);
    g_free(upper);
    ok = shortanswer(r, &q, from, from_a, to_a);
  }
  g_free(tf);
  q.title = t;
  if (ok)
    g_array_append_val(r->bank->questions, q);
  else
    bank_question_clear(&q);
  g_free(label);
}

void read_gift(reader *r) {
  gift g = {r, NULL};
  /* blank comment lines, keeping offsets */
  for (size_t i = 0; i < r->len;) {
    size_t j = i;
    while (j < r->len && (r->text[j] == ' ' || r->text[j] == '\t'))
      j++;
    size_t eol = j;
    while (eol < r->len && r->text[eol] != '\n')
      eol++;
    if (j + 1 < r->len && r->text[j] == '/' && r->text[j + 1] == '/')
      memset(r->text + i, ' ', eol - i);
    i = eol + 1;
  }
  size_t start = 0;
  int depth = 0;
  bool content = false;
  for (size_t i = 0; i <= r->len; i++) {
    bool eof = i == r->len;
    if (!eof && r->text[i] == '\\') {
      i++;
      continue;
    }
    if (!eof && r->text[i] == '{') depth++;
    if (!eof && r->text[i] == '}') depth--;
    if (!eof && !g_ascii_isspace(r->text[i])) content = true;
    bool end = eof;
    if (!eof && r->text[i] == '\n') {
      size_t k = i + 1;
      while (k < r->len && (r->text[k] == ' ' || r->text[k] == '\t'))
        k++;
      bool blank_line = k >= r->len || r->text[k] == '\n';
      size_t e = trim_end(r->text, start, i);
      bool closed_line =
          depth == 0 && e > start && r->text[e - 1] == '}' && !escaped(r->text, start, e - 1);
      end = blank_line || closed_line;
    }
    if (end) {
      if (content) gift_question(&g, start, i);
      start = i + 1;
      content = false;
      depth = 0;
    }
  }
  g_free(g.category);
}
