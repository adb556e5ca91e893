/* Tests for library: install new / same / newer, refuse older / untrusted / tampered with
 * the library left exactly as it was, trust a key, no staging folder left behind; then what
 * was installed staying what was signed (an edited manifest or quiz refused, a same-version
 * import repairing it), key bindings and --allow-key, untrust, revocations, remove, refused
 * key files, and staging folders of a live install surviving another program's open.
 * No shell: the courses, packs and installed files are edited in C (libarchive for the
 * zips), so that the Windows build runs it under Wine too. */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/build.h"
#include "lentera/library.h"
#include "lentera/platform.h"
#include "check.h"

typedef struct {
  char *dir;
  lt_seckey *sk;
} env;

/* The test's own edits of courses, packs and installed files, in C rather than through a
 * shell, so that the Windows build runs it too (under Wine). */

/* Copies the folder `from` to `to` (which must not exist), files and folders alike. */
static void tree_copy(const char *from, const char *to) {
  CHECK_INT(g_mkdir(to, 0700), 0);
  GDir *d = g_dir_open(from, 0, NULL);
  CHECK(d != NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    char *a = g_build_filename(from, n, NULL), *b = g_build_filename(to, n, NULL);
    if (g_file_test(a, G_FILE_TEST_IS_DIR)) {
      tree_copy(a, b);
    } else {
      char *bytes = NULL;
      gsize len = 0;
      CHECK(g_file_get_contents(a, &bytes, &len, NULL));
      CHECK(g_file_set_contents(b, bytes, (gssize)len, NULL));
      g_free(bytes);
    }
    g_free(a), g_free(b);
  }
  if (d) g_dir_close(d);
}

/* Replaces, in the file, every `from` with `to`; pairs of strings, NULL after the last.
 * Each pair is applied to the result of the one before (as sed's commands are). */
static void edit_file(const char *path, ...) {
  char *text = NULL;
  CHECK(g_file_get_contents(path, &text, NULL, NULL));
  va_list ap;
  va_start(ap, path);
  for (const char *from; text && (from = va_arg(ap, const char *));) {
    const char *to = va_arg(ap, const char *);
    char **parts = g_strsplit(text, from, -1);
    g_free(text);
    text = g_strjoinv(to, parts);
    g_strfreev(parts);
  }
  va_end(ap);
  CHECK(text && g_file_set_contents(path, text, -1, NULL));
  g_free(text);
}

/* The course's version line set to `version`. */
static void set_version(const char *course_md, const char *version) {
  char *text = NULL;
  CHECK(g_file_get_contents(course_md, &text, NULL, NULL));
  GRegex *re = g_regex_new("^version: .*$", G_REGEX_MULTILINE, 0, NULL);
  char *line = g_strdup_printf("version: %s", version);
  char *out = text ? g_regex_replace_literal(re, text, -1, 0, line, 0, NULL) : NULL;
  CHECK(out && strcmp(out, text) != 0 && g_file_set_contents(course_md, out, -1, NULL));
  g_regex_unref(re);
  g_free(text), g_free(line), g_free(out);
}

/* One byte of the file changed in place, at `offset`: the same size, other bytes. */
static void poke(const char *path, off_t offset, char byte) {
  int fd = open(path, O_WRONLY);
  CHECK(fd >= 0 && pwrite(fd, &byte, 1, offset) == 1);
  if (fd >= 0) close(fd);
}

/* Every entry of the zip `pack` (libarchive reads it, not our reader), in its order:
 * the name, then its bytes as a GBytes, two by two. */
static GPtrArray *zip_entries(const char *pack) {
  GPtrArray *out = g_ptr_array_new();
  struct archive *a = archive_read_new();
  archive_read_support_format_zip(a);
  CHECK_INT(archive_read_open_filename(a, pack, 65536), ARCHIVE_OK);
  struct archive_entry *e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    GByteArray *b = g_byte_array_new();
    char buf[65536];
    for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;)
      g_byte_array_append(b, (const guint8 *)buf, (guint)n);
    g_ptr_array_add(out, g_strdup(archive_entry_pathname(e)));
    g_ptr_array_add(out, g_byte_array_free_to_bytes(b));
  }
  archive_read_free(a);
  CHECK(out->len > 0);
  return out;
}

