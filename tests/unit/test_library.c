/* Tests for library: install new / same / newer, refuse older / untrusted / tampered with
 * the library left exactly as it was, trust a key, no staging folder left behind; then what
 * was installed staying what was signed (an edited manifest or quiz refused, a same-version
 * import repairing it), key bindings and --allow-key, untrust, revocations, remove, refused
 * key files, and staging folders of a live install surviving another program's open. */
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

/* Builds the fixture course at `version` into dir/name. */
static char *pack_with(env *e, const lt_seckey *sk, const char *version, const char *name);
static char *pack_at(env *e, const char *version, const char *name) {
  return pack_with(e, e->sk, version, name);
}

static char *pack_with(env *e, const lt_seckey *sk, const char *version, const char *name) {
  char *course = g_build_filename(e->dir, "course", NULL), *src = fixture("course/mini");
  char *cmd =
      g_strdup_printf("rm -rf '%s' && cp -r '%s' '%s' && sed -i 's/^version: .*/version: %s/' "
                      "'%s/course.md'",
                      course, src, course, version, course);
  CHECK_INT(system(cmd), 0);
  char *out = g_build_filename(e->dir, name, NULL);
  lt_build_options o = {.course_dir = course, .key = sk, .out_path = out, .created = 1700000000};
  lt_diag_list *d = lt_diag_list_new();
  char *written = NULL;
  CHECK_INT(lt_build_run(&o, &written, d), LT_OK);
  free(written);
  lt_diag_list_free(d);
  g_free(cmd), g_free(course), g_free(src);
  return out;
}

__attribute__((format(printf, 1, 2))) static void sh(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *cmd = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  CHECK_INT(system(cmd), 0);
  g_free(cmd);
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
  sh("sed -i 's/correct=\"true\"/correct=\"T\"/g; s/correct=\"false\"/correct=\"true\"/g; "
     "s/correct=\"T\"/correct=\"false\"/g' '%s'",
     qpath);
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
  sh("printf 'X' | dd of='%s' bs=1 seek=40 conv=notrunc status=none", png);
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
  sh("sed -i 's/1\\.1\\.0/9.9.0/g' '%s'", manifest);
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
  sh("cd '%s' && rm -rf x && mkdir x && cd x && bsdtar -xf ../v4.lentera", e->dir);
  sh("rm -rf '%s' && cp -r '%s/x' '%s'", mini, e->dir, mini);
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
  CHECK_CONTAINS(msgs, "lentera-player --trust");
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
  char *cmd =
      g_strdup_printf("cd '%s' && rm -rf x && mkdir x && cd x && bsdtar -xf ../v2.lentera && "
                      "printf X >> media/diagram.png && bsdtar --format zip -cf ../evil.lentera "
                      "$(bsdtar -tf ../v2.lentera)",
                      e.dir);
  CHECK_INT(system(cmd), 0);
  bad = lt_diag_list_new();
  CHECK(lt_library_install(lib, evil, NULL, NULL, &r, bad) != LT_OK);
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
  CHECK(g_str_has_suffix(pdir, "/packs/mini"));
  free(pdir);

  lib = more_tests(&e, lib, data, nosys, pub);

  lt_library_free(lib);
  lt_sign_seckey_free(e.sk);
  lt_diag_list_free(d);
  tmp_remove(e.dir);
  g_free(e.dir), g_free(pub), g_free(sec), g_free(data), g_free(nosys), g_free(v0), g_free(v1);
  g_free(v2), g_free(packs), g_free(installed), g_free(evil), g_free(cmd), g_free(digest_ok);
  g_free(leftover);
  return check_done("test_library");
}
