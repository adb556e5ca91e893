/* test_media — the one table from file name to media kind. */
#include "check.h"
#include "lentera/media.h"

int main(void) {
  CHECK(lt_media_kind_of("media/kantor.png") == LT_MEDIA_IMAGE);
  CHECK(lt_media_kind_of("media/FOTO.JPG") == LT_MEDIA_IMAGE); /* any case */
  CHECK(lt_media_kind_of("media/a.jpeg") == LT_MEDIA_IMAGE);
  CHECK(lt_media_kind_of("media/a.webp") == LT_MEDIA_IMAGE);
  CHECK(lt_media_kind_of("media/a.gif") == LT_MEDIA_IMAGE);
  CHECK(lt_media_kind_of("media/klip.mp4") == LT_MEDIA_VIDEO);
  CHECK(lt_media_kind_of("media/klip.M4V") == LT_MEDIA_VIDEO);
  CHECK(lt_media_kind_of("media/klip.webm") == LT_MEDIA_VIDEO);
  CHECK(lt_media_kind_of("media/klip.avi") == LT_MEDIA_VIDEO_CONVERT);
  CHECK(lt_media_kind_of("media/klip.mov") == LT_MEDIA_VIDEO_CONVERT);
  CHECK(lt_media_kind_of("media/klip.vtt") == LT_MEDIA_CAPTIONS);
  CHECK(lt_media_kind_of("media/panduan.pdf") == LT_MEDIA_DOCUMENT);
  CHECK(lt_media_kind_of("media/catatan.docx") == LT_MEDIA_NONE);
  CHECK(lt_media_kind_of("media/png") == LT_MEDIA_NONE); /* an extension, not a name */
  CHECK(lt_media_kind_of("media/klip.mp4.txt") == LT_MEDIA_NONE);
  CHECK_STR(lt_media_container_of("media/klip.MP4"), "mp4");
  CHECK_STR(lt_media_container_of("media/klip.m4v"), "mp4");
  CHECK_STR(lt_media_container_of("media/klip.webm"), "webm");
  CHECK(lt_media_container_of("media/klip.avi") == NULL);
  CHECK(lt_media_container_of("media/kantor.png") == NULL);
  return check_done("test_media");
}
