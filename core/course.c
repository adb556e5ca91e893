/* course — loading and checking a course folder's front matter.
 *
 * course.md gives the course fields and the ordered `items` list; each item file is read
 * whole, its front matter checked by `kind`, and its body kept. Files ending in .md that
 * no `items` names draw a warning, since a trainer usually forgot to list them. Every file
 * is read confined to the folder (file.h lt_file_open_in): a symbolic link, hard link or
 * special file named in `items` is an error at its entry there. Each file's text is checked
 * by text.h before its front matter is read: not UTF-8 is an error at the first bad byte,
 * control characters from word processors become spaces with a warning. */
#include "lentera/course.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/file.h"
#include "lentera/frontmatter.h"
#include "lentera/limits.h"
#include "lentera/text.h"

typedef struct {
  lt_course_item view;
  lt_frontmatter *fm;
  char *text;
  char **objectives;
  char *id, *source, *display; /* owned; the view points here */
} item;

struct lt_course {
  char *dir;
  char *course_md; /* "course.md" as messages name it */
  char *text;
  lt_frontmatter *fm;
  const char *id, *title, *version, *language, *publisher, *activity_base;
  char *description;       /* lt_course_description */
  lt_course_signer signer; /* all NULL when not given */
  long followup[LT_COURSE_FOLLOWUPS_MAX];
  size_t nfollowup;
  lt_target targets[LT_TARGETS_MAX];
  size_t ntargets;
  char **audience;
  GPtrArray *items;  /* of item* */
  GHashTable *named; /* every file name `items` lists, loadable or not */
};

static const char *const audience_groups[] = {"paket-a", "paket-b",    "paket-c",
                                              "paket-d", "semua-staf", NULL};

/* The body's first paragraph as plain text: headings, HTML comments and blank lines before it
 * skipped; emphasis, code and link marks taken out ([text](url) keeps the text); control
 * characters dropped; whitespace collapsed; cut at a word to LT_LIMIT_DESCRIPTION_CHARS. */
static char *course_description(const char *body, size_t len) {
  char *text = g_utf8_make_valid(body, (gssize)len);
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  GString *out = g_string_new(NULL);
  bool comment = false;
  for (char **l = lines; *l; l++) {
    char *t = g_strstrip(*l);
    if (comment || g_str_has_prefix(t, "<!--")) {
      comment = !strstr(t, "-->");
      continue;
    }
    if (!*t) {
      if (out->len) break;
      continue;
    }
    if (*t == '#' || *t == '!' || *t == '|' || *t == '<') continue; /* headings, images, tables */
    if (out->len) g_string_append_c(out, ' ');
    for (const char *p = t; *p; p = g_utf8_next_char(p)) {
      gunichar ch = g_utf8_get_char(p);
      if (ch == '*' || ch == '_' || ch == '`' || ch == '[' || g_unichar_iscntrl(ch)) continue;
      if (ch == ']' && p[1] == '(') { /* a link's target is not shown */
        const char *end = strchr(p, ')');
        if (end) p = end;
        continue;
      }
      if (ch == ']') continue;
      if (g_unichar_isspace(ch) && out->len && out->str[out->len - 1] == ' ') continue;
      g_string_append_unichar(out, g_unichar_isspace(ch) ? ' ' : ch);
    }
  }
  g_strfreev(lines);
  g_strstrip(out->str);
  out->len = strlen(out->str);
  if (g_utf8_strlen(out->str, -1) > LT_LIMIT_DESCRIPTION_CHARS) {
    char *cut = g_utf8_offset_to_pointer(out->str, LT_LIMIT_DESCRIPTION_CHARS - 1);
    g_string_truncate(out, (gsize)(cut - out->str));
    char *space = strrchr(out->str, ' ');
    if (space && space - out->str > LT_LIMIT_DESCRIPTION_CHARS / 2)
      g_string_truncate(out, (gsize)(space - out->str));
    g_string_append(out, "…");
  }
  if (!out->len) {
    g_string_free(out, TRUE);
    return NULL;
  }
  return g_string_free(out, FALSE);
}

