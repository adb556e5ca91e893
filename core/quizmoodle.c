/* quizmoodle — Moodle XML (quiz.xml as Moodle's "Export questions" writes it).
 *
 * libxml2 parses it with XML_PARSE_NONET and without entity substitution or DTD loading; a
 * document with a DOCTYPE is refused (Moodle never writes one), so no entity tricks reach
 * the reader. Each <question type="…">: "category" names the category of those after it;
 * multichoice (<single> true → single choice, else multiple response, the answers'
 * fraction attributes as weights), truefalse and shortanswer are read; every other type
 * (numerical, essay, matching, cloze, drag and drop…) is reported at its line and skipped.
 * Texts carry a format (html, moodle_auto_format, plain_text, markdown); HTML becomes
 * Markdown (htmlmd.c). A text's <file encoding="base64"> images go to media/ (quizimport.c
 * confines, sanitises and limits them) and its @@PLUGINFILE@@/name links point at them.
 * Per-answer and general feedback become the explanation. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "quizbank.h"

static bool is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (is(c, name)) return c;
  return NULL;
}

static char *prop(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = v ? g_strdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

static char *content(xmlNodePtr n) {
  if (!n) return NULL;
  xmlChar *v = xmlNodeGetContent(n);
  char *s = g_strdup(v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

static const char *format_of(xmlNodePtr n, const char *fallback) {
  char *f = prop(n, "format");
  const char *out = !f                         ? fallback
                    : !strcmp(f, "html")       ? "html"
                    : !strcmp(f, "plain_text") ? "plain"
                    : !strcmp(f, "markdown")   ? "markdown"
                                               : "moodle";
  g_free(f);
  return out;
}

/* The <text> of element `n` (its files added to the bank first): as read and as Markdown. */
static void text_of(reader *r, xmlNodePtr n, const char *fallback, bool one_line, char **source,
                    char **markdown) {
  *source = *markdown = NULL;
  if (!n) return;
  GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (xmlNodePtr f = n->children; f; f = f->next) {
    if (!is(f, "file")) continue;
    char *name = prop(f, "name"), *enc = prop(f, "encoding"), *b64 = content(f);
    if (name && enc && !strcmp(enc, "base64")) {
      gsize len;
      guchar *bytes = g_base64_decode(g_strstrip(b64), &len);
      char *path = bank_media_add(r, (int)xmlGetLineNo(f), name, bytes, len);
      if (path) /* linked as @@PLUGINFILE@@/name: the name's last part is what counts */
        g_hash_table_insert(files, g_path_get_basename(name), path);
      g_free(bytes);
    }
    g_free(name), g_free(enc), g_free(b64);
  }
  r->files = files;
  *source = content(child(n, "text"));
  if (!*source) *source = g_strdup("");
  g_strstrip(*source);
  *markdown = bank_markdown(r, *source, format_of(n, fallback), one_line);
  r->files = NULL;
  g_hash_table_destroy(files);
}

static void category(reader *r, xmlNodePtr q, char **current) {
  char *c = content(child(child(q, "category"), "text"));
  if (!c) return;
  g_strstrip(c);
  g_free(*current);
  *current = c;
  (void)r;
}

