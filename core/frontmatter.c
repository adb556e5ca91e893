/* frontmatter — libyaml document loading with positions.
 *
 * The block between an opening '---' line and the next '---' (or '...') line is handed to
 * yaml_parser_load(); the root must be a mapping of plain keys. libyaml marks are 0-based
 * and relative to the block, so a value on mark line L sits on file line L + 2.
 *
 * Before loading, one pass over libyaml's parse events counts how deep mappings and lists
 * nest and stops at LT_LIMIT_YAML_DEPTH: libyaml's scanner slows down with the square of
 * the depth (100,000 '[' took 35 s), and the pass stops after the first few dozen.
 *
 * A tab in a line's indentation is refused before libyaml sees it, and each libyaml error
 * is said again in plain words (yaml_error), at the mark the trainer has to change. */
#include "lentera/frontmatter.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lentera/limits.h"

struct lt_frontmatter {
  char *file;
  yaml_document_t *doc;
  yaml_node_t *root;
};

/* Finds the end of the line starting at p; returns the offset of the next line. */
static size_t next_line(const char *text, size_t len, size_t p) {
  while (p < len && text[p] != '\n')
    p++;
  return p < len ? p + 1 : len;
}

static bool is_fence(const char *text, size_t len, size_t p, const char *fence) {
  size_t n = strlen(fence);
  if (p + n > len || memcmp(text + p, fence, n) != 0) return false;
  p += n;
  while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
    p++;
  return p == len || text[p] == '\n';
}

/* Whether the YAML nests deeper than LT_LIMIT_YAML_DEPTH; *at is where it went too deep.
 * A syntax error ends the pass quietly: the loader reports it. */
static bool too_deep(const unsigned char *yaml, size_t len, yaml_mark_t *at) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, yaml, len);
  int depth = 0;
  bool deep = false, done = false;
  while (!done && !deep) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) break;
    switch (ev.type) {
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (++depth > LT_LIMIT_YAML_DEPTH) deep = true, *at = ev.start_mark;
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: depth--; break;
    case YAML_STREAM_END_EVENT: done = true; break;
    default: break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  return deep;
}

/* The character at a libyaml mark of `yaml`, or 0 past its end. */
static char char_at(const char *yaml, size_t len, yaml_mark_t m) {
  if (m.index >= len) return '\0';
  return yaml[m.index];
}

/* A tab in the indentation of a front matter line: YAML indents with spaces only, and
 * libyaml's own words for it ("found character that cannot start any token") do not say
 * so. Reported at the tab; true when there is one. */
static bool tab_indent(const char *file, const char *yaml, size_t len, lt_diag_list *diags) {
  int line = 2;
  for (size_t p = 0; p < len; line++) {
    size_t q = p;
    while (q < len && (yaml[q] == ' ' || yaml[q] == '\t' || yaml[q] == '-'))
      if (yaml[q++] == '\t') {
        lt_diag_add(diags, LT_DIAG_ERROR, file, line, (int)(q - p),
                    "a tab indents this line of the front matter: YAML allows only spaces "
                    "there; replace the tab with spaces");
        return true;
      }
    p = next_line(yaml, len, p);
  }
  return false;
}