bool lt_course_valid_id(const char *s) {
  if (!s || !*s || *s == '-') return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
  return true;
}

bool lt_course_valid_semver(const char *s) {
  static const char re[] = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
                           "(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9][0-9]*|[0-9]*"
                           "[a-zA-Z-][0-9a-zA-Z-]*))*)?"
                           "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?$";
  return s && g_regex_match_simple(re, s, 0, 0);
}

/* Compares dot-separated pre-release identifiers: numbers numerically and below words. */
static int compare_prerelease(const char *a, const char *b) {
  char **pa = g_strsplit(a, ".", -1), **pb = g_strsplit(b, ".", -1);
  int r = 0;
  size_t i = 0;
  for (; pa[i] && pb[i] && r == 0; i++) {
    bool na = g_ascii_isdigit(pa[i][0]) && strspn(pa[i], "0123456789") == strlen(pa[i]);
    bool nb = g_ascii_isdigit(pb[i][0]) && strspn(pb[i], "0123456789") == strlen(pb[i]);
    if (na && nb) {
      unsigned long long x = g_ascii_strtoull(pa[i], NULL, 10),
                         y = g_ascii_strtoull(pb[i], NULL, 10);
      r = x < y ? -1 : x > y;
    } else if (na != nb) {
      r = na ? -1 : 1;
    } else {
      r = strcmp(pa[i], pb[i]);
    }
  }
  if (r == 0) r = pa[i] ? 1 : pb[i] ? -1 : 0; /* more identifiers rank higher */
  g_strfreev(pa);
  g_strfreev(pb);
  return r < 0 ? -1 : r > 0;
}

int lt_course_semver_compare(const char *a, const char *b) {
  for (int part = 0; part < 3; part++) {
    char *ea, *eb;
    unsigned long long x = g_ascii_strtoull(a, &ea, 10), y = g_ascii_strtoull(b, &eb, 10);
    if (x != y) return x < y ? -1 : 1;
    a = *ea == '.' ? ea + 1 : ea;
    b = *eb == '.' ? eb + 1 : eb;
  }
  /* a version with a pre-release ranks below the same version without one */
  bool pa = *a == '-', pb = *b == '-';
  if (!pa || !pb) return pa == pb ? 0 : pa ? -1 : 1;
  char *ra = g_strndup(a + 1, strcspn(a + 1, "+")), *rb = g_strndup(b + 1, strcspn(b + 1, "+"));
  int r = compare_prerelease(ra, rb);
  g_free(ra);
  g_free(rb);
  return r;
}

const char *lt_item_kind_name(lt_item_kind kind) {
  static const char *const names[] = {"lesson", "cheatsheet", "quiz"};
  return names[kind];
}

const char *lt_quiz_role_name(lt_quiz_role role) {
  static const char *const names[] = {"", "pretest", "posttest", "practice", "survey", "followup"};
  return names[role];
}

/* The name messages use for a file of the course: the folder as the user gave it. */
static char *display_name(const char *dir, const char *name) {
  if (!strcmp(dir, ".") || !*dir) return g_strdup(name);
  return g_str_has_suffix(dir, "/") ? g_strconcat(dir, name, NULL)
                                    : g_strconcat(dir, "/", name, NULL);
}

static void item_free(gpointer p) {
  item *it = p;
  lt_frontmatter_free(it->fm);
  free(it->text);
  g_strfreev(it->objectives);
  g_free(it->id);
  g_free(it->source);
  g_free(it->display);
  g_free(it);
}

