/* pack — ZIP writing and streaming verification with libarchive.
 *
 * Writing: archive_write with the zip format to a temporary file (file.h); per entry we
 * choose deflate or store, set size, mode 0644, owner 0 and the fixed mtime, then stream
 * the data in 256 KiB chunks. Reading: archive_read with the streamable zip reader only,
 * so entries arrive in the order they are stored, which is what the signature rules are
 * about (the manifest and its signature come first; nothing is looked at before them).
 * The head check (signature, key, trusted comment, key id) is lt_pack_check_head(), which
 * the library also runs on every installed manifest when it opens. */
#include "lentera/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest_pool.h"
#include "lentera/file.h"
#include "lentera/limits.h"
#include "lentera/quiz.h"
#include "lentera/schema.h"

enum {
  CHUNK = 256 * 1024,
  READ_BLOCK = 1024 * 1024,
  MAX_MANIFEST = LT_LIMIT_MANIFEST_BYTES, /* limits.h: the packer refuses more at check time */
  MAX_SIGNATURE = LT_LIMIT_SIGNATURE_BYTES,
  MAX_XML_ENTRY = LT_LIMIT_ITEM_BYTES /* lessons and quizzes are checked in memory */
};

/* Another way out when the pack's disk refuses it. */
#define PACK_HINT "use -o to write the pack on another disk"

struct lt_pack_writer {
  struct archive *a;
  char *path, *tmp;
  int fd;
  int64_t mtime;
  lt_progress_fn progress;
  void *user;
  uint64_t done, total;
  unsigned char *buf;
};

bool lt_pack_safe_path(const char *name) {
  if (!name || !*name || name[0] == '/' || strlen(name) > 255) return false;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    if (*p < 0x20 || *p == '\\' || *p == 0x7f || *p == ':') return false;
  char **parts = g_strsplit(name, "/", -1);
  bool ok = true;
  for (char **p = parts; *p && ok; p++)
    ok = **p && strcmp(*p, ".") != 0 && strcmp(*p, "..") != 0;
  g_strfreev(parts);
  return ok;
}

LT_MUST_CHECK static lt_status archive_fail(struct archive *a, const char *path, const char *what,
                                            lt_diag_list *diags) {
  lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "%s: %s", what,
              archive_error_string(a) ? archive_error_string(a) : "unknown libarchive error");
  return LT_ERR_IO;
}

/* A write to the pack failed: the cause in plain words when the disk is the problem (full,
 * read-only, failing), else libarchive's message about `what`. */
LT_MUST_CHECK static lt_status write_fail(lt_pack_writer *w, const char *what,
                                          lt_diag_list *diags) {
  int err = archive_errno(w->a);
  if (err == ENOSPC || err == EROFS || err == EIO || err == EFBIG
#ifdef EDQUOT
      || err == EDQUOT
#endif
  ) {
    return lt_file_write_failed(diags, w->path, err, PACK_HINT);
  }
  return archive_fail(w->a, w->path, what, diags);
}

lt_status lt_pack_writer_open(const char *path, int64_t mtime, lt_pack_writer **out,
                              lt_diag_list *diags) {
  lt_pack_writer *w = g_new0(lt_pack_writer, 1);
  w->fd = -1;
  w->mtime = mtime;
  w->path = g_strdup(path);
  lt_status st = lt_file_begin(path, 0644, &w->fd, &w->tmp, NULL);
  if (st != LT_OK) {
    st = lt_file_write_failed(diags, path, errno, PACK_HINT);
    lt_pack_writer_free(w);
    return st;
  }
  w->buf = malloc(CHUNK);
  w->a = archive_write_new();
  if (!w->buf || !w->a || archive_write_set_format_zip(w->a) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(w->a, CHUNK) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
      archive_write_open_fd(w->a, w->fd) != ARCHIVE_OK) {
    st = w->a ? archive_fail(w->a, path, "cannot start the pack", diags) : LT_ERR_NOMEM;
    lt_pack_writer_free(w);
    return st;
  }
  *out = w;
  return LT_OK;
}

