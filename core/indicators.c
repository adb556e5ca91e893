/* indicators — see indicators.h; and the report's section that draws them.
 *
 * Loading reads the file whole, takes the separator from the header line (more ';' than
 * ',' means ';'), splits each line into fields as RFC 4180 does on one line (a quoted field
 * may hold the separator and "" for a quote; a field spanning lines is refused), and checks
 * every row, collecting all mistakes before it gives up. The section (rp_indicators) first
 * resolves each row's course against the collection, then, per indicator, unit and course,
 * draws the months as bars (the share of the unit's staff in the records who had passed by
 * the month's end) under a line (the indicator's value), and lists the same in
 * indikator.csv. */
#include "lentera/indicators.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collection_db.h"
#include "lentera/file.h"
#include "report_parts.h"

#define MAX_BYTES (8u << 20)

typedef struct {
  char month[8];              /* YYYY-MM */
  char *unit, *name, *course; /* course "" = any post-test */
  char *course_id;            /* the course's activity id, once resolved ("" = any) */
  double value;
  int line;
} row;

struct lt_indicators {
  char *path;
  GArray *rows; /* of row, in file order */
};

static void row_clear(gpointer p) {
  row *r = p;
  g_free(r->unit), g_free(r->name), g_free(r->course), g_free(r->course_id);
}

void lt_indicators_free(lt_indicators *ind) {
  if (!ind) return;
  g_array_free(ind->rows, TRUE);
  g_free(ind->path);
  g_free(ind);
}

size_t lt_indicators_count(const lt_indicators *ind) { return ind ? ind->rows->len : 0; }

/* The fields of one line (g_strfreev); NULL when a quote is not closed. */
static char **split_fields(const char *line, char sep) {
  GPtrArray *out = g_ptr_array_new();
  GString *f = g_string_new(NULL);
  bool quoted = false;
  for (const char *p = line;; p++) {
    if (quoted && !*p) { /* unclosed */
      g_string_free(f, TRUE);
      g_ptr_array_set_free_func(out, g_free);
      g_ptr_array_free(out, TRUE);
      return NULL;
    }
    if (quoted && *p == '"' && p[1] == '"') {
      g_string_append_c(f, '"');
      p++;
    } else if (*p == '"' && (quoted || f->len == 0)) {
      quoted = !quoted;
    } else if (!quoted && (*p == sep || !*p)) {
      g_ptr_array_add(out, g_strstrip(g_string_free(f, FALSE)));
      if (!*p) break;
      f = g_string_new(NULL);
    } else {
      g_string_append_c(f, *p);
    }
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

enum { C_MONTH, C_UNIT, C_NAME, C_VALUE, C_COURSE, C_N };
static const char *const columns[C_N] = {"bulan", "unit", "indikator", "nilai", "kursus"};

/* The header's column positions in pos[] (-1 = absent); false after a diagnostic. */
static bool read_header(char **f, int *pos, const char *path, lt_diag_list *diags) {
  bool ok = true;
  for (int c = 0; c < C_N; c++)
    pos[c] = -1;
  for (int i = 0; f[i]; i++) {
    char *low = g_utf8_strdown(f[i], -1);
    int c = 0;
    while (c < C_N && strcmp(low, columns[c]) != 0)
      c++;
    if (c == C_N) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 1, 0,
                  "unknown column '%s': the columns are bulan, unit, indikator, nilai and "
                  "(optional) kursus",
                  f[i]);
      ok = false;
    } else if (pos[c] >= 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 1, 0, "column '%s' is named twice", columns[c]);
      ok = false;
    } else {
      pos[c] = i;
    }
    g_free(low);
  }
  for (int c = 0; c < C_COURSE; c++)
    if (pos[c] < 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 1, 0,
                  "no '%s' column: the first line names the columns, e.g. "
                  "bulan,unit,indikator,nilai,kursus",
                  columns[c]);
      ok = false;
    }
  return ok;
}

