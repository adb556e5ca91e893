/* sign — minisign-compatible keys and signatures on libsodium.
 *
 * Binary layouts (base64 on the second line of each file, after an "untrusted comment:"):
 *   public key  "Ed" | keynum[8] | pk[32]
 *   secret key  "Ed" | kdf "Sc" or 00 00 | "B2" | salt[32] | opslimit LE64 | memlimit LE64
 *               | keynum[8] | sk[64] | chk[32]         (last 104 bytes XOR scrypt stream)
 *   signature   "ED" | keynum[8] | Ed25519(BLAKE2b-512(msg))[64], then a line
 *               "trusted comment: T" and base64 Ed25519(sig[64] | T)
 * chk = BLAKE2b-256("Ed" | keynum | sk) proves the password right. The key id is keynum read
 * as a little-endian integer and printed as 16 upper-case hex digits, as minisign does. */
#include "lentera/sign.h"

#include <glib.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/file.h"

enum { KEYNUM = 8, SALT = crypto_pwhash_scryptsalsa208sha256_SALTBYTES, CHK = 32 };
enum { PUB_BIN = 2 + KEYNUM + crypto_sign_PUBLICKEYBYTES };
enum { SK_PLAIN = KEYNUM + crypto_sign_SECRETKEYBYTES + CHK };
enum { SEC_BIN = 2 + 2 + 2 + SALT + 8 + 8 + SK_PLAIN };
enum { SIG_BIN = 2 + KEYNUM + crypto_sign_BYTES };

struct lt_pubkey {
  unsigned char keynum[KEYNUM];
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  char id[LT_SIGN_KEY_ID_HEX];
};

struct lt_seckey { /* lives in sodium_malloc memory */
  unsigned char keynum[KEYNUM];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  char id[LT_SIGN_KEY_ID_HEX];
};

struct lt_hash {
  crypto_generichash_state st;
};

lt_status lt_sign_init(void) { return sodium_init() < 0 ? LT_ERR_NOMEM : LT_OK; }

static void key_id_hex(const unsigned char keynum[KEYNUM], char out[LT_SIGN_KEY_ID_HEX]) {
  uint64_t v = 0;
  for (int i = KEYNUM - 1; i >= 0; i--)
    v = (v << 8) | keynum[i];
  (void)snprintf(out, LT_SIGN_KEY_ID_HEX, "%016" PRIX64, v); /* 16 digits: always fits */
}

