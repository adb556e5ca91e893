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
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collection_db.h"
#include "lentera/limits.h"
#include "lentera/schema.h"
#include "lentera/xapi.h"

lt_db *lt_collection_db(lt_collection *c) { return &c->db; }

lt_status lt_collection_open(const char *path, lt_collection **out, lt_diag_list *diags) {
  lt_collection *c = g_new0(lt_collection, 1);
  const char *migrations[] = {lt_schema_text("collection.sql", NULL),
                              lt_schema_text("collection-2.sql", NULL),
                              lt_schema_text("collection-3.sql", NULL)};
  lt_status s =
      lt_db_open(&c->db, path, "the collection",
                 "PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL; "
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
  if (!d || strncmp(d, "PT", 2) != 0) return -1;
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

/* jansson's allocations while a parsing thread reduces one statement come from a
 * thread-local bump buffer, reset for the next one: a statement's DOM is dozens of small
 * blocks that all die together, and malloc/free of them was a third of the parse time.
 * Anywhere else (no buffer set) these are plain malloc and free. */
static __thread char *bump_base, *bump_at, *bump_end;

static void *bump_malloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (bump_base && (size_t)(bump_end - bump_at) >= n) {
    void *p = bump_at;
    bump_at += n;
    return p;
  }
  return malloc(n);
}

static void bump_free(void *p) {
  if (bump_base && (char *)p >= bump_base && (char *)p < bump_end) return;
  free(p);
}

/* A statement reduced to what is stored: its strings copied into an arena (a GString of
 * NUL-terminated strings, referred to by offset + 1, 0 = absent) so that the thread which
 * parsed it frees the JSON itself; cheap to hand to the thread that writes. */
enum {
  F_ID,
  F_ACTOR,
  F_ACTOR_NAME,
  F_UNIT,
  F_AUDIENCE,
  F_VERB,
  F_OBJECT,
  F_OBJECT_NAME,
  F_OBJECT_TYPE,
  F_COURSE,
  F_COURSE_NAME,
  F_PARENT,
  F_ROLE,
  F_REGISTRATION,
  F_RESPONSE,
  F_TIMESTAMP,
  F_TEXT,    /* the statement's text when it differs from the line (an LRS's keys removed) */
  F_CHOICES, /* a question's choices as JSON */
  F_ERROR,   /* why it is not usable */
  F_COUNT
};

typedef struct {
  const char *text; /* the line */
  size_t len;
  int line, col; /* col: where the JSON broke (F_ERROR set), else 0 */
  gsize at[F_COUNT];
  int success;            /* -1 absent */
  double score, duration; /* NAN / < 0 absent */
  json_int_t attempt;     /* the attempt-sequence extension; 0 absent */
} reduced;

static void put(GString *arena, reduced *r, int field, const char *s) {
  if (!s) return;
  r->at[field] = arena->len + 1;
  g_string_append_len(arena, s, (gssize)strlen(s) + 1);
}

static const char *get(const GString *arena, const reduced *r, int field) {
  return r->at[field] ? arena->str + r->at[field] - 1 : NULL;
}

/* The course among context activities (the one whose type is .../course), and the first
 * other one as the parent. */
static void find_course(json_t *list, const char **course, const char **name, const char **parent) {
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a) {
    if (!strcmp(last_part(str_at(a, "definition", "type", NULL)), "course")) {
      *course = str_at(a, "id", NULL, NULL);
      *name = first_text(json_object_get(json_object_get(a, "definition"), "name"));
    } else if (parent && !*parent) {
      *parent = str_at(a, "id", NULL, NULL);
    }
  }
}

