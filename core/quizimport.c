/* quizimport — GIFT and Aiken readers and the Markdown writer.
 *
 * GIFT: comment lines ("//…") are blanked in a copy of the text so offsets still map to
 * lines; a question ends at a blank line or at a line ending with its closing brace (a
 * blank line inside braces does not end one). Each question is [::title::] [[format]] text
 * {answers} — anything after the closing brace makes it a "missing word" question. The answer block
 * is classified in order: empty (essay), '#' (numerical), T/F (true/false), '->' (matching), all
 * '=' (short answer), otherwise choices, where '=' or a positive %weight% is correct. Escapes \~ \=
 * \# \{ \} \:
 * \\ and \n are undone per piece of text.
 * Aiken: a question line, options "A." or "A)", then "ANSWER: X".
 * The input must be a regular file (file.h lt_file_open_regular: not a symbolic link, hard
 * link, FIFO or device) of at most LT_LIMIT_ITEM_BYTES, the most the quiz it becomes may be. */
#include "lentera/quizimport.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lentera/file.h"
#include "lentera/limits.h"

typedef enum { Q_SINGLE, Q_MULTIPLE, Q_SHORT } qkind;

typedef struct {
  char *text;
  bool correct;
  char *feedback; /* may be NULL */
} choice;

typedef struct {
  qkind kind;
  char *title; /* may be NULL */
  char *stem;
  bool markdown;   /* the stem is already Markdown ([markdown] in GIFT) */
  GArray *choices; /* of choice; short answers are choices too, all correct */
  char *feedback;  /* general feedback, may be NULL */
} question;

struct lt_quizbank {
  GArray *questions; /* of question */
  char *source;      /* file base name */
};

typedef struct {
  const char *file;
  char *text; /* comment lines blanked */
  size_t len;
  lt_diag_list *diags;
  lt_quizbank *bank;
  bool failed;
} reader;

static void choice_clear(gpointer p) {
  choice *c = p;
  g_free(c->text);
  g_free(c->feedback);
}

static void question_clear(gpointer p) {
  question *q = p;
  g_free(q->title);
  g_free(q->stem);
  g_free(q->feedback);
  g_array_free(q->choices, TRUE);
}

static question new_question(void) {
  question q = {0};
  q.choices = g_array_new(FALSE, TRUE, sizeof(choice));
  g_array_set_clear_func(q.choices, choice_clear);
  return q;
}

static void position(const reader *r, size_t off, int *line, int *col) {
  *line = 1;
  size_t start = 0;
  for (size_t i = 0; i < off && i < r->len; i++)
    if (r->text[i] == '\n') (*line)++, start = i + 1;
  *col = (int)(off - start) + 1;
}