static void le64_store(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le64_load(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

/* Finds the base64 payload line that follows an "untrusted comment:" line. Returns the
 * decoded bytes (g_free) or NULL; *line_no gets the payload's line (1-based). */
static unsigned char *decode_line(const char *text, size_t len, int want_line, size_t *out_len) {
  char *copy = g_strndup(text, len);
  char **lines = g_strsplit(copy, "\n", -1);
  unsigned char *bin = NULL;
  if ((int)g_strv_length(lines) > want_line - 1) {
    char *l = g_strstrip(lines[want_line - 1]);
    gsize n = 0;
    if (*l &&
        strspn(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") == strlen(l))
      bin = g_base64_decode(l, &n);
    *out_len = n;
  }
  g_strfreev(lines);
  g_free(copy);
  return bin;
}

static bool has_untrusted_comment(const char *text, size_t len) {
  static const char prefix[] = "untrusted comment: ";
  return len >= sizeof prefix - 1 && memcmp(text, prefix, sizeof prefix - 1) == 0;
}

lt_status lt_sign_pubkey_parse(const char *text, size_t len, const char *source, lt_pubkey **out,
                               lt_diag_list *diags) {
  size_t n = 0;
  unsigned char *bin = has_untrusted_comment(text, len) ? decode_line(text, len, 2, &n) : NULL;
  if (!bin || n != PUB_BIN || memcmp(bin, "Ed", 2) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, source, 0, 0,
                "not a minisign public key (expected an 'untrusted comment:' line and an "
                "Ed25519 key)");
    g_free(bin);
    return LT_ERR_INVALID;
  }
  lt_pubkey *key = calloc(1, sizeof *key);
  if (!key) {
    g_free(bin);
    return LT_ERR_NOMEM;
  }
  memcpy(key->keynum, bin + 2, KEYNUM);
  memcpy(key->pk, bin + 2 + KEYNUM, sizeof key->pk);
  key_id_hex(key->keynum, key->id);
  g_free(bin);
  *out = key;
  return LT_OK;
}

lt_status lt_sign_pubkey_load(const char *path, lt_pubkey **out, lt_diag_list *diags) {
  char *text;
  size_t len;
  lt_status st = lt_file_read(path, &text, &len, diags);
  if (st != LT_OK) return st;
  st = lt_sign_pubkey_parse(text, len, path, out, diags);
  free(text);
  return st;
}

void lt_sign_pubkey_free(lt_pubkey *key) { free(key); }
const char *lt_sign_pubkey_id(const lt_pubkey *key) { return key->id; }

static void xor_stream(unsigned char *buf, const unsigned char *stream, size_t n) {
  for (size_t i = 0; i < n; i++)
    buf[i] ^= stream[i];
}

static void seckey_chk(unsigned char chk[CHK], const unsigned char *keynum_sk) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, CHK);
  crypto_generichash_update(&st, (const unsigned char *)"Ed", 2);
  crypto_generichash_update(&st, keynum_sk, KEYNUM + crypto_sign_SECRETKEYBYTES);
  crypto_generichash_final(&st, chk, CHK);
}

/* Reads and base64-decodes a secret key file into guarded memory (SEC_BIN bytes). */
LT_MUST_CHECK static lt_status read_seckey_bin(const char *path, unsigned char **out,
                                               lt_diag_list *diags) {
  char *text;
  size_t len, n = 0;
  lt_status st = lt_file_read(path, &text, &len, diags);
  if (st != LT_OK) return st;
  unsigned char *bin = has_untrusted_comment(text, len) ? decode_line(text, len, 2, &n) : NULL;
  sodium_memzero(text, len);
  free(text);
  if (!bin || n != SEC_BIN || memcmp(bin, "Ed", 2) != 0 || memcmp(bin + 4, "B2", 2) != 0 ||
      (memcmp(bin + 2, "Sc", 2) != 0 && memcmp(bin + 2, "\0\0", 2) != 0)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "not a minisign secret key");
    if (bin) sodium_memzero(bin, n);
    g_free(bin);
    return LT_ERR_INVALID;
  }
  unsigned char *guarded = sodium_malloc(SEC_BIN);
  if (!guarded) {
    sodium_memzero(bin, n);
    g_free(bin);
    return LT_ERR_NOMEM;
  }
  memcpy(guarded, bin, SEC_BIN);
  sodium_memzero(bin, n);
  g_free(bin);
  *out = guarded;
  return LT_OK;
}

lt_status lt_sign_seckey_is_encrypted(const char *path, bool *out, lt_diag_list *diags) {
  unsigned char *bin;
  lt_status st = read_seckey_bin(path, &bin, diags);
  if (st != LT_OK) return st;
  *out = memcmp(bin + 2, "Sc", 2) == 0;
  sodium_free(bin);
  return LT_OK;
}

/* Derives the scrypt keystream that masks keynum|sk|chk. */
LT_MUST_CHECK static lt_status kdf_stream(unsigned char *stream, const char *password,
                                          const unsigned char *salt, uint64_t ops, uint64_t mem) {
  if (crypto_pwhash_scryptsalsa208sha256(stream, SK_PLAIN, password, strlen(password), salt, ops,
                                         (size_t)mem) != 0)
    return LT_ERR_NOMEM;
  return LT_OK;
}

