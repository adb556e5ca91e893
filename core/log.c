/* log — SQLite learning log with an xAPI outbox.
 *
 * Opening sets WAL and synchronous=FULL, then applies the numbered migrations (migration 1
 * is schema/log.sql, compiled in) inside a transaction each, bumping user_version. Every
 * recording function runs BEGIN IMMEDIATE … COMMIT around the event row(s) and the
 * statement row(s), so both are there or neither. Statements are built by xapi.c; the text
 * stored is the text sent. All SQL uses prepared statements with bound parameters.
 *
 * A log is made whole under a temporary name and linked into place, so an existing
 * log.sqlite is always one that held a log: empty, not a database, failing PRAGMA
 * quick_check or unreadable, it is refused (LT_ERR_DAMAGED), never replaced. Reads that a
 * decision rests on (what is pending, what to export) report SQLite's error rather than 0.
 * Repair reads a copy of the damaged file row by row around damaged pages into a new log;
 * backup is SQLite's online backup. Each statement is checked against the clock: earlier
 * than its pack's creation or the learner's last event (learner.last_event, only ever moved
 * forward) marks it clock-suspect; quiz statements carry the attempt's number. Wrong PINs
 * are counted per learner in the log, with the time before which no PIN is checked.
 * A push (lrs.h) marks a batch `sent` in one transaction only once the LRS acknowledged its
 * ids; a statement the LRS refused alone keeps the server's words in `error` and is left out
 * of pushes until lt_log_retry_refused clears them (IT's --sync --retry-refused). */
#include "lentera/log.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/file.h"
#include "lentera/schema.h"
#include "lentera/sign.h"
#include "lentera/xapi.h"
#include "db.h"
#include "log_parts.h"
#include "lentera/refresher.h"

enum {
  PIN_FREE_TRIES = 5,    /* wrong PINs in a row before the first wait */
  PIN_FIRST_WAIT_S = 30, /* doubled for each further wrong PIN */
  PIN_MAX_WAIT_S = 3600,
  PACK_CLOCK_SLACK_S = 24 * 3600, /* another computer's clock made the pack */
  EVENT_CLOCK_SLACK_S = 10 * 60   /* this computer's own earlier events */
};

#define LOG_PRAGMAS "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"

static int log_migrations(const char **out) {
  out[0] = lt_schema_text("log.sql", NULL);
  out[1] = lt_schema_text("log-2.sql", NULL);
  out[2] = lt_schema_text("log-3.sql", NULL);
  out[3] = lt_schema_text("log-4.sql", NULL);
  out[4] = lt_schema_text("log-5.sql", NULL);
  out[5] = lt_schema_text("log-6.sql", NULL);
  return 6;
}

/* ISO 8601 UTC with milliseconds, as lt_db_now writes it, `seconds` from now (g_free()). */
static char *iso_from_now(double seconds) {
  GDateTime *now = g_date_time_new_now_utc();
  GDateTime *t = g_date_time_add_seconds(now, seconds);
  char *base = g_date_time_format(t, "%Y-%m-%dT%H:%M:%S");
  char *out = g_strdup_printf("%s.%03dZ", base, g_date_time_get_microsecond(t) / 1000);
  g_free(base);
  g_date_time_unref(t), g_date_time_unref(now);
  return out;
}

/* Microseconds since 1970 of an ISO 8601 time, or 0 when it cannot be read. */
static int64_t iso_us(const char *iso) {
  GDateTime *t = iso ? g_date_time_new_from_iso8601(iso, NULL) : NULL;
  if (!t) return 0;
  int64_t us = g_date_time_to_unix(t) * G_USEC_PER_SEC + g_date_time_get_microsecond(t);
  g_date_time_unref(t);
  return us;
}

LT_MUST_CHECK static lt_status sys_fail(lt_diag_list *diags, const char *path, const char *what) {
  int err = errno;
  lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "%s: %s", what, g_strerror(err));
  return LT_ERR_IO;
}

LT_MUST_CHECK static lt_status fsync_path(const char *path, bool dir, lt_diag_list *diags) {
  int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  lt_status s = fd < 0 || fsync(fd) != 0 ? sys_fail(diags, path, "cannot write to disk") : LT_OK;
  if (fd >= 0) close(fd);
  return s;
}

LT_MUST_CHECK static lt_status fsync_dir_of(const char *path, lt_diag_list *diags) {
  char *dir = g_path_get_dirname(path);
  lt_status s = fsync_path(dir, true, diags);
  g_free(dir);
  return s;
}

/* The log, its -wal and -shm hold names, NIPs and answers: only this account reads them. */
static void tighten(const char *path, lt_diag_list *diags) {
  const char *suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char *p = g_strconcat(path, suffix[i], NULL);
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) && chmod(p, 0600) == 0)
      lt_diag_add(diags, LT_DIAG_NOTE, p, 0, 0,
                  "other accounts on this computer could read it; it is now 0600 (this account "
                  "only)");
    g_free(p);
  }
}

/* Removes a database file's -wal and -shm companions. */
static void unlink_companions(const char *path) {
  char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
  unlink(wal), unlink(shm);
  g_free(wal), g_free(shm);
}

/* Makes a whole new log at `path` (migrations applied, `device` set unless NULL: then a new
 * id), fsynced, the file 0600. `path` must not exist. */
LT_MUST_CHECK static lt_status make_log(const char *path, const char *device, lt_db *keep_open,
                                        lt_diag_list *diags) {
  int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return sys_fail(diags, path, "cannot create the log");
  close(fd);
  const char *migrations[8];
  int n = log_migrations(migrations);
  lt_db db;
  lt_status s = lt_db_open_flags(&db, path, "the log", LOG_PRAGMAS, migrations, n, 0, diags);
  if (s != LT_OK) return s;
  char id[37];
  if (device)
    g_strlcpy(id, device, sizeof id);
  else
    lt_xapi_uuid(id);
  s = lt_db_run(
      &db, lt_db_prepare(&db, diags, "INSERT INTO device (key, value) VALUES ('id', ?)", "t", id),
      diags);
  if (keep_open && s == LT_OK) {
    *keep_open = db;
    return LT_OK;
  }
  lt_db_close(&db); /* the last connection: SQLite checkpoints and removes the -wal */
  if (s == LT_OK) s = fsync_path(path, false, diags);
  return s;
}

/* A new log is made whole under a temporary name and linked into place, so log.sqlite is
 * either missing or a complete log: an empty log.sqlite is damage, never a new log. */
LT_MUST_CHECK static lt_status create_log(const char *path, lt_diag_list *diags) {
  char *tmp = g_strdup_printf("%s.new-%08x", path, g_random_int());
  lt_status s = make_log(tmp, NULL, NULL, diags);
  if (s == LT_OK && link(tmp, path) != 0 && errno != EEXIST) /* EEXIST: another made it */
    s = sys_fail(diags, path, "cannot create the log");
  unlink(tmp);
  unlink_companions(tmp);
  g_free(tmp);
  return s == LT_OK ? fsync_dir_of(path, diags) : s;
}

LT_MUST_CHECK static lt_status damaged(lt_diag_list *diags, const char *path, const char *why) {
  lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
              "%s; nothing was changed: keep the file and run lentera-player --repair-log", why);
  return LT_ERR_DAMAGED;
}

lt_status lt_log_open(const char *path, lt_log **out, lt_diag_list *diags) {
  char *repairing = g_strconcat(path, ".repairing", NULL);
  bool interrupted = g_file_test(repairing, G_FILE_TEST_EXISTS);
  g_free(repairing);
  if (interrupted) return damaged(diags, path, "a repair of the log was interrupted");
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno != ENOENT) {
      char *why = g_strdup_printf("the log cannot be read: %s", g_strerror(errno));
      lt_status s = damaged(diags, path, why);
      g_free(why);
      return s;
    }
    lt_status s = create_log(path, diags); /* a new data folder: a new log */
    if (s != LT_OK) return s;
    if (stat(path, &sb) != 0) return sys_fail(diags, path, "cannot read the log");
  }
  if (!S_ISREG(sb.st_mode)) return damaged(diags, path, "the log is not a file");
  if (sb.st_size == 0)
    return damaged(diags, path, "the log is empty (0 bytes): what it held is lost or cut short");
  /* a read-only log is not damage: it opens, and a write that fails says so itself */
  if (access(path, R_OK) != 0) {
    char *why = g_strdup_printf("the log cannot be read: %s", g_strerror(errno));
    lt_status s = damaged(diags, path, why);
    g_free(why);
    return s;
  }
  tighten(path, diags);
  lt_log *log = g_new0(lt_log, 1);
  const char *migrations[8];
  int n = log_migrations(migrations);
  lt_status s =
      lt_db_open_flags(&log->db, path, "the log", LOG_PRAGMAS, migrations, n, LT_DB_CHECK, diags);
  if (s == LT_ERR_DAMAGED) {
    g_free(log);
    return damaged(diags, path, "the log is damaged");
  }
  if (s != LT_OK) {
    g_free(log);
    return s;
  }
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, diags, "SELECT value FROM device WHERE key = 'id'", "");
  int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
  if (rc == SQLITE_ROW)
    g_strlcpy(log->device, (const char *)sqlite3_column_text(st, 0), sizeof log->device);
  else if (st && rc != SQLITE_DONE)
    s = lt_db_fail(&log->db, diags, "cannot read the device id");
  else if (!st)
    s = LT_ERR_IO;
  if (st) sqlite3_reset(st);
  if (s == LT_OK && !log->device[0]) { /* a log from before device ids, or repaired without */
    lt_xapi_uuid(log->device);
    s = lt_db_run(&log->db,
                  lt_db_prepare(&log->db, diags, "INSERT INTO device (key, value) VALUES ('id', ?)",
                                "t", log->device),
                  diags);
  }
  if (s != LT_OK) {
    lt_log_free(log);
    return s;
  }
  *out = log;
  return LT_OK;
}