/* Reads a list key into a NULL-terminated string vector (empty when missing). */
static char **read_list(lt_frontmatter *fm, const char *key, bool required, lt_diag_list *diags,
                        lt_status *st) {
  size_t n = 0;
  if (lt_frontmatter_list(fm, key, required, &n, diags) != LT_OK) *st = LT_ERR_INVALID;
  char **v = g_new0(char *, n + 1);
  for (size_t i = 0; i < n; i++) {
    int line, col;
    v[i] = g_strdup(lt_frontmatter_list_item(fm, key, i, &line, &col));
  }
  return v;
}

/* Checks an item's front matter. Returns LT_ERR_INVALID for mistakes; *usable is false
 * when the kind is unknown, so the body cannot be compiled at all. */
LT_MUST_CHECK static lt_status check_item_fm(item *it, const char *file, bool *usable,
                                             lt_diag_list *diags) {
  static const char *const lesson_keys[] = {"kind", "title", "minutes", "objectives", NULL};
  static const char *const sheet_keys[] = {"kind", "title", "minutes", NULL};
  static const char *const quiz_keys[] = {"kind",         "title",   "minutes",      "role",
                                          "pass_percent", "shuffle", "max_attempts", NULL};
  static const char *const survey_keys[] = {"kind", "title", "minutes", "anonymous", NULL};
  lt_frontmatter *fm = it->fm;
  lt_course_item *v = &it->view;
  lt_status st = LT_OK;
  /* lt_item_kind, then "survey": a quiz with the survey role */
  static const char *const kinds[] = {"lesson", "cheatsheet", "quiz", "survey", NULL};
  static const char *const roles[] = {"pretest", "posttest", "practice", "followup", NULL};
  int choice = 0;
  *usable = false;
  if (lt_frontmatter_choice(fm, "kind", true, kinds, "kind", &choice, diags) != LT_OK)
    return LT_ERR_INVALID;
  bool survey = choice == 3;
  v->kind = survey ? LT_KIND_QUIZ : (lt_item_kind)choice;
  *usable = true;
  const char *const *keys = survey                          ? survey_keys
                            : v->kind == LT_KIND_LESSON     ? lesson_keys
                            : v->kind == LT_KIND_CHEATSHEET ? sheet_keys
                                                            : quiz_keys;
  lt_frontmatter_warn_unknown(fm, keys, diags);
  if (lt_frontmatter_string(fm, "title", true, &v->title, diags) != LT_OK) st = LT_ERR_INVALID;
  if (lt_frontmatter_int(fm, "minutes", v->kind == LT_KIND_LESSON, 1, 15, &v->minutes, diags) !=
      LT_OK)
    st = LT_ERR_INVALID;
  it->objectives = read_list(fm, "objectives", false, diags, &st);
  v->objectives = (const char *const *)it->objectives;
  if (v->kind == LT_KIND_LESSON && !it->objectives[0])
    lt_diag_add(diags, LT_DIAG_WARNING, file, 1, 1,
                "lesson has no 'objectives': say what the learner will be able to do");
  if (v->kind != LT_KIND_QUIZ) return st;
  if (survey) { /* no marks; one response per learner */
    v->role = LT_ROLE_SURVEY;
    v->max_attempts = 1;
    if (lt_frontmatter_bool(fm, "anonymous", &v->anonymous, diags) != LT_OK) st = LT_ERR_INVALID;
    return st;
  }

  if (lt_frontmatter_choice(fm, "role", true, roles, "quiz role", &choice, diags) != LT_OK)
    st = LT_ERR_INVALID;
  else
    v->role = choice == 3 ? LT_ROLE_FOLLOWUP : (lt_quiz_role)(choice + 1);
  v->pass_percent = 70;
  if (lt_frontmatter_int(fm, "pass_percent", false, 0, 100, &v->pass_percent, diags) != LT_OK)
    st = LT_ERR_INVALID;
  if (lt_frontmatter_bool(fm, "shuffle", &v->shuffle, diags) != LT_OK) st = LT_ERR_INVALID;
  if (lt_frontmatter_int(fm, "max_attempts", false, 0, 100, &v->max_attempts, diags) != LT_OK)
    st = LT_ERR_INVALID;
  return st;
}

