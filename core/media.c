/* media — see media.h: one table from extension to kind. */
#include "lentera/media.h"

#include <glib.h>

static const struct {
  const char *ext;
  lt_media_kind kind;
} table[] = {
    {".png", LT_MEDIA_IMAGE},          {".jpg", LT_MEDIA_IMAGE},
    {".jpeg", LT_MEDIA_IMAGE},         {".webp", LT_MEDIA_IMAGE},
    {".gif", LT_MEDIA_IMAGE},          {".mp4", LT_MEDIA_VIDEO},
    {".m4v", LT_MEDIA_VIDEO},          {".webm", LT_MEDIA_VIDEO},
    {".mov", LT_MEDIA_VIDEO_CONVERT},  {".mkv", LT_MEDIA_VIDEO_CONVERT},
    {".avi", LT_MEDIA_VIDEO_CONVERT},  {".3gp", LT_MEDIA_VIDEO_CONVERT},
    {".wmv", LT_MEDIA_VIDEO_CONVERT},  {".mpg", LT_MEDIA_VIDEO_CONVERT},
    {".mpeg", LT_MEDIA_VIDEO_CONVERT}, {".flv", LT_MEDIA_VIDEO_CONVERT},
    {".vtt", LT_MEDIA_CAPTIONS},       {".pdf", LT_MEDIA_DOCUMENT},
};

const char *lt_media_container_of(const char *path) {
  if (lt_media_kind_of(path) != LT_MEDIA_VIDEO) return NULL;
  char *lower = g_ascii_strdown(path, -1);
  const char *c = g_str_has_suffix(lower, ".webm") ? "webm" : "mp4";
  g_free(lower);
  return c;
}

lt_media_kind lt_media_kind_of(const char *path) {
  char *lower = g_ascii_strdown(path, -1);
  lt_media_kind kind = LT_MEDIA_NONE;
  for (size_t i = 0; i < G_N_ELEMENTS(table) && kind == LT_MEDIA_NONE; i++)
    if (g_str_has_suffix(lower, table[i].ext)) kind = table[i].kind;
  g_free(lower);
  return kind;
}
