/* Tests for schema: embedded schemas exist and accept/refuse as written. */
#include <stdlib.h>

#include "lentera/schema.h"
#include "check.h"

int main(void) {
  size_t len = 0;
  CHECK(lt_schema_text("manifest.xsd", &len) != NULL && len > 1000);
  CHECK(lt_schema_text("quiz.xsd", NULL) != NULL);
  CHECK(lt_schema_text("commonmark.xsd", NULL) != NULL);
  CHECK(lt_schema_text("nope.xsd", NULL) == NULL);
  lt_diag_list *d = lt_diag_list_new();
  const char *ok = "<document xmlns=\"http://commonmark.org/xml/1.0\"><paragraph>"
                   "<text xml:space=\"preserve\">hi</text><emph><text>x</text></emph>"
                   "</paragraph></document>";
  CHECK_INT(lt_schema_validate("commonmark.xsd", ok, strlen(ok), "ok.xml", d), LT_OK);
  const char *html =
      "<document xmlns=\"http://commonmark.org/xml/1.0\">\n<html_block>&lt;script&gt;"
      "</html_block></document>";
  CHECK_INT(lt_schema_validate("commonmark.xsd", html, strlen(html), "html.xml", d),
            LT_ERR_INVALID);
  const char *broken = "<document><paragraph></document>";
  CHECK_INT(lt_schema_validate("commonmark.xsd", broken, strlen(broken), "broken.xml", d),
            LT_ERR_INVALID);
  char *msgs = diags_text(d);
  CHECK_CONTAINS(msgs, "html.xml:2: error:");
  CHECK_CONTAINS(msgs, "broken.xml:1: error:");
  g_free(msgs);
  lt_diag_list_free(d);
  return check_done("test_schema");
}