void lt_pack_writer_set_progress(lt_pack_writer *w, lt_progress_fn fn, void *user, uint64_t total) {
  w->progress = fn;
  w->user = user;
  w->total = total;
}

LT_MUST_CHECK static lt_status header(lt_pack_writer *w, const char *name, uint64_t size,
                                      bool deflate, lt_diag_list *diags) {
  if (deflate)
    archive_write_zip_set_compression_deflate(w->a);
  else
    archive_write_zip_set_compression_store(w->a);
  struct archive_entry *e = archive_entry_new();
  archive_entry_set_pathname(e, name);
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, (la_int64_t)size);
  archive_entry_set_mtime(e, (time_t)w->mtime, 0);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  int rc = archive_write_header(w->a, e);
  archive_entry_free(e);
  return rc == ARCHIVE_OK ? LT_OK : write_fail(w, name, diags);
}

LT_MUST_CHECK static lt_status write_all(lt_pack_writer *w, const char *name, const void *data,
                                         size_t len, lt_diag_list *diags) {
  const char *p = data;
  while (len > 0) {
    la_ssize_t n = archive_write_data(w->a, p, len);
    if (n <= 0) return write_fail(w, name, diags);
    p += n;
    len -= (size_t)n;
  }
  return LT_OK;
}

lt_status lt_pack_writer_add_data(lt_pack_writer *w, const char *name, const void *data, size_t len,
                                  bool deflate, lt_diag_list *diags) {
  lt_status st = header(w, name, len, deflate, diags);
  return st == LT_OK ? write_all(w, name, data, len, diags) : st;
}

lt_status lt_pack_writer_add_fd(lt_pack_writer *w, const char *name, int fd, const char *src,
                                uint64_t size, const char *blake2b, lt_diag_list *diags) {
  lt_status st = header(w, name, size, false, diags);
  lt_hash *h = lt_hash_new();
  uint64_t copied = 0;
  while (st == LT_OK) {
    ssize_t n = read(fd, w->buf, CHUNK);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, src, 0, 0, "cannot read: %s", strerror(errno));
      st = LT_ERR_IO;
    }
    if (n <= 0) break;
    copied += (uint64_t)n;
    if (copied > size) break;
    lt_hash_update(h, w->buf, (size_t)n);
    st = write_all(w, name, w->buf, (size_t)n, diags);
    w->done += (uint64_t)n;
    if (w->progress) w->progress(w->user, w->done, w->total);
  }
  char hex[LT_HASH_HEX];
  lt_hash_final_hex(h, hex);
  lt_hash_free(h);
  if (st == LT_OK && (copied != size || strcmp(hex, blake2b) != 0)) {
    lt_diag_add(diags, LT_DIAG_ERROR, src, 0, 0, "the file changed while the pack was built");
    st = LT_ERR_IO;
  }
  return st;
}

lt_status lt_pack_writer_commit(lt_pack_writer *w, bool overwrite, lt_diag_list *diags) {
  if (archive_write_close(w->a) != ARCHIVE_OK)
    return write_fail(w, "cannot finish the pack", diags);
  /* the data reaches the disk here, where a full disk may only now show (fsync) */
  if (fsync(w->fd) != 0) return lt_file_write_failed(diags, w->path, errno, PACK_HINT);
  lt_status st = lt_file_commit(w->fd, w->tmp, w->path, overwrite, diags);
  w->fd = -1;
  g_free(w->tmp);
  w->tmp = NULL;
  return st;
}

void lt_pack_writer_free(lt_pack_writer *w) {
  if (!w) return;
  if (w->a) archive_write_free(w->a);
  if (w->tmp) lt_file_abandon(w->fd, w->tmp);
  g_free(w->tmp);
  g_free(w->path);
  free(w->buf);
  g_free(w);
}

/* ---- reading ---- */

typedef struct {
  struct archive *a;
  const char *path;
  lt_diag_list *diags;
  const char *dir; /* extract into this folder, or NULL */
} reader;