lt_status lt_sign_seckey_load(const char *path, const char *password, lt_seckey **out,
                              lt_diag_list *diags) {
  unsigned char *bin;
  lt_status st = read_seckey_bin(path, &bin, diags);
  if (st != LT_OK) return st;
  unsigned char *keynum_sk = bin + 6 + SALT + 16;
  if (memcmp(bin + 2, "Sc", 2) == 0) {
    if (!password) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                  "the secret key is encrypted: a password is needed (LENTERA_PASSWORD)");
      sodium_free(bin);
      return LT_ERR_PASSWORD;
    }
    unsigned char *stream = sodium_malloc(SK_PLAIN);
    st = stream ? kdf_stream(stream, password, bin + 6, le64_load(bin + 6 + SALT),
                             le64_load(bin + 6 + SALT + 8))
                : LT_ERR_NOMEM;
    if (st == LT_OK) xor_stream(keynum_sk, stream, SK_PLAIN);
    sodium_free(stream);
    unsigned char chk[CHK];
    if (st == LT_OK) {
      seckey_chk(chk, keynum_sk);
      if (sodium_memcmp(chk, keynum_sk + KEYNUM + crypto_sign_SECRETKEYBYTES, CHK) != 0) {
        lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "wrong password for this secret key");
        st = LT_ERR_PASSWORD;
      }
    } else {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "not enough memory to decrypt the key");
    }
    if (st != LT_OK) {
      sodium_free(bin);
      return st;
    }
  }
  lt_seckey *key = sodium_malloc(sizeof *key);
  if (!key) {
    sodium_free(bin);
    return LT_ERR_NOMEM;
  }
  memcpy(key->keynum, keynum_sk, KEYNUM);
  memcpy(key->sk, keynum_sk + KEYNUM, sizeof key->sk);
  key_id_hex(key->keynum, key->id);
  sodium_free(bin);
  *out = key;
  return LT_OK;
}

void lt_sign_seckey_free(lt_seckey *key) {
  if (key) sodium_free(key); /* sodium_free wipes before releasing */
}

const char *lt_sign_seckey_id(const lt_seckey *key) { return key->id; }

static char *b64(const unsigned char *bin, size_t n) { return g_base64_encode(bin, n); }

lt_status lt_sign_keygen(const char *pub_path, const char *sec_path, const char *password,
                         bool force, lt_diag_list *diags) {
  if (!force) {
    const char *paths[] = {pub_path, sec_path};
    for (int i = 0; i < 2; i++)
      if (g_file_test(paths[i], G_FILE_TEST_EXISTS)) {
        lt_diag_add(diags, LT_DIAG_ERROR, paths[i], 0, 0,
                    "key file exists; refusing to overwrite it (use -f)");
        return LT_ERR_EXISTS;
      }
  }
  unsigned char *sec = sodium_malloc(SEC_BIN);
  if (!sec) return LT_ERR_NOMEM;
  memset(sec, 0, SEC_BIN);
  unsigned char pub[PUB_BIN];
  unsigned char *keynum_sk = sec + 6 + SALT + 16;
  sec[0] = 'E', sec[1] = 'd'; /* the signature algorithm, then the checksum's: BLAKE2b */
  sec[4] = 'B', sec[5] = '2';
  randombytes_buf(keynum_sk, KEYNUM);
  crypto_sign_keypair(pub + 2 + KEYNUM, keynum_sk + KEYNUM);
  pub[0] = 'E', pub[1] = 'd';
  memcpy(pub + 2, keynum_sk, KEYNUM);
  seckey_chk(keynum_sk + KEYNUM + crypto_sign_SECRETKEYBYTES, keynum_sk);
  lt_status st = LT_OK;
  if (password) {
    uint64_t ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE;
    uint64_t mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE;
    sec[2] = 'S', sec[3] = 'c'; /* scrypt */
    randombytes_buf(sec + 6, SALT);
    le64_store(sec + 6 + SALT, ops);
    le64_store(sec + 6 + SALT + 8, mem);
    unsigned char *stream = sodium_malloc(SK_PLAIN);
    st = stream ? kdf_stream(stream, password, sec + 6, ops, mem) : LT_ERR_NOMEM;
    if (st == LT_OK) xor_stream(keynum_sk, stream, SK_PLAIN);
    sodium_free(stream);
    if (st != LT_OK)
      lt_diag_add(diags, LT_DIAG_ERROR, sec_path, 0, 0, "not enough memory to encrypt the key");
  }
  if (st == LT_OK) {
    char id[LT_SIGN_KEY_ID_HEX];
    key_id_hex(pub + 2, id);
    char *sec64 = b64(sec, SEC_BIN), *pub64 = b64(pub, PUB_BIN);
    char *sec_text = g_strdup_printf("untrusted comment: minisign %ssecret key\n%s\n",
                                     password ? "encrypted " : "", sec64);
    char *pub_text = g_strdup_printf("untrusted comment: minisign public key %s\n%s\n", id, pub64);
    st = lt_file_write_atomic(sec_path, sec_text, strlen(sec_text), 0600, force, diags);
    if (st == LT_OK)
      st = lt_file_write_atomic(pub_path, pub_text, strlen(pub_text), 0644, force, diags);
    sodium_memzero(sec64, strlen(sec64));
    sodium_memzero(sec_text, strlen(sec_text));
    g_free(sec64);
    g_free(sec_text);
    g_free(pub64);
    g_free(pub_text);
  }
  sodium_free(sec);
  return st;
}