static void report(reader *r, lt_severity sev, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(reader *r, lt_severity sev, size_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  int line, col;
  position(r, off, &line, &col);
  lt_diag_add(r->diags, sev, r->file, line, col, "%s", msg);
  g_free(msg);
  if (sev == LT_DIAG_ERROR) r->failed = true;
}

/* ---- GIFT ---- */

/* Index of the first unescaped `c` in [from, to), or `to`. */
static size_t find_unescaped(const char *s, size_t from, size_t to, char c) {
  for (size_t i = from; i < to; i++) {
    if (s[i] == '\\') {
      i++;
      continue;
    }
    if (s[i] == c) return i;
  }
  return to;
}

/* Text of [from, to) with GIFT escapes undone and white space trimmed. */
static char *unescape(const char *s, size_t from, size_t to) {
  GString *out = g_string_new(NULL);
  for (size_t i = from; i < to; i++) {
    if (s[i] == '\\' && i + 1 < to) {
      i++;
      g_string_append_c(out, s[i] == 'n' ? '\n' : s[i]);
    } else {
      g_string_append_c(out, s[i]);
    }
  }
  return g_strstrip(g_string_free(out, FALSE));
}

static size_t skip_space(const char *s, size_t i, size_t to) {
  while (i < to && g_ascii_isspace(s[i]))
    i++;
  return i;
}

/* Splits "text#feedback" of one answer; returns text, sets *feedback (or NULL). */
static char *split_feedback(const char *s, size_t from, size_t to, char **feedback) {
  size_t hash = find_unescaped(s, from, to, '#');
  *feedback = hash < to ? unescape(s, hash + 1, to) : NULL;
  if (*feedback && !**feedback) g_free(*feedback), *feedback = NULL;
  return unescape(s, from, hash);
}

static bool is_true_false(const char *s, size_t from, size_t to, bool *value, size_t *end) {
  static const char *const words[] = {"TRUE", "FALSE", "T", "F"};
  for (int w = 0; w < 4; w++) {
    size_t n = strlen(words[w]);
    if (from + n <= to && g_ascii_strncasecmp(s + from, words[w], n) == 0) {
      size_t after = skip_space(s, from + n, to);
      if (after == to || s[after] == '#') {
        *value = w == 0 || w == 2;
        *end = after;
        return true;
      }
    }
  }
  return false;
}

/* Parses the inside of {…} at [from, to) into q; returns false (with a warning) when Lentera
 * cannot play it. */
static bool parse_answers(reader *r, question *q, size_t at, size_t from, size_t to) {
  const char *s = r->text;
  from = skip_space(s, from, to);
  while (to > from && g_ascii_isspace(s[to - 1]))
    to--;
  const char *label = q->title ? q->title : "question";
  bool tf;
  size_t end;
  if (from == to) {
    report(r, LT_DIAG_WARNING, at, "'%s' is an essay question, which Lentera cannot play; skipped",
           label);
    return false;
  }
  if (s[from] == '#') {
    report(r, LT_DIAG_WARNING, at,
           "'%s' is a numerical question, which Lentera cannot play; skipped", label);
    return false;
  }
  size_t general = to;
  for (size_t i = from; i + 3 < to; i++) {
    if (s[i] == '\\') {
      i++;
      continue;
    }
    if (!strncmp(s + i, "####", 4)) {
      general = i;
      q->feedback = unescape(s, i + 4, to);
      break;
    }
  }
  if (is_true_false(s, from, general, &tf, &end)) {
    /* {T#feedback if wrong#feedback if right} */
    char *fb_wrong = NULL, *fb_right = NULL;
    if (end < general && s[end] == '#') {
      size_t second = find_unescaped(s, end + 1, general, '#');
      fb_wrong = unescape(s, end + 1, second);
      if (second < general) fb_right = unescape(s, second + 1, general);
    }
    q->kind = Q_SINGLE;
    choice yes = {g_strdup("Benar"), tf, g_strdup(tf ? fb_right : fb_wrong)};
    choice no = {g_strdup("Salah"), !tf, g_strdup(tf ? fb_wrong : fb_right)};
    for (choice *c = &yes; c; c = c == &yes ? &no : NULL)
      if (c->feedback && !*c->feedback) g_free(c->feedback), c->feedback = NULL;
    g_array_append_val(q->choices, yes);
    g_array_append_val(q->choices, no);
    g_free(fb_wrong);
    g_free(fb_right);
    return true;
  }
  /* tokens start at unescaped '=' or '~' */
  bool any_wrong = false;
  size_t i = from;
  while (i < general) {
    if (s[i] != '=' && s[i] != '~') {
      report(r, LT_DIAG_ERROR, i, "expected '=' or '~' before an answer in '%s'", label);
      return false;
    }
    char mark = s[i++];
    size_t next = i;
    while (next < general && !(s[next] == '=' || s[next] == '~'))
      next += s[next] == '\\' ? 2 : 1;
    if (next > general) next = general;
    double weight = mark == '=' ? 100 : 0;
    bool weighted = false;
    size_t t = skip_space(s, i, next);
    if (t < next && s[t] == '%') {
      size_t close = find_unescaped(s, t + 1, next, '%');
      if (close < next) {
        weight = g_ascii_strtod(s + t + 1, NULL);
        weighted = true;
        t = close + 1;
      }
    }
    /* matching: "=a -> b" */
    for (size_t k = t; k + 1 < next; k++)
      if (s[k] == '-' && s[k + 1] == '>' && (k == 0 || s[k - 1] != '\\')) {
        report(r, LT_DIAG_WARNING, at,
               "'%s' is a matching question, which Lentera cannot play; skipped", label);
        return false;
      }
    choice c = {NULL, weight > 0, NULL};
    c.text = split_feedback(s, t, next, &c.feedback);
    if (mark == '~') any_wrong = true;
    if (mark == '=' && weighted && weight < 100 && weight > 0)
      report(r, LT_DIAG_WARNING, t, "partial credit (%g%%) for '%s' becomes full credit", weight,
             c.text);
    g_array_append_val(q->choices, c);
    i = next;
  }
  size_t correct = 0;
  for (guint k = 0; k < q->choices->len; k++)
    correct += g_array_index(q->choices, choice, k).correct;
  if (!any_wrong) {
    q->kind = Q_SHORT;
  } else if (correct == 0) {
    report(r, LT_DIAG_ERROR, at, "'%s' has no correct answer", label);
    return false;
  } else {
    q->kind = correct > 1 ? Q_MULTIPLE : Q_SINGLE;
  }
  return true;
}

static char *strip_html(const char *s) {
  GRegex *re = g_regex_new("<[^>]*>", 0, 0, NULL);
  char *out = g_regex_replace_literal(re, s, -1, 0, "", 0, NULL);
  g_regex_unref(re);
  return out;
}

/* One GIFT question in [from, to). */
static void gift_question(reader *r, size_t from, size_t to) {
  const char *s = r->text;
  size_t i = from = skip_space(s, from, to); /* messages point at the first character */
  if (!strncmp(s + i, "$CATEGORY:", 10)) return;
  question q = new_question();
  if (i + 1 < to && s[i] == ':' && s[i + 1] == ':') {
    size_t close = i + 2;
    while (close + 1 < to && !(s[close] == ':' && s[close + 1] == ':' && s[close - 1] != '\\'))
      close++;
    if (close + 1 >= to) {
      report(r, LT_DIAG_ERROR, i, "question title has no closing '::'");
      question_clear(&q);
      return;
    }
    q.title = unescape(s, i + 2, close);
    i = skip_space(s, close + 2, to);
  }
  bool html = false, untitled = false;
  if (s[i] == '[') {
    static const char *const formats[] = {"[html]", "[moodle]", "[plain]", "[markdown]"};
    for (int f = 0; f < 4; f++)
      if (!strncmp(s + i, formats[f], strlen(formats[f]))) {
        html = f == 0;
        q.markdown = f == 3;
        i += strlen(formats[f]);
      }
  }
  size_t open = find_unescaped(s, i, to, '{');
  if (!q.title) { /* messages name an untitled question by its first words */
    char *words = unescape(s, i, open < i + 40 ? open : i + 40);
    q.title = g_strdup_printf("%s%s", words, open > i + 40 ? "…" : "");
    g_free(words);
    untitled = true;
  }
  const char *label = q.title;
  if (open == to) {
    report(r, LT_DIAG_WARNING, from,
           "'%s' has no answers (a description), which Lentera cannot play; skipped", label);
    question_clear(&q);
    return;
  }
  size_t close = find_unescaped(s, open + 1, to, '}');
  if (close == to) {
    report(r, LT_DIAG_ERROR, open, "'{' of '%s' is never closed with '}'", label);
    question_clear(&q);
    return;
  }
  size_t after = skip_space(s, close + 1, to);
  if (after < to) {
    report(r, LT_DIAG_WARNING, from,
           "'%s' is a missing-word question (text after the answers), which Lentera cannot "
           "play; skipped",
           label);
    question_clear(&q);
    return;
  }
  if (untitled) g_free(q.title), q.title = NULL;
  char *stem = unescape(s, i, open);
  q.stem = html ? strip_html(stem) : g_strdup(stem);
  g_free(stem);
  if (parse_answers(r, &q, from, open + 1, close))
    g_array_append_val(r->bank->questions, q);
  else
    question_clear(&q);
}

static void read_gift(reader *r) {
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
    bool blank_line = false, closed_line = false;
    if (!eof && r->text[i] == '\n') {
      size_t k = i + 1;
      while (k < r->len && (r->text[k] == ' ' || r->text[k] == '\t' || r->text[k] == '\r'))
        k++;
      blank_line = k >= r->len || r->text[k] == '\n';
      /* Moodle wants a blank line between questions; a line that ends with the closing
       * brace also ends the question, so banks that forgot the blank line still import. */
      size_t e = i;
      while (e > start && g_ascii_isspace(r->text[e - 1]))
        e--;
      closed_line = depth == 0 && e > start && r->text[e - 1] == '}' &&
                    (e < start + 2 || r->text[e - 2] != '\\');
    }
    if (eof || ((blank_line || closed_line) && depth <= 0)) {
      if (content) gift_question(r, start, i);
      start = i + 1;
      content = false;
      depth = 0;
    }
  }
}