/* Creates dir/name (and its folders) for an entry; -1 with a diagnostic and *why (the
 * status: a full disk is told apart) on failure. */
static int create_in(reader *r, const char *name, lt_status *why) {
  char *full = g_build_filename(r->dir, name, NULL), *parent = g_path_get_dirname(full);
  int fd = -1;
  if (g_mkdir_with_parents(parent, 0755) == 0)
    fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    *why = lt_file_status(errno);
    lt_diag_add(r->diags, LT_DIAG_ERROR, full, 0, 0, "cannot write: %s", strerror(errno));
  }
  g_free(full);
  g_free(parent);
  return fd;
}

static bool write_fd(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= (size_t)n;
  }
  return true;
}

/* Writes a whole small entry (manifest, signature) into the extract folder. */
LT_MUST_CHECK static lt_status extract_small(reader *r, const char *name, const char *data,
                                             size_t len) {
  lt_status why = LT_ERR_IO;
  int fd = create_in(r, name, &why);
  if (fd < 0) return why;
  bool ok = write_fd(fd, data, len) && fsync(fd) == 0;
  int err = errno;
  if (close(fd) != 0 && ok) ok = false, err = errno;
  if (!ok) lt_diag_add(r->diags, LT_DIAG_ERROR, name, 0, 0, "cannot write: %s", strerror(err));
  return ok ? LT_OK : lt_file_status(err);
}

LT_MUST_CHECK static lt_status reader_open(reader *r, const char *path, lt_diag_list *diags) {
  r->path = path;
  r->diags = diags;
  r->dir = NULL;
  r->a = archive_read_new();
  archive_read_support_format_zip_streamable(r->a);
  /* The CRC-32 stays on although BLAKE2b is checked: libarchive's streaming reader finds
   * the end of a stored entry by the data descriptor that follows it, and only the CRC
   * tells a real descriptor from the same four bytes inside a video. */
  if (archive_read_open_filename(r->a, path, READ_BLOCK) != ARCHIVE_OK) {
    /* a file we can read but libarchive cannot open is not a pack; else an I/O problem */
    bool readable = access(path, R_OK) == 0 && g_file_test(path, G_FILE_TEST_IS_REGULAR);
    lt_status st =
        archive_fail(r->a, path, readable ? "not a Lentera pack" : "cannot open the pack", diags);
    archive_read_free(r->a);
    return readable ? LT_ERR_INVALID : st;
  }
  return LT_OK;
}

/* Reads the next header; requires name `want` when not NULL. Returns LT_ERR_INVALID at the
 * end of the archive (with *at_end set). */
LT_MUST_CHECK static lt_status next_entry(reader *r, struct archive_entry **e, bool *at_end) {
  *at_end = false;
  int rc = archive_read_next_header(r->a, e);
  if (rc == ARCHIVE_EOF) {
    *at_end = true;
    return LT_ERR_INVALID;
  }
  if (rc != ARCHIVE_OK) {
    lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "not a valid pack: %s",
                archive_error_string(r->a) ? archive_error_string(r->a) : "broken ZIP");
    return LT_ERR_INVALID;
  }
  return LT_OK;
}

/* Reads a small entry whole, refusing more than `max` bytes. */
LT_MUST_CHECK static lt_status read_small(reader *r, const char *name, size_t max, char **out,
                                          size_t *out_len) {
  GByteArray *b = g_byte_array_new();
  char buf[8192];
  la_ssize_t n;
  while ((n = archive_read_data(r->a, buf, sizeof buf)) > 0) {
    if (b->len + (size_t)n > max) {
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "entry '%s' is too large", name);
      g_byte_array_free(b, TRUE);
      return LT_ERR_INVALID;
    }
    g_byte_array_append(b, (const guint8 *)buf, (guint)n);
  }
  if (n < 0) {
    lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "entry '%s' cannot be read: %s", name,
                archive_error_string(r->a));
    g_byte_array_free(b, TRUE);
    return LT_ERR_INVALID;
  }
  g_byte_array_append(b, (const guint8 *)"", 1);
  *out_len = b->len - 1;
  *out = (char *)g_byte_array_free(b, FALSE);
  return LT_OK;
}

