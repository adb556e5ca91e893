/* manifest — building, writing and reading lentera.xml.
 *
 * All strings are owned by a GStringChunk so the views handed out stay put. Writing is
 * plain text with escaping (the layout is fixed and small); reading goes through
 * lt_xml_load (schema-validated), then walks the tree. The file list keeps a hash index by
 * path for the verifier, which looks up every pack entry. */
#include "lentera/manifest.h"

#include <glib.h>
#include <inttypes.h>
#include <jansson.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "xml_load.h"

struct lt_manifest {
  GStringChunk *strings;
  lt_manifest_info info;
  lt_manifest_signer signer; /* name NULL: none */
  long followup[8];          /* <followup days="30 90"/>: days after passing the post-test */
  size_t nfollowup;
  lt_target targets[LT_TARGETS_MAX]; /* <target …/>: course.md `targets` */
  size_t ntargets;
  GPtrArray *audience;
  GArray *items;          /* lt_manifest_item */
  GArray *files;          /* lt_manifest_file */
  GHashTable *file_index; /* path -> index+1 */
};

static char *keep(lt_manifest *m, const char *s) {
  return s ? g_string_chunk_insert(m->strings, s) : NULL;
}

static lt_manifest *alloc(void) {
  lt_manifest *m = g_new0(lt_manifest, 1);
  m->strings = g_string_chunk_new(1024);
  m->audience = g_ptr_array_new();
  m->items = g_array_new(FALSE, TRUE, sizeof(lt_manifest_item));
  m->files = g_array_new(FALSE, TRUE, sizeof(lt_manifest_file));
  m->file_index = g_hash_table_new(g_str_hash, g_str_equal);
  return m;
}

static void set_info(lt_manifest *m, const lt_manifest_info *in) {
  m->info.id = keep(m, in->id);
  m->info.version = keep(m, in->version);
  m->info.title = keep(m, in->title);
  m->info.language = keep(m, in->language);
  m->info.publisher = keep(m, in->publisher);
  m->info.activity_base = keep(m, in->activity_base);
  m->info.key_id = keep(m, in->key_id);
  m->info.created = in->created;
  m->info.generator = keep(m, in->generator);
  m->info.description = keep(m, in->description);
  for (const char *const *a = in->audience; a && *a; a++)
    g_ptr_array_add(m->audience, keep(m, *a));
  g_ptr_array_add(m->audience, NULL);
  m->info.audience = (const char *const *)m->audience->pdata;
}

lt_manifest *lt_manifest_new(const lt_manifest_info *info) {
  lt_manifest *m = alloc();
  set_info(m, info);
  return m;
}

void lt_manifest_free(lt_manifest *m) {
  if (!m) return;
  g_string_chunk_free(m->strings);
  g_ptr_array_free(m->audience, TRUE);
  g_array_free(m->items, TRUE);
  g_array_free(m->files, TRUE);
  g_hash_table_destroy(m->file_index);
  g_free(m);
}

void lt_manifest_add_item(lt_manifest *m, const lt_manifest_item *it) {
  lt_manifest_item c = {keep(m, it->kind), keep(m, it->id),   keep(m, it->title), keep(m, it->path),
                        it->minutes,       keep(m, it->role), it->questions,      keep(m, it->pdf)};
  g_array_append_val(m->items, c);
}

void lt_manifest_add_file(lt_manifest *m, const char *path, uint64_t size, const char *blake2b) {
  char *kept = keep(m, path);
  lt_manifest_file f = {kept, size, keep(m, blake2b), 0, 0, 0, NULL, NULL};
  g_array_append_val(m->files, f);
  g_hash_table_insert(m->file_index, kept, GUINT_TO_POINTER(m->files->len));
}

static void add_text(GString *s, const char *indent, const char *tag, const char *text) {
  char *e = g_markup_escape_text(text, -1);
  g_string_append_printf(s, "%s<%s>%s</%s>\n", indent, tag, e, tag);
  g_free(e);
}

static char *iso_time(int64_t t) {
  GDateTime *dt = g_date_time_new_from_unix_utc(t);
  char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(dt);
  return s;
}

