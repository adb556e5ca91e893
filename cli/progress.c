/* progress — "Building [#######-------]  45%  68 MB / 150 MB" (or "450 / 1000" when it
 * counts things) on one rewritten line. The player's --sync uses it too. */
#include "progress.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

struct lt_progress {
  const char *label;
  gint64 start, last;
  bool tty, shown, count, millis;
};

lt_progress *lt_progress_new(const char *label) {
  lt_progress *p = g_new0(lt_progress, 1);
  p->label = label;
  p->start = g_get_monotonic_time();
  p->tty = isatty(STDERR_FILENO);
  return p;
}

lt_progress *lt_progress_new_count(const char *label) {
  lt_progress *p = lt_progress_new(label);
  p->count = true;
  return p;
}

lt_progress *lt_progress_new_seconds(const char *label) {
  lt_progress *p = lt_progress_new(label);
  p->millis = true;
  return p;
}

void lt_progress_update(void *user, uint64_t done, uint64_t total) {
  lt_progress *p = user;
  gint64 now = g_get_monotonic_time();
  if (!p->tty || total == 0 || now - p->start < 500000 || (now - p->last < 100000 && done < total))
    return;
  p->last = now;
  p->shown = true;
  enum { WIDTH = 30 };
  int filled = (int)(WIDTH * done / total), pct = (int)(100 * done / total);
  char bar[WIDTH + 1];
  for (int i = 0; i < WIDTH; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[WIDTH] = '\0';
  char *d = p->millis  ? g_strdup_printf("%" G_GUINT64_FORMAT " s", done / 1000)
            : p->count ? g_strdup_printf("%" G_GUINT64_FORMAT, done)
                       : g_format_size(done);
  char *t = p->millis  ? g_strdup_printf("%" G_GUINT64_FORMAT " s", total / 1000)
            : p->count ? g_strdup_printf("%" G_GUINT64_FORMAT, total)
                       : g_format_size(total);
  fprintf(stderr, "\r%s [%s] %3d%%  %s / %s   ", p->label, bar, pct, d, t);
  (void)fflush(stderr); /* a bar that cannot be drawn is only not seen */
  g_free(d);
  g_free(t);
}

void lt_progress_free(lt_progress *p) {
  if (!p) return;
  if (p->shown) fputs("\r\033[K", stderr);
  g_free(p);
}
