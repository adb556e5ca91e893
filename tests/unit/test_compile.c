/* Tests for compile: lesson XML (media rewritten, raw HTML dropped, valid against
 * commonmark.xsd) and quiz XML (types, ids, answers, explanations, valid against quiz.xsd). */
#include <stdlib.h>

#include "lentera/compile.h"
#include "lentera/schema.h"
#include "check.h"

int main(void) {
  char *dir = fixture("course/mini");
  lt_course *c = NULL;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_course_load(dir, &c, d), LT_OK);

  lt_compiled *les = NULL;
  CHECK_INT(lt_compile_item(c, lt_course_item_at(c, 0), &les, d), LT_OK);
  size_t len;
  const char *xml = lt_compiled_xml(les, &len);
  CHECK_STR(lt_compiled_path(les), "lessons/lesson.xml");
  CHECK_CONTAINS(xml, "<image destination=\"media/diagram.png\"");
  CHECK_CONTAINS(xml, "<link destination=\"media/form.pdf\"");
  CHECK_CONTAINS(xml, "<link destination=\"https://example.go.id\"");
  CHECK(!strstr(xml, "html_block"));
  CHECK(!strstr(xml, "catatan pelatih"));
  CHECK(!strstr(xml, "DOCTYPE"));
  CHECK_INT(lt_schema_validate("commonmark.xsd", xml, len, "lesson", d), LT_OK);
  CHECK_INT(lt_compiled_media_count(les), 2);
  CHECK_STR(lt_compiled_media(les, 0), "media/diagram.png");
  CHECK_STR(lt_compiled_media(les, 1), "media/form.pdf");
  lt_compiled_free(les);

  lt_compiled *quiz = NULL;
  CHECK_INT(lt_compile_item(c, lt_course_item_at(c, 1), &quiz, d), LT_OK);
  xml = lt_compiled_xml(quiz, &len);
  CHECK_INT(lt_compiled_question_count(quiz), 3);
  CHECK_CONTAINS(xml, "role=\"practice\" pass-percent=\"50\" shuffle=\"false\" max-attempts=\"0\"");
  CHECK_CONTAINS(xml, "<question id=\"pilih-satu\" type=\"single\">");
  CHECK_CONTAINS(xml, "<choice id=\"b\" correct=\"true\">benar</choice>");
  CHECK_CONTAINS(xml, "<question id=\"q-banyak\" type=\"multiple\">");
  CHECK_CONTAINS(xml, "<question id=\"jawaban-singkat\" type=\"short\">");
  CHECK_CONTAINS(xml, "<answer>kode OTP</answer>");
  CHECK_CONTAINS(xml, "<intro><document xmlns=\"http://commonmark.org/xml/1.0\">");
  CHECK_CONTAINS(xml, "<explanation><document");
  CHECK_CONTAINS(xml, "Karena benar.");
  CHECK_CONTAINS(xml, "<image destination=\"media/diagram.png\"");
  CHECK_INT(lt_schema_validate("quiz.xsd", xml, len, "quiz", d), LT_OK);
  lt_compiled_free(quiz);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_ERROR), 0);
  lt_course_free(c);

  CHECK_STR(lt_compile_folder(LT_KIND_CHEATSHEET), "cheatsheets");
  lt_diag_list_free(d);
  g_free(dir);
  return check_done("test_compile");
}
