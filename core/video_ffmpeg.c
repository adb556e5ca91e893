/* video_ffmpeg — see video_ffmpeg.h: probing opens the container and reads the best video
 * and audio streams; the poster decodes from the nearest keyframe before its time, scales
 * with libswscale into a Cairo image and writes PNG. */
#include "video_ffmpeg.h"

#include <cairo.h>
#include <glib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
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

/* ---- playback ---- */

lt_ffmpeg_decoder *lt_ffmpeg_open(const char *path, int max_w, int max_h, char *err,
                                  size_t err_len);
int lt_ffmpeg_next(lt_ffmpeg_decoder *d, lt_video_frame *out, char *err, size_t err_len);
int lt_ffmpeg_seek(lt_ffmpeg_decoder *d, double seconds);
void lt_ffmpeg_info(lt_ffmpeg_decoder *d, double *duration, int *width, int *height,
                    int *has_audio);
void lt_ffmpeg_close(lt_ffmpeg_decoder *d);

struct lt_ffmpeg_decoder {
  AVFormatContext *fmt;
  AVCodecContext *vdec, *adec;
  int vi, ai;
  AVPacket *pkt;
  AVFrame *frame;
  struct SwsContext *sws;
  SwrContext *swr;
  int max_w, max_h;
  uint8_t *pixels;
  size_t pixels_cap;
  uint8_t *sound;
  int sound_cap; /* frames */
  bool draining, done;
  double duration;
};

static AVCodecContext *open_codec(AVFormatContext *fmt, int index) {
  const AVCodec *codec = avcodec_find_decoder(fmt->streams[index]->codecpar->codec_id);
  AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
  if (c) c->thread_count = 0; /* as many as there are cores */
  if (!c || avcodec_parameters_to_context(c, fmt->streams[index]->codecpar) < 0 ||
      avcodec_open2(c, codec, NULL) < 0)
    avcodec_free_context(&c);
  return c;
}

void lt_ffmpeg_close(lt_ffmpeg_decoder *d) {
  if (!d) return;
  avcodec_free_context(&d->vdec);
  avcodec_free_context(&d->adec);
  avformat_close_input(&d->fmt);
  av_packet_free(&d->pkt);
  av_frame_free(&d->frame);
  sws_freeContext(d->sws);
  swr_free(&d->swr);
  g_free(d->pixels);
  g_free(d->sound);
  g_free(d);
}

lt_ffmpeg_decoder *lt_ffmpeg_open(const char *path, int max_w, int max_h, char *err,
                                  size_t err_len) {
  av_log_set_level(AV_LOG_QUIET);
  lt_ffmpeg_decoder *d = g_new0(lt_ffmpeg_decoder, 1);
  d->max_w = max_w, d->max_h = max_h;
  int rc = avformat_open_input(&d->fmt, path, NULL, NULL);
  if (rc >= 0) rc = avformat_find_stream_info(d->fmt, NULL);
  d->vi = rc >= 0 ? av_find_best_stream(d->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0) : -1;
  d->ai = d->vi >= 0 ? av_find_best_stream(d->fmt, AVMEDIA_TYPE_AUDIO, -1, d->vi, NULL, 0) : -1;
  if (d->vi >= 0) d->vdec = open_codec(d->fmt, d->vi);
  if (d->ai >= 0) d->adec = open_codec(d->fmt, d->ai);
  if (rc < 0 || !d->vdec) {
    if (rc < 0)
      av_strerror(rc, err, err_len);
    else
      g_strlcpy(err, "no video that can be decoded", err_len);
    lt_ffmpeg_close(d);
    return NULL;
  }
  if (d->adec) {
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    if (swr_alloc_set_opts2(&d->swr, &stereo, AV_SAMPLE_FMT_S16, 48000, &d->adec->ch_layout,
                            d->adec->sample_fmt, d->adec->sample_rate, 0, NULL) < 0 ||
        swr_init(d->swr) < 0) {
      swr_free(&d->swr);
      avcodec_free_context(&d->adec);
    }
  }
  d->pkt = av_packet_alloc();
  d->frame = av_frame_alloc();
  d->duration = d->fmt->duration > 0 ? (double)d->fmt->duration / AV_TIME_BASE : 0;
  return d;
}

void lt_ffmpeg_info(lt_ffmpeg_decoder *d, double *duration, int *width, int *height,
                    int *has_audio) {
  *duration = d->duration;
  *width = d->vdec->width;
  *height = d->vdec->height;
  *has_audio = d->adec != NULL;
}

static double frame_time(lt_ffmpeg_decoder *d, int index, const AVFrame *f) {
  AVStream *st = d->fmt->streams[index];
  int64_t ts = f->best_effort_timestamp;
  if (ts == AV_NOPTS_VALUE) return -1;
  if (st->start_time != AV_NOPTS_VALUE) ts -= st->start_time;
  return (double)ts * av_q2d(st->time_base);
}