/* libyaml's error in plain words, at the place the trainer has to change. */
static void yaml_error(const char *file, const char *yaml, size_t len, const yaml_parser_t *pr,
                       lt_diag_list *diags) {
  const char *problem = pr->problem ? pr->problem : "", *context = pr->context ? pr->context : "";
  yaml_mark_t at = pr->problem_mark, ctx = pr->context_mark;
  char c = char_at(yaml, len, at);
  const char *msg = NULL;
  bool at_context = false;
  char *owned = NULL;
  if (strstr(problem, "tab character")) {
    msg = "a tab here: YAML allows only spaces to indent; replace the tab with spaces";
  } else if (strstr(context, "quoted scalar") && strstr(problem, "escape")) {
    msg = "unknown '\\' escape inside double quotes: write '\\\\' for a backslash, or use "
          "single quotes ('...')";
  } else if (strstr(context, "quoted scalar")) {
    msg = "this quote is never closed: end the value with the same quote mark on this line";
    at_context = true;
  } else if (strstr(context, "simple key")) {
    msg = "this line has no ':' after its name: write 'key: value' (or put text in quotes)";
    at_context = true;
  } else if (strstr(problem, "cannot start any token")) {
    if (c == '\t')
      msg = "a tab here: YAML allows only spaces; replace the tab with spaces";
    else
      owned = g_strdup_printf(
          "a value cannot start with '%c' here: put the whole value in quotes (\"...\")", c);
  } else if (strstr(problem, "mapping values are not allowed")) {
    msg = "a ':' here where a value was expected: when a value holds ': ' put it in quotes "
          "(\"...\"); a new key starts at the same column as the keys above it";
  } else if (strstr(problem, "block sequence entries are not allowed")) {
    msg = "a '- ' list entry where a value was expected: put the list on the lines under its "
          "key, or write it as [a, b]";
  } else if (strstr(context, "block mapping")) {
    owned = g_strdup_printf("this line does not line up with the 'key: value' lines that start "
                            "at line %d: indent it like them (or put its text in quotes)",
                            (int)ctx.line + 2);
  } else if (strstr(context, "block collection")) {
    owned = g_strdup_printf("this line does not line up with the '- ' list that starts at line "
                            "%d: start each entry with '- ' at the same column",
                            (int)ctx.line + 2);
  } else if (strstr(context, "flow sequence")) {
    msg = "this [ list is not closed: separate its entries with ',' and end it with ']' on "
          "the same line";
    at_context = true;
  } else if (strstr(context, "flow mapping")) {
    msg = "this { is not closed: separate its 'key: value' entries with ',' and end it with "
          "'}'";
    at_context = true;
  } else if (strstr(context, "block scalar")) {
    msg = "after '|' or '>' nothing may follow on the line: put the text on the lines under it, "
          "indented";
  } else if (strstr(context, "anchor") || strstr(context, "alias") ||
             strstr(problem, "undefined alias") || strstr(problem, "duplicate anchor")) {
    msg = "'&' and '*' start YAML anchors and aliases: put the value in quotes (\"...\")";
  } else if (strstr(context, "tag") || strstr(problem, "tag")) {
    msg = "'!' starts a YAML tag: put the value in quotes (\"...\")";
  } else if (strstr(context, "directive") || strstr(problem, "directive")) {
    msg = "'%' at the start of a line begins a YAML directive: put the value in quotes (\"...\")";
  } else if (strstr(problem, "document")) {
    msg = "the front matter is one block of 'key: value' lines: remove this '---' or '...' "
          "line";
  } else if (strstr(problem, "node content")) {
    msg = "a value is missing here: write it after the ':' or remove the line";
  } else {
    owned = g_strdup_printf("the front matter is not valid YAML here (%s%s%s): write 'key: "
                            "value' lines",
                            problem, *context ? " " : "", context);
  }
  yaml_mark_t m = at_context ? ctx : at;
  lt_diag_add(diags, LT_DIAG_ERROR, file, (int)m.line + 2, (int)m.column + 1, "%s",
              owned ? owned : msg);
  g_free(owned);
}

lt_status lt_frontmatter_parse(const char *file, const char *text, size_t len, lt_frontmatter **out,
                               size_t *out_body_offset, int *out_body_line, lt_diag_list *diags) {
  size_t off = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) off = 3; /* UTF-8 BOM */
  if (!is_fence(text, len, off, "---")) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, 1, 1,
                "missing front matter: the file must start with a '---' line");
    return LT_ERR_INVALID;
  }
  size_t start = next_line(text, len, off), p = start, end = 0;
  int line = 2;
  while (p < len) {
    if (is_fence(text, len, p, "---") || is_fence(text, len, p, "...")) {
      end = p;
      break;
    }
    p = next_line(text, len, p);
    line++;
  }
  if (!end) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, 1, 1,
                "front matter is not closed: add a '---' line after it");
    return LT_ERR_INVALID;
  }

  if (tab_indent(file, text + start, end - start, diags)) return LT_ERR_INVALID;
  yaml_mark_t deep;
  if (too_deep((const unsigned char *)text + start, end - start, &deep)) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, (int)deep.line + 2, (int)deep.column + 1,
                "front matter nests more than %d levels deep here; it needs only 'key: value' "
                "lines and simple lists",
                LT_LIMIT_YAML_DEPTH);
    return LT_ERR_INVALID;
  }
  lt_frontmatter *fm = calloc(1, sizeof *fm);
  if (!fm) return LT_ERR_NOMEM;
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text + start, end - start);
  fm->doc = calloc(1, sizeof *fm->doc);
  if (!fm->doc || !yaml_parser_load(&parser, fm->doc)) {
    yaml_error(file, text + start, end - start, &parser, diags);
    yaml_parser_delete(&parser);
    free(fm->doc);
    free(fm);
    return LT_ERR_INVALID;
  }
  yaml_parser_delete(&parser);
  fm->file = g_strdup(file);
  fm->root = yaml_document_get_root_node(fm->doc);
  if (!fm->root || fm->root->type != YAML_MAPPING_NODE) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, 2, 1,
                "malformed front matter: expected 'key: value' lines");
    lt_frontmatter_free(fm);
    return LT_ERR_INVALID;
  }
  *out = fm;
  *out_body_offset = next_line(text, len, end);
  *out_body_line = line + 1;
  return LT_OK;
}