/* Reads the first two entries: the manifest and its signature. */
LT_MUST_CHECK static lt_status read_head(reader *r, char **manifest, size_t *mlen, char **sig,
                                         size_t *slen) {
  static const char *const names[] = {LT_PACK_MANIFEST, LT_PACK_SIGNATURE};
  const size_t max[] = {MAX_MANIFEST, MAX_SIGNATURE};
  char **bufs[] = {manifest, sig};
  size_t *lens[] = {mlen, slen};
  for (int i = 0; i < 2; i++) {
    struct archive_entry *e;
    bool end;
    lt_status st = next_entry(r, &e, &end);
    if (st == LT_OK && (strcmp(archive_entry_pathname(e), names[i]) != 0 ||
                        archive_entry_filetype(e) != AE_IFREG)) {
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "entry %d must be '%s' but is '%s'",
                  i + 1, names[i], archive_entry_pathname(e) ? archive_entry_pathname(e) : "?");
      st = LT_ERR_INVALID;
    } else if (end) {
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "not a pack: '%s' is missing", names[i]);
    }
    if (st == LT_OK) st = read_small(r, names[i], max[i], bufs[i], lens[i]);
    if (st != LT_OK) {
      if (i == 1) {
        g_free(*manifest);
        *manifest = NULL; /* the caller frees what it gets: nothing, here */
      }
      return st;
    }
  }
  return LT_OK;
}

lt_status lt_pack_read_manifest(const char *path, lt_manifest **out_manifest,
                                char out_signer[LT_SIGN_KEY_ID_HEX], lt_diag_list *diags) {
  reader r;
  lt_status st = reader_open(&r, path, diags);
  if (st != LT_OK) return st;
  char *mtext, *stext;
  size_t mlen, slen;
  st = read_head(&r, &mtext, &mlen, &stext, &slen);
  archive_read_free(r.a);
  if (st != LT_OK) return st;
  if (lt_sign_signature_key_id(stext, slen, out_signer) != LT_OK)
    g_strlcpy(out_signer, "?", LT_SIGN_KEY_ID_HEX);
  st = lt_manifest_parse(mtext, mlen, LT_PACK_MANIFEST, out_manifest, diags);
  g_free(mtext);
  g_free(stext);
  return st;
}

lt_status lt_pack_check_head(const char *where, const char *mtext, size_t mlen, const char *stext,
                             size_t slen, const lt_pubkey *const *keys, size_t nkeys,
                             lt_manifest **out, lt_diag_list *diags) {
  char signer[LT_SIGN_KEY_ID_HEX];
  if (lt_sign_signature_key_id(stext, slen, signer) != LT_OK) {
    lt_diag_add(diags, LT_DIAG_ERROR, where, 0, 0, "entry '%s' is not a minisign signature",
                LT_PACK_SIGNATURE);
    return LT_ERR_VERIFY;
  }
  const lt_pubkey *key = NULL;
  for (size_t i = 0; i < nkeys && !key; i++)
    if (!strcmp(lt_sign_pubkey_id(keys[i]), signer)) key = keys[i];
  if (!key) {
    lt_diag_add(diags, LT_DIAG_ERROR, where, 0, 0, "signed by key %s, which is not a trusted key",
                signer);
    return LT_ERR_VERIFY;
  }
  char *comment = NULL;
  char *label = g_strdup_printf("%s:%s", where, LT_PACK_SIGNATURE);
  lt_status st = lt_sign_verify(key, mtext, mlen, stext, slen, label, &comment, diags);
  g_free(label);
  if (st != LT_OK) return st == LT_ERR_INVALID ? LT_ERR_VERIFY : st;
  lt_manifest *m;
  char *mlabel = g_strdup_printf("%s:%s", where, LT_PACK_MANIFEST);
  st = lt_manifest_parse(mtext, mlen, mlabel, &m, diags);
  g_free(mlabel);
  if (st != LT_OK) {
    free(comment);
    return st;
  }
  char *want = lt_manifest_trusted_comment(m);
  if (strcmp(want, comment) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, where, 0, 0,
                "signature's trusted comment '%s' does not match the manifest ('%s')", comment,
                want);
    st = LT_ERR_VERIFY;
  } else if (strcmp(lt_manifest_get_info(m)->key_id, signer) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, where, 0, 0, "manifest names key %s but was signed by %s",
                lt_manifest_get_info(m)->key_id, signer);
    st = LT_ERR_VERIFY;
  }
  free(want);
  free(comment);
  if (st != LT_OK)
    lt_manifest_free(m);
  else
    *out = m;
  return st;
}

