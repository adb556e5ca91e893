/* video_ffmpeg — see video_ffmpeg.h: probing opens the container and reads the best video
 * and audio streams; the poster decodes from the nearest keyframe before its time, scales
 * with libswscale into a Cairo image and writes PNG. */
#include "video_ffmpeg.h"

#include <cairo.h>
#include <glib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
#include <string.h>

int lt_ffmpeg_probe_file(const char *path, lt_ffmpeg_probe *out, char *err, size_t err_len);
int lt_ffmpeg_poster_file(const char *path, char **png, size_t *len);
void lt_ffmpeg_free(void *p);

void lt_ffmpeg_free(void *p) { g_free(p); }

int lt_ffmpeg_probe_file(const char *path, lt_ffmpeg_probe *out, char *err, size_t err_len) {
  memset(out, 0, sizeof *out);
  av_log_set_level(AV_LOG_QUIET);
  AVFormatContext *fmt = NULL;
  int rc = avformat_open_input(&fmt, path, NULL, NULL);
  if (rc >= 0) rc = avformat_find_stream_info(fmt, NULL);
  int vi = rc >= 0 ? av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0) : -1;
  if (rc < 0 || vi < 0) {
    g_strlcpy(err, "no video stream", err_len);
    if (rc < 0) av_strerror(rc, err, err_len);
    avformat_close_input(&fmt);
    return -1;
  }
  int ai = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, vi, NULL, 0);
  const AVStream *vs = fmt->streams[vi], *as = ai >= 0 ? fmt->streams[ai] : NULL;
  g_strlcpy(out->format, fmt->iformat->name, sizeof out->format);
  g_strlcpy(out->video, avcodec_get_name(vs->codecpar->codec_id), sizeof out->video);
  out->video_decodable = avcodec_find_decoder(vs->codecpar->codec_id) != NULL;
  if (as) {
    g_strlcpy(out->audio, avcodec_get_name(as->codecpar->codec_id), sizeof out->audio);
    out->audio_decodable = avcodec_find_decoder(as->codecpar->codec_id) != NULL;
  }
  out->width = vs->codecpar->width;
  out->height = vs->codecpar->height;
  out->duration = fmt->duration > 0 ? (double)fmt->duration / AV_TIME_BASE : 0;
  avformat_close_input(&fmt);
  return 0;
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

int lt_ffmpeg_poster_file(const char *path, char **png, size_t *len) {
  av_log_set_level(AV_LOG_QUIET);
  AVFormatContext *fmt = NULL;
  AVCodecContext *dec = NULL;
  AVPacket *pkt = av_packet_alloc();
  AVFrame *frame = av_frame_alloc();
  int s = -1;
  int vi = -1;
  const AVCodec *codec = NULL;
  if (avformat_open_input(&fmt, path, NULL, NULL) >= 0 && avformat_find_stream_info(fmt, NULL) >= 0)
    vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (vi >= 0 && codec && (dec = avcodec_alloc_context3(codec)) &&
      avcodec_parameters_to_context(dec, fmt->streams[vi]->codecpar) >= 0 &&
      avcodec_open2(dec, codec, NULL) >= 0) {
    AVStream *st = fmt->streams[vi];
    double dur = fmt->duration > 0 ? (double)fmt->duration / AV_TIME_BASE : 0;
    double at = dur * 0.1 < 1.0 ? dur * 0.1 : 1.0;
    int64_t target = (int64_t)(at / av_q2d(st->time_base));
    if (st->start_time != AV_NOPTS_VALUE) target += st->start_time;
    av_seek_frame(fmt, vi, target, AVSEEK_FLAG_BACKWARD);
    bool got = false;
    while (!got && av_read_frame(fmt, pkt) >= 0) {
      if (pkt->stream_index == vi && avcodec_send_packet(dec, pkt) >= 0)
        while (!got && avcodec_receive_frame(dec, frame) >= 0)
          got = frame->best_effort_timestamp == AV_NOPTS_VALUE ||
                frame->best_effort_timestamp >= target;
      av_packet_unref(pkt);
    }
    if (!got) { /* the end: drain what the decoder holds */
      avcodec_send_packet(dec, NULL);
      got = avcodec_receive_frame(dec, frame) >= 0;
    }
    if (got && frame->width > 0 && frame->height > 0) {
      int w = frame->width > 1280 ? 1280 : frame->width;
      int h = (int)((int64_t)frame->height * w / frame->width);
      if (h < 1) h = 1;
      cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
      struct SwsContext *sws = sws_getContext(frame->width, frame->height, frame->format, w, h,
                                              AV_PIX_FMT_BGRA, SWS_BICUBIC, NULL, NULL, NULL);
      if (sws && cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        uint8_t *dst[4] = {cairo_image_surface_get_data(img)};
        int stride[4] = {cairo_image_surface_get_stride(img)};
        sws_scale(sws, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height, dst,
                  stride);
        cairo_surface_mark_dirty(img);
        GByteArray *bytes = g_byte_array_new();
        if (cairo_surface_write_to_png_stream(img, to_bytes, bytes) == CAIRO_STATUS_SUCCESS) {
          *len = bytes->len;
          *png = (char *)g_byte_array_free(bytes, FALSE);
          s = 0;
        } else {
          g_byte_array_free(bytes, TRUE);
        }
      }
      sws_freeContext(sws);
      cairo_surface_destroy(img);
    }
  }
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&dec);
  avformat_close_input(&fmt);
  return s;
}
