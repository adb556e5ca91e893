/* quiz — loading quiz XML (validated by quiz.xsd) into arrays, and marking responses.
 *
 * Markdown fragments are kept as serialised <document> elements (xmlNodeDump keeps their
 * namespace declaration), so each is a complete CommonMark XML text for the layout.
 *
 * Marking gives credit 0..1. Without weights a question is all or nothing: the chosen set
 * must equal the right set, a typed answer must be one of the accepted ones. Weights
 * (percent, Moodle's fractions) give partial credit: a single choice earns its chosen
 * choice's weight (the right one 100, a wrong one 0 unless weighted); a multiple response
 * with any weight earns the sum of its chosen choices' weights (a right choice without one
 * shares 100 with the other unweighted right ones), kept between 0 and 100, as Moodle does;
 * a typed answer earns the weight of the accepted answer it matches. */
#include "lentera/quiz.h"

#include <glib.h>
#include <jansson.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "xml_load.h"

typedef struct {
  char *id, *text;
  bool correct;
  bool weighted;
  double weight; /* percent */
} choice;

typedef struct {
  char *id, *title, *stem, *explanation;
  lt_question_type type;
  GArray *choices; /* of choice */
  GPtrArray *answers;
  GArray *answer_weights; /* of double, percent, one per answer */
  bool weighted;          /* any choice or answer has a weight attribute */
} question;

/* The weight attribute of `n` in *w; false when it has none. */
static bool weight_of(xmlNodePtr n, double *w) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"weight");
  if (!v) return false;
  *w = g_ascii_strtod((const char *)v, NULL);
  xmlFree(v);
  return true;
}

struct lt_quiz {
  char *title, *role, *intro;
  long pass_percent, max_attempts;
  bool shuffle, anonymous;
  GArray *questions; /* of question */
};

/* The <document> inside `n` as XML text. */
static char *markdown(xmlDocPtr doc, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (lt_xml_is(c, "document")) {
      xmlBufferPtr buf = xmlBufferCreate();
      xmlNodeDump(buf, doc, c, 0, 0);
      char *s = g_strdup((const char *)xmlBufferContent(buf));
      xmlBufferFree(buf);
      return s;
    }
  return NULL;
}

static void question_clear(gpointer p) {
  question *q = p;
  g_free(q->id), g_free(q->title), g_free(q->stem), g_free(q->explanation);
  for (guint i = 0; i < q->choices->len; i++) {
    choice *c = &g_array_index(q->choices, choice, i);
    g_free(c->id), g_free(c->text);
  }
  g_array_free(q->choices, TRUE);
  g_ptr_array_free(q->answers, TRUE);
  g_array_free(q->answer_weights, TRUE);
}

