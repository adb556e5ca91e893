/* Tests for quiz: the fixture quiz compiled and loaded back, marking of every type, and
 * that stems are standalone CommonMark documents the layout accepts. */
#include <stdlib.h>
#include <string.h>

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

  /* partial credit: Moodle's weights as the importer writes them */
  const char *wx =
      "<quiz xmlns=\"urn:lentera:quiz:1\" id=\"w\" role=\"practice\" pass-percent=\"50\" "
      "shuffle=\"false\" max-attempts=\"0\"><title>W</title>"
      "<question id=\"kota\" type=\"single\"><title>Kota</title><stem><document "
      "xmlns=\"http://commonmark.org/xml/1.0\"/></stem>"
      "<choice id=\"a\" correct=\"false\">Jerusalem</choice>"
      "<choice id=\"b\" correct=\"false\" weight=\"25\">Bethlehem</choice>"
      "<choice id=\"c\" correct=\"false\" weight=\"50\">Galilee</choice>"
      "<choice id=\"d\" correct=\"true\">Nazareth</choice></question>"
      "<question id=\"multi\" type=\"multiple\"><title>M</title><stem><document "
      "xmlns=\"http://commonmark.org/xml/1.0\"/></stem>"
      "<choice id=\"a\" correct=\"true\" weight=\"50\">x</choice>"
      "<choice id=\"b\" correct=\"true\">y</choice>"
      "<choice id=\"c\" correct=\"false\" weight=\"-100\">z</choice></question>"
      "<question id=\"isian\" type=\"short\"><title>I</title><stem><document "
      "xmlns=\"http://commonmark.org/xml/1.0\"/></stem>"
      "<answer>Nazareth</answer><answer weight=\"75\">Nazereth</answer>"
      "<answer>nazareth </answer></question></quiz>";
  lt_quiz *w = NULL;
  CHECK_INT(lt_quiz_load(wx, strlen(wx), "w.xml", &w, d), LT_OK);
  CHECK(lt_quiz_question_weighted(w, 0));
  CHECK(lt_quiz_credit(w, 0, "d") == 1.0);
  CHECK(lt_quiz_credit(w, 0, "c") == 0.5);
  CHECK(lt_quiz_credit(w, 0, "b") == 0.25);
  CHECK(lt_quiz_credit(w, 0, "a") == 0.0);
  CHECK(lt_quiz_credit(w, 0, "c,d") == 0.0); /* one choice only */
  CHECK(!lt_quiz_is_correct(w, 0, "c"));
  CHECK(lt_quiz_is_correct(w, 0, "d"));
  CHECK(lt_quiz_choice_weight(w, 1, 1) == 50.0); /* the rest of 100 */
  CHECK(lt_quiz_credit(w, 1, "a") == 0.5);
  CHECK(lt_quiz_credit(w, 1, "a,b") == 1.0);
  CHECK(lt_quiz_credit(w, 1, "a,c") == 0.0); /* -100 + 50, kept at 0 */
  CHECK(lt_quiz_credit(w, 1, "a,b,c") == 0.0);
  CHECK(lt_quiz_credit(w, 2, "nazereth") == 0.75);
  CHECK(lt_quiz_credit(w, 2, "Nazareth") == 1.0);
  CHECK(lt_quiz_credit(w, 2, "Galilee") == 0.0);
  char *said = lt_quiz_accepted(w, 2); /* spellings that mark the same are said once */
  CHECK_STR(said, "Nazareth / Nazereth");
  free(said);
  CHECK(!lt_quiz_question_weighted(q, 1));
  CHECK(lt_quiz_credit(q, 1, "a") == 0.0); /* unweighted: all or nothing */
  lt_quiz_free(w);

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

  /* a survey: ratings of five choices and free answers, not marked; what does not fit is
   * refused at the question's line */