lt_status lt_manifest_to_xml(const lt_manifest *m, char **out, size_t *out_len) {
  const lt_manifest_info *in = &m->info;
  GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  char *created = iso_time(in->created);
  g_string_append_printf(s,
                         "<pack xmlns=\"urn:lentera:pack:1\" format=\"%d\" id=\"%s\" "
                         "version=\"%s\" key-id=\"%s\" created=\"%s\"",
                         LT_MANIFEST_FORMAT, in->id, in->version, in->key_id, created);
  g_free(created);
  if (in->generator) {
    char *g = g_markup_escape_text(in->generator, -1);
    g_string_append_printf(s, " generator=\"%s\"", g);
    g_free(g);
  }
  g_string_append(s, ">\n");
  add_text(s, "  ", "title", in->title);
  add_text(s, "  ", "language", in->language);
  add_text(s, "  ", "publisher", in->publisher);
  if (in->description && *in->description) add_text(s, "  ", "description", in->description);
  if (in->activity_base) add_text(s, "  ", "activity-base", in->activity_base);
  if (m->signer.name) {
    char *n = g_markup_escape_text(m->signer.name, -1);
    char *p = g_markup_escape_text(m->signer.position, -1);
    g_string_append_printf(s, "  <signer name=\"%s\" position=\"%s\"", n, p);
    if (m->signer.nip) {
      char *nip = g_markup_escape_text(m->signer.nip, -1);
      g_string_append_printf(s, " nip=\"%s\"", nip);
      g_free(nip);
    }
    g_string_append(s, "/>\n");
    g_free(n), g_free(p);
  }
  if (m->nfollowup) {
    g_string_append(s, "  <followup days=\"");
    for (size_t i = 0; i < m->nfollowup; i++)
      g_string_append_printf(s, "%s%ld", i ? " " : "", m->followup[i]);
    g_string_append(s, "\"/>\n");
  }
  for (size_t i = 0; i < m->ntargets; i++) {
    char share[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(share, sizeof share, "%.4f", m->targets[i].share);
    g_string_append_printf(s, "  <target audience=\"%s\" measure=\"%s\" share=\"%s\" by=\"%s\"/>\n",
                           m->targets[i].audience, m->targets[i].measure, share, m->targets[i].by);
  }
  g_string_append(s, "  <audience>\n");
  for (const char *const *a = in->audience; *a; a++)
    add_text(s, "    ", "group", *a);
  g_string_append(s, "  </audience>\n  <items>\n");
  for (guint i = 0; i < m->items->len; i++) {
    const lt_manifest_item *it = &g_array_index(m->items, lt_manifest_item, i);
    g_string_append_printf(s, "    <item kind=\"%s\" id=\"%s\" path=\"%s\"", it->kind, it->id,
                           it->path);
    if (it->minutes) g_string_append_printf(s, " minutes=\"%ld\"", it->minutes);
    if (it->role)
      g_string_append_printf(s, " role=\"%s\" questions=\"%ld\"", it->role, it->questions);
    if (it->pdf) g_string_append_printf(s, " pdf=\"%s\"", it->pdf);
    g_string_append(s, ">\n");
    add_text(s, "      ", "title", it->title);
    g_string_append(s, "    </item>\n");
  }
  g_string_append(s, "  </items>\n  <files>\n");
  for (guint i = 0; i < m->files->len; i++) {
    const lt_manifest_file *f = &g_array_index(m->files, lt_manifest_file, i);
    char *p = g_markup_escape_text(f->path, -1);
    g_string_append_printf(s, "    <file path=\"%s\" size=\"%" PRIu64 "\" blake2b=\"%s\"", p,
                           f->size, f->blake2b);
    if (f->codecs) {
      char dur[G_ASCII_DTOSTR_BUF_SIZE], *poster = g_markup_escape_text(f->poster, -1);
      g_ascii_formatd(dur, sizeof dur, "%.3f", f->duration);
      g_string_append_printf(s,
                             " duration=\"%s\" width=\"%ld\" height=\"%ld\" codecs=\"%s\" "
                             "poster=\"%s\"",
                             dur, f->width, f->height, f->codecs, poster);
      g_free(poster);
    }
    g_string_append(s, "/>\n");
    g_free(p);
  }
  g_string_append(s, "  </files>\n</pack>\n");
  *out_len = s->len;
  *out = g_string_free(s, FALSE);
  return LT_OK;
}

static const char *attr(xmlNodePtr n, const char *name, char **hold) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  *hold = v ? g_strdup((const char *)v) : NULL;
  xmlFree(v);
  return *hold;
}

