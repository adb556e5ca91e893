/* relocate — see relocate.h. The program's folder comes from /proc/self/exe (the kernel's
 * own record of the file it runs, whatever argv[0] or PATH said); on Windows from the module's
 * own file name (GLib: the program's folder, or its parent when that is named bin or lib).
 * The relative paths are computed by CMake from the install layout (LT_REL_* in
 * core/CMakeLists.txt), with the build tree's layout tried after them. */
#include "lentera/relocate.h"

#include <glib.h>
#include <glib/gstdio.h>
#ifdef _WIN32
#include <fontconfig/fontconfig.h>
#endif

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
  /* fontconfig's configuration is the one shipped beside the programs, which names the fonts
   * shipped with them (scripts/windows/fonts.conf), loaded here through fontconfig's own
   * calls. fontconfig 2.14 opens no path that starts with a drive letter ("C:\\"), but it does
   * open one from the root of the current drive: the folder is made current while the
   * configuration is read and the fonts scanned (fonts.conf turns later rescans off). */
  char *dir = g_getenv("FONTCONFIG_FILE") ? NULL : lt_program_dir();
  char *cwd = g_get_current_dir();
  if (dir && g_ascii_isalpha(dir[0]) && dir[1] == ':' && g_chdir(dir) == 0) {
    char *conf = g_build_filename(dir + 2, "etc", "fonts", "fonts.conf", NULL);
    g_strdelimit(conf, "\\", '/');
    FcConfig *c = FcConfigCreate();
    if (c && FcConfigParseAndLoad(c, (const FcChar8 *)conf, FcTrue) && FcConfigBuildFonts(c))
      FcConfigSetCurrent(c);
    if (c) FcConfigDestroy(c); /* FcConfigSetCurrent holds its own reference */
    g_free(conf);
    if (g_chdir(cwd) != 0) { /* the folder it was started in is gone: stays in its own */
    }
  }
  g_free(dir), g_free(cwd);
#endif
}
