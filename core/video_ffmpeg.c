/* video_ffmpeg — see video_ffmpeg.h: probing opens the container and reads the best video
 * and audio streams; the poster decodes from the nearest keyframe before its time, scales
 * with libswscale into a Cairo image and writes PNG. */
#include "video_ffmpeg.h"

#include <cairo.h>
#include <glib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
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

/* ---- transcoding to H.264 + AAC, at most 720 lines high, MP4 with the index first ---- */

int lt_ffmpeg_transcode(const char *in, const char *out, void (*fn)(void *, double, double),
                        void *user, char *err, size_t err_len);

typedef struct {
  AVFormatContext *in, *out;
  AVCodecContext *vdec, *adec, *venc, *aenc;
  AVStream *vs, *as;
  int vi, ai;
  struct SwsContext *sws;
  SwrContext *swr;
  AVAudioFifo *fifo;
  AVFrame *frame, *scaled, *sound;
  AVPacket *pkt, *enc_pkt;
  int64_t next_video, next_sound;
} transcoder;

/* Sends `f` (NULL: flush) to `enc` and writes what comes out into `st`. */
static int encode(transcoder *t, AVCodecContext *enc, AVStream *st, AVFrame *f) {
  int rc = avcodec_send_frame(enc, f);
  if (rc < 0 && rc != AVERROR_EOF) return rc;
  while ((rc = avcodec_receive_packet(enc, t->enc_pkt)) == 0) {
    av_packet_rescale_ts(t->enc_pkt, enc->time_base, st->time_base);
    t->enc_pkt->stream_index = st->index;
    if ((rc = av_interleaved_write_frame(t->out, t->enc_pkt)) < 0) return rc;
  }
  return rc == AVERROR(EAGAIN) || rc == AVERROR_EOF ? 0 : rc;
}

static int video_out(transcoder *t, AVFrame *f) {
  if (!f) return encode(t, t->venc, t->vs, NULL);
  t->sws = sws_getCachedContext(t->sws, f->width, f->height, f->format, t->venc->width,
                                t->venc->height, AV_PIX_FMT_YUV420P, SWS_BICUBIC, NULL, NULL, NULL);
  if (!t->sws || av_frame_make_writable(t->scaled) < 0) return AVERROR(ENOMEM);
  sws_scale(t->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, t->scaled->data,
            t->scaled->linesize);
  int64_t pts = f->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE || pts < t->next_video) pts = t->next_video;
  t->scaled->pts = pts;
  t->next_video = pts + 1;
  return encode(t, t->venc, t->vs, t->scaled);
}

/* Encodes whole AAC frames from the FIFO (all that is left when `flush`). */
static int sound_out(transcoder *t, bool flush) {
  int size = t->aenc->frame_size;
  while (av_audio_fifo_size(t->fifo) >= size || (flush && av_audio_fifo_size(t->fifo) > 0)) {
    int n = MIN(size, av_audio_fifo_size(t->fifo));
    av_frame_unref(t->sound);
    t->sound->nb_samples = n;
    t->sound->format = t->aenc->sample_fmt;
    t->sound->sample_rate = t->aenc->sample_rate;
    av_channel_layout_copy(&t->sound->ch_layout, &t->aenc->ch_layout);
    if (av_frame_get_buffer(t->sound, 0) < 0) return AVERROR(ENOMEM);
    av_audio_fifo_read(t->fifo, (void **)t->sound->data, n);
    t->sound->pts = t->next_sound;
    t->next_sound += n;
    int rc = encode(t, t->aenc, t->as, t->sound);
    if (rc < 0) return rc;
  }
  return flush ? encode(t, t->aenc, t->as, NULL) : 0;
}

