/* library — trust store, bindings, installed packs, and crash-safe, one-writer installs.
 *
 * Trust: the .pub files of <data-dir>/trusted/ and the system folder, less those a file or
 * folder lets another account change (refused like ssh refuses such key files, named with
 * what to do), broken ones (named), and the key ids listed in a `revoked` file there. The
 * same files list `id@version` pairs that no longer open. <data-dir>/bindings holds one
 * "<pack-id> <key-id>" line per pack: the key that first installed it.
 *
 * Lock: every change to the folder holds the flock of <data-dir>/.lentera-library.lock
 * (platform.h). A staging folder packs/.staging-XXXXXX is made under that lock together with
 * its own lock file packs/.staging-XXXXXX.lock, which its install holds until it is done;
 * cleanup (at open, under the library lock) removes only staging folders whose lock is free:
 * those of a process that died.
 *
 * Install: the pack's head is read first to refuse an untrusted, revoked or wrongly bound
 * signer at once; lt_pack_extract() then verifies the pack into the staging folder, writing
 * and fsyncing each file, without the library lock (a slow stick blocks nobody). Then, under
 * the lock, trust is read again and the version rule is decided against what is installed at
 * that moment (read from disk and verified, not remembered: another program may have changed
 * it): older is refused; the same is a no-op when every installed file still matches its
 * digest, else a repair; an installed copy that no longer verifies is replaced.
 * renameat2(RENAME_EXCHANGE) (Windows: exchange() below, two moves) swaps the staging folder and
 * the installed one in one step (or rename() when there is none), the packs folder is fsynced, the
 * binding written, and the old version, now under the staging name, removed. A crash leaves either
 * version complete plus a staging folder with a free lock, which the next open removes.
 *
 * Open: every installed manifest is re-checked against its signature (lt_pack_check_head),
 * its key, the revocations and its binding; a pack that fails is listed as refused. Files are
 * checked when the player reads them (lt_library_read_file, lt_library_check_file). */
#define _GNU_SOURCE /* renameat2 */
#include "lentera/library.h"
#include "lentera/relocate.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/course.h"
#include "lentera/file.h"
#include "lentera/limits.h"
#include "lentera/platform.h"
#include "lentera/sign.h"

struct lt_library {
  char *dir, *packs, *trusted, *system_trusted, *lock_path, *bindings_path;
  GPtrArray *manifests;  /* of lt_manifest*, sorted by title */
  GArray *refused;       /* of lt_library_refused, sorted by id */
  GStringChunk *strings; /* the refused entries' strings */
  GHashTable *checked;   /* "<id>/<path>" of files whose digest matched */
  char *stamp;           /* what the last scan saw on disk (stamp()) */
};

/* What a library trusts at one moment. */
typedef struct {
  GPtrArray *keys;     /* of lt_pubkey*, revoked ones left out */
  GHashTable *revoked; /* key ids and id@version pairs */
  GHashTable *binding; /* pack id -> key id */
} trust;

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

static bool valid_key_id(const char *s) {
  if (!s || strlen(s) != LT_SIGN_KEY_ID_HEX - 1) return false;
  for (const char *c = s; *c; c++)
    if (!g_ascii_isxdigit(*c)) return false;
  return true;
}

/* ---- trust ---- */

/* Reads a `revoked` file: key ids and id@version pairs, '#' comments. */
static void load_revoked(const char *dir, GHashTable *into, lt_diag_list *diags) {
  char *path = g_build_filename(dir, LT_LIBRARY_REVOKED, NULL), *text;
  size_t len;
  if (g_file_test(path, G_FILE_TEST_EXISTS) && lt_file_read(path, &text, &len, diags) == LT_OK) {
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
      char *hash = strchr(lines[i], '#');
      if (hash) *hash = '\0';
      char *l = g_strstrip(lines[i]);
      if (!*l) continue;
      char *at = strchr(l, '@');
      if (valid_key_id(l)) {
        g_hash_table_add(into, g_ascii_strup(l, -1));
      } else if (at && at > l && at[1]) {
        g_hash_table_add(into, g_strdup(l));
      } else {
        lt_diag_add(diags, LT_DIAG_WARNING, path, i + 1, 1,
                    "'%s' is neither a key id (16 hex digits) nor PACK_ID@VERSION; line ignored",
                    l);
      }
    }
    g_strfreev(lines);
    free(text);
  }
  g_free(path);
}

/* Loads the .pub files of one trust folder, refusing (with a warning naming the file and
 * what to do) those another account could have changed and those that are broken. */