static void question_of(reader *r, xmlNodePtr n, const char *type, const char *cat) {
  int line = (int)xmlGetLineNo(n);
  question q = bank_question_new();
  q.line = r->line = line;
  q.category = cat ? g_strdup(cat) : NULL;
  char *name = content(child(child(n, "name"), "text"));
  if (name && *g_strstrip(name))
    q.title = name;
  else
    g_free(name);
  xmlNodePtr qt = child(n, "questiontext");
  q.format = format_of(qt, "html");
  text_of(r, qt, "html", false, &q.stem_source, &q.stem);
  if (!q.stem) q.stem = g_strdup(""), q.stem_source = g_strdup("");
  char *gf, *gfmd;
  text_of(r, child(n, "generalfeedback"), q.format, false, &gf, &gfmd);
  if (gf && *gf)
    q.feedback_source = gf, q.feedback = gfmd;
  else
    g_free(gf), g_free(gfmd);
  const char *label = q.title ? q.title : "question";
  bool ok = true;
  if (!strcmp(type, "multichoice") || !strcmp(type, "truefalse") || !strcmp(type, "shortanswer")) {
    for (xmlNodePtr a = n->children; a; a = a->next) {
      if (!is(a, "answer")) continue;
      char *fr = prop(a, "fraction");
      double w = fr ? g_ascii_strtod(fr, NULL) : 0;
      g_free(fr);
      char *src, *md, *fsrc, *fmd;
      text_of(r, a, q.format, true, &src, &md);
      text_of(r, child(a, "feedback"), q.format, false, &fsrc, &fmd);
      if (!strcmp(type, "shortanswer")) {
        if (w <= 0) {
          bank_report_line(r, LT_DIAG_WARNING, (int)xmlGetLineNo(a),
                           "answer '%s' of '%s' is worth %g%% (never accepted); left out", src,
                           label, w);
          g_free(src), g_free(md), g_free(fsrc), g_free(fmd);
          continue;
        }
        bank_choice_add(&q, md, src, w, fmd, fsrc);
        choice *c = &g_array_index(q.choices, choice, q.choices->len - 1);
        c->correct = true, c->weighted = w < 100 - 1e-7;
      } else {
        bank_choice_add(&q, md, src, w, fmd, fsrc);
      }
    }
  }
  if (!strcmp(type, "multichoice")) {
    q.moodle = "MC";
    char *single = content(child(n, "single"));
    bool one = single && (!strcmp(g_strstrip(single), "true") || !strcmp(single, "1"));
    g_free(single);
    ok = bank_settle_choices(r, &q, 0, line, one);
  } else if (!strcmp(type, "truefalse")) {
    q.moodle = "TF";
    q.tf = true;
    q.kind = Q_SINGLE;
    bool seen = false;
    for (guint k = 0; k < q.choices->len; k++) { /* Moodle's answers: "true", "false" */
      choice *c = &g_array_index(q.choices, choice, k);
      bool yes = !g_ascii_strcasecmp(c->source, "true");
      if (yes && c->weight > 0) q.tf_value = true;
      seen |= yes;
      g_free(c->text), g_free(c->source);
      c->text = g_strdup(yes ? "Benar" : "Salah");
      c->source = g_strdup(c->text);
      c->correct = c->weight > 0;
      c->weighted = false;
    }
    if (q.choices->len != 2 || !seen) {
      bank_report_line(r, LT_DIAG_ERROR, line,
                       "true/false question '%s' needs a 'true' and a "
                       "'false' answer",
                       label);
      ok = false;
    }
  } else if (!strcmp(type, "shortanswer")) {
    q.moodle = "Short";
    q.kind = Q_SHORT;
    char *usecase = content(child(n, "usecase"));
    if (usecase && !strcmp(g_strstrip(usecase), "1"))
      bank_report_line(r, LT_DIAG_WARNING, line,
                       "'%s' wants the answer's capitals exact; Lentera accepts any case", label);
    g_free(usecase);
    if (!q.choices->len) {
      bank_report_line(r, LT_DIAG_ERROR, line, "'%s' has no accepted answer worth more than 0%%",
                       label);
      ok = false;
    }
  } else {
    static const char *const names[][2] = {
        {"numerical", "Numerical"},     {"essay", "Essay"},       {"matching", "Matching"},
        {"description", "Description"}, {"multianswer", "Cloze"}, {"calculated", "Calculated"}};
    q.moodle = "Other";
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
      if (!strcmp(type, names[k][0])) q.moodle = names[k][1];
    q.kind = Q_SKIPPED;
    bank_report_line(r, LT_DIAG_WARNING, line,
                     "'%s' is a Moodle '%s' question: not supported, skipped", label, type);
  }
  if (ok)
    g_array_append_val(r->bank->questions, q);
  else
    bank_question_clear(&q);
}

void read_moodle_xml(reader *r) {
  xmlDocPtr doc = xmlReadMemory(r->text, (int)r->len, r->file, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    bank_report_line(r, LT_DIAG_ERROR, e ? e->line : 0,
                     "not well-formed XML (%s): export the bank again from Moodle",
                     e && e->message ? g_strstrip(e->message) : "unreadable");
    return;
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (doc->intSubset || doc->extSubset) {
    bank_report_line(r, LT_DIAG_ERROR, 1,
                     "the file has a DOCTYPE, which Moodle's exports never have: export the "
                     "bank again from Moodle");
  } else if (!is(root, "quiz")) {
    bank_report_line(r, LT_DIAG_ERROR, root ? (int)xmlGetLineNo(root) : 1,
                     "not a Moodle XML question bank (its root is not <quiz>)");
  } else {
    char *cat = NULL;
    for (xmlNodePtr n = root->children; n; n = n->next) {
      if (!is(n, "question")) continue;
      char *type = prop(n, "type");
      if (!type) type = g_strdup("");
      if (!strcmp(type, "category"))
        category(r, n, &cat);
      else
        question_of(r, n, type, cat);
      g_free(type);
    }
    g_free(cat);
  }
  xmlFreeDoc(doc);
}
