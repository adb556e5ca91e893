/* quizimport — question banks (GIFT, Moodle XML, Aiken) as Lentera quiz Markdown.
 *
 * The readers (quizgift.c, quizmoodle.c, and Aiken here) fill the model of quizbank.h;
 * this file holds what they share: reporting at file:line:col, text in Moodle's formats
 * as Markdown (htmlmd.c for HTML), deciding single choice / multiple response from
 * Moodle's weights, images for media/, then the Markdown writer, the JSON dump the tests
 * compare with other parsers, and writing the images.
 *
 * Weights follow Moodle: a single choice (GIFT: an '=' answer; XML: <single>true</single>)
 * has its one 100% answer right and keeps other positive weights as partial credit; a
 * multiple response has every positive weight right and keeps all weights (Moodle adds the
 * chosen ones' fractions, negative ones too). 0% and negative answers are wrong; a short
 * answer worth 0% or less is never accepted, so it is left out.
 * Aiken: a question (one or more lines), options "A." "A)" "a." "a)", then "ANSWER: X" in
 * any case; each mistake is reported once.
 * The input must be a regular file (file.h lt_file_open_regular: not a symbolic link, hard
 * link, FIFO or device) of at most LT_LIMIT_ITEM_BYTES, the most the quiz it becomes may be. */
#include "lentera/quizimport.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "htmlmd.h"
#include "lentera/file.h"
#include "lentera/limits.h"
#include "quizbank.h"

/* ---- the model ---- */

static void choice_clear(gpointer p) {
  choice *c = p;
  g_free(c->text), g_free(c->source);
  g_free(c->feedback), g_free(c->feedback_source);
}

void bank_question_clear(gpointer p) {
  question *q = p;
  g_free(q->title);
  g_free(q->stem), g_free(q->stem_source);
  g_free(q->feedback), g_free(q->feedback_source);
  g_free(q->category);
  g_array_free(q->choices, TRUE);
}

question bank_question_new(void) {
  question q = {0};
  q.format = "moodle";
  q.choices = g_array_new(FALSE, TRUE, sizeof(choice));
  g_array_set_clear_func(q.choices, choice_clear);
  return q;
}

void bank_choice_add(question *q, char *text, char *source, double weight, char *feedback,
                     char *feedback_source) {
  if (feedback && !*feedback) g_free(feedback), feedback = NULL;
  if (!feedback) g_free(feedback_source), feedback_source = NULL;
  choice c = {text, source, weight, weight > 0, false, feedback, feedback_source};
  g_array_append_val(q->choices, c);
}

static void media_free(gpointer p) {
  media_file *m = p;
  g_free(m->name);
  g_bytes_unref(m->bytes);
  g_free(m);
}

/* ---- reporting ---- */

static void position(const reader *r, size_t off, int *line, int *col) {
  *line = 1;
  size_t start = 0;
  for (size_t i = 0; i < off && i < r->len; i++)
    if (r->text[i] == '\n') (*line)++, start = i + 1;
  /* columns count characters, as an editor shows them */
  *col = (int)g_utf8_strlen(r->text + start, (gssize)(off - start)) + 1;
}

static void add(reader *r, lt_severity sev, int line, int col, const char *msg) {
  lt_diag_add(r->diags, sev, r->file, line, col, "%s", msg);
  if (sev == LT_DIAG_ERROR) r->failed = true;
}

void bank_report(reader *r, lt_severity sev, size_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  int line, col;
  position(r, off, &line, &col);
  add(r, sev, line, col, msg);
  g_free(msg);
}

void bank_report_line(reader *r, lt_severity sev, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  add(r, sev, line, 0, msg);
  g_free(msg);
}

/* ---- text ---- */

/* <img> in GIFT HTML or Moodle XML: a data: URI or a file of the question
 * (@@PLUGINFILE@@/name, already in the bank's media) becomes media/NAME. */
