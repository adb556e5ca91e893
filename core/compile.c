/* compile — cmark-gfm parsing, checking and XML rendering of items.
 *
 * The body is parsed with the table, tasklist and strikethrough extensions. One walk over
 * the tree (check_tree) drops raw HTML, checks images and links, and collects media; a
 * quiz is then read off the document's top-level blocks (compile_quiz), each question's
 * stem and explanation rendered as a CommonMark <document> of its own so the player can
 * draw them with the same layout code as lessons. Line numbers from cmark are relative to
 * the body, so item->body_line - 1 is added to each. Every file a link names is opened
 * confined to the course folder (file.h lt_file_open_in), so a symbolic link, hard link or
 * special file is an error at the link that names it. */
#include "lentera/compile.h"

#include "lentera/file.h"
#include "lentera/limits.h"
#include "lentera/media.h"
#include "lentera/video.h"
#include "lentera/srt.h"
#include "lentera/webvtt.h"
#include "mdscan.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lt_compiled {
  char *path;
  char *xml;
  size_t xml_len;
  GPtrArray *media;      /* pairs of char*: path in the pack (unique), file in the course */
  GPtrArray *transcodes; /* pairs of char*: source in the course, path in the pack */
  size_t questions;
};

typedef struct {
  const lt_course *course;
  const lt_course_item *item;
  lt_diag_list *diags;
  GPtrArray *media; /* as in lt_compiled */
  bool failed;
  bool transcode;        /* videos not accepted as they are become H.264 + AAC MP4 */
  GPtrArray *transcodes; /* as in lt_compiled */
} ctx;

const char *lt_compile_folder(lt_item_kind kind) {
  static const char *const folders[] = {"lessons", "cheatsheets", "quizzes"};
  return folders[kind];
}

static void report(ctx *cx, lt_severity sev, cmark_node *n, const char *fmt, ...) LT_PRINTF(4, 5);
static void report(ctx *cx, lt_severity sev, cmark_node *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  int line = n ? cmark_node_get_start_line(n) + cx->item->body_line - 1 : 1;
  int col = n ? cmark_node_get_start_column(n) : 1;
  lt_diag_add(cx->diags, sev, cx->item->display, line, col, "%s", msg);
  g_free(msg);
  if (sev == LT_DIAG_ERROR) cx->failed = true;
}

/* A video to probe: MP4 and WebM play; the others are probed so the refusal can say what
 * they are and how to convert them. */
static bool is_video(const char *path) {
  lt_media_kind k = lt_media_kind_of(path);
  return k == LT_MEDIA_VIDEO || k == LT_MEDIA_VIDEO_CONVERT;
}

/* The name a media file has in the pack. Pack names (manifest.xsd) are letters, digits,
 * '_', '.' and '-', so every other run of bytes in a name (a space, '(', an 'ö') becomes
 * one '-', and a name that would start with '.' or '-' gets a '_' in front:
 * "media/Gambar Kantor.png" is "media/Gambar-Kantor.png" in the pack. */
static char *pack_name(const char *rel) {
  GString *s = g_string_new(NULL);
  bool start = true, bad = false;
  for (const char *p = rel;; p++) {
    bool ok = g_ascii_isalnum(*p) || *p == '_' || *p == '.' || *p == '-';
    if (bad && (ok || *p == '/' || !*p)) {
      if (start) g_string_append_c(s, '_');
      g_string_append_c(s, '-');
      bad = start = false;
    }
    if (!*p) break;
    if (*p == '/') {
      g_string_append_c(s, '/');
      start = true;
    } else if (ok) {
      if (start && (*p == '.' || *p == '-')) g_string_append_c(s, '_');
      g_string_append_c(s, *p);
      start = false;
    } else {
      bad = true;
    }
  }
  return g_string_free(s, FALSE);
}

static void add_media(ctx *cx, const char *rel) {
  char *pack = pack_name(rel);
  for (guint i = 0; i < cx->media->len; i += 2)
    if (!strcmp(cx->media->pdata[i], pack)) {
      g_free(pack);
      return;
    }
  g_ptr_array_add(cx->media, pack);
  g_ptr_array_add(cx->media, g_strdup(rel));
}

static int node_line(ctx *cx, cmark_node *n) {
  return cmark_node_get_start_line(n) + cx->item->body_line - 1;
}

/* Whether `rel` is a name taken in the course folder (by anything, a link too). */
static bool file_exists(ctx *cx, const char *rel) {
  return lt_file_exists_in(lt_course_dir(cx->course), rel);
}

/* "dir/name" as a path in the course folder ("name" when dir is "."), '/' on every system. */
static char *rel_join(const char *dir, const char *name) {
  return strcmp(dir, ".") ? g_strconcat(dir, "/", name, NULL) : g_strdup(name);
}

/* How `rel` is spelled in the course folder when that differs only in capitals ("Media/
 * Gambar.PNG" for "media/gambar.png"): the name Windows, or a FAT stick, opens for it but
 * a pack does not have. NULL when spelled exactly or not there. */
static char *other_case(ctx *cx, const char *rel) {
  char **parts = g_strsplit(rel, "/", -1);
  char *have = g_strdup(".");
  bool differs = false, there = true;
  for (char **part = parts; there && *part; part++) {
    if (!**part || !strcmp(*part, ".")) continue;
    char *full = g_build_filename(lt_course_dir(cx->course), have, NULL), *found = NULL;
    GDir *d = g_dir_open(full, 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
      if (!strcmp(name, *part)) {
        g_free(found);
        found = g_strdup(name);
        break;
      }
      if (!found && !g_ascii_strcasecmp(name, *part)) found = g_strdup(name);
    }
    if (d) g_dir_close(d);
    there = found != NULL;
    if (found) {
      differs |= strcmp(found, *part) != 0;
      char *next = rel_join(have, found);
      g_free(have);
      have = next;
    }
    g_free(found), g_free(full);
  }
  g_strfreev(parts);
  if (there && differs) return have;
  g_free(have);
  return NULL;
}