static bool valid_month(const char *s) {
  return strlen(s) == 7 && g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[1]) &&
         g_ascii_isdigit(s[2]) && g_ascii_isdigit(s[3]) && s[4] == '-' &&
         ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
          (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

/* A number as written: "12.5", or "12,5" in a semicolon-separated file. */
static bool read_number(const char *s, char sep, double *out) {
  char *t = g_strdup(s);
  if (sep == ';')
    for (char *p = t; *p; p++)
      if (*p == ',') *p = '.';
  char *end = NULL;
  *out = g_ascii_strtod(t, &end);
  bool ok = *t && end && !*end && isfinite(*out);
  g_free(t);
  return ok;
}

/* Checks one data row (fields f, file line `line`) and appends it; false after a diagnostic. */
static bool read_row(lt_indicators *ind, char **f, const int *pos, int nfields, char sep, int line,
                     GHashTable *seen, lt_diag_list *diags) {
  const char *path = ind->path;
  if ((int)g_strv_length(f) != nfields) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, line, 0,
                "%u fields, but the first line names %d: a name with '%c' in it needs quotes "
                "(\"Loket 1%c 2\")",
                g_strv_length(f), nfields, sep, sep);
    return false;
  }
  bool ok = true;
  const char *month = f[pos[C_MONTH]], *value = f[pos[C_VALUE]];
  if (!valid_month(month)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, line, 0,
                "bulan '%s' is not a month: write it as YYYY-MM, e.g. 2026-07", month);
    ok = false;
  }
  for (int c = C_UNIT; c <= C_NAME; c++)
    if (!*f[pos[c]]) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, line, 0, "'%s' is empty", columns[c]);
      ok = false;
    }
  double v = 0;
  if (!read_number(value, sep, &v)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, line, 0,
                "nilai '%s' is not a number (write 12.5%s; no units or %% signs)", value,
                sep == ';' ? " or 12,5" : "");
    ok = false;
  }
  if (!ok) return false;
  const char *course = pos[C_COURSE] >= 0 ? f[pos[C_COURSE]] : "";
  char *key = g_strjoin("\x1f", month, f[pos[C_UNIT]], f[pos[C_NAME]], course, NULL);
  gpointer first = g_hash_table_lookup(seen, key);
  if (first) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, line, 0,
                "a second value of '%s' for %s in %s (the first is at line %d): keep one",
                f[pos[C_NAME]], f[pos[C_UNIT]], month, GPOINTER_TO_INT(first));
    g_free(key);
    return false;
  }
  g_hash_table_insert(seen, key, GINT_TO_POINTER(line));
  row r = {{0}, g_strdup(f[pos[C_UNIT]]), g_strdup(f[pos[C_NAME]]), g_strdup(course), NULL, v,
           line};
  memcpy(r.month, month, 8);
  g_array_append_val(ind->rows, r);
  return true;
}

lt_status lt_indicators_load(const char *path, lt_indicators **out, lt_diag_list *diags) {
  char *data = NULL;
  size_t len = 0;
  GStatBuf sb;
  if (g_stat(path, &sb) == 0 && (uint64_t)sb.st_size > MAX_BYTES) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "the file is over 8 MiB; service figures are a few lines a month and unit");
    return LT_ERR_INVALID;
  }
  lt_status st = lt_file_read(path, &data, &len, diags);
  if (st != LT_OK) return st;
  const char *text = data;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3; /* Excel's BOM */
  if (!g_utf8_validate(text, (gssize)(len - (size_t)(text - data)), NULL) ||
      memchr(data, '\0', len)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\"");
    free(data);
    return LT_ERR_INVALID;
  }
  lt_indicators *ind = g_new0(lt_indicators, 1);
  ind->path = g_strdup(path);
  ind->rows = g_array_new(FALSE, TRUE, sizeof(row));
  g_array_set_clear_func(ind->rows, row_clear);
  char **lines = g_strsplit(text, "\n", -1);
  free(data);
  for (char **l = lines; *l; l++)
    g_strchomp(*l); /* "\r\n" */
  const char *head = lines[0] ? lines[0] : "";
  int semis = 0, commas = 0;
  for (const char *p = head; *p; p++)
    semis += *p == ';', commas += *p == ',';
  char sep = semis > commas ? ';' : ',';
  int pos[C_N];
  char **hf = split_fields(head, sep);
  bool ok = hf && read_header(hf, pos, path, diags);
  if (!hf) lt_diag_add(diags, LT_DIAG_ERROR, path, 1, 0, "a quote is not closed on this line");
  int nfields = hf ? (int)g_strv_length(hf) : 0;
  g_strfreev(hf);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 1; ok && lines[i]; i++) {
    if (!*g_strstrip(lines[i])) continue;
    if (ind->rows->len >= LT_INDICATORS_MAX_ROWS) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, i + 1, 0, "more than %d rows: split the file by year",
                  LT_INDICATORS_MAX_ROWS);
      ok = false;
      break;
    }
    char **f = split_fields(lines[i], sep);
    if (!f) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, i + 1, 0,
                  "a quote is not closed on this line (a field may not span lines)");
      st = LT_ERR_INVALID;
      continue;
    }
    if (!read_row(ind, f, pos, nfields, sep, i + 1, seen, diags)) st = LT_ERR_INVALID;
    g_strfreev(f);
  }
  g_hash_table_destroy(seen);
  g_strfreev(lines);
  if (ok && st == LT_OK && !ind->rows->len) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 2, 0,
                "no rows under the header: one line per month, unit and indicator");
    ok = false;
  }
  if (!ok || st != LT_OK) {
    lt_indicators_free(ind);
    return LT_ERR_INVALID;
  }
  *out = ind;
  return LT_OK;
}