/* NULL when the statement has what the report needs, else what is missing. */
static const char *reduce_json(json_t *st, reduced *r, GString *arena) {
  if (!json_is_object(st)) return "it is not a JSON object";
  if (!is_uuid(str_at(st, "id", NULL, NULL))) return "it has no statement id (a UUID)";
  const char *actor = str_at(st, "actor", "account", "name");
  if (!actor) actor = str_at(st, "actor", "mbox", NULL);
  if (!actor) return "it has no actor account";
  const char *verb = str_at(st, "verb", "id", NULL);
  if (!verb) return "it has no verb id";
  json_t *obj = json_object_get(st, "object"), *def = json_object_get(obj, "definition");
  const char *object = str_at(obj, "id", NULL, NULL);
  if (!object) return "its object has no id";
  const char *object_name = first_text(json_object_get(def, "name"));
  const char *type = last_part(str_at(def, "type", NULL, NULL));
  const char *course = "", *course_name = "", *parent = NULL;
  if (!strcmp(type, "course")) course = object, course_name = object_name;
  json_t *ctx = json_object_get(st, "context"), *ca = json_object_get(ctx, "contextActivities");
  find_course(json_object_get(ca, "parent"), &course, &course_name, &parent);
  find_course(json_object_get(ca, "grouping"), &course, &course_name, NULL);
  json_t *ext = json_object_get(ctx, "extensions"), *res = json_object_get(st, "result");
  put(arena, r, F_ID, str_at(st, "id", NULL, NULL));
  put(arena, r, F_ACTOR, actor);
  put(arena, r, F_ACTOR_NAME, str_at(st, "actor", "name", NULL));
  put(arena, r, F_UNIT, json_string_value(json_object_get(ext, LT_XAPI_EXT_UNIT)));
  put(arena, r, F_AUDIENCE, json_string_value(json_object_get(ext, LT_XAPI_EXT_AUDIENCE)));
  put(arena, r, F_VERB, last_part(verb));
  put(arena, r, F_OBJECT, object);
  put(arena, r, F_OBJECT_NAME, object_name);
  put(arena, r, F_OBJECT_TYPE, type);
  put(arena, r, F_COURSE, course);
  put(arena, r, F_COURSE_NAME, course_name);
  put(arena, r, F_PARENT, parent);
  put(arena, r, F_ROLE, json_string_value(json_object_get(ext, LT_XAPI_EXT_ROLE)));
  put(arena, r, F_REGISTRATION, json_string_value(json_object_get(ctx, "registration")));
  put(arena, r, F_RESPONSE, json_string_value(json_object_get(res, "response")));
  put(arena, r, F_TIMESTAMP, json_string_value(json_object_get(st, "timestamp")));
  json_t *success = json_object_get(res, "success");
  r->success = json_is_boolean(success) ? json_is_true(success) : -1;
  json_t *score = json_object_get(json_object_get(res, "score"), "scaled");
  r->score = json_is_number(score) ? json_number_value(score) : NAN;
  r->duration = duration_seconds(json_string_value(json_object_get(res, "duration")));
  json_t *attempt = json_object_get(ext, LT_XAPI_EXT_ATTEMPT_SEQ);
  r->attempt = json_is_integer(attempt) ? json_integer_value(attempt) : 0;
  json_t *choices = json_object_get(def, "choices");
  if (json_is_array(choices)) {
    char *text = json_dumps(choices, JSON_COMPACT);
    put(arena, r, F_CHOICES, text);
    bump_free(text);
  }
  /* what an LRS adds is not part of the statement as it was made */
  if (json_object_get(st, "stored") || json_object_get(st, "authority")) {
    json_object_del(st, "stored");
    json_object_del(st, "authority");
    char *text = json_dumps(st, JSON_COMPACT | JSON_PRESERVE_ORDER);
    put(arena, r, F_TEXT, text);
    bump_free(text);
  }
  return NULL;
}

/* Parses and reduces r->text (any thread). */
static void reduce(reduced *r, GString *arena) {
  json_error_t jerr;
  json_t *st = json_loadb(r->text, r->len, JSON_REJECT_DUPLICATES, &jerr);
  if (!st) {
    r->col = jerr.column > 0 ? jerr.column : 1;
    char *m = g_strdup_printf("not a JSON statement: %s", jerr.text);
    put(arena, r, F_ERROR, m);
    g_free(m);
    return;
  }
  const char *why = reduce_json(st, r, arena);
  if (why) {
    char *m = g_strdup_printf("not a usable statement: %s", why);
    put(arena, r, F_ERROR, m);
    g_free(m);
  }
  json_decref(st);
}

LT_MUST_CHECK static lt_status remember_choices(lt_collection *c, const char *object,
                                                const char *choices_json, lt_diag_list *diags) {
  json_t *choices = json_loads(choices_json, 0, NULL);
  size_t i;
  json_t *ch;
  lt_status s = LT_OK;
  json_array_foreach(choices, i, ch) {
    const char *id = json_string_value(json_object_get(ch, "id"));
    if (!id || s != LT_OK) continue;
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, diags,
                                "INSERT INTO choice (object, id, text) VALUES (?, ?, ?) ON "
                                "CONFLICT DO UPDATE SET text = excluded.text",
                                "ttt", object, id, first_text(json_object_get(ch, "description"))),
                  diags);
  }
  json_decref(choices);
  return s;
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