void lt_frontmatter_free(lt_frontmatter *fm) {
  if (!fm) return;
  yaml_document_delete(fm->doc);
  free(fm->doc);
  g_free(fm->file);
  free(fm);
}

static yaml_node_t *lookup(const lt_frontmatter *fm, const char *key) {
  yaml_document_t *doc = fm->doc;
  for (yaml_node_pair_t *pr = fm->root->data.mapping.pairs.start;
       pr < fm->root->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
      return yaml_document_get_node(doc, pr->value);
  }
  return NULL;
}

static void node_pos(const yaml_node_t *n, int *line, int *col) {
  *line = (int)n->start_mark.line + 2;
  *col = (int)n->start_mark.column + 1;
}

void lt_frontmatter_position(const lt_frontmatter *fm, const char *key, int *line, int *col) {
  yaml_node_t *n = lookup(fm, key);
  if (n)
    node_pos(n, line, col);
  else
    *line = 1, *col = 1;
}

void lt_frontmatter_warn_unknown(const lt_frontmatter *fm, const char *const *allowed,
                                 lt_diag_list *diags) {
  yaml_document_t *doc = fm->doc;
  for (yaml_node_pair_t *pr = fm->root->data.mapping.pairs.start;
       pr < fm->root->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    if (!k || k->type != YAML_SCALAR_NODE) continue;
    bool known = false;
    for (const char *const *a = allowed; *a && !known; a++)
      known = strcmp(*a, (const char *)k->data.scalar.value) == 0;
    if (!known) {
      int line, col;
      node_pos(k, &line, &col);
      lt_diag_add(diags, LT_DIAG_WARNING, fm->file, line, col, "unknown key '%s' is ignored",
                  k->data.scalar.value);
    }
  }
}

LT_MUST_CHECK static lt_status missing(const lt_frontmatter *fm, const char *key, bool required,
                                       lt_diag_list *diags) {
  if (!required) return LT_OK;
  lt_diag_add(diags, LT_DIAG_ERROR, fm->file, 1, 1, "missing '%s' in front matter", key);
  return LT_ERR_INVALID;
}

static const char *scalar(const lt_frontmatter *fm, const char *key, yaml_node_t *n,
                          const char *what, lt_diag_list *diags) {
  if (n->type == YAML_SCALAR_NODE) return (const char *)n->data.scalar.value;
  int line, col;
  node_pos(n, &line, &col);
  lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' must be %s", key, what);
  return NULL;
}

lt_status lt_frontmatter_string(const lt_frontmatter *fm, const char *key, bool required,
                                const char **out, lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  if (!n) return missing(fm, key, required, diags);
  const char *s = scalar(fm, key, n, "text", diags);
  if (!s) return LT_ERR_INVALID;
  if (required && !*s) {
    int line, col;
    node_pos(n, &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' is empty", key);
    return LT_ERR_INVALID;
  }
  *out = s;
  return LT_OK;
}

lt_status lt_frontmatter_int(const lt_frontmatter *fm, const char *key, bool required, long min,
                             long max, long *out, lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  if (!n) return missing(fm, key, required, diags);
  const char *s = scalar(fm, key, n, "a whole number", diags);
  if (!s) return LT_ERR_INVALID;
  char *end;
  long v = strtol(s, &end, 10);
  int line, col;
  node_pos(n, &line, &col);
  if (!*s || *end) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' must be a whole number, not '%s'",
                key, s);
    return LT_ERR_INVALID;
  }
  if (v < min || v > max) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                "'%s' must be between %ld and %ld, not %ld", key, min, max, v);
    return LT_ERR_INVALID;
  }
  *out = v;
  return LT_OK;
}