/* Opens a file the node links, confined to the course folder (file.h): a symbolic link,
 * hard link or special file is an error at the link. -1 when missing (*missing set) or
 * refused. */
static int open_linked(ctx *cx, cmark_node *n, const char *rel, bool *missing) {
  lt_file_where at = {cx->item->display, node_line(cx, n), cmark_node_get_start_column(n)};
  int fd = -1;
  if (lt_file_open_in(lt_course_dir(cx->course), rel, &at, missing, &fd, cx->diags) != LT_OK) {
    if (!*missing) cx->failed = true;
    return -1;
  }
  char *near = other_case(cx, rel);
  if (near) { /* found only because this file system ignores capitals: a pack does not */
    close(fd);
    *missing = true;
    fd = -1;
  }
  g_free(near);
  return fd;
}

/* Another file in rel's folder that would have the same name in the pack (pack_name):
 * "a b.png" and "a-b.png". Returns it, or NULL. */
static char *pack_clash(ctx *cx, const char *rel) {
  char *dir = g_path_get_dirname(rel), *base = g_path_get_basename(rel);
  char *full = g_build_filename(lt_course_dir(cx->course), dir, NULL);
  char *mine = pack_name(base), *found = NULL;
  GDir *d = g_dir_open(full, 0, NULL);
  const char *name;
  while (d && !found && (name = g_dir_read_name(d))) {
    if (!strcmp(name, base)) continue;
    char *theirs = pack_name(name);
    if (!strcmp(theirs, mine)) found = rel_join(dir, name);
    g_free(theirs);
  }
  if (d) g_dir_close(d);
  g_free(dir), g_free(base), g_free(full), g_free(mine);
  return found;
}

/* A destination as the trainer wrote it, as a path in the course folder: %-escapes
 * decoded (CommonMark allows "media/Gambar%20Kantor.png" as well as "<media/Gambar
 * Kantor.png>"), '\\' read as '/' with a warning, "./" dropped. */
static char *course_path(ctx *cx, cmark_node *n, const char *url) {
  char *dec = g_uri_unescape_string(url, NULL);
  if (!dec) dec = g_strdup(url);
  if (strchr(dec, '\\')) {
    g_strdelimit(dec, "\\", '/');
    report(cx, LT_DIAG_WARNING, n,
           "'%s' uses '\\' between folder names: write '%s' (read as that; '\\' works on "
           "Windows only)",
           url, dec);
  }
  const char *p = dec;
  while (g_str_has_prefix(p, "./"))
    p += 2;
  char *out = g_strdup(p);
  g_free(dec);
  return out;
}

/* Checks a local media destination (a path in the course folder, see course_path);
 * returns it, or NULL with a diagnostic when it is not a usable media file. */
static char *media_path(ctx *cx, cmark_node *n, const char *url, const char *p) {
  char *rel = NULL;
  if (*p == '/' || strstr(p, "..")) {
    report(cx, LT_DIAG_ERROR, n, "'%s' points outside the course folder", url);
  } else if (!g_str_has_prefix(p, "media/")) {
    report(cx, LT_DIAG_ERROR, n, "'%s' must be in the course's media/ folder", url);
  } else if (lt_media_kind_of(p) == LT_MEDIA_NONE) {
    const char *dot = strrchr(p, '.');
    report(cx, LT_DIAG_ERROR, n,
           "unsupported media type '%s' for '%s' (use PNG, JPEG, WebP, GIF, MP4, WebM, VTT or "
           "PDF)",
           dot && !strchr(dot, '/') ? dot : "(none)", p);
  } else {
    bool missing = false;
    int fd = open_linked(cx, n, p, &missing);
    char *clash = fd >= 0 ? pack_clash(cx, p) : NULL;
    if (clash) {
      char *pack = pack_name(p);
      report(cx, LT_DIAG_ERROR, n,
             "'%s' and '%s' would both be '%s' in the pack (names there use only letters, "
             "digits, '-', '_' and '.'): rename one of them",
             p, clash, pack);
      g_free(pack), g_free(clash);
    } else if (fd >= 0) {
      rel = g_strdup(p);
    } else if (missing) {
      char *near = other_case(cx, p);
      if (near)
        report(cx, LT_DIAG_ERROR, n,
               "media file '%s' not found; there is '%s': write the name with the same capitals", p,
               near);
      else
        report(cx, LT_DIAG_ERROR, n, "media file '%s' not found", p);
      g_free(near);
    }
    if (fd >= 0) close(fd);
  }
  return rel;
}

/* A link to another item of the course ("02-lesson.md", "02-lesson.md#part"): its
 * destination becomes that item's path in the pack ("lessons/02-lesson.xml"), which the
 * player opens when the link is clicked. */
static void item_link(ctx *cx, cmark_node *n, const char *url, const char *p) {
  char *file = g_strndup(p, strcspn(p, "#"));
  const lt_course_item *target = NULL;
  for (size_t i = 0; i < lt_course_item_count(cx->course) && !target; i++)
    if (!strcmp(lt_course_item_at(cx->course, i)->source, file))
      target = lt_course_item_at(cx->course, i);
  if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
    report(cx, LT_DIAG_ERROR, n, "'%s' is a lesson, not a picture: write [text](%s) without '!'",
           url, file);
  else if (!target && lt_course_lists(cx->course, file))
    ; /* listed but not loadable: its own errors say why */
  else if (target) {
    char *dest = g_strdup_printf("%s/%s.xml", lt_compile_folder(target->kind), target->id);
    cmark_node_set_url(n, dest);
    g_free(dest);
  } else if (!strcmp(file, "course.md"))
    report(cx, LT_DIAG_ERROR, n,
           "'%s' is the course's introduction, not an item: link an item named in course.md "
           "'items'",
           url);
  else
    report(cx, LT_DIAG_ERROR, n,
           "'%s' is not an item of this course: link a file named in course.md 'items' (e.g. "
           "[next](%s))",
           url,
           lt_course_item_count(cx->course) ? lt_course_item_at(cx->course, 0)->source : "x.md");
  g_free(file);
}