static const char *or_empty(const char *s) { return s ? s : ""; }

/* Stores one reduced statement (this thread only: the SQLite writer). */
LT_MUST_CHECK static lt_status store(lt_collection *c, const reduced *r, const GString *arena,
                                     const char *source, const char *file, lt_collect_stats *stats,
                                     lt_diag_list *diags) {
  if (r->at[F_ERROR]) {
    lt_diag_add(diags, LT_DIAG_ERROR, file, r->line, r->col ? r->col : 1, "%s",
                get(arena, r, F_ERROR));
    stats->rejected++;
    return LT_ERR_INVALID;
  }
#define G(field) or_empty(get(arena, r, field))
  const char *id = G(F_ID);
  /* the text as stored: the line itself unless an LRS's keys had to come out */
  const char *text = r->at[F_TEXT] ? G(F_TEXT) : r->text;
  size_t text_len = r->at[F_TEXT] ? strlen(text) : r->len;
  if (!c->now) c->now = lt_db_now();
  sqlite3_stmt *ins = lt_db_prepare(
      &c->db, diags,
      "INSERT INTO statement (id, source, collected, actor, actor_name, unit, verb, object, "
      "object_name, object_type, course, course_name, parent, role, registration, audience, "
      "success, score, response, duration, timestamp, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      "tttttttttttttttt", id, source, c->now, G(F_ACTOR), G(F_ACTOR_NAME), G(F_UNIT), G(F_VERB),
      G(F_OBJECT), G(F_OBJECT_NAME), G(F_OBJECT_TYPE), G(F_COURSE), G(F_COURSE_NAME), G(F_PARENT),
      G(F_ROLE), G(F_REGISTRATION), G(F_AUDIENCE));
  lt_status s = LT_ERR_IO;
  if (ins) { /* parameters 17 to 22: success, score, response, duration, timestamp, attempt */
    if (r->success >= 0) sqlite3_bind_int(ins, 17, r->success);
    if (!isnan(r->score)) sqlite3_bind_double(ins, 18, r->score);
    if (r->at[F_RESPONSE]) sqlite3_bind_text(ins, 19, G(F_RESPONSE), -1, SQLITE_STATIC);
    if (r->duration >= 0) sqlite3_bind_double(ins, 20, r->duration);
    sqlite3_bind_text(ins, 21, G(F_TIMESTAMP), -1, SQLITE_STATIC);
    if (r->attempt > 0) sqlite3_bind_int64(ins, 22, r->attempt);
    s = lt_db_run(&c->db, ins, diags);
  }
  if (s == LT_OK && sqlite3_changes(c->db.db) == 1) {
    sqlite3_stmt *j =
        lt_db_prepare(&c->db, diags, "INSERT INTO statement_json (statement, json) VALUES (?, ?)",
                      "i", (int64_t)sqlite3_last_insert_rowid(c->db.db));
    if (j) sqlite3_bind_text(j, 2, text, (int)text_len, SQLITE_STATIC);
    s = lt_db_run(&c->db, j, diags);
    stats->added++;
    if (s == LT_OK && r->at[F_CHOICES] && g_hash_table_add(c->questions, g_strdup(G(F_OBJECT))))
      s = remember_choices(c, G(F_OBJECT), G(F_CHOICES), diags); /* once a run: rarely change */
  } else if (s == LT_OK) {
    char *mine = g_strndup(text, text_len);
    sqlite3_stmt *q = lt_db_prepare(&c->db, diags,
                                    "SELECT json FROM statement_json WHERE statement = (SELECT "
                                    "rowid FROM statement WHERE id = ?)",
                                    "t", id);
    bool same = q && sqlite3_step(q) == SQLITE_ROW &&
                same_statement((const char *)sqlite3_column_text(q, 0), mine);
    if (q) sqlite3_reset(q);
    if (same) {
      stats->duplicates++;
    } else {
      stats->conflicts++;
      lt_diag_add(diags, LT_DIAG_WARNING, file, r->line, 1,
                  "statement %s differs from the one collected under the same id; kept aside "
                  "as a conflict, the first one stays",
                  id);
      s = lt_db_run(&c->db,
                    lt_db_prepare(&c->db, diags,
                                  "INSERT INTO conflict (id, source, json, found) VALUES (?, ?, "
                                  "?, ?)",
                                  "tttt", id, source, mine, c->now),
                    diags);
    }
    g_free(mine);
  }
#undef G
  return s;
}

