/* video_ffmpeg — the FFmpeg side of core/video.c, built as a loadable module
 * (liblentera-video.so) so that only work with videos loads FFmpeg and the hundred-odd
 * libraries it brings. Plain C types only across the boundary; internal to core. */
#ifndef LENTERA_CORE_VIDEO_FFMPEG_H
#define LENTERA_CORE_VIDEO_FFMPEG_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