static char *image(void *data, const char *src, const char *alt) {
  reader *r = data;
  (void)alt;
  if (g_str_has_prefix(src, "@@PLUGINFILE@@/")) {
    char *name = g_uri_unescape_string(src + 15, NULL);
    char *base = name ? g_path_get_basename(name) : g_strdup("");
    const char *path = r->files ? g_hash_table_lookup(r->files, base) : NULL;
    char *found = g_strdup(path);
    if (!found)
      bank_report_line(r, LT_DIAG_WARNING, r->line,
                       "image '%s' is not in the bank (export the bank with its files); only "
                       "its description is kept",
                       base);
    g_free(name), g_free(base);
    return found;
  }
  if (g_str_has_prefix(src, "data:image/")) {
    const char *comma = strchr(src, ',');
    const char *type = src + 11;
    if (comma && strstr(src, ";base64") && strstr(src, ";base64") < comma) {
      gsize len;
      guchar *bytes = g_base64_decode(comma + 1, &len);
      size_t tlen = strcspn(type, ";,");
      char *ext = g_strndup(type, tlen);
      char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, bytes, len);
      char *name = g_strdup_printf("gambar-%.12s.%s", sum, !strcmp(ext, "jpeg") ? "jpg" : ext);
      char *path = bank_media_add(r, r->line, name, bytes, len);
      g_free(bytes), g_free(ext), g_free(sum), g_free(name);
      return path;
    }
  }
  if (*src)
    bank_report_line(r, LT_DIAG_WARNING, r->line,
                     "image '%.60s' is outside the bank; copy it into the course's media/ "
                     "folder and link it",
                     src);
  return NULL;
}

char *bank_markdown(reader *r, const char *text, const char *format, bool one_line) {
  if (!text) return NULL;
  if (!strcmp(format, "html")) return lt_htmlmd_convert(text, one_line, image, r);
  if (!strcmp(format, "markdown")) return g_strstrip(g_strdup(text));
  /* moodle (auto-format) and plain: text as typed; a blank line parts paragraphs */
  GString *out = g_string_new(NULL);
  bool ls = true;
  lt_md_escape(out, text, &ls);
  char *s = g_strstrip(g_string_free(out, FALSE));
  if (one_line) g_strdelimit(s, "\n", ' ');
  return s;
}

/* Sanitised media name: letters, digits, '-', '_', '.'; not starting with '.'. */
static char *clean_name(const char *name) {
  char *base = g_path_get_basename(name);
  char *ascii = g_str_to_ascii(base, "C");
  GString *s = g_string_new(NULL);
  for (const char *p = ascii; *p && s->len < 80; p++)
    if (g_ascii_isalnum(*p) || *p == '-' || *p == '_' || (*p == '.' && s->len))
      g_string_append_c(s, *p);
    else if (s->len && s->str[s->len - 1] != '-')
      g_string_append_c(s, '-');
  g_free(base), g_free(ascii);
  if (!s->len || !strchr(s->str, '.')) g_string_prepend(s, "gambar");
  return g_string_free(s, FALSE);
}

#define MEDIA_MAX_BYTES ((gsize)8 * 1024 * 1024)

char *bank_media_add(reader *r, int line, const char *name, const guchar *data, gsize len) {
  static const char *const kinds[] = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"};
  char *clean = clean_name(name);
  bool image_kind = false;
  char *lower = g_ascii_strdown(clean, -1);
  for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
    image_kind |= g_str_has_suffix(lower, kinds[k]);
  g_free(lower);
  if (!image_kind || len > MEDIA_MAX_BYTES || len == 0) {
    bank_report_line(r, LT_DIAG_WARNING, line,
                     len > MEDIA_MAX_BYTES ? "file '%s' is larger than 8 MiB; skipped"
                                           : "file '%s' is not a PNG, JPEG, GIF, SVG or WebP "
                                             "image; skipped",
                     clean);
    g_free(clean);
    return NULL;
  }
  for (guint i = 0; i < r->bank->media->len; i++) { /* the same name twice: same bytes? */
    media_file *m = r->bank->media->pdata[i];
    if (g_ascii_strcasecmp(m->name, clean)) continue;
    gsize have;
    const void *b = g_bytes_get_data(m->bytes, &have);
    if (have == len && !memcmp(b, data, len)) {
      char *path = g_strconcat("media/", m->name, NULL);
      g_free(clean);
      return path;
    }
    char *other = g_strdup_printf("%u-%s", r->bank->media->len + 1, clean);
    g_free(clean);
    clean = other;
  }
  media_file *m = g_new0(media_file, 1);
  m->name = clean;
  m->bytes = g_bytes_new(data, len);
  g_ptr_array_add(r->bank->media, m);
  return g_strconcat("media/", clean, NULL);
}

