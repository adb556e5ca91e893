/* videoscreen — a lesson's video: poster in the lesson, playback on its own screen.
 *
 * FFmpeg (through core's video module) decodes on this thread, a little ahead: sound goes to
 * an SDL audio queue (volume applied as it is queued), pictures (YUV planes, converted and
 * scaled by the renderer as ffplay does) into a ring of four. The clock is the sound
 * actually played (queued end minus what is still queued) when there is sound, else the
 * wall clock; a picture is shown when its time comes, late ones are dropped. Between
 * interface redraws (input, a new caption, every quarter second) a frame only uploads the
 * new picture. Every second of the video that plays on the clock, not skipped over, is
 * marked; the log turns 90% marked into "completed". A video is hashed against the signed
 * manifest once per run before it is opened (library.h lt_library_check_file): a changed one
 * is not played and nothing of it is recorded. */
#include <glib.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "lentera/file.h"
#include "lentera/media.h"
#include "lentera/video.h"
#include "lentera/webvtt.h"
#include "screens.h"

enum { RING = 4, RATE = 48000, FRAME_BYTES = 4 };

typedef struct {
  guint8 *pixels;
  double time;
} picture;

struct video_view {
  char *title, *item_id, *path;
  lt_manifest_item item; /* the video as the log sees it */
  lt_video_stream *s;
  lt_webvtt *captions;
  SDL_AudioDeviceID dev;
  SDL_Texture *tex;
  int pw, ph, stride, format;
  double duration;
  bool has_audio, playing, eos, ended, captions_on, full;
  bool show_seek; /* after a seek: the first picture from there goes up at once, even paused */
  bool scrubbing; /* the progress bar is being dragged */
  int volume;     /* 0..SDL_MIX_MAXVOLUME */
  double wall_base;
  gint64 wall_at;
  double audio_end;  /* the time at the end of the queued sound */
  gint64 drained_at; /* when the last sound was played (the pictures may go on) */
  picture ring[RING];
  int head, count;
  double shown;
  char *watched; /* a character a second, '1' when played */
  double last_clock, active;
  char *error; /* a plain message in place of the picture */
  gint64 ui_at;
  const char *ui_caption;
  size_t ui_ncaptions;
  guint8 *mix;
  size_t mix_cap;
};

bool video_is_video(const char *path) { return lt_media_kind_of(path) == LT_MEDIA_VIDEO; }

/* ---- the clock ---- */

static double clock_now(const video_view *v) {
  if (v->drained_at) return v->audio_end + (double)(g_get_monotonic_time() - v->drained_at) / 1e6;
  if (v->dev) return v->audio_end - (double)SDL_GetQueuedAudioSize(v->dev) / (RATE * FRAME_BYTES);
  if (!v->playing) return v->wall_base;
  return v->wall_base + (double)(g_get_monotonic_time() - v->wall_at) / 1e6;
}

static void set_playing(video_view *v, bool on) {
  if (!v->dev) {
    v->wall_base = clock_now(v);
    v->wall_at = g_get_monotonic_time();
  }
  v->playing = on;
  if (v->dev) SDL_PauseAudioDevice(v->dev, on ? 0 : 1);
}

/* ---- decoding ahead ---- */

static void queue_sound(video_view *v, const lt_video_frame *f) {
  size_t bytes = (size_t)f->samples * FRAME_BYTES;
  if (f->time >= 0 && f->time + (double)f->samples / RATE <= v->audio_end)
    return; /* before a seek */
  if (bytes > v->mix_cap) v->mix = g_realloc(v->mix, v->mix_cap = bytes);
  memset(v->mix, 0, bytes);
  SDL_MixAudioFormat(v->mix, f->data, AUDIO_S16SYS, (Uint32)bytes, v->volume);
  SDL_QueueAudio(v->dev, v->mix, (Uint32)bytes);
  v->audio_end = (f->time >= 0 ? f->time : v->audio_end) + (double)f->samples / RATE;
}

