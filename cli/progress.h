/* progress — a terminal progress bar for long packer work.
 *
 * Shared by lentera-pack and lentera-player --sync. Drawn on stderr only when it is a terminal and
 * the work has lasted more than half a second, redrawn at most ten times a second, and erased when
 * done. */
#ifndef LENTERA_CLI_PROGRESS_H
#define LENTERA_CLI_PROGRESS_H

#include <stdint.h>

typedef struct lt_progress lt_progress;

lt_progress *lt_progress_new(const char *label);
/* The same bar counting items ("450 / 1000") instead of bytes. */
lt_progress *lt_progress_new_count(const char *label);
/* Counting milliseconds of a video, shown as seconds ("12 s / 180 s"). */
lt_progress *lt_progress_new_seconds(const char *label);
/* Matches lt_progress_fn; `user` is the lt_progress. */
void lt_progress_update(void *user, uint64_t done, uint64_t total);
void lt_progress_free(lt_progress *p);

#endif