static int sound_in(transcoder *t, AVFrame *f) {
  int want = swr_get_out_samples(t->swr, f ? f->nb_samples : 0);
  if (want <= 0) return 0;
  uint8_t **buf = NULL;
  if (av_samples_alloc_array_and_samples(&buf, NULL, 2, want, t->aenc->sample_fmt, 0) < 0)
    return AVERROR(ENOMEM);
  const uint8_t **src = f ? (const uint8_t **)(void *)f->extended_data : NULL;
  int got = swr_convert(t->swr, buf, want, src, f ? f->nb_samples : 0);
  if (got > 0) av_audio_fifo_write(t->fifo, (void **)buf, got);
  av_freep(&buf[0]);
  av_freep(&buf);
  return got < 0 ? got : 0;
}

/* Receives every frame `dec` holds and passes it on. */
static int drain(transcoder *t, AVCodecContext *dec) {
  int rc;
  while ((rc = avcodec_receive_frame(dec, t->frame)) == 0) {
    rc = dec == t->vdec ? video_out(t, t->frame) : sound_in(t, t->frame);
    av_frame_unref(t->frame);
    if (rc < 0) return rc;
    if (dec == t->adec && (rc = sound_out(t, false)) < 0) return rc;
  }
  return rc == AVERROR(EAGAIN) || rc == AVERROR_EOF ? 0 : rc;
}

static int setup(transcoder *t, const char *in, const char *out) {
  int rc = avformat_open_input(&t->in, in, NULL, NULL);
  if (rc < 0 || (rc = avformat_find_stream_info(t->in, NULL)) < 0) return rc;
  t->vi = av_find_best_stream(t->in, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
  t->ai = av_find_best_stream(t->in, AVMEDIA_TYPE_AUDIO, -1, t->vi, NULL, 0);
  if (t->vi < 0 || !(t->vdec = open_codec(t->in, t->vi))) return AVERROR_DECODER_NOT_FOUND;
  if (t->ai >= 0) t->adec = open_codec(t->in, t->ai);
  if ((rc = avformat_alloc_output_context2(&t->out, NULL, "mp4", out)) < 0) return rc;
  const AVCodec *venc = avcodec_find_encoder_by_name("libx264");
  if (!venc) venc = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (!venc || !(t->venc = avcodec_alloc_context3(venc))) return AVERROR_ENCODER_NOT_FOUND;
  int h = MIN(720, t->vdec->height) & ~1;
  int w = (int)((int64_t)t->vdec->width * h / MAX(1, t->vdec->height) + 1) & ~1;
  t->venc->width = MAX(2, w), t->venc->height = MAX(2, h);
  t->venc->pix_fmt = AV_PIX_FMT_YUV420P;
  t->venc->time_base = t->in->streams[t->vi]->time_base;
  t->venc->framerate = av_guess_frame_rate(t->in, t->in->streams[t->vi], NULL);
  if (t->out->oformat->flags & AVFMT_GLOBALHEADER) t->venc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(t->venc->priv_data, "preset", "veryfast", 0);
  av_opt_set(t->venc->priv_data, "crf", "23", 0);
  /* OpenH264 (the Windows build's encoder) has no constant quality: a talk or a screen
   * recording at 720p reads well at about 1.5 Mbit/s, scaled to the picture's size */
  if (strcmp(venc->name, "libx264") != 0)
    t->venc->bit_rate = (int64_t)t->venc->width * t->venc->height * 3 / 2;
  if ((rc = avcodec_open2(t->venc, venc, NULL)) < 0) return rc;
  t->vs = avformat_new_stream(t->out, NULL);
  avcodec_parameters_from_context(t->vs->codecpar, t->venc);
  t->vs->time_base = t->venc->time_base;
  t->scaled = av_frame_alloc();
  t->scaled->format = AV_PIX_FMT_YUV420P;
  t->scaled->width = t->venc->width, t->scaled->height = t->venc->height;
  if ((rc = av_frame_get_buffer(t->scaled, 0)) < 0) return rc;
  if (t->adec) {
    const AVCodec *aenc = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!aenc || !(t->aenc = avcodec_alloc_context3(aenc))) return AVERROR_ENCODER_NOT_FOUND;
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    av_channel_layout_copy(&t->aenc->ch_layout, &stereo);
    t->aenc->sample_rate = 48000;
    t->aenc->sample_fmt = aenc->sample_fmts ? aenc->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
    t->aenc->bit_rate = 128000;
    t->aenc->time_base = (AVRational){1, 48000};
    if (t->out->oformat->flags & AVFMT_GLOBALHEADER) t->aenc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if ((rc = avcodec_open2(t->aenc, aenc, NULL)) < 0) return rc;
    t->as = avformat_new_stream(t->out, NULL);
    avcodec_parameters_from_context(t->as->codecpar, t->aenc);
    t->as->time_base = t->aenc->time_base;
    if ((rc = swr_alloc_set_opts2(&t->swr, &t->aenc->ch_layout, t->aenc->sample_fmt, 48000,
                                  &t->adec->ch_layout, t->adec->sample_fmt, t->adec->sample_rate, 0,
                                  NULL)) < 0 ||
        (rc = swr_init(t->swr)) < 0)
      return rc;
    t->fifo = av_audio_fifo_alloc(t->aenc->sample_fmt, 2, t->aenc->frame_size);
    t->sound = av_frame_alloc();
  }
  if ((rc = avio_open(&t->out->pb, out, AVIO_FLAG_WRITE)) < 0) return rc;
  AVDictionary *opts = NULL;
  av_dict_set(&opts, "movflags", "+faststart", 0);
  rc = avformat_write_header(t->out, &opts);
  av_dict_free(&opts);
  return rc < 0 ? rc : 0;
}