static void keep_picture(video_view *v, const lt_video_frame *f) {
  if (f->time >= 0 && f->time < v->shown - 0.001 && v->shown > 0) return; /* before a seek */
  if (v->count == RING) { /* full: the oldest goes */
    v->head = (v->head + 1) % RING;
    v->count--;
  }
  picture *p = &v->ring[(v->head + v->count) % RING];
  size_t bytes = f->format == LT_VIDEO_I420
                     ? (size_t)f->width * (size_t)f->height +
                           2 * (size_t)((f->width + 1) / 2) * (size_t)((f->height + 1) / 2)
                     : (size_t)f->stride * (size_t)f->height;
  if (!p->pixels) p->pixels = g_malloc(bytes); /* every picture of a video has one size */
  memcpy(p->pixels, f->data, bytes);
  p->time = f->time;
  v->pw = f->width, v->ph = f->height, v->stride = f->stride, v->format = f->format;
  v->count++;
}

static void broken(video_view *v) {
  g_free(v->error);
  v->error = g_strdup(_("Video ini rusak atau tidak lengkap dan tidak dapat diputar. Pelajaran "
                        "lainnya tetap bisa dibaca; beri tahu pelatih."));
  v->playing = false;
  if (v->dev) SDL_PauseAudioDevice(v->dev, 1);
}

static void pump(video_view *v) {
  for (int guard = 0; guard < 200 && !v->eos; guard++) {
    bool want_sound = v->dev && SDL_GetQueuedAudioSize(v->dev) < RATE * FRAME_BYTES / 4;
    if (v->count >= 2 && !want_sound) break;
    lt_video_frame f;
    int rc = lt_video_next(v->s, &f, NULL);
    if (rc == 0) v->eos = true;
    if (rc < 0) {
      broken(v);
      return;
    }
    if (rc == 1 && f.kind == LT_VIDEO_SOUND && v->dev) queue_sound(v, &f);
    if (rc == 1 && f.kind == LT_VIDEO_PICTURE) keep_picture(v, &f);
  }
}

/* Shows the last picture that is due; true when a new one went up. */
static bool present_due(app *a, video_view *v, double now) {
  int take = -1;
  while (v->count && v->ring[v->head].time <= now + 0.005) {
    take = v->head;
    v->head = (v->head + 1) % RING;
    v->count--;
  }
  if (take < 0) return false;
  if (!v->tex)
    v->tex = SDL_CreateTexture(
        a->ren, v->format == LT_VIDEO_I420 ? SDL_PIXELFORMAT_IYUV : SDL_PIXELFORMAT_ARGB8888,
        SDL_TEXTUREACCESS_STREAMING, v->pw, v->ph);
  SDL_UpdateTexture(v->tex, NULL, v->ring[take].pixels, v->stride);
  v->shown = v->ring[take].time;
  return true;
}

/* Every second that [last_clock, now) touches counts as played, the short last one of a
 * clip of 4.008 s (WebM's usual length) too. */
static void mark_watched(video_view *v, double now) {
  double d = now - v->last_clock;
  if (v->playing && d > 0 && d < 1.0) { /* played on, not jumped */
    for (size_t sec = (size_t)v->last_clock; sec < (size_t)ceil(now); sec++)
      if (sec < strlen(v->watched)) v->watched[sec] = '1';
    v->active += d;
  }
  v->last_clock = now;
}

/* ---- open, save, close ---- */

/* What was played since the last save stays counted until the log holds it; if it still
 * fails when the video is closed, the lesson says those seconds were not saved. */