lt_status lt_collection_add(lt_collection *c, const char *json, size_t len, const char *source,
                            const char *file, int line, lt_collect_stats *stats,
                            lt_diag_list *diags) {
  reduced r = {.text = json, .len = len, .line = line};
  GString *arena = g_string_new(NULL);
  reduce(&r, arena);
  lt_status s = store(c, &r, arena, source, file, stats, diags);
  g_string_free(arena, TRUE);
  return s;
}

/* ---- parsing a file on every core ----
 * Parsing is most of the work and SQLite takes one writer: worker threads reduce the lines
 * chunk by chunk (worker w takes chunks w, w + W, …, each into its own arena, so memory is
 * freed by the thread that took it) while this thread stores the chunks in file order as
 * each becomes ready. */

enum { CHUNK = 256 };

typedef struct {
  reduced *lines;
  size_t n, chunks;
  int workers, next_worker;
  GString **arenas; /* one per chunk */
  bool *ready;
  GMutex lock;
  GCond cond;
} parse_job;

static gpointer parse_worker(gpointer data) {
  parse_job *job = data;
  g_mutex_lock(&job->lock);
  int w = job->next_worker++;
  g_mutex_unlock(&job->lock);
  enum { BUMP = 1 << 20 };
  bump_base = bump_at = g_malloc(BUMP);
  bump_end = bump_base + BUMP;
  for (size_t ch = (size_t)w; ch < job->chunks; ch += (size_t)job->workers) {
    size_t end = (ch + 1) * CHUNK < job->n ? (ch + 1) * CHUNK : job->n;
    GString *arena = g_string_sized_new((gsize)CHUNK * 512);
    for (size_t i = ch * CHUNK; i < end; i++) {
      bump_at = bump_base; /* everything of the last statement is freed */
      reduce(&job->lines[i], arena);
    }
    g_mutex_lock(&job->lock);
    job->arenas[ch] = arena;
    job->ready[ch] = true;
    g_cond_broadcast(&job->cond);
    g_mutex_unlock(&job->lock);
  }
  g_free(bump_base);
  bump_base = bump_at = bump_end = NULL;
  return NULL;
}

