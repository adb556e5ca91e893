/* build — orchestration of course → compiled entries → manifest → signature → pack.
 *
 * Entries are collected in pack order (lessons, cheat sheet XML, cheat sheet PDFs,
 * quizzes, then media sorted by path). Generated entries live in memory and are hashed
 * there; media are hashed from disk before the manifest is written (the manifest must
 * come first in the pack and holds their digests) and copied afterwards by the pack writer,
 * which hashes again as it copies so a file edited mid-build cannot slip in. Course files
 * are opened confined to the course folder both times (file.h lt_file_open_in: no symbolic
 * link, hard link or special file), the second open must find the same file (device and
 * inode) as the first, and the writer copies from that checked descriptor. (FFmpeg, for
 * probing, poster frames and transcoding, opens videos by name after they were checked.)
 *
 * Sizes are checked against what readers accept (limits.h): an item whose XML is over
 * LT_LIMIT_ITEM_BYTES, or a manifest over LT_LIMIT_MANIFEST_BYTES, is an error at check
 * time, so a pack this writes always passes `verify` and the player's import. */
#include "lentera/build.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/compile.h"
#include "lentera/course.h"
#include "lentera/file.h"
#include "lentera/layout.h"
#include "lentera/limits.h"
#include "lentera/manifest.h"
#include "lentera/schema.h"
#include "lentera/srt.h"
#include "lentera/version.h"
#include "lentera/video.h"

typedef struct {
  char *path; /* in the pack */
  char *data; /* generated entries; NULL for media */
  size_t len;
  char *source; /* media: file on disk (as messages name it) */
  uint64_t size;
  char hex[LT_HASH_HEX];
  bool deflate;
  lt_video_info *video; /* media that are videos: what the manifest says of them */
  char *poster;         /* and their poster frame's path */
  char *rel;            /* media of the course: path in the course folder (else a scratch file) */
  dev_t dev;            /* the file hashed, which must be the file copied */
  ino_t ino;
} entry;

typedef struct {
  const lt_build_options *opts;
  lt_diag_list *diags;
  lt_course *course;
  GArray *entries[5]; /* lessons, cheat xml, cheat pdf, quizzes, media */
  lt_manifest_item *items;
  char **owned; /* item paths and PDF paths the items point at */
  size_t nitems;
  bool failed;
  uint64_t media_bytes, done;
  GPtrArray *transcodes; /* pairs: video in the course, MP4 path in the pack */
  char *scratch;         /* the transcoded MP4s until they are in the pack */
} build;

static void entry_clear(gpointer p) {
  entry *e = p;
  g_free(e->path);
  g_free(e->data);
  g_free(e->source);
  g_free(e->video);
  g_free(e->poster);
  g_free(e->rel);
}

static void add_generated(build *b, int group, const char *path, char *data, size_t len,
                          bool deflate) {
  entry e = {g_strdup(path), data, len, NULL, len, {0}, deflate, NULL, NULL, NULL, 0, 0};
  lt_hash_hex(data, len, e.hex);
  g_array_append_val(b->entries[group], e);
}

/* Media file `rel` of the course, at `path` in the pack (lt_compiled_media). */
static void add_media(build *b, const char *path, const char *rel) {
  GArray *media = b->entries[4];
  for (guint i = 0; i < media->len; i++)
    if (!strcmp(g_array_index(media, entry, i).path, path)) return;
  entry e = {g_strdup(path),
             NULL,
             0,
             g_build_filename(b->opts->course_dir, rel, NULL),
             0,
             {0},
             false,
             NULL,
             NULL,
             g_strdup(rel),
             0,
             0};
  g_array_append_val(media, e);
}

/* SubRip captions (media/x.srt, checked by compile) go in the pack as media/x.vtt, the
 * WebVTT the player reads beside media/x.mp4. */