/* ---- Aiken ---- */

static void read_aiken(reader *r) {
  char **lines = g_strsplit(r->text, "\n", -1);
  question q = new_question();
  GString *stem = g_string_new(NULL);
  size_t off = 0, q_off = 0;
  bool in_q = false;
  GRegex *opt = g_regex_new("^([A-Z])[.)]\\s+(.*)$", 0, 0, NULL);
  GRegex *ans = g_regex_new("^ANSWER:\\s*([A-Z])\\s*$", 0, 0, NULL);
  for (char **l = lines; *l; off += strlen(*l) + 1, l++) {
    char *line = g_strstrip(g_strdup(*l));
    GMatchInfo *m = NULL, *mo = NULL; /* each g_regex_match() sets its own, even on no match */
    if (!*line) {
      /* blank lines separate questions */
    } else if (g_regex_match(ans, line, 0, &m)) {
      char *letter = g_match_info_fetch(m, 1);
      guint idx = (guint)(letter[0] - 'A');
      if (!in_q || q.choices->len == 0) {
        report(r, LT_DIAG_ERROR, off, "ANSWER line without a question and options before it");
      } else if (idx >= q.choices->len) {
        report(r, LT_DIAG_ERROR, off + 8, "answer %s is not one of the options", letter);
        question_clear(&q);
        q = new_question();
      } else {
        g_array_index(q.choices, choice, idx).correct = true;
        q.kind = Q_SINGLE;
        q.stem = g_strdup(g_strstrip(stem->str));
        g_array_append_val(r->bank->questions, q);
        q = new_question();
      }
      g_string_truncate(stem, 0);
      in_q = false;
      g_free(letter);
    } else if (in_q && g_regex_match(opt, line, 0, &mo)) {
      char *letter = g_match_info_fetch(mo, 1), *text = g_match_info_fetch(mo, 2);
      if ((guint)(letter[0] - 'A') != q.choices->len)
        report(r, LT_DIAG_ERROR, off, "option %s is out of order (expected %c)", letter,
               'A' + (int)q.choices->len);
      choice c = {text, false, NULL};
      g_array_append_val(q.choices, c);
      g_free(letter);
    } else if (in_q && q.choices->len > 0) {
      report(r, LT_DIAG_ERROR, q_off, "question has no 'ANSWER: X' line after its options");
      question_clear(&q);
      q = new_question();
      g_string_assign(stem, line);
      q_off = off;
    } else {
      if (!in_q) q_off = off;
      in_q = true;
      g_string_append_printf(stem, "%s%s", stem->len ? "\n" : "", line);
    }
    g_match_info_free(m);
    g_match_info_free(mo);
    g_free(line);
  }
  if (in_q) report(r, LT_DIAG_ERROR, q_off, "question has no 'ANSWER: X' line after its options");
  question_clear(&q);
  g_string_free(stem, TRUE);
  g_regex_unref(opt);
  g_regex_unref(ans);
  g_strfreev(lines);
}