static bool has_scheme(const char *url) {
  const char *p = url;
  if (!g_ascii_isalpha(*p)) return false;
  while (g_ascii_isalnum(*p) || *p == '+' || *p == '.' || *p == '-')
    p++;
  return *p == ':';
}

/* A captions file (WebVTT, or SubRip turned into WebVTT) must parse: a malformed cue is an
 * error at its own line. It is read
 * confined like the video (a refusal is an error at the video's link). */
static void check_captions(ctx *cx, cmark_node *video, const char *rel) {
  char *dir = g_path_get_dirname(cx->item->display);
  char *shown = strcmp(dir, ".") ? g_build_filename(dir, rel, NULL) : g_strdup(rel);
  char *text = NULL;
  size_t len;
  lt_webvtt *v = NULL;
  char *vtt = NULL; /* SubRip made WebVTT */
  size_t vlen = 0;
  bool missing = false;
  int fd = open_linked(cx, video, rel, &missing);
  if (fd < 0) {
    if (missing) report(cx, LT_DIAG_ERROR, video, "captions file '%s' not found", rel);
  } else if (lt_file_read_fd(fd, shown, LT_LIMIT_ITEM_BYTES, &text, &len, cx->diags) != LT_OK ||
             (g_str_has_suffix(rel, ".srt")
                  ? lt_srt_to_webvtt(text, len, shown, &vtt, &vlen, cx->diags) != LT_OK ||
                        lt_webvtt_parse(vtt, vlen, shown, &v, cx->diags) != LT_OK
                  : lt_webvtt_parse(text, len, shown, &v, cx->diags) != LT_OK)) {
    cx->failed = true;
  }
  g_free(vtt);
  if (fd >= 0) close(fd);
  lt_webvtt_free(v);
  free(text);
  g_free(dir), g_free(shown);
}

static void check_destination(ctx *cx, cmark_node *n) {
  bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
  const char *url = cmark_node_get_url(n);
  if (!url || !*url) {
    report(cx, LT_DIAG_ERROR, n, "%s has no address", image ? "image" : "link");
    return;
  }
  if (has_scheme(url)) {
    if (image)
      report(cx, LT_DIAG_ERROR, n, "image '%s' must be a file in media/: the player works offline",
             url);
    return;
  }
  if (url[0] == '#') return;
  char *local = course_path(cx, n, url);
  size_t name_len = strcspn(local, "#");
  if (name_len >= 3 && !strncmp(local + name_len - 3, ".md", 3) && !strchr(local, '/')) {
    item_link(cx, n, url, local);
    g_free(local);
    return;
  }
  char *rel = media_path(cx, n, url, local);
  g_free(local);
  if (!rel) return;
  bool video = image && is_video(rel);
  lt_video_info info = {0};
  if (video) {
    char *path = g_build_filename(lt_course_dir(cx->course), rel, NULL);
    if (lt_video_check(path, cx->item->display, node_line(cx, n), cmark_node_get_start_column(n),
                       cx->transcode, &info, cx->diags) != LT_OK)
      cx->failed = true;
    g_free(path);
  }
  if (info.transcode) { /* the pack gets media/x.mp4 made from media/x.avi */
    int stem = (int)(strrchr(rel, '.') - rel);
    char *mp4 = g_strdup_printf("%.*s.mp4", stem, rel);
    if (!strcmp(mp4, rel)) { /* an MP4 too large or in another codec: a new name */
      g_free(mp4);
      mp4 = g_strdup_printf("%.*s-720p.mp4", stem, rel);
    }
    if (file_exists(cx, mp4)) {
      report(cx, LT_DIAG_ERROR, n, "cannot transcode '%s': '%s' is there already", rel, mp4);
    } else {
      bool known = false;
      for (guint i = 0; i < cx->transcodes->len; i += 2)
        known = known || !strcmp(cx->transcodes->pdata[i], rel);
      if (!known) {
        g_ptr_array_add(cx->transcodes, g_strdup(rel));
        g_ptr_array_add(cx->transcodes, pack_name(mp4));
      }
    }
    char *pack = pack_name(mp4);
    cmark_node_set_url(n, pack);
    g_free(pack), g_free(mp4);
  } else {
    add_media(cx, rel);
    char *pack = pack_name(rel);
    cmark_node_set_url(n, pack);
    g_free(pack);
  }
  if (video) { /* media/x.vtt beside it, else media/x.srt (made WebVTT by the build) */
    int stem = (int)(strrchr(rel, '.') - rel);
    char *vtt = g_strdup_printf("%.*s.vtt", stem, rel),
         *srt = g_strdup_printf("%.*s.srt", stem, rel);
    const char *caps = file_exists(cx, vtt) ? vtt : file_exists(cx, srt) ? srt : NULL;
    if (caps) {
      add_media(cx, caps);
      check_captions(cx, n, caps);
    } else {
      report(cx, LT_DIAG_WARNING, n,
             "video '%s' has no captions: add '%s' (WebVTT) or '%s' (SubRip); many desks have no "
             "headphones",
             rel, vtt, srt);
    }
    g_free(vtt), g_free(srt);
  }
  g_free(rel);
}

static bool is_comment(const char *html) {
  while (*html == ' ')
    html++;
  return g_str_has_prefix(html, "<!--");
}