void lt_log_free(lt_log *log) {
  if (!log) return;
  lt_db_close(&log->db);
  g_free(log->read_error);
  g_free(log);
}

const char *lt_log_device_id(const lt_log *log) { return log->device; }

/* ---- learners ---- */

lt_status lt_log_learner_add(lt_log *log, const char *employee_id, const char *name,
                             const char *unit, const char *audience, const char *pin,
                             int64_t *out_id, lt_diag_list *diags) {
  char *hash = NULL, *now = lt_db_now();
  if (pin && *pin && lt_sign_pin_hash(pin, &hash) != LT_OK) {
    g_free(now);
    return LT_ERR_NOMEM;
  }
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO learner (employee_id, name, unit, pin_hash, created, audience) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    "tttttt", employee_id, name, unit ? unit : "", hash ? hash : NULL, now,
                    audience ? audience : "");
  lt_status s = LT_ERR_IO;
  if (st) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
      s = LT_OK;
      if (out_id) *out_id = sqlite3_last_insert_rowid(log->db.db);
    } else if (rc == SQLITE_CONSTRAINT) {
      lt_diag_add(diags, LT_DIAG_ERROR, NULL, 0, 0, "a learner with employee id '%s' exists",
                  employee_id);
      s = LT_ERR_EXISTS;
    } else {
      s = lt_db_fail(&log->db, diags, "cannot add the learner");
    }
    sqlite3_reset(st);
  }
  free(hash);
  g_free(now);
  return s;
}

static void read_learner(sqlite3_stmt *st, lt_log_learner *l) {
  l->id = sqlite3_column_int64(st, 0);
  l->employee_id = g_strdup((const char *)sqlite3_column_text(st, 1));
  l->name = g_strdup((const char *)sqlite3_column_text(st, 2));
  l->unit = g_strdup((const char *)sqlite3_column_text(st, 3));
  l->has_pin = sqlite3_column_type(st, 4) != SQLITE_NULL;
  l->audience = g_strdup((const char *)sqlite3_column_text(st, 5));
}

lt_status lt_log_learner_find(lt_log *log, const char *employee_id, lt_log_learner *out) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL,
                    "SELECT id, employee_id, name, unit, pin_hash, audience FROM learner "
                    "WHERE employee_id = ?",
                    "t", employee_id);
  lt_status s = LT_ERR_INVALID;
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    read_learner(st, out);
    s = LT_OK;
  }
  sqlite3_reset(st);
  return s;
}

/* The wait after `failures` wrong PINs in a row: none before PIN_FREE_TRIES, then 30 s
 * doubling to at most an hour. */
static int pin_delay(int64_t failures) {
  if (failures < PIN_FREE_TRIES) return 0;
  int64_t d = PIN_FIRST_WAIT_S;
  for (int64_t i = PIN_FREE_TRIES; i < failures && d < PIN_MAX_WAIT_S; i++)
    d *= 2;
  return (int)MIN(d, (int64_t)PIN_MAX_WAIT_S);
}

lt_status lt_log_learner_check_pin(lt_log *log, int64_t learner, const char *pin,
                                   lt_log_pin_check *out, lt_diag_list *diags) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, diags, "SELECT pin_hash, pin_failures, pin_wait_until FROM learner WHERE id = ?",
      "i", learner);
  if (!st) return LT_ERR_IO;
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    lt_status s = LT_ERR_INVALID;
    if (rc == SQLITE_DONE)
      lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "no learner %lld", (long long)learner);
    else
      s = lt_db_fail(&log->db, diags, "cannot read the learner");
    sqlite3_reset(st);
    return s;
  }
  char *hash = g_strdup((const char *)sqlite3_column_text(st, 0));
  int64_t failures = sqlite3_column_int64(st, 1);
  int64_t until = iso_us((const char *)sqlite3_column_text(st, 2));
  sqlite3_reset(st);
  lt_log_pin_check r = {!hash, (int)failures, 0};
  lt_status s = LT_OK;
  if (hash) {
    int64_t left = until ? (until - g_get_real_time() + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;
    left = MIN(left, (int64_t)pin_delay(failures)); /* a clock put back cannot lengthen it */
    if (left > 0) {
      r.wait_s = (int)left; /* waiting: no PIN is even looked at */
    } else {
      r.ok = pin && lt_sign_pin_verify(hash, pin);
      if (!r.ok) r.failures = (int)MIN(failures + 1, (int64_t)1000);
      if (!r.ok) r.wait_s = pin_delay(r.failures);
      char *wait = r.wait_s ? iso_from_now(r.wait_s) : NULL;
      if (!r.ok || failures > 0)
        s = lt_db_run(&log->db,
                      lt_db_prepare(&log->db, diags,
                                    "UPDATE learner SET pin_failures = ?, pin_wait_until = ? "
                                    "WHERE id = ?",
                                    "iti", (int64_t)(r.ok ? 0 : r.failures), wait, learner),
                      diags);
      g_free(wait);
      if (r.ok) r.failures = 0;
    }
  }
  g_free(hash);
  if (s == LT_OK) *out = r;
  return s;
}

/* Whether `now_us` is earlier than the pack's creation (unix time, 0 = none) or the learner's
 * last event (ISO 8601, NULL = none), beyond their slack; *out_seen gets the later of the
 * two as ISO 8601 (g_free()) when it is. */
static bool clock_behind(int64_t now_us, int64_t pack_created, const char *last_event,
                         char **out_seen) {
  int64_t pack_us = pack_created > 0 ? pack_created * G_USEC_PER_SEC : 0;
  int64_t event_us = iso_us(last_event);
  bool behind = (pack_us && now_us + (int64_t)PACK_CLOCK_SLACK_S * G_USEC_PER_SEC < pack_us) ||
                (event_us && now_us + (int64_t)EVENT_CLOCK_SLACK_S * G_USEC_PER_SEC < event_us);
  if (behind && out_seen) {
    GDateTime *t = g_date_time_new_from_unix_utc(MAX(pack_us, event_us) / G_USEC_PER_SEC);
    *out_seen = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(t);
  }
  return behind;
}

bool lt_log_clock_suspect(lt_log *log, int64_t learner, int64_t not_before, char **out_seen) {
  char *last = NULL;
  sqlite3_stmt *st =
      learner ? lt_db_prepare(&log->db, NULL, "SELECT last_event FROM learner WHERE id = ?", "i",
                              learner)
              : NULL;
  if (st && sqlite3_step(st) == SQLITE_ROW)
    last = g_strdup((const char *)sqlite3_column_text(st, 0));
  if (st) sqlite3_reset(st);
  bool behind = clock_behind(g_get_real_time(), not_before, last, out_seen);
  g_free(last);
  return behind;
}

lt_status lt_log_learners(lt_log *log, lt_log_learner **out, size_t *out_count) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL,
                    "SELECT id, employee_id, name, unit, pin_hash, audience FROM learner "
                    "ORDER BY name COLLATE NOCASE",
                    "");
  if (!st) return LT_ERR_IO;
  GArray *a = g_array_new(FALSE, TRUE, sizeof(lt_log_learner));
  while (sqlite3_step(st) == SQLITE_ROW) {
    lt_log_learner l;
    read_learner(st, &l);
    g_array_append_val(a, l);
  }
  sqlite3_reset(st);
  *out_count = a->len;
  *out = (lt_log_learner *)(void *)g_array_free(a, FALSE);
  return LT_OK;
}

void lt_log_learner_clear(lt_log_learner *l) {
  g_free(l->employee_id);
  g_free(l->name);
  g_free(l->unit);
  g_free(l->audience);
  memset(l, 0, sizeof *l);
}