/* A file over LT_LIMIT_ITEM_BYTES is refused before it is read; `what` names it. */
static bool too_large(int fd, const char *shown, const char *what, lt_diag_list *diags) {
  struct stat sb;
  if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size <= LT_LIMIT_ITEM_BYTES) return false;
  lt_diag_add(diags, LT_DIAG_ERROR, shown, 1, 1,
              "the file is %.1f MiB; %s may be %.1f MiB at most: split it into shorter items",
              LT_MIB(sb.st_size), what, LT_MIB(LT_LIMIT_ITEM_BYTES));
  return true;
}

/* Loads one item named in `items` at course.md line:col. Returns NULL when unreadable. */
static item *load_item(const lt_course *c, const char *name, int line, int col, lt_diag_list *diags,
                       lt_status *st) {
  if (!g_str_has_suffix(name, ".md") || strchr(name, '/') || name[0] == '.' ||
      !strcmp(name, "course.md")) {
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "item '%s' must be a .md file in the course folder", name);
    *st = LT_ERR_INVALID;
    return NULL;
  }
  lt_file_where at = {c->course_md, line, col};
  bool missing;
  int fd;
  lt_status os = lt_file_open_in(c->dir, name, &at, &missing, &fd, diags);
  if (os != LT_OK) {
    if (missing)
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col, "item '%s' does not exist", name);
    *st = missing || os == LT_ERR_INVALID ? LT_ERR_INVALID : os;
    return NULL;
  }
  item *it = g_new0(item, 1);
  it->view.source = it->source = g_strdup(name);
  it->view.id = it->id = g_strndup(name, strlen(name) - 3);
  it->view.display = it->display = display_name(c->dir, name);
  size_t len;
  lt_status rs =
      too_large(fd, it->display, "an item", diags)
          ? LT_ERR_INVALID
          : lt_file_read_fd(fd, it->display, LT_LIMIT_ITEM_BYTES, &it->text, &len, diags);
  close(fd);
  if (rs == LT_OK) rs = lt_text_check(it->display, it->text, &len, diags);
  if (rs != LT_OK) {
    item_free(it);
    *st = rs;
    return NULL;
  }
  if (!lt_course_valid_id(it->view.id)) {
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "item file name '%s' must use only a-z, 0-9 and '-' (it becomes the item id)",
                name);
    *st = LT_ERR_INVALID;
  }
  size_t body_off;
  if (lt_frontmatter_parse(it->display, it->text, len, &it->fm, &body_off, &it->view.body_line,
                           diags) != LT_OK) {
    item_free(it);
    *st = LT_ERR_INVALID;
    return NULL;
  }
  it->view.body = it->text + body_off;
  it->view.body_len = len - body_off;
  bool usable;
  if (check_item_fm(it, it->display, &usable, diags) != LT_OK) *st = LT_ERR_INVALID;
  if (!usable) {
    item_free(it);
    return NULL;
  }
  return it; /* kept even with mistakes, so its body is checked too */
}