lt_status lt_quizimport_read(const char *path, lt_quizimport_format format, lt_quizbank **out,
                             lt_diag_list *diags) {
  reader r = {path, NULL, 0, diags, NULL, false};
  int fd;
  lt_status st = lt_file_open_regular(path, &fd, diags);
  if (st != LT_OK) return st;
  /* the quiz it becomes is an item: no bigger source than an item may be */
  st = lt_file_read_fd(fd, path, LT_LIMIT_ITEM_BYTES, &r.text, &r.len, diags);
  close(fd);
  if (st != LT_OK) return st;
  if (!g_utf8_validate(r.text, (gssize)r.len, NULL)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "not UTF-8 text: save the file as UTF-8");
    free(r.text);
    return LT_ERR_INVALID;
  }
  for (size_t i = 0; i < r.len; i++) /* CRLF files: treat '\r' as space */
    if (r.text[i] == '\r') r.text[i] = ' ';
  r.bank = g_new0(lt_quizbank, 1);
  r.bank->questions = g_array_new(FALSE, TRUE, sizeof(question));
  g_array_set_clear_func(r.bank->questions, question_clear);
  r.bank->source = g_path_get_basename(path);
  if (format == LT_QUIZIMPORT_AUTO)
    format = g_str_has_suffix(path, ".gift") ? LT_QUIZIMPORT_GIFT : LT_QUIZIMPORT_AIKEN;
  if (format == LT_QUIZIMPORT_GIFT)
    read_gift(&r);
  else
    read_aiken(&r);
  free(r.text);
  if (!r.failed && r.bank->questions->len == 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "no question Lentera can play was found");
    r.failed = true;
  }
  if (r.failed) {
    lt_quizbank_free(r.bank);
    return LT_ERR_INVALID;
  }
  *out = r.bank;
  return LT_OK;
}