void lt_log_learners_free(lt_log_learner *list, size_t count) {
  for (size_t i = 0; list && i < count; i++)
    lt_log_learner_clear(&list[i]);
  g_free(list);
}

/* ---- statements ---- */

static bool is_survey(const lt_log_where *where) {
  return where->item && where->item->role && !strcmp(where->item->role, "survey");
}

/* An anonymous survey's actor: no name, and an account named for the response alone
 * ("anonim-" + its registration), so nothing in the statement says who gave it; the unit
 * stays in context.extensions. Its timestamp keeps only the day (midnight UTC), so the
 * time cannot tie it to the same learner's named statements of that minute. */
static void anonymise(lt_xapi_event *ev, const lt_log_where *where, const char *registration,
                      GPtrArray *hold) {
  if (!where->anonymous) return;
  char *account = g_strdup_printf("anonim-%s", registration);
  char *day = g_strdup_printf("%.10sT00:00:00.000Z", ev->timestamp);
  g_ptr_array_add(hold, account), g_ptr_array_add(hold, day);
  ev->actor_name = NULL;
  ev->audience = NULL; /* the group would narrow the unit down to fewer people */
  ev->actor_account = account;
  ev->timestamp = day;
}

/* Fills the actor and object of `ev` for `learner` and `where`; *hold keeps the strings.
 * The statement is marked clock-suspect when now is earlier than the pack's creation or the
 * learner's last event. */
bool lt_log_event_for(lt_log *log, int64_t learner, const lt_log_where *where, lt_xapi_event *ev,
                      GPtrArray *hold) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT name, employee_id, unit, last_event, audience FROM learner WHERE id = ?", "i",
      learner);
  if (!st || sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return false;
  }
  char *name = g_strdup((const char *)sqlite3_column_text(st, 0));
  char *account = g_strdup((const char *)sqlite3_column_text(st, 1));
  char *unit = g_strdup((const char *)sqlite3_column_text(st, 2));
  char *audience = g_strdup((const char *)sqlite3_column_text(st, 4));
  bool suspect = clock_behind(g_get_real_time(), where->pack->created,
                              (const char *)sqlite3_column_text(st, 3), NULL);
  sqlite3_reset(st);
  char *id = g_malloc(37), *now = lt_db_now();
  lt_xapi_uuid(id);
  char *object = lt_xapi_activity_id(where->pack->activity_base, where->pack->id,
                                     where->item ? where->item->id : NULL, NULL);
  char *course = lt_xapi_activity_id(where->pack->activity_base, where->pack->id, NULL, NULL);
  g_ptr_array_add(hold, name), g_ptr_array_add(hold, account), g_ptr_array_add(hold, id);
  g_ptr_array_add(hold, now), g_ptr_array_add(hold, object), g_ptr_array_add(hold, course);
  g_ptr_array_add(hold, unit), g_ptr_array_add(hold, audience);
  memset(ev, 0, sizeof *ev);
  ev->id = id;
  ev->timestamp = now;
  ev->actor_name = name;
  ev->actor_account = account;
  ev->actor_homepage = where->homepage ? where->homepage : LT_XAPI_DEFAULT_HOMEPAGE;
  ev->lang = where->pack->language;
  ev->object_id = object;
  ev->object_name = where->item ? where->item->title : where->pack->title;
  ev->object_type = !where->item                         ? LT_ACTIVITY_COURSE
                    : is_survey(where)                   ? LT_ACTIVITY_SURVEY
                    : !strcmp(where->item->kind, "quiz") ? LT_ACTIVITY_ASSESSMENT
                                                         : LT_ACTIVITY_LESSON;
  ev->course_id = course;
  ev->course_name = where->pack->title;
  ev->unit = unit;
  ev->audience = audience;
  ev->role = where->followup > 0 ? "followup" : where->item ? where->item->role : NULL;
  ev->followup_days = where->followup;
  ev->duration_seconds = -1;
  ev->clock_suspect = suspect;
  return true;
}

/* Queues the statement and moves the learner's last event on to its time (never back). */
lt_status lt_log_queue(lt_log *log, int64_t learner, const lt_xapi_event *ev, lt_diag_list *diags) {
  char *json = lt_xapi_statement(ev);
  lt_status s = lt_db_run(&log->db,
                          lt_db_prepare(&log->db, diags,
                                        "INSERT INTO outbox (id, json, created) VALUES (?, ?, ?)",
                                        "ttt", ev->id, json, ev->timestamp),
                          diags);
  free(json);
  if (s == LT_OK)
    s = lt_db_run(&log->db,
                  lt_db_prepare(&log->db, diags,
                                "UPDATE learner SET last_event = ?1 WHERE id = ?2 AND "
                                "(last_event IS NULL OR last_event < ?1)",
                                "ti", ev->timestamp, learner),
                  diags);
  return s;
}

/* ---- progress ---- */

lt_status lt_log_progress_get(lt_log *log, int64_t learner, const char *pack_id,
                              const char *item_id, int *out_state, double *out_position) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT state, position FROM progress WHERE learner_id = ? AND "
                                   "pack_id = ? AND item_id = ?",
                                   "itt", learner, pack_id, item_id);
  if (!st) return LT_ERR_IO;
  *out_state = 0;
  *out_position = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    *out_state = strcmp((const char *)sqlite3_column_text(st, 0), "completed") ? 1 : 2;
    *out_position = sqlite3_column_double(st, 1);
  }
  sqlite3_reset(st);
  return LT_OK;
}

char *lt_log_video_watched(lt_log *log, int64_t learner, const char *pack_id, const char *item_id) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT watched FROM progress WHERE learner_id = ? AND "
                                   "pack_id = ? AND item_id = ?",
                                   "itt", learner, pack_id, item_id);
  char *w = st && sqlite3_step(st) == SQLITE_ROW
                ? g_strdup((const char *)sqlite3_column_text(st, 0))
                : g_strdup("");
  if (st) sqlite3_reset(st);
  return w;
}

/* One progress step; with `watched` (a video) the seconds played are merged with those
 * stored and completion follows from them. */
