/* video_ffmpeg — the FFmpeg side of core/video.c, built as a loadable module
 * (liblentera-video.so) so that only work with videos loads FFmpeg and the hundred-odd
 * libraries it brings. Plain C types only across the boundary; internal to core. */
#ifndef LENTERA_CORE_VIDEO_FFMPEG_H
#define LENTERA_CORE_VIDEO_FFMPEG_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/video.h"

typedef struct {
  char format[64];           /* FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" */
  char video[32], audio[32]; /* codec names; audio "" when there is none */
  bool video_decodable, audio_decodable;
  int width, height;
  double duration; /* seconds, 0 when unknown */
} lt_ffmpeg_probe;

/* 0 on success; otherwise -1 with FFmpeg's reason in `err`. */
typedef int (*lt_ffmpeg_probe_fn)(const char *path, lt_ffmpeg_probe *out, char *err,
                                  size_t err_len);
/* 0 on success with PNG bytes in *png (free with the module's lt_ffmpeg_free). */
typedef int (*lt_ffmpeg_poster_fn)(const char *path, char **png, size_t *len);
typedef void (*lt_ffmpeg_free_fn)(void *p);

/* Playback: a decoder giving pictures as BGRA (the player's texture format, scaled to fit
 * max_w×max_h) and sound as signed 16-bit stereo at 48 kHz, each with its time. */
typedef struct lt_ffmpeg_decoder lt_ffmpeg_decoder;
typedef lt_ffmpeg_decoder *(*lt_ffmpeg_open_fn)(const char *path, int max_w, int max_h, char *err,
                                                size_t err_len);
/* 1 a frame, 0 the end, -1 broken data (err says what). */
typedef int (*lt_ffmpeg_next_fn)(lt_ffmpeg_decoder *d, lt_video_frame *out, char *err,
                                 size_t err_len);
typedef int (*lt_ffmpeg_seek_fn)(lt_ffmpeg_decoder *d, double seconds);
typedef void (*lt_ffmpeg_info_fn)(lt_ffmpeg_decoder *d, double *duration, int *width, int *height,
                                  int *has_audio);
typedef void (*lt_ffmpeg_close_fn)(lt_ffmpeg_decoder *d);
/* Transcodes `in` to H.264 + AAC (at most 720 lines) in MP4 at `out`; `fn` is told the
 * seconds done and the total. 0 on success, else -1 with the reason in `err`. */
typedef int (*lt_ffmpeg_transcode_fn)(const char *in, const char *out,
                                      void (*fn)(void *, double, double), void *user, char *err,
                                      size_t err_len);

#endif