static void save(app *a, video_view *v) {
  if (!a->learner.id) return;
  lt_log_where w = screen_where(a);
  w.item = &v->item;
  double pos = v->ended ? 0 : clock_now(v);
  lt_status st = lt_log_video_progress(a->log, a->learner.id, &w, pos, v->duration, v->watched,
                                       v->active, NULL, NULL);
  if (st != LT_OK) {
    unsaved_set(a, UNSAVED_VIDEO, st);
    return;
  }
  unsaved_clear(a, UNSAVED_VIDEO);
  memset(v->watched, '0', strlen(v->watched));
  v->active = 0;
}

static void seek(video_view *v, double t) {
  if (t < 0) t = 0;
  if (v->duration > 0 && t > v->duration - 0.5) t = v->duration - 0.5;
  lt_video_seek(v->s, t);
  if (v->dev) SDL_ClearQueuedAudio(v->dev);
  v->audio_end = t;
  v->wall_base = t;
  v->wall_at = g_get_monotonic_time();
  v->count = 0;
  v->eos = v->ended = false;
  v->shown = t; /* pictures before it are skipped */
  v->drained_at = 0;
  v->last_clock = t;
  v->show_seek = true;
}

void video_open(app *a, const char *rel) {
  video_close(a);
  video_view *v = g_new0(video_view, 1);
  a->video = v;
  const lt_manifest_item *lesson = screen_current_item(a);
  char *base = g_path_get_basename(rel);
  char *stem =
      g_strndup(base, strrchr(base, '.') ? (size_t)(strrchr(base, '.') - base) : strlen(base));
  v->title = g_strdup(lesson->title);
  v->item_id = g_strdup_printf("%s.%s", lesson->id, stem);
  v->item = (lt_manifest_item){"video", v->item_id, v->title, rel, 0, NULL, 0, NULL};
  v->path = g_build_filename(a->pack_dir, rel, NULL);
  v->captions_on = true;
  v->volume = SDL_MIX_MAXVOLUME * 4 / 5;
  a->screen = SCR_VIDEO;
  /* hashed once per run (the library remembers), then opened by path */
  lt_status checked = lt_library_check_file(a->lib, lt_manifest_get_info(a->pack)->id, rel, NULL);
  if (checked == LT_ERR_DAMAGED) {
    broken(v);
    g_free(v->error);
    v->error = g_strdup(screen_damaged_words()); /* no progress is recorded: v->s stays NULL */
  } else if (checked != LT_OK || lt_video_open(v->path, a->w, a->h, &v->s, NULL) != LT_OK) {
    broken(v);
  } else {
    int w, h;
    lt_video_stream_info(v->s, &v->duration, &w, &h, &v->has_audio);
    size_t secs = (size_t)(v->duration + 0.999);
    v->watched = g_malloc(secs + 1);
    memset(v->watched, '0', secs);
    v->watched[secs] = '\0';
    if (v->has_audio && (SDL_WasInit(SDL_INIT_AUDIO) || SDL_InitSubSystem(SDL_INIT_AUDIO) == 0)) {
      SDL_AudioSpec want = {.freq = RATE, .format = AUDIO_S16SYS, .channels = 2, .samples = 1024};
      v->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    }
    /* captions beside the video: media/x.vtt */
    char *vtt = g_strdup_printf("%.*s.vtt", (int)(strrchr(rel, '.') - rel), rel);
    char *text;
    size_t len;
    if (screen_read(a, vtt, &text, &len) == LT_OK) { /* a damaged copy shows none */
      if (lt_webvtt_parse_lenient(text, len, &v->captions) != LT_OK)
        v->captions = NULL; /* the packer checked them; a damaged copy shows none */
      free(text);
    }
    g_free(vtt);
    int state;
    double pos = 0;
    if (lt_log_progress_get(a->log, a->learner.id, lt_manifest_get_info(a->pack)->id, v->item_id,
                            &state, &pos) != LT_OK)
      pos = 0;
    seek(v, pos > 1 && pos < v->duration - 1 ? pos : 0); /* resume where it stopped */
    set_playing(v, true);
  }
  g_free(base), g_free(stem);
}