LT_MUST_CHECK static lt_status progress_step(lt_log *log, int64_t learner,
                                             const lt_log_where *where, double position,
                                             double active_seconds, bool completed,
                                             const char *watched, double duration,
                                             double *out_share, lt_diag_list *diags) {
  int state;
  double old_pos;
  lt_status s =
      lt_log_progress_get(log, learner, where->pack->id, where->item->id, &state, &old_pos);
  if (s != LT_OK || (s = lt_db_begin(&log->db, diags)) != LT_OK) return s;
  char *merged = NULL;
  double share = 0;
  if (watched) {
    char *stored = lt_log_video_watched(log, learner, where->pack->id, where->item->id);
    size_t n = MAX(strlen(stored), strlen(watched)), ones = 0;
    merged = g_malloc0(n + 1);
    for (size_t i = 0; i < n; i++) {
      bool on =
          (i < strlen(stored) && stored[i] == '1') || (i < strlen(watched) && watched[i] == '1');
      merged[i] = on ? '1' : '0';
      ones += on;
    }
    g_free(stored);
    double seconds = duration > 1 ? ceil(duration) : 1;
    share = MIN(1.0, (double)ones / seconds);
    completed = share >= 0.9;
    if (out_share) *out_share = share;
  }
  char *now = lt_db_now();
  bool newly_done = completed && state != 2;
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO progress (learner_id, pack_id, item_id, state, position, "
                    "active_seconds, updated, watched) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (learner_id, pack_id, item_id) DO UPDATE SET "
                    "state = CASE WHEN state = 'completed' THEN state ELSE excluded.state END, "
                    "position = excluded.position, active_seconds = active_seconds + "
                    "excluded.active_seconds, updated = excluded.updated, watched = CASE WHEN "
                    "excluded.watched = '' THEN watched ELSE excluded.watched END",
                    "itttddtt", learner, where->pack->id, where->item->id,
                    completed ? "completed" : "started", position, active_seconds, now,
                    merged ? merged : ""),
      diags);
  g_free(now);
  g_free(merged);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && state == 0 && lt_log_event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_EXPERIENCED;
    s = lt_log_queue(log, learner, &ev, diags);
  }
  if (s == LT_OK && newly_done && lt_log_event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_COMPLETED;
    ev.has_completion = ev.completion = true;
    if (watched) ev.has_watched = true, ev.watched = round(share * 1000) / 1000;
    sqlite3_stmt *st = lt_db_prepare(&log->db, diags,
                                     "SELECT active_seconds FROM progress WHERE learner_id = ? AND "
                                     "pack_id = ? AND item_id = ?",
                                     "itt", learner, where->pack->id, where->item->id);
    if (st && sqlite3_step(st) == SQLITE_ROW) ev.duration_seconds = sqlite3_column_double(st, 0);
    sqlite3_reset(st);
    s = lt_log_queue(log, learner, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  return lt_db_end(&log->db, s, diags);
}

lt_status lt_log_progress(lt_log *log, int64_t learner, const lt_log_where *where, double position,
                          double active_seconds, bool completed, lt_diag_list *diags) {
  return progress_step(log, learner, where, position, active_seconds, completed, NULL, 0, NULL,
                       diags);
}

lt_status lt_log_video_progress(lt_log *log, int64_t learner, const lt_log_where *where,
                                double position, double duration, const char *watched,
                                double active_seconds, double *out_share, lt_diag_list *diags) {
  return progress_step(log, learner, where, position, active_seconds, false, watched, duration,
                       out_share, diags);
}

/* ---- quizzes ---- */

/* Finished attempts at a quiz: ordinary ones (followup 0) or one follow-up's. */
static int finished_attempts(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                             long followup) {
  return (int)lt_db_scalar(&log->db, 0,
                           "SELECT count(*) FROM attempt WHERE learner_id = ? AND pack_id = ? AND "
                           "quiz_id = ? AND finished IS NOT NULL AND followup = ?",
                           "itti", learner, pack_id, quiz_id, (int64_t)followup);
}

lt_status lt_log_attempt_begin(lt_log *log, int64_t learner, const lt_log_where *where,
                               const char *choice_order, int64_t *out_attempt,
                               lt_diag_list *diags) {
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  char uuid[37], *now = lt_db_now();
  lt_xapi_uuid(uuid);
  /* a follow-up's attempts are numbered among that follow-up's */
  int number =
      finished_attempts(log, learner, where->pack->id, where->item->id, where->followup) + 1;
  s = lt_db_run(
      &log->db,
      lt_db_prepare(
          &log->db, diags,
          "INSERT INTO attempt (uuid, learner_id, pack_id, pack_version, quiz_id, number, "
          "choice_order, started, followup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          "titttitti", uuid, learner, where->pack->id, where->pack->version, where->item->id,
          (int64_t)number, choice_order ? choice_order : "{}", now, (int64_t)where->followup),
      diags);
  int64_t id = sqlite3_last_insert_rowid(log->db.db);
  g_free(now);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && lt_log_event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_ATTEMPTED;
    ev.registration = uuid;
    ev.attempt_seq = number;
    anonymise(&ev, where, uuid, hold);
    s = lt_log_queue(log, learner, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  s = lt_db_end(&log->db, s, diags);
  if (s == LT_OK) *out_attempt = id;
  return s;
}

int64_t lt_log_attempt_unfinished(lt_log *log, int64_t learner, const char *pack_id,
                                  const char *quiz_id, long followup) {
  return lt_db_scalar(
      &log->db, 0,
      "SELECT id FROM attempt WHERE learner_id = ? AND pack_id = ? AND quiz_id = ? AND "
      "finished IS NULL AND followup = ? ORDER BY id DESC LIMIT 1",
      "itti", learner, pack_id, quiz_id, (int64_t)followup);
}

long lt_log_followup_due(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                         const long *days, size_t count, int64_t now) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT min(finished) FROM attempt WHERE learner_id = ? AND "
                                   "pack_id = ? AND quiz_id = ? AND followup = 0 AND passed = 1",
                                   "itt", learner, pack_id, quiz_id);
  int64_t passed_us =
      st && sqlite3_step(st) == SQLITE_ROW ? iso_us((const char *)sqlite3_column_text(st, 0)) : 0;
  if (st) sqlite3_reset(st);
  if (!passed_us) return 0;
  for (size_t i = count; i-- > 0;) { /* the latest one due; once it is done, none */
    if (now * G_USEC_PER_SEC < passed_us + (int64_t)days[i] * 86400 * G_USEC_PER_SEC) continue;
    /* done by the post-test asked again or by the course's role: followup quiz */
    bool done = lt_db_scalar(&log->db, 0,
                             "SELECT count(*) FROM attempt WHERE learner_id = ? AND pack_id = ? "
                             "AND followup >= ? AND finished IS NOT NULL",
                             "iti", learner, pack_id, (int64_t)days[i]) > 0;
    return done ? 0 : days[i];
  }
  return 0;
}

char *lt_log_attempt_choice_order(lt_log *log, int64_t attempt) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL, "SELECT choice_order FROM attempt WHERE id = ?", "i", attempt);
  char *out = st && sqlite3_step(st) == SQLITE_ROW
                  ? strdup((const char *)sqlite3_column_text(st, 0))
                  : NULL;
  sqlite3_reset(st);
  return out;
}

int lt_log_attempt_count(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id) {
  return finished_attempts(log, learner, pack_id, quiz_id, 0);
}

void lt_log_quiz_summary_get(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                             lt_log_quiz_summary *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT count(*), max(score), max(passed) FROM attempt WHERE "
                                   "learner_id = ? AND pack_id = ? AND quiz_id = ? AND finished "
                                   "IS NOT NULL AND followup = 0",
                                   "itt", learner, pack_id, quiz_id);
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    out->attempts = sqlite3_column_int(st, 0);
    out->best = sqlite3_column_double(st, 1);
    out->passed = sqlite3_column_int(st, 2) == 1;
  }
  if (st) sqlite3_reset(st);
}

char **lt_log_recent_packs(lt_log *log, int64_t learner) {
  GPtrArray *ids = g_ptr_array_new();
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT pack_id FROM (SELECT pack_id, updated AS at FROM progress WHERE learner_id = ?1 "
      "UNION ALL SELECT pack_id, coalesce(finished, started) FROM attempt WHERE learner_id = ?1) "
      "GROUP BY pack_id ORDER BY max(at) DESC, pack_id",
      "i", learner);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    g_ptr_array_add(ids, g_strdup((const char *)sqlite3_column_text(st, 0)));
  if (st) sqlite3_reset(st);
  g_ptr_array_add(ids, NULL);
  return (char **)g_ptr_array_free(ids, FALSE);
}

lt_log_attempt_row *lt_log_attempts_of(lt_log *log, int64_t learner, const char *pack_id,
                                       size_t *out_count) {
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(lt_log_attempt_row));
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT quiz_id, pack_version, finished, number, followup, coalesce(score, 0), "
      "coalesce(passed, 0) FROM attempt WHERE learner_id = ? AND pack_id = ? AND finished IS "
      "NOT NULL ORDER BY finished, id",
      "it", learner, pack_id);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    lt_log_attempt_row r = {g_strdup((const char *)sqlite3_column_text(st, 0)),
                            g_strdup((const char *)sqlite3_column_text(st, 1)),
                            g_strdup((const char *)sqlite3_column_text(st, 2)),
                            (long)sqlite3_column_int64(st, 3),
                            (long)sqlite3_column_int64(st, 4),
                            sqlite3_column_double(st, 5),
                            sqlite3_column_int(st, 6) != 0};
    g_array_append_val(rows, r);
  }
  if (st) sqlite3_reset(st);
  *out_count = rows->len;
  return (lt_log_attempt_row *)g_array_free(rows, FALSE);
}

void lt_log_attempt_rows_free(lt_log_attempt_row *rows, size_t count) {
  for (size_t i = 0; rows && i < count; i++)
    g_free(rows[i].quiz_id), g_free(rows[i].version), g_free(rows[i].finished);
  g_free(rows);
}

double lt_log_active_seconds(lt_log *log, int64_t learner, const char *pack_id) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT coalesce(sum(active_seconds), 0) FROM progress WHERE learner_id = ? AND pack_id = ?",
      "it", learner, pack_id);
  double s = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
  if (st) sqlite3_reset(st);
  return s;
}

long lt_log_attempt_number(lt_log *log, int64_t attempt) {
  return (long)lt_db_scalar(&log->db, 0, "SELECT number FROM attempt WHERE id = ?", "i", attempt);
}

char **lt_log_attempt_missed(lt_log *log, int64_t attempt) {
  GPtrArray *ids = g_ptr_array_new();
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT question_id FROM answer WHERE attempt_id = ? AND "
                                   "correct = 0 ORDER BY answered, rowid",
                                   "i", attempt);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    g_ptr_array_add(ids, g_strdup((const char *)sqlite3_column_text(st, 0)));
  if (st) sqlite3_reset(st);
  g_ptr_array_add(ids, NULL);
  return (char **)g_ptr_array_free(ids, FALSE);
}

bool lt_log_answered(lt_log *log, int64_t attempt, const char *question_id) {
  return lt_db_scalar(&log->db, 0, "SELECT 1 FROM answer WHERE attempt_id = ? AND question_id = ?",
                      "it", attempt, question_id) == 1;
}