/* ---- single or multiple, from the weights ---- */

bool bank_settle_choices(reader *r, question *q, size_t at, int line, bool moodle_single) {
  const char *label = q->title ? q->title : "question";
  size_t positive = 0, full = 0;
  for (guint k = 0; k < q->choices->len; k++) {
    choice *c = &g_array_index(q->choices, choice, k);
    positive += c->weight > 0;
    full += c->weight >= 100 - 1e-7;
  }
#define SAY(sev, ...)                                                                              \
  (line ? bank_report_line(r, sev, line, __VA_ARGS__) : bank_report(r, sev, at, __VA_ARGS__))
  if (!positive) {
    SAY(LT_DIAG_ERROR, "'%s' has no right answer: mark one with '=' (or a weight above 0%%)",
        label);
    return false;
  }
  if (q->choices->len < 2) {
    SAY(LT_DIAG_ERROR, "'%s' needs at least two answers to choose from", label);
    return false;
  }
  if (moodle_single && full > 1) {
    SAY(LT_DIAG_WARNING,
        "'%s' has %zu answers worth 100%%: Moodle takes any one of them, Lentera asks for all of "
        "them (select all that apply)",
        label, full);
    q->kind = Q_MULTIPLE;
    for (guint k = 0; k < q->choices->len; k++) {
      choice *c = &g_array_index(q->choices, choice, k);
      c->correct = c->weight >= 100 - 1e-7;
      c->weighted = false;
    }
    return true;
  }
  if (moodle_single || positive == 1) {
    /* one right answer; a single choice's best answer gives full marks in Lentera */
    guint best = 0;
    for (guint k = 0; k < q->choices->len; k++)
      if (g_array_index(q->choices, choice, k).weight >
          g_array_index(q->choices, choice, best).weight)
        best = k;
    choice *b = &g_array_index(q->choices, choice, best);
    if (b->weight < 100 - 1e-7)
      SAY(LT_DIAG_WARNING, "'%s' has no answer worth 100%%: '%s' (%g%%) is taken as the right one",
          label, b->source, b->weight);
    q->kind = Q_SINGLE;
    for (guint k = 0; k < q->choices->len; k++) {
      choice *c = &g_array_index(q->choices, choice, k);
      c->correct = k == best;
      c->weighted = k != best && c->weight > 0; /* partial credit; negative ones earn 0 */
    }
    return true;
  }
  q->kind = Q_MULTIPLE;
  double sum = 0;
  for (guint k = 0; k < q->choices->len; k++) {
    choice *c = &g_array_index(q->choices, choice, k);
    c->correct = c->weight > 0;
    c->weighted = c->weight != 0;
    if (c->weight > 0) sum += c->weight;
  }
  if (sum < 100 - 0.5 || sum > 100 + 0.5)
    SAY(LT_DIAG_WARNING, "the right answers of '%s' add up to %g%%, not 100%%", label, sum);
#undef SAY
  return true;
}

/* ---- Aiken ---- */

