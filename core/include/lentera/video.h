/* video — what the packer needs to know about a lesson's video (FFmpeg's libavformat and
 * libavcodec), the only FFmpeg user in core.
 *
 * Accepted as they are: H.264 + AAC in MP4, VP9 or AV1 + Opus in WebM (audio optional), up
 * to 1920×1080. Anything else is refused with what it is and the command that converts it.
 * Longer than 15 minutes is an error, longer than 5 a warning (the guide asks for 3–5). */
#ifndef LENTERA_VIDEO_H
#define LENTERA_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"

typedef struct {
  char container[16];        /* "mp4", "webm", or FFmpeg's name for another */
  char video[32], audio[32]; /* codec names ("h264", "aac", "vp9", "opus"); "" = none */
  int width, height;
  double duration; /* seconds */
  bool transcode;  /* not accepted as it is, but can be transcoded (asked for) */
} lt_video_info;

/* Probes the file at `path` (`shown` names it in messages, `line`/`col` place them in the
 * lesson that embeds it). LT_ERR_INVALID, with the reason, when it is unreadable, not
 * accepted or too long; warnings for a video over 5 minutes. *out is filled whenever the
 * file could be read. */
LT_MUST_CHECK lt_status lt_video_check(const char *path, const char *shown, int line, int col,
                                       bool transcode, lt_video_info *out, lt_diag_list *diags);
/* With `transcode`, a video FFmpeg can decode that is not accepted (or larger than 1080p)
 * is a note instead, and out->transcode is set. lt_video_transcode makes the H.264 + AAC
 * MP4 (at most 720 lines high, index first) at `out_path`, telling `fn` the milliseconds
 * done. */
LT_MUST_CHECK lt_status lt_video_transcode(const char *path, const char *out_path,
                                           void (*fn)(void *user, uint64_t done, uint64_t total),
                                           void *user, lt_diag_list *diags);

/* A poster frame: the first picture at or after 10% of the video (1 s at most), at most
 * 1280 pixels wide, as PNG bytes (g_free()). */
LT_MUST_CHECK lt_status lt_video_poster(const char *path, char **png, size_t *len,
                                        lt_diag_list *diags);

/* Playback: pictures as they are when they are 4:2:0 YUV (three planes, one after the other:
 * the renderer converts and scales them), else as BGRA scaled to fit max_w×max_h; sound as
 * signed 16-bit stereo samples at 48 kHz; each with its time. */
typedef struct lt_video_stream lt_video_stream;
typedef struct {
  int kind;                  /* LT_VIDEO_PICTURE or LT_VIDEO_SOUND */
  double time;               /* seconds from the start; < 0 unknown */
  const unsigned char *data; /* valid until the next call */
  int width, height, stride; /* a picture */
  int samples;               /* sound: sample frames of two channels */
  int format;                /* a picture: LT_VIDEO_I420 (stride = Y width) or LT_VIDEO_BGRA */
} lt_video_frame;
enum { LT_VIDEO_PICTURE = 1, LT_VIDEO_SOUND = 2 };
enum { LT_VIDEO_BGRA = 0, LT_VIDEO_I420 = 1 };

/* LT_ERR_INVALID (with FFmpeg's reason) when the file cannot be played. */
LT_MUST_CHECK lt_status lt_video_open(const char *path, int max_w, int max_h, lt_video_stream **out,
                                      lt_diag_list *diags);
/* 1 with the next frame in decoding order, 0 at the end, -1 for broken data (reported). */
int lt_video_next(lt_video_stream *s, lt_video_frame *out, lt_diag_list *diags);
/* Goes to the keyframe at or before `seconds`. */
void lt_video_seek(lt_video_stream *s, double seconds);
void lt_video_stream_info(lt_video_stream *s, double *duration, int *width, int *height,
                          bool *has_audio);
void lt_video_close(lt_video_stream *s);

#endif
