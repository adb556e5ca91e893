/* Tests for diag: formatting with and without positions, counting by severity. */
#include <stdlib.h>

#include "lentera/diag.h"
#include "check.h"

int main(void) {
  lt_diag_list *d = lt_diag_list_new();
  lt_diag_add(d, LT_DIAG_ERROR, "lessons/01.md", 12, 5, "image '%s' not found", "media/x.png");
  lt_diag_add(d, LT_DIAG_WARNING, "a.md", 3, 0, "line only");
  lt_diag_add(d, LT_DIAG_NOTE, NULL, 0, 0, "no position");
  CHECK_INT(lt_diag_count(d), 3);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_ERROR), 1);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_WARNING), 1);
  char *s = lt_diag_format(d, 0);
  CHECK_STR(s, "lessons/01.md:12:5: error: image 'media/x.png' not found");
  free(s);
  s = lt_diag_format(d, 1);
  CHECK_STR(s, "a.md:3: warning: line only");
  free(s);
  s = lt_diag_format(d, 2);
  CHECK_STR(s, "note: no position");
  free(s);
  lt_diag_list_free(d);
  lt_diag_list_free(NULL);
  lt_diag_add(NULL, LT_DIAG_ERROR, "x", 1, 1, "dropped"); /* a NULL list is allowed */
  CHECK_STR(lt_status_str(LT_ERR_VERIFY), "verification failed");
  return check_done("test_diag");
}