static int parser_count(void) {
  static gsize once;
  if (g_once_init_enter(&once)) {
    json_object_seed(0); /* before any thread makes objects */
    json_set_alloc_funcs(bump_malloc, bump_free);
    g_once_init_leave(&once, 1);
  }
  int n = (int)g_get_num_processors();
  return n < 1 ? 1 : n > 8 ? 8 : n;
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
    } else if (g_str_has_suffix(n, ".jsonl") && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
      /* regular files only: reading a FIFO would wait for ever */
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

LT_MUST_CHECK static lt_status read_file(lt_collection *c, const char *path, const char *data,
                                         size_t len, lt_collect_stats *stats, lt_diag_list *diags) {
  char *key = file_key(path);
  g_free(c->now);
  c->now = lt_db_now(); /* one collection time for the file */
  parse_job job = {.workers = parser_count()};
  GArray *lines = g_array_new(FALSE, TRUE, sizeof(reduced));
  int line = 1;
  for (size_t at = 0; at < len; line++) {
    const char *nl = memchr(data + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end - at > LT_LIMIT_STATEMENT_BYTES) { /* never parsed, never stored: the rest goes on */
      lt_diag_add(diags, LT_DIAG_ERROR, path, line, 1,
                  "line of %.1f MiB is not a statement (a statement is %.1f MiB at most); skipped",
                  LT_MIB(end - at), LT_MIB(LT_LIMIT_STATEMENT_BYTES));
      stats->rejected++;
    } else if (end > at) {
      g_array_append_val(lines, ((reduced){.text = data + at, .len = end - at, .line = line}));
    }
    at = end + 1;
  }
  job.lines = (reduced *)(void *)lines->data;
  job.n = lines->len;
  job.chunks = (job.n + CHUNK - 1) / CHUNK;
  job.ready = g_new0(bool, job.chunks + 1);
  job.arenas = g_new0(GString *, job.chunks + 1);
  if (job.workers > (int)job.chunks) job.workers = job.chunks ? (int)job.chunks : 1;
  g_mutex_init(&job.lock);
  g_cond_init(&job.cond);
  GThread **threads = g_new0(GThread *, (size_t)job.workers);
  for (int w = 0; w < job.workers; w++)
    threads[w] = g_thread_new("lentera-parse", parse_worker, &job);
  lt_status s = LT_OK;
  for (size_t ch = 0; ch < job.chunks; ch++) {
    g_mutex_lock(&job.lock);
    while (!job.ready[ch])
      g_cond_wait(&job.cond, &job.lock);
    g_mutex_unlock(&job.lock);
    size_t end = (ch + 1) * CHUNK < job.n ? (ch + 1) * CHUNK : job.n;
    for (size_t i = ch * CHUNK; i < end && s == LT_OK; i++) { /* a failed write stops it */
      lt_status a = store(c, &job.lines[i], job.arenas[ch], key, path, stats, diags);
      if (a != LT_OK && a != LT_ERR_INVALID) s = a;
    }
  }
  for (int w = 0; w < job.workers; w++)
    g_thread_join(threads[w]);
  for (size_t ch = 0; ch < job.chunks; ch++)
    g_string_free(job.arenas[ch], TRUE);
  g_free(threads), g_free(job.ready), g_free(job.arenas);
  g_mutex_clear(&job.lock);
  g_cond_clear(&job.cond);
  g_array_free(lines, TRUE);
  if (s == LT_OK)
    s = lt_db_run(&c->db,
                  lt_db_prepare(&c->db, diags,
                                "INSERT INTO source_file (name, size, read) VALUES (?, ?, ?) ON "
                                "CONFLICT (name) DO UPDATE SET size = excluded.size, read = "
                                "excluded.read",
                                "tit", key, (int64_t)len, c->now),
                  diags);
  g_free(key);
  return s;
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
  /* whole files go into transactions of about 64 MB: each commit rewrites the id index's
   * pages it touched, so fewer, larger commits write far less */
  lt_status s = LT_OK;
  bool in_tx = false;
  uint64_t in_tx_bytes = 0;
  for (guint i = 0; i < files->len && s == LT_OK; i++) {
    const char *path = files->pdata[i];
    char *data = NULL, *key = file_key(path);
    gsize len = 0;
    GError *err = NULL;
    GStatBuf sb;
    if (g_stat(path, &sb) == 0 &&
        lt_db_scalar(&c->db, -1, "SELECT size FROM source_file WHERE name = ?", "t", key) ==
            (int64_t)sb.st_size) {
      stats->files_skipped++; /* read before (sync files never change once written) */
      len = (gsize)sb.st_size;
    } else if (!g_file_get_contents(path, &data, &len, &err)) {
      /* named and counted; the files read before it and after it are kept */
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot read: %s; the file is skipped",
                  err->message);
      g_error_free(err);
      stats->files_unreadable++;
      len = 0;
    } else {
      if (!in_tx) s = lt_db_begin(&c->db, diags), in_tx = s == LT_OK;
      if (s == LT_OK) s = read_file(c, path, data, len, stats, diags);
      if (s == LT_OK) stats->files_read++;
      in_tx_bytes += len;
      if (s != LT_OK || in_tx_bytes >= 64u << 20) {
        s = lt_db_end(&c->db, s, diags);
        in_tx = false, in_tx_bytes = 0;
      }
    }
    done += len;
    if (fn) fn(user, done, total);
    g_free(data), g_free(key);
  }
  if (in_tx) s = lt_db_end(&c->db, s, diags);
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
  s = lt_db_end(&c->db, s, diags);
  if (s != LT_OK) out->outcome = LT_LRS_LOCAL;
  g_free(since), g_free(p.latest);
}

/* In collection order, from a cursor: each call goes on after the last statement given. */
static size_t fwd_next(void *ctx, size_t max, char **ids, char **jsons) {
  lt_collection *c = ctx;
  return lt_db_take_batch(lt_db_prepare(&c->db, NULL,
                                        "SELECT s.id, j.json, s.rowid FROM statement s JOIN "
                                        "statement_json j ON j.statement = s.rowid WHERE s.rowid "
                                        "> ? AND forwarded IS NULL AND forward_error IS NULL "
                                        "ORDER BY s.rowid LIMIT ?",
                                        "ii", c->cursor, (int64_t)max),
                          max, ids, jsons, &c->cursor);
}

LT_MUST_CHECK static lt_status fwd_sent(void *ctx, char *const *ids, size_t n) {
  lt_collection *c = ctx;
  return lt_db_mark_each(&c->db, "UPDATE statement SET forwarded = ? WHERE id = ?", ids, n);
}

LT_MUST_CHECK static lt_status fwd_refused(void *ctx, const char *id, const char *why) {
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
