/* Tests for frontmatter: values with positions, body offset, every kind of malformed block. */
#include <stdlib.h>

#include "lentera/frontmatter.h"
#include "check.h"

static lt_status parse(const char *text, lt_frontmatter **fm, size_t *off, int *line,
                       lt_diag_list *d) {
  return lt_frontmatter_parse("f.md", text, strlen(text), fm, off, line, d);
}

int main(void) {
  const char *text = "---\nkind: lesson\nminutes: 7\nobjectives:\n  - satu\n  - dua\n"
                     "shuffle: true\n---\n# Body\n";
  lt_frontmatter *fm = NULL;
  size_t off = 0;
  int body_line = 0;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(parse(text, &fm, &off, &body_line, d), LT_OK);
  CHECK_STR(text + off, "# Body\n");
  CHECK_INT(body_line, 9);
  const char *kind = NULL;
  CHECK_INT(lt_frontmatter_string(fm, "kind", true, &kind, d), LT_OK);
  CHECK_STR(kind, "lesson");
  long minutes = 0;
  CHECK_INT(lt_frontmatter_int(fm, "minutes", true, 1, 15, &minutes, d), LT_OK);
  CHECK_INT(minutes, 7);
  bool shuffle = false;
  CHECK_INT(lt_frontmatter_bool(fm, "shuffle", &shuffle, d), LT_OK);
  CHECK(shuffle);
  size_t n = 0;
  CHECK_INT(lt_frontmatter_list(fm, "objectives", true, &n, d), LT_OK);
  CHECK_INT(n, 2);
  int line, col;
  CHECK_STR(lt_frontmatter_list_item(fm, "objectives", 1, &line, &col), "dua");
  CHECK_INT(line, 6);
  CHECK_INT(col, 5);
  lt_frontmatter_position(fm, "minutes", &line, &col);
  CHECK_INT(line, 3);
  CHECK_INT(col, 10);
  CHECK_INT(lt_diag_count(d), 0);

  /* range, type and missing-key errors point at the value */
  lt_diag_list *bad = lt_diag_list_new();
  CHECK_INT(lt_frontmatter_int(fm, "minutes", true, 10, 15, &minutes, bad), LT_ERR_INVALID);
  CHECK_INT(lt_frontmatter_int(fm, "kind", true, 0, 9, &minutes, bad), LT_ERR_INVALID);
  CHECK_INT(lt_frontmatter_string(fm, "title", true, &kind, bad), LT_ERR_INVALID);
  CHECK_INT(lt_frontmatter_string(fm, "title", false, &kind, bad), LT_OK);
  char *msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "f.md:3:10: error: 'minutes' must be between 10 and 15, not 7\n");
  CHECK_CONTAINS(msgs, "f.md:2:7: error: 'kind' must be a whole number, not 'lesson'\n");
  CHECK_CONTAINS(msgs, "f.md:1:1: error: missing 'title' in front matter\n");
  g_free(msgs);
  lt_diag_list_free(bad);

  static const char *const allowed[] = {"kind", "minutes", "objectives", NULL};
  bad = lt_diag_list_new();
  lt_frontmatter_warn_unknown(fm, allowed, bad);
  msgs = diags_text(bad);
  CHECK_STR(msgs, "f.md:7:1: warning: unknown key 'shuffle' is ignored\n");
  g_free(msgs);
  lt_diag_list_free(bad);
  static const char *const kinds[] = {"lesson", "cheatsheet", "quiz", NULL};
  int choice = -1;
  CHECK_INT(lt_frontmatter_choice(fm, "kind", true, kinds, "kind", &choice, d), LT_OK);
  CHECK_INT(choice, 0);
  static const char *const two[] = {"video", "audio", NULL};
  bad = lt_diag_list_new();
  CHECK_INT(lt_frontmatter_choice(fm, "kind", true, two, "kind", &choice, bad), LT_ERR_INVALID);
  msgs = diags_text(bad);
  CHECK_STR(msgs, "f.md:2:7: error: unknown kind 'lesson' (expected video or audio)\n");
  g_free(msgs);
  lt_diag_list_free(bad);
  lt_frontmatter_free(fm);

  struct {
    const char *text, *want;
  } broken[] = {
      {"# no front matter\n", "f.md:1:1: error: missing front matter"},
      {"---\ntitle: x\n", "f.md:1:1: error: front matter is not closed"},
      {"---\ntitle: [a, b\n---\n", "f.md:2:8: error: this [ list is not closed"},
      /* issue 13: a tab in YAML says so and where; libyaml's errors in plain words */
      {"---\nid: x\n\ttitle: y\n---\n", "f.md:3:1: error: a tab indents this line"},
      {"---\naudience:\n  -\ta\n---\n", "f.md:3:4: error: a tab indents this line"},
      {"---\ntitle: \"x\n---\n", "f.md:2:8: error: this quote is never closed"},
      {"---\ntitle: a: b\n---\n", "f.md:2:9: error: a ':' here where a value was expected"},
      {"---\ntitle: @x\n---\n", "f.md:2:8: error: a value cannot start with '@' here"},
      {"---\nid: x\nfoo\nt: y\n---\n", "f.md:3:1: error: this line has no ':' after its name"},
      {"---\na:\n  - x\n - y\n---\n", "f.md:4:2: error: this line does not line up with"},
      {"---\nt: {a: b\n---\n", "f.md:2:4: error: this { is not closed"},
      {"---\nt: \"a\\qb\"\n---\n", "f.md:2:6: error: unknown '\\' escape"},
      {"---\nt: *x\n---\n", "f.md:2:4: error: '&' and '*' start YAML anchors"},
      {"---\nt: - x\n---\n", "f.md:2:4: error: a '- ' list entry where a value"},
      {"---\nt: |x\n  y\n---\n", "f.md:2:5: error: after '|' or '>' nothing may follow"},
      {"---\n- a\n- b\n---\n", "f.md:2:1: error: malformed front matter: expected 'key: value'"},
  };
  for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
    lt_diag_list *e = lt_diag_list_new();
    fm = NULL;
    CHECK_INT(parse(broken[i].text, &fm, &off, &body_line, e), LT_ERR_INVALID);
    CHECK(fm == NULL);
    msgs = diags_text(e);
    CHECK_CONTAINS(msgs, broken[i].want);
    g_free(msgs);
    lt_diag_list_free(e);
  }
  lt_diag_list_free(d);
  return check_done("test_frontmatter");
}