/* Turns d->frame (from codec `c`) into `out`; 1 when it is usable. */
static int convert(lt_ffmpeg_decoder *d, AVCodecContext *c, lt_video_frame *out) {
  AVFrame *f = d->frame;
  if (c == d->vdec && (f->format == AV_PIX_FMT_YUV420P || f->format == AV_PIX_FMT_YUVJ420P) &&
      f->width <= d->max_w * 2 && f->height <= d->max_h * 2) {
    /* the usual case: the planes as they are, for a YUV texture (the renderer scales) */
    int w = f->width, h = f->height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    size_t need = (size_t)w * (size_t)h + 2 * (size_t)cw * (size_t)ch;
    if (need > d->pixels_cap) d->pixels = g_realloc(d->pixels, d->pixels_cap = need);
    uint8_t *p = d->pixels;
    for (int y = 0; y < h; y++, p += w)
      memcpy(p, f->data[0] + (ptrdiff_t)y * f->linesize[0], (size_t)w);
    for (int plane = 1; plane <= 2; plane++)
      for (int y = 0; y < ch; y++, p += cw)
        memcpy(p, f->data[plane] + (ptrdiff_t)y * f->linesize[plane], (size_t)cw);
    *out = (lt_video_frame){LT_VIDEO_PICTURE, frame_time(d, d->vi, f), d->pixels, w, h, w, 0,
                            LT_VIDEO_I420};
    return 1;
  }
  if (c == d->vdec) { /* anything else: converted to BGRA, scaled to fit */
    double k = 1.0;
    if (f->width > d->max_w) k = (double)d->max_w / f->width;
    if (f->height * k > d->max_h) k = (double)d->max_h / f->height;
    int w = MAX(2, (int)(f->width * k) & ~1), h = MAX(2, (int)(f->height * k) & ~1);
    size_t need = (size_t)w * 4 * (size_t)h;
    if (need > d->pixels_cap) d->pixels = g_realloc(d->pixels, d->pixels_cap = need);
    d->sws = sws_getCachedContext(d->sws, f->width, f->height, f->format, w, h, AV_PIX_FMT_BGRA,
                                  SWS_BILINEAR, NULL, NULL, NULL);
    if (!d->sws) return 0;
    uint8_t *dst[4] = {d->pixels};
    int stride[4] = {w * 4};
    sws_scale(d->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, stride);
    *out = (lt_video_frame){LT_VIDEO_PICTURE, frame_time(d, d->vi, f), d->pixels, w, h, w * 4, 0,
                            LT_VIDEO_BGRA};
    return 1;
  }
  int want = swr_get_out_samples(d->swr, f->nb_samples);
  if (want > d->sound_cap) {
    d->sound_cap = want;
    d->sound = g_realloc(d->sound, (size_t)want * 4);
  }
  uint8_t *dst[1] = {d->sound};
  const uint8_t **in = (const uint8_t **)(void *)f->extended_data; /* swr reads only */
  int got = swr_convert(d->swr, dst, want, in, f->nb_samples);
  if (got <= 0) return 0;
  *out = (lt_video_frame){LT_VIDEO_SOUND, frame_time(d, d->ai, f), d->sound, 0, 0, 0, got, 0};
  return 1;
}

int lt_ffmpeg_next(lt_ffmpeg_decoder *d, lt_video_frame *out, char *err, size_t err_len) {
  for (;;) {
    /* what the decoders already hold first */
    AVCodecContext *decs[2] = {d->vdec, d->adec};
    for (int i = 0; i < 2; i++) {
      if (!decs[i]) continue;
      int rc = avcodec_receive_frame(decs[i], d->frame);
      if (rc == 0) {
        int ok = convert(d, decs[i], out);
        av_frame_unref(d->frame);
        if (ok) return 1;
      }
    }
    if (d->done) return 0;
    if (d->draining) {
      d->done = true;
      continue;
    }
    int rc = av_read_frame(d->fmt, d->pkt);
    if (rc == AVERROR_EOF) {
      d->draining = true;
      avcodec_send_packet(d->vdec, NULL);
      if (d->adec) avcodec_send_packet(d->adec, NULL);
      continue;
    }
    if (rc < 0) {
      av_strerror(rc, err, err_len);
      return -1;
    }
    AVCodecContext *c = d->pkt->stream_index == d->vi   ? d->vdec
                        : d->pkt->stream_index == d->ai ? d->adec
                                                        : NULL;
    int sent = c ? avcodec_send_packet(c, d->pkt) : 0;
    av_packet_unref(d->pkt);
    if (sent < 0 && sent != AVERROR(EAGAIN) && c == d->vdec) {
      av_strerror(sent, err, err_len);
      return -1;
    }
  }
}

int lt_ffmpeg_seek(lt_ffmpeg_decoder *d, double seconds) {
  if (seconds < 0) seconds = 0;
  int64_t ts = (int64_t)(seconds * AV_TIME_BASE);
  if (d->fmt->start_time != AV_NOPTS_VALUE) ts += d->fmt->start_time;
  int rc = avformat_seek_file(d->fmt, -1, INT64_MIN, ts, ts, 0);
  avcodec_flush_buffers(d->vdec);
  if (d->adec) avcodec_flush_buffers(d->adec);
  if (d->swr) swr_init(d->swr);
  d->draining = d->done = false;
  return rc < 0 ? -1 : 0;
}
