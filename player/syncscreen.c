/* syncscreen — sending learning records on: to the office's LRS over the network, or to a
 * USB stick.
 *
 * `--sync` pushes in the foreground with a progress bar. In the window, a push runs in a
 * worker thread with its own connection to the log (SQLite WAL lets the learner go on
 * recording meanwhile): once quietly at start, from the sync screen's "Kirim sekarang", and
 * once more at exit for at most a few seconds, so the learner never waits on the network.
 * The screen reads the state the log keeps: pending count, last success, last error (in plain
 * words, then what the server said), and the statements the LRS refused, one of them with the
 * server's words and the command IT runs to send them again (`--sync --retry-refused`).
 * Only an LRS's real acknowledgement marks a statement sent (lrs.h); a login over http://
 * is refused unless [sync] says allow_insecure = true, and the message says why. */
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "progress.h"
#include "screens.h"

struct sync_job {
  GThread *thread;
  lt_lrs lrs; /* a copy of the app's, with its own cancel flag and fewer retries */
  volatile int cancel;
  gint done;
  char *log_path;
  lt_lrs_result result;
};

bool sync_configure(app *a) {
  char *conf = g_build_filename(a->data_dir, "lentera.conf", NULL);
  lt_diag_list *d = lt_diag_list_new();
  if (lt_lrs_load_config(conf, &a->lrs, &a->lrs_configured, d) != LT_OK)
    a->lrs_configured = false; /* said below; the player works on without sending */
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    char *m = lt_diag_format(d, i);
    fprintf(stderr, "%s\n", m);
    free(m);
  }
  lt_diag_list_free(d);
  g_free(conf);
  return a->lrs_configured;
}

/* Plain words for why the last push stopped (`stored` is "<outcome> <detail>"). */
static const char *plain_error(const char *stored) {
  switch (stored ? atoi(stored) : LT_LRS_DONE) {
  case LT_LRS_AUTH:
    return _("Server LRS menolak nama pengguna atau kata sandi. Minta admin TI memeriksa "
             "pengaturan [sync].");
  case LT_LRS_UNREACHABLE:
    return _("Server LRS tidak dapat dihubungi. Periksa jaringan, nanti dicoba lagi.");
  case LT_LRS_SERVER: return _("Server LRS sedang bermasalah. Nanti dicoba lagi.");
  case LT_LRS_LOCAL: return _("Catatan di komputer ini tidak dapat dibaca atau ditulis.");
  case LT_LRS_INSECURE:
    return _("Tidak dikirim: alamat server LRS memakai http://, jadi kata sandi akan lewat "
             "jaringan tanpa enkripsi dan dapat dibaca orang lain. Minta admin TI memakai "
             "https://, atau menulis allow_insecure = true di bagian [sync] bila jaringan ini "
             "memang aman.");
  case LT_LRS_REDIRECT:
    return _("Server LRS mengalihkan ke alamat lain, dan pengalihan itu tidak diikuti. Minta "
             "admin TI memeriksa alamat endpoint di bagian [sync].");
  case LT_LRS_NOT_ACK:
    return _("Jawaban server bukan tanda terima dari LRS (mungkin halaman login jaringan atau "
             "proxy). Tidak ada catatan yang ditandai terkirim; nanti dicoba lagi.");
  case LT_LRS_REFUSES_ALL:
    return _("Server LRS menolak semua catatan dengan jawaban yang sama: ini masalah server, "
             "bukan catatannya. Tidak ada yang ditandai; minta admin TI memeriksa server LRS.");
  case LT_LRS_CERTIFICATE:
    return _("Sertifikat server LRS tidak dapat dipastikan keasliannya, jadi tidak ada yang "
             "dikirim. Minta admin TI memasang sertifikat yang sah di server, atau menulis "
             "ca_file (sertifikat server kantor sendiri) di bagian [sync].");
  default: return NULL;
  }
}

/* The same, for the learner at the sync screen: what happened and what to do, without the
 * words only IT knows (those follow, under "Untuk admin TI"). */
