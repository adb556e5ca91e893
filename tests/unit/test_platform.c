/* Tests for platform: opening a document waits for xdg-open's answer, so a desktop without a
 * PDF viewer (xdg-open exits 3, as it does with "no method available") is an error, not a
 * false "opened"; a viewer that keeps running counts as opened. A fake xdg-open on PATH plays
 * each desktop. */
#include <stdlib.h>

#include "lentera/platform.h"
#include "check.h"

static G_GNUC_UNUSED void fake_xdg_open(const char *dir, const char *body) {
  char *path = g_build_filename(dir, "xdg-open", NULL);
  char *script = g_strdup_printf("#!/bin/sh\n%s\n", body);
  CHECK(g_file_set_contents(path, script, -1, NULL));
  CHECK(g_chmod(path, 0755) == 0);
  g_free(script), g_free(path);
}

int main(void) {
  char *dir = g_dir_make_tmp("lt-platform-XXXXXX", NULL);
  CHECK(dir != NULL);
  g_setenv("PATH", dir, TRUE);
  lt_diag_list *d = lt_diag_list_new();

#ifndef _WIN32 /* xdg-open; Windows opens documents with ShellExecuteW */
  fake_xdg_open(dir, "exit 3");
  CHECK_INT(lt_platform_open_document("/tmp/x.pdf", d), LT_ERR_IO);
  CHECK_INT(lt_diag_count(d), 1);
  fake_xdg_open(dir, "exit 0");
  CHECK_INT(lt_platform_open_document("/tmp/x.pdf", d), LT_OK);
  fake_xdg_open(dir, "exec /bin/sleep 5"); /* a viewer started in the foreground: still running */
  gint64 t0 = g_get_monotonic_time();
  CHECK_INT(lt_platform_open_document("/tmp/x.pdf", d), LT_OK);
  CHECK(g_get_monotonic_time() - t0 < 4 * G_USEC_PER_SEC); /* not waited for */
  char *gone = g_build_filename(dir, "xdg-open", NULL);
  CHECK(g_remove(gone) == 0);
  CHECK_INT(lt_platform_open_document("/tmp/x.pdf", d), LT_ERR_IO); /* no xdg-open at all */
  g_free(gone);
#endif
  lt_diag_list_free(d);
  (void)g_rmdir(dir);
  g_free(dir);
  return check_done("test_platform");
}
