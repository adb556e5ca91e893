/* Tests for compile: lesson XML (media rewritten, raw HTML dropped, valid against
 * commonmark.xsd) and quiz XML (types, ids, answers, explanations, valid against quiz.xsd). */
#include <stdlib.h>

#include "lentera/compile.h"
#include "lentera/schema.h"
#include "check.h"

static void put(const char *dir, const char *name, const char *text, size_t len) {
  char *path = g_build_filename(dir, name, NULL);
  CHECK(g_file_set_contents(path, text, (gssize)len, NULL));
  g_free(path);
}

/* A course of two lessons in a fresh folder: 01-a.md holds `body`. */
static char *course_with(const char *body, size_t len) {
  char *dir = tmp_dir();
  char *media = g_build_filename(dir, "media", NULL);
  g_mkdir(media, 0755);
  g_free(media);
  const char *course = "---\nid: t\ntitle: T\nversion: 0.1.0\nlanguage: id\naudience: "
                       "[semua-staf]\npublisher: P\nitems: [01-a.md, 02-b.md]\n---\n";
  put(dir, "course.md", course, strlen(course));
  const char *head = "---\nkind: lesson\ntitle: A\nminutes: 2\nobjectives: [x]\n---\n";
  char *a = g_strdup_printf("%s%.*s", head, (int)len, body);
  put(dir, "01-a.md", a, strlen(head) + len);
  g_free(a);
  const char *b = "---\nkind: cheatsheet\ntitle: B\n---\n# B\n";
  put(dir, "02-b.md", b, strlen(b));
  put(dir, "media/Gambar Kantor.png", "x", 1);
  put(dir, "media/ikon.png", "x", 1);
  return dir;
}

/* Compiles 01-a.md of course_with(body); *xml is its XML (g_free) or NULL, *msgs the
 * diagnostics (g_free). */
static lt_status compile_body(const char *body, size_t len, char **xml, char **msgs) {
  char *dir = course_with(body, len);
  lt_course *c = NULL;
  lt_diag_list *d = lt_diag_list_new();
  lt_status st = lt_course_load(dir, &c, d);
  *xml = NULL;
  if (st == LT_OK) {
    lt_compiled *out = NULL;
    st = lt_compile_item(c, lt_course_item_at(c, 0), &out, d);
    if (st == LT_OK) {
      size_t n;
      const char *x = lt_compiled_xml(out, &n);
      *xml = g_strdup(x);
      CHECK_INT(lt_schema_validate("commonmark.xsd", x, n, "01-a", d), LT_OK);
      CHECK_STR(lt_compiled_media(out, 0), "media/Gambar-Kantor.png");
      CHECK_STR(lt_compiled_media_source(out, 0), "media/Gambar Kantor.png");
      lt_compiled_free(out);
    }
    lt_course_free(c);
  }
  *msgs = diags_text(d);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(dir);
  return st;
}

/* Issue 13: Markdown as trainers write it. */
static void trainers_markdown(void) {
  const char *md =
      "![a](<media/Gambar Kantor.png>) ![b](media/Gambar%20Kantor.png) ![c](media\\ikon.png)\n\n"
      "[next](02-b.md#top) H~2~O ~~gone~~ note[^1]\n\n"
      "| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n"
      "==mark== $x$ [[wiki]] {#id} `==code==`\n\n[^1]: The note.\n";
  char *xml, *msgs;
  CHECK_INT(compile_body(md, strlen(md), &xml, &msgs), LT_OK);
  CHECK_CONTAINS(xml, "<image destination=\"media/Gambar-Kantor.png\" title=\"\">\n"
                      "      <text xml:space=\"preserve\">a</text>");
  CHECK_CONTAINS(xml, "<image destination=\"media/Gambar-Kantor.png\" title=\"\">\n"
                      "      <text xml:space=\"preserve\">b</text>");
  CHECK_CONTAINS(xml, "<image destination=\"media/ikon.png\"");
  CHECK_CONTAINS(xml, "<link destination=\"cheatsheets/02-b.xml\"");
  CHECK_CONTAINS(xml, "H~2~O"); /* one tilde: not struck */
  CHECK_CONTAINS(xml, "<strikethrough>\n      <text xml:space=\"preserve\">gone");
  CHECK_CONTAINS(xml, "<text xml:space=\"preserve\">[1]</text>");
  CHECK_CONTAINS(xml, "<thematic_break />\n  <list type=\"ordered\" start=\"1\" tight=\"true\">");
  CHECK_CONTAINS(xml, "The note.");
  CHECK_CONTAINS(xml, "<table_cell align=\"left\">");
  CHECK_CONTAINS(xml, "<table_cell align=\"center\">");
  CHECK_CONTAINS(xml, "<table_cell align=\"right\">");
  CHECK_CONTAINS(msgs, "/01-a.md:7:65: warning: 'media\\ikon.png' uses '\\' between folder names");
  CHECK_CONTAINS(msgs, "/01-a.md:15:1: warning: '==mark==' (highlight) is not supported");
  CHECK_CONTAINS(msgs, "/01-a.md:15:10: warning: '$x$' (a formula) is not supported");
  CHECK_CONTAINS(msgs, "/01-a.md:15:14: warning: '[[wiki]]' (a wiki link) is not supported");
  CHECK_CONTAINS(msgs, "/01-a.md:15:23: warning: '{#id}' (an attribute) is not supported");
  CHECK(!strstr(msgs, "==code=="));
  g_free(xml), g_free(msgs);

  /* 65,000-deep emphasis, block quotes and brackets: an error at the line, no abort */
  const char *what[] = {"*", ">", "["};
  for (size_t i = 0; i < G_N_ELEMENTS(what); i++) {
    GString *deep = g_string_new("![a](<media/Gambar Kantor.png>)\n\ntext\n");
    for (int k = 0; k < 65000; k++)
      g_string_append(deep, what[i]);
    g_string_append(deep, i == 1 ? " q\n" : "x\n");
    CHECK_INT(compile_body(deep->str, deep->len, &xml, &msgs), LT_ERR_INVALID);
    CHECK(xml == NULL);
    CHECK_CONTAINS(msgs, "/01-a.md:10:");
    CHECK_CONTAINS(msgs, "error: this nests more than 32 levels deep");
    g_free(msgs);
    g_string_free(deep, TRUE);
  }
  /* 32 levels are fine */
  GString *ok = g_string_new("![a](<media/Gambar Kantor.png>)\n\n");
  for (int k = 0; k < 32; k++)
    g_string_append(ok, ">");
  g_string_append(ok, " q\n");
  CHECK_INT(compile_body(ok->str, ok->len, &xml, &msgs), LT_OK);
  g_free(xml), g_free(msgs);
  g_string_free(ok, TRUE);

  /* Word's vertical tab: a warning, a valid document */
  const char *vt = "![a](<media/Gambar Kantor.png>)\n\nsatu\vdua\n";
  CHECK_INT(compile_body(vt, strlen(vt), &xml, &msgs), LT_OK);
  CHECK_CONTAINS(xml, "satu dua");
  CHECK_CONTAINS(msgs, "/01-a.md:9:5: warning: a vertical tab (U+000B");
  g_free(xml), g_free(msgs);
}

int main(void) {
  trainers_markdown();
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
