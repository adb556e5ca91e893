/* Tests for quiz: the fixture quiz compiled and loaded back, marking of every type, and
 * that stems are standalone CommonMark documents the layout accepts. */
#include <stdlib.h>

#include "lentera/compile.h"
#include "lentera/layout.h"
#include "lentera/quiz.h"
#include "check.h"

int main(void) {
  char *dir = fixture("course/mini");
  lt_course *c = NULL;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_course_load(dir, &c, d), LT_OK);
  lt_compiled *cq = NULL;
  CHECK_INT(lt_compile_item(c, lt_course_item_at(c, 1), &cq, d), LT_OK);
  size_t len;
  const char *xml = lt_compiled_xml(cq, &len);
  lt_quiz *q = NULL;
  CHECK_INT(lt_quiz_load(xml, len, "quiz.xml", &q, d), LT_OK);
  CHECK_STR(lt_quiz_title(q), "Kuis Mini");
  CHECK_STR(lt_quiz_get_role(q), "practice");
  CHECK_INT(lt_quiz_pass_percent(q), 50);
  CHECK(!lt_quiz_shuffle(q));
  CHECK(lt_quiz_intro(q) != NULL);
  CHECK_INT(lt_quiz_count(q), 3);
  CHECK_STR(lt_quiz_question_id(q, 0), "pilih-satu");
  CHECK_INT(lt_quiz_question_type(q, 0), LT_QUESTION_SINGLE);
  CHECK_INT(lt_quiz_choice_count(q, 0), 2);
  CHECK_STR(lt_quiz_choice_text(q, 0, 1), "benar");
  CHECK(lt_quiz_choice_correct(q, 0, 1));
  CHECK(lt_quiz_is_correct(q, 0, "b"));
  CHECK(!lt_quiz_is_correct(q, 0, "a"));
  CHECK(!lt_quiz_is_correct(q, 0, "a,b"));
  CHECK(!lt_quiz_is_correct(q, 0, ""));
  CHECK_INT(lt_quiz_question_type(q, 1), LT_QUESTION_MULTIPLE);
  CHECK(lt_quiz_is_correct(q, 1, "a,b"));
  CHECK(lt_quiz_is_correct(q, 1, "b,a"));
  CHECK(!lt_quiz_is_correct(q, 1, "a"));
  CHECK(!lt_quiz_is_correct(q, 1, "a,b,c"));
  CHECK(lt_quiz_question_explanation(q, 1) == NULL);
  CHECK_INT(lt_quiz_question_type(q, 2), LT_QUESTION_SHORT);
  CHECK(lt_quiz_is_correct(q, 2, "otp"));
  CHECK(lt_quiz_is_correct(q, 2, "  Kode   OTP "));
  CHECK(!lt_quiz_is_correct(q, 2, "kode"));
  CHECK(!lt_quiz_is_correct(q, 2, ""));
  char *acc = lt_quiz_accepted(q, 2);
  CHECK_STR(acc, "OTP / kode OTP");
  free(acc);

  const char *stem = lt_quiz_question_stem(q, 0);
  CHECK(g_str_has_prefix(stem, "<document xmlns=\"http://commonmark.org/xml/1.0\""));
  lt_layout_style st = {400, 16, "Noto Sans", "Noto Sans Mono", NULL, NULL, NULL};
  lt_layout *l = NULL;
  CHECK_INT(lt_layout_new(stem, strlen(stem), "stem", &st, &l, d), LT_OK);
  CHECK_CONTAINS(lt_layout_text_at(l, 0, NULL), "Teks soal");
  lt_layout_free(l);
  const char *ex = lt_quiz_question_explanation(q, 0);
  CHECK_INT(lt_layout_new(ex, strlen(ex), "ex", &st, &l, d), LT_OK);
  CHECK_STR(lt_layout_text_at(l, 0, NULL), "Karena benar.");
  lt_layout_free(l);

  /* the choice order: made (no shuffle here: the source order), stored and read back; a
   * stored order that does not fit a question gives that question its source order */
  lt_quiz_order orders[3], back[3];
  char *json = lt_quiz_orders_new(q, orders);
  CHECK_STR(orders[0], "ab");
  CHECK_STR(orders[1], "abc");
  CHECK_STR(orders[2], "");
  CHECK_STR(json, "{\"jawaban-singkat\":\"\",\"pilih-satu\":\"ab\",\"q-banyak\":\"abc\"}");
  lt_quiz_orders_from_json(q, "{\"pilih-satu\":\"ba\",\"q-banyak\":\"cab\"}", back);
  CHECK_STR(back[0], "ba");
  CHECK_STR(back[1], "cab");
  lt_quiz_orders_from_json(q, "{\"pilih-satu\":\"bb\",\"q-banyak\":\"cax\"}", back);
  CHECK_STR(back[0], "ab");  /* a letter twice */
  CHECK_STR(back[1], "abc"); /* a letter the question does not have */
  lt_quiz_orders_from_json(q, "not json", back);
  CHECK_STR(back[1], "abc");
  free(json);

  lt_quiz_free(q);
  lt_quiz_free(NULL);
  lt_compiled_free(cq);
  lt_course_free(c);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_ERROR), 0);
  lt_diag_list_free(d);
  g_free(dir);
  return check_done("test_quiz");
}