static void zip_entries_free(GPtrArray *entries) {
  for (guint i = 0; i < entries->len; i += 2)
    g_free(entries->pdata[i]), g_bytes_unref(entries->pdata[i + 1]);
  g_ptr_array_free(entries, TRUE);
}

/* A pack unpacked into the folder `dir` (a folder copied in from elsewhere). */
static void unpack_into(const char *pack, const char *dir) {
  GPtrArray *entries = zip_entries(pack);
  for (guint i = 0; i < entries->len; i += 2) {
    char *p = g_build_filename(dir, entries->pdata[i], NULL), *parent = g_path_get_dirname(p);
    gsize len = 0;
    const char *bytes = g_bytes_get_data(entries->pdata[i + 1], &len);
    CHECK_INT(g_mkdir_with_parents(parent, 0700), 0);
    CHECK(g_file_set_contents(p, bytes ? bytes : "", (gssize)len, NULL));
    g_free(p), g_free(parent);
  }
  zip_entries_free(entries);
}

/* `pack` written again as `out` by libarchive, in the same order, with `extra` appended
 * to the entry named `name`: a tampered pack whose manifest no longer matches. */
static void repack_appending(const char *pack, const char *name, const char *extra,
                             const char *out) {
  GPtrArray *entries = zip_entries(pack);
  struct archive *w = archive_write_new();
  archive_write_set_format_zip(w);
  CHECK_INT(archive_write_open_filename(w, out), ARCHIVE_OK);
  bool found = false;
  for (guint i = 0; i < entries->len; i += 2) {
    gsize len = 0;
    const char *bytes = g_bytes_get_data(entries->pdata[i + 1], &len);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)bytes, (guint)len);
    if (!strcmp(entries->pdata[i], name)) {
      g_byte_array_append(b, (const guint8 *)extra, (guint)strlen(extra));
      found = true;
    }
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, entries->pdata[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, b->len);
    CHECK_INT(archive_write_header(w, e), ARCHIVE_OK);
    CHECK(archive_write_data(w, b->data, b->len) == (la_ssize_t)b->len);
    archive_entry_free(e);
    g_byte_array_free(b, TRUE);
  }
  CHECK(found);
  CHECK_INT(archive_write_close(w), ARCHIVE_OK);
  archive_write_free(w);
  zip_entries_free(entries);
}

/* Builds the fixture course at `version` into dir/name. */
static char *pack_with(env *e, const lt_seckey *sk, const char *version, const char *name);
static char *pack_at(env *e, const char *version, const char *name) {
  return pack_with(e, e->sk, version, name);
}

static char *pack_with(env *e, const lt_seckey *sk, const char *version, const char *name) {
  char *course = g_build_filename(e->dir, "course", NULL), *src = fixture("course/mini");
  char *course_md = g_build_filename(course, "course.md", NULL);
  if (g_file_test(course, G_FILE_TEST_EXISTS)) CHECK(tmp_remove_tree(course));
  tree_copy(src, course);
  set_version(course_md, version);
  char *out = g_build_filename(e->dir, name, NULL);
  lt_build_options o = {.course_dir = course, .key = sk, .out_path = out, .created = 1700000000};
  lt_diag_list *d = lt_diag_list_new();
  char *written = NULL;
  CHECK_INT(lt_build_run(&o, &written, d), LT_OK);
  free(written);
  lt_diag_list_free(d);
  g_free(course_md), g_free(course), g_free(src);
  return out;
}

static char *slurp(const char *path) {
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL)) return g_strdup("");
  return text;
}

static lt_library *reopen(lt_library *lib, const char *data, const char *nosys, lt_diag_list *d) {
  lt_library_free(lib);
  lt_library *out = NULL;
  CHECK_INT(lt_library_open(data, nosys, &out, d), LT_OK);
  return out;
}

static int count_dir(const char *path) {
  GDir *d = g_dir_open(path, 0, NULL);
  int n = 0;
  while (d && g_dir_read_name(d))
    n++;
  if (d) g_dir_close(d);
  return n;
}