static void check_course_fields(lt_course *c, lt_diag_list *diags, lt_status *st) {
  static const char *const keys[] = {"id",       "title",     "version",       "language",
                                     "audience", "publisher", "activity_base", "items",
                                     "signer",   "followup",  "targets",       NULL};
  static const char *const signer_fields[] = {"name", "position", "nip", NULL};
  lt_frontmatter *fm = c->fm;
  int line, col;
  lt_frontmatter_warn_unknown(fm, keys, diags);
  if (lt_frontmatter_string(fm, "id", true, &c->id, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  else if (!lt_course_valid_id(c->id)) {
    lt_frontmatter_position(fm, "id", &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "id '%s' may use only a-z, 0-9 and '-' (records point at it forever)", c->id);
    *st = LT_ERR_INVALID;
  }
  if (lt_frontmatter_string(fm, "title", true, &c->title, diags) != LT_OK) *st = LT_ERR_INVALID;
  if (lt_frontmatter_string(fm, "version", true, &c->version, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  else if (!lt_course_valid_semver(c->version)) {
    lt_frontmatter_position(fm, "version", &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "version '%s' is not semver (MAJOR.MINOR.PATCH, e.g. 1.2.0)", c->version);
    *st = LT_ERR_INVALID;
  }
  if (lt_frontmatter_string(fm, "language", true, &c->language, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  else if (!g_regex_match_simple("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", c->language, 0, 0)) {
    lt_frontmatter_position(fm, "language", &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "language '%s' is not a language tag (e.g. id, en)", c->language);
    *st = LT_ERR_INVALID;
  }
  if (lt_frontmatter_string(fm, "publisher", true, &c->publisher, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  if (lt_frontmatter_string(fm, "activity_base", false, &c->activity_base, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  else if (c->activity_base && !g_str_has_prefix(c->activity_base, "https://") &&
           !g_str_has_prefix(c->activity_base, "http://")) {
    lt_frontmatter_position(fm, "activity_base", &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                "activity_base must be an http(s) address");
    *st = LT_ERR_INVALID;
  }
  bool signed_by = false;
  if (lt_frontmatter_mapping(fm, "signer", signer_fields, &signed_by, diags) != LT_OK)
    *st = LT_ERR_INVALID;
  if (signed_by &&
      (lt_frontmatter_field(fm, "signer", "name", true, &c->signer.name, diags) != LT_OK ||
       lt_frontmatter_field(fm, "signer", "position", true, &c->signer.position, diags) != LT_OK ||
       lt_frontmatter_field(fm, "signer", "nip", false, &c->signer.nip, diags) != LT_OK)) {
    c->signer = (lt_course_signer){NULL, NULL, NULL}; /* half a signer is none */
    *st = LT_ERR_INVALID;
  }
  const char *fields[] = {c->signer.name, c->signer.position, c->signer.nip};
  for (size_t i = 0; i < 3; i++)
    if (fields[i] && g_utf8_strlen(fields[i], -1) > 200) { /* manifest.xsd's limit */
      lt_frontmatter_position(fm, "signer", &line, &col);
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "the signer's %s is longer than 200 characters: shorten it", signer_fields[i]);
      *st = LT_ERR_INVALID;
    }
  c->audience = read_list(fm, "audience", true, diags, st);
  for (size_t i = 0; c->audience[i]; i++)
    if (!g_strv_contains(audience_groups, c->audience[i])) {
      lt_frontmatter_list_item(fm, "audience", i, &line, &col);
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "unknown audience '%s' (expected paket-a, paket-b, paket-c, paket-d or "
                  "semua-staf)",
                  c->audience[i]);
      *st = LT_ERR_INVALID;
    }
}

/* `followup: [30, 90]`: days after passing the post-test, ascending, each 1..1095, and at
 * most LT_COURSE_FOLLOWUPS_MAX of them; the course needs a post-test to follow up. */
static void check_followup(lt_course *c, lt_diag_list *diags, lt_status *st) {
  char **days = read_list(c->fm, "followup", false, diags, st);
  int line, col;
  for (size_t i = 0; days[i]; i++) {
    lt_frontmatter_list_item(c->fm, "followup", i, &line, &col);
    char *end = NULL;
    long d = g_ascii_strtoll(days[i], &end, 10);
    const char *why = NULL;
    if (!*days[i] || *end || d < 1 || d > 1095)
      why = "is not a number of days from 1 to 1095";
    else if (c->nfollowup && d <= c->followup[c->nfollowup - 1])
      why = "must be later than the one before it";
    else if (c->nfollowup == LT_COURSE_FOLLOWUPS_MAX)
      why = "is one too many: a course may follow up at most 4 times";
    if (why) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "followup '%s' %s (days after passing the post-test, e.g. followup: [30, 90])",
                  days[i], why);
      *st = LT_ERR_INVALID;
      continue;
    }
    c->followup[c->nfollowup++] = d;
  }
  for (size_t i = 0; days[i]; i++)
    g_free(days[i]);
  g_free(days);
  /* a quiz with role: followup asks its own questions in place of the post-test's: one at
   * most, and only when there are follow-ups to ask it at */
  const char *asked_by = NULL;
  for (guint i = 0; i < c->items->len; i++) {
    const item *it = c->items->pdata[i];
    if (it->view.role != LT_ROLE_FOLLOWUP) continue;
    lt_frontmatter_position(c->fm, "items", &line, &col);
    if (asked_by) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "items list two quizzes with role: followup (%s and %s): keep one, it is asked "
                  "at every follow-up",
                  asked_by, it->view.source);
      *st = LT_ERR_INVALID;
    } else if (!c->nfollowup) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "%s has role: followup, but course.md has no followup: add the days after "
                  "passing at which it is asked, e.g. followup: [30, 90]",
                  it->view.source);
      *st = LT_ERR_INVALID;
    }
    asked_by = it->view.source;
  }
  if (!c->nfollowup) return;
  for (guint i = 0; i < c->items->len; i++)
    if (lt_course_item_at(c, i)->role == LT_ROLE_POSTTEST) return;
  lt_frontmatter_position(c->fm, "followup", &line, &col);
  lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
              "followup needs a quiz with role: posttest in items (its questions are asked again)");
  *st = LT_ERR_INVALID;
}

#define TARGET_EXAMPLE "{audience: paket-a, measure: passed, share: 0.8, by: 2027-06-30}"

/* A target's share: "0.8" or "80%", from 1% to 100%; false when it is not one. */
static bool read_share(const char *text, double *out) {
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  if (end && *end == '%' && end[1] == '\0') v /= 100, end++;
  if (!*text || !end || *end || !(v >= 0.01 && v <= 1)) return false;
  *out = v;
  return true;
}

/* One field of target i that must be there, or an error at the entry (NULL). */
static const char *target_field(lt_course *c, size_t i, const char *field, lt_diag_list *diags,
                                int *line, int *col) {
  const char *v = lt_frontmatter_record_field(c->fm, "targets", i, field, line, col);
  if (!v || !*v)
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, *line, *col,
                "target %zu has no %s: write each target as " TARGET_EXAMPLE, i + 1, field);
  return v && *v ? v : NULL;
}

