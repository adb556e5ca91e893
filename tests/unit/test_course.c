/* Tests for course: the fixture course loads with every field; validators. */
#include <stdlib.h>

#include <string.h>

#include "lentera/course.h"
#include "lentera/limits.h"
#include "check.h"

int main(void) {
  char *dir = fixture("course/mini");
  lt_course *c = NULL;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_course_load(dir, &c, d), LT_OK);
  CHECK_INT(lt_diag_count(d), 0);
  CHECK_STR(lt_course_id(c), "mini");
  CHECK_STR(lt_course_version(c), "0.1.0");
  CHECK_STR(lt_course_publisher(c), "Tim Uji");
  CHECK(lt_course_activity_base(c) == NULL);
  CHECK_STR(lt_course_audience(c)[1], "semua-staf");
  CHECK(lt_course_audience(c)[2] == NULL);
  CHECK_INT(lt_course_item_count(c), 3);
  const lt_course_item *l = lt_course_item_at(c, 0), *q = lt_course_item_at(c, 1);
  CHECK_INT(l->kind, LT_KIND_LESSON);
  CHECK_STR(l->id, "lesson");
  CHECK_INT(l->minutes, 5);
  CHECK_STR(l->objectives[0], "Memahami diagram");
  CHECK_INT(l->body_line, 7);
  CHECK(g_str_has_prefix(l->body, "\n# Judul"));
  char *want = g_strconcat(dir, "/lesson.md", NULL);
  CHECK_STR(l->display, want);
  g_free(want);
  CHECK_INT(q->kind, LT_KIND_QUIZ);
  CHECK_INT(q->role, LT_ROLE_PRACTICE);
  CHECK_INT(q->pass_percent, 50);
  CHECK(!q->shuffle);
  CHECK_INT(lt_course_item_at(c, 2)->kind, LT_KIND_CHEATSHEET);
  CHECK_STR(lt_course_description(c), "A tiny course for tests.");
  lt_course_free(c);
  lt_course_free(NULL);

  /* the introduction: the first paragraph after headings and comments, marks taken out,
   * cut at a word to LT_LIMIT_DESCRIPTION_CHARS */
  char *tmp = g_dir_make_tmp("lt-course-XXXXXX", NULL);
  char *md = g_build_filename(tmp, "course.md", NULL);
  GString *body = g_string_new("---\nid: x\ntitle: X\nversion: 1.0.0\nlanguage: id\n"
                               "audience: [semua-staf]\npublisher: P\nitems: []\n---\n\n"
                               "# Judul\n<!-- catatan\npelatih -->\n\n"
                               "Kursus **singkat** tentang `NIK` dan\n[layanan](https://x.go.id) "
                               "daring.\n\nParagraf kedua.\n");
  CHECK(g_file_set_contents(md, body->str, -1, NULL));
  lt_diag_list *d2 = lt_diag_list_new();
  lt_course *c2 = NULL;
  lt_status loaded = lt_course_load(tmp, &c2, d2); /* items: [] is a mistake; c2 is set */
  CHECK(loaded == LT_OK || loaded == LT_ERR_INVALID);
  CHECK(c2 != NULL);
  if (c2) CHECK_STR(lt_course_description(c2), "Kursus singkat tentang NIK dan layanan daring.");
  lt_course_free(c2);
  g_string_truncate(body, body->len - strlen("Paragraf kedua.\n") - 2);
  for (int i = 0; i < 60; i++)
    g_string_append(body, " kata");
  g_string_append(body, "\n");
  CHECK(g_file_set_contents(md, body->str, -1, NULL));
  c2 = NULL;
  loaded = lt_course_load(tmp, &c2, d2); /* items: [] is a mistake; c2 is set */
  CHECK(loaded == LT_OK || loaded == LT_ERR_INVALID);
  const char *cut = c2 ? lt_course_description(c2) : "";
  CHECK(g_utf8_strlen(cut, -1) <= LT_LIMIT_DESCRIPTION_CHARS);
  CHECK(g_str_has_suffix(cut, " kata…") || g_str_has_suffix(cut, "kata…"));
  CHECK(g_str_has_prefix(cut, "Kursus singkat"));
  lt_course_free(c2);
  lt_diag_list_free(d2);
  g_string_free(body, TRUE);
  (void)remove(md);
  (void)remove(tmp);
  g_free(md), g_free(tmp);

  CHECK(lt_course_valid_id("keamanan-dasar"));
  CHECK(lt_course_valid_id("a1"));
  CHECK(!lt_course_valid_id("Keamanan"));
  CHECK(!lt_course_valid_id("a_b"));
  CHECK(!lt_course_valid_id("-a"));
  CHECK(!lt_course_valid_id(""));
  CHECK(lt_course_valid_semver("1.2.0"));
  CHECK(lt_course_valid_semver("1.0.0-rc.1+build.5"));
  CHECK(!lt_course_valid_semver("1.2"));
  CHECK(!lt_course_valid_semver("01.2.3"));
  CHECK(!lt_course_valid_semver("v1.2.3"));
  /* precedence, as semver.org's example list orders them */
  const char *order[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                         "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                         "1.0.0-rc.1",  "1.0.0",         "1.2.0",
                         "1.10.0",      "2.0.0"};
  for (size_t i = 0; i + 1 < sizeof order / sizeof *order; i++) {
    CHECK_INT(lt_course_semver_compare(order[i], order[i + 1]), -1);
    CHECK_INT(lt_course_semver_compare(order[i + 1], order[i]), 1);
  }
  CHECK_INT(lt_course_semver_compare("1.2.3+build.1", "1.2.3+build.2"), 0);

  /* a folder without course.md is an I/O error, not a crash */
  lt_diag_list *e = lt_diag_list_new();
  c = NULL;
  CHECK_INT(lt_course_load("/nonexistent-lentera", &c, e), LT_ERR_IO);
  CHECK(c == NULL);
  lt_diag_list_free(e);
  lt_diag_list_free(d);
  g_free(dir);
  return check_done("test_course");
}
