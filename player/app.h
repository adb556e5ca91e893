/* app — the player's state and its screens (the only mutable top-level struct).
 *
 * Screens: choose learner → (PIN) → library → course outline → lesson / cheat sheet /
 * quiz → result; lesson → video; library → sync. Each frame the current screen draws itself with
 * ui.h into a Cairo image surface that becomes an SDL texture; input from SDL or from a script sets
 * the ui input for the next frame. */
#ifndef LENTERA_PLAYER_APP_H
#define LENTERA_PLAYER_APP_H

#include <SDL.h>
#include <stdbool.h>

#include "lentera/layout.h"
#include "lentera/library.h"
#include "lentera/log.h"
#include "lentera/quiz.h"
#include "ui.h"

typedef enum {
  SCR_LEARNERS,
  SCR_NEW_LEARNER,
  SCR_PIN,
  SCR_LIBRARY,
  SCR_OUTLINE,
  SCR_ITEM,
  SCR_QUIZ,
  SCR_RESULT,
  SCR_USB,
  SCR_SYNC,
  SCR_VIDEO,
  SCR_CERTIFICATES, /* "Sertifikat saya" (helpscreen.c) */
  SCR_HISTORY,      /* "Riwayat belajar saya" (historyscreen.c) */
  SCR_HELP          /* "Bantuan" (helpscreen.c) */
} screen_id;

typedef struct video_view video_view;
typedef struct quiz_view quiz_view;
typedef struct progress_cache progress_cache;

/* A write the learner's last action needed and the log or the disk refused (unsaved.c). */
typedef enum {
  UNSAVED_NONE,
  UNSAVED_ANSWER,      /* the answer on screen: retried by quiz_submit */
  UNSAVED_RESULT,      /* the attempt's end: retried by quiz_finish */
  UNSAVED_PROGRESS,    /* lesson time and position: retried by screen_record_progress */
  UNSAVED_CERTIFICATE, /* the passed post-test's PDF: retried by quiz_certificate */
  UNSAVED_VIDEO        /* a video's seconds, lost when it was closed: only said */
} unsaved_kind;

/* Where the learner was going when lesson progress could not be saved. */
typedef enum { LEAVE_STAY, LEAVE_NEXT, LEAVE_OUTLINE } leave_to;

typedef struct {
  SDL_Window *win;
  SDL_Renderer *ren;
  SDL_Texture *tex;
  int w, h;
  cairo_surface_t *surface;
  ui ui;
  bool headless, quit;
  bool placed; /* the window was fitted to the screen once its frame was known */

  char *data_dir;
  char *help_contact; /* lentera.conf [player] help_contact: who IT is, for "Bantuan" */
  lt_library *lib;
  lt_log *log;
  lt_log_learner learner;  /* id 0: nobody chosen yet */
  int64_t pending_learner; /* chosen, waiting for the PIN */
  char *pending_name;      /* …and who that is, "Name (NIP)", for the PIN screen */
  screen_id screen, drawn_screen;
  GString *f_name, *f_id, *f_unit, *f_pin;
  int f_group;        /* the new learner's training group: index in screens.c's groups, -1 none */
  GString *f_search;  /* the library's search box (more than 8 courses) */
  char *message;      /* shown once on the next screen, e.g. an import result */
  GPtrArray *history; /* SCR_HISTORY's lines, read from the log on entering (historyscreen.c) */

  const lt_manifest *pack; /* current pack and item index */
  size_t item;
  char *pack_dir;
  lt_layout *doc;   /* current lesson or cheat sheet */
  bool doc_damaged; /* its file is not what the publisher signed: not shown, never done */
  double doc_scale, doc_width;
  gint64 last_tick, last_input; /* monotonic µs, for active time */
  double active;                /* seconds not yet recorded */
  double scroll_target;         /* ui.scroll glides towards it */
  double kept_scroll[3]; /* the library's, the last outline's and the lesson's under a video */
  const lt_manifest *kept_outline; /* whose outline kept_scroll[1] is */

  quiz_view *qv;            /* the quiz being taken and its result (quizscreen.c) */
  progress_cache *progress; /* the learner's progress as the library and outline show it */
  GHashTable *quiz_limits;  /* "pack/quiz" → its max_attempts + 1, read once (quiz_limit) */
  struct usb_view *usb;     /* the sticks' packs and their import (usbscreen.c), or NULL */
  bool choosing_place;      /* the cheat sheet screen asks where to save the PDF */
  char *pdf_note;           /* what became of the last "Simpan sebagai PDF", shown beside it */
  bool pdf_saved;           /* …and whether it was saved (green) or not (red) */
  char *note_for;           /* the certificate a certificate_actions note is about */
  lt_lrs lrs;               /* [sync] of lentera.conf, when lrs_configured */
  bool lrs_configured;
  struct sync_job *sync; /* a push running in the background, or NULL */
  video_view *video;     /* the video playing (SCR_VIDEO), or NULL */
  bool redraw;           /* input arrived: draw the interface this frame */
  unsaved_kind unsaved;  /* what is not saved yet (the screen says so and stays) */
  lt_status unsaved_why;
  bool unsaved_completed; /* UNSAVED_PROGRESS: the lesson was finished */
  leave_to unsaved_then;  /* UNSAVED_PROGRESS: where to go once it is saved */
  gint64 unsaved_retry;   /* monotonic µs of the next quiet retry */
  gint64 retry_us;        /* between quiet retries: 3 s (LENTERA_RETRY_MS for tests) */
  /* "Nomor sertifikat … · kode cek …" of a->certificate, shown with it */

  struct preview *preview; /* --preview COURSE_DIR (preview.c), or NULL */
} app;

/* Frame: draw the current screen and present it. */
void app_frame(app *a);
/* Keyboard (also from scripts). */
void app_key(app *a, SDL_Keycode key, Uint16 mod);
/* Script actions that jump directly. */
bool app_choose_learner(app *a, const char *employee_id, const char *name);
bool app_open(app *a, const char *pack_id, const char *item_id);
void app_close_item(app *a);
void app_free(app *a);

#endif
