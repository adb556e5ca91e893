/* collection — see collection.h. A statement is parsed once with jansson; `read_fields`
 * pulls out what the report needs (course, unit, role, verb, score, response, …) into the
 * columns of one cached INSERT … ON CONFLICT DO NOTHING. When the id is known already, the
 * stored text is compared: the same bytes, or the same JSON once an LRS's `stored` and
 * `authority` are set aside, is a duplicate; anything else a conflict. */
#include "lentera/collection.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "collection_db.h"
#include "lentera/schema.h"
#include "lentera/xapi.h"

lt_db *lt_collection_db(lt_collection *c) { return &c->db; }

lt_status lt_collection_open(const char *path, lt_collection **out, lt_diag_list *diags) {
  lt_collection *c = g_new0(lt_collection, 1);
  const char *migrations[] = {lt_schema_text("collection.sql", NULL)};
  lt_status s = lt_db_open(&c->db, path, "the collection",
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                           "PRAGMA cache_size=-131072;",
                           migrations, (int)(sizeof migrations / sizeof *migrations), diags);
  if (s != LT_OK) {
    g_free(c);
    return s;
  }
  c->questions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  *out = c;
  return LT_OK;
}

void lt_collection_free(lt_collection *c) {
  if (!c) return;
  lt_db_close(&c->db);
  g_free(c->now);
  g_hash_table_destroy(c->questions);
  g_free(c);
}

size_t lt_collection_count(lt_collection *c) {
  return (size_t)lt_db_scalar(&c->db, 0, "SELECT count(*) FROM statement", "");
}

/* ---- one statement ---- */

static const char *str_at(json_t *o, const char *a, const char *b, const char *c) {
  json_t *v = json_object_get(o, a);
  if (b) v = json_object_get(v, b);
  if (c) v = json_object_get(v, c);
  return json_string_value(v);
}

/* The last part of an IRI: ".../verbs/answered" -> "answered". */
static const char *last_part(const char *iri) {
  if (!iri) return "";
  const char *slash = strrchr(iri, '/');
  return slash ? slash + 1 : iri;
}

/* The first text of a language map (the statement's own language comes first in ours). */
static const char *first_text(json_t *map) {
  const char *key;
  json_t *v;
  json_object_foreach(map, key, v) {
    if (json_is_string(v)) return json_string_value(v);
  }
  return "";
}

/* ISO 8601 duration "PT1H2M3.5S" in seconds; < 0 when absent or unreadable. */
static double duration_seconds(const char *d) {
  if (!d || strncmp(d, "PT", 2)) return -1;
  double total = 0;
  const char *p = d + 2;
  while (*p) {
    char *end;
    double v = g_ascii_strtod(p, &end);
    if (end == p) return -1;
    switch (*end) {
    case 'H': total += v * 3600; break;
    case 'M': total += v * 60; break;
    case 'S': total += v; break;
    default: return -1;
    }
    p = end + 1;
  }
  return total;
}

static bool is_uuid(const char *s) {
  if (!s || strlen(s) != 36) return false;
  for (int i = 0; i < 36; i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !g_ascii_isxdigit(s[i])) return false;
  }
  return true;
}

typedef struct {
  const char *actor, *actor_name, *unit, *verb, *object, *object_name, *object_type;
  const char *course, *course_name, *parent, *role, *registration, *response, *timestamp;
  json_t *success, *score;
  double duration;
} fields;

/* The course among context activities: the one whose type is .../course. */
static void find_course(json_t *list, fields *f, bool take_parent) {
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a) {
    if (!strcmp(last_part(str_at(a, "definition", "type", NULL)), "course")) {
      f->course = str_at(a, "id", NULL, NULL);
      f->course_name = first_text(json_object_get(json_object_get(a, "definition"), "name"));
    } else if (take_parent && !*f->parent && str_at(a, "id", NULL, NULL)) {
      f->parent = str_at(a, "id", NULL, NULL);
    }
  }
}