#define SURVEY_HEAD                                                                                \
  "<quiz xmlns=\"urn:lentera:quiz:1\" id=\"s\" role=\"survey\" anonymous=\"true\" "                \
  "pass-percent=\"0\" shuffle=\"false\" max-attempts=\"1\"><title>S</title>\n"
#define STEM "<stem><document xmlns=\"http://commonmark.org/xml/1.0\"/></stem>"
#define FIVE                                                                                       \
  "<choice id=\"a\" correct=\"false\">1</choice><choice id=\"b\" correct=\"false\">2</choice>"     \
  "<choice id=\"c\" correct=\"false\">3</choice><choice id=\"d\" correct=\"false\">4</choice>"     \
  "<choice id=\"e\" correct=\"false\">Sangat setuju</choice>"
  const char *sx = SURVEY_HEAD "<question id=\"r\" type=\"rating\"><title>R</title>" STEM FIVE
                               "</question><question id=\"t\" type=\"text\"><title>T</title>" STEM
                               "</question></quiz>";
  lt_quiz *sq = NULL;
  CHECK_INT(lt_quiz_load(sx, strlen(sx), "s.xml", &sq, d), LT_OK);
  CHECK(lt_quiz_is_survey(sq));
  CHECK(lt_quiz_anonymous(sq));
  CHECK(!lt_quiz_is_survey(q));
  CHECK(!lt_quiz_anonymous(q));
  CHECK_INT(lt_quiz_question_type(sq, 0), LT_QUESTION_RATING);
  CHECK_STR(lt_quiz_choice_text(sq, 0, 4), "Sangat setuju");
  CHECK_INT(lt_quiz_question_type(sq, 1), LT_QUESTION_TEXT);
  CHECK_INT(lt_quiz_choice_count(sq, 1), 0);
  CHECK(lt_quiz_credit(sq, 0, "e") == 0 && lt_quiz_credit(sq, 1, "apa saja") == 0);
  lt_quiz_free(sq);
  const char *bad[] = {
      /* a rating of four */
      SURVEY_HEAD "<question id=\"r\" type=\"rating\"><title>R</title>" STEM
                  "<choice id=\"a\" correct=\"false\">1</choice><choice id=\"b\" "
                  "correct=\"false\">2</choice><choice id=\"c\" correct=\"false\">3</choice>"
                  "<choice id=\"d\" correct=\"false\">4</choice></question></quiz>",
      /* a free answer with choices */
      SURVEY_HEAD "<question id=\"t\" type=\"text\"><title>T</title>" STEM FIVE
                  "</question></quiz>",
      /* a marked question in a survey */
      SURVEY_HEAD "<question id=\"q\" type=\"single\"><title>Q</title>" STEM FIVE
                  "</question></quiz>",
      /* a rating in a quiz */
      "<quiz xmlns=\"urn:lentera:quiz:1\" id=\"p\" role=\"practice\" pass-percent=\"0\" "
      "shuffle=\"false\" max-attempts=\"0\"><title>P</title>\n<question id=\"r\" "
      "type=\"rating\"><title>R</title>" STEM FIVE "</question></quiz>"};
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    lt_diag_list *bd = lt_diag_list_new();
    sq = NULL;
    CHECK_INT(lt_quiz_load(bad[i], strlen(bad[i]), "bad.xml", &sq, bd), LT_ERR_INVALID);
    CHECK(sq == NULL);
    CHECK_INT(lt_diag_count_severity(bd, LT_DIAG_ERROR), 1);
    char *msg = lt_diag_format(bd, 0);
    CHECK(g_str_has_prefix(msg, "bad.xml:2:1: error: question '"));
    free(msg);
    lt_diag_list_free(bd);
  }

  lt_quiz_free(q);
  lt_quiz_free(NULL);
  lt_compiled_free(cq);
  lt_course_free(c);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_ERROR), 0);
  lt_diag_list_free(d);
  g_free(dir);
  return check_done("test_quiz");
}