static const char *learner_error(const char *stored) {
  switch (stored ? atoi(stored) : LT_LRS_DONE) {
  case LT_LRS_UNREACHABLE:
    return _("Server kantor tidak dapat dihubungi dari komputer ini. Catatan tetap aman di sini "
             "dan dikirim lagi nanti; atau simpan ke flashdisk untuk pelatih.");
  case LT_LRS_SERVER:
  case LT_LRS_NOT_ACK:
    return _("Server kantor belum menerima catatan. Catatan tetap aman di sini dan dikirim lagi "
             "nanti.");
  case LT_LRS_LOCAL: return _("Catatan di komputer ini tidak dapat dibaca atau ditulis.");
  case LT_LRS_AUTH:
  case LT_LRS_INSECURE:
  case LT_LRS_REDIRECT:
  case LT_LRS_REFUSES_ALL:
  case LT_LRS_CERTIFICATE:
    return _("Pengiriman ke server kantor perlu dibetulkan oleh admin TI. Catatan tetap aman di "
             "sini; sementara itu simpan ke flashdisk untuk pelatih.");
  default: return NULL;
  }
}

/* The detail after "<outcome> " in a stored last error, or NULL. */
static const char *stored_detail(const char *stored) {
  const char *sp = stored ? strchr(stored, ' ') : NULL;
  return sp && sp[1] ? sp + 1 : NULL;
}

int sync_command(app *a, bool retry_refused) {
  if (!a->lrs_configured) {
    char *conf = g_build_filename(a->data_dir, "lentera.conf", NULL);
    fprintf(stderr,
            _("Belum ada server LRS yang diatur. Tulis bagian [sync] (endpoint, username, "
              "password) di %s, atau gunakan --export-sync FOLDER.\n"),
            conf);
    g_free(conf);
    return 2;
  }
  size_t pending = 0, again = 0;
  lt_diag_list *d = lt_diag_list_new();
  lt_status s = retry_refused ? lt_log_retry_refused(a->log, &again, d) : LT_OK;
  if (s == LT_OK && retry_refused)
    printf(_("%zu catatan yang ditolak server LRS dikirim lagi.\n"), again);
  if (s == LT_OK) s = lt_log_pending(a->log, &pending, d);
  if (s != LT_OK) { /* never "nothing to send" */
    for (size_t i = 0; i < lt_diag_count(d); i++) {
      char *m = lt_diag_format(d, i);
      fprintf(stderr, "%s\n", m);
      free(m);
    }
    lt_diag_list_free(d);
    fprintf(stderr, "%s\n", _("Catatan di komputer ini tidak dapat dibaca atau ditulis."));
    return 2;
  }
  if (!pending) {
    lt_diag_list_free(d);
    printf(_("Tidak ada catatan yang perlu dikirim.\n"));
    return 0;
  }
  lt_progress *bar = lt_progress_new_count(_("Mengirim"));
  lt_lrs_result r;
  lt_log_sync(a->log, &a->lrs, lt_progress_update, bar, &r, d);
  lt_progress_free(bar);
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    if (lt_diag_severity(d, i) == LT_DIAG_ERROR) continue; /* said below in plain words */
    char *m = lt_diag_format(d, i);
    fprintf(stderr, "%s\n", m);
    free(m);
  }
  lt_diag_list_free(d);
  printf(_("%zu dari %zu catatan terkirim ke %s.\n"), r.sent, pending, a->lrs.endpoint);
  if (r.refused)
    printf(_("%zu catatan ditolak server LRS (jawabannya di atas) dan ditandai; catatan itu "
             "tidak dikirim lagi sampai admin TI menjalankan lentera-player --sync "
             "--retry-refused.\n"),
           r.refused);
  if (r.outcome != LT_LRS_DONE) {
    char *stored = g_strdup_printf("%d", (int)r.outcome);
    const char *why = plain_error(stored);
    fprintf(stderr, "%s (%s)\n", why ? why : lt_lrs_outcome_str(r.outcome), r.detail);
    g_free(stored);
    return r.outcome == LT_LRS_AUTH || r.outcome == LT_LRS_INSECURE ? 1 : 2;
  }
  return r.refused ? 1 : 0;
}