static void load_keys_from(const char *dir, GPtrArray *keys, GHashTable *revoked,
                           lt_diag_list *diags) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  const char *why = lt_platform_shared_writable(dfd);
  close(dfd);
  if (why) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0,
                "trust folder refused: it is %s, so anyone could add a key; make it writable "
                "only by its owner (chmod 755 '%s')",
                why, dir);
    return;
  }
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  const char *n;
  while ((n = g_dir_read_name(d))) {
    if (!g_str_has_suffix(n, ".pub")) continue;
    char *p = g_build_filename(dir, n, NULL);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    why = fd >= 0 ? lt_platform_shared_writable(fd) : NULL;
    char *text = NULL;
    size_t len = 0;
    lt_pubkey *k = NULL;
    if (fd < 0) {
      lt_diag_add(diags, LT_DIAG_WARNING, p, 0, 0, "key file refused: %s; remove it",
                  g_strerror(errno));
    } else if (why) {
      lt_diag_add(diags, LT_DIAG_WARNING, p, 0, 0,
                  "key file refused: it is %s, so anyone could replace the key; if it is the "
                  "right key run: chmod 644 '%s' (and make it yours), else remove it",
                  why, p);
    } else if (lt_file_read_fd(fd, p, LT_LIMIT_SIGNATURE_BYTES, &text, &len, NULL) != LT_OK ||
               lt_sign_pubkey_parse(text, len, p, &k, NULL) != LT_OK) {
      lt_diag_add(diags, LT_DIAG_WARNING, p, 0, 0,
                  "key file refused: it is not a minisign public key; remove it, or replace it "
                  "with the publisher's .pub file (lentera-player --trust FILE)");
    } else if (g_hash_table_contains(revoked, lt_sign_pubkey_id(k))) {
      lt_sign_pubkey_free(k); /* revoked: the packs say so when they are refused */
    } else {
      g_ptr_array_add(keys, k);
    }
    free(text);
    if (fd >= 0) close(fd);
    g_free(p);
  }
  g_dir_close(d);
}

static void load_bindings(const lt_library *lib, GHashTable *into) {
  char *text;
  size_t len;
  if (!g_file_test(lib->bindings_path, G_FILE_TEST_EXISTS) ||
      lt_file_read(lib->bindings_path, &text, &len, NULL) != LT_OK)
    return;
  char **lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    char **f = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
    if (f[0] && *f[0] != '#' && lt_course_valid_id(f[0]) && f[1] && valid_key_id(f[1]))
      g_hash_table_replace(into, g_strdup(f[0]), g_ascii_strup(f[1], -1));
    g_strfreev(f);
  }
  g_strfreev(lines);
  free(text);
}

static gint by_string(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the bindings file (under the library lock). */
LT_MUST_CHECK static lt_status save_bindings(const lt_library *lib, GHashTable *binding,
                                             lt_diag_list *diags) {
  GPtrArray *ids = g_ptr_array_new();
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init(&it, binding);
  while (g_hash_table_iter_next(&it, &k, NULL))
    g_ptr_array_add(ids, k);
  g_ptr_array_sort(ids, by_string);
  GString *s = g_string_new("# pack id and the key that may update it (written by lentera-player; "
                            "change with --import PACK --allow-key KEYID)\n");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf(s, "%s %s\n", (const char *)ids->pdata[i],
                           (const char *)g_hash_table_lookup(binding, ids->pdata[i]));
  /* 0644: not secret, and readable by the learner's account even when root wrote it */
  lt_status st = lt_file_write_atomic(lib->bindings_path, s->str, s->len, 0644, true, diags);
  g_string_free(s, TRUE);
  g_ptr_array_free(ids, TRUE);
  return st;
}

static trust *trust_load(const lt_library *lib, lt_diag_list *diags) {
  trust *t = g_new0(trust, 1);
  t->keys = g_ptr_array_new_with_free_func((GDestroyNotify)lt_sign_pubkey_free);
  t->revoked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  t->binding = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  load_revoked(lib->trusted, t->revoked, diags);
  load_revoked(lib->system_trusted, t->revoked, diags);
  load_keys_from(lib->trusted, t->keys, t->revoked, diags);
  load_keys_from(lib->system_trusted, t->keys, t->revoked, diags);
  load_bindings(lib, t->binding);
  return t;
}

static void trust_free(trust *t) {
  if (!t) return;
  g_ptr_array_free(t->keys, TRUE);
  g_hash_table_destroy(t->revoked);
  g_hash_table_destroy(t->binding);
  g_free(t);
}

static bool trusted_key(const trust *t, const char *key_id) {
  for (guint i = 0; i < t->keys->len; i++)
    if (!strcmp(lt_sign_pubkey_id(t->keys->pdata[i]), key_id)) return true;
  return false;
}

static bool revoked_version(const trust *t, const char *id, const char *version) {
  char *pair = g_strdup_printf("%s@%s", id, version);
  bool r = g_hash_table_contains(t->revoked, pair);
  g_free(pair);
  return r;
}

/* Whether a pack `id` signed by `key_id` may be installed now; says why not. */
LT_MUST_CHECK static lt_status may_install(const trust *t, const char *path, const char *id,
                                           const char *version, const char *key_id,
                                           const char *allow_key, lt_diag_list *diags) {
  const char *bound = g_hash_table_lookup(t->binding, id);
  if (g_hash_table_contains(t->revoked, key_id)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "signed by key %s, which is revoked (listed in a '%s' file of the trust folder); "
                "it was not installed",
                key_id, LT_LIBRARY_REVOKED);
  } else if (revoked_version(t, id, version)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "%s@%s is revoked (listed in a '%s' file of the trust folder); it was not "
                "installed",
                id, version, LT_LIBRARY_REVOKED);
  } else if (!trusted_key(t, key_id)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "signed by key %s, which is not a trusted key",
                key_id);
  } else if (bound && strcmp(bound, key_id) != 0 && !(allow_key && !strcmp(allow_key, key_id))) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "pack id '%s' belongs to key %s, which installed it first; this pack is signed "
                "by key %s and was not installed. If that publisher really took the course over "
                "(or changed keys), an administrator can allow it: lentera-player --import '%s' "
                "--allow-key %s",
                id, bound, key_id, path, key_id);
  } else {
    return LT_OK;
  }
  return LT_ERR_UNTRUSTED;
}