lt_status lt_quiz_load(const char *xml, size_t len, const char *name, lt_quiz **out,
                       lt_diag_list *diags) {
  xmlDocPtr doc;
  lt_status st = lt_xml_load("quiz.xsd", xml, len, name, &doc, diags);
  if (st != LT_OK) return st;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  lt_quiz *q = g_new0(lt_quiz, 1);
  q->questions = g_array_new(FALSE, TRUE, sizeof(question));
  g_array_set_clear_func(q->questions, question_clear);
  q->role = lt_xml_prop(root, "role");
  char *v = lt_xml_prop(root, "pass-percent");
  q->pass_percent = strtol(v, NULL, 10);
  g_free(v);
  v = lt_xml_prop(root, "max-attempts");
  q->max_attempts = strtol(v, NULL, 10);
  g_free(v);
  v = lt_xml_prop(root, "shuffle");
  q->shuffle = !strcmp(v, "true") || !strcmp(v, "1");
  g_free(v);
  v = lt_xml_prop(root, "anonymous"); /* optional */
  q->anonymous = v && (!strcmp(v, "true") || !strcmp(v, "1"));
  g_free(v);
  for (xmlNodePtr n = root->children; n; n = n->next) {
    if (lt_xml_is(n, "title"))
      q->title = lt_xml_text(n);
    else if (lt_xml_is(n, "intro"))
      q->intro = markdown(doc, n);
    else if (lt_xml_is(n, "question")) {
      question qu = {lt_xml_prop(n, "id"),
                     NULL,
                     NULL,
                     NULL,
                     LT_QUESTION_SINGLE,
                     g_array_new(FALSE, TRUE, sizeof(choice)),
                     g_ptr_array_new_with_free_func(g_free),
                     g_array_new(FALSE, TRUE, sizeof(double)),
                     false};
      char *type = lt_xml_prop(n, "type");
      qu.type = !strcmp(type, "multiple") ? LT_QUESTION_MULTIPLE
                : !strcmp(type, "short")  ? LT_QUESTION_SHORT
                : !strcmp(type, "rating") ? LT_QUESTION_RATING
                : !strcmp(type, "text")   ? LT_QUESTION_TEXT
                                          : LT_QUESTION_SINGLE;
      g_free(type);
      for (xmlNodePtr c = n->children; c; c = c->next) {
        if (lt_xml_is(c, "title"))
          qu.title = lt_xml_text(c);
        else if (lt_xml_is(c, "stem"))
          qu.stem = markdown(doc, c);
        else if (lt_xml_is(c, "explanation"))
          qu.explanation = markdown(doc, c);
        else if (lt_xml_is(c, "answer")) {
          double w = 100;
          qu.weighted |= weight_of(c, &w);
          g_ptr_array_add(qu.answers, lt_xml_text(c));
          g_array_append_val(qu.answer_weights, w);
        } else if (lt_xml_is(c, "choice")) {
          char *correct = lt_xml_prop(c, "correct");
          choice ch = {lt_xml_prop(c, "id"), lt_xml_text(c),
                       !strcmp(correct, "true") || !strcmp(correct, "1"), false, 0};
          g_free(correct);
          ch.weighted = weight_of(c, &ch.weight);
          qu.weighted |= ch.weighted;
          g_array_append_val(qu.choices, ch);
        }
      }
      size_t right = 0, unweighted_right = 0;
      double given = 0;
      for (guint k = 0; k < qu.choices->len; k++) {
        choice *ch = &g_array_index(qu.choices, choice, k);
        right += ch->correct;
        unweighted_right += ch->correct && !ch->weighted;
        if (ch->correct && ch->weighted) given += ch->weight;
      }
      for (guint k = 0; k < qu.choices->len; k++) { /* the defaults the comment above names */
        choice *ch = &g_array_index(qu.choices, choice, k);
        if (ch->weighted) continue;
        ch->weight = !ch->correct ? 0
                     : right == 1 ? 100
                                  : MAX(0, 100 - given) / (double)unweighted_right;
      }
      bool survey_type = qu.type == LT_QUESTION_RATING || qu.type == LT_QUESTION_TEXT;
      const char *wrong = survey_type != lt_quiz_is_survey(q) ? "a survey's question types"
                          : qu.type == LT_QUESTION_RATING && qu.choices->len != 5
                              ? "five rating choices"
                          : qu.type == LT_QUESTION_TEXT && (qu.choices->len || qu.answers->len)
                              ? "a free answer without choices"
                              : NULL;
      if (wrong && st == LT_OK) {
        lt_diag_add(diags, LT_DIAG_ERROR, name, (int)xmlGetLineNo(n), 1,
                    "question '%s' does not have %s where its quiz needs them", qu.id, wrong);
        st = LT_ERR_INVALID;
      }
      g_array_append_val(q->questions, qu);
    }
  }
  xmlFreeDoc(doc);
  if (st != LT_OK) {
    lt_quiz_free(q);
    return st;
  }
  *out = q;
  return LT_OK;
}

lt_quiz *lt_quiz_new_set(const char *title, const char *role) {
  lt_quiz *q = g_new0(lt_quiz, 1);
  q->title = g_strdup(title), q->role = g_strdup(role);
  q->shuffle = true;
  q->questions = g_array_new(FALSE, TRUE, sizeof(question));
  g_array_set_clear_func(q->questions, question_clear);
  return q;
}