/* Walks the tree: drops raw HTML (warning unless a comment), checks media. */
static void check_tree(ctx *cx, cmark_node *root) {
  GPtrArray *drop = g_ptr_array_new();
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
      const char *lit = cmark_node_get_literal(n);
      bool comment = is_comment(lit ? lit : "");
      if (!comment)
        report(cx, LT_DIAG_WARNING, n, "raw HTML is not shown to learners; it is left out");
      /* a quiz reads its "<!-- id: … -->" comments off the top level, then ignores them */
      bool quiz_marker = comment && cx->item->kind == LT_KIND_QUIZ && cmark_node_parent(n) == root;
      /* and a choice's "<!-- weight: 25 -->" (partial credit), read off its item */
      cmark_node *item = cmark_node_parent(cmark_node_parent(n));
      if (comment && cx->item->kind == LT_KIND_QUIZ && t == CMARK_NODE_HTML_INLINE && item &&
          !strcmp(cmark_node_get_type_string(item), "tasklist") && lit && strstr(lit, "weight:"))
        quiz_marker = true;
      if (!quiz_marker) g_ptr_array_add(drop, n);
    } else if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_LINK) {
      check_destination(cx, n);
    }
  }
  cmark_iter_free(it);
  for (guint i = 0; i < drop->len; i++)
    cmark_node_free(drop->pdata[i]);
  g_ptr_array_free(drop, TRUE);
}

static cmark_node *parse(const lt_course_item *item) {
  cmark_gfm_core_extensions_ensure_registered();
  /* one '~' is not strikethrough: "H~2~O" stays as typed */
  cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE);
  const char *exts[] = {"table", "tasklist", "strikethrough"};
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
    if (e) cmark_parser_attach_syntax_extension(p, e);
  }
  cmark_parser_feed(p, item->body, item->body_len);
  cmark_node *doc = cmark_parser_finish(p);
  cmark_parser_free(p);
  return doc;
}

/* Whether a node is one level of nesting as LT_LIMIT_MARKDOWN_DEPTH counts them. */
static bool nests(cmark_node *n) {
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_BLOCK_QUOTE:
  case CMARK_NODE_LIST:
  case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG:
  case CMARK_NODE_LINK:
  case CMARK_NODE_IMAGE:
  case CMARK_NODE_FOOTNOTE_DEFINITION: return true;
  default: return !strcmp(cmark_node_get_type_string(n), "strikethrough");
  }
}

/* The parsed tree nests no deeper than LT_LIMIT_MARKDOWN_DEPTH (the pre-scan of mdscan.c
 * may count differently from cmark-gfm): an error at the first node too deep. */
static bool tree_too_deep(ctx *cx, cmark_node *root) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  int depth = 0;
  bool deep = false;
  while (!deep && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (!nests(n)) continue;
    if (ev == CMARK_EVENT_EXIT) {
      depth--;
    } else if (++depth > LT_LIMIT_MARKDOWN_DEPTH) {
      report(cx, LT_DIAG_ERROR, n,
             "this nests more than %d levels deep (block quotes, lists, emphasis or links "
             "inside each other): write it flatter",
             LT_LIMIT_MARKDOWN_DEPTH);
      deep = true;
    } /* a container without children has its exit event too */
  }
  cmark_iter_free(it);
  return deep;
}

/* Footnotes (cmark-gfm numbers the references and moves the notes to the end in that
 * order): each reference becomes "[n]" in the text, and the notes one numbered list after
 * a rule at the end of the document, which every reader of CommonMark XML can draw. */
static void footnotes(cmark_node *doc) {
  GPtrArray *refs = g_ptr_array_new(), *defs = g_ptr_array_new();
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_REFERENCE) g_ptr_array_add(refs, n);
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) g_ptr_array_add(defs, n);
  }
  cmark_iter_free(it);
  for (guint i = 0; i < refs->len; i++) {
    cmark_node *r = refs->pdata[i], *t = cmark_node_new(CMARK_NODE_TEXT);
    const char *num = cmark_node_get_literal(r);
    char *shown = g_strdup_printf("[%s]", num ? num : "?");
    cmark_node_set_literal(t, shown);
    g_free(shown);
    cmark_node_replace(r, t);
    cmark_node_free(r);
  }
  if (defs->len) {
    cmark_node *rule = cmark_node_new(CMARK_NODE_THEMATIC_BREAK),
               *list = cmark_node_new(CMARK_NODE_LIST);
    cmark_node_set_list_type(list, CMARK_ORDERED_LIST);
    cmark_node_set_list_start(list, 1);
    cmark_node_set_list_tight(list, true);
    for (guint i = 0; i < defs->len; i++) {
      cmark_node *d = defs->pdata[i], *item = cmark_node_new(CMARK_NODE_ITEM);
      for (cmark_node *c = cmark_node_first_child(d); c;) {
        cmark_node *next = cmark_node_next(c);
        cmark_node_append_child(item, c);
        c = next;
      }
      cmark_node_append_child(list, item);
      cmark_node_free(d);
    }
    cmark_node_append_child(doc, rule);
    cmark_node_append_child(doc, list);
  }
  g_ptr_array_free(refs, TRUE);
  g_ptr_array_free(defs, TRUE);
}

/* Syntax other Markdown editors have and Lentera does not, found in the text (code is not
 * text, so `==` in a code span is left alone): each a warning at its place, since it shows
 * to learners as typed. A picture whose address holds a space is not a picture at all in
 * CommonMark: an error saying how to write it. */