/* ---- installed packs ---- */

/* Reads an installed pack's manifest and signature and checks them against trust, the
 * revocations and the binding. On LT_OK *out is the verified manifest; otherwise *out_why
 * says why and, when the head could be read, *out_key and *out_version (g_free) what the
 * signature and the unverified manifest claim. */
LT_MUST_CHECK static lt_status check_installed(const lt_library *lib, const trust *t,
                                               const char *id, lt_manifest **out,
                                               lt_refusal *out_why, char **out_key,
                                               char **out_version, lt_diag_list *diags) {
  char *dir = g_build_filename(lib->packs, id, NULL);
  char *mpath = g_build_filename(dir, LT_PACK_MANIFEST, NULL);
  char *spath = g_build_filename(dir, LT_PACK_SIGNATURE, NULL);
  char *mtext = NULL, *stext = NULL;
  size_t mlen = 0, slen = 0;
  char signer[LT_SIGN_KEY_ID_HEX] = "?";
  lt_manifest *m = NULL;
  *out_why = LT_REFUSED_DAMAGED;
  lt_status st = lt_file_read(mpath, &mtext, &mlen, diags);
  if (st == LT_OK) st = lt_file_read(spath, &stext, &slen, diags);
  if (st == LT_OK && lt_sign_signature_key_id(stext, slen, signer) != LT_OK) {
    lt_diag_add(diags, LT_DIAG_ERROR, spath, 0, 0, "not a minisign signature");
    st = LT_ERR_VERIFY;
  }
  if (st == LT_OK) { /* what it claims, for the refusal's message */
    lt_manifest *claim = NULL;
    if (lt_manifest_parse(mtext, mlen, mpath, &claim, NULL) == LT_OK) {
      *out_version = g_strdup(lt_manifest_get_info(claim)->version);
      lt_manifest_free(claim);
    }
  }
  const char *bound = g_hash_table_lookup(t->binding, id);
  if (st != LT_OK) {
    /* unreadable: damaged */
  } else if (g_hash_table_contains(t->revoked, signer)) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0, "refused: signed by key %s, which is revoked",
                signer);
    *out_why = LT_REFUSED_REVOKED_KEY, st = LT_ERR_UNTRUSTED;
  } else if (!trusted_key(t, signer)) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0,
                "refused: signed by key %s, which is not (or no longer) a trusted key", signer);
    *out_why = LT_REFUSED_UNTRUSTED, st = LT_ERR_UNTRUSTED;
  } else if ((st = lt_pack_check_head(dir, mtext, mlen, stext, slen,
                                      (const lt_pubkey *const *)t->keys->pdata, t->keys->len, &m,
                                      diags)) != LT_OK) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0,
                "refused: the installed manifest is not what its publisher signed (changed on "
                "this computer?); import the pack again to repair it");
  } else if (strcmp(lt_manifest_get_info(m)->id, id) != 0) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0,
                "refused: the folder holds pack '%s'; import the pack again to repair it",
                lt_manifest_get_info(m)->id);
    st = LT_ERR_VERIFY;
  } else if (revoked_version(t, id, lt_manifest_get_info(m)->version)) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0, "refused: %s@%s is revoked", id,
                lt_manifest_get_info(m)->version);
    *out_why = LT_REFUSED_REVOKED_VERSION, st = LT_ERR_UNTRUSTED;
  } else if (bound && strcmp(bound, signer) != 0) {
    lt_diag_add(diags, LT_DIAG_WARNING, dir, 0, 0,
                "refused: signed by key %s, but pack id '%s' belongs to key %s", signer, id, bound);
    *out_why = LT_REFUSED_OTHER_KEY, st = LT_ERR_UNTRUSTED;
  }
  if (st == LT_OK) {
    *out = m;
  } else {
    lt_manifest_free(m);
    *out_key = g_strdup(signer);
  }
  g_free(mtext), g_free(stext);
  g_free(dir), g_free(mpath), g_free(spath);
  return st;
}

static gint by_title(gconstpointer a, gconstpointer b) {
  const lt_manifest *ma = *(lt_manifest *const *)a, *mb = *(lt_manifest *const *)b;
  return g_utf8_collate(lt_manifest_get_info(ma)->title, lt_manifest_get_info(mb)->title);
}

static gint by_refused_id(gconstpointer a, gconstpointer b) {
  return strcmp(((const lt_library_refused *)a)->id, ((const lt_library_refused *)b)->id);
}

/* Removes a staging folder and then its lock file, held as `fd` (-1: none). */
static void remove_staging(const char *path, const char *lock, int fd) {
  remove_tree(path);
#ifdef _WIN32 /* an open file cannot be removed there: released first (the name is unique) */
  lt_platform_unlock(fd);
  fd = -1;
#endif
  g_unlink(lock);
  lt_platform_unlock(fd);
}

/* Removes a staging folder whose install is over (its lock is free or it has none). Called
 * under the library lock, under which every staging folder and its lock are made. */