/* NULL when the statement has what the report needs, else what is missing. */
static const char *read_fields(json_t *st, fields *f) {
  memset(f, 0, sizeof *f);
  f->actor = str_at(st, "actor", "account", "name");
  if (!f->actor) f->actor = str_at(st, "actor", "mbox", NULL);
  if (!f->actor) return "it has no actor account";
  f->actor_name = str_at(st, "actor", "name", NULL);
  const char *verb = str_at(st, "verb", "id", NULL);
  if (!verb) return "it has no verb id";
  f->verb = last_part(verb);
  json_t *obj = json_object_get(st, "object"), *def = json_object_get(obj, "definition");
  f->object = str_at(obj, "id", NULL, NULL);
  if (!f->object) return "its object has no id";
  f->object_name = first_text(json_object_get(def, "name"));
  f->object_type = last_part(str_at(def, "type", NULL, NULL));
  f->course = f->course_name = f->parent = "";
  if (!strcmp(f->object_type, "course")) f->course = f->object, f->course_name = f->object_name;
  json_t *ctx = json_object_get(st, "context"), *ca = json_object_get(ctx, "contextActivities");
  find_course(json_object_get(ca, "parent"), f, true);
  find_course(json_object_get(ca, "grouping"), f, false);
  json_t *ext = json_object_get(ctx, "extensions");
  f->unit = json_string_value(json_object_get(ext, LT_XAPI_EXT_UNIT));
  f->role = json_string_value(json_object_get(ext, LT_XAPI_EXT_ROLE));
  f->registration = json_string_value(json_object_get(ctx, "registration"));
  json_t *res = json_object_get(st, "result");
  f->success = json_object_get(res, "success");
  f->score = json_object_get(json_object_get(res, "score"), "scaled");
  f->response = json_string_value(json_object_get(res, "response"));
  f->duration = duration_seconds(json_string_value(json_object_get(res, "duration")));
  f->timestamp = json_string_value(json_object_get(st, "timestamp"));
  return NULL;
}

static void remember_choices(lt_collection *c, json_t *st, const char *object) {
  json_t *choices =
      json_object_get(json_object_get(json_object_get(st, "object"), "definition"), "choices");
  size_t i;
  json_t *ch;
  json_array_foreach(choices, i, ch) {
    const char *id = json_string_value(json_object_get(ch, "id"));
    if (!id) continue;
    lt_db_run(&c->db,
              lt_db_prepare(&c->db, NULL,
                            "INSERT INTO choice (object, id, text) VALUES (?, ?, ?) ON CONFLICT "
                            "DO UPDATE SET text = excluded.text",
                            "ttt", object, id, first_text(json_object_get(ch, "description"))),
              NULL);
  }
}

/* Whether two statement texts say the same, an LRS's own additions set aside. */
static bool same_statement(const char *a, const char *b) {
  if (!strcmp(a, b)) return true;
  json_t *ja = json_loads(a, 0, NULL), *jb = json_loads(b, 0, NULL);
  const char *lrs_keys[] = {"stored", "authority", "version"};
  for (int i = 0; i < 3; i++) {
    json_object_del(ja, lrs_keys[i]);
    json_object_del(jb, lrs_keys[i]);
  }
  bool same = ja && jb && json_equal(ja, jb);
  json_decref(ja), json_decref(jb);
  return same;
}