/* The learner, registration and number (its place in the log's order) of an attempt. */
static bool attempt_owner(lt_log *log, int64_t attempt, int64_t *learner, char uuid[37],
                          long *number) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL, "SELECT learner_id, uuid, number FROM attempt WHERE id = ?", "i", attempt);
  bool ok = st && sqlite3_step(st) == SQLITE_ROW;
  if (ok) {
    *learner = sqlite3_column_int64(st, 0);
    g_strlcpy(uuid, (const char *)sqlite3_column_text(st, 1), 37);
    *number = (long)sqlite3_column_int64(st, 2);
  }
  sqlite3_reset(st);
  return ok;
}

lt_status lt_log_record_answer(lt_log *log, int64_t attempt, const lt_log_where *where,
                               const char *question_id, const char *question_title,
                               const lt_log_interaction *how, const char *response, bool correct,
                               lt_diag_list *diags) {
  return lt_log_record_answer_credit(log, attempt, where, question_id, question_title, how,
                                     response, correct ? 1.0 : 0.0, diags);
}

lt_status lt_log_record_answer_credit(lt_log *log, int64_t attempt, const lt_log_where *where,
                                      const char *question_id, const char *question_title,
                                      const lt_log_interaction *how, const char *response,
                                      double credit, lt_diag_list *diags) {
  credit = CLAMP(credit, 0, 1);
  bool correct = credit > 1 - 1e-9;
  int64_t learner;
  char uuid[37];
  long number = 0;
  if (!attempt_owner(log, attempt, &learner, uuid, &number)) return LT_ERR_INVALID;
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  if (lt_db_scalar(&log->db, 0, "SELECT finished IS NOT NULL FROM attempt WHERE id = ?", "i",
                   attempt)) {
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "attempt %lld is already finished",
                (long long)attempt);
    return lt_db_end(&log->db, LT_ERR_INVALID, diags);
  }
  char *now = lt_db_now();
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO answer (attempt_id, question_id, response, correct, answered, "
                    "credit) VALUES (?, ?, ?, ?, ?, ?)",
                    "ittitd", attempt, question_id, response, (int64_t)correct, now, credit),
      diags);
  g_free(now);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && lt_log_event_for(log, learner, where, &ev, hold)) {
    char *qid = lt_xapi_activity_id(where->pack->activity_base, where->pack->id, where->item->id,
                                    question_id);
    char *quiz = g_strdup(ev.object_id);
    g_ptr_array_add(hold, qid), g_ptr_array_add(hold, quiz);
    ev.verb = is_survey(where) ? LT_VERB_RESPONDED : LT_VERB_ANSWERED;
    ev.object_id = qid;
    ev.object_name = question_title;
    ev.object_type = LT_ACTIVITY_QUESTION;
    ev.parent_id = quiz;
    ev.registration = uuid;
    ev.attempt_seq = number;
    anonymise(&ev, where, uuid, hold);
    int rating = how && how->type && !strcmp(how->type, "likert") ? atoi(response) : 0;
    if (is_survey(where)) { /* no right answer; a rating is its own score */
      if (rating >= 1 && rating <= 5)
        ev.has_score = true, ev.score_scaled = (rating - 1) / 4.0, ev.score_raw = rating,
        ev.score_min = 1, ev.score_max = 5;
    } else {
      ev.has_success = true;
      ev.success = correct;
    }
    if (!is_survey(where) && credit > 0 && !correct) /* partial credit: result.score.scaled */
      ev.has_score = true, ev.score_scaled = credit, ev.score_max = 0;
    lt_log_set_response(&ev, how, response, hold);
    s = lt_log_queue(log, learner, &ev, diags);
  }
  if (s == LT_OK && !correct) s = lt_refresher_missed(log, learner, where, question_id, diags);
  g_ptr_array_free(hold, TRUE);
  return lt_db_end(&log->db, s, diags);
}

void lt_log_set_response(lt_xapi_event *ev, const lt_log_interaction *how, const char *response,
                         GPtrArray *hold) {
  ev->response = response;
  if (how && how->type && !strcmp(how->type, "choice") && strchr(response, ',')) {
    char **ids = g_strsplit(response, ",", -1); /* xAPI lists several choices as "a[,]c" */
    char *listed = g_strjoinv("[,]", ids);
    g_strfreev(ids);
    g_ptr_array_add(hold, listed);
    ev->response = listed;
  }
  if (how) {
    ev->interaction = how->type;
    ev->choice_count = how->count;
    ev->choice_ids = how->ids;
    ev->choice_texts = how->texts;
  }
}

lt_status lt_log_attempt_finish(lt_log *log, int64_t attempt, const lt_log_where *where,
                                long questions, long pass_percent, double *out_score,
                                bool *out_passed, lt_diag_list *diags) {
  int64_t learner;
  char uuid[37];
  long number = 0;
  if (!attempt_owner(log, attempt, &learner, uuid, &number)) return LT_ERR_INVALID;
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, diags,
      "SELECT coalesce(sum(coalesce(credit, correct)), 0) FROM answer WHERE attempt_id = ?", "i",
      attempt);
  double right = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
  sqlite3_reset(st);
  double score = questions > 0 ? (double)right / (double)questions : 0;
  /* passed or failed: a post-test, and a quiz with role "followup" (the post-test's stand-in) */
  bool graded = where->item->role &&
                (!strcmp(where->item->role, "posttest") || !strcmp(where->item->role, "followup"));
  bool passed = score * 100.0 + 1e-9 >= (double)pass_percent;
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  char *now = lt_db_now();
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "UPDATE attempt SET finished = ?, score = ?, passed = ? WHERE id = ? AND "
                    "finished IS NULL",
                    "tdii", now, score, (int64_t)passed, attempt),
      diags);
  g_free(now);
  if (s == LT_OK && sqlite3_changes(log->db.db) != 1) { /* finished already (another window?) */
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "attempt %lld is already finished",
                (long long)attempt);
    s = LT_ERR_INVALID;
  }
  if (s == LT_OK && where->anonymous) /* the response stays only in its nameless statements */
    s = lt_db_run(
        &log->db,
        lt_db_prepare(&log->db, diags, "DELETE FROM answer WHERE attempt_id = ?", "i", attempt),
        diags);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && lt_log_event_for(log, learner, where, &ev, hold)) {
    ev.verb = graded ? (passed ? LT_VERB_PASSED : LT_VERB_FAILED) : LT_VERB_COMPLETED;
    ev.registration = uuid;
    ev.revision = where->pack->version; /* the version a certificate of this pass names */
    ev.attempt_seq = number;
    anonymise(&ev, where, uuid, hold);
    ev.has_score = !is_survey(where);
    ev.score_scaled = score;
    ev.score_raw = right;
    ev.score_max = (double)questions;
    ev.has_completion = ev.completion = true;
    if (graded) ev.has_success = true, ev.success = passed;
    if (graded && passed) ev.course_minutes = where->course_minutes;
    s = lt_log_queue(log, learner, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  s = lt_db_end(&log->db, s, diags);
  if (s == LT_OK) {
    *out_score = score;
    *out_passed = passed;
  }
  return s;
}

lt_status lt_log_quiz_pass(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id,
                           lt_log_pass *out, lt_diag_list *diags) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, diags,
      "SELECT o.id, a.score, json_extract(o.json, '$.timestamp'), a.pack_version FROM attempt a "
      "JOIN outbox o ON json_extract(o.json, '$.context.registration') = a.uuid AND "
      "json_extract(o.json, '$.verb.id') = 'http://adlnet.gov/expapi/verbs/passed' "
      "WHERE a.learner_id = ? AND a.pack_id = ? AND a.quiz_id = ? AND a.passed = 1 AND "
      "a.followup = 0 "
      "ORDER BY a.score DESC, a.finished, a.id LIMIT 1",
      "itt", learner, pack_id, quiz_id);
  if (!st) return LT_ERR_IO;
  int rc = sqlite3_step(st);
  lt_status s = LT_OK;
  if (rc == SQLITE_ROW) {
    GDateTime *t = g_date_time_new_from_iso8601((const char *)sqlite3_column_text(st, 2), NULL);
    g_strlcpy(out->statement_id, (const char *)sqlite3_column_text(st, 0),
              sizeof out->statement_id);
    out->score = sqlite3_column_double(st, 1);
    out->when = t ? g_date_time_to_unix(t) : 0;
    out->version = g_strdup((const char *)sqlite3_column_text(st, 3));
    if (t) g_date_time_unref(t);
  } else if (rc == SQLITE_DONE) {
    s = LT_ERR_INVALID; /* not passed */
  } else {
    s = lt_db_fail(&log->db, diags, "cannot read the attempts");
  }
  sqlite3_reset(st);
  return s;
}

