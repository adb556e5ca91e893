/* relocate — see relocate.h. The program's folder comes from /proc/self/exe (the kernel's
 * own record of the file it runs, whatever argv[0] or PATH said); on Windows from the module's
 * own file name (GLib: the program's folder, or its parent when that is named bin or lib).
 * The relative paths are computed by CMake from the install layout (LT_REL_* in
 * core/CMakeLists.txt), with the build tree's layout tried after them. */
#include "lentera/relocate.h"

#include <glib.h>

char *lt_program_dir(void) {
#ifdef _WIN32
  return g_win32_get_package_installation_directory_of_module(NULL);
#else
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (!exe) return NULL;
  char *dir = g_path_get_dirname(exe);
  g_free(exe);
  return dir;
#endif
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

void lt_relocate_init(void) {
#ifdef _WIN32
  /* Pango's Cairo fonts through fontconfig and FreeType, as on Linux (its default there is
   * Windows' own font system, which knows only the fonts Windows has) */
  g_setenv("PANGOCAIRO_BACKEND", "fc", FALSE);
  /* fontconfig finds its configuration by itself: fonts\fonts.conf beside the program (its
   * default on Windows), where build.sh puts it with the fonts (scripts/windows/fonts.conf) */
#endif
}
