/* library — the packs installed in a data folder, and the keys trusted to sign them.
 *
 * <data-dir>/packs/<pack-id>/ holds one installed version (the verified entries with the
 * signed manifest); the .pub files in <data-dir>/trusted/ and in the system folder
 * (/etc/lentera/trusted.d) are the trusted publisher keys, and a `revoked` file in either
 * lists key ids and `id@version` pairs that no longer open. <data-dir>/bindings binds each
 * pack id to the key that first installed it: another key may replace the pack only when
 * IT allows it (lt_library_install_allowing).
 *
 * Installing verifies the whole pack into a staging folder beside the library, fsyncs it,
 * then swaps it in with one rename: a pack is installed whole or not at all, and the
 * version before stays until that moment. Every change to the folder (install, trust,
 * untrust, remove, cleanup, the bindings' migration) holds <data-dir>/.lentera-library.lock;
 * a long install verifies outside it and takes it for the version decision and the swap,
 * so two programs on one folder never undo each other's work.
 *
 * What was installed stays what was signed: opening re-checks every installed manifest's
 * signature (a pack whose manifest was edited, or whose key is no longer trusted, is refused
 * and listed with the reason), and lt_library_read_file() / lt_library_check_file() check a
 * file against the signed digest before the player uses it. */
#ifndef LENTERA_LIBRARY_H
#define LENTERA_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"
#include "lentera/manifest.h"
#include "lentera/pack.h"

#define LT_LIBRARY_SYSTEM_TRUST_DIR "/etc/lentera/trusted.d"
#define LT_LIBRARY_LOCK ".lentera-library.lock" /* in the data folder */
#define LT_LIBRARY_REVOKED "revoked"            /* in a trust folder */
#define LT_LIBRARY_BINDINGS "bindings"          /* in the data folder */

typedef struct lt_library lt_library;

typedef enum {
  LT_INSTALL_NEW,     /* the pack was not installed before */
  LT_INSTALL_UPDATED, /* a newer version replaced the installed one */
  LT_INSTALL_SAME,    /* this version was already installed, intact: nothing changed */
  LT_INSTALL_REPAIRED /* the installed copy was damaged or edited: replaced by this one */
} lt_install_result;

/* Why an installed pack does not open. */
typedef enum {
  LT_REFUSED_UNTRUSTED,       /* its key is not (or no longer) trusted */
  LT_REFUSED_REVOKED_KEY,     /* its key is listed in a `revoked` file */
  LT_REFUSED_REVOKED_VERSION, /* its id@version is listed in a `revoked` file */
  LT_REFUSED_OTHER_KEY,       /* signed by a key other than the one the id is bound to */
  LT_REFUSED_DAMAGED          /* its manifest or signature was changed or is unreadable */
} lt_refusal;

typedef struct {
  const char *id;      /* the pack's folder name */
  const char *key_id;  /* the key its signature names, "?" when unreadable */
  const char *version; /* as the (unverified) manifest says, or NULL */
  lt_refusal why;
} lt_library_refused;

/* Opens (creating folders as needed) the library in `data_dir`; `system_trust_dir` NULL
 * means LT_LIBRARY_SYSTEM_TRUST_DIR. Leftovers of an interrupted install are removed
 * (never a staging folder whose install is still running). Refused packs and refused key
 * files are reported as warnings. */
LT_MUST_CHECK lt_status lt_library_open(const char *data_dir, const char *system_trust_dir,
                                        lt_library **out, lt_diag_list *diags);
void lt_library_free(lt_library *lib);

/* Adds a publisher's public key to <data-dir>/trusted/ (named by its key id). A revoked key
 * is refused (LT_ERR_UNTRUSTED). */
LT_MUST_CHECK lt_status lt_library_trust(lt_library *lib, const char *pubkey_path,
                                         lt_diag_list *diags);

/* Stops trusting `key_id` (16 hex digits): removes its .pub files from <data-dir>/trusted/.
 * Its packs stay on disk but no longer open. A key trusted only by the system folder cannot
 * be removed from here (LT_ERR_INVALID, saying what to do); an unknown key is LT_ERR_INVALID. */
LT_MUST_CHECK lt_status lt_library_untrust(lt_library *lib, const char *key_id,
                                           lt_diag_list *diags);

/* Removes the installed pack `pack_id` (its binding to its key stays). */
LT_MUST_CHECK lt_status lt_library_remove(lt_library *lib, const char *pack_id,
                                          lt_diag_list *diags);

/* Verifies and installs the pack at `path`. Refuses a pack by an untrusted or revoked key,
 * a revoked id@version, or a pack whose id is bound to another key (LT_ERR_UNTRUSTED, with a
 * message saying who signed it and what an administrator can do), and (LT_ERR_OLDER) a
 * version older than the one installed at the moment of the swap. The same version is a
 * no-op unless the installed copy is damaged, which it repairs. */
LT_MUST_CHECK lt_status lt_library_install(lt_library *lib, const char *path,
                                           lt_progress_fn progress, void *user,
                                           lt_install_result *out_result, lt_diag_list *diags);
/* lt_library_install(), and when `allow_key` (a key id, may be NULL) signed the pack it may
 * replace a pack id bound to another key: the id is bound to `allow_key` from then on. */
LT_MUST_CHECK lt_status lt_library_install_allowing(lt_library *lib, const char *path,
                                                    const char *allow_key, lt_progress_fn progress,
                                                    void *user, lt_install_result *out_result,
                                                    lt_diag_list *diags);

/* Installed packs that open, sorted by title. Manifests stay valid until the next install,
 * trust change or removal through this handle. */
size_t lt_library_count(const lt_library *lib);
const lt_manifest *lt_library_pack_at(const lt_library *lib, size_t i);
const lt_manifest *lt_library_find(const lt_library *lib, const char *pack_id);
/* Installed packs that do not open, sorted by id; valid like the manifests. */
size_t lt_library_refused_count(const lt_library *lib);
const lt_library_refused *lt_library_refused_at(const lt_library *lib, size_t i);
/* Reads the library again when another program changed it (an import, a trust change, a
 * removal, an edit) since this handle last looked; true when it did. Like an install, this
 * invalidates every manifest and refused entry handed out before. */
bool lt_library_refresh(lt_library *lib, lt_diag_list *diags);
/* Folder of an installed pack (free()). */
char *lt_library_pack_dir(const lt_library *lib, const char *pack_id);

/* Reads the file `path` (a path the signed manifest lists) of the installed pack `pack_id`
 * whole, after checking its size and BLAKE2b-256 against the manifest. A changed or missing
 * file is LT_ERR_DAMAGED (the message says to import the pack again); a path the manifest
 * does not list, or a pack that does not open, is LT_ERR_INVALID. *out is NUL-terminated
 * (not counted in *out_len); free() it. */
LT_MUST_CHECK lt_status lt_library_read_file(lt_library *lib, const char *pack_id, const char *path,
                                             char **out, size_t *out_len, lt_diag_list *diags);
/* Checks a file like lt_library_read_file() without keeping it, hashing it as a stream (for
 * videos, which are then opened by path). A file that passed is not hashed again through
 * this handle. */
LT_MUST_CHECK lt_status lt_library_check_file(lt_library *lib, const char *pack_id,
                                              const char *path, lt_diag_list *diags);

#endif