/* Reads one string attribute or child into the manifest's chunk. */
static const char *kept_attr(lt_manifest *m, xmlNodePtr n, const char *name) {
  char *hold;
  const char *v = keep(m, attr(n, name, &hold));
  g_free(hold);
  return v;
}

static const char *kept_child(lt_manifest *m, xmlNodePtr n, const char *name) {
  xmlNodePtr c = lt_xml_child(n, name);
  if (!c) return NULL;
  char *s = lt_xml_text(c);
  const char *v = keep(m, s);
  g_free(s);
  return v;
}

static long num_attr(xmlNodePtr n, const char *name) {
  char *hold;
  const char *v = attr(n, name, &hold);
  long r = v ? strtol(v, NULL, 10) : 0;
  g_free(hold);
  return r;
}

lt_status lt_manifest_parse(const char *xml, size_t len, const char *name, lt_manifest **out,
                            lt_diag_list *diags) {
  xmlDocPtr doc;
  lt_status st = lt_xml_load("manifest.xsd", xml, len, name, &doc, diags);
  if (st != LT_OK) return st;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  long format = num_attr(root, "format");
  if (format != LT_MANIFEST_FORMAT) {
    lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0,
                "pack format %ld is not one this Lentera reads (format %d): update Lentera", format,
                LT_MANIFEST_FORMAT);
    xmlFreeDoc(doc);
    return LT_ERR_INVALID;
  }
  lt_manifest *m = alloc();
  m->info.id = kept_attr(m, root, "id");
  m->info.version = kept_attr(m, root, "version");
  m->info.key_id = kept_attr(m, root, "key-id");
  m->info.title = kept_child(m, root, "title");
  m->info.language = kept_child(m, root, "language");
  m->info.publisher = kept_child(m, root, "publisher");
  m->info.description = kept_child(m, root, "description");
  m->info.activity_base = kept_child(m, root, "activity-base");
  m->info.generator = kept_attr(m, root, "generator");
  xmlNodePtr signer = lt_xml_child(root, "signer"); /* optional: older packs have none */
  if (signer) {
    m->signer.name = kept_attr(m, signer, "name");
    m->signer.position = kept_attr(m, signer, "position");
    m->signer.nip = kept_attr(m, signer, "nip");
  }
  xmlNodePtr followup = lt_xml_child(root, "followup"); /* optional: older packs have none */
  if (followup) {
    char *days_text;
    char **days = g_strsplit(attr(followup, "days", &days_text), " ", -1);
    for (char **d = days; *d && m->nfollowup < G_N_ELEMENTS(m->followup); d++)
      if (**d) m->followup[m->nfollowup++] = strtol(*d, NULL, 10); /* the schema checked them */
    g_strfreev(days);
    g_free(days_text);
  }
  for (xmlNodePtr t = root->children; t; t = t->next) /* optional: older packs have none */
    if (lt_xml_is(t, "target") && m->ntargets < LT_TARGETS_MAX) {
      lt_target *to = &m->targets[m->ntargets++];
      char *v;
      g_strlcpy(to->audience, attr(t, "audience", &v), sizeof to->audience), g_free(v);
      g_strlcpy(to->measure, attr(t, "measure", &v), sizeof to->measure), g_free(v);
      to->share = g_ascii_strtod(attr(t, "share", &v), NULL), g_free(v);
      g_strlcpy(to->by, attr(t, "by", &v), sizeof to->by), g_free(v); /* the schema checked them */
    }
  char *hold;
  GDateTime *dt = g_date_time_new_from_iso8601(attr(root, "created", &hold), NULL);
  g_free(hold);
  m->info.created = dt ? g_date_time_to_unix(dt) : 0;
  if (dt) g_date_time_unref(dt);
  for (xmlNodePtr g = lt_xml_child(root, "audience")->children; g; g = g->next)
    if (lt_xml_is(g, "group")) {
      char *s = lt_xml_text(g);
      g_ptr_array_add(m->audience, keep(m, s));
      g_free(s);
    }
  g_ptr_array_add(m->audience, NULL);
  m->info.audience = (const char *const *)m->audience->pdata;
  for (xmlNodePtr n = lt_xml_child(root, "items")->children; n; n = n->next) {
    if (!lt_xml_is(n, "item")) continue;
    lt_manifest_item it = {kept_attr(m, n, "kind"),   kept_attr(m, n, "id"),
                           kept_child(m, n, "title"), kept_attr(m, n, "path"),
                           num_attr(n, "minutes"),    kept_attr(m, n, "role"),
                           num_attr(n, "questions"),  kept_attr(m, n, "pdf")};
    g_array_append_val(m->items, it);
  }
  for (xmlNodePtr n = lt_xml_child(root, "files")->children; n; n = n->next) {
    if (!lt_xml_is(n, "file")) continue;
    char *size;
    attr(n, "size", &size);
    lt_manifest_add_file(m, kept_attr(m, n, "path"), g_ascii_strtoull(size, NULL, 10),
                         kept_attr(m, n, "blake2b"));
    g_free(size);
    const char *codecs = kept_attr(m, n, "codecs");
    if (codecs) {
      char *dur = NULL;
      attr(n, "duration", &dur);
      lt_manifest_file *f = &g_array_index(m->files, lt_manifest_file, m->files->len - 1);
      f->duration = dur ? g_ascii_strtod(dur, NULL) : 0;
      f->width = num_attr(n, "width");
      f->height = num_attr(n, "height");
      f->codecs = codecs;
      f->poster = kept_attr(m, n, "poster");
      g_free(dur);
    }
  }
  xmlFreeDoc(doc);
  *out = m;
  return LT_OK;
}

