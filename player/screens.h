/* screens.h — player-internal: what the screen files share (screens.c: learners, library,
 * outline, lessons, keys, frames; quizscreen.c: quizzes and results; usbscreen.c: USB;
 * syncscreen.c: sending records to an LRS or a stick;
 * videoscreen.c: playing a lesson's video). */
#ifndef LENTERA_PLAYER_SCREENS_H
#define LENTERA_PLAYER_SCREENS_H

#include "app.h"

/* Replaces the one-time message shown on the next screen (takes `msg`, may be NULL). */
void screen_message(app *a, char *msg);
const lt_manifest_item *screen_current_item(const app *a);
/* Whether an item is one of the course's parts on its outline (a quiz with role "followup"
 * is not: the home page offers it when a follow-up is due). */
bool screen_in_outline(const lt_manifest_item *it);
/* The quiz a follow-up asks: the course's role "followup" quiz, else its post-test (or NULL). */
const lt_manifest_item *screen_followup_quiz(const lt_manifest *m);
lt_log_where screen_where(const app *a);
/* Reads a file of the open pack, checked against its signed digest (library.h); a damaged
 * one is LT_ERR_DAMAGED, and is never shown, marked done or certified. */
LT_MUST_CHECK lt_status screen_read(const app *a, const char *rel, char **out, size_t *out_len);
/* Installs a pack from the window (a stick, a dropped file). Installing re-reads the
 * library's manifests, so the open item is closed first and a->pack found again (NULL, and
 * the library screen, when it is gone). */
LT_MUST_CHECK lt_status screen_install(app *a, const char *path, lt_install_result *out,
                                       lt_diag_list *d);
/* What the learner is told about a damaged or changed item (static storage). */
const char *screen_damaged_words(void);
/* The learner's Documents folder (XDG; data/dokumen headless, LENTERA_DOCUMENTS_DIR). */
char *screen_documents_dir(const app *a);
/* Lays out CommonMark XML at the column width and text size. */
lt_layout *screen_layout(app *a, const char *xml, size_t len, const char *name);

/* Records the open lesson's active time and position (see unsaved.c when it fails). */
void screen_record_progress(app *a, bool completed);
/* Goes where a->unsaved_then says (the next item or the outline), once progress is saved. */
void screen_leave_item(app *a);

/* unsaved.c: a refused write, said on screen and retried (app.h unsaved_kind). */
void unsaved_set(app *a, unsaved_kind k, lt_status why);
void unsaved_clear(app *a, unsaved_kind k); /* when k is what is unsaved */
void unsaved_draw(app *a);                  /* the warning, on the screen that holds it */
void unsaved_retry(app *a);                 /* from every frame: a quiet retry when due */
char *unsaved_words(lt_status why);         /* why a write failed, in plain words (g_free) */

quiz_view *quiz_view_new(void);
void quiz_view_free(app *a);
void quiz_close(app *a);         /* the quiz and its layouts let go (the result stays) */
bool quiz_is_open(const app *a); /* a quiz or its result is on screen */
bool quiz_key(app *a, SDL_Keycode key, Uint16 mod); /* its own keys; false: not one of them */
/* progress.c: the learner's progress, read when the library or an outline is entered. */
typedef struct {
  int state;                /* lessons, cheat sheets, videos: 0 not opened, 1 begun, 2 done */
  lt_log_quiz_summary quiz; /* quizzes */
  bool done;                /* a lesson done, a quiz tried, the post-test passed */
  long followup_due;        /* post-tests: the follow-up due now (its days), 0 none */
  bool followup_begun;      /* and it is begun, unfinished */
} item_progress;
void progress_load(app *a, const lt_manifest *only); /* every pack, or only that one */
void progress_forget(app *a);
void progress_free(app *a);
const item_progress *progress_of(app *a, const lt_manifest *m, const lt_manifest_item *it);
const char *const *progress_recent(app *a); /* the packs studied, most recent first */
void progress_load_learners(app *a);
/* The refresher cards due today (courses installed), and the next set: its pack (NULL when
 * none is due) and how many of its cards it asks (LT_REFRESHER_SET at most). */
