/* preview — `lentera-player --preview COURSE_DIR`: a course shown straight from its folder.
 *
 * The data folder is a private temporary one (removed at exit, so no records are kept): a
 * key made there signs each build, is trusted there, and the pack is installed there for a
 * fixed preview learner. Every frame is marked "Pratinjau"; about once a second the course
 * folder's snapshot (lentera/watch.h) is compared, and a change rebuilds: a good build
 * replaces the pack and reopens the same item at the same scroll position, a failed one
 * leaves the last good pack on screen under a red box of file:line:col diagnostics. */
#ifndef LENTERA_PLAYER_PREVIEW_H
#define LENTERA_PLAYER_PREVIEW_H

#include <stdbool.h>

#include "app.h"

/* Builds and installs the course once, signs the preview learner in and opens the outline.
 * False (the diagnostics printed to stderr) when the first build fails. */
bool preview_start(app *a, const char *course_dir);
/* Each frame, before drawing: rebuilds when the folder changed. */
void preview_tick(app *a);
/* Height the band takes at the top of each screen (0 without a preview). */
double preview_band(const app *a);
/* Each frame, after the screen drew itself: the band and the diagnostics, over the top. */
void preview_draw(app *a);
void preview_free(app *a);
/* Removes a temporary data folder and everything in it. */
void preview_remove_dir(const char *dir);

#endif
