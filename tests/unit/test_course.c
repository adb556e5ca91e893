/* Tests for course: the fixture course loads with every field; validators. */
#include <stdlib.h>

#include "lentera/course.h"
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
  lt_course_free(c);
  lt_course_free(NULL);

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