void lt_log_pass_clear(lt_log_pass *p) {
  if (p) g_clear_pointer(&p->version, g_free);
}

/* ---- export ---- */

lt_status lt_log_unexported(lt_log *log, size_t *out_count, lt_diag_list *diags) {
  int64_t n = 0;
  lt_status s =
      lt_db_count(&log->db, diags, &n, "SELECT count(*) FROM outbox WHERE exported IS NULL", "");
  if (s == LT_OK) *out_count = (size_t)n;
  return s;
}

lt_status lt_log_export(lt_log *log, const char *dir, size_t *out_count, lt_diag_list *diags) {
  *out_count = 0;
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, diags, "SELECT id, json FROM outbox WHERE exported IS NULL ORDER BY created, rowid",
      "");
  if (!st) return LT_ERR_IO;
  GString *lines = g_string_new(NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    g_ptr_array_add(ids, g_strdup((const char *)sqlite3_column_text(st, 0)));
    g_string_append_printf(lines, "%s\n", (const char *)sqlite3_column_text(st, 1));
  }
  /* a read that stops on a damaged page is not "nothing to export" */
  lt_status s = rc == SQLITE_DONE ? LT_OK : lt_db_fail(&log->db, diags, "cannot read the outbox");
  sqlite3_reset(st);
  if (s == LT_OK && ids->len) {
    char *folder = g_build_filename(dir, "lentera-sync", log->device, NULL);
    GDateTime *t = g_date_time_new_now_utc();
    char *stamp = g_date_time_format(t, "%Y%m%dT%H%M%SZ");
    char *name = g_strdup_printf("%s-%06d.jsonl", stamp, g_date_time_get_microsecond(t));
    char *path = g_build_filename(folder, name, NULL);
    g_date_time_unref(t);
    if (g_mkdir_with_parents(folder, 0755) != 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, folder, 0, 0, "cannot create: %s", g_strerror(errno));
      s = LT_ERR_IO;
    }
    /* the file is durable under its final name before any statement is marked exported */
    if (s == LT_OK) s = lt_file_write_atomic(path, lines->str, lines->len, 0644, false, diags);
    if (s == LT_OK && (s = lt_db_begin(&log->db, diags)) == LT_OK) {
      char *now = lt_db_now();
      for (guint i = 0; i < ids->len && s == LT_OK; i++)
        s = lt_db_run(&log->db,
                      lt_db_prepare(&log->db, diags, "UPDATE outbox SET exported = ? WHERE id = ?",
                                    "tt", now, ids->pdata[i]),
                      diags);
      g_free(now);
      s = lt_db_end(&log->db, s, diags);
    }
    if (s == LT_OK) *out_count = ids->len;
    g_free(folder), g_free(stamp), g_free(name), g_free(path);
  }
  g_ptr_array_free(ids, TRUE);
  g_string_free(lines, TRUE);
  return s;
}

/* ---- sync to an LRS ---- */

lt_status lt_log_pending(lt_log *log, size_t *out_count, lt_diag_list *diags) {
  int64_t n = 0;
  lt_status s = lt_db_count(&log->db, diags, &n,
                            "SELECT count(*) FROM outbox WHERE sent IS NULL AND error IS NULL", "");
  if (s == LT_OK) *out_count = (size_t)n;
  return s;
}

/* A batch for the push. A read that fails is noted in log->read_error, so that lt_log_sync
 * reports it rather than taking the short batch for an empty outbox. */
static size_t outbox_next(void *ctx, size_t max, char **ids, char **jsons) {
  lt_log *log = ctx;
  int rc = SQLITE_DONE;
  size_t n = lt_db_take_batch_rc(lt_db_prepare(&log->db, NULL,
                                               "SELECT id, json FROM outbox WHERE sent IS NULL AND "
                                               "error IS NULL ORDER BY created, rowid LIMIT ?",
                                               "i", (int64_t)max),
                                 max, ids, jsons, NULL, &rc);
  if (rc != SQLITE_DONE && !log->read_error)
    log->read_error = g_strdup_printf("the outbox cannot be read: %s", sqlite3_errmsg(log->db.db));
  return log->read_error ? 0 : n; /* nothing more once the outbox failed */
}

LT_MUST_CHECK static lt_status outbox_sent(void *ctx, char *const *ids, size_t n) {
  lt_log *log = ctx;
  return lt_db_mark_each(&log->db, "UPDATE outbox SET sent = ? WHERE id = ?", ids, n);
}

LT_MUST_CHECK static lt_status outbox_refused(void *ctx, const char *id, const char *why) {
  lt_log *log = ctx;
  return lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, NULL, "UPDATE outbox SET error = ? WHERE id = ?", "tt", why, id),
      NULL);
}

LT_MUST_CHECK static lt_status set_device(lt_log *log, const char *key, const char *value,
                                          lt_diag_list *diags) {
  return lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, NULL,
                    "INSERT INTO device (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                    "UPDATE SET value = excluded.value",
                    "tt", key, value),
      diags);
}

static char *get_device(lt_log *log, const char *key) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL, "SELECT value FROM device WHERE key = ?", "t", key);
  char *v = st && sqlite3_step(st) == SQLITE_ROW
                ? g_strdup((const char *)sqlite3_column_text(st, 0))
                : NULL;
  if (st) sqlite3_reset(st);
  return v;
}

void lt_log_sync(lt_log *log, const lt_lrs *lrs, lt_lrs_progress_fn fn, void *user,
                 lt_lrs_result *out, lt_diag_list *diags) {
  lt_lrs_queue q = {log, outbox_next, outbox_sent, outbox_refused};
  size_t pending = 0;
  g_clear_pointer(&log->read_error, g_free);
  if (lt_log_pending(log, &pending, diags) != LT_OK)
    log->read_error = g_strdup_printf("the outbox cannot be read: %s", sqlite3_errmsg(log->db.db));
  bool pushed = !log->read_error;
  if (pushed) lt_lrs_push(lrs, &q, pending, fn, user, out, diags);
  if (log->read_error) { /* whatever went before, what is left was not read: not done */
    if (!pushed) memset(out, 0, sizeof *out);
    out->outcome = LT_LRS_LOCAL;
    g_strlcpy(out->detail, log->read_error, sizeof out->detail);
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "%s; run lentera-player --repair-log",
                log->read_error);
  }
  /* the sync screen's "last success / last error": what the push did is already durable in
   * the outbox, so a failure here is said as a warning, not turned into a failed push */
  lt_status s = LT_OK;
  if (out->outcome == LT_LRS_DONE && !pending) {
    /* nothing was waiting: the server was not asked, so nothing is said about it */
  } else if (out->outcome == LT_LRS_DONE) {
    char *now = lt_db_now();
    s = set_device(log, "sync_last_success", now, diags);
    g_free(now);
    if (s == LT_OK)
      s = lt_db_run(
          &log->db,
          lt_db_prepare(&log->db, diags, "DELETE FROM device WHERE key = 'sync_last_error'", ""),
          diags);
  } else if (out->outcome != LT_LRS_CANCELLED) {
    char *e = g_strdup_printf("%d %s", (int)out->outcome, out->detail);
    s = set_device(log, "sync_last_error", e, diags);
    g_free(e);
  }
  if (s != LT_OK)
    lt_diag_add(diags, LT_DIAG_WARNING, log->db.path, 0, 0,
                "the time of this sync could not be noted in the log");
}

lt_status lt_log_sync_status(lt_log *log, lt_log_sync_state *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  int64_t refused = 0;
  lt_status s = lt_log_pending(log, &out->pending, diags);
  if (s == LT_OK)
    s = lt_db_count(&log->db, diags, &refused,
                    "SELECT count(*) FROM outbox WHERE sent IS NULL AND error IS NOT NULL", "");
  out->refused = (size_t)refused;
  if (s == LT_OK && refused) {
    sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                     "SELECT id || ': ' || error FROM outbox WHERE sent IS NULL "
                                     "AND error IS NOT NULL ORDER BY created, rowid LIMIT 1",
                                     "");
    if (st && sqlite3_step(st) == SQLITE_ROW)
      out->refusal = g_strdup((const char *)sqlite3_column_text(st, 0));
    if (st) sqlite3_reset(st);
  }
  out->last_success = get_device(log, "sync_last_success");
  out->last_error = get_device(log, "sync_last_error");
  return s;
}

lt_status lt_log_retry_refused(lt_log *log, size_t *out_count, lt_diag_list *diags) {
  lt_status s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "UPDATE outbox SET error = NULL WHERE sent IS NULL AND error IS NOT NULL", ""),
      diags);
  if (s == LT_OK) *out_count = (size_t)sqlite3_changes(log->db.db);
  return s;
}

