/* watch — a course folder's snapshot: every file's path, size and mtime, sorted.
 *
 * Walks the folder with GDir (hidden files and editors' swap/backup files are skipped so
 * that opening a file in an editor is not a change), collects one line per regular file,
 * sorts the lines and joins them. Symbolic links are followed as stat() does. */
#include "lentera/watch.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Editors' temporary files: ".x.swp", "x~", "#x#", ".#x". */
static gboolean ignored(const char *name) {
  size_t n = strlen(name);
  return name[0] == '.' || name[0] == '#' || (n && name[n - 1] == '~');
}

static void walk(const char *dir, const char *rel, GPtrArray *lines, int depth) {
  if (depth > 16) return;
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  for (const char *name; (name = g_dir_read_name(d));) {
    if (ignored(name)) continue;
    char *path = g_build_filename(dir, name, NULL);
    char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    GStatBuf sb;
    if (g_stat(path, &sb) == 0) {
      if (S_ISDIR(sb.st_mode))
        walk(path, r, lines, depth + 1);
      else if (S_ISREG(sb.st_mode))
        g_ptr_array_add(lines, g_strdup_printf("%s\t%lld\t%lld.%09ld", r, (long long)sb.st_size,
#ifdef _WIN32 /* seconds only */
                                               (long long)sb.st_mtime, 0L));
#else
                                               (long long)sb.st_mtim.tv_sec,
                                               (long)sb.st_mtim.tv_nsec));
#endif
    }
    g_free(path), g_free(r);
  }
  g_dir_close(d);
}

static gint by_text(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *lt_watch_snapshot(const char *dir) {
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  walk(dir, NULL, lines, 0);
  g_ptr_array_sort(lines, by_text);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf(s, "%s\n", (const char *)lines->pdata[i]);
  g_ptr_array_free(lines, TRUE);
  return g_string_free(s, FALSE);
}