const lt_manifest_info *lt_manifest_get_info(const lt_manifest *m) { return &m->info; }

void lt_manifest_set_signer(lt_manifest *m, const lt_manifest_signer *signer) {
  bool some = signer && signer->name;
  m->signer.name = some ? keep(m, signer->name) : NULL;
  m->signer.position = some ? keep(m, signer->position ? signer->position : "") : NULL;
  m->signer.nip = some ? keep(m, signer->nip) : NULL;
}

const lt_manifest_signer *lt_manifest_get_signer(const lt_manifest *m) {
  return m->signer.name ? &m->signer : NULL;
}
void lt_manifest_set_targets(lt_manifest *m, const lt_target *targets, size_t count) {
  m->ntargets = MIN(count, (size_t)LT_TARGETS_MAX);
  memcpy(m->targets, targets, m->ntargets * sizeof *targets);
}

const lt_target *lt_manifest_get_targets(const lt_manifest *m, size_t *out_count) {
  *out_count = m->ntargets;
  return m->targets;
}

void lt_manifest_set_followup(lt_manifest *m, const long *days, size_t count) {
  m->nfollowup = MIN(count, G_N_ELEMENTS(m->followup));
  for (size_t i = 0; i < m->nfollowup; i++)
    m->followup[i] = days[i];
}

const long *lt_manifest_get_followup(const lt_manifest *m, size_t *out_count) {
  *out_count = m->nfollowup;
  return m->followup;
}
size_t lt_manifest_item_count(const lt_manifest *m) { return m->items->len; }
const lt_manifest_item *lt_manifest_item_at(const lt_manifest *m, size_t i) {
  return &g_array_index(m->items, lt_manifest_item, i);
}
size_t lt_manifest_file_count(const lt_manifest *m) { return m->files->len; }
const lt_manifest_file *lt_manifest_file_at(const lt_manifest *m, size_t i) {
  return &g_array_index(m->files, lt_manifest_file, i);
}

void lt_manifest_set_video(lt_manifest *m, const char *path, double duration, long width,
                           long height, const char *codecs, const char *poster) {
  long i = lt_manifest_find_file(m, path);
  if (i < 0) return;
  lt_manifest_file *f = &g_array_index(m->files, lt_manifest_file, i);
  f->duration = duration;
  f->width = width;
  f->height = height;
  f->codecs = keep(m, codecs);
  f->poster = keep(m, poster);
}