static void read_aiken(reader *r) {
  char **lines = g_strsplit(r->text, "\n", -1);
  question q = bank_question_new();
  GString *stem = g_string_new(NULL);
  size_t off = 0, q_off = 0;
  bool in_q = false;
  GRegex *opt = g_regex_new("^([A-Za-z])[.)]\\s+(.*)$", 0, 0, NULL);
  GRegex *ans = g_regex_new("^ANSWER\\s*:\\s*([A-Za-z])\\s*$", G_REGEX_CASELESS, 0, NULL);
  for (char **l = lines; *l; off += strlen(*l) + 1, l++) {
    char *line = g_strstrip(g_strdup(*l));
    GMatchInfo *m = NULL, *mo = NULL; /* each g_regex_match() sets its own, even on no match */
    if (!*line) {
      /* blank lines separate questions */
    } else if (g_regex_match(ans, line, 0, &m)) {
      char *letter = g_match_info_fetch(m, 1);
      guint idx = (guint)(g_ascii_toupper(letter[0]) - 'A');
      if (!in_q || q.choices->len == 0) {
        bank_report(r, LT_DIAG_ERROR, off,
                    "'ANSWER:' line without a question and options before it");
      } else if (idx >= q.choices->len) {
        int at;
        g_match_info_fetch_pos(m, 1, &at, NULL);
        bank_report(r, LT_DIAG_ERROR, off + strspn(*l, " \t") + (size_t)at,
                    "answer %c is not one of the options (A to %c)", g_ascii_toupper(letter[0]),
                    'A' + (int)q.choices->len - 1);
        bank_question_clear(&q);
        q = bank_question_new();
      } else {
        choice *c = &g_array_index(q.choices, choice, idx);
        c->correct = true, c->weight = 100;
        q.kind = Q_SINGLE;
        q.moodle = "MC";
        q.stem_source = g_strdup(g_strstrip(stem->str));
        q.stem = bank_markdown(r, q.stem_source, "moodle", false);
        g_array_append_val(r->bank->questions, q);
        q = bank_question_new();
      }
      g_string_truncate(stem, 0);
      in_q = false;
      g_free(letter);
    } else if (in_q && g_regex_match(opt, line, 0, &mo)) {
      char *letter = g_match_info_fetch(mo, 1), *text = g_match_info_fetch(mo, 2);
      if ((guint)(g_ascii_toupper(letter[0]) - 'A') != q.choices->len)
        bank_report(r, LT_DIAG_ERROR, off, "option %s is out of order (expected %c)", letter,
                    'A' + (int)q.choices->len);
      bank_choice_add(&q, bank_markdown(r, text, "moodle", true), text, 0, NULL, NULL);
      g_free(letter);
    } else if (in_q && q.choices->len > 0) {
      bank_report(r, LT_DIAG_ERROR, q_off,
                  "question has no 'ANSWER: X' line after its options: add one (e.g. "
                  "'ANSWER: B') before the blank line");
      bank_question_clear(&q);
      q = bank_question_new();
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
  if (in_q)
    bank_report(r, LT_DIAG_ERROR, q_off,
                "question has no 'ANSWER: X' line after its options: add one (e.g. "
                "'ANSWER: B')");
  bank_question_clear(&q);
  g_string_free(stem, TRUE);
  g_regex_unref(opt);
  g_regex_unref(ans);
  g_strfreev(lines);
}

/* ---- reading ---- */

lt_status lt_quizimport_read(const char *path, lt_quizimport_format format, lt_quizbank **out,
                             lt_diag_list *diags) {
  reader r = {path, NULL, 0, diags, NULL, false, 0, NULL};
  int fd;
  lt_status st = lt_file_open_regular(path, &fd, diags);
  if (st != LT_OK) return st;
  /* the quiz it becomes is an item: no bigger source than an item may be (a Moodle XML
   * export carries its images too, so it may be larger) */
  st = lt_file_read_fd(fd, path, 4 * LT_LIMIT_ITEM_BYTES, &r.text, &r.len, diags);
  close(fd);
  if (st != LT_OK) return st;
  if (format == LT_QUIZIMPORT_AUTO)
    format = g_str_has_suffix(path, ".gift")  ? LT_QUIZIMPORT_GIFT
             : g_str_has_suffix(path, ".xml") ? LT_QUIZIMPORT_MOODLE_XML
                                              : LT_QUIZIMPORT_AIKEN;
  if (format != LT_QUIZIMPORT_MOODLE_XML && r.len > LT_LIMIT_ITEM_BYTES) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "the bank is larger than %.0f MiB, the most a quiz may be: split it",
                LT_MIB(LT_LIMIT_ITEM_BYTES));
    free(r.text);
    return LT_ERR_INVALID;
  }
  if (r.len >= 3 && !memcmp(r.text, "\xEF\xBB\xBF", 3)) { /* a BOM is no text */
    memmove(r.text, r.text + 3, r.len - 3 + 1);
    r.len -= 3;
  }
  if (!g_utf8_validate(r.text, (gssize)r.len, NULL)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "not UTF-8 text: save the file as UTF-8");
    free(r.text);
    return LT_ERR_INVALID;
  }
  if (format != LT_QUIZIMPORT_MOODLE_XML)
    for (size_t i = 0; i < r.len; i++) /* CRLF files: treat '\r' as space */
      if (r.text[i] == '\r') r.text[i] = ' ';
  r.bank = g_new0(lt_quizbank, 1);
  r.bank->questions = g_array_new(FALSE, TRUE, sizeof(question));
  g_array_set_clear_func(r.bank->questions, bank_question_clear);
  r.bank->media = g_ptr_array_new_with_free_func(media_free);
  r.bank->source = g_path_get_basename(path);
  if (format == LT_QUIZIMPORT_GIFT)
    read_gift(&r);
  else if (format == LT_QUIZIMPORT_MOODLE_XML)
    read_moodle_xml(&r);
  else
    read_aiken(&r);
  free(r.text);
  if (!r.failed && lt_quizbank_count(r.bank) == 0) {
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
  g_ptr_array_free(bank->media, TRUE);
  g_free(bank->source);
  g_free(bank);
}

