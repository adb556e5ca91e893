/* pack — the .lentera container: a ZIP written and read with libarchive.
 *
 * The writer takes entries in the order the caller adds them (docs/FORMAT.md: lentera.xml,
 * lentera.xml.minisig, then the rest), deflating XML and storing media, with fixed
 * timestamps and owners so the same input gives the same bytes. It writes to a temporary
 * file that becomes the pack only on commit.
 *
 * lt_pack_verify() reads a pack as a stream, front to back, and trusts nothing before the
 * signature over lentera.xml checks against one of the given keys; then every entry must
 * be a regular file the manifest lists, at a safe path, no larger than declared and with
 * the declared BLAKE2b-256, and every listed file must appear exactly once. */
#ifndef LENTERA_PACK_H
#define LENTERA_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"
#include "lentera/manifest.h"
#include "lentera/sign.h"

#define LT_PACK_MANIFEST "lentera.xml"
#define LT_PACK_SIGNATURE "lentera.xml.minisig"

/* Progress of long work: `done` of `total` bytes. */
typedef void (*lt_progress_fn)(void *user, uint64_t done, uint64_t total);

typedef struct lt_pack_writer lt_pack_writer;

/* Starts a pack at `path`; every entry gets modification time `mtime` (unix time). */
LT_MUST_CHECK lt_status lt_pack_writer_open(const char *path, int64_t mtime, lt_pack_writer **out,
                                            lt_diag_list *diags);
/* Reports bytes of file entries written against `total`. */
void lt_pack_writer_set_progress(lt_pack_writer *w, lt_progress_fn fn, void *user, uint64_t total);
LT_MUST_CHECK lt_status lt_pack_writer_add_data(lt_pack_writer *w, const char *name,
                                                const void *data, size_t len, bool deflate,
                                                lt_diag_list *diags);
/* Copies the rest of the open file `fd` (stored, not compressed; messages name it `src`;
 * the caller closes it). Its size must still be `size` and its digest `blake2b` (hex); the
 * digest is recomputed while the bytes are copied, so the pack can never hold bytes other
 * than those the manifest describes. The caller opens the file (build.c opens course files
 * confined, file.h lt_file_open_in), so what is copied is what was checked. */
LT_MUST_CHECK lt_status lt_pack_writer_add_fd(lt_pack_writer *w, const char *name, int fd,
                                              const char *src, uint64_t size, const char *blake2b,
                                              lt_diag_list *diags);
/* Finishes the archive and moves it into place (never replacing a file unless
 * `overwrite`). */
LT_MUST_CHECK lt_status lt_pack_writer_commit(lt_pack_writer *w, bool overwrite,
                                              lt_diag_list *diags);
/* Frees; an uncommitted pack is removed. */
void lt_pack_writer_free(lt_pack_writer *w);

/* Verifies the pack at `path` against `keys` (any one may have signed it). On success
 * *out_manifest is the verified manifest. Every problem names the offending entry. */
LT_MUST_CHECK lt_status lt_pack_verify(const char *path, const lt_pubkey *const *keys, size_t nkeys,
                                       lt_progress_fn progress, void *user,
                                       lt_manifest **out_manifest, lt_diag_list *diags);

/* Verifies like lt_pack_verify() and writes every entry (manifest and signature included)
 * into the existing empty folder `dir`, each file fsynced, as it goes. On failure `dir` may
 * hold part of the pack: the caller discards it (it is a staging folder). */
LT_MUST_CHECK lt_status lt_pack_extract(const char *path, const char *dir,
                                        const lt_pubkey *const *keys, size_t nkeys,
                                        lt_progress_fn progress, void *user,
                                        lt_manifest **out_manifest, lt_diag_list *diags);

/* Checks a manifest's text against its signature's text the way lt_pack_verify() checks a
 * pack's first two entries: signed by one of `keys`, the trusted comment and the key id
 * matching the manifest. On success *out_manifest is the parsed manifest. Messages name
 * `where` (a pack, or an installed pack's folder). The library re-checks installed packs
 * with it, so an installed manifest edited on disk is caught. */
LT_MUST_CHECK lt_status lt_pack_check_head(const char *where, const char *mtext, size_t mlen,
                                           const char *stext, size_t slen,
                                           const lt_pubkey *const *keys, size_t nkeys,
                                           lt_manifest **out_manifest, lt_diag_list *diags);

/* Reads only the manifest, without checking anything (for `inspect`). */
LT_MUST_CHECK lt_status lt_pack_read_manifest(const char *path, lt_manifest **out_manifest,
                                              char out_signer[LT_SIGN_KEY_ID_HEX],
                                              lt_diag_list *diags);

/* Whether `name` is a safe relative entry path (no '/', '..', '\\', control chars). */
bool lt_pack_safe_path(const char *name);

#endif