void lt_quiz_add_copy(lt_quiz *set, const lt_quiz *from, size_t i) {
  const question *src = &g_array_index(from->questions, question, i);
  question qu = {g_strdup(src->id),
                 g_strdup(src->title),
                 g_strdup(src->stem),
                 g_strdup(src->explanation),
                 src->type,
                 g_array_new(FALSE, TRUE, sizeof(choice)),
                 g_ptr_array_new_with_free_func(g_free),
                 g_array_copy(src->answer_weights),
                 src->weighted};
  for (guint c = 0; c < src->choices->len; c++) {
    choice ch = g_array_index(src->choices, choice, c);
    ch.id = g_strdup(ch.id), ch.text = g_strdup(ch.text);
    g_array_append_val(qu.choices, ch);
  }
  for (guint a = 0; a < src->answers->len; a++)
    g_ptr_array_add(qu.answers, g_strdup(g_ptr_array_index(src->answers, a)));
  g_array_append_val(set->questions, qu);
}

long lt_quiz_find(const lt_quiz *q, const char *question_id) {
  for (guint i = 0; i < q->questions->len; i++)
    if (!strcmp(g_array_index(q->questions, question, i).id, question_id)) return (long)i;
  return -1;
}

void lt_quiz_free(lt_quiz *q) {
  if (!q) return;
  g_array_free(q->questions, TRUE);
  g_free(q->title), g_free(q->role), g_free(q->intro);
  g_free(q);
}

#define QU(q, i) (&g_array_index((q)->questions, question, (i)))
#define CH(q, i, c) (&g_array_index(QU(q, i)->choices, choice, (c)))

const char *lt_quiz_title(const lt_quiz *q) { return q->title; }
const char *lt_quiz_get_role(const lt_quiz *q) { return q->role; }
const char *lt_quiz_intro(const lt_quiz *q) { return q->intro; }
long lt_quiz_pass_percent(const lt_quiz *q) { return q->pass_percent; }
long lt_quiz_max_attempts(const lt_quiz *q) { return q->max_attempts; }
bool lt_quiz_shuffle(const lt_quiz *q) { return q->shuffle; }
bool lt_quiz_is_survey(const lt_quiz *q) { return !strcmp(q->role, "survey"); }
bool lt_quiz_anonymous(const lt_quiz *q) { return q->anonymous; }
size_t lt_quiz_count(const lt_quiz *q) { return q->questions->len; }
const char *lt_quiz_question_id(const lt_quiz *q, size_t i) { return QU(q, i)->id; }
const char *lt_quiz_question_title(const lt_quiz *q, size_t i) { return QU(q, i)->title; }
lt_question_type lt_quiz_question_type(const lt_quiz *q, size_t i) { return QU(q, i)->type; }
const char *lt_quiz_question_stem(const lt_quiz *q, size_t i) { return QU(q, i)->stem; }
const char *lt_quiz_question_explanation(const lt_quiz *q, size_t i) {
  return QU(q, i)->explanation;
}
size_t lt_quiz_choice_count(const lt_quiz *q, size_t i) { return QU(q, i)->choices->len; }
const char *lt_quiz_choice_id(const lt_quiz *q, size_t i, size_t c) { return CH(q, i, c)->id; }
const char *lt_quiz_choice_text(const lt_quiz *q, size_t i, size_t c) { return CH(q, i, c)->text; }
bool lt_quiz_choice_correct(const lt_quiz *q, size_t i, size_t c) { return CH(q, i, c)->correct; }
double lt_quiz_choice_weight(const lt_quiz *q, size_t i, size_t c) { return CH(q, i, c)->weight; }
bool lt_quiz_question_weighted(const lt_quiz *q, size_t i) { return QU(q, i)->weighted; }

static char *normalise(const char *s);

char *lt_quiz_accepted(const lt_quiz *q, size_t i) {
  GPtrArray *a = QU(q, i)->answers;
  GString *s = g_string_new(NULL);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < a->len; k++) /* spellings that mark the same are said once */
    if (g_hash_table_add(seen, normalise(a->pdata[k])))
      g_string_append_printf(s, "%s%s", s->len ? " / " : "", (const char *)a->pdata[k]);
  g_hash_table_destroy(seen);
  char *out = strdup(s->str);
  g_string_free(s, TRUE);
  return out;
}

/* Lower-cased, trimmed, inner runs of white space made one space. */
static char *normalise(const char *s) {
  char *low = g_utf8_casefold(s, -1);
  GString *out = g_string_new(NULL);
  bool space = false;
  for (const char *p = low; *p; p++) {
    if (g_ascii_isspace(*p)) {
      space = out->len > 0;
      continue;
    }
    if (space) g_string_append_c(out, ' ');
    space = false;
    g_string_append_c(out, *p);
  }
  g_free(low);
  return g_string_free(out, FALSE);
}