static void clean_staging(const char *path) {
  char *lock = g_strdup_printf("%s.lock", path);
  int fd = -1;
  lt_lock_try r = lt_platform_lock_try(lock, false, &fd);
  if (r == LT_LOCK_TAKEN || (r == LT_LOCK_ERROR && errno == ENOENT))
    remove_staging(path, lock, fd);
  else
    lt_platform_unlock(fd);
  g_free(lock);
}

/* A cheap summary of what a scan depends on: the inode, size and change time of the packs
 * and trust folders, the revocation and bindings files, and every installed manifest. */
static char *stamp(const lt_library *lib) {
  GString *s = g_string_new(NULL);
  char *rev1 = g_build_filename(lib->trusted, LT_LIBRARY_REVOKED, NULL);
  char *rev2 = g_build_filename(lib->system_trusted, LT_LIBRARY_REVOKED, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(paths, g_strdup(lib->packs));
  g_ptr_array_add(paths, g_strdup(lib->trusted));
  g_ptr_array_add(paths, g_strdup(lib->system_trusted));
  g_ptr_array_add(paths, rev1);
  g_ptr_array_add(paths, rev2);
  g_ptr_array_add(paths, g_strdup(lib->bindings_path));
  GDir *d = g_dir_open(lib->packs, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (lt_course_valid_id(n))
      g_ptr_array_add(paths, g_build_filename(lib->packs, n, LT_PACK_MANIFEST, NULL));
  if (d) g_dir_close(d);
  for (guint i = 0; i < paths->len; i++) {
    struct stat sb;
    if (stat(paths->pdata[i], &sb) == 0)
      g_string_append_printf(s, "%s %llu %lld %lld.%09ld\n", (const char *)paths->pdata[i],
                             (unsigned long long)sb.st_ino, (long long)sb.st_size,
#ifdef _WIN32 /* st_ctime is the creation time there, in seconds: the last change's instead */
                             (long long)sb.st_mtime, 0L);
#else
                             (long long)sb.st_ctim.tv_sec, (long)sb.st_ctim.tv_nsec);
#endif
  }
  g_ptr_array_free(paths, TRUE);
  return g_string_free(s, FALSE);
}

#ifdef _WIN32
/* Windows has no RENAME_EXCHANGE. The installed folder steps aside to "<staging>.was-<id>"
 * (MoveFileExW, written through), the new one takes its name, and the old one then takes the
 * staging name, removed as on Linux. A crash between the two moves leaves no <id> folder but
 * its ".was-" one, which the next open moves back (scan): either version stays whole. */
static int exchange(const char *staging, const char *target, const char *id) {
  char *aside = g_strconcat(staging, ".was-", id, NULL);
  int rc = rename(target, aside);
  if (rc == 0 && rename(staging, target) != 0) {
    int e = errno;
    (void)rename(aside, target);
    errno = e;
    rc = -1;
  } else if (rc == 0) {
    (void)rename(aside, staging);
  }
  g_free(aside);
  return rc;
}
#else
static int exchange(const char *staging, const char *target, const char *id) {
  (void)id;
  return renameat2(AT_FDCWD, staging, AT_FDCWD, target, RENAME_EXCHANGE);
}
#endif

/* An installed folder set aside by an exchange that a crash interrupted (Windows): moved back
 * when its pack has no folder, else removed. */
static bool restore_aside(lt_library *lib, const char *n, const char *p) {
  const char *was = strstr(n, ".was-");
  if (!was) return false;
  char *target = g_build_filename(lib->packs, was + 5, NULL);
  if (!lt_course_valid_id(was + 5) || g_file_test(target, G_FILE_TEST_EXISTS) ||
      rename(p, target) != 0)
    clean_staging(p);
  g_free(target);
  return true;
}

/* Reads every installed pack. `locked`: the library lock is held, so staging leftovers are
 * removed and packs installed before bindings existed are bound to their key. */
static void scan(lt_library *lib, const trust *t, bool locked, lt_diag_list *diags) {
  g_ptr_array_set_size(lib->manifests, 0);
  g_array_set_size(lib->refused, 0);
  g_string_chunk_clear(lib->strings);
  g_hash_table_remove_all(lib->checked);
  GHashTable *binding = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  bool rebind = false;
  GDir *d = g_dir_open(lib->packs, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    char *p = g_build_filename(lib->packs, n, NULL);
    if (g_str_has_prefix(n, ".staging-")) {
      if (locked && restore_aside(lib, n, p)) {
        /* moved back or removed */
      } else if (locked && g_str_has_suffix(n, ".lock")) { /* a lock whose folder is gone */
        char *folder = g_strndup(p, strlen(p) - 5);
        if (!g_file_test(folder, G_FILE_TEST_EXISTS)) clean_staging(folder);
        g_free(folder);
      } else if (locked) {
        clean_staging(p);
      }
    } else if (lt_course_valid_id(n) && g_file_test(p, G_FILE_TEST_IS_DIR)) {
      lt_manifest *m = NULL;
      lt_refusal why;
      char *key = NULL, *version = NULL;
      if (check_installed(lib, t, n, &m, &why, &key, &version, diags) == LT_OK) {
        g_ptr_array_add(lib->manifests, m);
        const char *signer = lt_manifest_get_info(m)->key_id;
        g_hash_table_replace(binding, g_strdup(n), g_strdup(signer));
        if (!g_hash_table_contains(t->binding, n)) rebind = true;
      } else {
        lt_library_refused r = {g_string_chunk_insert(lib->strings, n),
                                g_string_chunk_insert(lib->strings, key ? key : "?"),
                                version ? g_string_chunk_insert(lib->strings, version) : NULL, why};
        g_array_append_val(lib->refused, r);
      }
      g_free(key), g_free(version);
    }
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_ptr_array_sort(lib->manifests, by_title);
  g_array_sort(lib->refused, by_refused_id);
  if (locked && rebind) { /* a library from before bindings: bind what verifies now */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t->binding);
    while (g_hash_table_iter_next(&it, &k, &v))
      if (!g_hash_table_contains(binding, k))
        g_hash_table_replace(binding, g_strdup(k), g_strdup(v));
    if (save_bindings(lib, binding, diags) != LT_OK)
      lt_diag_add(diags, LT_DIAG_WARNING, lib->bindings_path, 0, 0,
                  "the packs' keys could not be recorded; they are recorded next time");
  }
  g_hash_table_destroy(binding);
  g_free(lib->stamp);
  lib->stamp = stamp(lib); /* after this scan's own cleanup and bindings */
}

LT_MUST_CHECK static lt_status lock_library(const lt_library *lib, int *out_fd,
                                            lt_diag_list *diags) {
  return lt_platform_lock(lib->lock_path, out_fd, diags);
}

/* Re-reads everything, under the library lock when it can be had. */
static void rescan(lt_library *lib, lt_diag_list *diags) {
  trust *t = trust_load(lib, diags);
  int fd = -1;
  bool locked = lock_library(lib, &fd, NULL) == LT_OK; /* a read-only folder still opens */
  scan(lib, t, locked, diags);
  lt_platform_unlock(fd);
  trust_free(t);
}

lt_status lt_library_open(const char *data_dir, const char *system_trust_dir, lt_library **out,
                          lt_diag_list *diags) {
  lt_library *lib = g_new0(lt_library, 1);
  lib->dir = g_strdup(data_dir);
  lib->packs = g_build_filename(data_dir, "packs", NULL);
  lib->trusted = g_build_filename(data_dir, "trusted", NULL);
#ifdef _WIN32 /* beside the installed programs, where only an administrator writes */
  char *beside = lt_program_dir();
  lib->system_trusted = system_trust_dir
                            ? g_strdup(system_trust_dir)
                            : g_build_filename(beside ? beside : ".", "trusted.d", NULL);
  g_free(beside);
#else
  lib->system_trusted = g_strdup(system_trust_dir ? system_trust_dir : LT_LIBRARY_SYSTEM_TRUST_DIR);
#endif
  lib->lock_path = g_build_filename(data_dir, LT_LIBRARY_LOCK, NULL);
  lib->bindings_path = g_build_filename(data_dir, LT_LIBRARY_BINDINGS, NULL);
  lib->manifests = g_ptr_array_new_with_free_func((GDestroyNotify)lt_manifest_free);
  lib->refused = g_array_new(FALSE, TRUE, sizeof(lt_library_refused));
  lib->strings = g_string_chunk_new(256);
  lib->checked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  if (g_mkdir_with_parents(lib->packs, 0700) != 0 ||
      g_mkdir_with_parents(lib->trusted, 0700) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, data_dir, 0, 0, "cannot create the library: %s",
                g_strerror(errno));
    lt_library_free(lib);
    return LT_ERR_IO;
  }
  rescan(lib, diags);
  *out = lib;
  return LT_OK;
}

