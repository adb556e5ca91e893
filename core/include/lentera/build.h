/* build — a course folder to a signed pack (what `lentera-pack check` and `build` do).
 *
 * Loads the course, compiles every item, renders cheat sheets to PDF (an error when one
 * does not fit its A4 page), checks every generated XML file against its schema, and, when
 * a key is given, hashes the media, writes and signs the manifest, and writes the pack.
 * Any error anywhere means no pack: all problems are reported together. */
#ifndef LENTERA_BUILD_H
#define LENTERA_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "lentera/diag.h"
#include "lentera/pack.h"
#include "lentera/sign.h"

typedef struct {
  const char *course_dir;
  const lt_seckey *key;    /* NULL: check only, write nothing */
  const char *out_path;    /* NULL: "<id>-<version>.lentera" in the current folder */
  int64_t created;         /* unix time recorded in the pack (SOURCE_DATE_EPOCH) */
  lt_progress_fn progress; /* over the media bytes; each is read twice (hash, then copy) */
  void *user;
  bool transcode; /* videos not accepted as they are become H.264 + AAC 720p MP4 */
  void (*transcode_started)(void *transcode_user, const char *video);
  lt_progress_fn transcode_progress; /* milliseconds of the video done, of its length */
  void *transcode_user;
} lt_build_options;

/* On success with a key, *out_path (free()) is where the pack was written. */
LT_MUST_CHECK lt_status lt_build_run(const lt_build_options *opts, char **out_path,
                                     lt_diag_list *diags);

#endif
