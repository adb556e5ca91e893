/* Tests for build: the fixture course becomes a pack that verifies, with the entries in
 * docs/FORMAT.md's order; the same SOURCE_DATE_EPOCH gives the same bytes; check writes
 * nothing. */
#include <stdlib.h>

#include "lentera/build.h"
#include "check.h"

static char *build_once(const char *dir, const char *name, const lt_seckey *sk, int64_t when) {
  char *course = fixture("course/mini");
  char *out = g_build_filename(dir, name, NULL), *written = NULL;
  lt_diag_list *d = lt_diag_list_new();
  lt_build_options o = {.course_dir = course, .key = sk, .out_path = out, .created = when};
  CHECK_INT(lt_build_run(&o, &written, d), LT_OK);
  CHECK_STR(written, out);
  free(written);
  lt_diag_list_free(d);
  g_free(course);
  return out;
}

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  char *dir = tmp_dir();
  char *pub = g_build_filename(dir, "k.pub", NULL), *sec = g_build_filename(dir, "k.key", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_sign_keygen(pub, sec, NULL, false, d), LT_OK);
  lt_seckey *sk;
  lt_pubkey *pk;
  CHECK_INT(lt_sign_seckey_load(sec, NULL, &sk, d), LT_OK);
  CHECK_INT(lt_sign_pubkey_load(pub, &pk, d), LT_OK);

  char *a = build_once(dir, "a.lentera", sk, 1700000000);
  char *b = build_once(dir, "b.lentera", sk, 1700000000);
  char *c = build_once(dir, "c.lentera", sk, 1700000001);
  gchar *ab, *bb, *cb;
  gsize al, bl, cl;
  g_file_get_contents(a, &ab, &al, NULL);
  g_file_get_contents(b, &bb, &bl, NULL);
  g_file_get_contents(c, &cb, &cl, NULL);
  CHECK(al == bl && memcmp(ab, bb, al) == 0);
  CHECK(al != cl || memcmp(ab, cb, al) != 0);
  g_free(ab), g_free(bb), g_free(cb);

  lt_manifest *m = NULL;
  const lt_pubkey *keys[] = {pk};
  CHECK_INT(lt_pack_verify(a, keys, 1, NULL, NULL, &m, d), LT_OK);
  if (m) {
    const char *want[] = {"lessons/lesson.xml", "cheatsheets/sheet.xml", "cheatsheets/sheet.pdf",
                          "quizzes/quiz.xml",   "media/diagram.png",     "media/form.pdf"};
    CHECK_INT(lt_manifest_file_count(m), 6);
    for (size_t i = 0; i < 6 && i < lt_manifest_file_count(m); i++)
      CHECK_STR(lt_manifest_file_at(m, i)->path, want[i]);
    CHECK_STR(lt_manifest_item_at(m, 2)->pdf, "cheatsheets/sheet.pdf");
    CHECK_INT(lt_manifest_item_at(m, 1)->questions, 3);
    CHECK_STR(lt_manifest_get_info(m)->key_id, lt_sign_pubkey_id(pk));
  }
  lt_manifest_free(m);

  /* check only: no key, nothing written */
  char *course = fixture("course/mini");
  lt_build_options o = {.course_dir = course};
  char *written = NULL;
  CHECK_INT(lt_build_run(&o, &written, d), LT_OK);
  CHECK(written == NULL);
  g_free(course);

  lt_sign_seckey_free(sk);
  lt_sign_pubkey_free(pk);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(dir), g_free(pub), g_free(sec), g_free(a), g_free(b), g_free(c);
  return check_done("test_build");
}