void lt_library_free(lt_library *lib) {
  if (!lib) return;
  g_ptr_array_free(lib->manifests, TRUE);
  g_array_free(lib->refused, TRUE);
  g_string_chunk_free(lib->strings);
  g_hash_table_destroy(lib->checked);
  g_free(lib->dir);
  g_free(lib->packs);
  g_free(lib->trusted);
  g_free(lib->system_trusted);
  g_free(lib->lock_path);
  g_free(lib->bindings_path);
  g_free(lib->stamp);
  g_free(lib);
}

bool lt_library_refresh(lt_library *lib, lt_diag_list *diags) {
  char *now = stamp(lib);
  bool changed = !lib->stamp || strcmp(now, lib->stamp) != 0;
  g_free(now);
  if (changed) rescan(lib, diags);
  return changed;
}

/* ---- trust changes ---- */

lt_status lt_library_trust(lt_library *lib, const char *pubkey_path, lt_diag_list *diags) {
  lt_pubkey *k;
  lt_status st = lt_sign_pubkey_load(pubkey_path, &k, diags);
  if (st != LT_OK) return st;
  char *text = NULL;
  size_t len;
  int lock = -1;
  st = lt_file_read(pubkey_path, &text, &len, diags);
  if (st == LT_OK) st = lock_library(lib, &lock, diags);
  trust *t = st == LT_OK ? trust_load(lib, NULL) : NULL;
  if (t && g_hash_table_contains(t->revoked, lt_sign_pubkey_id(k))) {
    lt_diag_add(diags, LT_DIAG_ERROR, pubkey_path, 0, 0,
                "key %s is revoked (listed in a '%s' file of the trust folder); remove that line "
                "first if it really may be trusted again",
                lt_sign_pubkey_id(k), LT_LIBRARY_REVOKED);
    st = LT_ERR_UNTRUSTED;
  }
  if (st == LT_OK) {
    char *name = g_strdup_printf("%s.pub", lt_sign_pubkey_id(k));
    char *dest = g_build_filename(lib->trusted, name, NULL);
    st = lt_file_write_atomic(dest, text, len, 0644, true, diags);
    g_free(dest);
    g_free(name);
  }
  trust_free(t);
  if (st == LT_OK) {
    t = trust_load(lib, NULL);
    scan(lib, t, true, NULL);
    trust_free(t);
  }
  lt_platform_unlock(lock);
  free(text);
  lt_sign_pubkey_free(k);
  return st;
}