/* ---- the report's section ---- */

/* The part of a course activity id after its last '/' or ':': the pack id. */
static const char *pack_part(const char *id) {
  const char *slash = strrchr(id, '/'), *colon = strrchr(id, ':');
  const char *cut = slash > colon ? slash : colon;
  return cut ? cut + 1 : id;
}

lt_status rp_indicators_check(lt_indicators *ind, lt_db *db, lt_diag_list *diags) {
  lt_status st = LT_OK;
  for (guint i = 0; i < ind->rows->len; i++) {
    row *r = &g_array_index(ind->rows, row, i);
    g_free(r->course_id);
    r->course_id = NULL;
    if (!*r->course) {
      r->course_id = g_strdup("");
      continue;
    }
    sqlite3_stmt *q = lt_db_prepare(db, diags,
                                    "SELECT course, max(course_name) FROM statement WHERE course "
                                    "!= '' GROUP BY course ORDER BY 2",
                                    "");
    GString *known = g_string_new(NULL);
    while (q && sqlite3_step(q) == SQLITE_ROW) {
      const char *id = rp_text(q, 0), *name = rp_text(q, 1);
      if (!r->course_id &&
          (!strcmp(pack_part(id), r->course) || !g_ascii_strcasecmp(name, r->course)))
        r->course_id = g_strdup(id);
      g_string_append_printf(known, "%s%s (%s)", known->len ? ", " : "", pack_part(id), name);
    }
    if (q) sqlite3_reset(q);
    if (!r->course_id) {
      lt_diag_add(diags, LT_DIAG_ERROR, ind->path, r->line, 0,
                  "no course '%s' in the records; the records hold: %s", r->course,
                  known->len ? known->str : "no course at all");
      st = LT_ERR_INVALID;
    }
    g_string_free(known, TRUE);
  }
  return st;
}

/* The first day after `month` (YYYY-MM), as the ISO text statements' timestamps compare
 * against. */
static void month_end(const char *month, char out[11]) {
  int y = atoi(month), m = atoi(month + 5) + 1;
  if (m > 12) m = 1, y++;
  g_snprintf(out, 11, "%04d-%02d-01", y, m);
}

static gint by_group(gconstpointer a, gconstpointer b) {
  const row *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (!c) c = strcmp(x->unit, y->unit);
  if (!c) c = g_strcmp0(x->course_id, y->course_id);
  if (!c) c = strcmp(x->month, y->month);
  return c;
}

static bool same_group(const row *a, const row *b) {
  return !strcmp(a->name, b->name) && !strcmp(a->unit, b->unit) &&
         !g_strcmp0(a->course_id, b->course_id);
}

/* One group's months: bars for the share passed (0..100%, left), a line for the value (its
 * own scale from the group's least to its greatest, named at each point). */
static void draw_group(GString *html, const row *rows, const double *share, guint n) {
  enum { W = 760, H = 230, L = 60, R = 40, TOP = 34, BOTTOM = 40 };
  double lo = rows[0].value, hi = rows[0].value;
  for (guint i = 1; i < n; i++)
    lo = MIN(lo, rows[i].value), hi = MAX(hi, rows[i].value);
  double step = (double)(W - L - R) / n, plot = H - TOP - BOTTOM;
  char *title = g_markup_printf_escaped("%s · %s%s%s", rows[0].name, rows[0].unit,
                                        *rows[0].course ? " · " : "", rows[0].course);
  char *name = g_markup_escape_text(rows[0].name, -1);
  char *head =
      g_markup_printf_escaped("<h3>%s · %s</h3>\n<p>Kursus: %s</p>\n", rows[0].name, rows[0].unit,
                              *rows[0].course ? rows[0].course : "semua tes akhir");
  g_string_append(html, head);
  g_free(head);
  g_string_append_printf(html,
                         "<svg role=img aria-label=\"%s\" width=%d height=%d viewBox=\"0 0 %d %d\" "
                         "xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>\n"
                         "<rect x=%d y=8 width=14 height=14 fill=\"#9db7d5\"/><text x=%d y=20>"
                         "staf yang sudah lulus (%%)</text><line x1=%d y1=15 x2=%d y2=15 "
                         "stroke=\"#b3461f\" stroke-width=\"3\"/><text x=%d y=20>%s</text>\n",
                         title, W, H, W, H, title, L, L + 20, L + 250, L + 272, L + 280, name);
  g_free(title), g_free(name);
  GString *line = g_string_new(NULL);
  for (guint i = 0; i < n; i++) {
    double cx = L + step * (i + 0.5);
    if (!isnan(share[i])) {
      double bh = share[i] * plot;
      g_string_append_printf(html,
                             "<rect x=%.0f y=%.0f width=%.0f height=%.0f fill=\"#9db7d5\"/>"
                             "<text x=%.0f y=%.0f text-anchor=middle>%.0f%%</text>\n",
                             cx - MIN(step * 0.3, 24), TOP + plot - bh, MIN(step * 0.6, 48), bh, cx,
                             TOP + plot - 4, share[i] * 100);
    }
    double vy = TOP + 12 + (hi > lo ? (hi - rows[i].value) / (hi - lo) : 0.5) * (plot - 40);
    g_string_append_printf(line, "%s%.0f,%.0f", i ? " " : "", cx, vy);
    g_string_append_printf(html,
                           "<circle cx=%.0f cy=%.0f r=4 fill=\"#b3461f\"/><text x=%.0f y=%.0f "
                           "text-anchor=middle fill=\"#b3461f\">%g</text>\n"
                           "<text x=%.0f y=%d text-anchor=middle>%s</text>\n",
                           cx, vy, cx, vy - 8, rows[i].value, cx, H - BOTTOM + 18, rows[i].month);
  }
  g_string_append_printf(
      html,
      "<polyline points=\"%s\" fill=none stroke=\"#b3461f\" stroke-width=\"3\"/>\n"
      "<line x1=%d y1=%.0f x2=%d y2=%.0f stroke=\"#1b1b1b\"/></svg>\n",
      line->str, L, TOP + plot, W - R, TOP + plot);
  g_string_free(line, TRUE);
}

