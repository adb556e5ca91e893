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

#include "lentera/diag.h"

typedef struct {
  char container[16];        /* "mp4", "webm", or FFmpeg's name for another */
  char video[32], audio[32]; /* codec names ("h264", "aac", "vp9", "opus"); "" = none */
  int width, height;
  double duration; /* seconds */
} lt_video_info;

/* Probes the file at `path` (`shown` names it in messages, `line`/`col` place them in the
 * lesson that embeds it). LT_ERR_INVALID, with the reason, when it is unreadable, not
 * accepted or too long; warnings for a video over 5 minutes. *out is filled whenever the
 * file could be read. */
lt_status lt_video_check(const char *path, const char *shown, int line, int col, lt_video_info *out,
                         lt_diag_list *diags);

/* A poster frame: the first picture at or after 10% of the video (1 s at most), at most
 * 1280 pixels wide, as PNG bytes (g_free()). */
lt_status lt_video_poster(const char *path, char **png, size_t *len, lt_diag_list *diags);

#endif
