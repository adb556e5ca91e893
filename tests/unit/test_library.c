/* Tests for library: install new / same / newer, refuse older / untrusted / tampered with
 * the library left exactly as it was, trust a key, no staging folder left behind. */
#include <stdlib.h>

#include "lentera/build.h"
#include "lentera/library.h"
#include "check.h"

typedef struct {
  char *dir;
  lt_seckey *sk;
} env;

/* Builds the fixture course at `version` into dir/name. */
static char *pack_at(env *e, const char *version, const char *name) {
  char *course = g_build_filename(e->dir, "course", NULL), *src = fixture("course/mini");
  char *cmd =
      g_strdup_printf("rm -rf '%s' && cp -r '%s' '%s' && sed -i 's/^version: .*/version: %s/' "
                      "'%s/course.md'",
                      course, src, course, version, course);
  CHECK_INT(system(cmd), 0);
  char *out = g_build_filename(e->dir, name, NULL);
  lt_build_options o = {.course_dir = course, .key = e->sk, .out_path = out, .created = 1700000000};
  lt_diag_list *d = lt_diag_list_new();
  char *written = NULL;
  CHECK_INT(lt_build_run(&o, &written, d), LT_OK);
  free(written);
  lt_diag_list_free(d);
  g_free(cmd), g_free(course), g_free(src);
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
  CHECK_INT(lt_library_install(lib, v0, NULL, NULL, &r, bad), LT_ERR_INVALID);
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

  lt_library_free(lib);
  lt_sign_seckey_free(e.sk);
  lt_diag_list_free(d);
  tmp_remove(e.dir);
  g_free(e.dir), g_free(pub), g_free(sec), g_free(data), g_free(nosys), g_free(v0), g_free(v1);
  g_free(v2), g_free(packs), g_free(installed), g_free(evil), g_free(cmd), g_free(digest_ok);
  g_free(leftover);
  return check_done("test_library");
}