void video_close(app *a) {
  video_view *v = a->video;
  if (!v) return;
  if (v->s) save(a, v);
  if (v->full) SDL_SetWindowFullscreen(a->win, 0);
  if (v->dev) SDL_CloseAudioDevice(v->dev);
  if (v->tex) SDL_DestroyTexture(v->tex);
  for (int i = 0; i < RING; i++)
    g_free(v->ring[i].pixels);
  lt_video_close(v->s);
  lt_webvtt_free(v->captions);
  g_free(v->title), g_free(v->item_id), g_free(v->path), g_free(v->watched), g_free(v->error);
  g_free(v->mix);
  g_free(v);
  a->video = NULL;
}

/* ---- each frame ---- */

bool video_busy(const app *a) { return a->video && a->video->playing; }

/* Advances playback: VIDEO_UI when the interface must be drawn again this frame,
 * VIDEO_PICTURE when a new picture went up. */
int video_tick(app *a) {
  video_view *v = a->video;
  if (!v || !v->s || v->error) return VIDEO_UI;
  if (v->playing || v->show_seek) pump(v);
  if (v->show_seek && v->count) { /* the picture where the learner jumped to, not the old one */
    present_due(a, v, v->ring[v->head].time);
    v->show_seek = false;
    return VIDEO_UI | VIDEO_PICTURE;
  }
  if (v->playing && v->eos && v->dev && !v->drained_at && SDL_GetQueuedAudioSize(v->dev) == 0)
    v->drained_at = g_get_monotonic_time(); /* sound over: the wall clock takes over */
  double now = clock_now(v);
  bool fresh = present_due(a, v, now);
  mark_watched(v, now);
  if (v->playing && v->eos && !v->count && (!v->dev || SDL_GetQueuedAudioSize(v->dev) == 0) &&
      now >= v->shown) {
    if (v->duration > now) mark_watched(v, v->duration); /* the last picture's own time */
    set_playing(v, false);
    v->ended = true;
    save(a, v); /* the end: completion is decided now */
    if (v->duration > 0 && v->shown < v->duration - 1.5) broken(v); /* cut short */
  }
  const lt_webvtt_cue *shown[1];
  size_t nshown =
      v->captions_on ? lt_webvtt_active(v->captions, now, shown, G_N_ELEMENTS(shown)) : 0;
  const char *caption = nshown ? shown[0]->text : NULL; /* the set shown: first + count */
  gint64 t = g_get_monotonic_time();
  bool redraw =
      caption != v->ui_caption || nshown != v->ui_ncaptions || t - v->ui_at > 250000 || !v->playing;
  if (redraw) v->ui_at = t, v->ui_caption = caption, v->ui_ncaptions = nshown;
  return (redraw ? VIDEO_UI : 0) | (fresh ? VIDEO_PICTURE : 0);
}

/* The picture goes on top of the interface, in the box the screen left for it. */
static SDL_Rect video_box;

void video_present(app *a) {
  video_view *v = a->video;
  if (v && v->tex && !v->error) SDL_RenderCopy(a->ren, v->tex, NULL, &video_box);
}

/* Every cue showing at `now`, earlier ones on top, as Pango markup built from the parsed
 * cue (its text escaped, its runs in <i>, <b>, <u>), in the caption space of `cap_h` px. */
