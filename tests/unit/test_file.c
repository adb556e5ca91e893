/* Tests for file: atomic writes replace or refuse, leave no temporary file, keep modes. */
#include <stdlib.h>
#include <sys/stat.h>

#include "lentera/file.h"
#include "check.h"

static int count_entries(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  int n = 0;
  while (g_dir_read_name(d))
    n++;
  g_dir_close(d);
  return n;
}

int main(void) {
  char *dir = tmp_dir();
  char *path = g_build_filename(dir, "a.txt", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_file_write_atomic(path, "one", 3, 0600, false, d), LT_OK);
  struct stat sb;
  CHECK_INT(stat(path, &sb), 0);
  CHECK_INT(sb.st_mode & 0777, 0600);
  CHECK_INT(lt_file_write_atomic(path, "two", 3, 0600, false, d), LT_ERR_EXISTS);
  char *text;
  size_t len;
  CHECK_INT(lt_file_read(path, &text, &len, d), LT_OK);
  CHECK_STR(text, "one"); /* refused write left the old content */
  free(text);
  CHECK_INT(lt_file_write_atomic(path, "three", 5, 0644, true, d), LT_OK);
  CHECK_INT(lt_file_read(path, &text, &len, d), LT_OK);
  CHECK_STR(text, "three");
  CHECK_INT(len, 5);
  free(text);
  CHECK_INT(count_entries(dir), 1); /* no temporary files left */
  char *missing = g_build_filename(dir, "nope", "x", NULL);
  lt_diag_list *d2 = lt_diag_list_new();
  CHECK_INT(lt_file_read(missing, &text, &len, d2), LT_ERR_IO);
  CHECK_INT(lt_diag_count(d2), 1);
  lt_diag_list_free(d2);
  g_free(missing);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(path);
  g_free(dir);
  return check_done("test_file");
}