/* Streams one entry's data (zero-copy blocks from libarchive) to a digest job, counting
 * bytes; the digest itself is compared once the pool has finished (check_digests). */
LT_MUST_CHECK static lt_status read_entry(reader *r, const lt_manifest_file *f, digest_pool *pool,
                                          digest_job *job, GByteArray *keep, uint64_t *done,
                                          uint64_t total, lt_progress_fn progress, void *user) {
  uint64_t size = 0;
  int rc;
  const void *block;
  size_t n;
  la_int64_t offset;
  lt_status st = LT_OK;
  lt_status why = LT_ERR_IO;
  int fd = r->dir ? create_in(r, f->path, &why) : -1;
  if (r->dir && fd < 0) {
    digest_pool_end(pool, job);
    return why;
  }
  while ((rc = archive_read_data_block(r->a, &block, &n, &offset)) == ARCHIVE_OK) {
    if ((uint64_t)offset != size) { /* a sparse entry: holes count as zero bytes */
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "entry '%s' has holes", f->path);
      st = LT_ERR_VERIFY;
      break;
    }
    size += (uint64_t)n;
    if (size > f->size) {
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0,
                  "entry '%s' is larger than the %llu bytes the manifest declares", f->path,
                  (unsigned long long)f->size);
      st = LT_ERR_VERIFY;
      break;
    }
    digest_pool_feed(pool, job, block, n);
    if (keep) g_byte_array_append(keep, block, (guint)n);
    if (fd >= 0 && !write_fd(fd, block, n)) {
      st = lt_file_status(errno);
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->dir, 0, 0, "cannot write '%s': %s", f->path,
                  strerror(errno));
      break;
    }
    *done += (uint64_t)n;
    if (progress) progress(user, *done, total);
  }
  if (st == LT_OK && rc != ARCHIVE_EOF) {
    lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0, "entry '%s' cannot be read: %s", f->path,
                archive_error_string(r->a));
    st = LT_ERR_VERIFY;
  }
  digest_pool_end(pool, job);
  if (fd >= 0) {
    int synced = fsync(fd), err = errno;
    if (close(fd) != 0 && synced == 0) synced = -1, err = errno;
    if (synced != 0 && st == LT_OK) {
      st = lt_file_status(err);
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->dir, 0, 0, "cannot write '%s': %s", f->path,
                  strerror(err));
    }
  }
  if (st == LT_OK && size != f->size) {
    lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0,
                "entry '%s' has %llu bytes but the manifest declares %llu", f->path,
                (unsigned long long)size, (unsigned long long)f->size);
    st = LT_ERR_VERIFY;
  }
  return st;
}

/* After every entry was read: each digest must equal the manifest's. */
LT_MUST_CHECK static lt_status check_digests(reader *r, const lt_manifest *m, digest_pool *pool,
                                             digest_job **jobs) {
  digest_pool_wait(pool);
  for (size_t i = 0; i < lt_manifest_file_count(m); i++) {
    const lt_manifest_file *f = lt_manifest_file_at(m, i);
    if (jobs[i] && strcmp(digest_job_hex(jobs[i]), f->blake2b) != 0) {
      lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0,
                  "entry '%s' does not match its digest in the manifest (changed after signing)",
                  f->path);
      return LT_ERR_VERIFY;
    }
  }
  return LT_OK;
}

