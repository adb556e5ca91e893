/* manifest — lentera.xml, the signed table of contents of a pack (schema/manifest.xsd).
 *
 * The packer builds one with lt_manifest_new/_add_item/_add_file and serialises it with
 * lt_manifest_to_xml; readers get one back with lt_manifest_parse, which validates the text
 * against the schema first. lt_manifest_trusted_comment() is the text the signature's
 * trusted comment must equal, which binds the signature to this id, version and time. */
#ifndef LENTERA_MANIFEST_H
#define LENTERA_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"
#include "lentera/target.h"

/* The format number written in <pack format="…"> (docs/FORMAT.md); a reader refuses any
 * other, since a format it does not know may mean what it cannot check. */
#define LT_MANIFEST_FORMAT 1

typedef struct lt_manifest lt_manifest;

/* Plain views; strings stay valid while the manifest lives. */
typedef struct {
  const char *kind; /* lesson | cheatsheet | quiz */
  const char *id;
  const char *title;
  const char *path; /* the item's XML in the pack */
  long minutes;     /* 0 when not given */
  const char *role; /* quizzes: pretest | posttest | practice; else NULL */
  long questions;   /* quizzes: number of questions */
  const char *pdf;  /* cheat sheets: printable PDF path; else NULL */
} lt_manifest_item;

typedef struct {
  const char *path;
  uint64_t size;
  const char *blake2b; /* 64 lower-case hex digits */
  /* videos only (codecs NULL otherwise) */
  double duration; /* seconds */
  long width, height;
  const char *codecs; /* "h264,aac", "vp9,opus", "h264" */
  const char *poster; /* the poster frame's path in the pack */
} lt_manifest_file;

typedef struct {
  const char *id, *version, *title, *language, *publisher;
  const char *activity_base;   /* may be NULL */
  const char *const *audience; /* NULL-terminated */
  const char *key_id;
  int64_t created;         /* unix time */
  const char *generator;   /* the program that wrote the pack, "lentera-pack 0.2.0"; may be NULL */
  const char *description; /* the course's introduction in plain text (home page); may be NULL */
} lt_manifest_info;

/* Who signs the course's certificates (<signer>, from course.md `signer`). */
typedef struct {
  const char *name, *position;
  const char *nip; /* may be NULL */
} lt_manifest_signer;

lt_manifest *lt_manifest_new(const lt_manifest_info *info);
void lt_manifest_free(lt_manifest *m);
void lt_manifest_add_item(lt_manifest *m, const lt_manifest_item *item);
void lt_manifest_add_file(lt_manifest *m, const char *path, uint64_t size, const char *blake2b);
/* Describes the listed file `path` as a video. */
void lt_manifest_set_video(lt_manifest *m, const char *path, double duration, long width,
                           long height, const char *codecs, const char *poster);

/* Names the certificates' signer (copied); NULL or a NULL name: nobody. */
void lt_manifest_set_signer(lt_manifest *m, const lt_manifest_signer *signer);
/* The signer, or NULL (a course that names nobody, a pack older than `signer`). */
const lt_manifest_signer *lt_manifest_get_signer(const lt_manifest *m);

/* The days after passing the post-test at which it is asked again (course.md `followup`),
 * ascending, copied (at most 8); count 0: no follow-up. */
void lt_manifest_set_followup(lt_manifest *m, const long *days, size_t count);
/* The course's training targets (course.md `targets`), at most LT_TARGETS_MAX. */
void lt_manifest_set_targets(lt_manifest *m, const lt_target *targets, size_t count);
const lt_target *lt_manifest_get_targets(const lt_manifest *m, size_t *out_count);
const long *lt_manifest_get_followup(const lt_manifest *m, size_t *out_count);

/* Serialises to XML (free() *out). */
LT_MUST_CHECK lt_status lt_manifest_to_xml(const lt_manifest *m, char **out, size_t *out_len);
/* Validates against manifest.xsd and reads. `name` labels messages. */
LT_MUST_CHECK lt_status lt_manifest_parse(const char *xml, size_t len, const char *name,
                                          lt_manifest **out, lt_diag_list *diags);

const lt_manifest_info *lt_manifest_get_info(const lt_manifest *m);
size_t lt_manifest_item_count(const lt_manifest *m);
const lt_manifest_item *lt_manifest_item_at(const lt_manifest *m, size_t i);
size_t lt_manifest_file_count(const lt_manifest *m);
const lt_manifest_file *lt_manifest_file_at(const lt_manifest *m, size_t i);
/* Index of the file with `path`, or -1. */
long lt_manifest_find_file(const lt_manifest *m, const char *path);
uint64_t lt_manifest_total_size(const lt_manifest *m);

/* "lentera id=<id> version=<version> created=<unix time>" (free()). */
char *lt_manifest_trusted_comment(const lt_manifest *m);
/* What `lentera-pack inspect --json` prints: the manifest's fields, items and files, with
 * `signer` as "signed_by" (free()). */
char *lt_manifest_to_json(const lt_manifest *m, const char *signer);

#endif