static gpointer sync_worker(gpointer data) {
  struct sync_job *job = data;
  lt_log *log = NULL;
  if (lt_log_open(job->log_path, &log, NULL) == LT_OK) {
    lt_log_sync(log, &job->lrs, NULL, NULL, &job->result, NULL);
    lt_log_free(log);
  } else {
    job->result.outcome = LT_LRS_LOCAL;
  }
  g_atomic_int_set(&job->done, 1);
  return NULL;
}

void sync_start(app *a) {
  if (!a->lrs_configured || a->sync) return;
  struct sync_job *job = g_new0(struct sync_job, 1);
  job->lrs = a->lrs;
  job->lrs.cancel = &job->cancel;
  job->lrs.retries = 2;
  job->log_path = g_build_filename(a->data_dir, "log.sqlite", NULL);
  job->thread = g_thread_new("lentera-sync", sync_worker, job);
  a->sync = job;
}

/* Joins a finished job (or, with `wait_s` >= 0, waits that long, then cancels it). */
static void sync_reap(app *a, double wait_s) {
  struct sync_job *job = a->sync;
  if (!job) return;
  if (wait_s < 0 && !g_atomic_int_get(&job->done)) return;
  for (double t = 0; t < wait_s && !g_atomic_int_get(&job->done); t += 0.05)
    g_usleep(50000);
  job->cancel = 1;
  g_thread_join(job->thread);
  g_free(job->log_path);
  g_free(job);
  a->sync = NULL;
}

void sync_stop(app *a, double wait_s) { sync_reap(a, wait_s); }

bool sync_running(app *a) {
  sync_reap(a, -1);
  return a->sync != NULL;
}

static char *local_time(const char *iso) {
  GDateTime *t = g_date_time_new_from_iso8601(iso, NULL);
  if (!t) return g_strdup(iso);
  GDateTime *l = g_date_time_to_local(t);
  char *s = g_date_time_format(l, "%d-%m-%Y %H:%M");
  g_date_time_unref(l), g_date_time_unref(t);
  return s;
}

/* The stick's message that says both counts (the headline count is not said again under it). */
static const char *said_counts;

/* What the screen says of the outbox, read by sync_update (every half second while the
 * screen is shown, and at once after a push or a save to a stick), never while drawing. */
static lt_log_sync_state shown;
static bool shown_ok, shown_read, shown_running;
static gint64 shown_at;

static void sync_read(app *a) {
  lt_log_sync_state_clear(&shown);
  memset(&shown, 0, sizeof shown);
  shown_ok = lt_log_sync_status(a->log, &shown, NULL) == LT_OK;
  shown_read = true, shown_at = g_get_monotonic_time(), shown_running = sync_running(a);
}

void sync_update(app *a) {
  if (!shown_read || sync_running(a) != shown_running ||
      g_get_monotonic_time() - shown_at > G_USEC_PER_SEC / 2)
    sync_read(a), a->redraw = true;
}

void sync_enter(app *a) { sync_read(a); }