int lt_ffmpeg_transcode(const char *in, const char *out, void (*fn)(void *, double, double),
                        void *user, char *err, size_t err_len) {
  av_log_set_level(AV_LOG_QUIET);
  transcoder t = {.vi = -1, .ai = -1};
  t.frame = av_frame_alloc();
  t.pkt = av_packet_alloc();
  t.enc_pkt = av_packet_alloc();
  int rc = t.frame && t.pkt && t.enc_pkt ? setup(&t, in, out) : AVERROR(ENOMEM);
  double total = t.in && t.in->duration > 0 ? (double)t.in->duration / AV_TIME_BASE : 0;
  while (rc >= 0 && t.in && (rc = av_read_frame(t.in, t.pkt)) >= 0) {
    AVCodecContext *dec = t.pkt->stream_index == t.vi   ? t.vdec
                          : t.pkt->stream_index == t.ai ? t.adec
                                                        : NULL;
    if (dec && t.pkt->stream_index == t.vi && fn && t.pkt->pts != AV_NOPTS_VALUE)
      fn(user, (double)t.pkt->pts * av_q2d(t.in->streams[t.vi]->time_base), total);
    if (dec && avcodec_send_packet(dec, t.pkt) >= 0) rc = drain(&t, dec);
    av_packet_unref(t.pkt);
  }
  if (rc == AVERROR_EOF) { /* the end: flush every stage */
    avcodec_send_packet(t.vdec, NULL);
    rc = drain(&t, t.vdec);
    if (rc >= 0) rc = video_out(&t, NULL);
    if (rc >= 0 && t.adec) {
      avcodec_send_packet(t.adec, NULL);
      rc = drain(&t, t.adec);
      if (rc >= 0) rc = sound_in(&t, NULL);
      if (rc >= 0) rc = sound_out(&t, true);
    }
    if (rc >= 0) rc = av_write_trailer(t.out);
  }
  if (rc < 0) av_strerror(rc, err, err_len);
  if (t.out && t.out->pb) avio_closep(&t.out->pb);
  avformat_free_context(t.out);
  avformat_close_input(&t.in);
  avcodec_free_context(&t.vdec), avcodec_free_context(&t.adec);
  avcodec_free_context(&t.venc), avcodec_free_context(&t.aenc);
  sws_freeContext(t.sws);
  swr_free(&t.swr);
  if (t.fifo) av_audio_fifo_free(t.fifo);
  av_frame_free(&t.frame), av_frame_free(&t.scaled), av_frame_free(&t.sound);
  av_packet_free(&t.pkt), av_packet_free(&t.enc_pkt);
  if (fn && rc >= 0) fn(user, total, total);
  return rc < 0 ? -1 : 0;
}