/* Installed packs stay what was signed; keys and packs can be taken back. */
static lt_library *more_tests(env *e, lt_library *lib, const char *data, const char *nosys,
                              const char *pub) {
  lt_diag_list *d = lt_diag_list_new(), *bad;
  lt_install_result r;
  char *packs = g_build_filename(data, "packs", NULL), *msgs;
  char *mini = g_build_filename(packs, "mini", NULL);
  char *manifest = g_build_filename(mini, "lentera.xml", NULL);
  char *v2 = g_build_filename(e->dir, "v2.lentera", NULL);
  char *v3 = pack_at(e, "1.2.0", "v3.lentera");
  char *bindings = g_build_filename(data, "bindings", NULL);
  const char *kid = lt_sign_seckey_id(e->sk);

  /* the reopened library bound the pack to its key (a library from before bindings) */
  msgs = slurp(bindings);
  char *line = g_strdup_printf("mini %s\n", kid);
  CHECK_CONTAINS(msgs, line);
  g_free(msgs), g_free(line);

  /* a file read through the library is checked; an edited quiz is refused */
  const lt_manifest *m = lt_library_find(lib, "mini");
  char *quiz = NULL; /* a copy: the manifest goes with each reopen */
  for (size_t i = 0; i < lt_manifest_item_count(m); i++)
    if (!strcmp(lt_manifest_item_at(m, i)->kind, "quiz"))
      quiz = g_strdup(lt_manifest_item_at(m, i)->path);
  CHECK(quiz != NULL);
  char *qpath = g_build_filename(mini, quiz, NULL), *bytes = NULL;
  size_t len = 0;
  CHECK_INT(lt_library_read_file(lib, "mini", quiz, &bytes, &len, d), LT_OK);
  CHECK(len > 0 && strstr(bytes, "<") != NULL);
  free(bytes);
  CHECK_INT(lt_library_read_file(lib, "mini", "not/listed.xml", &bytes, &len, d), LT_ERR_INVALID);
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", d), LT_OK);
  /* another answer marked correct, as the finding did it */
  edit_file(qpath, "correct=\"true\"", "correct=\"T\"", "correct=\"false\"", "correct=\"true\"",
            "correct=\"T\"", "correct=\"false\"", NULL);
  bad = lt_diag_list_new();
  CHECK_INT(lt_library_read_file(lib, "mini", quiz, &bytes, &len, bad), LT_ERR_DAMAGED);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "import the pack again");
  g_free(msgs);
  lt_diag_list_free(bad);
  /* the same size, other bytes */
  char *png = g_build_filename(mini, "media", "diagram.png", NULL);
  lt_library_free(lib);
  lib = reopen(NULL, data, nosys, d); /* a new handle: nothing remembered as checked */
  poke(png, 40, 'X');
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", NULL), LT_ERR_DAMAGED);
  /* re-importing the same version repairs it (not a no-op) */
  CHECK_INT(lt_library_install(lib, v2, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_REPAIRED);
  CHECK_INT(lt_library_read_file(lib, "mini", quiz, &bytes, &len, d), LT_OK);
  free(bytes);
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", d), LT_OK);
  CHECK_INT(lt_library_install(lib, v2, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_SAME); /* intact now: nothing to do */
  /* a missing file */
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", d), LT_OK);
  g_unlink(png);
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", NULL), LT_OK); /* remembered */
  lib = reopen(lib, data, nosys, d);
  CHECK_INT(lt_library_check_file(lib, "mini", "media/diagram.png", NULL), LT_ERR_DAMAGED);
  CHECK_INT(lt_library_install(lib, v2, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_REPAIRED);

  /* an installed manifest edited to a higher version: refused at open, and it blocks no
   * genuine update */
  edit_file(manifest, "1.1.0", "9.9.0", NULL);
  bad = lt_diag_list_new();
  lib = reopen(lib, data, nosys, bad);
  CHECK_INT(lt_library_count(lib), 0);
  CHECK_INT(lt_library_refused_count(lib), 1);
  CHECK_STR(lt_library_refused_at(lib, 0)->id, "mini");
  CHECK_INT(lt_library_refused_at(lib, 0)->why, LT_REFUSED_DAMAGED);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "not what its publisher signed");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_INT(lt_library_install(lib, v3, NULL, NULL, &r, d), LT_OK);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.2.0");
  CHECK_INT(lt_library_refused_count(lib), 0);

  /* another trusted key may not take the id over, unless IT allows it */
  char *pub2 = g_build_filename(e->dir, "k2.pub", NULL),
       *sec2 = g_build_filename(e->dir, "k2.key", NULL);
  lt_seckey *sk2 = NULL;
  CHECK_INT(lt_sign_keygen(pub2, sec2, NULL, false, d), LT_OK);
  CHECK_INT(lt_sign_seckey_load(sec2, NULL, &sk2, d), LT_OK);
  CHECK_INT(lt_library_trust(lib, pub2, d), LT_OK);
  char *other = pack_with(e, sk2, "2.0.0", "other.lentera");
  bad = lt_diag_list_new();
  CHECK_INT(lt_library_install(lib, other, NULL, NULL, &r, bad), LT_ERR_UNTRUSTED);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "belongs to key");
  CHECK_CONTAINS(msgs, "--allow-key");
  CHECK_CONTAINS(msgs, lt_sign_seckey_id(sk2));
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.2.0");
  CHECK_INT(lt_library_install_allowing(lib, other, kid, NULL, NULL, &r, NULL), LT_ERR_UNTRUSTED);
  CHECK_INT(lt_library_install_allowing(lib, other, lt_sign_seckey_id(sk2), NULL, NULL, &r, d),
            LT_OK);
  CHECK_INT(r, LT_INSTALL_UPDATED);
  msgs = slurp(bindings);
  line = g_strdup_printf("mini %s\n", lt_sign_seckey_id(sk2));
  CHECK_CONTAINS(msgs, line);
  g_free(msgs), g_free(line);
  /* now the first key is the other one: its newer version is refused */
  char *v4 = pack_at(e, "3.0.0", "v4.lentera");
  CHECK_INT(lt_library_install(lib, v4, NULL, NULL, &r, NULL), LT_ERR_UNTRUSTED);
  /* a folder copied in from elsewhere, signed by a key the id is not bound to */
  CHECK(tmp_remove_tree(mini));
  unpack_into(v4, mini);
  g_free(mini);
  mini = g_build_filename(packs, "mini", NULL);
  lib = reopen(lib, data, nosys, NULL);
  CHECK_INT(lt_library_count(lib), 0);
  CHECK_INT(lt_library_refused_count(lib), 1);
  CHECK_INT(lt_library_refused_at(lib, 0)->why, LT_REFUSED_OTHER_KEY);
  CHECK_INT(lt_library_install_allowing(lib, other, lt_sign_seckey_id(sk2), NULL, NULL, &r, d),
            LT_OK);

  /* untrust: the key's packs no longer open */
  CHECK_INT(lt_library_untrust(lib, lt_sign_seckey_id(sk2), d), LT_OK);
  CHECK_INT(lt_library_count(lib), 0);
  CHECK_INT(lt_library_refused_at(lib, 0)->why, LT_REFUSED_UNTRUSTED);
  CHECK_INT(lt_library_untrust(lib, lt_sign_seckey_id(sk2), NULL), LT_ERR_INVALID);
  CHECK_INT(lt_library_untrust(lib, "nonsense", NULL), LT_ERR_INVALID);
  CHECK_INT(lt_library_trust(lib, pub2, d), LT_OK);
  CHECK_INT(lt_library_count(lib), 1);

  /* revocations: an id@version, then a key */
  char *revoked = g_build_filename(data, "trusted", "revoked", NULL);
  CHECK(g_file_set_contents(revoked, "# withdrawn\nmini@2.0.0\nnot a line\n", -1, NULL));
  bad = lt_diag_list_new();
  lib = reopen(lib, data, nosys, bad);
  CHECK_INT(lt_library_count(lib), 0);
  CHECK_INT(lt_library_refused_at(lib, 0)->why, LT_REFUSED_REVOKED_VERSION);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "revoked:3:1: warning:");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_INT(lt_library_install_allowing(lib, other, lt_sign_seckey_id(sk2), NULL, NULL, &r, NULL),
            LT_ERR_UNTRUSTED);
  char *rk = g_strdup_printf("%s\n", lt_sign_seckey_id(sk2));
  CHECK(g_file_set_contents(revoked, rk, -1, NULL));
  lib = reopen(lib, data, nosys, NULL);
  CHECK_INT(lt_library_refused_at(lib, 0)->why, LT_REFUSED_REVOKED_KEY);
  CHECK_INT(lt_library_trust(lib, pub2, NULL), LT_ERR_UNTRUSTED);
  CHECK_INT(lt_library_install_allowing(lib, other, lt_sign_seckey_id(sk2), NULL, NULL, &r, NULL),
            LT_ERR_UNTRUSTED);
  /* the key-compromise steps: remove, let the old key's id go back to the first key */
  CHECK_INT(lt_library_remove(lib, "mini", d), LT_OK);
  CHECK(!g_file_test(mini, G_FILE_TEST_EXISTS));
  CHECK_INT(lt_library_refused_count(lib), 0);
  CHECK_INT(lt_library_remove(lib, "mini", NULL), LT_ERR_INVALID);
  CHECK_INT(lt_library_install(lib, v4, NULL, NULL, &r, NULL), LT_ERR_UNTRUSTED); /* still bound */
  CHECK_INT(lt_library_install_allowing(lib, v4, kid, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_NEW);
  CHECK_INT(lt_library_count(lib), 1);

  /* key files another account could change, or broken ones, are refused and named */
  char *trusted_pub = g_strdup_printf("%s/trusted/%s.pub", data, kid);
#ifndef _WIN32 /* Windows: the profile's ACL, not modes (docs/PACKAGING.md) */
  CHECK_INT(chmod(trusted_pub, 0666), 0);
  bad = lt_diag_list_new();
  lib = reopen(lib, data, nosys, bad);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, trusted_pub);
  CHECK_CONTAINS(msgs, "writable by other accounts");
  CHECK_CONTAINS(msgs, "chmod 644");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_INT(lt_library_count(lib), 0); /* its pack no longer opens */
  CHECK_INT(chmod(trusted_pub, 0644), 0);
