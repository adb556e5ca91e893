/* library — the packs installed in a data folder, and the keys trusted to sign them.
 *
 * <data-dir>/packs/<pack-id>/ holds one installed version (the verified entries with the
 * signed manifest); the .pub files in <data-dir>/trusted/ and in the system folder
 * (/etc/lentera/trusted.d) are the trusted publisher keys. Installing verifies the whole pack into
 * a staging folder beside the library, fsyncs it, then swaps it in with one rename: a pack is
 * installed whole or not at all, and the version before stays until that moment. */
#ifndef LENTERA_LIBRARY_H
#define LENTERA_LIBRARY_H

#include <stddef.h>

#include "lentera/diag.h"
#include "lentera/manifest.h"
#include "lentera/pack.h"

#define LT_LIBRARY_SYSTEM_TRUST_DIR "/etc/lentera/trusted.d"

typedef struct lt_library lt_library;

typedef enum {
  LT_INSTALL_NEW,     /* the pack was not installed before */
  LT_INSTALL_UPDATED, /* a newer version replaced the installed one */
  LT_INSTALL_SAME     /* this version was already installed: nothing changed */
} lt_install_result;

/* Opens (creating folders as needed) the library in `data_dir`; `system_trust_dir` NULL
 * means LT_LIBRARY_SYSTEM_TRUST_DIR. Leftovers of an interrupted install are removed. */
LT_MUST_CHECK lt_status lt_library_open(const char *data_dir, const char *system_trust_dir,
                                        lt_library **out, lt_diag_list *diags);
void lt_library_free(lt_library *lib);

/* Adds a publisher's public key to <data-dir>/trusted/ (named by its key id). */
LT_MUST_CHECK lt_status lt_library_trust(lt_library *lib, const char *pubkey_path,
                                         lt_diag_list *diags);

/* Verifies and installs the pack at `path`. Refuses (LT_ERR_VERIFY, with a message saying
 * who signed it and how to trust a key) a pack by an untrusted key, and (LT_ERR_INVALID) a
 * version older than the one installed. */
LT_MUST_CHECK lt_status lt_library_install(lt_library *lib, const char *path,
                                           lt_progress_fn progress, void *user,
                                           lt_install_result *out_result, lt_diag_list *diags);

/* Installed packs, sorted by title. Manifests stay valid until the next install. */
size_t lt_library_count(const lt_library *lib);
const lt_manifest *lt_library_pack_at(const lt_library *lib, size_t i);
const lt_manifest *lt_library_find(const lt_library *lib, const char *pack_id);
/* Folder of an installed pack (free()). */
char *lt_library_pack_dir(const lt_library *lib, const char *pack_id);

#endif