lt_status lt_collection_add(lt_collection *c, const char *json, size_t len, const char *source,
                            const char *file, int line, lt_collect_stats *stats,
                            lt_diag_list *diags) {
  json_error_t jerr;
  json_t *st = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
  const char *why = NULL;
  fields f;
  if (!st) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, line, jerr.column > 0 ? jerr.column : 1,
                "not a JSON statement: %s", jerr.text);
  } else if (!json_is_object(st)) {
    why = "it is not a JSON object";
  } else if (!is_uuid(str_at(st, "id", NULL, NULL))) {
    why = "it has no statement id (a UUID)";
  } else {
    why = read_fields(st, &f);
  }
  if (why) lt_diag_add(diags, LT_DIAG_ERROR, file, line, 1, "not a usable statement: %s", why);
  if (!st || why) {
    json_decref(st);
    stats->rejected++;
    return LT_ERR_INVALID;
  }
  /* what an LRS adds is not part of the statement as it was made */
  char *text = NULL;
  if (json_object_get(st, "stored") || json_object_get(st, "authority")) {
    json_object_del(st, "stored");
    json_object_del(st, "authority");
    text = json_dumps(st, JSON_COMPACT | JSON_PRESERVE_ORDER);
  } else {
    text = g_strndup(json, len);
  }
  const char *id = str_at(st, "id", NULL, NULL);
  if (!c->now) c->now = lt_db_now();
  sqlite3_stmt *ins = lt_db_prepare(
      &c->db, diags,
      "INSERT INTO statement (id, source, collected, actor, actor_name, unit, verb, object, "
      "object_name, object_type, course, course_name, parent, role, registration, success, "
      "score, response, duration, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      "ttttttttttttttt", id, source, c->now, f.actor, f.actor_name ? f.actor_name : "",
      f.unit ? f.unit : "", f.verb, f.object, f.object_name, f.object_type, f.course, f.course_name,
      f.parent, f.role ? f.role : "", f.registration ? f.registration : "");
  lt_status s = LT_ERR_IO;
  if (ins) {
    if (json_is_boolean(f.success)) sqlite3_bind_int(ins, 16, json_is_true(f.success));
    if (json_is_number(f.score)) sqlite3_bind_double(ins, 17, json_number_value(f.score));
    if (f.response) sqlite3_bind_text(ins, 18, f.response, -1, SQLITE_TRANSIENT);
    if (f.duration >= 0) sqlite3_bind_double(ins, 19, f.duration);
    sqlite3_bind_text(ins, 20, f.timestamp ? f.timestamp : "", -1, SQLITE_TRANSIENT);
    s = lt_db_run(&c->db, ins, diags);
  }
  if (s == LT_OK && sqlite3_changes(c->db.db) == 1) {
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, diags,
                                "INSERT INTO statement_json (statement, json) VALUES (?, ?)", "it",
                                (int64_t)sqlite3_last_insert_rowid(c->db.db), text),
                  diags);
    stats->added++;
    if (!strcmp(f.object_type, "cmi.interaction") &&
        g_hash_table_add(c->questions, g_strdup(f.object)))
      remember_choices(c, st, f.object); /* once a run: a question's choices rarely change */
  } else if (s == LT_OK) {
    sqlite3_stmt *q =
        lt_db_prepare(&c->db, diags,
                      "SELECT json FROM statement_json WHERE statement = (SELECT rowid FROM "
                      "statement WHERE id = ?)",
                      "t", id);
    bool same = q && sqlite3_step(q) == SQLITE_ROW &&
                same_statement((const char *)sqlite3_column_text(q, 0), text);
    if (q) sqlite3_reset(q);
    if (same) {
      stats->duplicates++;
    } else {
      stats->conflicts++;
      lt_diag_add(diags, LT_DIAG_WARNING, file, line, 1,
                  "statement %s differs from the one collected under the same id; kept aside "
                  "as a conflict, the first one stays",
                  id);
      s = lt_db_run(&c->db,
                    lt_db_prepare(&c->db, diags,
                                  "INSERT INTO conflict (id, source, json, found) VALUES (?, ?, "
                                  "?, ?)",
                                  "tttt", id, source, text, c->now),
                    diags);
    }
  }
  g_free(text);
  json_decref(st);
  return s;
}

/* ---- sync folders ---- */

static gint by_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the .jsonl files under `dir` (depth-limited) that sit in a device folder. */
static void find_files(const char *dir, int depth, GPtrArray *out) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  const char *name;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  while ((name = g_dir_read_name(d)))
    g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, by_name);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index(names, i);
    char *path = g_build_filename(dir, n, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      if (depth > 0 && n[0] != '.') find_files(path, depth - 1, out);
      g_free(path);
    } else if (g_str_has_suffix(n, ".jsonl")) {
      g_ptr_array_add(out, path);
    } else {
      g_free(path);
    }
  }
  g_ptr_array_free(names, TRUE);
}