#endif
  char *broken = g_build_filename(data, "trusted", "broken.pub", NULL);
  CHECK(g_file_set_contents(broken, "untrusted comment: x\nnot base64\n", -1, NULL));
  bad = lt_diag_list_new();
  lib = reopen(lib, data, nosys, bad);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, broken);
  CHECK_CONTAINS(msgs, "not a minisign public key");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_INT(lt_library_count(lib), 1);

  /* a staging folder whose install is running survives another program's open */
  char *live = g_build_filename(packs, ".staging-live01", NULL);
  char *live_lock = g_strdup_printf("%s.lock", live);
  CHECK_INT(g_mkdir(live, 0700), 0);
  int held = -1;
  CHECK_INT(lt_platform_lock_try(live_lock, true, &held), LT_LOCK_TAKEN);
  lib = reopen(lib, data, nosys, d);
  CHECK(g_file_test(live, G_FILE_TEST_IS_DIR));
  lt_platform_unlock(held);
  lib = reopen(lib, data, nosys, d);
  CHECK(!g_file_test(live, G_FILE_TEST_EXISTS));
  CHECK(!g_file_test(live_lock, G_FILE_TEST_EXISTS));
  /* the library lock excludes a second holder */
  char *lock = g_build_filename(data, LT_LIBRARY_LOCK, NULL);
  int one = -1, two = -1;
  CHECK_INT(lt_platform_lock(lock, &one, d), LT_OK);
  CHECK_INT(lt_platform_lock_try(lock, true, &two), LT_LOCK_BUSY);
  lt_platform_unlock(one);
  CHECK_INT(lt_platform_lock_try(lock, true, &two), LT_LOCK_TAKEN);
  lt_platform_unlock(two);

  lt_sign_seckey_free(sk2);
  lt_diag_list_free(d);
  g_free(packs), g_free(mini), g_free(manifest), g_free(v2), g_free(v3), g_free(v4);
  g_free(bindings), g_free(qpath), g_free(quiz), g_free(png), g_free(pub2), g_free(sec2),
      g_free(other);
  g_free(revoked), g_free(rk), g_free(trusted_pub), g_free(broken), g_free(live);
  g_free(live_lock), g_free(lock);
  (void)pub;
  return lib;
}

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  env e = {tmp_dir(), NULL};
  char *pub = g_build_filename(e.dir, "k.pub", NULL), *sec = g_build_filename(e.dir, "k.key", NULL);
  char *data = g_build_filename(e.dir, "data", NULL),
       *nosys = g_build_filename(e.dir, "nosys", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_sign_keygen(pub, sec, NULL, false, d), LT_OK);
  CHECK_INT(lt_sign_seckey_load(sec, NULL, &e.sk, d), LT_OK);
  char *v1 = pack_at(&e, "1.0.0", "v1.lentera"), *v2 = pack_at(&e, "1.1.0", "v2.lentera");
  char *v0 = pack_at(&e, "0.9.0", "v0.lentera");

  lt_library *lib = NULL;
  CHECK_INT(lt_library_open(data, nosys, &lib, d), LT_OK);
  CHECK_INT(lt_library_count(lib), 0);
  lt_install_result r;

  /* untrusted: refused, names the key and the publisher, nothing installed */
  lt_diag_list *bad = lt_diag_list_new();
  CHECK_INT(lt_library_install(lib, v1, NULL, NULL, &r, bad), LT_ERR_UNTRUSTED);
  char *msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "not a trusted key");
