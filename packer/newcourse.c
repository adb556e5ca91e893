/* newcourse — expands @ID@ and @TITLE@ in each embedded template and writes it atomically.
 * The id is the folder name lower-cased with anything outside [a-z0-9] turned into '-';
 * the title is the same words capitalised ("dokumen-arsip" → "Dokumen Arsip").
 * The folder must be new or empty and not a symbolic link; it is opened once (O_NOFOLLOW)
 * and every file is written relative to that descriptor, so nothing is written through a
 * link even if one appears while `new` runs. */
#include "newcourse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/file.h"

struct lt_embedded_file {
  const char *name;
  const char *data;
  size_t len;
};
extern const struct lt_embedded_file lt_embedded_templates[];

static char *make_id(const char *dir) {
  char *base = g_path_get_basename(dir);
  char *ascii = g_str_to_ascii(base, "C");
  GString *id = g_string_new(NULL);
  for (const char *p = ascii; *p; p++) {
    char c = g_ascii_tolower(*p);
    if (g_ascii_isalnum(c))
      g_string_append_c(id, c);
    else if (id->len && id->str[id->len - 1] != '-')
      g_string_append_c(id, '-');
  }
  while (id->len && id->str[id->len - 1] == '-')
    g_string_truncate(id, id->len - 1);
  if (!id->len) g_string_assign(id, "kursus-baru");
  g_free(base);
  g_free(ascii);
  return g_string_free(id, FALSE);
}

static char *make_title(const char *id) {
  char *t = g_strdup(id);
  bool start = true;
  for (char *p = t; *p; p++) {
    if (*p == '-')
      *p = ' ';
    else if (start)
      *p = g_ascii_toupper(*p);
    start = *p == ' ';
  }
  return t;
}

static char *expand(const char *text, const char *id, const char *title) {
  char **a = g_strsplit(text, "@ID@", -1);
  char *with_id = g_strjoinv(id, a);
  char **b = g_strsplit(with_id, "@TITLE@", -1);
  char *out = g_strjoinv(title, b);
  g_strfreev(a);
  g_strfreev(b);
  g_free(with_id);
  return out;
}

/* Whether the open folder holds nothing (the descriptor stays open). */
static bool folder_empty(int dfd) {
#ifdef _WIN32 /* a folder descriptor there is its path (core/win32/posix.h) */
  GDir *g = lt_w32_dir_path(dfd) ? g_dir_open(lt_w32_dir_path(dfd), 0, NULL) : NULL;
  bool none = g && !g_dir_read_name(g);
  if (g) g_dir_close(g);
  return none;
#else
  int copy = dup(dfd);
  DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
  if (!d) {
    if (copy >= 0) close(copy);
    return false;
  }
  bool empty = true;
  struct dirent *e;
  while (empty && (e = readdir(d)))
    empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
  closedir(d);
  return empty;
#endif
}

lt_status lt_newcourse_create(const char *dir, lt_diag_list *diags) {
  static const char link_msg[] = "is a symbolic link; give the path of a new folder (a course "
                                 "is never written through a link)";
  struct stat sb;
  if (lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode)) {
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "%s", link_msg);
    return LT_ERR_INVALID;
  }
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "cannot create: %s", g_strerror(errno));
    return LT_ERR_IO;
  }
  /* from here on everything is written relative to this descriptor, through no link */
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) {
    bool link = errno == ELOOP || errno == ENOTDIR;
    if (link)
      lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "%s", link_msg);
    else
      lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "cannot open: %s", g_strerror(errno));
    return link ? LT_ERR_INVALID : LT_ERR_IO;
  }
  if (!folder_empty(dfd)) {
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0,
                "folder exists and is not empty; choose a new folder name");
    close(dfd);
    return LT_ERR_EXISTS;
  }
  char *media = g_build_filename(dir, "media", NULL);
  lt_status st = LT_OK;
  if (mkdirat(dfd, "media", 0755) != 0) {
    int err = errno;
    lt_diag_add(diags, LT_DIAG_ERROR, media, 0, 0, "cannot create: %s", g_strerror(err));
    st = err == EEXIST ? LT_ERR_EXISTS : LT_ERR_IO;
  }
  g_free(media);
  char *id = make_id(dir), *title = make_title(id);
  for (const struct lt_embedded_file *f = lt_embedded_templates; f->name && st == LT_OK; f++) {
    char *text = expand(f->data, id, title), *path = g_build_filename(dir, f->name, NULL);
    st = lt_file_write_atomic_at(dfd, f->name, path, text, strlen(text), 0644, false, diags);
    g_free(text);
    g_free(path);
  }
  close(dfd);
  g_free(id);
  g_free(title);
  return st;
}