size_t lt_quizbank_count(const lt_quizbank *bank) {
  size_t n = 0;
  for (guint i = 0; i < bank->questions->len; i++)
    n += g_array_index(bank->questions, question, i).kind != Q_SKIPPED;
  return n;
}

size_t lt_quizbank_media_count(const lt_quizbank *bank) { return bank->media->len; }

lt_status lt_quizimport_write_media(const lt_quizbank *bank, const char *quiz_path, bool force,
                                    lt_diag_list *diags) {
  if (!bank->media->len) return LT_OK;
  char *dir = g_path_get_dirname(quiz_path), *media = g_build_filename(dir, "media", NULL);
  lt_status st = LT_OK;
  if (mkdir(media, 0755) != 0 && errno != EEXIST)
    st = lt_file_write_failed(diags, media, errno, NULL);
  int dfd = st == LT_OK ? open(media, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
  if (st == LT_OK && dfd < 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, media, 0, 0,
                "is not a folder (or is a symbolic link): images go into the course's own "
                "media/ folder");
    st = LT_ERR_INVALID;
  }
  for (guint i = 0; st == LT_OK && i < bank->media->len; i++) {
    const media_file *m = bank->media->pdata[i];
    gsize len;
    const void *data = g_bytes_get_data(m->bytes, &len);
    char *shown = g_build_filename(media, m->name, NULL);
    st = lt_file_write_atomic_at(dfd, m->name, shown, data, len, 0644, force, diags);
    g_free(shown);
  }
  if (dfd >= 0) close(dfd);
  g_free(dir), g_free(media);
  return st;
}

/* ---- Markdown ---- */