static void draw_captions(ui *u, const lt_webvtt *caps, double now, double cap_h) {
  const lt_webvtt_cue *cues[8];
  size_t n = MIN(lt_webvtt_active(caps, now, cues, G_N_ELEMENTS(cues)), G_N_ELEMENTS(cues));
  if (!n) return;
  GString *markup = g_string_new(NULL);
  for (size_t i = 0; i < n; i++) {
    const lt_webvtt_cue *c = cues[i];
    if (i) g_string_append_c(markup, '\n');
    for (size_t r = 0; r < c->nruns; r++) {
      const lt_webvtt_run *run = &c->runs[r];
      char *esc = g_markup_escape_text(c->text + run->start, (gssize)(run->end - run->start));
      g_string_append_printf(
          markup, "%s%s%s%s%s%s%s", run->style & LT_WEBVTT_ITALIC ? "<i>" : "",
          run->style & LT_WEBVTT_BOLD ? "<b>" : "", run->style & LT_WEBVTT_UNDERLINE ? "<u>" : "",
          esc, run->style & LT_WEBVTT_UNDERLINE ? "</u>" : "",
          run->style & LT_WEBVTT_BOLD ? "</b>" : "", run->style & LT_WEBVTT_ITALIC ? "</i>" : "");
      g_free(esc);
    }
  }
  (void)ui_markup(u, markup->str, 1.1, UI_INK, cap_h);
  g_string_free(markup, TRUE);
}

static char *clock_text(double t) {
  int s = (int)(t + 0.5);
  return g_strdup_printf("%d:%02d", s / 60, s % 60);
}

