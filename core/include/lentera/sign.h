/* sign — keys, signatures and digests (the only module that uses libsodium).
 *
 * Key and signature files are minisign's formats, so minisign and Lentera accept each
 * other's files: public key "Ed"+key id+Ed25519 key; secret key optionally encrypted with
 * scrypt (kdf "Sc", checksum "B2"); signatures of algorithm "ED" (Ed25519 over the
 * BLAKE2b-512 of the message) with a trusted comment covered by a global signature.
 * Digests of pack entries are BLAKE2b-256, printed in lower-case hex like `b2sum -l 256`. */
#ifndef LENTERA_SIGN_H
#define LENTERA_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"

#define LT_SIGN_KEY_ID_HEX 17 /* 16 hex digits + NUL */
#define LT_HASH_HEX 65        /* 64 hex digits + NUL */

typedef struct lt_pubkey lt_pubkey;
typedef struct lt_seckey lt_seckey;
typedef struct lt_hash lt_hash;

/* Initialises libsodium; call once before anything else here. */
LT_MUST_CHECK lt_status lt_sign_init(void);

/* Writes a new key pair. `password` NULL writes an unencrypted secret key (minisign -W).
 * Refuses to replace either file unless `force`. The secret key file is mode 0600. */
LT_MUST_CHECK lt_status lt_sign_keygen(const char *pub_path, const char *sec_path,
                                       const char *password, bool force, lt_diag_list *diags);

/* Parses a public key file's text (`source` names it in messages). */
LT_MUST_CHECK lt_status lt_sign_pubkey_parse(const char *text, size_t len, const char *source,
                                             lt_pubkey **out, lt_diag_list *diags);
LT_MUST_CHECK lt_status lt_sign_pubkey_load(const char *path, lt_pubkey **out, lt_diag_list *diags);
void lt_sign_pubkey_free(lt_pubkey *key);
/* The key id as minisign prints it (16 upper-case hex digits); valid while `key` lives. */
const char *lt_sign_pubkey_id(const lt_pubkey *key);

/* Whether the secret key file at `path` is password-protected. */
LT_MUST_CHECK lt_status lt_sign_seckey_is_encrypted(const char *path, bool *out,
                                                    lt_diag_list *diags);
/* Loads a secret key into guarded memory; `password` is ignored for unencrypted keys. */
LT_MUST_CHECK lt_status lt_sign_seckey_load(const char *path, const char *password, lt_seckey **out,
                                            lt_diag_list *diags);
void lt_sign_seckey_free(lt_seckey *key);
const char *lt_sign_seckey_id(const lt_seckey *key);

/* Signs `msg` (algorithm ED) with a trusted comment; *out_sig is the .minisig file text
 * (free()). */
LT_MUST_CHECK lt_status lt_sign_create(const lt_seckey *key, const void *msg, size_t len,
                                       const char *trusted_comment, char **out_sig,
                                       size_t *out_len);

/* Key id named by a .minisig text, without checking anything else. */
LT_MUST_CHECK lt_status lt_sign_signature_key_id(const char *sig, size_t sig_len,
                                                 char out[LT_SIGN_KEY_ID_HEX]);

/* Checks a .minisig text against `msg` and `key`, trusted comment included. On success
 * *out_trusted_comment is the comment (free()). */
LT_MUST_CHECK lt_status lt_sign_verify(const lt_pubkey *key, const void *msg, size_t len,
                                       const char *sig, size_t sig_len, const char *sig_name,
                                       char **out_trusted_comment, lt_diag_list *diags);

/* A PIN or password hash for storage (Argon2id, libsodium's crypto_pwhash_str format;
 * free()), and its check. */
LT_MUST_CHECK lt_status lt_sign_pin_hash(const char *pin, char **out);
bool lt_sign_pin_verify(const char *hash, const char *pin);

/* Streaming BLAKE2b-256. */
lt_hash *lt_hash_new(void);
void lt_hash_update(lt_hash *h, const void *data, size_t len);
/* Writes the hex digest and resets the state for reuse. */
void lt_hash_final_hex(lt_hash *h, char out[LT_HASH_HEX]);
void lt_hash_free(lt_hash *h);
/* One-shot convenience. */
void lt_hash_hex(const void *data, size_t len, char out[LT_HASH_HEX]);

#endif
