/* relocate — see relocate.h. The program's folder comes from /proc/self/exe (the kernel's
 * own record of the file it runs, whatever argv[0] or PATH said). The relative paths are
 * computed by CMake from the install layout (LT_REL_* in core/CMakeLists.txt), with the
 * build tree's layout tried after them. */
#include "lentera/relocate.h"

#include <glib.h>

char *lt_program_dir(void) {
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (!exe) return NULL;
  char *dir = g_path_get_dirname(exe);
  g_free(exe);
  return dir;
}

char *lt_beside_program(const char *const *relative) {
  char *dir = lt_program_dir();
  char *found = NULL;
  for (size_t i = 0; dir && relative[i] && !found; i++) {
    char *p = g_build_filename(dir, relative[i], NULL);
    char *canon = g_canonicalize_filename(p, NULL);
    g_free(p);
    if (g_file_test(canon, G_FILE_TEST_EXISTS))
      found = canon;
    else
      g_free(canon);
  }
  g_free(dir);
  return found;
}