void lt_quizbank_free(lt_quizbank *bank) {
  if (!bank) return;
  g_array_free(bank->questions, TRUE);
  g_free(bank->source);
  g_free(bank);
}

size_t lt_quizbank_count(const lt_quizbank *bank) { return bank->questions->len; }

/* ---- Markdown ---- */

/* Escapes text so Markdown shows it as written: backslash-escapes inline markup, and
 * line-start characters that would begin a block. */
static void append_md(GString *out, const char *text) {
  bool line_start = true;
  for (const char *p = text; *p; p++) {
    if (line_start) {
      const char *q = p;
      while (g_ascii_isdigit(*q))
        q++;
      if (strchr("#>-+=|", *p) || (q > p && (*q == '.' || *q == ')'))) g_string_append_c(out, '\\');
    }
    if (strchr("\\`*_[]<>!", *p)) g_string_append_c(out, '\\');
    g_string_append_c(out, *p);
    line_start = *p == '\n';
  }
}

/* First line of `src`, cut at a word boundary near 60 characters. */
static char *short_line(const char *src, size_t n) {
  char *first = g_strndup(src, strcspn(src, "\n"));
  if (g_utf8_strlen(first, -1) > 60) {
    char *cut = g_utf8_substring(first, 0, 60);
    char *space = strrchr(cut, ' ');
    if (space) *space = '\0';
    g_free(first);
    first = g_strconcat(cut, "…", NULL);
    g_free(cut);
  }
  if (!*first) {
    g_free(first);
    first = g_strdup_printf("Soal %zu", n);
  }
  return first;
}