/* "<device>/<file>.jsonl": the same on any computer the stick is read on. */
static char *file_key(const char *path) {
  char *dir = g_path_get_dirname(path), *device = g_path_get_basename(dir);
  char *base = g_path_get_basename(path), *key = g_strdup_printf("%s/%s", device, base);
  g_free(dir), g_free(device), g_free(base);
  return key;
}

static lt_status read_file(lt_collection *c, const char *path, const char *data, size_t len,
                           lt_collect_stats *stats, lt_diag_list *diags) {
  char *key = file_key(path);
  g_free(c->now);
  c->now = lt_db_now(); /* one collection time for the file */
  lt_status s = lt_db_begin(&c->db, diags);
  int line = 1;
  for (size_t at = 0; at < len && s == LT_OK; line++) {
    const char *nl = memchr(data + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end > at) {
      lt_status a = lt_collection_add(c, data + at, end - at, key, path, line, stats, diags);
      if (a != LT_OK && a != LT_ERR_INVALID) s = a;
    }
    at = end + 1;
  }
  if (s == LT_OK)
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, diags,
                                "INSERT INTO source_file (name, size, read) VALUES (?, ?, ?) ON "
                                "CONFLICT (name) DO UPDATE SET size = excluded.size, read = "
                                "excluded.read",
                                "tit", key, (int64_t)len, c->now),
                  diags);
  g_free(key);
  return lt_db_end(&c->db, s, diags);
}

lt_status lt_collection_read(lt_collection *c, const char *source, lt_lrs_progress_fn fn,
                             void *user, lt_collect_stats *stats, lt_diag_list *diags) {
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  if (g_file_test(source, G_FILE_TEST_IS_DIR)) {
    find_files(source, 3, files);
  } else if (g_file_test(source, G_FILE_TEST_EXISTS)) {
    g_ptr_array_add(files, g_strdup(source));
  } else {
    lt_diag_add(diags, LT_DIAG_ERROR, source, 0, 0, "no such file or folder");
    g_ptr_array_free(files, TRUE);
    return LT_ERR_IO;
  }
  uint64_t total = 0, done = 0;
  for (guint i = 0; i < files->len; i++) {
    GStatBuf sb;
    if (g_stat(files->pdata[i], &sb) == 0) total += (uint64_t)sb.st_size;
  }
  lt_status s = LT_OK;
  for (guint i = 0; i < files->len && s == LT_OK; i++) {
    const char *path = files->pdata[i];
    char *data = NULL, *key = file_key(path);
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &len, &err)) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot read: %s", err->message);
      g_error_free(err);
      s = LT_ERR_IO;
    } else if (lt_db_scalar(&c->db, -1, "SELECT size FROM source_file WHERE name = ?", "t", key) ==
               (int64_t)len) {
      stats->files_skipped++;
    } else {
      s = read_file(c, path, data, len, stats, diags);
      if (s == LT_OK) stats->files_read++;
    }
    done += len;
    if (fn) fn(user, done, total);
    g_free(data), g_free(key);
  }
  if (!files->len)
    lt_diag_add(diags, LT_DIAG_WARNING, source, 0, 0,
                "no sync files (lentera-sync/<device>/*.jsonl) found here");
  g_ptr_array_free(files, TRUE);
  return s;
}

/* ---- LRS ---- */

typedef struct {
  lt_collection *c;
  const char *url;
  lt_collect_stats *stats;
  lt_diag_list *diags;
  char *latest;
} pull_ctx;

static int pulled(void *user, const char *json, size_t len) {
  pull_ctx *p = user;
  json_t *st = json_loadb(json, len, 0, NULL);
  const char *stored = json_string_value(json_object_get(st, "stored"));
  if (stored && g_strcmp0(stored, p->latest) > 0) {
    g_free(p->latest);
    p->latest = g_strdup(stored);
  }
  json_decref(st);
  lt_status s = lt_collection_add(p->c, json, len, p->url, p->url, 0, p->stats, p->diags);
  return s == LT_OK || s == LT_ERR_INVALID ? 0 : 1;
}