static void add_srt(build *b, const char *pack_path, const char *rel) {
  char *path = g_strdup_printf("%.*s.vtt", (int)(strlen(pack_path) - 4), pack_path);
  GArray *media = b->entries[4];
  for (guint i = 0; i < media->len && path; i++)
    if (!strcmp(g_array_index(media, entry, i).path, path)) g_clear_pointer(&path, g_free);
  if (!path) return;
  lt_file_where at = {rel, 0, 0};
  int fd = -1;
  char *text = NULL, *vtt = NULL;
  size_t len = 0, vlen = 0;
  if (lt_file_open_in(b->opts->course_dir, rel, &at, NULL, &fd, b->diags) != LT_OK ||
      lt_file_read_fd(fd, rel, LT_LIMIT_ITEM_BYTES, &text, &len, b->diags) != LT_OK ||
      lt_srt_to_webvtt(text, len, rel, &vtt, &vlen, b->diags) != LT_OK)
    b->failed = true;
  else
    add_generated(b, 4, path, vtt, vlen, true);
  if (fd >= 0) close(fd);
  free(text);
  g_free(path);
}

static void compile_items(build *b) {
  const lt_course *c = b->course;
  b->nitems = lt_course_item_count(c);
  b->items = g_new0(lt_manifest_item, b->nitems);
  b->owned = g_new0(char *, 2 * b->nitems + 1);
  static const int group_of[] = {0, 1, 3};
  for (size_t i = 0; i < b->nitems; i++) {
    const lt_course_item *it = lt_course_item_at(c, i);
    lt_compiled *out;
    if (lt_compile_item_with(c, it, b->opts->transcode, &out, b->diags) != LT_OK) {
      b->failed = true;
      continue;
    }
    size_t len;
    const char *xml = lt_compiled_xml(out, &len);
    if (len > LT_LIMIT_ITEM_BYTES) { /* readers refuse it: say so now, not at verify */
      lt_diag_add(b->diags, LT_DIAG_ERROR, it->display, 1, 1,
                  "this item compiles to %.1f MiB of XML; an item may be %.1f MiB at most: split "
                  "it into shorter items",
                  LT_MIB(len), LT_MIB(LT_LIMIT_ITEM_BYTES));
      b->failed = true;
      lt_compiled_free(out);
      continue;
    }
    const char *schema = it->kind == LT_KIND_QUIZ ? "quiz.xsd" : "commonmark.xsd";
    if (lt_schema_validate(schema, xml, len, lt_compiled_path(out), b->diags) != LT_OK) {
      lt_diag_add(b->diags, LT_DIAG_ERROR, it->display, 1, 1,
                  "internal error: compiled XML does not match %s", schema);
      b->failed = true;
    }
    lt_manifest_item *mi = &b->items[i];
    mi->kind = lt_item_kind_name(it->kind);
    mi->id = it->id;
    mi->title = it->title;
    mi->minutes = it->minutes;
    mi->path = b->owned[2 * i] = g_strdup(lt_compiled_path(out));
    if (it->kind == LT_KIND_QUIZ) {
      mi->role = lt_quiz_role_name(it->role);
      mi->questions = (long)lt_compiled_question_count(out);
    }
    if (it->kind == LT_KIND_CHEATSHEET) {
      char *header = g_strdup_printf("%s \u2014 %s", lt_course_title(c), it->title);
      char *pdf;
      size_t pdf_len;
      double overflow = 0;
      size_t nm = lt_compiled_media_count(out);
      const char **names = g_new0(const char *, 2 * nm + 2); /* pack name, course file */
      for (size_t m = 0; m < nm; m++)
        names[2 * m] = lt_compiled_media(out, m),
                  names[2 * m + 1] = lt_compiled_media_source(out, m);
      lt_status ps =
          lt_layout_render_pdf_named(xml, len, it->display, header, lt_course_dir(c), names,
                                     b->opts->created, &pdf, &pdf_len, &overflow, b->diags);
      g_free(names);
      if (ps != LT_OK) {
        b->failed = true;
      } else if (overflow > 0) {
        lt_diag_add(b->diags, LT_DIAG_ERROR, it->display, 1, 1,
                    "cheat sheet does not fit one A4 page: it runs %.0f mm past the bottom "
                    "margin; shorten it",
                    overflow + 0.5);
        b->failed = true;
        g_free(pdf);
      } else {
        char *pdf_path = g_strdup_printf("cheatsheets/%s.pdf", it->id);
        add_generated(b, 2, pdf_path, pdf, pdf_len, false);
        mi->pdf = b->owned[2 * i + 1] = pdf_path;
      }
      g_free(header);
    }
    add_generated(b, group_of[it->kind], lt_compiled_path(out), g_strndup(xml, len), len, true);
    for (size_t m = 0; m < lt_compiled_media_count(out); m++) {
      const char *pack = lt_compiled_media(out, m), *src = lt_compiled_media_source(out, m);
      if (g_str_has_suffix(pack, ".srt"))
        add_srt(b, pack, src);
      else
        add_media(b, pack, src);
    }
    for (size_t m = 0; m < lt_compiled_transcode_count(out); m++) {
      const char *pack_path, *source = lt_compiled_transcode(out, m, &pack_path);
      bool known = false;
      for (guint k = 0; k < b->transcodes->len; k += 2)
        known = known || !strcmp(b->transcodes->pdata[k + 1], pack_path);
      if (!known) {
        g_ptr_array_add(b->transcodes, g_strdup(source));
        g_ptr_array_add(b->transcodes, g_strdup(pack_path));
      }
    }
    lt_compiled_free(out);
  }
}

