/* unsaved — a write the learner's action needed and the log or the disk refused.
 *
 * Nothing is shown as done that the log does not hold: when recording an answer, the end of
 * an attempt, lesson progress or a certificate fails, the screen stays where it is and says
 * in plain words what is not saved and why (a full disk, a read-only data folder, a disk
 * error), and what to do. The action is retried quietly every few seconds from the frame
 * loop (and again whenever the learner presses the button), so once the fault is gone the
 * learner goes on by themselves: the answer still on screen is sent, the result appears. */
#include <glib/gi18n-lib.h>

#include "screens.h"

static const char *what_of(unsaved_kind k) {
  switch (k) {
  case UNSAVED_ANSWER: return _("Jawaban belum tersimpan");
  case UNSAVED_RESULT: return _("Hasil tes belum tersimpan");
  case UNSAVED_PROGRESS: return _("Kemajuan belajar belum tersimpan");
  case UNSAVED_CERTIFICATE: return _("Sertifikat belum tersimpan");
  case UNSAVED_VIDEO: return _("Bagian video yang baru ditonton tidak tersimpan");
  case UNSAVED_NONE: break;
  }
  return "";
}

char *unsaved_words(lt_status why) {
  if (why == LT_ERR_FULL)
    return g_strdup(_("disk komputer penuh. Kosongkan sedikit ruang disk atau hubungi petugas "
                      "TI."));
  if (why == LT_ERR_READONLY)
    return g_strdup(_("folder data Lentera tidak bisa ditulis (hanya-baca atau tanpa izin). "
                      "Hubungi petugas TI."));
  return g_strdup(_("disk gagal menulis. Hubungi petugas TI."));
}

void unsaved_set(app *a, unsaved_kind k, lt_status why) {
  a->unsaved = k, a->unsaved_why = why;
  a->unsaved_retry = g_get_monotonic_time() + a->retry_us;
  a->redraw = true;
}

void unsaved_clear(app *a, unsaved_kind k) {
  if (a->unsaved == k) a->unsaved = UNSAVED_NONE, a->redraw = true;
}

void unsaved_draw(app *a) {
  if (a->unsaved == UNSAVED_NONE) return;
  char *cause = unsaved_words(a->unsaved_why);
  char *m = g_strdup_printf("%s: %s", what_of(a->unsaved), cause);
  ui_text(&a->ui, m, 1.0, true, UI_BAD);
  if (a->unsaved != UNSAVED_VIDEO)
    ui_text(&a->ui, _("Lentera mencoba menyimpan lagi sendiri. Jangan tutup jendela ini."), 0.9,
            false, UI_MUTED);
  g_free(m), g_free(cause);
}

void unsaved_retry(app *a) {
  if (a->unsaved == UNSAVED_NONE || a->unsaved == UNSAVED_VIDEO) return;
  if (g_get_monotonic_time() < a->unsaved_retry) return;
  a->unsaved_retry = g_get_monotonic_time() + a->retry_us;
  switch (a->unsaved) {
  case UNSAVED_ANSWER:
    if (a->screen == SCR_QUIZ && quiz_is_open(a)) quiz_submit(a);
    break;
  case UNSAVED_RESULT:
    if (a->screen == SCR_QUIZ && quiz_is_open(a)) quiz_finish(a);
    break;
  case UNSAVED_PROGRESS:
    if (a->screen == SCR_ITEM) {
      screen_record_progress(a, a->unsaved_completed);
      if (a->unsaved == UNSAVED_NONE) screen_leave_item(a); /* where the learner was going */
    }
    break;
  case UNSAVED_CERTIFICATE:
    if (a->screen == SCR_RESULT && quiz_is_open(a)) quiz_certificate(a);
    break;
  default: break;
  }
  a->redraw = true;
}