/* `targets: [{audience, measure, share, by}]`: each field there and sound, the audience one
 * of the course's, "passed" only with a post-test, at most LT_TARGETS_MAX. */
static void check_targets(lt_course *c, lt_diag_list *diags, lt_status *st) {
  static const char *const fields[] = {"audience", "measure", "share", "by", NULL};
  size_t n = 0;
  if (lt_frontmatter_records(c->fm, "targets", fields, TARGET_EXAMPLE, &n, diags) != LT_OK) {
    *st = LT_ERR_INVALID;
    return;
  }
  bool post = false;
  for (guint i = 0; i < c->items->len; i++)
    post |= lt_course_item_at(c, i)->role == LT_ROLE_POSTTEST;
  for (size_t i = 0; i < n; i++) {
    int line, col;
    lt_target t = {0};
    bool ok = true;
    const char *aud = target_field(c, i, "audience", diags, &line, &col);
    if (aud && !g_strv_contains((const char *const *)c->audience, aud)) {
      char *listed = g_strjoinv(", ", c->audience), *low = g_ascii_strdown(aud, -1);
      g_strdelimit(low, " _", '-'); /* "Paket A" means paket-a */
      if (g_strv_contains(audience_groups, low) && strcmp(low, aud) != 0)
        lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                    "target audience '%s' is written '%s' (as in audience: %s)", aud, low, listed);
      else
        lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                    "target audience '%s' is not one of this course's audience (%s): add it to "
                    "audience or aim the target at one of those",
                    aud, listed);
      g_free(listed), g_free(low);
      aud = NULL;
    }
    ok &= aud != NULL;
    if (aud) g_strlcpy(t.audience, aud, sizeof t.audience);
    const char *measure = target_field(c, i, "measure", diags, &line, &col);
    if (measure && !lt_target_measure_known(measure)) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "unknown target measure '%s' (expected started: did anything in the course, "
                  "or passed: passed its post-test)",
                  measure);
      measure = NULL;
    } else if (measure && !strcmp(measure, "passed") && !post) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "target measure 'passed' needs a quiz with role: posttest in items");
      measure = NULL;
    }
    ok &= measure != NULL;
    if (measure) g_strlcpy(t.measure, measure, sizeof t.measure);
    const char *share = target_field(c, i, "share", diags, &line, &col);
    if (share && !read_share(share, &t.share)) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "target share '%s' is not a share of staff: write 0.8 or 80%% (from 1%% to "
                  "100%%)",
                  share);
      share = NULL;
    }
    ok &= share != NULL;
    const char *by = target_field(c, i, "by", diags, &line, &col);
    GDate d;
    g_date_clear(&d, 1);
    if (by) g_date_set_parse(&d, by);
    if (by && (strlen(by) != 10 || by[4] != '-' || by[7] != '-' || !g_date_valid(&d))) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "target date '%s' is not a date: write it as YYYY-MM-DD, e.g. 2027-06-30", by);
      by = NULL;
    }
    ok &= by != NULL;
    if (by) g_strlcpy(t.by, by, sizeof t.by);
    GDateTime *now = g_date_time_new_now_local();
    char *today = g_date_time_format(now, "%Y-%m-%d");
    g_date_time_unref(now);
    if (by && today && strcmp(by, today) < 0) /* allowed: a report may look back on it */
      lt_diag_add(diags, LT_DIAG_WARNING, c->course_md, line, col,
                  "target date %s has passed already: the report will only say whether it was "
                  "reached; set a later date for a target still to come",
                  by);
    g_free(today);
    if (ok && c->ntargets == LT_TARGETS_MAX) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col,
                  "target %zu is one too many: a course may have at most %d targets", i + 1,
                  LT_TARGETS_MAX);
      ok = false;
    }
    if (ok)
      c->targets[c->ntargets++] = t;
    else
      *st = LT_ERR_INVALID;
  }
}