static void append_md(GString *out, const char *text) {
  bool ls = true;
  lt_md_escape(out, text, &ls);
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

static void weight_mark(GString *s, const choice *c) {
  if (!c->weighted) return;
  char w[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(w, sizeof w, "%g", c->weight);
  g_string_append_printf(s, " <!-- weight: %s -->", w);
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
  const char *category = NULL;
  guint n = 0;
  for (guint i = 0; i < bank->questions->len; i++) {
    const question *q = &g_array_index(bank->questions, question, i);
    if (q->kind == Q_SKIPPED) continue;
    n++;
    if (q->category && (!category || strcmp(category, q->category) != 0)) {
      /* "$course$/top/Keamanan/Sandi": the course's bank, then the category */
      const char *name = q->category;
      if (*name == '$' && strchr(name + 1, '/')) name = strchr(name + 1, '/') + 1;
      if (g_str_has_prefix(name, "top/")) name += 4;
      char *c = g_strdup(name);
      for (char *p = strstr(c, "--"); p; p = strstr(c, "--"))
        p[1] = ' '; /* "--" may not be in a comment */
      g_string_append_printf(s, "\n<!-- Moodle category: %s -->\n", c);
      g_free(c);
      category = q->category;
    }
    /* an untitled question is headed "Soal N"; its id comes from its text, which stays
     * stable when the bank is reordered, and is numbered when two are alike */
    bool titled = q->title && *q->title;
    char *heading = titled ? short_line(q->title, n) : g_strdup_printf("Soal %u", n);
    char *plain = g_strdup(q->stem);
    g_strdelimit(plain, "\\*_`[]!", ' ');
    char *words = short_line(titled ? q->title : plain, n);
    g_free(plain);
    g_string_append(s, "\n## ");
    append_md(s, heading);
    char *ascii = g_str_to_ascii(words, "C");
    g_free(words);
    GString *slug = g_string_new(NULL);
    for (const char *p = ascii; *p && slug->len < 60; p++)
      if (g_ascii_isalnum(*p))
        g_string_append_c(slug, g_ascii_tolower(*p));
      else if (slug->len && slug->str[slug->len - 1] != '-')
        g_string_append_c(slug, '-');
    while (slug->len && slug->str[slug->len - 1] == '-')
      g_string_truncate(slug, slug->len - 1);
    if (!slug->len) g_string_printf(slug, "soal-%u", n);
    char *id = g_strdup(slug->str);
    for (int k = 2; g_hash_table_contains(ids, id); k++) {
      g_free(id);
      id = g_strdup_printf("%s-%d", slug->str, k);
    }
    g_hash_table_add(ids, id);
    g_string_append_printf(s, "\n<!-- id: %s -->\n\n", id);
    g_string_free(slug, TRUE);
    g_free(ascii);
    g_free(heading);
    g_string_append(s, *q->stem ? q->stem : "…");
    g_string_append(s, "\n\n");
    if (q->kind == Q_SHORT) {
      g_string_append(s, "```answer\n");
      for (guint k = 0; k < q->choices->len; k++) {
        const choice *c = &g_array_index(q->choices, choice, k);
        char *line = g_strdup(c->source); /* one accepted answer a line */
        g_strdelimit(line, "\n", ' ');
        g_string_append(s, line);
        g_free(line);
        weight_mark(s, c);
        g_string_append_c(s, '\n');
      }
      g_string_append(s, "```\n");
    } else {
      for (guint k = 0; k < q->choices->len; k++) {
        const choice *c = &g_array_index(q->choices, choice, k);
        g_string_append_printf(s, "- [%c] %s", c->correct ? 'x' : ' ', *c->text ? c->text : "…");
        weight_mark(s, c);
        g_string_append_c(s, '\n');
      }
    }
    GString *ex = g_string_new(NULL);
    if (q->feedback && *q->feedback) g_string_append(ex, q->feedback);
    for (guint k = 0; k < q->choices->len; k++) {
      const choice *c = &g_array_index(q->choices, choice, k);
      if (!c->feedback) continue;
      if (ex->len) g_string_append(ex, "\n\n");
      g_string_append_printf(ex, "*%s*: %s", c->text, c->feedback);
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

/* ---- JSON, for the tests that compare readers ---- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

char *lt_quizimport_json(const lt_quizbank *bank) {
  static const char *const kinds[] = {"single", "multiple", "short", "skipped"};
  json_t *a = json_array();
  for (guint i = 0; i < bank->questions->len; i++) {
    const question *q = &g_array_index(bank->questions, question, i);
    json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:i}", "type", q->moodle,
                          "kind", kinds[q->kind], "title", str_or_null(q->title), "stem",
                          q->stem_source ? q->stem_source : "", "markdown", q->stem ? q->stem : "",
                          "format", q->format, "feedback", str_or_null(q->feedback_source),
                          "category", str_or_null(q->category), "line", q->line);
    if (q->tf) json_object_set_new(o, "isTrue", json_boolean(q->tf_value));
    json_t *ch = json_array();
    for (guint k = 0; k < q->choices->len; k++) {
      const choice *c = &g_array_index(q->choices, choice, k);
      json_array_append_new(ch, json_pack("{s:s, s:s, s:f, s:b, s:b, s:o}", "text", c->source,
                                          "markdown", c->text ? c->text : "", "weight", c->weight,
                                          "correct", c->correct, "weighted", c->weighted,
                                          "feedback", str_or_null(c->feedback_source)));
    }
    json_object_set_new(o, "answers", ch);
    json_array_append_new(a, o);
  }
  char *s = json_dumps(a, JSON_INDENT(1));
  json_decref(a);
  return s;
}