#ifdef _WIN32 /* the hint there names trusted.d\ beside the programs and the .exe */
  CHECK_CONTAINS(msgs, "lentera-player.exe");
#else
  CHECK_CONTAINS(msgs, "lentera-player --trust");
#endif
  CHECK_CONTAINS(msgs, "'Tim Uji'");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_INT(lt_library_count(lib), 0);

  CHECK_INT(lt_library_trust(lib, pub, d), LT_OK);
  char *packs = g_build_filename(data, "packs", NULL);
  CHECK_INT(lt_library_install(lib, v1, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_NEW);
  CHECK_INT(lt_library_count(lib), 1);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.0.0");
  char *installed = g_build_filename(packs, "mini", "media", "diagram.png", NULL);
  CHECK(g_file_test(installed, G_FILE_TEST_IS_REGULAR));

  CHECK_INT(lt_library_install(lib, v1, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_SAME);
  CHECK_INT(lt_library_install(lib, v2, NULL, NULL, &r, d), LT_OK);
  CHECK_INT(r, LT_INSTALL_UPDATED);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.1.0");

  bad = lt_diag_list_new();
  CHECK_INT(lt_library_install(lib, v0, NULL, NULL, &r, bad), LT_ERR_OLDER);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "0.9.0 is older than the installed version 1.1.0");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.1.0");

  /* a tampered pack: refused, the installed version untouched, no staging left */
  char *evil = g_build_filename(e.dir, "evil.lentera", NULL);
  repack_appending(v2, "media/diagram.png", "X", evil);
  bad = lt_diag_list_new();
  CHECK(lt_library_install(lib, evil, NULL, NULL, &r, bad) != LT_OK);
  msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "entry 'media/diagram.png' is larger than the");
  g_free(msgs);
  lt_diag_list_free(bad);
  CHECK_STR(lt_manifest_get_info(lt_library_find(lib, "mini"))->version, "1.1.0");
  CHECK_INT(count_dir(packs), 1); /* just "mini": no staging folder */
  char *digest_ok = g_build_filename(packs, "mini", "lentera.xml", NULL);
  CHECK(g_file_test(digest_ok, G_FILE_TEST_IS_REGULAR));

  /* a reopened library sees the same, and removes a leftover staging folder */
  char *leftover = g_build_filename(packs, ".staging-abc123", NULL);
  g_mkdir(leftover, 0755);
  lt_library_free(lib);
  CHECK_INT(lt_library_open(data, nosys, &lib, d), LT_OK);
  CHECK_INT(lt_library_count(lib), 1);
  CHECK_INT(count_dir(packs), 1);
  char *pdir = lt_library_pack_dir(lib, "mini");
  CHECK(g_str_has_suffix(pdir, G_DIR_SEPARATOR_S "packs" G_DIR_SEPARATOR_S "mini"));
  free(pdir);

  lib = more_tests(&e, lib, data, nosys, pub);

  lt_library_free(lib);
  lt_sign_seckey_free(e.sk);
  lt_diag_list_free(d);
  tmp_remove(e.dir);
  g_free(e.dir), g_free(pub), g_free(sec), g_free(data), g_free(nosys), g_free(v0), g_free(v1);
  g_free(v2), g_free(packs), g_free(installed), g_free(evil), g_free(digest_ok);
  g_free(leftover);
  return check_done("test_library");
}
