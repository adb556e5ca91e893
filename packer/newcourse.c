/* newcourse — expands @ID@ and @TITLE@ in each embedded template and writes it atomically.
 * The id is the folder name lower-cased with anything outside [a-z0-9] turned into '-';
 * the title is the same words capitalised ("dokumen-arsip" → "Dokumen Arsip"). */
#include "newcourse.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

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

lt_status lt_newcourse_create(const char *dir, lt_diag_list *diags) {
  GDir *existing = g_dir_open(dir, 0, NULL);
  if (existing) {
    bool empty = g_dir_read_name(existing) == NULL;
    g_dir_close(existing);
    if (!empty) {
      lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0,
                  "folder exists and is not empty; choose a new folder name");
      return LT_ERR_EXISTS;
    }
  }
  char *media = g_build_filename(dir, "media", NULL);
  if (g_mkdir_with_parents(media, 0755) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "cannot create: %s", g_strerror(errno));
    g_free(media);
    return LT_ERR_IO;
  }
  g_free(media);
  char *id = make_id(dir), *title = make_title(id);
  lt_status st = LT_OK;
  for (const struct lt_embedded_file *f = lt_embedded_templates; f->name && st == LT_OK; f++) {
    char *text = expand(f->data, id, title), *path = g_build_filename(dir, f->name, NULL);
    st = lt_file_write_atomic(path, text, strlen(text), 0644, false, diags);
    g_free(text);
    g_free(path);
  }
  g_free(id);
  g_free(title);
  return st;
}
