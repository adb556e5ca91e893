/* Tests for sign: key files round-trip, signatures verify and fail on any change, the
 * encrypted key needs the right password, BLAKE2b-256 matches the published test vector. */
#include <stdlib.h>
#include <sys/stat.h>

#include "lentera/sign.h"
#include "check.h"

static char *path_in(const char *dir, const char *name) {
  return g_build_filename(dir, name, NULL);
}

static void test_hash(void) {
  char hex[LT_HASH_HEX];
  lt_hash_hex("abc", 3, hex); /* RFC 7693-style vector for BLAKE2b-256("abc") */
  CHECK_STR(hex, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  lt_hash *h = lt_hash_new();
  lt_hash_update(h, "a", 1);
  lt_hash_update(h, "bc", 2);
  char hex2[LT_HASH_HEX];
  lt_hash_final_hex(h, hex2);
  CHECK_STR(hex2, hex);
  lt_hash_final_hex(h, hex2); /* reset after final: digest of "" */
  CHECK_STR(hex2, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  lt_hash_free(h);
}

static void test_sign_verify(const char *dir) {
  char *pub = path_in(dir, "k.pub"), *sec = path_in(dir, "k.key");
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_sign_keygen(pub, sec, NULL, false, d), LT_OK);
  struct stat sb;
  CHECK_INT(stat(sec, &sb), 0);
#ifndef _WIN32 /* Windows: the profile's ACL, not modes */
  CHECK_INT(sb.st_mode & 0777, 0600);
#endif
  CHECK_INT(lt_sign_keygen(pub, sec, NULL, false, d), LT_ERR_EXISTS);

  lt_pubkey *pk = NULL;
  lt_seckey *sk = NULL;
  CHECK_INT(lt_sign_pubkey_load(pub, &pk, d), LT_OK);
  CHECK_INT(lt_sign_seckey_load(sec, NULL, &sk, d), LT_OK);
  CHECK_STR(lt_sign_pubkey_id(pk), lt_sign_seckey_id(sk));
  CHECK_INT(strlen(lt_sign_pubkey_id(pk)), 16);

  const char msg[] = "<pack/>";
  char *sig = NULL, *tc = NULL;
  size_t sig_len = 0;
  CHECK_INT(lt_sign_create(sk, msg, sizeof msg - 1, "lentera id=x version=1.0.0 created=1", &sig,
                           &sig_len),
            LT_OK);
  CHECK_CONTAINS(sig, "trusted comment: lentera id=x version=1.0.0 created=1\n");
  char id[LT_SIGN_KEY_ID_HEX];
  CHECK_INT(lt_sign_signature_key_id(sig, sig_len, id), LT_OK);
  CHECK_STR(id, lt_sign_pubkey_id(pk));
  CHECK_INT(lt_sign_verify(pk, msg, sizeof msg - 1, sig, sig_len, "s", &tc, d), LT_OK);
  CHECK_STR(tc, "lentera id=x version=1.0.0 created=1");
  free(tc);

  lt_diag_list *bad = lt_diag_list_new();
  CHECK_INT(lt_sign_verify(pk, "<pack />", 8, sig, sig_len, "s", &tc, bad), LT_ERR_VERIFY);
  /* the trusted comment is covered by the global signature */
  char *forged = g_strdup(sig);
  *strstr(forged, "created=1") = 'C';
  CHECK_INT(lt_sign_verify(pk, msg, sizeof msg - 1, forged, sig_len, "s", &tc, bad), LT_ERR_VERIFY);
  char *text = diags_text(bad);
  CHECK_CONTAINS(text, "trusted comment was changed");
  g_free(text);
  g_free(forged);
  lt_diag_list_free(bad);

  /* another key: refused, naming both key ids */
  char *pub2 = path_in(dir, "o.pub"), *sec2 = path_in(dir, "o.key");
  CHECK_INT(lt_sign_keygen(pub2, sec2, NULL, false, d), LT_OK);
  lt_pubkey *other = NULL;
  CHECK_INT(lt_sign_pubkey_load(pub2, &other, d), LT_OK);
  bad = lt_diag_list_new();
  CHECK_INT(lt_sign_verify(other, msg, sizeof msg - 1, sig, sig_len, "s", &tc, bad), LT_ERR_VERIFY);
  text = diags_text(bad);
  CHECK_CONTAINS(text, lt_sign_pubkey_id(pk));
  g_free(text);
  lt_diag_list_free(bad);

  /* garbage is not a key */
  lt_pubkey *junk = NULL;
  bad = lt_diag_list_new();
  CHECK_INT(lt_sign_pubkey_parse("hello\nworld\n", 12, "junk", &junk, bad), LT_ERR_INVALID);
  CHECK(junk == NULL);
  lt_diag_list_free(bad);

  free(sig);
  lt_sign_pubkey_free(pk);
  lt_sign_pubkey_free(other);
  lt_sign_seckey_free(sk);
  lt_sign_seckey_free(NULL);
  lt_diag_list_free(d);
  g_free(pub), g_free(sec), g_free(pub2), g_free(sec2);
}

static void test_encrypted(const char *dir) {
  char *pub = path_in(dir, "e.pub"), *sec = path_in(dir, "e.key");
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_sign_keygen(pub, sec, "rahasia", false, d), LT_OK);
  bool enc = false;
  CHECK_INT(lt_sign_seckey_is_encrypted(sec, &enc, d), LT_OK);
  CHECK(enc);
  lt_seckey *sk = NULL;
  lt_diag_list *bad = lt_diag_list_new();
  CHECK_INT(lt_sign_seckey_load(sec, "salah", &sk, bad), LT_ERR_PASSWORD);
  CHECK_INT(lt_sign_seckey_load(sec, NULL, &sk, bad), LT_ERR_PASSWORD);
  CHECK(sk == NULL);
  lt_diag_list_free(bad);
  CHECK_INT(lt_sign_seckey_load(sec, "rahasia", &sk, d), LT_OK);
  lt_pubkey *pk = NULL;
  CHECK_INT(lt_sign_pubkey_load(pub, &pk, d), LT_OK);
  if (sk && pk) {
    CHECK_STR(lt_sign_seckey_id(sk), lt_sign_pubkey_id(pk));
    char *sig, *tc;
    size_t n;
    CHECK_INT(lt_sign_create(sk, "m", 1, "t", &sig, &n), LT_OK);
    CHECK_INT(lt_sign_verify(pk, "m", 1, sig, n, "s", &tc, d), LT_OK);
    free(sig);
    free(tc);
  }
  lt_sign_seckey_free(sk);
  lt_sign_pubkey_free(pk);
  lt_diag_list_free(d);
  g_free(pub), g_free(sec);
}

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  char *dir = tmp_dir();
  test_hash();
  test_sign_verify(dir);
  test_encrypted(dir);
  tmp_remove(dir);
  g_free(dir);
  return check_done("test_sign");
}