static void warn_unlisted(const lt_course *c, lt_diag_list *diags) {
  GDir *d = g_dir_open(c->dir, 0, NULL);
  if (!d) return;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *n;
  while ((n = g_dir_read_name(d)))
    if (g_str_has_suffix(n, ".md") && strcmp(n, "course.md") != 0 && strcmp(n, "README.md") != 0)
      g_ptr_array_add(names, g_strdup(n));
  g_dir_close(d);
  g_ptr_array_sort(names, (GCompareFunc)g_strcmp0); /* stable message order */
  for (guint i = 0; i < names->len; i++) {
    const char *name = *(char **)&names->pdata[i];
    char *shown = display_name(c->dir, name);
    if (!g_hash_table_contains(c->named, name))
      lt_diag_add(diags, LT_DIAG_WARNING, shown, 1, 1,
                  "not named in course.md 'items', so it is left out of the pack");
    g_free(shown);
  }
  g_ptr_array_free(names, TRUE);
}

lt_status lt_course_load(const char *dir, lt_course **out, lt_diag_list *diags) {
  lt_course *c = g_new0(lt_course, 1);
  c->dir = g_strdup(dir);
  c->course_md = display_name(dir, "course.md");
  c->items = g_ptr_array_new_with_free_func(item_free);
  c->named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  size_t len = 0, body_off;
  int body_line;
  lt_file_where at = {c->course_md, 0, 0};
  bool missing;
  int fd;
  lt_status st = lt_file_open_in(dir, "course.md", &at, &missing, &fd, diags);
  if (st == LT_OK) {
    st = too_large(fd, c->course_md, "course.md", diags)
             ? LT_ERR_INVALID
             : lt_file_read_fd(fd, c->course_md, LT_LIMIT_ITEM_BYTES, &c->text, &len, diags);
    close(fd);
    if (st == LT_OK) st = lt_text_check(c->course_md, c->text, &len, diags);
  } else if (missing) {
    lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, 0, 0,
                "not found: a course folder starts with course.md (lentera-pack new makes one)");
  }
  if (st != LT_OK) {
    lt_course_free(c);
    return st;
  }
  if (lt_frontmatter_parse(c->course_md, c->text, len, &c->fm, &body_off, &body_line, diags) !=
      LT_OK) {
    *out = c;
    c->audience = g_new0(char *, 1);
    return LT_ERR_INVALID;
  }
  check_course_fields(c, diags, &st);
  c->description = course_description(c->text + body_off, len - body_off);
  size_t n = 0;
  if (lt_frontmatter_list(c->fm, "items", true, &n, diags) != LT_OK) st = LT_ERR_INVALID;
  for (size_t i = 0; i < n; i++) {
    int line, col;
    const char *name = lt_frontmatter_list_item(c->fm, "items", i, &line, &col);
    if (!g_hash_table_add(c->named, g_strdup(name))) {
      lt_diag_add(diags, LT_DIAG_ERROR, c->course_md, line, col, "item '%s' is listed twice", name);
      st = LT_ERR_INVALID;
      continue;
    }
    item *it = load_item(c, name, line, col, diags, &st);
    if (it) g_ptr_array_add(c->items, it);
  }
  check_followup(c, diags, &st);
  check_targets(c, diags, &st);
  warn_unlisted(c, diags);
  *out = c;
  return st;
}