lt_status lt_library_untrust(lt_library *lib, const char *key_id, lt_diag_list *diags) {
  if (!valid_key_id(key_id)) {
    lt_diag_add(diags, LT_DIAG_ERROR, NULL, 0, 0,
                "'%s' is not a key id (16 hex digits, as in the publisher's .pub file)", key_id);
    return LT_ERR_INVALID;
  }
  char *want = g_ascii_strup(key_id, -1);
  int lock = -1;
  lt_status st = lock_library(lib, &lock, diags);
  if (st != LT_OK) {
    g_free(want);
    return st;
  }
  const char *dirs[] = {lib->trusted, lib->system_trusted};
  int removed = 0;
  char *system_file = NULL;
  for (int i = 0; i < 2 && st == LT_OK; i++) {
    GDir *d = g_dir_open(dirs[i], 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
      if (!g_str_has_suffix(n, ".pub")) continue;
      char *p = g_build_filename(dirs[i], n, NULL);
      lt_pubkey *k = NULL;
      if (lt_sign_pubkey_load(p, &k, NULL) == LT_OK && !strcmp(lt_sign_pubkey_id(k), want)) {
        if (i == 1) {
          if (!system_file) system_file = g_strdup(p);
        } else if (g_unlink(p) == 0) {
          removed++;
        } else {
          st = lt_file_write_failed(diags, p, errno, NULL);
        }
      }
      lt_sign_pubkey_free(k);
      g_free(p);
    }
    if (d) g_dir_close(d);
  }
  if (st == LT_OK && removed) fsync_dir(lib->trusted);
  if (st == LT_OK && system_file) {
    lt_diag_add(diags, LT_DIAG_ERROR, system_file, 0, 0,
                "key %s is also trusted for every account by this system file; an administrator "
                "must remove it, or add the line %s to %s/%s",
                want, want, lib->system_trusted, LT_LIBRARY_REVOKED);
    st = LT_ERR_INVALID;
  } else if (st == LT_OK && !removed) {
    lt_diag_add(diags, LT_DIAG_ERROR, lib->trusted, 0, 0, "key %s is not trusted here", want);
    st = LT_ERR_INVALID;
  }
  trust *t = trust_load(lib, NULL);
  scan(lib, t, true, NULL);
  trust_free(t);
  lt_platform_unlock(lock);
  g_free(system_file);
  g_free(want);
  return st;
}

lt_status lt_library_remove(lt_library *lib, const char *pack_id, lt_diag_list *diags) {
  if (!lt_course_valid_id(pack_id)) {
    lt_diag_add(diags, LT_DIAG_ERROR, NULL, 0, 0, "'%s' is not a pack id", pack_id);
    return LT_ERR_INVALID;
  }
  int lock = -1;
  lt_status st = lock_library(lib, &lock, diags);
  if (st != LT_OK) return st;
  char *target = g_build_filename(lib->packs, pack_id, NULL);
  char *gone = g_build_filename(lib->packs, ".staging-XXXXXX", NULL);
  if (!g_file_test(target, G_FILE_TEST_IS_DIR)) {
    lt_diag_add(diags, LT_DIAG_ERROR, NULL, 0, 0, "no pack '%s' is installed", pack_id);
    st = LT_ERR_INVALID;
  } else if (!g_mkdtemp(gone) || rename(target, gone) != 0) {
    st = lt_file_write_failed(diags, target, errno, NULL);
  } else { /* gone at once; its files go now or, after a crash, at the next open */
    fsync_dir(lib->packs);
    remove_tree(gone);
  }
  trust *t = trust_load(lib, NULL);
  scan(lib, t, true, NULL);
  trust_free(t);
  lt_platform_unlock(lock);
  g_free(target), g_free(gone);
  return st;
}

/* ---- install ---- */

/* Says who signed a pack that no trusted key verifies, and how an admin trusts a key. */
static void explain_untrusted(const char *path, const lt_manifest *m, const char *signer,
                              lt_diag_list *diags) {
  const lt_manifest_info *in = lt_manifest_get_info(m);
  lt_diag_add(diags, LT_DIAG_NOTE, path, 0, 0,
              "'%s' %s is signed by key %s; its publisher is named as '%s' (not yet "
              "confirmed). If that is a publisher you trust, "
#ifdef _WIN32
              "copy its public key PUBLISHER.pub into the trusted.d folder beside "
              "lentera-player.exe (every account of this PC), or run: lentera-player.exe "
              "--trust PUBLISHER.pub (this account)",
#else
              "an administrator can add its public key with: lentera-player --trust "
              "PUBLISHER.pub",
#endif
              in->title, in->version, signer, in->publisher);
}