void lt_log_sync_state_clear(lt_log_sync_state *st) {
  g_free(st->refusal), g_free(st->last_success), g_free(st->last_error);
  memset(st, 0, sizeof *st);
}

/* ---- repair ---- */

/* Repair reads a copy of the damaged log table by table in rowid order. When a read stops
 * on a damaged page, the scan starts again just past the last rowid it read, one rowid at a
 * time, until it lands beyond the damage (up to the largest rowid any readable index, or
 * the table's far end, knows of): every row on a readable page is kept, whatever lies
 * between the damaged ones. SQLite 3.40's sqlite3_recover API is not in Debian's library,
 * and the sqlite3 shell's .recover is not a dependency of the player. */

/* The columns of `table` in `db` (NULL when they cannot be read); *ipk: the rowid alias. */
static GPtrArray *table_columns(sqlite3 *db, const char *table, char **ipk) {
  char *sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
  sqlite3_stmt *st = NULL;
  GPtrArray *cols = NULL;
  int pks = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    cols = g_ptr_array_new_with_free_func(g_free);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *name = (const char *)sqlite3_column_text(st, 1);
      const char *type = (const char *)sqlite3_column_text(st, 2);
      g_ptr_array_add(cols, g_strdup(name));
      if (sqlite3_column_int(st, 5) > 0) {
        pks++;
        if (ipk && type && !g_ascii_strcasecmp(type, "INTEGER")) *ipk = g_strdup(name);
      }
    }
  }
  if (ipk && pks != 1) g_clear_pointer(ipk, g_free);
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return cols;
}

static bool has_column(GPtrArray *cols, const char *name) {
  for (guint i = 0; cols && i < cols->len; i++)
    if (!g_ascii_strcasecmp(cols->pdata[i], name)) return true;
  return false;
}

/* The largest rowid of `table` that its far end or any of its full indexes can tell. */
static int64_t largest_rowid(sqlite3 *src, const char *table) {
  int64_t top = 0;
  char *sql = sqlite3_mprintf("SELECT max(rowid) FROM \"%w\"", table);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    top = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_free(sql);
  sql = sqlite3_mprintf("SELECT name FROM pragma_index_list(%Q) WHERE partial = 0", table);
  GPtrArray *indexes = g_ptr_array_new_with_free_func(g_free);
  if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW)
      g_ptr_array_add(indexes, g_strdup((const char *)sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_free(sql);
  for (guint i = 0; i < indexes->len; i++) { /* an index scan reads only the index's pages */
    sql = sqlite3_mprintf("SELECT rowid FROM \"%w\" INDEXED BY \"%w\"", table,
                          (const char *)indexes->pdata[i]);
    if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) == SQLITE_OK)
      while (sqlite3_step(st) == SQLITE_ROW)
        top = MAX(top, sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    sqlite3_free(sql);
  }
  g_ptr_array_free(indexes, TRUE);
  return top;
}

/* Copies every readable row of `table` from src to dst; *out_rows gets how many. */
LT_MUST_CHECK static lt_status copy_table(sqlite3 *src, lt_db *dst, const char *table,
                                          size_t *out_rows, lt_diag_list *diags) {
  *out_rows = 0;
  char *ipk = NULL;
  GPtrArray *mine = table_columns(dst->db, table, &ipk);
  GPtrArray *theirs = table_columns(src, table, NULL);
  lt_status s = LT_OK;
  if (!theirs || !theirs->len) { /* the damaged log's schema has no such table (or lost it) */
    lt_diag_add(diags, LT_DIAG_WARNING, dst->path, 0, 0, "nothing of table '%s' could be read",
                table);
    goto out;
  }
  GString *list = g_string_new(NULL), *marks = g_string_new(NULL);
  int n = 0;
  for (guint i = 0; i < mine->len; i++) {
    if (!has_column(theirs, mine->pdata[i])) continue; /* an older log: the default */
    char *q = sqlite3_mprintf("%s\"%w\"", n ? ", " : "", (const char *)mine->pdata[i]);
    g_string_append(list, q);
    g_string_append(marks, n ? ", ?" : "?");
    sqlite3_free(q);
    n++;
  }
  bool rowid = !ipk; /* without an INTEGER PRIMARY KEY the rowid (outbox order) goes too */
  char *sel = sqlite3_mprintf("SELECT rowid, %s FROM \"%w\" WHERE rowid >= ?1 ORDER BY rowid",
                              list->str, table);
  char *ins = sqlite3_mprintf("INSERT OR IGNORE INTO \"%w\" (%s%s) VALUES (%s%s)", table,
                              rowid ? "rowid, " : "", list->str, rowid ? "?, " : "", marks->str);
  sqlite3_stmt *r = NULL, *w = NULL;
  if (sqlite3_prepare_v2(src, sel, -1, &r, NULL) != SQLITE_OK) {
    lt_diag_add(diags, LT_DIAG_WARNING, dst->path, 0, 0, "table '%s' cannot be read: %s", table,
                sqlite3_errmsg(src));
  } else if (sqlite3_prepare_v2(dst->db, ins, -1, &w, NULL) != SQLITE_OK) {
    s = lt_db_fail(dst, diags, "cannot write the repaired log");
  } else {
    int64_t from = INT64_MIN, top = 0; /* the next rowid to read */
    bool top_known = false;
    size_t skipped_reads = 0;
    for (int64_t tries = 0; tries < 50000000; tries++) {
      sqlite3_bind_int64(r, 1, from);
      int rc = SQLITE_DONE;
      while (s == LT_OK && (rc = sqlite3_step(r)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(r, 0);
        from = id + 1;
        int first = rowid ? 2 : 1; /* parameter 1 is the rowid when it is copied */
        if (rowid) sqlite3_bind_int64(w, 1, id);
        for (int c = 0; c < n; c++)
          sqlite3_bind_value(w, first + c, sqlite3_column_value(r, c + 1));
        if (sqlite3_step(w) != SQLITE_DONE)
          s = lt_db_fail(dst, diags, "cannot write the repaired log");
        else if (sqlite3_changes(dst->db) == 1)
          (*out_rows)++;
        sqlite3_reset(w);
      }
      sqlite3_reset(r);
      if (s != LT_OK || rc == SQLITE_DONE) break;
      if (!top_known) top = largest_rowid(src, table), top_known = true;
      if (from == INT64_MIN) { /* the very first page is damaged: rowid by rowid from 1 */
        from = 1, skipped_reads++;
        continue;
      }
      if (from >= top) break;  /* nothing readable lies beyond */
      from++, skipped_reads++; /* step over a rowid on the damaged page */
    }
    if (skipped_reads)
      lt_diag_add(diags, LT_DIAG_WARNING, dst->path, 0, 0,
                  "table '%s': some rows were on damaged pages and are lost", table);
  }
  sqlite3_finalize(r);
  sqlite3_finalize(w);
  sqlite3_free(sel);
  sqlite3_free(ins);
  g_string_free(list, TRUE);
  g_string_free(marks, TRUE);
out:
  g_free(ipk);
  if (mine) g_ptr_array_free(mine, TRUE);
  if (theirs) g_ptr_array_free(theirs, TRUE);
  return s;
}

/* Copies a file of any size in 1 MiB steps to a 0600 file (temporary name, fsync, rename). */
LT_MUST_CHECK static lt_status copy_file(const char *from, const char *to, lt_diag_list *diags) {
  int in = open(from, O_RDONLY | O_CLOEXEC), out = -1;
  if (in < 0) return sys_fail(diags, from, "cannot read");
  char *tmp = NULL;
  lt_status s = lt_file_begin(to, 0600, &out, &tmp, diags);
  char *buf = g_malloc(1 << 20);
  for (ssize_t n; s == LT_OK && (n = read(in, buf, 1 << 20)) != 0;) {
    if (n < 0) {
      s = sys_fail(diags, from, "cannot read");
      break;
    }
    for (ssize_t done = 0, w; s == LT_OK && done < n; done += w)
      if ((w = write(out, buf + done, (size_t)(n - done))) < 0)
        s = sys_fail(diags, to, "cannot write");
  }
  g_free(buf);
  close(in);
  if (s == LT_OK)
    s = lt_file_commit(out, tmp, to, true, diags);
  else if (tmp)
    lt_file_abandon(out, tmp);
  free(tmp);
  return s;
}

/* Run by root (IT's sudo) on a learner's folder, the new log must stay the learner's (if
 * that fails it stays root's, and the learner's next start says it cannot be read). */
static void own_like(const char *path, const struct stat *owner) {
  if (geteuid() == 0 && chown(path, owner->st_uid, owner->st_gid) != 0) return;
}

/* The newest "<log>.damaged-<time>" beside the log (g_free()), or NULL. */
static char *newest_damaged(const char *path) {
  char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
  char *prefix = g_strconcat(base, ".damaged-", NULL), *best = NULL;
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name(d));)
    if (g_str_has_prefix(name, prefix) && !g_str_has_suffix(name, "-wal") &&
        !g_str_has_suffix(name, "-shm") && (!best || strcmp(name, best) > 0)) {
      g_free(best);
      best = g_strdup(name);
    }
  if (d) g_dir_close(d);
  char *out = best ? g_build_filename(dir, best, NULL) : NULL;
  g_free(dir), g_free(base), g_free(prefix), g_free(best);
  return out;
}