void lt_course_free(lt_course *c) {
  if (!c) return;
  g_ptr_array_free(c->items, TRUE);
  g_hash_table_destroy(c->named);
  g_strfreev(c->audience);
  lt_frontmatter_free(c->fm);
  free(c->text);
  g_free(c->dir);
  g_free(c->course_md);
  g_free(c->description);
  g_free(c);
}

const char *lt_course_dir(const lt_course *c) { return c->dir; }
const char *lt_course_md(const lt_course *c) { return c->course_md; }
const char *lt_course_id(const lt_course *c) { return c->id; }
const char *lt_course_title(const lt_course *c) { return c->title; }
const char *lt_course_version(const lt_course *c) { return c->version; }
const char *lt_course_language(const lt_course *c) { return c->language; }
const char *lt_course_publisher(const lt_course *c) { return c->publisher; }
const char *lt_course_activity_base(const lt_course *c) { return c->activity_base; }
const char *lt_course_description(const lt_course *c) { return c->description; }
const lt_course_signer *lt_course_get_signer(const lt_course *c) {
  return c->signer.name ? &c->signer : NULL;
}
const long *lt_course_followup(const lt_course *c, size_t *out_count) {
  *out_count = c->nfollowup;
  return c->followup;
}
const lt_target *lt_course_targets(const lt_course *c, size_t *out_count) {
  *out_count = c->ntargets;
  return c->targets;
}
const char *const *lt_course_audience(const lt_course *c) {
  return (const char *const *)c->audience;
}
size_t lt_course_item_count(const lt_course *c) { return c->items->len; }
bool lt_course_lists(const lt_course *c, const char *source) {
  return g_hash_table_contains(c->named, source);
}
const lt_course_item *lt_course_item_at(const lt_course *c, size_t i) {
  return &((item *)c->items->pdata[i])->view;
}
