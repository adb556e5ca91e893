/* target — a course's training target (course.md `targets`, the manifest's <target>):
 * "by 2027-06-30, 80% of paket-a staff have passed the post-test". The report sets each
 * against the records month by month (core/targets.c, the section "Target pelatihan"). */
#ifndef LENTERA_TARGET_H
#define LENTERA_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"

enum { LT_TARGETS_MAX = 8 };

typedef struct {
  char audience[16]; /* paket-a … paket-d, semua-staf */
  char measure[16];  /* "started": did anything in the course; "passed": passed its post-test */
  double share;      /* 0 < share <= 1 */
  char by[11];       /* the deadline, YYYY-MM-DD */
} lt_target;

/* Whether `measure` is one Lentera can count ("started", "passed"). */
bool lt_target_measure_known(const char *measure);

/* The targets the report sets against the records (`lentera-pack report --pack FILE`):
 * each pack's, with its course's activity id, title and the pack's creation (the target's
 * path starts there). */
typedef struct lt_target_list lt_target_list;
lt_target_list *lt_target_list_new(void);
void lt_target_list_free(lt_target_list *l);
/* Adds the targets of the pack at `path`, read from its manifest alone (as `inspect` reads
 * it): a file that is not a pack is an error naming it; a pack without targets adds none
 * (*out_added may be NULL). A later version of a course replaces an earlier one's targets. */
LT_MUST_CHECK lt_status lt_target_list_add_pack(lt_target_list *l, const char *path,
                                                size_t *out_added, lt_diag_list *diags);
size_t lt_target_list_count(const lt_target_list *l);

#endif