void sync_screen(app *a) {
  ui *u = &a->ui;
  bool running = sync_running(a);
  ui_text(u, _("Kirim catatan belajar"), 1.5, true, UI_ACCENT);
  if (a->message) ui_text(u, a->message, 1.0, false, UI_INK);
  if (!shown_read) sync_read(a); /* the first frame of the screen */
  const lt_log_sync_state st = shown;
  bool counted = shown_ok;
  /* one count, said once: what the office's server does not have yet */
  char *line = !counted ? g_strdup(_("Catatan di komputer ini tidak dapat dibaca atau ditulis."))
               : st.pending
                   ? g_strdup_printf(_("Belum dikirim ke server kantor: %zu catatan"), st.pending)
                   : g_strdup(_("Semua catatan sudah dikirim ke server kantor."));
  if (!a->message || a->message != said_counts || !counted) /* else the stick's says both */
    ui_text(u, line, 1.1, true, counted && !st.pending ? UI_GOOD : UI_INK);
  g_free(line);
  if (st.last_success) {
    char *when = local_time(st.last_success);
    line = g_strdup_printf(_("Terakhir berhasil dikirim: %s"), when);
    g_free(when);
  } else {
    line = g_strdup(a->lrs_configured ? _("Belum pernah berhasil dikirim ke server kantor.")
                                      : _("Komputer ini belum diatur untuk mengirim lewat "
                                          "jaringan: simpan catatan ke flashdisk untuk pelatih."));
  }
  ui_text(u, line, 1.0, false, UI_MUTED);
  g_free(line);
  if (running) {
    ui_text(u, _("Sedang mengirim…"), 1.0, false, UI_INK);
  } else if (learner_error(st.last_error)) {
    ui_text(u, learner_error(st.last_error), 1.0, false, UI_BAD);
  }
  if (a->lrs_configured && !running && ui_button(u, _("Kirim sekarang"), st.pending > 0)) {
    screen_message(a, NULL);
    sync_start(a);
  }
  ui_space(u, 12);
  if (ui_button(u, _("Simpan ke flashdisk"), !a->lrs_configured)) {
    GPtrArray *sticks = usb_sticks();
    if (!sticks->len) {
      screen_message(a, g_strdup(_("Tidak ada flashdisk. Masukkan flashdisk, lalu coba lagi.")));
    } else {
      size_t n = 0;
      lt_diag_list *d = lt_diag_list_new();
      lt_status s = lt_log_export(a->log, sticks->pdata[0], &n, d);
      shown_read = false; /* the counts are read again before the next frame */
      char *stick = g_path_get_basename(sticks->pdata[0]); /* the stick's label */
      if (s != LT_OK)
        screen_message(a, g_strdup(_("Gagal menyimpan ke flashdisk. Catatan tetap aman di "
                                     "komputer ini.")));
      else if (n == 0) /* a stick takes only what it does not have yet */
        screen_message(a, g_strdup_printf(_("Tidak ada catatan baru: semua sudah disimpan ke "
                                            "flashdisk sebelumnya. Berikan flashdisk %s kepada "
                                            "pelatih."),
                                          stick));
      else if (st.pending) /* one line, both counts: where the records are now */
        screen_message(a, g_strdup_printf(_("%zu catatan baru disimpan ke flashdisk %s \u00b7 "
                                            "belum dikirim ke server kantor: %zu. Berikan "
                                            "flashdisk itu kepada pelatih."),
                                          n, stick, st.pending)),
            said_counts = a->message;
      else
        screen_message(a, g_strdup_printf(_("%zu catatan baru disimpan ke flashdisk %s. Berikan "
                                            "flashdisk itu kepada pelatih."),
                                          n, stick));
      g_free(stick);
      lt_diag_list_free(d);
    }
    g_ptr_array_free(sticks, TRUE);
  }
  /* for IT, under a heading of their own: refusals, the server's words, the fix */
  bool for_it = st.refused || (!running && stored_detail(st.last_error)) ||
                (!running && plain_error(st.last_error));
  if (for_it) {
    ui_space(u, 8);
    ui_text(u, _("Untuk admin TI"), 0.95, true, UI_MUTED);
  }
  if (!running && plain_error(st.last_error))
    ui_text(u, plain_error(st.last_error), 0.9, false, UI_MUTED);
  if (!running && stored_detail(st.last_error)) {
    line = g_strdup_printf(_("Rincian: %s"), stored_detail(st.last_error));
    ui_text(u, line, 0.9, false, UI_MUTED);
    g_free(line);
  }
  if (st.refused) {
    line = g_strdup_printf(_("%zu catatan ditolak server LRS dan ditandai."), st.refused);
    ui_text(u, line, 0.9, false, UI_MUTED);
    g_free(line);
    if (st.refusal) {
      line = g_strdup_printf(_("Jawaban server: %s"), st.refusal);
      ui_text(u, line, 0.9, false, UI_MUTED);
      g_free(line);
    }
    ui_text(u,
            _("Admin TI dapat mengirimnya lagi setelah masalahnya diperbaiki: lentera-player "
              "--sync --retry-refused"),
            0.9, false, UI_MUTED);
  }
  if (!a->lrs_configured)
    ui_text(u, _("Untuk mengirim lewat jaringan, admin TI mengisi bagian [sync] di lentera.conf."),
            0.9, false, UI_MUTED);
  if (ui_button(u, _("Kembali"), false)) {
    screen_message(a, NULL);
    a->screen = SCR_LIBRARY;
  }
}