static gint by_path(gconstpointer a, gconstpointer b) {
  return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

/* Transcodes what the items asked for into a scratch folder; the MP4s go into the pack as
 * media under the paths the items point at. */
static void transcode_all(build *b) {
  for (guint i = 0; i < b->transcodes->len && !b->failed; i += 2) {
    const char *source = b->transcodes->pdata[i], *pack_path = b->transcodes->pdata[i + 1];
    if (!b->scratch) b->scratch = g_dir_make_tmp("lentera-transcode-XXXXXX", NULL);
    char *base = g_path_get_basename(pack_path);
    char *out = b->scratch ? g_build_filename(b->scratch, base, NULL) : NULL;
    char *in = g_build_filename(b->opts->course_dir, source, NULL);
    if (b->opts->transcode_started) b->opts->transcode_started(b->opts->transcode_user, source);
    if (!out || lt_video_transcode(in, out, b->opts->transcode_progress, b->opts->transcode_user,
                                   b->diags) != LT_OK) {
      b->failed = true;
    } else {
      entry e = {
          g_strdup(pack_path), NULL, 0, g_strdup(out), 0, {0}, false, NULL, NULL, NULL, 0, 0};
      g_array_append_val(b->entries[4], e);
    }
    g_free(base), g_free(out), g_free(in);
  }
}

/* Each video gets a poster frame (a generated PNG beside it) and its probe results for the
 * manifest; compile_items has already refused any video that is not acceptable. */
static void add_posters(build *b) {
  GArray *media = b->entries[4];
  guint n = media->len;
  for (guint i = 0; i < n; i++) {
    entry *e = &g_array_index(media, entry, i);
    const char *dot = strrchr(e->path, '.');
    if (!dot || (g_ascii_strcasecmp(dot, ".mp4") && g_ascii_strcasecmp(dot, ".webm") &&
                 g_ascii_strcasecmp(dot, ".m4v")))
      continue;
    lt_video_info info;
    char *png = NULL;
    size_t len = 0;
    if (lt_video_check(e->source, e->path, 0, 0, false, &info, NULL) != LT_OK ||
        lt_video_poster(e->source, &png, &len, b->diags) != LT_OK) {
      b->failed = true;
      continue;
    }
    char *poster = g_strdup_printf("%.*s.poster.png", (int)(dot - e->path), e->path);
    e->video = g_memdup2(&info, sizeof info);
    e->poster = poster;
    add_generated(b, 4, poster, png, len, false); /* may move `media`: e is not used after */
  }
}

/* Opens a media entry's file: a course file confined to the course folder, a transcoded
 * one from the scratch folder. When the entry was hashed already, it must be the same file. */
static int open_media(build *b, entry *e) {
  int fd = -1;
  if (e->rel) {
    lt_file_where at = {e->source, 0, 0};
    if (lt_file_open_in(b->opts->course_dir, e->rel, &at, NULL, &fd, b->diags) != LT_OK) return -1;
  } else if ((fd = open(e->source, O_RDONLY | O_CLOEXEC)) < 0) {
    lt_diag_add(b->diags, LT_DIAG_ERROR, e->source, 0, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    lt_diag_add(b->diags, LT_DIAG_ERROR, e->source, 0, 0, "cannot read: %s", strerror(errno));
    close(fd);
    return -1;
  }
  if (e->dev == 0 && e->ino == 0) {
    e->dev = sb.st_dev, e->ino = sb.st_ino;
  } else if (e->dev != sb.st_dev || e->ino != sb.st_ino) {
    lt_diag_add(b->diags, LT_DIAG_ERROR, e->source, 0, 0,
                "the file was replaced while the pack was built");
    close(fd);
    return -1;
  }
  return fd;
}

/* Hashes one media file from disk (generated ones were hashed when made). */
LT_MUST_CHECK static lt_status hash_media(build *b, entry *e) {
  if (e->data) return LT_OK;
  int fd = open_media(b, e);
  if (fd < 0) return e->rel ? LT_ERR_INVALID : LT_ERR_IO;
  enum { CHUNK = 256 * 1024 };
  unsigned char *buf = malloc(CHUNK);
  lt_hash *h = lt_hash_new();
  ssize_t n;
  e->size = 0;
  while ((n = read(fd, buf, CHUNK)) > 0 || (n < 0 && errno == EINTR)) {
    if (n < 0) continue;
    lt_hash_update(h, buf, (size_t)n);
    e->size += (uint64_t)n;
    b->done += (uint64_t)n;
    if (b->opts->progress) b->opts->progress(b->opts->user, b->done / 2, b->media_bytes);
  }
  int saved = errno;
  close(fd);
  lt_hash_final_hex(h, e->hex);
  lt_hash_free(h);
  free(buf);
  if (n < 0) {
    lt_diag_add(b->diags, LT_DIAG_ERROR, e->source, 0, 0, "cannot read: %s", strerror(saved));
    return LT_ERR_IO;
  }
  return LT_OK;
}

LT_MUST_CHECK static lt_status hash_all_media(build *b) {
  GArray *media = b->entries[4];
  g_array_sort(media, by_path);
  for (guint i = 0; i < media->len; i++) {
    struct stat sb;
    if (g_array_index(media, entry, i).source &&
        stat(g_array_index(media, entry, i).source, &sb) == 0)
      b->media_bytes += (uint64_t)sb.st_size;
  }
  for (guint i = 0; i < media->len; i++) {
    lt_status st = hash_media(b, &g_array_index(media, entry, i));
    if (st != LT_OK) return st;
  }
  return LT_OK;
}

static lt_manifest *make_manifest(build *b) {
  const lt_course *c = b->course;
  lt_manifest_info info = {
      lt_course_id(c),         lt_course_version(c),
      lt_course_title(c),      lt_course_language(c),
      lt_course_publisher(c),  lt_course_activity_base(c),
      lt_course_audience(c),   b->opts->key ? lt_sign_seckey_id(b->opts->key) : "0000000000000000",
      b->opts->created,        LT_GENERATOR,
      lt_course_description(c)};
  lt_manifest *m = lt_manifest_new(&info);
  const lt_course_signer *signer = lt_course_get_signer(c);
  if (signer) {
    lt_manifest_signer ms = {signer->name, signer->position, signer->nip};
    lt_manifest_set_signer(m, &ms);
  }
  size_t nfollowup;
  const long *followup = lt_course_followup(c, &nfollowup);
  lt_manifest_set_followup(m, followup, nfollowup);
  size_t ntargets;
  const lt_target *targets = lt_course_targets(c, &ntargets);
  lt_manifest_set_targets(m, targets, ntargets);
  for (size_t i = 0; i < b->nitems; i++)
    lt_manifest_add_item(m, &b->items[i]);
  for (int g = 0; g < 5; g++)
    for (guint i = 0; i < b->entries[g]->len; i++) {
      const entry *e = &g_array_index(b->entries[g], entry, i);
      lt_manifest_add_file(m, e->path, e->size, e->hex);
    }
  for (guint i = 0; i < b->entries[4]->len; i++) {
    const entry *e = &g_array_index(b->entries[4], entry, i);
    if (!e->video) continue;
    char *codecs = *e->video->audio ? g_strdup_printf("%s,%s", e->video->video, e->video->audio)
                                    : g_strdup(e->video->video);
    lt_manifest_set_video(m, e->path, e->video->duration, e->video->width, e->video->height, codecs,
                          e->poster);
    g_free(codecs);
  }
  return m;
}

static bool manifest_too_big(build *b, size_t len) {
  if (len <= LT_LIMIT_MANIFEST_BYTES) return false;
  lt_diag_add(b->diags, LT_DIAG_ERROR, lt_course_md(b->course), 1, 1,
              "the pack's manifest (%s) would be %.1f MiB; it may be %.1f MiB at most: the course "
              "has too many files or too long titles",
              LT_PACK_MANIFEST, LT_MIB(len), LT_MIB(LT_LIMIT_MANIFEST_BYTES));
  return true;
}

/* The manifest must stay under what readers accept (LT_LIMIT_MANIFEST_BYTES) and match
 * manifest.xsd. Measured
 * before any media is hashed, so `check` says it too: media not hashed yet count with their
 * size on disk and a digest of the real length. */
static void check_manifest_size(build *b) {
  GArray *media = b->entries[4];
  for (guint i = 0; i < media->len; i++) {
    entry *e = &g_array_index(media, entry, i);
    struct stat sb;
    if (e->data || *e->hex) continue;
    memset(e->hex, '0', LT_HASH_HEX - 1);
    if (stat(e->source, &sb) == 0) e->size = (uint64_t)sb.st_size;
  }
  lt_manifest *m = make_manifest(b);
  char *xml = NULL;
  size_t len = 0;
  lt_status st = lt_manifest_to_xml(m, &xml, &len);
  lt_manifest_free(m);
  if (st == LT_OK && manifest_too_big(b, len)) b->failed = true;
  /* what `build` will validate, `check` validates too (issue 13: a media name with a space
   * passed `check` and failed the schema in `build`); compile.c gives every name a pack
   * name, so this failing is a bug of ours, said as one */
  if (st == LT_OK && !b->failed &&
      lt_schema_validate("manifest.xsd", xml, len, LT_PACK_MANIFEST, b->diags) != LT_OK) {
    lt_diag_add(b->diags, LT_DIAG_ERROR, lt_course_md(b->course), 1, 1,
                "internal error: the pack's manifest would not match manifest.xsd");
    b->failed = true;
  }
  g_free(xml);
}

static void progress_copy(void *user, uint64_t done, uint64_t total) {
  (void)total;
  build *b = user;
  if (b->opts->progress)
    b->opts->progress(b->opts->user, (b->media_bytes + done) / 2, b->media_bytes);
}

LT_MUST_CHECK static lt_status write_pack(build *b, const char *path) {
  lt_manifest *m = make_manifest(b);
  char *xml, *sig = NULL, *comment = lt_manifest_trusted_comment(m);
  size_t len, sig_len;
  lt_status st = lt_manifest_to_xml(m, &xml, &len);
  lt_manifest_free(m);
  if (st == LT_OK && manifest_too_big(b, len)) {
    g_free(xml);
    st = LT_ERR_INVALID;
  }
  if (st != LT_OK) {
    free(comment);
    return st;
  }
  st = lt_schema_validate("manifest.xsd", xml, len, LT_PACK_MANIFEST, b->diags);
  if (st == LT_OK) st = lt_sign_create(b->opts->key, xml, len, comment, &sig, &sig_len);
  free(comment);
  lt_pack_writer *w = NULL;
  if (st == LT_OK) st = lt_pack_writer_open(path, b->opts->created, &w, b->diags);
  if (st == LT_OK) {
    lt_pack_writer_set_progress(w, progress_copy, b, b->media_bytes);
    st = lt_pack_writer_add_data(w, LT_PACK_MANIFEST, xml, len, true, b->diags);
  }
  if (st == LT_OK)
    st = lt_pack_writer_add_data(w, LT_PACK_SIGNATURE, sig, sig_len, false, b->diags);
  for (int g = 0; g < 5 && st == LT_OK; g++)
    for (guint i = 0; i < b->entries[g]->len && st == LT_OK; i++) {
      entry *e = &g_array_index(b->entries[g], entry, i);
      if (e->data) {
        st = lt_pack_writer_add_data(w, e->path, e->data, e->len, e->deflate, b->diags);
      } else {
        int fd = open_media(b, e);
        st = fd < 0 ? LT_ERR_IO
                    : lt_pack_writer_add_fd(w, e->path, fd, e->source, e->size, e->hex, b->diags);
        if (fd >= 0) close(fd);
      }
    }
  if (st == LT_OK) st = lt_pack_writer_commit(w, true, b->diags);
  lt_pack_writer_free(w);
  g_free(xml);
  free(sig);
  return st;
}

lt_status lt_build_run(const lt_build_options *opts, char **out_path, lt_diag_list *diags) {
  build b = {opts, diags, NULL, {NULL}, NULL, NULL, 0, false, 0, 0, NULL, NULL};
  b.transcodes = g_ptr_array_new_with_free_func(g_free);
  lt_status st = lt_course_load(opts->course_dir, &b.course, diags);
  if (st != LT_OK && !b.course) return st;
  if (st != LT_OK) b.failed = true;
  for (int g = 0; g < 5; g++) {
    b.entries[g] = g_array_new(FALSE, TRUE, sizeof(entry));
    g_array_set_clear_func(b.entries[g], entry_clear);
  }
  compile_items(&b);
  if (!b.failed && opts->key) transcode_all(&b);
  if (!b.failed) add_posters(&b);
  if (!b.failed) check_manifest_size(&b);
  if (!b.failed && lt_course_item_count(b.course) == 0) b.failed = true;
  st = b.failed ? LT_ERR_INVALID : LT_OK;
  if (st == LT_OK && opts->key) {
    char *path = opts->out_path ? g_strdup(opts->out_path)
                                : g_strdup_printf("%s-%s.lentera", lt_course_id(b.course),
                                                  lt_course_version(b.course));
    st = hash_all_media(&b);
    if (st == LT_OK) st = write_pack(&b, path);
    if (st == LT_OK && out_path) *out_path = strdup(path);
    g_free(path);
  }
  for (size_t i = 0; i < 2 * b.nitems; i++)
    g_free(b.owned[i]);
  g_free(b.owned);
  g_free(b.items);
  for (int g = 0; g < 5; g++)
    g_array_free(b.entries[g], TRUE);
  if (b.scratch) { /* the transcoded files are in the pack now (or the build failed) */
    for (guint i = 1; i < b.transcodes->len; i += 2) {
      char *base = g_path_get_basename(b.transcodes->pdata[i]);
      char *f = g_build_filename(b.scratch, base, NULL);
      g_remove(f);
      g_free(base), g_free(f);
    }
    g_rmdir(b.scratch);
    g_free(b.scratch);
  }
  g_ptr_array_free(b.transcodes, TRUE);
  lt_course_free(b.course);
  return st;
}