/* After the digests: every item points at files the pack holds, and every XML entry
 * matches its schema (lessons and cheat sheets: CommonMark XML; quizzes: quiz.xsd, with
 * exactly one correct choice for single-choice questions and at least one otherwise). */
LT_MUST_CHECK static lt_status check_content(reader *r, const lt_manifest *m, GByteArray **xml) {
  lt_status st = LT_OK;
  for (size_t i = 0; i < lt_manifest_item_count(m) && st == LT_OK; i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    const char *paths[] = {it->path, it->pdf};
    for (int k = 0; k < 2 && st == LT_OK; k++)
      if (paths[k] && lt_manifest_find_file(m, paths[k]) < 0) {
        lt_diag_add(r->diags, LT_DIAG_ERROR, r->path, 0, 0,
                    "item '%s' points at '%s', which the pack does not hold", it->id, paths[k]);
        st = LT_ERR_VERIFY;
      }
  }
  for (size_t i = 0; i < lt_manifest_file_count(m) && st == LT_OK; i++) {
    if (!xml[i]) continue;
    const char *p = lt_manifest_file_at(m, i)->path;
    char *label = g_strdup_printf("%s:%s", r->path, p);
    const char *data = (const char *)xml[i]->data;
    size_t len = xml[i]->len;
    if (g_str_has_prefix(p, "quizzes/")) {
      lt_quiz *q = NULL;
      st = lt_quiz_load(data, len, label, &q, r->diags);
      for (size_t k = 0; st == LT_OK && k < lt_quiz_count(q); k++) {
        size_t correct = 0;
        for (size_t c = 0; c < lt_quiz_choice_count(q, k); c++)
          correct += lt_quiz_choice_correct(q, k, c);
        lt_question_type t = lt_quiz_question_type(q, k);
        if ((t == LT_QUESTION_SINGLE && correct != 1) || (t == LT_QUESTION_MULTIPLE && !correct)) {
          lt_diag_add(r->diags, LT_DIAG_ERROR, label, 0, 0,
                      "question '%s' has %zu correct choices for a %s question",
                      lt_quiz_question_id(q, k), correct,
                      t == LT_QUESTION_SINGLE ? "single-choice" : "multiple-response");
          st = LT_ERR_VERIFY;
        }
      }
      lt_quiz_free(q);
    } else {
      st = lt_schema_validate("commonmark.xsd", data, len, label, r->diags);
    }
    g_free(label);
  }
  return st == LT_ERR_INVALID ? LT_ERR_VERIFY : st;
}

