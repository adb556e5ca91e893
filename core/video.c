/* video — see video.h. The decisions and the messages live here; what FFmpeg says about a
 * file comes from the liblentera-video module (video_ffmpeg.c), opened with GModule the
 * first time a video is checked: LENTERA_VIDEO_MODULE, else where it is installed relative
 * to the program (or in the build tree beside it, relocate.h), else the module's plain name
 * on the library path. */
#include "lentera/video.h"

#include <gmodule.h>
#include <string.h>

#include "lentera/media.h"
#include "lentera/relocate.h"
#include "video_ffmpeg.h"

static struct {
  lt_ffmpeg_probe_fn probe;
  lt_ffmpeg_poster_fn poster;
  lt_ffmpeg_free_fn free;
  lt_ffmpeg_open_fn open;
  lt_ffmpeg_next_fn next;
  lt_ffmpeg_seek_fn seek;
  lt_ffmpeg_info_fn info;
  lt_ffmpeg_close_fn close;
  lt_ffmpeg_transcode_fn transcode;
  char error[512];
} ff;

static gpointer load(gpointer unused) {
  (void)unused;
  const char *const beside[] = {LT_REL_VIDEO_MODULE, LT_BUILD_VIDEO_MODULE, NULL};
  char *found = lt_beside_program(beside);
  const char *tries[] = {g_getenv("LENTERA_VIDEO_MODULE"), found, "liblentera-video.so"};
  GModule *m = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS(tries) && !m; i++)
    if (tries[i] && *tries[i]) m = g_module_open(tries[i], G_MODULE_BIND_LOCAL);
  g_free(found);
  if (!m || !g_module_symbol(m, "lt_ffmpeg_probe_file", (gpointer *)&ff.probe) ||
      !g_module_symbol(m, "lt_ffmpeg_poster_file", (gpointer *)&ff.poster) ||
      !g_module_symbol(m, "lt_ffmpeg_free", (gpointer *)&ff.free) ||
      !g_module_symbol(m, "lt_ffmpeg_open", (gpointer *)&ff.open) ||
      !g_module_symbol(m, "lt_ffmpeg_next", (gpointer *)&ff.next) ||
      !g_module_symbol(m, "lt_ffmpeg_seek", (gpointer *)&ff.seek) ||
      !g_module_symbol(m, "lt_ffmpeg_info", (gpointer *)&ff.info) ||
      !g_module_symbol(m, "lt_ffmpeg_close", (gpointer *)&ff.close) ||
      !g_module_symbol(m, "lt_ffmpeg_transcode", (gpointer *)&ff.transcode)) {
    g_strlcpy(ff.error, g_module_error(), sizeof ff.error);
    ff.probe = NULL;
    return NULL;
  }
  g_module_make_resident(m);
  return m;
}

static bool loaded(const char *shown, int line, int col, lt_diag_list *diags) {
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load, NULL);
  if (!ff.probe)
    lt_diag_add(diags, LT_DIAG_ERROR, shown, line, col,
                "video support is missing (liblentera-video: %s); rebuild Lentera with "
                "FFmpeg's development packages",
                ff.error);
  return ff.probe != NULL;
}