lt_status lt_frontmatter_bool(const lt_frontmatter *fm, const char *key, bool *out,
                              lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  if (!n) return LT_OK;
  const char *s = scalar(fm, key, n, "true or false", diags);
  if (!s) return LT_ERR_INVALID;
  if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "ya"))
    *out = true;
  else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "tidak"))
    *out = false;
  else {
    int line, col;
    node_pos(n, &line, &col);
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' must be true or false, not '%s'",
                key, s);
    return LT_ERR_INVALID;
  }
  return LT_OK;
}

lt_status lt_frontmatter_choice(const lt_frontmatter *fm, const char *key, bool required,
                                const char *const *names, const char *what, int *out,
                                lt_diag_list *diags) {
  const char *s = NULL;
  lt_status st = lt_frontmatter_string(fm, key, required, &s, diags);
  if (st != LT_OK || !s) return st;
  for (int i = 0; names[i]; i++)
    if (!strcmp(s, names[i])) {
      *out = i;
      return LT_OK;
    }
  GString *list = g_string_new(NULL);
  for (int i = 0; names[i]; i++)
    g_string_append_printf(list, "%s%s", i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
  int line, col;
  lt_frontmatter_position(fm, key, &line, &col);
  lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "unknown %s '%s' (expected %s)", what, s,
              list->str);
  g_string_free(list, TRUE);
  return LT_ERR_INVALID;
}

lt_status lt_frontmatter_list(const lt_frontmatter *fm, const char *key, bool required,
                              size_t *out_count, lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  if (!n) {
    *out_count = 0;
    return missing(fm, key, required, diags);
  }
  if (n->type == YAML_SCALAR_NODE) {
    *out_count = 1;
    return LT_OK;
  }
  int line, col;
  node_pos(n, &line, &col);
  if (n->type != YAML_SEQUENCE_NODE) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' must be a list", key);
    return LT_ERR_INVALID;
  }
  yaml_document_t *doc = fm->doc;
  size_t count = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
    yaml_node_t *e = yaml_document_get_node(doc, *it);
    if (!e || e->type != YAML_SCALAR_NODE) {
      node_pos(e ? e : n, &line, &col);
      lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                  "each entry of '%s' must be a single value", key);
      return LT_ERR_INVALID;
    }
    count++;
  }
  if (required && count == 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' is empty", key);
    return LT_ERR_INVALID;
  }
  *out_count = count;
  return LT_OK;
}

const char *lt_frontmatter_list_item(const lt_frontmatter *fm, const char *key, size_t i, int *line,
                                     int *col) {
  yaml_node_t *n = lookup(fm, key);
  if (!n) return NULL;
  if (n->type == YAML_SCALAR_NODE) {
    if (i != 0) return NULL;
  } else {
    if (n->type != YAML_SEQUENCE_NODE ||
        i >= (size_t)(n->data.sequence.items.top - n->data.sequence.items.start))
      return NULL;
    n = yaml_document_get_node(fm->doc, n->data.sequence.items.start[i]);
  }
  if (!n || n->type != YAML_SCALAR_NODE) return NULL;
  node_pos(n, line, col);
  return (const char *)n->data.scalar.value;
}

/* The value under `field` in the mapping `map`, or NULL. */
static yaml_node_t *field_of(const lt_frontmatter *fm, yaml_node_t *map, const char *field) {
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
       pr++) {
    yaml_node_t *k = yaml_document_get_node(fm->doc, pr->key);
    if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, field))
      return yaml_document_get_node(fm->doc, pr->value);
  }
  return NULL;
}

/* Every field of the mapping `n` (under `key`) must be one of `allowed`: an error at each
 * that is not. */