LT_MUST_CHECK static lt_status read_pack(const char *path, const char *dir,
                                         const lt_pubkey *const *keys, size_t nkeys,
                                         lt_progress_fn progress, void *user,
                                         lt_manifest **out_manifest, lt_diag_list *diags) {
  reader r;
  lt_status st = reader_open(&r, path, diags);
  if (st != LT_OK) return st;
  r.dir = dir;
  char *mtext = NULL, *stext = NULL;
  size_t mlen, slen;
  lt_manifest *m = NULL;
  st = read_head(&r, &mtext, &mlen, &stext, &slen);
  if (st == LT_OK)
    st = lt_pack_check_head(r.path, mtext, mlen, stext, slen, keys, nkeys, &m, diags);
  if (st == LT_OK && dir) st = extract_small(&r, LT_PACK_MANIFEST, mtext, mlen);
  if (st == LT_OK && dir) st = extract_small(&r, LT_PACK_SIGNATURE, stext, slen);
  g_free(mtext);
  g_free(stext);
  size_t nfiles = m ? lt_manifest_file_count(m) : 0;
  digest_job **jobs = g_new0(digest_job *, nfiles + 1); /* non-NULL: entry seen */
  GByteArray **xml = g_new0(GByteArray *, nfiles + 1);  /* XML entries, checked at the end */
  digest_pool *pool = digest_pool_new();
  uint64_t done = 0, total = m ? lt_manifest_total_size(m) : 0;
  while (st == LT_OK) {
    struct archive_entry *e;
    bool end;
    st = next_entry(&r, &e, &end);
    if (end) {
      st = LT_OK;
      break;
    }
    if (st != LT_OK) break;
    const char *name = archive_entry_pathname(e);
    long idx = name && lt_pack_safe_path(name) ? lt_manifest_find_file(m, name) : -1;
    if (!name || !lt_pack_safe_path(name)) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "entry '%s' has an unsafe path",
                  name ? name : "?");
      st = LT_ERR_VERIFY;
    } else if (archive_entry_filetype(e) != AE_IFREG) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "entry '%s' is not a regular file", name);
      st = LT_ERR_VERIFY;
    } else if (idx < 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "entry '%s' is not listed in the manifest",
                  name);
      st = LT_ERR_VERIFY;
    } else if (jobs[idx]) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "entry '%s' appears twice", name);
      st = LT_ERR_VERIFY;
    } else {
      const lt_manifest_file *f = lt_manifest_file_at(m, (size_t)idx);
      bool is_xml = g_str_has_suffix(name, ".xml");
      if (is_xml && f->size > MAX_XML_ENTRY) {
        lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "XML entry '%s' is too large", name);
        st = LT_ERR_VERIFY;
        break;
      }
      jobs[idx] = digest_pool_begin(pool);
      if (is_xml) xml[idx] = g_byte_array_sized_new((guint)f->size);
      st = read_entry(&r, f, pool, jobs[idx], xml[idx], &done, total, progress, user);
    }
  }
  for (size_t i = 0; st == LT_OK && i < nfiles; i++)
    if (!jobs[i]) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                  "entry '%s' is listed in the manifest but missing",
                  lt_manifest_file_at(m, i)->path);
      st = LT_ERR_VERIFY;
    }
  if (st == LT_OK) st = check_digests(&r, m, pool, jobs);
  if (st == LT_OK) st = check_content(&r, m, xml);
  digest_pool_free(pool);
  for (size_t i = 0; i < nfiles; i++)
    if (xml[i]) g_byte_array_free(xml[i], TRUE);
  g_free(xml);
  g_free(jobs);
  archive_read_free(r.a);
  if (st != LT_OK) {
    lt_manifest_free(m);
    return st == LT_ERR_INVALID ? LT_ERR_VERIFY : st;
  }
  *out_manifest = m;
  return LT_OK;
}

lt_status lt_pack_verify(const char *path, const lt_pubkey *const *keys, size_t nkeys,
                         lt_progress_fn progress, void *user, lt_manifest **out_manifest,
                         lt_diag_list *diags) {
  return read_pack(path, NULL, keys, nkeys, progress, user, out_manifest, diags);
}

/* fsyncs `dir` and every folder below it, so the new files' names survive a crash. */
LT_MUST_CHECK static lt_status fsync_tree(const char *dir, lt_diag_list *diags) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *n;
  lt_status st = LT_OK;
  while (d && st == LT_OK && (n = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, n, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
      st = fsync_tree(p, diags);
    g_free(p);
  }
  if (d) g_dir_close(d);
  if (st != LT_OK) return st;
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    st = lt_file_status(errno);
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "cannot write: %s", strerror(errno));
  }
  if (fd >= 0) close(fd);
  return st;
}

lt_status lt_pack_extract(const char *path, const char *dir, const lt_pubkey *const *keys,
                          size_t nkeys, lt_progress_fn progress, void *user,
                          lt_manifest **out_manifest, lt_diag_list *diags) {
  lt_manifest *m = NULL;
  lt_status st = read_pack(path, dir, keys, nkeys, progress, user, &m, diags);
  if (st == LT_OK) st = fsync_tree(dir, diags);
  if (st == LT_OK)
    *out_manifest = m;
  else
    lt_manifest_free(m);
  return st;
}