lt_status lt_log_repair(const char *path, lt_log_repair_result *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  char *fresh = g_strconcat(path, ".repairing", NULL);
  char *keep = NULL, *scratch = g_strconcat(path, ".reading", NULL);
  lt_status s = LT_OK;
  bool resumed = g_file_test(fresh, G_FILE_TEST_EXISTS);
  if (resumed) {
    /* an earlier repair stopped: it had kept the damaged log (with its -wal) already */
    unlink(fresh), unlink_companions(fresh);
    keep = newest_damaged(path);
  }
  if (!keep) {
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "there is no log here to repair");
      s = LT_ERR_INVALID;
      goto done;
    }
    GDateTime *t = g_date_time_new_now_utc();
    char *stamp = g_date_time_format(t, "%Y%m%dT%H%M%SZ");
    g_date_time_unref(t);
    keep = g_strdup_printf("%s.damaged-%s", path, stamp);
    g_free(stamp);
    char *wal = g_strconcat(path, "-wal", NULL), *keep_wal = g_strconcat(keep, "-wal", NULL);
    /* the damaged log stays where it is until the new one replaces it, and under `keep` */
    if (link(path, keep) != 0 && (s = copy_file(path, keep, diags)) != LT_OK)
      lt_diag_add(diags, LT_DIAG_ERROR, keep, 0, 0, "cannot keep the damaged log");
    else if (g_file_test(wal, G_FILE_TEST_EXISTS) && link(wal, keep_wal) != 0 &&
             (s = copy_file(wal, keep_wal, diags)) != LT_OK)
      lt_diag_add(diags, LT_DIAG_ERROR, keep_wal, 0, 0, "cannot keep the damaged log's -wal");
    if (s == LT_OK) chmod(keep, 0600), chmod(keep_wal, 0600);
    if (s == LT_OK) s = fsync_dir_of(path, diags);
    g_free(wal), g_free(keep_wal);
    if (s != LT_OK) goto done;
  }
  out->damaged_path = g_strdup(keep);
  struct stat owner;
  if (stat(keep, &owner) != 0) owner.st_uid = geteuid(), owner.st_gid = getegid();

  /* read a copy, so that nothing SQLite does while reading (it replays a -wal) touches it */
  unlink(scratch), unlink_companions(scratch);
  s = copy_file(keep, scratch, diags);
  char *keep_wal = g_strconcat(keep, "-wal", NULL),
       *scratch_wal = g_strconcat(scratch, "-wal", NULL);
  if (s == LT_OK && g_file_test(keep_wal, G_FILE_TEST_EXISTS))
    s = copy_file(keep_wal, scratch_wal, diags);
  g_free(keep_wal), g_free(scratch_wal);
  sqlite3 *src = NULL;
  if (s == LT_OK && sqlite3_open_v2(scratch, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    lt_diag_add(diags, LT_DIAG_WARNING, keep, 0, 0, "cannot be opened at all: %s",
                sqlite3_errmsg(src));
    sqlite3_close(src);
    src = NULL;
  }
  char device[37] = "";
  if (s == LT_OK && src) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(src, "SELECT value FROM device WHERE key = 'id'", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 36)
      g_strlcpy(device, (const char *)sqlite3_column_text(st, 0), sizeof device);
    sqlite3_finalize(st);
  }
  out->device_kept = device[0] != '\0';
  lt_db dst = {0};
  if (s == LT_OK) s = make_log(fresh, out->device_kept ? device : NULL, &dst, diags);
  if (s == LT_OK) {
    /* answers whose attempt was lost are kept all the same: no foreign keys while copying */
    s = lt_db_exec(&dst, "PRAGMA foreign_keys=OFF; BEGIN IMMEDIATE", diags);
    const char *tables[] = {"device", "learner", "progress", "attempt", "answer", "outbox", "card"};
    size_t *counts[] = {
        NULL, &out->learners, &out->progress, &out->attempts, &out->answers, &out->statements,
        NULL};
    for (size_t i = 0; i < G_N_ELEMENTS(tables) && s == LT_OK && src; i++) {
      size_t rows = 0;
      s = copy_table(src, &dst, tables[i], &rows, diags);
      if (counts[i]) *counts[i] = rows;
    }
    s = lt_db_end(&dst, s, diags);
    lt_db_close(&dst);
  }
  sqlite3_close(src);
  unlink(scratch), unlink_companions(scratch);
  if (s == LT_OK) own_like(fresh, &owner), s = fsync_path(fresh, false, diags);
  if (s != LT_OK) { /* the log is as it was: nothing half done is left behind */
    unlink(fresh), unlink_companions(fresh);
    if (resumed) /* but the earlier, interrupted repair must still stop the player */
      g_file_set_contents(fresh, "", 0, NULL);
  } else {
    /* the damaged log's -wal must not meet the new log; then one rename replaces it. Cut
     * short in between, the new log still lies under `fresh`, so opening refuses until the
     * repair is run again (from `keep`, which has the -wal) */
    unlink_companions(path);
    if (rename(fresh, path) != 0) s = sys_fail(diags, path, "cannot put the repaired log in place");
  }
  if (s == LT_OK) s = fsync_dir_of(path, diags);
  if (s != LT_OK) {
    g_free(out->damaged_path);
    out->damaged_path = NULL;
  }
done:
  g_free(fresh), g_free(keep), g_free(scratch);
  return s;
}

void lt_log_repair_result_clear(lt_log_repair_result *r) {
  g_free(r->damaged_path);
  memset(r, 0, sizeof *r);
}

/* ---- backup ---- */

lt_status lt_log_backup(lt_log *log, const char *dir, char **out_path, lt_diag_list *diags) {
  if (g_mkdir_with_parents(dir, 0700) != 0) return sys_fail(diags, dir, "cannot create");
  GDateTime *t = g_date_time_new_now_utc();
  char *stamp = g_date_time_format(t, "%Y%m%dT%H%M%SZ");
  char *name = g_strdup_printf("log-%s-%06d.sqlite", stamp, g_date_time_get_microsecond(t));
  g_date_time_unref(t);
  char *path = g_build_filename(dir, name, NULL);
  char *tmp = g_strdup_printf("%s/.%s.tmp", dir, name);
  g_free(stamp), g_free(name);
  lt_status s = LT_OK;
  unlink(tmp), unlink_companions(tmp);
  int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) s = sys_fail(diags, tmp, "cannot create the backup");
  if (fd >= 0) close(fd);
  lt_db copy = {0};
  if (s == LT_OK) s = lt_db_open_flags(&copy, tmp, "the backup", "", NULL, 0, 0, diags);
  if (s == LT_OK) {
    /* one step copies every page inside one read transaction of the log: a consistent copy,
     * while other processes go on writing to the log's -wal */
    sqlite3_backup *b = sqlite3_backup_init(copy.db, "main", log->db.db, "main");
    int rc = b ? SQLITE_OK : sqlite3_errcode(copy.db);
    for (int tries = 0; b && tries < 200; tries++) {
      rc = sqlite3_backup_step(b, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      g_usleep(50000);
    }
    if (b) sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) s = lt_db_fail(&copy, diags, "cannot copy the log");
    /* one self-contained file: no -wal to carry along */
    if (s == LT_OK) s = lt_db_exec(&copy, "PRAGMA journal_mode=DELETE", diags);
    int64_t ok = 0;
    if (s == LT_OK) {
      sqlite3_stmt *st = NULL;
      if (sqlite3_prepare_v2(copy.db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
      sqlite3_finalize(st);
      if (!ok) {
        lt_diag_add(diags, LT_DIAG_ERROR, tmp, 0, 0, "the copy does not pass PRAGMA quick_check");
        s = LT_ERR_DAMAGED;
      }
    }
    lt_db_close(&copy);
  }
  if (s == LT_OK) s = fsync_path(tmp, false, diags);
  if (s == LT_OK && rename(tmp, path) != 0) s = sys_fail(diags, path, "cannot write the backup");
  if (s == LT_OK) s = fsync_dir_of(path, diags);
  if (s != LT_OK) unlink(tmp), unlink_companions(tmp);
  if (s == LT_OK)
    *out_path = path;
  else
    g_free(path);
  g_free(tmp);
  return s;
}