static lt_status check_fields(const lt_frontmatter *fm, const char *key, yaml_node_t *n,
                              const char *const *allowed, lt_diag_list *diags) {
  lt_status st = LT_OK;
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(fm->doc, pr->key);
    const char *name = k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
    if (g_strv_contains(allowed, name)) continue;
    int line, col;
    node_pos(k ? k : n, &line, &col);
    if (*name && strspn(name, "0123456789") == strlen(name)) { /* {share: 0,8}: a decimal comma */
      lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                  "'%s' after a comma: inside { } a comma separates fields, so write a decimal "
                  "with a point (0.8), not a comma",
                  name);
      st = LT_ERR_INVALID;
      continue;
    }
    GString *list = g_string_new(NULL);
    for (size_t i = 0; allowed[i]; i++)
      g_string_append_printf(list, "%s%s",
                             i == 0           ? ""
                             : allowed[i + 1] ? ", "
                                              : " or ",
                             allowed[i]);
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                "unknown field '%s' in '%s' (expected %s)", name, key, list->str);
    g_string_free(list, TRUE);
    st = LT_ERR_INVALID;
  }
  return st;
}

lt_status lt_frontmatter_mapping(const lt_frontmatter *fm, const char *key,
                                 const char *const *allowed, bool *out_present,
                                 lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  *out_present = n != NULL;
  if (!n) return LT_OK;
  int line, col;
  node_pos(n, &line, &col);
  if (n->type != YAML_MAPPING_NODE) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                "'%s' must be a mapping, e.g. %s: {name: ..., position: ...}", key, key);
    return LT_ERR_INVALID;
  }
  return check_fields(fm, key, n, allowed, diags);
}

lt_status lt_frontmatter_records(const lt_frontmatter *fm, const char *key,
                                 const char *const *allowed, const char *example, size_t *out_count,
                                 lt_diag_list *diags) {
  yaml_node_t *n = lookup(fm, key);
  *out_count = 0;
  if (!n) return LT_OK;
  int line, col;
  node_pos(n, &line, &col);
  if (n->type != YAML_SEQUENCE_NODE) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' must be a list, e.g. %s: [%s]",
                key, key, example);
    return LT_ERR_INVALID;
  }
  lt_status st = LT_OK;
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
    yaml_node_t *e = yaml_document_get_node(fm->doc, *it);
    if (!e || e->type != YAML_MAPPING_NODE) {
      node_pos(e ? e : n, &line, &col);
      lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                  "each entry of '%s' must be a mapping in braces, e.g. %s", key, example);
      st = LT_ERR_INVALID;
    } else if (check_fields(fm, key, e, allowed, diags) != LT_OK) {
      st = LT_ERR_INVALID;
    }
  }
  if (st == LT_OK) *out_count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  return st;
}

const char *lt_frontmatter_record_field(const lt_frontmatter *fm, const char *key, size_t i,
                                        const char *field, int *line, int *col) {
  yaml_node_t *n = lookup(fm, key);
  *line = 1, *col = 1;
  if (!n || n->type != YAML_SEQUENCE_NODE ||
      i >= (size_t)(n->data.sequence.items.top - n->data.sequence.items.start))
    return NULL;
  yaml_node_t *e = yaml_document_get_node(fm->doc, n->data.sequence.items.start[i]);
  if (!e || e->type != YAML_MAPPING_NODE) return NULL;
  node_pos(e, line, col);
  yaml_node_t *v = field_of(fm, e, field);
  if (!v) return NULL;
  node_pos(v, line, col);
  return v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
}

lt_status lt_frontmatter_field(const lt_frontmatter *fm, const char *key, const char *field,
                               bool required, const char **out, lt_diag_list *diags) {
  yaml_node_t *map = lookup(fm, key);
  if (!map || map->type != YAML_MAPPING_NODE) return LT_OK; /* said by lt_frontmatter_mapping */
  yaml_node_t *n = field_of(fm, map, field);
  int line, col;
  node_pos(n ? n : map, &line, &col);
  if (!n) {
    if (!required) return LT_OK;
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col,
                "missing '%s' in '%s': add %s: ... inside the braces", field, key, field);
    return LT_ERR_INVALID;
  }
  if (n->type != YAML_SCALAR_NODE || (required && !*n->data.scalar.value)) {
    lt_diag_add(diags, LT_DIAG_ERROR, fm->file, line, col, "'%s' of '%s' must be %s", field, key,
                n->type != YAML_SCALAR_NODE ? "text" : "filled in");
    return LT_ERR_INVALID;
  }
  *out = (const char *)n->data.scalar.value;
  return LT_OK;
}