/* Whether every file the manifest lists is in `dir` with its size and digest. */
static bool intact(const char *dir, const lt_manifest *m) {
  lt_hash *h = lt_hash_new();
  bool ok = true;
  char *buf = g_malloc(1 << 20);
  for (size_t i = 0; ok && i < lt_manifest_file_count(m); i++) {
    const lt_manifest_file *f = lt_manifest_file_at(m, i);
    char *p = g_build_filename(dir, f->path, NULL);
    int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat sb;
    ok = fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size == f->size;
    ssize_t n;
    while (ok && (n = read(fd, buf, 1 << 20)) > 0)
      lt_hash_update(h, buf, (size_t)n);
    char hex[LT_HASH_HEX];
    lt_hash_final_hex(h, hex);
    ok = ok && !strcmp(hex, f->blake2b);
    if (fd >= 0) close(fd);
    g_free(p);
  }
  g_free(buf);
  lt_hash_free(h);
  return ok;
}

/* Decides, under the library lock, what installing the verified staged pack `m` does, and
 * does it. `staging` holds the new version and, after an exchange, the old one. */
LT_MUST_CHECK static lt_status install_locked(lt_library *lib, const char *path,
                                              const char *staging, const lt_manifest *m,
                                              const char *allow_key, lt_install_result *out,
                                              lt_diag_list *diags) {
  const lt_manifest_info *in = lt_manifest_get_info(m);
  trust *t = trust_load(lib, NULL); /* trust as it is now: a key may have gone meanwhile */
  lt_status st = may_install(t, path, in->id, in->version, in->key_id, allow_key, diags);
  char *target = g_build_filename(lib->packs, in->id, NULL);
  lt_install_result result = LT_INSTALL_NEW;
  if (st == LT_OK && g_file_test(target, G_FILE_TEST_EXISTS)) {
    lt_manifest *old = NULL;
    lt_refusal why;
    char *key = NULL, *version = NULL;
    if (check_installed(lib, t, in->id, &old, &why, &key, &version, NULL) != LT_OK) {
      /* edited or damaged: replaced whatever its manifest claims */
      result = why == LT_REFUSED_DAMAGED ? LT_INSTALL_REPAIRED : LT_INSTALL_UPDATED;
    } else {
      int cmp = lt_course_semver_compare(in->version, lt_manifest_get_info(old)->version);
      if (cmp < 0) {
        lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                    "'%s' %s is older than the installed version %s; it was not installed",
                    in->title, in->version, lt_manifest_get_info(old)->version);
        st = LT_ERR_OLDER;
      } else if (cmp > 0) {
        result = LT_INSTALL_UPDATED;
      } else {
        result = intact(target, old) ? LT_INSTALL_SAME : LT_INSTALL_REPAIRED;
      }
    }
    lt_manifest_free(old);
    g_free(key), g_free(version);
  }
  if (st == LT_OK && result != LT_INSTALL_SAME) { /* lt_pack_extract fsynced the staging tree */
    int rc = result == LT_INSTALL_NEW ? rename(staging, target) : exchange(staging, target, in->id);
    if (rc != 0) {
      st = lt_file_write_failed(diags, target, errno, NULL);
    } else {
      fsync_dir(lib->packs);
      const char *bound = g_hash_table_lookup(t->binding, in->id);
      if (!bound || strcmp(bound, in->key_id) != 0) {
        g_hash_table_replace(t->binding, g_strdup(in->id), g_strdup(in->key_id));
        st = save_bindings(lib, t->binding, diags);
      }
    }
  }
  if (st == LT_OK) *out = result;
  g_free(target);
  scan(lib, t, true, NULL);
  trust_free(t);
  return st;
}

lt_status lt_library_install(lt_library *lib, const char *path, lt_progress_fn progress, void *user,
                             lt_install_result *out_result, lt_diag_list *diags) {
  return lt_library_install_allowing(lib, path, NULL, progress, user, out_result, diags);
}

lt_status lt_library_install_allowing(lt_library *lib, const char *path, const char *allow_key,
                                      lt_progress_fn progress, void *user,
                                      lt_install_result *out_result, lt_diag_list *diags) {
  char *allow = allow_key ? g_ascii_strup(allow_key, -1) : NULL;
  trust *t = trust_load(lib, diags); /* refused key files are named here */
  /* the head first, unverified, only to refuse at once what would be refused at the end */
  lt_manifest *head = NULL;
  char signer[LT_SIGN_KEY_ID_HEX];
  lt_status st = LT_OK;
  if (lt_pack_read_manifest(path, &head, signer, NULL) == LT_OK && valid_key_id(signer)) {
    const lt_manifest_info *in = lt_manifest_get_info(head);
    st = may_install(t, path, in->id, in->version, signer, allow, diags);
    if (st != LT_OK && !trusted_key(t, signer) && !g_hash_table_contains(t->revoked, signer))
      explain_untrusted(path, head, signer, diags);
  }
  lt_manifest_free(head);
  char *staging = g_build_filename(lib->packs, ".staging-XXXXXX", NULL), *staging_lock = NULL;
  int lock = -1, mine = -1;
  if (st == LT_OK) st = lock_library(lib, &lock, diags);
  if (st == LT_OK) { /* the staging folder and its lock are made under the library lock */
    if (!g_mkdtemp_full(staging, 0700)) {
      st = lt_file_write_failed(diags, lib->packs, errno, NULL);
    } else {
      staging_lock = g_strdup_printf("%s.lock", staging);
      if (lt_platform_lock_try(staging_lock, true, &mine) != LT_LOCK_TAKEN)
        st = lt_file_write_failed(diags, staging_lock, errno, NULL);
    }
    lt_platform_unlock(lock);
    lock = -1;
  }
  lt_manifest *m = NULL;
  if (st == LT_OK)
    st = lt_pack_extract(path, staging, (const lt_pubkey *const *)t->keys->pdata, t->keys->len,
                         progress, user, &m, diags);
  trust_free(t);
  if (st == LT_OK) st = lock_library(lib, &lock, diags);
  if (st == LT_OK) st = install_locked(lib, path, staging, m, allow, out_result, diags);
  lt_platform_unlock(lock);
  if (staging_lock) /* the failed staging, or the replaced old version */
    remove_staging(staging, staging_lock, mine);
  lt_manifest_free(m);
  g_free(staging), g_free(staging_lock), g_free(allow);
  return st;
}