char *lt_quizimport_markdown(const lt_quizbank *bank, const char *title, const char *role) {
  GString *s = g_string_new("---\nkind: quiz\n");
  char *t = g_strescape(title, NULL);
  g_string_append_printf(s, "title: \"%s\"\nrole: %s\npass_percent: 70\nshuffle: true\n---\n\n", t,
                         role);
  g_free(t);
  g_string_append_printf(s, "<!-- Imported from %s by lentera-pack import-quiz. -->\n",
                         bank->source);
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < bank->questions->len; i++) {
    const question *q = &g_array_index(bank->questions, question, i);
    /* an untitled question is headed "Soal N"; its id comes from its text, which stays
     * stable when the bank is reordered, and is numbered when two are alike */
    bool titled = q->title && *q->title;
    char *heading = titled ? short_line(q->title, i + 1) : g_strdup_printf("Soal %u", i + 1);
    char *words = short_line(titled ? q->title : q->stem, i + 1);
    g_string_append(s, "\n## ");
    append_md(s, heading);
    char *ascii = g_str_to_ascii(words, "C");
    g_free(words);
    GString *slug = g_string_new(NULL);
    for (const char *p = ascii; *p; p++)
      if (g_ascii_isalnum(*p))
        g_string_append_c(slug, g_ascii_tolower(*p));
      else if (slug->len && slug->str[slug->len - 1] != '-')
        g_string_append_c(slug, '-');
    while (slug->len && slug->str[slug->len - 1] == '-')
      g_string_truncate(slug, slug->len - 1);
    if (!slug->len) g_string_printf(slug, "soal-%u", i + 1);
    char *id = g_strdup(slug->str);
    for (int n = 2; g_hash_table_contains(ids, id); n++) {
      g_free(id);
      id = g_strdup_printf("%s-%d", slug->str, n);
    }
    g_hash_table_add(ids, id);
    g_string_append_printf(s, "\n<!-- id: %s -->\n\n", id);
    g_string_free(slug, TRUE);
    g_free(ascii);
    g_free(heading);
    if (q->markdown)
      g_string_append(s, q->stem);
    else
      append_md(s, q->stem);
    g_string_append(s, "\n\n");
    if (q->kind == Q_SHORT) {
      g_string_append(s, "```answer\n");
      for (guint k = 0; k < q->choices->len; k++)
        g_string_append_printf(s, "%s\n", g_array_index(q->choices, choice, k).text);
      g_string_append(s, "```\n");
    } else {
      for (guint k = 0; k < q->choices->len; k++) {
        const choice *c = &g_array_index(q->choices, choice, k);
        g_string_append_printf(s, "- [%c] ", c->correct ? 'x' : ' ');
        append_md(s, c->text);
        g_string_append_c(s, '\n');
      }
    }
    GString *ex = g_string_new(NULL);
    if (q->feedback) append_md(ex, q->feedback);
    for (guint k = 0; k < q->choices->len; k++) {
      const choice *c = &g_array_index(q->choices, choice, k);
      if (!c->feedback) continue;
      if (ex->len) g_string_append(ex, "\n\n");
      g_string_append(ex, "*");
      append_md(ex, c->text);
      g_string_append(ex, "*: ");
      append_md(ex, c->feedback);
    }
    if (ex->len) {
      char **lines = g_strsplit(ex->str, "\n", -1);
      g_string_append_c(s, '\n');
      for (char **l = lines; *l; l++)
        g_string_append_printf(s, ">%s%s\n", **l ? " " : "", *l);
      g_strfreev(lines);
    }
    g_string_free(ex, TRUE);
  }
  g_hash_table_destroy(ids);
  char *out = strdup(s->str);
  g_string_free(s, TRUE);
  return out;
}