lt_status rp_indicators(const lt_indicators *ind, lt_db *db, GString *html, const char *outdir,
                        lt_diag_list *diags) {
  char *base = g_path_get_basename(ind->path);
  char *intro = g_markup_printf_escaped(
      "<h2>Indikator layanan dan pelatihan</h2>\n<p>Angka layanan per bulan dari %s, di samping "
      "bagian staf unit itu yang sudah lulus tes akhir kursusnya sampai akhir bulan. Staf = "
      "pegawai unit itu yang ada di catatan belajar. Grafik hanya menaruh keduanya "
      "berdampingan: ia tidak membuktikan bahwa pelatihanlah yang mengubah angka "
      "layanan.</p>\n",
      base);
  g_string_append(html, intro);
  g_free(intro), g_free(base);
  GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(row), ind->rows->len);
  g_array_append_vals(sorted, ind->rows->data, ind->rows->len); /* views: the strings stay */
  g_array_sort(sorted, by_group);
  double *share = g_new(double, sorted->len + 1);
  int64_t *staff = g_new0(int64_t, sorted->len + 1), *passed = g_new0(int64_t, sorted->len + 1);
  for (guint i = 0; i < sorted->len; i++) {
    const row *r = &g_array_index(sorted, row, i);
    char end[11];
    month_end(r->month, end);
    staff[i] = lt_db_scalar(db, 0,
                            "SELECT count(DISTINCT actor) FROM statement WHERE unit = ? AND actor "
                            "NOT LIKE 'anonim-%'",
                            "t", r->unit);
    passed[i] = lt_db_scalar(
        db, 0,
        "SELECT count(DISTINCT actor) FROM statement WHERE unit = ?1 AND verb = 'passed' AND "
        "role = 'posttest' AND (?2 = '' OR course = ?2) AND timestamp < ?3",
        "ttt", r->unit, r->course_id ? r->course_id : "", end);
    share[i] = staff[i] ? (double)passed[i] / (double)staff[i] : NAN;
  }
  for (guint i = 0; i < sorted->len;) {
    guint j = i + 1;
    while (j < sorted->len &&
           same_group(&g_array_index(sorted, row, i), &g_array_index(sorted, row, j)))
      j++;
    draw_group(html, &g_array_index(sorted, row, i), share + i, j - i);
    i = j;
  }
  rp_table t;
  const char *heads[] = {"Bulan",  "Unit kerja",      "Indikator",   "Nilai",
                         "Kursus", "Staf di catatan", "Sudah lulus", "Lulus (%)"};
  rp_table_begin(&t, html, heads, 8);
  for (guint i = 0; i < sorted->len; i++) {
    const row *r = &g_array_index(sorted, row, i);
    char *v = g_strdup_printf("%g", r->value);
    rp_row(&t, "tttxtnnp", r->month, r->unit, r->name, v, *r->course ? r->course : "(semua)",
           staff[i], passed[i], share[i]);
    g_free(v);
  }
  g_free(share), g_free(staff), g_free(passed);
  g_array_free(sorted, TRUE); /* no clear func: the rows' strings belong to ind */
  return rp_table_end(&t, outdir, "indikator.csv", diags);
}
