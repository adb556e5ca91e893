/* watch — noticing that a course folder changed (`check --watch`, the player's preview).
 *
 * A snapshot is one line per file under the folder (path, size, modification time in
 * nanoseconds), sorted; two snapshots differ exactly when a file was added, removed or
 * written. Polling a snapshot about once a second is cheap for a course-sized folder and
 * works the same on every file system (network drives and USB sticks included). */
#ifndef LENTERA_WATCH_H
#define LENTERA_WATCH_H

/* The folder's snapshot (g_free()); an unreadable folder gives an empty string. */
char *lt_watch_snapshot(const char *dir);

#endif
