/* check.h — the unit tests' tiny harness: CHECK* macros that report file:line and count,
 * temporary folders, fixture paths. Each test program ends with `return
 * check_done("test_<module>");`. */
#ifndef LENTERA_TEST_CHECK_H
#define LENTERA_TEST_CHECK_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    check_count++;                                                                                 \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    check_count++;                                                                                 \
    if (!g_ || strcmp(g_, w_) != 0) {                                                              \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got,          \
              g_ ? g_ : "(null)", w_);                                                             \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_INT(got, want)                                                                       \
  do {                                                                                             \
    long long g_ = (long long)(got), w_ = (long long)(want);                                       \
    check_count++;                                                                                 \
    if (g_ != w_) {                                                                                \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #got, g_, w_);     \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

#define CHECK_CONTAINS(hay, needle)                                                                \
  do {                                                                                             \
    const char *h_ = (hay), *n_ = (needle);                                                        \
    check_count++;                                                                                 \
    if (!h_ || !strstr(h_, n_)) {                                                                  \
      fprintf(stderr, "%s:%d: %s does not contain \"%s\"\n", __FILE__, __LINE__, #hay, n_);        \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

/* Fixture path under tests/fixtures (LT_FIXTURES is set by CMake). g_free() it. */
static inline char *fixture(const char *rel) { return g_build_filename(LT_FIXTURES, rel, NULL); }

/* A fresh temporary folder; removed by tmp_remove(). */
static inline char *tmp_dir(void) { return g_dir_make_tmp("lentera-test-XXXXXX", NULL); }

/* Removes `path` and everything below it (no shell: the Windows build runs these too). */
static inline bool tmp_remove_tree(const char *path) {
  GDir *d = g_file_test(path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open(path, 0, NULL);
  bool ok = true;
  for (const char *n; d && (n = g_dir_read_name(d));) {
    char *p = g_build_filename(path, n, NULL);
    ok = tmp_remove_tree(p) && ok;
    g_free(p);
  }
  if (d) g_dir_close(d);
  return g_remove(path) == 0 && ok;
}

static inline void tmp_remove(const char *path) {
  if (!tmp_remove_tree(path)) fprintf(stderr, "could not remove %s\n", path);
}

/* All diagnostics joined by newlines, for CHECK_CONTAINS. g_free() it. */
#ifdef LENTERA_DIAG_H
static inline char *diags_text(const lt_diag_list *d) {
  GString *s = g_string_new(NULL);
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    char *line = lt_diag_format(d, i);
    g_string_append_printf(s, "%s\n", line);
    free(line);
  }
  return g_string_free(s, FALSE);
}
#endif

static inline int check_done(const char *name) {
  printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
  return check_failures ? 1 : 0;
}

#endif