long lt_manifest_find_file(const lt_manifest *m, const char *path) {
  gpointer v = g_hash_table_lookup(m->file_index, path);
  return v ? (long)GPOINTER_TO_UINT(v) - 1 : -1;
}

uint64_t lt_manifest_total_size(const lt_manifest *m) {
  uint64_t total = 0;
  for (guint i = 0; i < m->files->len; i++)
    total += g_array_index(m->files, lt_manifest_file, i).size;
  return total;
}

char *lt_manifest_trusted_comment(const lt_manifest *m) {
  char *s = g_strdup_printf("lentera id=%s version=%s created=%" PRId64, m->info.id,
                            m->info.version, m->info.created);
  char *out = strdup(s);
  g_free(s);
  return out;
}

/* ---- JSON, for `inspect --json` ---- */

char *lt_manifest_to_json(const lt_manifest *m, const char *signer) {
  const lt_manifest_info *in = lt_manifest_get_info(m);
  json_t *root = json_object(), *items = json_array(), *files = json_array(), *aud = json_array();
  GDateTime *dt = g_date_time_new_from_unix_utc(in->created);
  char *created = g_date_time_format_iso8601(dt);
  g_date_time_unref(dt);
  json_object_set_new(root, "id", json_string(in->id));
  json_object_set_new(root, "version", json_string(in->version));
  json_object_set_new(root, "title", json_string(in->title));
  json_object_set_new(root, "language", json_string(in->language));
  json_object_set_new(root, "publisher", json_string(in->publisher));
  json_object_set_new(root, "key_id", json_string(in->key_id));
  json_object_set_new(root, "signed_by", json_string(signer));
  json_object_set_new(root, "created", json_string(created));
  g_free(created);
  if (in->generator) json_object_set_new(root, "generator", json_string(in->generator));
  if (in->description) json_object_set_new(root, "description", json_string(in->description));
  if (m->signer.name) {
    json_t *sg = json_pack("{s:s, s:s}", "name", m->signer.name, "position", m->signer.position);
    if (m->signer.nip) json_object_set_new(sg, "nip", json_string(m->signer.nip));
    json_object_set_new(root, "signer", sg);
  }
  if (m->nfollowup) {
    json_t *days = json_array();
    for (size_t i = 0; i < m->nfollowup; i++)
      json_array_append_new(days, json_integer(m->followup[i]));
    json_object_set_new(root, "followup", days);
  }
  if (m->ntargets) {
    json_t *targets = json_array();
    for (size_t i = 0; i < m->ntargets; i++)
      json_array_append_new(targets,
                            json_pack("{s:s, s:s, s:f, s:s}", "audience", m->targets[i].audience,
                                      "measure", m->targets[i].measure, "share",
                                      m->targets[i].share, "by", m->targets[i].by));
    json_object_set_new(root, "targets", targets);
  }
  for (const char *const *a = in->audience; *a; a++)
    json_array_append_new(aud, json_string(*a));
  json_object_set_new(root, "audience", aud);
  long minutes = 0;
  for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", it->kind, "id", it->id, "title",
                          it->title, "path", it->path, "minutes", (json_int_t)it->minutes);
    if (it->role) json_object_set_new(o, "role", json_string(it->role));
    if (it->role) json_object_set_new(o, "questions", json_integer(it->questions));
    if (it->pdf) json_object_set_new(o, "pdf", json_string(it->pdf));
    json_array_append_new(items, o);
    minutes += it->minutes;
  }
  for (size_t i = 0; i < lt_manifest_file_count(m); i++) {
    const lt_manifest_file *f = lt_manifest_file_at(m, i);
    json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path", f->path, "size",
                                           (json_int_t)f->size, "blake2b", f->blake2b));
  }
  json_object_set_new(root, "minutes", json_integer(minutes));
  json_object_set_new(root, "size", json_integer((json_int_t)lt_manifest_total_size(m)));
  json_object_set_new(root, "items", items);
  json_object_set_new(root, "files", files);
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  return s;
}