static void unsupported(ctx *cx, cmark_node *root) {
  static const struct {
    const char *re;
    lt_severity sev;
    const char *msg;
  } rules[] = {
      {"!\\[[^\\]]*\\]\\(([^)<>]* [^)<>]*)\\)", LT_DIAG_ERROR,
       "a picture's address with a space must be written in <...> or with %20 for each space: "
       "![...](<@>); as it is, learners see the text as typed"},
      {"\\[[^\\]]*\\]\\(([^)<>\"]* [^)<>\"]*\\.md)\\)", LT_DIAG_WARNING,
       "a link's address with a space must be written in <...>: [...](<@>); as it is, it shows "
       "as typed"},
      {"(==[^=\\s](?:[^=]*[^=\\s])?==)", LT_DIAG_WARNING,
       "'@' (highlight) is not supported and shows as typed: use **bold** instead"},
      {"(\\$\\$|\\$[^\\s$](?:[^$]*[^\\s$])?\\$(?![0-9]))", LT_DIAG_WARNING,
       "'@' (a formula) is not supported and shows as typed: write it in words or as a picture"},
      {"(\\[\\[[^\\]]+\\]\\])", LT_DIAG_WARNING,
       "'@' (a wiki link) is not supported and shows as typed: link an item with "
       "[text](02-lesson.md)"},
      {"(\\{[#.][A-Za-z][^}]*\\})", LT_DIAG_WARNING,
       "'@' (an attribute) is not supported and shows as typed: remove it"},
      {"(\\[\\^[^\\]\\s]+\\])", LT_DIAG_WARNING,
       "footnote '@' has no note: add a line '@: the note' below the paragraph"},
  };
  GRegex *res[G_N_ELEMENTS(rules)];
  for (size_t i = 0; i < G_N_ELEMENTS(rules); i++)
    res[i] = g_regex_new(rules[i].re, 0, 0,
                         NULL); /* no G_REGEX_OPTIMIZE: valgrind cannot follow PCRE2 JIT code */
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT) continue;
    const char *t = cmark_node_get_literal(n);
    for (size_t i = 0; t && i < G_N_ELEMENTS(rules); i++) {
      GMatchInfo *m;
      g_regex_match(res[i], t, 0, &m);
      while (g_match_info_matches(m)) {
        int from, to;
        g_match_info_fetch_pos(m, 0, &from, &to);
        char *what = g_match_info_fetch(m, 1);
        char **parts = g_strsplit(rules[i].msg, "@", -1); /* '@' stands for what matched */
        char *msg = g_strjoinv(what, parts);
        lt_diag_add(cx->diags, rules[i].sev, cx->item->display, node_line(cx, n),
                    cmark_node_get_start_column(n) + from, "%s", msg);
        g_strfreev(parts), g_free(msg);
        if (rules[i].sev == LT_DIAG_ERROR) cx->failed = true;
        g_free(what);
        g_match_info_next(m, NULL);
      }
      g_match_info_free(m);
    }
  }
  cmark_iter_free(it);
  for (size_t i = 0; i < G_N_ELEMENTS(rules); i++)
    g_regex_unref(res[i]);
}

/* CommonMark XML of `doc` without the XML declaration and DOCTYPE (there is no DTD in a
 * pack), starting at <document>. */
static char *render_document(cmark_node *doc) {
  char *xml = cmark_render_xml(doc, CMARK_OPT_DEFAULT);
  const char *start = strstr(xml, "<document");
  char *out = g_strdup(start ? start : "");
  free(xml);
  return out;
}

static char *render_blocks(GPtrArray *blocks) {
  cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
  for (guint i = 0; i < blocks->len; i++) {
    cmark_node_unlink(blocks->pdata[i]);
    cmark_node_append_child(doc, blocks->pdata[i]);
  }
  char *xml = render_document(doc);
  cmark_node_free(doc);
  g_ptr_array_set_size(blocks, 0);
  return xml;
}

/* A partial-credit mark "<!-- weight: 25 -->" (percent, -100..100) at the end of a choice or
 * of a short answer's line. Returns whether `s` is one, with the number in *weight. */
static bool weight_mark(const char *s, double *weight, bool *valid) {
  GRegex *re = g_regex_new("^\\s*<!--\\s*weight:\\s*([-+]?[0-9]+(?:\\.[0-9]+)?)\\s*%?\\s*-->\\s*$",
                           0, 0, NULL);
  GMatchInfo *m;
  bool ok = g_regex_match(re, s, 0, &m);
  if (ok) {
    char *n = g_match_info_fetch(m, 1);
    *weight = g_ascii_strtod(n, NULL);
    *valid = *weight >= -100 && *weight <= 100;
    g_free(n);
  }
  g_match_info_free(m);
  g_regex_unref(re);
  return ok;
}

/* ' weight="25"' for the quiz XML (g_free()). */
static char *weight_attr(double weight) {
  char n[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(n, sizeof n, "%g", weight);
  return g_strdup_printf(" weight=\"%s\"", n);
}

/* Takes the weight mark out of a task list item; true when there was one. */
static bool take_weight(ctx *cx, cmark_node *item, double *weight) {
  cmark_node *para = cmark_node_last_child(item);
  cmark_node *last = para ? cmark_node_last_child(para) : NULL;
  bool valid = true;
  if (!last || cmark_node_get_type(last) != CMARK_NODE_HTML_INLINE ||
      !weight_mark(cmark_node_get_literal(last), weight, &valid))
    return false;
  if (!valid) report(cx, LT_DIAG_ERROR, item, "weight %g%% must be between -100 and 100", *weight);
  cmark_node_free(last); /* unlinks it */
  return true;
}

/* Text of a task list item without its "- [x] " marker: its blocks, joined by spaces. */
static char *choice_text(cmark_node *item) {
  GString *s = g_string_new(NULL);
  for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
    char *t = cmark_render_plaintext(c, CMARK_OPT_DEFAULT, 0);
    g_string_append_printf(s, "%s%s", s->len ? " " : "", g_strstrip(t));
    free(t);
  }
  return g_string_free(s, FALSE);
}

static char *plain_text(cmark_node *n) {
  char *t = cmark_render_plaintext(n, CMARK_OPT_DEFAULT, 0);
  char *out = g_strstrip(g_strdup(t));
  free(t);
  return out;
}

