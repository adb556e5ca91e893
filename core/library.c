/* library — trust store, installed packs, and crash-safe installs.
 *
 * Install: the signer's key id is read first (only to name it if it is not trusted), then
 * lt_pack_extract() verifies the pack into packs/.staging-XXXXXX while writing and fsyncing
 * each file. The staged version is compared with the installed one (semver: an older one
 * is refused, the same one is a no-op); then renameat2(RENAME_EXCHANGE) swaps the staging
 * folder and the installed one in a single step (or rename() when there is none), the
 * packs folder is fsynced, and the old version, now under the staging name, is removed. A
 * crash leaves either version complete plus a staging folder, which the next open removes. */
#define _GNU_SOURCE /* renameat2 */
#include "lentera/library.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lentera/course.h"
#include "lentera/file.h"
#include "lentera/sign.h"

struct lt_library {
  char *dir, *packs, *trusted, *system_trusted;
  GPtrArray *manifests; /* of lt_manifest*, sorted by title */
};

static void remove_tree(const char *path) {
  GDir *d = g_dir_open(path, 0, NULL);
  if (d) {
    const char *n;
    while ((n = g_dir_read_name(d))) {
      char *p = g_build_filename(path, n, NULL);
      if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
        remove_tree(p);
      else
        g_unlink(p);
      g_free(p);
    }
    g_dir_close(d);
  }
  g_rmdir(path);
}

static void fsync_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

static gint by_title(gconstpointer a, gconstpointer b) {
  const lt_manifest *ma = *(lt_manifest *const *)a, *mb = *(lt_manifest *const *)b;
  return g_utf8_collate(lt_manifest_get_info(ma)->title, lt_manifest_get_info(mb)->title);
}

/* Reads every installed manifest; removes staging leftovers. */
static void scan(lt_library *lib, lt_diag_list *diags) {
  g_ptr_array_set_size(lib->manifests, 0);
  GDir *d = g_dir_open(lib->packs, 0, NULL);
  if (!d) return;
  const char *n;
  while ((n = g_dir_read_name(d))) {
    char *p = g_build_filename(lib->packs, n, NULL);
    if (g_str_has_prefix(n, ".staging-")) {
      remove_tree(p);
    } else if (lt_course_valid_id(n)) {
      char *mpath = g_build_filename(p, LT_PACK_MANIFEST, NULL), *text;
      size_t len;
      lt_manifest *m = NULL;
      if (lt_file_read(mpath, &text, &len, diags) == LT_OK) {
        if (lt_manifest_parse(text, len, mpath, &m, diags) == LT_OK)
          g_ptr_array_add(lib->manifests, m);
        free(text);
      }
      g_free(mpath);
    }
    g_free(p);
  }
  g_dir_close(d);
  g_ptr_array_sort(lib->manifests, by_title);
}

lt_status lt_library_open(const char *data_dir, const char *system_trust_dir, lt_library **out,
                          lt_diag_list *diags) {
  lt_library *lib = g_new0(lt_library, 1);
  lib->dir = g_strdup(data_dir);
  lib->packs = g_build_filename(data_dir, "packs", NULL);
  lib->trusted = g_build_filename(data_dir, "trusted", NULL);
  lib->system_trusted = g_strdup(system_trust_dir ? system_trust_dir : LT_LIBRARY_SYSTEM_TRUST_DIR);
  lib->manifests = g_ptr_array_new_with_free_func((GDestroyNotify)lt_manifest_free);
  if (g_mkdir_with_parents(lib->packs, 0755) != 0 ||
      g_mkdir_with_parents(lib->trusted, 0755) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, data_dir, 0, 0, "cannot create the library: %s",
                g_strerror(errno));
    lt_library_free(lib);
    return LT_ERR_IO;
  }
  scan(lib, diags);
  *out = lib;
  return LT_OK;
}

void lt_library_free(lt_library *lib) {
  if (!lib) return;
  g_ptr_array_free(lib->manifests, TRUE);
  g_free(lib->dir);
  g_free(lib->packs);
  g_free(lib->trusted);
  g_free(lib->system_trusted);
  g_free(lib);
}

/* Loads every .pub in the two trust folders (unreadable ones are skipped silently: a
 * broken key file must not stop learners from studying the packs other keys signed). */
static GPtrArray *load_keys(const lt_library *lib) {
  GPtrArray *keys = g_ptr_array_new_with_free_func((GDestroyNotify)lt_sign_pubkey_free);
  const char *dirs[] = {lib->trusted, lib->system_trusted};
  for (int i = 0; i < 2; i++) {
    GDir *d = g_dir_open(dirs[i], 0, NULL);
    if (!d) continue;
    const char *n;
    while ((n = g_dir_read_name(d))) {
      if (!g_str_has_suffix(n, ".pub")) continue;
      char *p = g_build_filename(dirs[i], n, NULL);
      lt_pubkey *k;
      if (lt_sign_pubkey_load(p, &k, NULL) == LT_OK) g_ptr_array_add(keys, k);
      g_free(p);
    }
    g_dir_close(d);
  }
  return keys;
}

