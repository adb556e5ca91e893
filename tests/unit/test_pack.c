/* Tests for pack: a pack written entry by entry verifies; each rule of docs/FORMAT.md §5
 * ("Verification algorithm") is broken once and must be refused with a message naming the
 * entry. */
#include <stdlib.h>

#include "lentera/pack.h"
#include "check.h"

typedef struct {
  char *dir;
  lt_seckey *sk;
  lt_pubkey *pk;
} env;

/* Writes a pack: the manifest lists `listed` (name, content) pairs; the archive holds
 * `stored` pairs in order after the manifest and signature. `comment` NULL = correct. */
static char *write_pack(env *e, const char *name, const char *const *listed,
                        const char *const *stored, const char *comment, bool sig_first) {
  const char *aud[] = {"semua-staf", NULL};
  lt_manifest_info info = {"t", "1.0.0", "T", "id", "P", NULL, aud, lt_sign_seckey_id(e->sk),
                           1,   NULL,    NULL};
  lt_manifest *m = lt_manifest_new(&info);
  lt_manifest_item it = {"lesson", "a", "A", "lessons/a.xml", 5, NULL, 0, NULL};
  lt_manifest_add_item(m, &it);
  for (size_t i = 0; listed[i]; i += 2) {
    char hex[LT_HASH_HEX];
    lt_hash_hex(listed[i + 1], strlen(listed[i + 1]), hex);
    lt_manifest_add_file(m, listed[i], strlen(listed[i + 1]), hex);
  }
  char *xml, *sig, *tc = lt_manifest_trusted_comment(m);
  size_t len, slen;
  CHECK_INT(lt_manifest_to_xml(m, &xml, &len), LT_OK);
  CHECK_INT(lt_sign_create(e->sk, xml, len, comment ? comment : tc, &sig, &slen), LT_OK);
  char *path = g_build_filename(e->dir, name, NULL);
  lt_pack_writer *w;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_pack_writer_open(path, 1, &w, d), LT_OK);
  if (sig_first)
    CHECK_INT(lt_pack_writer_add_data(w, LT_PACK_SIGNATURE, sig, slen, false, d), LT_OK);
  CHECK_INT(lt_pack_writer_add_data(w, LT_PACK_MANIFEST, xml, len, true, d), LT_OK);
  if (!sig_first)
    CHECK_INT(lt_pack_writer_add_data(w, LT_PACK_SIGNATURE, sig, slen, false, d), LT_OK);
  for (size_t i = 0; stored[i]; i += 2)
    CHECK_INT(lt_pack_writer_add_data(w, stored[i], stored[i + 1], strlen(stored[i + 1]), true, d),
              LT_OK);
  CHECK_INT(lt_pack_writer_commit(w, true, d), LT_OK);
  lt_pack_writer_free(w);
  CHECK_INT(lt_diag_count(d), 0);
  lt_diag_list_free(d);
  lt_manifest_free(m);
  g_free(xml);
  free(sig);
  free(tc);
  return path;
}