double lt_quiz_credit(const lt_quiz *q, size_t i, const char *response) {
  const question *qu = QU(q, i);
  if (qu->type == LT_QUESTION_RATING || qu->type == LT_QUESTION_TEXT) return 0; /* not marked */
  if (qu->type == LT_QUESTION_SHORT) {
    char *r = normalise(response);
    double best = 0;
    for (guint k = 0; k < qu->answers->len; k++) {
      char *a = normalise(qu->answers->pdata[k]);
      double w = g_array_index(qu->answer_weights, double, k);
      if (*r && !strcmp(a, r) && w > best) best = w;
      g_free(a);
    }
    g_free(r);
    return best / 100;
  }
  char **chosen = g_strsplit(response, ",", -1);
  size_t nchosen = 0;
  for (char **c = chosen; *c; c++)
    if (**c) nchosen++;
  double credit;
  if (qu->type == LT_QUESTION_SINGLE || qu->weighted) {
    double sum = 0;
    size_t known = 0;
    for (guint k = 0; k < qu->choices->len; k++) {
      const choice *ch = &g_array_index(qu->choices, choice, k);
      if (!g_strv_contains((const char *const *)chosen, ch->id)) continue;
      sum += ch->weight;
      known++;
    }
    /* a single choice answered with several ids, or with an unknown one, earns nothing */
    if (known != nchosen || (qu->type == LT_QUESTION_SINGLE && nchosen != 1)) sum = 0;
    credit = CLAMP(sum, 0, 100) / 100;
  } else { /* the set of chosen ids must equal the set of correct ones */
    bool ok = true;
    size_t ncorrect = 0;
    for (guint k = 0; k < qu->choices->len; k++) {
      const choice *ch = &g_array_index(qu->choices, choice, k);
      if (!ch->correct) continue;
      ncorrect++;
      ok = ok && g_strv_contains((const char *const *)chosen, ch->id);
    }
    credit = ok && nchosen == ncorrect ? 1 : 0;
  }
  g_strfreev(chosen);
  return credit;
}

bool lt_quiz_is_correct(const lt_quiz *q, size_t i, const char *response) {
  return lt_quiz_credit(q, i, response) > 1 - 1e-9;
}

/* ---- the order choices are shown in ---- */

static size_t shown_choices(const lt_quiz *q, size_t i) {
  size_t n = lt_quiz_choice_count(q, i);
  return n < 26 ? n : 26;
}

char *lt_quiz_orders_new(const lt_quiz *q, lt_quiz_order *orders) {
  json_t *o = json_object();
  for (size_t i = 0; i < lt_quiz_count(q); i++) {
    size_t n = shown_choices(q, i);
    char *s = orders[i];
    for (size_t c = 0; c < n; c++)
      s[c] = (char)('a' + c);
    s[n] = '\0';
    if (lt_quiz_shuffle(q))
      for (size_t c = n; c > 1; c--) { /* Fisher–Yates */
        size_t j = (size_t)g_random_int_range(0, (gint32)c);
        char t = s[c - 1];
        s[c - 1] = s[j];
        s[j] = t;
      }
    json_object_set_new(o, lt_quiz_question_id(q, i), json_string(s));
  }
  char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(o);
  return text;
}

void lt_quiz_orders_from_json(const lt_quiz *q, const char *json, lt_quiz_order *orders) {
  json_t *o = json ? json_loads(json, 0, NULL) : NULL;
  for (size_t i = 0; i < lt_quiz_count(q); i++) {
    size_t n = shown_choices(q, i);
    const char *s = json_string_value(json_object_get(o, lt_quiz_question_id(q, i)));
    bool valid = s && strlen(s) == n;
    for (size_t c = 0; valid && c < n; c++) /* each letter of this question, once */
      valid = s[c] >= 'a' && s[c] < (char)('a' + n) && !memchr(s, s[c], c);
    for (size_t c = 0; c < n; c++) {
      orders[i][c] = (char)('a' + c);
      if (valid) orders[i][c] = s[c];
    }
    orders[i][n] = '\0';
  }
  json_decref(o);
}