/* ---- reading ---- */

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

size_t lt_library_refused_count(const lt_library *lib) { return lib->refused->len; }

const lt_library_refused *lt_library_refused_at(const lt_library *lib, size_t i) {
  return &g_array_index(lib->refused, lt_library_refused, i);
}

char *lt_library_pack_dir(const lt_library *lib, const char *pack_id) {
  char *p = g_build_filename(lib->packs, pack_id, NULL);
  char *out = strdup(p);
  g_free(p);
  return out;
}

/* Opens an installed pack's listed file, checking that it is a regular file of the signed
 * size; *out_f is its manifest entry. */
LT_MUST_CHECK static lt_status open_listed(const lt_library *lib, const char *pack_id,
                                           const char *path, const lt_manifest_file **out_f,
                                           char **out_full, int *out_fd, lt_diag_list *diags) {
  const lt_manifest *m = lt_library_find(lib, pack_id);
  long idx = m && lt_pack_safe_path(path) ? lt_manifest_find_file(m, path) : -1;
  if (idx < 0) return LT_ERR_INVALID; /* not part of a pack that opens: nothing to say */
  const lt_manifest_file *f = lt_manifest_file_at(m, (size_t)idx);
  char *full = g_build_filename(lib->packs, pack_id, path, NULL);
  int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat sb;
  if (fd < 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, full, 0, 0, "%s; import the pack again to repair it",
                errno == ENOENT ? "missing" : g_strerror(errno));
  } else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != f->size) {
    lt_diag_add(diags, LT_DIAG_ERROR, full, 0, 0,
                "changed since it was installed (not the size its publisher signed); import "
                "the pack again to repair it");
    close(fd);
    fd = -1;
  }
  if (fd < 0) {
    g_free(full);
    return LT_ERR_DAMAGED;
  }
  *out_f = f;
  *out_full = full;
  *out_fd = fd;
  return LT_OK;
}

static lt_status digest_mismatch(const char *full, lt_diag_list *diags) {
  lt_diag_add(diags, LT_DIAG_ERROR, full, 0, 0,
              "changed since it was installed (not the bytes its publisher signed); import the "
              "pack again to repair it");
  return LT_ERR_DAMAGED;
}

lt_status lt_library_read_file(lt_library *lib, const char *pack_id, const char *path, char **out,
                               size_t *out_len, lt_diag_list *diags) {
  const lt_manifest_file *f;
  char *full;
  int fd;
  lt_status st = open_listed(lib, pack_id, path, &f, &full, &fd, diags);
  if (st != LT_OK) return st;
  char *data = NULL;
  size_t len = 0;
  st = lt_file_read_fd(fd, full, (size_t)f->size, &data, &len, diags);
  close(fd);
  if (st == LT_OK) {
    char hex[LT_HASH_HEX];
    lt_hash_hex(data, len, hex);
    if (len != f->size || strcmp(hex, f->blake2b) != 0) st = digest_mismatch(full, diags);
  } else if (st == LT_ERR_INVALID) {
    st = LT_ERR_DAMAGED; /* grew while it was read */
  }
  if (st == LT_OK) {
    *out = data;
    *out_len = len;
  } else {
    free(data);
  }
  g_free(full);
  return st;
}

lt_status lt_library_check_file(lt_library *lib, const char *pack_id, const char *path,
                                lt_diag_list *diags) {
  char *key = g_strdup_printf("%s/%s", pack_id, path);
  if (g_hash_table_contains(lib->checked, key)) {
    g_free(key);
    return LT_OK;
  }
  const lt_manifest_file *f;
  char *full;
  int fd;
  lt_status st = open_listed(lib, pack_id, path, &f, &full, &fd, diags);
  if (st != LT_OK) {
    g_free(key);
    return st;
  }
  lt_hash *h = lt_hash_new();
  char *buf = g_malloc(1 << 20);
  ssize_t n;
  uint64_t total = 0;
  while ((n = read(fd, buf, 1 << 20)) > 0) {
    lt_hash_update(h, buf, (size_t)n);
    total += (uint64_t)n;
  }
  char hex[LT_HASH_HEX];
  lt_hash_final_hex(h, hex);
  if (n < 0 || total != f->size || strcmp(hex, f->blake2b) != 0) {
    st = digest_mismatch(full, diags);
    g_free(key);
  } else {
    g_hash_table_add(lib->checked, key);
  }
  close(fd);
  g_free(buf);
  lt_hash_free(h);
  g_free(full);
  return st;
}