static void expect_refused(env *e, const char *name, const char *const *listed,
                           const char *const *stored, const char *comment, bool sig_first,
                           const char *message) {
  char *path = write_pack(e, name, listed, stored, comment, sig_first);
  lt_diag_list *d = lt_diag_list_new();
  lt_manifest *m = NULL;
  const lt_pubkey *keys[] = {e->pk};
  CHECK_INT(lt_pack_verify(path, keys, 1, NULL, NULL, &m, d), LT_ERR_VERIFY);
  CHECK(m == NULL);
  char *msgs = diags_text(d);
  CHECK_CONTAINS(msgs, message);
  g_free(msgs);
  lt_diag_list_free(d);
  g_free(path);
}

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  env e = {tmp_dir(), NULL, NULL};
  char *pub = g_build_filename(e.dir, "k.pub", NULL), *sec = g_build_filename(e.dir, "k.key", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_sign_keygen(pub, sec, NULL, false, d), LT_OK);
  CHECK_INT(lt_sign_seckey_load(sec, NULL, &e.sk, d), LT_OK);
  CHECK_INT(lt_sign_pubkey_load(pub, &e.pk, d), LT_OK);

  const char *files[] = {"lessons/a.xml", "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                         "media/b.png", "PNGDATA", NULL};
  char *good = write_pack(&e, "good.lentera", files, files, NULL, false);
  lt_manifest *m = NULL;
  const lt_pubkey *keys[] = {e.pk};
  uint64_t seen_total = 0;
  CHECK_INT(lt_pack_verify(good, keys, 1, NULL, NULL, &m, d), LT_OK);
  CHECK(m != NULL);
  if (m) CHECK_INT(lt_manifest_file_count(m), 2);
  lt_manifest_free(m);
  (void)seen_total;

  /* inspect reads the manifest without a key */
  char signer[LT_SIGN_KEY_ID_HEX];
  CHECK_INT(lt_pack_read_manifest(good, &m, signer, d), LT_OK);
  CHECK_STR(signer, lt_sign_pubkey_id(e.pk));
  lt_manifest_free(m);

  /* an untrusted key */
  char *pub2 = g_build_filename(e.dir, "o.pub", NULL),
       *sec2 = g_build_filename(e.dir, "o.key", NULL);
  CHECK_INT(lt_sign_keygen(pub2, sec2, NULL, false, d), LT_OK);
  lt_pubkey *other;
  CHECK_INT(lt_sign_pubkey_load(pub2, &other, d), LT_OK);
  lt_diag_list *bad = lt_diag_list_new();
  const lt_pubkey *others[] = {other};
  CHECK_INT(lt_pack_verify(good, others, 1, NULL, NULL, &m, bad), LT_ERR_VERIFY);
  char *msgs = diags_text(bad);
  CHECK_CONTAINS(msgs, "which is not a trusted key");
  CHECK_CONTAINS(msgs, lt_sign_pubkey_id(e.pk));
  g_free(msgs);
  lt_diag_list_free(bad);

  const char *changed[] = {"lessons/a.xml", "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                           "media/b.png", "PNGDATA!", NULL};
  const char *changed_same_size[] = {"lessons/a.xml",
                                     "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                                     "media/b.png", "PNGDATB", NULL};
  const char *missing[] = {"lessons/a.xml", "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                           NULL};
  const char *extra[] = {"lessons/a.xml",
                         "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                         "media/b.png",
                         "PNGDATA",
                         "media/c.exe",
                         "MZ",
                         NULL};
  const char *twice[] = {"lessons/a.xml",
                         "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                         "media/b.png",
                         "PNGDATA",
                         "media/b.png",
                         "PNGDATA",
                         NULL};
  const char *unsafe[] = {"lessons/a.xml", "<document xmlns=\"http://commonmark.org/xml/1.0\"/>",
                          "../b.png", "PNGDATA", NULL};
  expect_refused(&e, "big.lentera", files, changed, NULL, false,
                 "entry 'media/b.png' is larger than the 7 bytes");
  expect_refused(&e, "digest.lentera", files, changed_same_size, NULL, false,
                 "entry 'media/b.png' does not match its digest");
  expect_refused(&e, "missing.lentera", files, missing, NULL, false,
                 "entry 'media/b.png' is listed in the manifest but missing");
  expect_refused(&e, "extra.lentera", files, extra, NULL, false,
                 "entry 'media/c.exe' is not listed in the manifest");
  expect_refused(&e, "twice.lentera", files, twice, NULL, false,
                 "entry 'media/b.png' appears twice");
  expect_refused(&e, "unsafe.lentera", files, unsafe, NULL, false,
                 "entry '../b.png' has an unsafe path");
  expect_refused(&e, "order.lentera", files, files, NULL, true,
                 "entry 1 must be 'lentera.xml' but is 'lentera.xml.minisig'");
  expect_refused(&e, "comment.lentera", files, files, "lentera id=t version=9.9.9 created=1", false,
                 "does not match the manifest");

  CHECK(lt_pack_safe_path("media/a b.png"));
  CHECK(!lt_pack_safe_path("/etc/passwd"));
  CHECK(!lt_pack_safe_path("media/../../x"));
  CHECK(!lt_pack_safe_path("media\\x"));
  CHECK(!lt_pack_safe_path("media//x"));
  CHECK(!lt_pack_safe_path(""));

  /* a file that is not a zip */
  char *junk = g_build_filename(e.dir, "junk.lentera", NULL);
  g_file_set_contents(junk, "not a zip at all", -1, NULL);
  bad = lt_diag_list_new();
  CHECK(lt_pack_verify(junk, keys, 1, NULL, NULL, &m, bad) != LT_OK);
  CHECK(lt_diag_count(bad) > 0);
  lt_diag_list_free(bad);

  g_free(junk);
  lt_sign_pubkey_free(other);
  lt_sign_pubkey_free(e.pk);
  lt_sign_seckey_free(e.sk);
  lt_diag_list_free(d);
  tmp_remove(e.dir);
  g_free(e.dir);
  g_free(pub), g_free(sec), g_free(pub2), g_free(sec2), g_free(good);
  return check_done("test_pack");
}