static char *esc(const char *s) { return g_markup_escape_text(s, -1); }

static char *slug(const char *heading) {
  char *ascii = g_str_to_ascii(heading, "C");
  GString *s = g_string_new(NULL);
  bool dash = false;
  for (const char *p = ascii; *p; p++) {
    if (g_ascii_isalnum(*p)) {
      if (dash && s->len) g_string_append_c(s, '-');
      g_string_append_c(s, g_ascii_tolower(*p));
      dash = false;
    } else {
      dash = true;
    }
  }
  g_free(ascii);
  return g_string_free(s, FALSE);
}

typedef struct {
  cmark_node *heading;
  char *id;
  int id_line;
  GPtrArray *stem;    /* cmark_node* blocks */
  GPtrArray *choices; /* cmark_node* tasklist items */
  GPtrArray *answers; /* char* */
  cmark_node *explanation;
  cmark_node *answer_block;
  cmark_node *choice_list;
  bool free_text; /* surveys: a fenced ```text block under the heading */
} question;

static void question_clear(question *q) {
  g_free(q->id);
  g_ptr_array_free(q->stem, TRUE);
  g_ptr_array_free(q->choices, TRUE);
  g_ptr_array_free(q->answers, TRUE);
  memset(q, 0, sizeof *q);
}

static bool is_task_list(cmark_node *list) {
  cmark_node *c = cmark_node_first_child(list);
  return c && !strcmp(cmark_node_get_type_string(c), "tasklist");
}

/* The words of the rating scale, 1 to 5, in the course's language. */
static const char *const *scale_words(const lt_course *c) {
  static const char *const id[] = {"Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju",
                                   "Sangat setuju"};
  static const char *const en[] = {"Strongly disagree", "Disagree", "Neither agree nor disagree",
                                   "Agree", "Strongly agree"};
  return g_str_has_prefix(lt_course_language(c), "en") ? en : id;
}

/* A survey's question: a statement rated 1-5 (five choices a-e, none right), or with
 * a fenced ```text block under its heading a free answer. Choices, answer blocks and explanations
 * are quiz things, refused with what to do. */
static void survey_question(ctx *cx, question *q, const char *title, GString *out) {
  if (q->choices->len)
    report(cx, LT_DIAG_ERROR, q->choice_list,
           "survey statement '%s' has choices: a statement is rated from 1 (\"Sangat tidak "
           "setuju\") to 5 (\"Sangat setuju\") by itself; remove the '- [ ]' lines",
           title);
  if (q->answer_block)
    report(cx, LT_DIAG_ERROR, q->answer_block,
           "survey question '%s' has an answer block: a survey has no right answers; for a "
           "free answer put an empty fenced ```text block under its heading",
           title);
  if (q->explanation)
    report(cx, LT_DIAG_ERROR, q->explanation,
           "survey question '%s' has an explanation ('> '): a survey shows none; remove it", title);
  char *t = esc(title), *id = esc(q->id), *stem = render_blocks(q->stem);
  g_string_append_printf(out,
                         "  <question id=\"%s\" type=\"%s\">\n    <title>%s</title>\n"
                         "    <stem>%s</stem>\n",
                         id, q->free_text ? "text" : "rating", t, stem);
  const char *const *words = scale_words(cx->course);
  for (int i = 0; !q->free_text && i < 5; i++)
    g_string_append_printf(out, "    <choice id=\"%c\" correct=\"false\">%s</choice>\n",
                           (char)('a' + i), words[i]);
  g_string_append(out, "  </question>\n");
  g_free(t), g_free(id), g_free(stem);
}