void video_key(app *a, SDL_Keycode key) {
  video_view *v = a->video;
  if (key == SDLK_ESCAPE && v && v->full) {
    key = SDLK_f;
  } else if (key == SDLK_ESCAPE) {
    video_close(a);
    a->screen = SCR_ITEM;
    return;
  }
  if (!v || !v->s || v->error) return;
  double now = clock_now(v);
  switch (key) {
  case SDLK_SPACE:
    if (v->ended) seek(v, 0);
    set_playing(v, !v->playing);
    break;
  case SDLK_LEFT: seek(v, now - 5); break;
  case SDLK_RIGHT: seek(v, now + 5); break;
  case SDLK_UP: v->volume = MIN(SDL_MIX_MAXVOLUME, v->volume + 16); break;
  case SDLK_DOWN: v->volume = MAX(0, v->volume - 16); break;
  case SDLK_c: v->captions_on = !v->captions_on; break;
  case SDLK_f:
    v->full = !v->full;
    SDL_SetWindowFullscreen(a->win, v->full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    break;
  default: break;
  }
  v->ui_at = 0;
}

void video_screen(app *a) {
  ui *u = &a->ui;
  video_view *v = a->video;
  if (!v) {
    a->screen = SCR_ITEM;
    return;
  }
  double x = u->left, w = u->width, top = u->y;
  if (v->full) x = 0, w = a->w, top = 0;
  if (!v->full) {
    ui_text(u, v->title, 1.3, true, UI_ACCENT);
    top = u->y;
  }
  double h = v->pw ? w * v->ph / v->pw : w * 9 / 16;
  double room = a->h - top - (v->full ? 150 : 300) * u->scale;
  if (h > room) h = room > 120 ? room : 120;
  double vw = v->pw ? h * v->pw / v->ph : w;
  if (vw > w) vw = w, h = vw * (v->ph ? (double)v->ph / v->pw : 9.0 / 16);
  cairo_set_source_rgb(u->cr, 0, 0, 0);
  cairo_rectangle(u->cr, x, top, w, h);
  cairo_fill(u->cr);
  video_box = (SDL_Rect){(int)(x + (w - vw) / 2), (int)top, (int)vw, (int)h};
  if (ui_hotspot(u, x, top, w, h, _("Video")) && !v->error) video_key(a, SDLK_SPACE);
  u->y = top + h + 8 * u->scale;
  if (v->error) {
    video_box.w = 0;
    double y = u->y;
    u->y = top + 16 * u->scale;
    static const double white[3] = {1, 1, 1};
    double left = u->left;
    u->left = x + 16 * u->scale;
    double width = u->width;
    u->width = w - 32 * u->scale;
    ui_text(u, v->error, 1.0, true, white);
    u->left = left, u->width = width, u->y = y;
  } else {
    /* captions under the picture in a space of two lines kept for them, so the controls
     * below never move; the progress bar, 24 px tall, clicked or dragged; the time */
    double now = clock_now(v);
    double cap_top = u->y, cap_h = 2 * 18 * 1.1 * 1.4 * u->scale;
    cairo_save(u->cr);
    cairo_rectangle(u->cr, x, cap_top, w, cap_h);
    cairo_clip(u->cr);
    if (v->captions_on) draw_captions(u, v->captions, now, cap_h);
    cairo_restore(u->cr);
    double bar_y = cap_top + cap_h + 4 * u->scale, bar_h = 24 * u->scale;
    if (!u->mouse_down) v->scrubbing = false;
    bool pressed = ui_hotspot(u, x, bar_y, w, bar_h, _("Posisi video")) && u->clicked;
    if (pressed) v->scrubbing = true;
    double pos = now;
    if (v->scrubbing && w > 0) { /* the hand's place on the bar; the video follows */
      double px = pressed ? u->click_x : u->mouse_x;
      pos = CLAMP((px - x) / w, 0, 1) * v->duration;
      if (pressed || fabs(pos - now) > 0.5) seek(v, pos);
    }
    cairo_set_source_rgb(u->cr, 0.85, 0.85, 0.85);
    cairo_rectangle(u->cr, x, bar_y + bar_h / 3, w, bar_h / 3);
    cairo_fill(u->cr);
    double frac = v->duration > 0 ? MIN(1.0, pos / v->duration) : 0;
    cairo_set_source_rgb(u->cr, UI_ACCENT[0], UI_ACCENT[1], UI_ACCENT[2]);
    cairo_rectangle(u->cr, x, bar_y + bar_h / 3, w * frac, bar_h / 3);
    cairo_fill(u->cr);
    cairo_arc(u->cr, x + w * frac, bar_y + bar_h / 2, bar_h / 2, 0, 2 * G_PI); /* the knob */
    cairo_fill(u->cr);
    u->y = bar_y + bar_h + 8 * u->scale;
    char *at = clock_text(now), *all = clock_text(v->duration);
    char *line = g_strdup_printf(_("%s / %s \u00b7 suara %d%% \u00b7 teks video %s"), at, all,
                                 v->volume * 100 / SDL_MIX_MAXVOLUME,
                                 v->captions_on ? _("tampil") : _("tidak tampil"));
    ui_text(u, line, 0.9, false, UI_MUTED);
    g_free(at), g_free(all), g_free(line);
    ui_row_begin(u);
    const char *play[] = {_("Jeda"), _("Putar lagi"), _("Putar"), NULL};
    const char *captions[] = {_("Teks video: tampil"), _("Teks video: tidak tampil"), NULL};
    const char *full[] = {_("Keluar layar penuh"), _("Layar penuh"), NULL};
    if (ui_button_as_wide(u, v->playing ? play[0] : v->ended ? play[1] : play[2], play, true))
      video_key(a, SDLK_SPACE);
    if (ui_button(u, _("\u2190 5 dtk"), false)) video_key(a, SDLK_LEFT);
    if (ui_button(u, _("5 dtk \u2192"), false)) video_key(a, SDLK_RIGHT);
    if (ui_button_as_wide(u, v->captions_on ? captions[0] : captions[1], captions, false))
      video_key(a, SDLK_c);
    if (ui_button_as_wide(u, v->full ? full[0] : full[1], full, false)) video_key(a, SDLK_f);
    ui_row_end(u);
    if (v->full) return;
    ui_row_begin(u);
    if (ui_button(u, _("Suara \u2212"), false)) video_key(a, SDLK_DOWN);
    if (ui_button(u, _("Suara +"), false)) video_key(a, SDLK_UP);
    ui_row_end(u);
  }
  if (!v->full && ui_button(u, _("Kembali ke pelajaran"), false)) {
    video_close(a);
    a->screen = SCR_ITEM;
  }
}
