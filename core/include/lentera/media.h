/* media — what kind of media file a name is, by its extension (case-insensitive): the one
 * place the packer's media links, the player's pictures and its videos decide it. */
#ifndef LENTERA_MEDIA_H
#define LENTERA_MEDIA_H

typedef enum {
  LT_MEDIA_NONE,          /* not a media file a course may use */
  LT_MEDIA_IMAGE,         /* PNG, JPEG, WebP, GIF */
  LT_MEDIA_VIDEO,         /* MP4 (.mp4, .m4v), WebM: what the player plays */
  LT_MEDIA_VIDEO_CONVERT, /* other video containers: probed so the refusal can name them */
  LT_MEDIA_CAPTIONS,      /* WebVTT */
  LT_MEDIA_DOCUMENT       /* PDF, linked for download */
} lt_media_kind;

lt_media_kind lt_media_kind_of(const char *path);
/* For a video the player plays: the container its name promises ("mp4" for .mp4 and .m4v,
 * "webm"), to hold against what FFmpeg finds inside; NULL for any other name. */
const char *lt_media_container_of(const char *path);

#endif