/* Emits a finished question as XML; checks it has something to answer. */
static void finish_question(ctx *cx, question *q, GString *out, GHashTable *ids) {
  char *title = plain_text(q->heading);
  if (!q->id) q->id = slug(title);
  if (!*q->id) {
    g_free(q->id);
    q->id = g_strdup_printf("q-%d", cmark_node_get_start_line(q->heading));
  }
  gpointer first = g_hash_table_lookup(ids, q->id);
  if (first)
    report(cx, LT_DIAG_ERROR, q->heading, "duplicate question id '%s' (first used at line %d)",
           q->id, GPOINTER_TO_INT(first));
  else
    g_hash_table_insert(
        ids, g_strdup(q->id),
        GINT_TO_POINTER(cmark_node_get_start_line(q->heading) + cx->item->body_line - 1));
  if (cx->item->role == LT_ROLE_SURVEY) {
    survey_question(cx, q, title, out);
    g_free(title);
    return;
  }
  size_t correct = 0;
  double *weights = g_new0(double, q->choices->len + 1);
  bool *weighted = g_new0(bool, q->choices->len + 1);
  for (guint i = 0; i < q->choices->len; i++) {
    cmark_node *c = q->choices->pdata[i];
    bool checked = cmark_gfm_extensions_get_tasklist_item_checked(c);
    correct += checked ? 1 : 0;
    weighted[i] = take_weight(cx, c, &weights[i]);
    if (weighted[i] && checked && weights[i] <= 0)
      report(cx, LT_DIAG_ERROR, c,
             "a right choice ('- [x]') needs a weight above 0, not %g; mark it '- [ ]' if it is "
             "wrong",
             weights[i]);
    else if (weighted[i] && !checked && weights[i] >= 100)
      report(cx, LT_DIAG_ERROR, c, "a choice worth %g%% is right: mark it '- [x]'", weights[i]);
  }
  const char *type = "single";
  if (q->choices->len && q->answers->len) {
    report(cx, LT_DIAG_ERROR, q->answer_block,
           "question '%s' has both choices and an answer block; keep one", title);
  } else if (q->answer_block) {
    type = "short";
    if (!q->answers->len)
      report(cx, LT_DIAG_ERROR, q->answer_block, "answer block of '%s' is empty", title);
  } else if (!q->choices->len) {
    report(cx, LT_DIAG_ERROR, q->heading,
           "question '%s' has no choices: add '- [x] right' and '- [ ] wrong' lines, or an "
           "```answer block",
           title);
  } else if (correct == 0) {
    report(cx, LT_DIAG_ERROR, q->choice_list,
           "question '%s' has no correct choice: mark it with '- [x]'", title);
  } else if (correct > 1) {
    type = "multiple";
  }
  if (!q->stem->len)
    report(cx, LT_DIAG_WARNING, q->heading, "question '%s' has no text under its heading", title);

  char *t = esc(title), *id = esc(q->id);
  g_string_append_printf(out, "  <question id=\"%s\" type=\"%s\">\n    <title>%s</title>\n", id,
                         type, t);
  char *stem = render_blocks(q->stem);
  g_string_append_printf(out, "    <stem>%s</stem>\n", stem);
  g_free(stem);
  for (guint i = 0; i < q->choices->len; i++) {
    char *text = choice_text(q->choices->pdata[i]);
    char *e = esc(text);
    bool checked = cmark_gfm_extensions_get_tasklist_item_checked(q->choices->pdata[i]);
    if (correct == 1 && checked && weighted[i] && weights[i] != 100)
      report(cx, LT_DIAG_ERROR, q->choices->pdata[i],
             "the one right choice of '%s' is worth 100%%, not %g%%", title, weights[i]);
    char *w = weighted[i] ? weight_attr(weights[i]) : g_strdup("");
    g_string_append_printf(out, "    <choice id=\"%c\" correct=\"%s\"%s>%s</choice>\n",
                           (char)('a' + i), checked ? "true" : "false", w, e);
    g_free(w);
    g_free(text);
    g_free(e);
  }
  g_free(weights);
  g_free(weighted);
  for (guint i = 0; i < q->answers->len; i++) {
    char *a = q->answers->pdata[i], *mark = strstr(a, "<!--");
    double weight = 100;
    bool valid = true;
    char *w = NULL;
    if (mark && weight_mark(mark, &weight, &valid)) {
      *mark = '\0';
      g_strchomp(a);
      if (!valid || weight <= 0)
        report(cx, LT_DIAG_ERROR, q->answer_block,
               "accepted answer '%s' of '%s' must be worth more than 0%% and at most 100%%, not "
               "%g%%",
               a, title, weight);
      w = weight_attr(weight);
    }
    char *e = esc(a);
    g_string_append_printf(out, "    <answer%s>%s</answer>\n", w ? w : "", e);
    g_free(e);
    g_free(w);
  }
  if (q->explanation) {
    GPtrArray *blocks = g_ptr_array_new();
    for (cmark_node *c = cmark_node_first_child(q->explanation); c;) {
      cmark_node *next = cmark_node_next(c);
      g_ptr_array_add(blocks, c);
      c = next;
    }
    char *ex = render_blocks(blocks);
    g_string_append_printf(out, "    <explanation>%s</explanation>\n", ex);
    g_free(ex);
    g_ptr_array_free(blocks, TRUE);
  } else {
    report(cx, LT_DIAG_WARNING, q->heading,
           "question '%s' has no explanation: add a '> ' block quote", title);
  }
  g_string_append(out, "  </question>\n");
  g_free(t);
  g_free(id);
  g_free(title);
}

/* Whether `lit` is "<!-- type: text -->", which a survey writes as a fenced ```text block. */
static bool comment_text_type(const char *lit) {
  return g_regex_match_simple("^\\s*<!--\\s*type:\\s*text\\s*-->", lit, 0, 0);
}

/* Reads "<!-- id: x -->"; returns the id or NULL. */
static char *comment_id(const char *lit) {
  GMatchInfo *m;
  GRegex *re = g_regex_new("^\\s*<!--\\s*id:\\s*(\\S+)\\s*-->", 0, 0, NULL);
  char *id = NULL;
  if (g_regex_match(re, lit, 0, &m)) id = g_match_info_fetch(m, 1);
  g_match_info_free(m);
  g_regex_unref(re);
  return id;
}