const char *progress_refresher(app *a, size_t *due, size_t *in_set);
/* None due today: the next day some are ("YYYY-MM-DD", "" when none) and *count of them. */
const char *progress_refresher_next(app *a, size_t *count);
/* When the library was entered the clock was earlier than this event (ISO 8601), or NULL. */
const char *progress_clock_seen(app *a);
const lt_log_learner *progress_learners(app *a, size_t *n, bool *ok);
bool quiz_start(app *a); /* false: not started (a message may say why) */
/* Follow-up tests: the next quiz_start begins (or resumes) the follow-up of `days` of the
 * post-test instead of an ordinary attempt; quiz_followup is the open attempt's days (0:
 * ordinary); quiz_followup_words says them as the learner reads them ("Tes ulang 1 bulan"). */
void quiz_followup_next(app *a, long days);
long quiz_followup(const app *a);
/* Whether the open quiz is a survey whose responses are recorded without name or NIP. */
bool quiz_anonymous(const app *a);
char *quiz_followup_words(long days);
/* refresher.c: "Ulang singkat" on the home page; true when its set was opened. */
bool refresher_home(app *a);
/* quizscreen.c: a refresher set (taken: `set`, `sources` the quiz item of each question in
 * a->pack) asked like a practice, each answer moving its card; quiz_refresher: one is open. */
void quiz_refresher_begin(app *a, lt_quiz *set, GArray *sources);
bool quiz_refresher(const app *a);
void quiz_screen(app *a);
void quiz_result_screen(app *a);
void quiz_submit(app *a); /* records the answer, then feedback or the next question */
void quiz_next(app *a);   /* the next question or the result */
void quiz_finish(app *a); /* ends the attempt (all answered): the result, once it is saved */
void quiz_certificate(app *a);
/* "Buka" and "Simpan ke flashdisk" for the certificate at `path`. */
void certificate_actions(app *a, const char *path);
/* helpscreen.c: the learner's certificates, and help. */
void certificates_screen(app *a);
/* "Riwayat belajar saya": history_enter reads the learner's transcript and shows it. */
void history_enter(app *a);
void history_screen(app *a);
void help_screen(app *a);
/* The quiz's max_attempts (0: unlimited), read from the installed quiz once; -1 if unreadable. */
long quiz_limit(app *a, const lt_manifest *m,
                const lt_manifest_item *it); /* writes a passed post-test's certificate */

GPtrArray *usb_sticks(void); /* mounted stick folders (free with g_ptr_array_free) */
void usb_scan(app *a);
void usb_screen(app *a);
bool usb_busy(const app *a); /* installing: the next pack is installed on the next frame */
void usb_update(app *a);     /* installs the next pack while installing */
void usb_free(app *a);

bool sync_configure(app *a);                  /* reads [sync]; true when an LRS is configured */
int sync_command(app *a, bool retry_refused); /* --sync [--retry-refused]: exit code */
void sync_start(app *a); /* a background push, when configured and none is running */
bool sync_running(app *a);
void sync_stop(app *a, double wait_s); /* waits up to wait_s, then cancels and joins */
void sync_screen(app *a);
void sync_enter(app *a);  /* reads what the screen says of the outbox */
void sync_update(app *a); /* …again every half second, and when a push starts or ends */

bool video_is_video(const char *path);    /* by extension: .mp4, .webm, .m4v */
void video_open(app *a, const char *rel); /* the lesson's video at pack path `rel` */
void video_close(app *a);                 /* saves progress, stops sound */
bool video_busy(const app *a);            /* playing: frames are due often */
enum { VIDEO_UI = 1, VIDEO_PICTURE = 2 };
int video_tick(app *a);     /* plays on; VIDEO_UI: draw the interface, VIDEO_PICTURE: a new one */
void video_present(app *a); /* the picture over the interface */
void video_key(app *a, SDL_Keycode key);
void video_screen(app *a);

#endif