lt_status lt_video_check(const char *path, const char *shown, int line, int col, bool transcode,
                         lt_video_info *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  if (!loaded(shown, line, col, diags)) return LT_ERR_IO;
  lt_ffmpeg_probe p;
  char err[256] = "";
  char *base = g_path_get_basename(path);
  if (ff.probe(path, &p, err, sizeof err) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, line, col,
                "'%s' cannot be read as a video (%s): is the file whole? Export it again from "
                "the phone or screen recorder",
                base, err);
    g_free(base);
    return LT_ERR_INVALID;
  }
  const char *named = lt_media_container_of(path); /* what the name promises */
  bool mp4 = strstr(p.format, "mp4") && named && !strcmp(named, "mp4");
  bool webm = strstr(p.format, "webm") && named && !strcmp(named, "webm");
  g_strlcpy(out->container, mp4 ? "mp4" : webm ? "webm" : p.format, sizeof out->container);
  g_strlcpy(out->video, p.video, sizeof out->video);
  g_strlcpy(out->audio, p.audio, sizeof out->audio);
  out->width = p.width, out->height = p.height, out->duration = p.duration;
  bool audio = *p.audio != '\0';
  bool ok_mp4 = mp4 && !strcmp(p.video, "h264") && (!audio || !strcmp(p.audio, "aac"));
  bool ok_webm = webm && (!strcmp(p.video, "vp9") || !strcmp(p.video, "av1")) &&
                 (!audio || !strcmp(p.audio, "opus"));
  char *stem =
      g_strndup(base, strrchr(base, '.') ? (size_t)(strrchr(base, '.') - base) : strlen(base));
  lt_status s = LT_OK;
  bool decodable = p.video_decodable && (!audio || p.audio_decodable);
  bool big = p.width > 1920 || p.height > 1080;
  if (transcode && decodable && (big || (!ok_mp4 && !ok_webm))) {
    lt_diag_add(diags, LT_DIAG_NOTE, shown, line, col,
                "'%s' (%s%s%s in %s, %dx%d) will be transcoded to H.264 + AAC 720p", base, p.video,
                audio ? " + " : "", audio ? p.audio : "", out->container, p.width, p.height);
    out->transcode = true;
  } else if (!ok_mp4 && !ok_webm) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, line, col,
                "'%s' is %s video%s%s in %s; Lentera plays H.264 + AAC in MP4, or VP9/AV1 + "
                "Opus in WebM. %s ffmpeg -i '%s' -c:v libx264 -crf 23 -vf scale=-2:720 -c:a "
                "aac '%s.mp4'",
                base, p.video, audio ? " with " : "", audio ? p.audio : "", out->container,
                decodable ? "Build with --transcode, or convert it:"
                          : "FFmpeg cannot decode it; export it again, then try:",
                base, stem);
    s = LT_ERR_INVALID;
  } else if (big) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, line, col,
                "'%s' is %dx%d; videos go up to 1920x1080 (720p is plenty): ffmpeg -i '%s' "
                "-vf scale=-2:720 -c:a copy '%s-720p.%s'",
                base, p.width, p.height, base, stem, out->container);
    s = LT_ERR_INVALID;
  }
  int min = (int)p.duration / 60, sec = (int)p.duration % 60;
  if (p.duration > 15 * 60) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, line, col,
                "'%s' lasts %d:%02d; a video may last 15 minutes at most (the guide asks for "
                "3 to 5): split it into shorter lessons",
                base, min, sec);
    s = LT_ERR_INVALID;
  } else if (p.duration > 5 * 60) {
    lt_diag_add(diags, LT_DIAG_WARNING, shown, line, col,
                "'%s' lasts %d:%02d; the guide asks for 3 to 5 minutes", base, min, sec);
  }
  g_free(base), g_free(stem);
  return s;
}

lt_status lt_video_poster(const char *path, char **png, size_t *len, lt_diag_list *diags) {
  if (!loaded(path, 0, 0, diags)) return LT_ERR_IO;
  char *data = NULL;
  if (ff.poster(path, &data, len) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "no picture could be decoded for the poster");
    return LT_ERR_INVALID;
  }
  *png = g_memdup2(data, (guint)*len);
  ff.free(data);
  return LT_OK;
}

/* ---- playback ---- */

struct lt_video_stream {
  lt_ffmpeg_decoder *d;
  char *path;
};

lt_status lt_video_open(const char *path, int max_w, int max_h, lt_video_stream **out,
                        lt_diag_list *diags) {
  *out = NULL;
  if (!loaded(path, 0, 0, diags)) return LT_ERR_IO;
  char err[256] = "";
  lt_ffmpeg_decoder *d = ff.open(path, max_w, max_h, err, sizeof err);
  if (!d) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot play: %s", err);
    return LT_ERR_INVALID;
  }
  lt_video_stream *s = g_new0(lt_video_stream, 1);
  s->d = d;
  s->path = g_strdup(path);
  *out = s;
  return LT_OK;
}

int lt_video_next(lt_video_stream *s, lt_video_frame *out, lt_diag_list *diags) {
  char err[256] = "";
  int rc = ff.next(s->d, out, err, sizeof err);
  if (rc < 0) lt_diag_add(diags, LT_DIAG_ERROR, s->path, 0, 0, "broken video data: %s", err);
  return rc;
}

void lt_video_seek(lt_video_stream *s, double seconds) { ff.seek(s->d, seconds); }

void lt_video_stream_info(lt_video_stream *s, double *duration, int *width, int *height,
                          bool *has_audio) {
  int audio = 0;
  ff.info(s->d, duration, width, height, &audio);
  *has_audio = audio != 0;
}

void lt_video_close(lt_video_stream *s) {
  if (!s) return;
  ff.close(s->d);
  g_free(s->path);
  g_free(s);
}

typedef struct {
  void (*fn)(void *, uint64_t, uint64_t);
  void *user;
} progress_relay;

static void relay(void *user, double done, double total) {
  progress_relay *r = user;
  if (r->fn && total > 0) r->fn(r->user, (uint64_t)(done * 1000), (uint64_t)(total * 1000));
}

lt_status lt_video_transcode(const char *path, const char *out_path,
                             void (*fn)(void *user, uint64_t done, uint64_t total), void *user,
                             lt_diag_list *diags) {
  if (!loaded(path, 0, 0, diags)) return LT_ERR_IO;
  char err[256] = "";
  progress_relay r = {fn, user};
  if (ff.transcode(path, out_path, relay, &r, err, sizeof err) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "transcoding failed: %s", err);
    return LT_ERR_INVALID;
  }
  return LT_OK;
}