static void compile_quiz(ctx *cx, cmark_node *doc, GString *out, size_t *out_count) {
  const lt_course_item *item = cx->item;
  char *title = esc(item->title), *id = esc(item->id);
  g_string_append_printf(out,
                         "<quiz xmlns=\"urn:lentera:quiz:1\" id=\"%s\" role=\"%s\"%s "
                         "pass-percent=\"%ld\" shuffle=\"%s\" max-attempts=\"%ld\">\n"
                         "  <title>%s</title>\n",
                         id, lt_quiz_role_name(item->role),
                         item->anonymous ? " anonymous=\"true\"" : "",
                         item->role == LT_ROLE_SURVEY ? 0 : item->pass_percent,
                         item->shuffle ? "true" : "false", item->max_attempts, title);
  g_free(title);
  g_free(id);
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *intro = g_ptr_array_new();
  question q = {0};
  bool in_q = false;
  size_t count = 0;
  for (cmark_node *n = cmark_node_first_child(doc); n;) {
    cmark_node *next = cmark_node_next(n);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2) {
      if (in_q)
        finish_question(cx, &q, out, ids), question_clear(&q);
      else if (intro->len) {
        char *x = render_blocks(intro);
        g_string_append_printf(out, "  <intro>%s</intro>\n", x);
        g_free(x);
      }
      in_q = true;
      count++;
      q.heading = n;
      q.stem = g_ptr_array_new();
      q.choices = g_ptr_array_new();
      q.answers = g_ptr_array_new_with_free_func(g_free);
    } else if (!in_q) {
      if (t != CMARK_NODE_HTML_BLOCK) g_ptr_array_add(intro, n);
    } else if (t == CMARK_NODE_HTML_BLOCK) {
      char *cid = comment_id(cmark_node_get_literal(n));
      if (cid && !lt_course_valid_id(cid))
        report(cx, LT_DIAG_ERROR, n, "question id '%s' may use only a-z, 0-9 and '-'", cid);
      if (cid) g_free(q.id), q.id = cid;
      if (item->role == LT_ROLE_SURVEY && comment_text_type(cmark_node_get_literal(n)))
        report(cx, LT_DIAG_ERROR, n,
               "a survey's free answer is a fenced ```text block, not a comment: put a line "
               "```text and a line ``` under the heading instead");
    } else if (t == CMARK_NODE_LIST && is_task_list(n)) {
      q.choice_list = n;
      for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
        g_ptr_array_add(q.choices, c);
    } else if (t == CMARK_NODE_CODE_BLOCK && item->role == LT_ROLE_SURVEY &&
               !strcmp(cmark_node_get_fence_info(n), "text")) {
      q.free_text = true; /* a survey's free answer: the box the learner types in */
    } else if (t == CMARK_NODE_CODE_BLOCK && !strcmp(cmark_node_get_fence_info(n), "answer")) {
      q.answer_block = n;
      char **lines = g_strsplit(cmark_node_get_literal(n), "\n", -1);
      for (char **l = lines; *l; l++) {
        char *a = g_strstrip(g_strdup(*l));
        if (*a)
          g_ptr_array_add(q.answers, a);
        else
          g_free(a);
      }
      g_strfreev(lines);
    } else if (t == CMARK_NODE_BLOCK_QUOTE) {
      q.explanation = n;
    } else {
      g_ptr_array_add(q.stem, n);
    }
    n = next;
  }
  if (in_q) finish_question(cx, &q, out, ids), question_clear(&q);
  if (!count)
    report(cx, LT_DIAG_ERROR, NULL,
           item->role == LT_ROLE_SURVEY
               ? "survey has no statements: start each with '## ', e.g. '## Materinya berguna "
                 "untuk pekerjaan saya.'"
               : "quiz has no questions: start each with '## '");
  g_ptr_array_free(intro, TRUE);
  g_hash_table_destroy(ids);
  g_string_append(out, "</quiz>\n");
  *out_count = count;
}

lt_status lt_compile_item(const lt_course *course, const lt_course_item *item, lt_compiled **out,
                          lt_diag_list *diags) {
  return lt_compile_item_with(course, item, false, out, diags);
}

lt_status lt_compile_item_with(const lt_course *course, const lt_course_item *item, bool transcode,
                               lt_compiled **out, lt_diag_list *diags) {
  ctx cx = {course,
            item,
            diags,
            g_ptr_array_new_with_free_func(g_free),
            false,
            transcode,
            g_ptr_array_new_with_free_func(g_free)};
  int deep_line, deep_col;
  if (lt_mdscan_too_deep(item->body, item->body_len, &deep_line, &deep_col)) {
    lt_diag_add(diags, LT_DIAG_ERROR, item->display, deep_line + item->body_line - 1, deep_col,
                "this nests more than %d levels deep (block quotes, lists, emphasis or links "
                "inside each other): write it flatter",
                LT_LIMIT_MARKDOWN_DEPTH);
    g_ptr_array_free(cx.media, TRUE);
    g_ptr_array_free(cx.transcodes, TRUE);
    return LT_ERR_INVALID;
  }
  cmark_node *doc = parse(item);
  if (tree_too_deep(&cx, doc)) {
    cmark_node_free(doc);
    g_ptr_array_free(cx.media, TRUE);
    g_ptr_array_free(cx.transcodes, TRUE);
    return LT_ERR_INVALID;
  }
  unsupported(&cx, doc);
  footnotes(doc);
  check_tree(&cx, doc);
  GString *xml = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  size_t questions = 0;
  if (item->kind == LT_KIND_QUIZ) {
    compile_quiz(&cx, doc, xml, &questions);
  } else {
    char *d = render_document(doc);
    g_string_append(xml, d);
    g_free(d);
  }
  cmark_node_free(doc);
  if (cx.failed) {
    g_string_free(xml, TRUE);
    g_ptr_array_free(cx.media, TRUE);
    g_ptr_array_free(cx.transcodes, TRUE);
    return LT_ERR_INVALID;
  }
  lt_compiled *c = g_new0(lt_compiled, 1);
  c->path = g_strdup_printf("%s/%s.xml", lt_compile_folder(item->kind), item->id);
  c->xml_len = xml->len;
  c->xml = g_string_free(xml, FALSE);
  c->media = cx.media;
  c->transcodes = cx.transcodes;
  c->questions = questions;
  *out = c;
  return LT_OK;
}

void lt_compiled_free(lt_compiled *c) {
  if (!c) return;
  g_free(c->path);
  g_free(c->xml);
  g_ptr_array_free(c->media, TRUE);
  g_ptr_array_free(c->transcodes, TRUE);
  g_free(c);
}

const char *lt_compiled_path(const lt_compiled *c) { return c->path; }
const char *lt_compiled_xml(const lt_compiled *c, size_t *out_len) {
  if (out_len) *out_len = c->xml_len;
  return c->xml;
}
size_t lt_compiled_media_count(const lt_compiled *c) { return c->media->len / 2; }
const char *lt_compiled_media(const lt_compiled *c, size_t i) { return c->media->pdata[2 * i]; }
const char *lt_compiled_media_source(const lt_compiled *c, size_t i) {
  return c->media->pdata[2 * i + 1];
}
size_t lt_compiled_question_count(const lt_compiled *c) { return c->questions; }
size_t lt_compiled_transcode_count(const lt_compiled *c) { return c->transcodes->len / 2; }
const char *lt_compiled_transcode(const lt_compiled *c, size_t i, const char **pack_path) {
  *pack_path = c->transcodes->pdata[2 * i + 1];
  return c->transcodes->pdata[2 * i];
}