static void blake2b512(const void *msg, size_t len,
                       unsigned char out[crypto_generichash_BYTES_MAX]) {
  crypto_generichash(out, crypto_generichash_BYTES_MAX, msg, len, NULL, 0);
}

lt_status lt_sign_create(const lt_seckey *key, const void *msg, size_t len,
                         const char *trusted_comment, char **out_sig, size_t *out_len) {
  unsigned char sig[SIG_BIN], digest[crypto_generichash_BYTES_MAX];
  sig[0] = 'E', sig[1] = 'D'; /* Ed25519 over the BLAKE2b-512 of the file */
  memcpy(sig + 2, key->keynum, KEYNUM);
  blake2b512(msg, len, digest);
  crypto_sign_detached(sig + 2 + KEYNUM, NULL, digest, sizeof digest, key->sk);

  size_t tlen = strlen(trusted_comment);
  unsigned char *global_msg = malloc(crypto_sign_BYTES + tlen);
  if (!global_msg) return LT_ERR_NOMEM;
  memcpy(global_msg, sig + 2 + KEYNUM, crypto_sign_BYTES);
  /* the comment's bytes follow the signature: a message, not a string */
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  memcpy(global_msg + crypto_sign_BYTES, trusted_comment, tlen);
  unsigned char global[crypto_sign_BYTES];
  crypto_sign_detached(global, NULL, global_msg, crypto_sign_BYTES + tlen, key->sk);
  free(global_msg);

  char *sig64 = b64(sig, SIG_BIN), *global64 = b64(global, sizeof global);
  char *text = g_strdup_printf(
      "untrusted comment: signature from lentera-pack secret key\n%s\ntrusted comment: %s\n%s\n",
      sig64, trusted_comment, global64);
  *out_len = strlen(text);
  *out_sig = strdup(text);
  g_free(sig64);
  g_free(global64);
  g_free(text);
  return *out_sig ? LT_OK : LT_ERR_NOMEM;
}

/* Splits a .minisig into its signature blob and trusted comment. */
LT_MUST_CHECK static lt_status parse_sig(const char *sig, size_t sig_len, const char *sig_name,
                                         unsigned char **out_bin, char **out_comment,
                                         unsigned char **out_global, lt_diag_list *diags) {
  static const char tc_prefix[] = "trusted comment: ";
  size_t n = 0, gn = 0;
  unsigned char *bin =
      has_untrusted_comment(sig, sig_len) ? decode_line(sig, sig_len, 2, &n) : NULL;
  if (!bin || n != SIG_BIN) {
    lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0, "not a minisign signature");
    g_free(bin);
    return LT_ERR_INVALID;
  }
  if (memcmp(bin, "ED", 2) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0,
                "unsupported signature algorithm (only prehashed 'ED' signatures are accepted)");
    g_free(bin);
    return LT_ERR_INVALID;
  }
  char *copy = g_strndup(sig, sig_len);
  char **lines = g_strsplit(copy, "\n", -1);
  g_free(copy);
  unsigned char *global = NULL;
  char *comment = NULL;
  bool trailing = false; /* anything after the fourth line makes the file malformed */
  for (guint i = 4; i < g_strv_length(lines); i++)
    trailing |= *g_strstrip(lines[i]) != '\0';
  if (!trailing && g_strv_length(lines) >= 4 && g_str_has_prefix(lines[2], tc_prefix)) {
    comment = g_strdup(lines[2] + sizeof tc_prefix - 1);
    g_strchomp(comment); /* tolerate CRLF files */
    global = decode_line(sig, sig_len, 4, &gn);
  }
  g_strfreev(lines);
  if (!comment || !global || gn != crypto_sign_BYTES) {
    lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0,
                "signature has no valid trusted comment and global signature");
    g_free(bin);
    g_free(comment);
    g_free(global);
    return LT_ERR_INVALID;
  }
  *out_bin = bin;
  *out_comment = comment;
  *out_global = global;
  return LT_OK;
}