lt_status lt_library_trust(lt_library *lib, const char *pubkey_path, lt_diag_list *diags) {
  lt_pubkey *k;
  lt_status st = lt_sign_pubkey_load(pubkey_path, &k, diags);
  if (st != LT_OK) return st;
  char *text;
  size_t len;
  st = lt_file_read(pubkey_path, &text, &len, diags);
  if (st == LT_OK) {
    char *name = g_strdup_printf("%s.pub", lt_sign_pubkey_id(k));
    char *dest = g_build_filename(lib->trusted, name, NULL);
    st = lt_file_write_atomic(dest, text, len, 0644, true, diags);
    g_free(dest);
    g_free(name);
    free(text);
  }
  lt_sign_pubkey_free(k);
  return st;
}

/* Says who signed a pack that no trusted key verifies, and how an admin trusts a key. */
static void explain_untrusted(const char *path, lt_diag_list *diags) {
  lt_manifest *m = NULL;
  char signer[LT_SIGN_KEY_ID_HEX];
  if (lt_pack_read_manifest(path, &m, signer, NULL) != LT_OK) return;
  const lt_manifest_info *in = lt_manifest_get_info(m);
  lt_diag_add(diags, LT_DIAG_NOTE, path, 0, 0,
              "'%s' %s is signed by key %s; its publisher is named as '%s' (not yet "
              "confirmed). If that is a publisher you trust, an administrator can add its "
              "public key with: lentera-player --trust PUBLISHER.pub",
              in->title, in->version, signer, in->publisher);
  lt_manifest_free(m);
}

lt_status lt_library_install(lt_library *lib, const char *path, lt_progress_fn progress, void *user,
                             lt_install_result *out_result, lt_diag_list *diags) {
  char *tmpl = g_build_filename(lib->packs, ".staging-XXXXXX", NULL);
  if (!g_mkdtemp(tmpl)) {
    lt_diag_add(diags, LT_DIAG_ERROR, lib->packs, 0, 0, "cannot create a staging folder: %s",
                g_strerror(errno));
    g_free(tmpl);
    return LT_ERR_IO;
  }
  GPtrArray *keys = load_keys(lib);
  lt_manifest *m = NULL;
  size_t before = lt_diag_count(diags);
  lt_status st = lt_pack_extract(path, tmpl, (const lt_pubkey *const *)keys->pdata, keys->len,
                                 progress, user, &m, diags);
  g_ptr_array_free(keys, TRUE);
  if (st == LT_ERR_VERIFY && lt_diag_count(diags) > before) {
    char *last = lt_diag_format(diags, lt_diag_count(diags) - 1);
    if (strstr(last, "not a trusted key")) explain_untrusted(path, diags);
    free(last);
  }
  lt_install_result result = LT_INSTALL_NEW;
  char *target = NULL;
  if (st == LT_OK) {
    const lt_manifest_info *in = lt_manifest_get_info(m);
    const lt_manifest *old = lt_library_find(lib, in->id);
    target = g_build_filename(lib->packs, in->id, NULL);
    if (old) {
      int cmp = lt_course_semver_compare(in->version, lt_manifest_get_info(old)->version);
      if (cmp < 0) {
        lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                    "'%s' %s is older than the installed version %s; it was not installed",
                    in->title, in->version, lt_manifest_get_info(old)->version);
        st = LT_ERR_INVALID;
      }
      result = cmp == 0 ? LT_INSTALL_SAME : LT_INSTALL_UPDATED;
    }
  }
  if (st == LT_OK && result != LT_INSTALL_SAME) { /* lt_pack_extract fsynced the staging tree */
    int rc = result == LT_INSTALL_UPDATED
                 ? renameat2(AT_FDCWD, tmpl, AT_FDCWD, target, RENAME_EXCHANGE)
                 : rename(tmpl, target);
    if (rc != 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, target, 0, 0, "cannot install: %s", g_strerror(errno));
      st = LT_ERR_IO;
    } else {
      fsync_dir(lib->packs);
    }
  }
  remove_tree(tmpl); /* the failed staging, or the replaced old version */
  lt_manifest_free(m);
  g_free(target);
  g_free(tmpl);
  if (st == LT_OK) {
    scan(lib, diags);
    *out_result = result;
  }
  return st;
}

size_t lt_library_count(const lt_library *lib) { return lib->manifests->len; }

const lt_manifest *lt_library_pack_at(const lt_library *lib, size_t i) {
  return lib->manifests->pdata[i];
}

const lt_manifest *lt_library_find(const lt_library *lib, const char *pack_id) {
  for (guint i = 0; i < lib->manifests->len; i++)
    if (!strcmp(lt_manifest_get_info(lib->manifests->pdata[i])->id, pack_id))
      return lib->manifests->pdata[i];
  return NULL;
}

char *lt_library_pack_dir(const lt_library *lib, const char *pack_id) {
  char *p = g_build_filename(lib->packs, pack_id, NULL);
  char *out = strdup(p);
  g_free(p);
  return out;
}