void lt_collection_pull(lt_collection *c, const lt_lrs *lrs, lt_collect_stats *stats,
                        lt_lrs_result *out, lt_diag_list *diags) {
  sqlite3_stmt *q =
      lt_db_prepare(&c->db, diags, "SELECT since FROM lrs_pull WHERE url = ?", "t", lrs->endpoint);
  char *since =
      q && sqlite3_step(q) == SQLITE_ROW ? g_strdup((const char *)sqlite3_column_text(q, 0)) : NULL;
  if (q) sqlite3_reset(q);
  pull_ctx p = {c, lrs->endpoint, stats, diags, g_strdup(since)};
  g_free(c->now);
  c->now = lt_db_now();
  lt_status s = lt_db_begin(&c->db, diags);
  if (s == LT_OK) lt_lrs_pull(lrs, since, pulled, &p, out, diags);
  if (s == LT_OK && out->outcome == LT_LRS_DONE && p.latest)
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, diags,
                                "INSERT INTO lrs_pull (url, since) VALUES (?, ?) ON CONFLICT "
                                "(url) DO UPDATE SET since = excluded.since",
                                "tt", lrs->endpoint, p.latest),
                  diags);
  /* what arrived is kept even when the pull stopped half-way: the ids make it safe */
  lt_db_end(&c->db, s, diags);
  if (s != LT_OK) out->outcome = LT_LRS_LOCAL;
  g_free(since), g_free(p.latest);
}

/* In collection order, from a cursor: each call goes on after the last statement given. */
static size_t fwd_next(void *ctx, size_t max, char **ids, char **jsons) {
  lt_collection *c = ctx;
  sqlite3_stmt *st = lt_db_prepare(&c->db, NULL,
                                   "SELECT s.rowid, s.id, j.json FROM statement s JOIN "
                                   "statement_json j ON j.statement = s.rowid WHERE s.rowid > ? "
                                   "AND forwarded IS NULL AND forward_error IS NULL ORDER BY "
                                   "s.rowid LIMIT ?",
                                   "ii", c->cursor, (int64_t)max);
  size_t n = 0;
  while (st && n < max && sqlite3_step(st) == SQLITE_ROW) {
    c->cursor = sqlite3_column_int64(st, 0);
    ids[n] = g_strdup((const char *)sqlite3_column_text(st, 1));
    jsons[n++] = g_strdup((const char *)sqlite3_column_text(st, 2));
  }
  if (st) sqlite3_reset(st);
  return n;
}

static lt_status fwd_sent(void *ctx, char *const *ids, size_t n) {
  lt_collection *c = ctx;
  lt_status s = lt_db_begin(&c->db, NULL);
  char *now = lt_db_now();
  for (size_t i = 0; i < n && s == LT_OK; i++)
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, NULL, "UPDATE statement SET forwarded = ? WHERE id = ?",
                                "tt", now, ids[i]),
                  NULL);
  g_free(now);
  return lt_db_end(&c->db, s, NULL);
}

static lt_status fwd_refused(void *ctx, const char *id, const char *why) {
  lt_collection *c = ctx;
  return lt_db_run(&c->db,
                   lt_db_prepare(&c->db, NULL,
                                 "UPDATE statement SET forward_error = ? WHERE id = ?", "tt", why,
                                 id),
                   NULL);
}

void lt_collection_forward(lt_collection *c, const lt_lrs *lrs, lt_lrs_progress_fn fn, void *user,
                           lt_lrs_result *out, lt_diag_list *diags) {
  lt_lrs_queue q = {c, fwd_next, fwd_sent, fwd_refused};
  c->cursor = 0;
  size_t total = (size_t)lt_db_scalar(
      &c->db, 0, "SELECT count(*) FROM statement WHERE forwarded IS NULL AND forward_error IS NULL",
      "");
  lt_lrs_push(lrs, &q, total, fn, user, out, diags);
}