lt_status lt_sign_signature_key_id(const char *sig, size_t sig_len, char out[LT_SIGN_KEY_ID_HEX]) {
  size_t n = 0;
  unsigned char *bin =
      has_untrusted_comment(sig, sig_len) ? decode_line(sig, sig_len, 2, &n) : NULL;
  if (!bin || n != SIG_BIN) {
    g_free(bin);
    return LT_ERR_INVALID;
  }
  key_id_hex(bin + 2, out);
  g_free(bin);
  return LT_OK;
}

lt_status lt_sign_verify(const lt_pubkey *key, const void *msg, size_t len, const char *sig,
                         size_t sig_len, const char *sig_name, char **out_trusted_comment,
                         lt_diag_list *diags) {
  unsigned char *bin, *global;
  char *comment;
  lt_status st = parse_sig(sig, sig_len, sig_name, &bin, &comment, &global, diags);
  if (st != LT_OK) return st;
  unsigned char digest[crypto_generichash_BYTES_MAX];
  if (memcmp(bin + 2, key->keynum, KEYNUM) != 0) {
    char id[LT_SIGN_KEY_ID_HEX];
    key_id_hex(bin + 2, id);
    lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0,
                "signed by key %s, but the public key given is %s", id, key->id);
    st = LT_ERR_VERIFY;
  } else {
    blake2b512(msg, len, digest);
    if (crypto_sign_verify_detached(bin + 2 + KEYNUM, digest, sizeof digest, key->pk) != 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0,
                  "signature does not match the signed file (it was changed after signing)");
      st = LT_ERR_VERIFY;
    }
  }
  if (st == LT_OK) {
    size_t tlen = strlen(comment);
    unsigned char *gmsg = malloc(crypto_sign_BYTES + tlen);
    if (!gmsg)
      st = LT_ERR_NOMEM;
    else {
      memcpy(gmsg, bin + 2 + KEYNUM, crypto_sign_BYTES);
      memcpy(gmsg + crypto_sign_BYTES, comment, tlen);
      if (crypto_sign_verify_detached(global, gmsg, crypto_sign_BYTES + tlen, key->pk) != 0) {
        lt_diag_add(diags, LT_DIAG_ERROR, sig_name, 0, 0,
                    "trusted comment was changed after signing");
        st = LT_ERR_VERIFY;
      }
      free(gmsg);
    }
  }
  g_free(bin);
  g_free(global);
  if (st == LT_OK) {
    *out_trusted_comment = strdup(comment);
    if (!*out_trusted_comment) st = LT_ERR_NOMEM;
  }
  g_free(comment);
  return st;
}

lt_status lt_sign_pin_hash(const char *pin, char **out) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return LT_ERR_NOMEM;
  *out = strdup(hash);
  return *out ? LT_OK : LT_ERR_NOMEM;
}

bool lt_sign_pin_verify(const char *hash, const char *pin) {
  return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

lt_hash *lt_hash_new(void) {
  lt_hash *h = malloc(sizeof *h);
  if (h) crypto_generichash_init(&h->st, NULL, 0, 32);
  return h;
}

void lt_hash_update(lt_hash *h, const void *data, size_t len) {
  crypto_generichash_update(&h->st, data, len);
}

void lt_hash_final_hex(lt_hash *h, char out[LT_HASH_HEX]) {
  unsigned char d[32];
  crypto_generichash_final(&h->st, d, sizeof d);
  sodium_bin2hex(out, LT_HASH_HEX, d, sizeof d);
  crypto_generichash_init(&h->st, NULL, 0, 32);
}

void lt_hash_free(lt_hash *h) { free(h); }

void lt_hash_hex(const void *data, size_t len, char out[LT_HASH_HEX]) {
  unsigned char d[32];
  crypto_generichash(d, sizeof d, data, len, NULL, 0);
  sodium_bin2hex(out, LT_HASH_HEX, d, sizeof d);
}
