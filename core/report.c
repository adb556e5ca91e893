/* report — see report.h. Each table is one SQL query over the collection's columns; its
 * rows go both into a CSV file and into the page, and the page's charts are horizontal bar
 * charts drawn as inline SVG from the same numbers. Shares are 0..1 in SQL and shown as
 * whole percents. Every text that came from a statement is escaped before it reaches the
 * page, and quoted in the CSV, where a text that a spreadsheet would take for a formula
 * is neutralised. */
#include "lentera/report.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "collection_db.h"
#include "report_parts.h"
#include "lentera/certificate.h"
#include "lentera/file.h"
#include "lentera/xapi.h"

/* ---- sections ---- */

/* Survey responses are left out wherever learners are counted: a survey alone is not
 * learning, and an anonymous one's actor ("anonim-<registration>", core/log.c) is a
 * response, not a person. */
#define NOT_SURVEY "coalesce(role, '') != 'survey'"
/* a refresher's answers ("Ulang singkat") are practice: no question's statistics count them */
#define NOT_REFRESHER "role != 'refresher'"

LT_MUST_CHECK static lt_status completion(lt_db *db, GString *html, const char *outdir,
                                          lt_diag_list *diags) {
  g_string_append(html, "<h2>Penyelesaian kursus</h2>\n<p>Peserta yang mulai belajar dan yang "
                        "sudah lulus tes akhir, per kursus.</p>\n");
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "SELECT max(course_name), count(DISTINCT actor), count(DISTINCT CASE WHEN verb = 'passed' "
      "AND role = 'posttest' THEN actor END) FROM statement WHERE course != '' AND " NOT_SURVEY
      " GROUP BY course ORDER BY 1",
      "");
  if (!st) return LT_ERR_IO;
  rp_chart ch;
  rp_chart_init(&ch);
  while (sqlite3_step(st) == SQLITE_ROW)
    rp_chart_add(&ch, rp_text(st, 0),
                 (double)sqlite3_column_int64(st, 2) / (double)sqlite3_column_int64(st, 1), NAN);
  sqlite3_reset(st);
  rp_chart_svg(&ch, html, "Peserta yang lulus tes akhir, per kursus", NULL, NULL);
  g_string_append(html, "<h3>Per unit kerja</h3>\n");
  rp_table t;
  const char *heads[] = {"Kursus", "Unit kerja", "Peserta mulai", "Lulus tes akhir", "Selesai (%)"};
  rp_table_begin(&t, html, heads, 5);
  st = lt_db_prepare(
      db, diags,
      "SELECT max(course_name), unit, count(DISTINCT actor), count(DISTINCT CASE WHEN verb = "
      "'passed' AND role = 'posttest' THEN actor END) FROM statement WHERE course != '' "
      "AND " NOT_SURVEY " GROUP BY course, unit ORDER BY 1, 2",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int64_t n = sqlite3_column_int64(st, 2), done = sqlite3_column_int64(st, 3);
    rp_row(&t, "ttnnp", rp_text(st, 0), *rp_text(st, 1) ? rp_text(st, 1) : "(tanpa unit)", n, done,
           (double)done / (double)n);
  }
  return rp_done(st, &t, outdir, "penyelesaian.csv", diags);
}

LT_MUST_CHECK static lt_status pre_post(lt_db *db, GString *html, const char *outdir,
                                        lt_diag_list *diags) {
  g_string_append(html, "<h2>Tes awal dan tes akhir</h2>\n<p>Nilai rata-rata: tes awal "
                        "(percobaan pertama tiap peserta) dan tes akhir (nilai terbaik tiap "
                        "peserta).</p>\n");
  rp_chart ch;
  rp_chart_init(&ch);
  rp_table t;
  const char *heads[] = {"Kursus",
                         "Peserta tes awal",
                         "Rata-rata tes awal (%)",
                         "Peserta tes akhir",
                         "Rata-rata tes akhir (%)",
                         "Kenaikan (poin %)"};
  GString *tables = g_string_new(NULL);
  rp_table_begin(&t, tables, heads, 6);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      /* the first attempt by the player log's own order (the attempt-sequence extension),
       * the timestamp only between equals: a clock put back must not make a later attempt
       * the first. Statements without it (older players) count as 0, by time. */
      "WITH pre AS (SELECT course, actor, score, min(printf('%010d %s', coalesce(attempt, 0), "
      "timestamp)) FROM statement WHERE verb = 'completed' AND role = 'pretest' AND score IS NOT "
      "NULL GROUP BY course, actor), "
      "post AS (SELECT course, actor, max(score) AS score FROM statement WHERE verb IN "
      "('passed', 'failed') AND role = 'posttest' GROUP BY course, actor), "
      "who AS (SELECT course, actor FROM pre UNION SELECT course, actor FROM post), "
      "names AS (SELECT course, max(course_name) AS name FROM statement WHERE course != '' "
      "GROUP BY course) "
      "SELECT names.name, count(pre.score), avg(pre.score), count(post.score), avg(post.score) "
      "FROM who JOIN names USING (course) LEFT JOIN pre USING (course, actor) LEFT JOIN post "
      "USING (course, actor) GROUP BY who.course ORDER BY 1",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    double pre = rp_share(st, 2), post = rp_share(st, 4);
    rp_chart_add(&ch, rp_text(st, 0), isnan(pre) ? 0 : pre, isnan(post) ? 0 : post);
    rp_row(&t, "tnpnpp", rp_text(st, 0), sqlite3_column_int64(st, 1), pre,
           sqlite3_column_int64(st, 3), post, isnan(pre) || isnan(post) ? NAN : post - pre);
  }
  rp_chart_svg(&ch, html, "Nilai rata-rata tes awal dan tes akhir", "Tes awal", "Tes akhir");
  lt_status s = rp_done(st, &t, outdir, "tes-awal-akhir.csv", diags);
  g_string_append(html, tables->str);
  g_string_free(tables, TRUE);
  return s;
}

LT_MUST_CHECK static lt_status pass_rate(lt_db *db, GString *html, const char *outdir,
                                         lt_diag_list *diags) {
  g_string_append(html, "<h2>Kelulusan tes akhir</h2>\n");
  rp_table t;
  const char *heads[] = {"Kursus",  "Percobaan",    "Percobaan lulus", "Tingkat lulus (%)",
                         "Peserta", "Peserta lulus"};
  rp_table_begin(&t, html, heads, 6);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "SELECT max(course_name), count(*), sum(verb = 'passed'), count(DISTINCT actor), "
      "count(DISTINCT CASE WHEN verb = 'passed' THEN actor END) FROM statement WHERE verb IN "
      "('passed', 'failed') AND role = 'posttest' GROUP BY course ORDER BY 1",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int64_t n = sqlite3_column_int64(st, 1), ok = sqlite3_column_int64(st, 2);
    rp_row(&t, "tnnpnn", rp_text(st, 0), n, ok, (double)ok / (double)n, sqlite3_column_int64(st, 3),
           sqlite3_column_int64(st, 4));
  }
  return rp_done(st, &t, outdir, "kelulusan.csv", diags);
}

/* Retention: each follow-up (role "followup", its days in LT_XAPI_EXT_FOLLOWUP_DAYS) beside
 * the same learners' best post-test score, per course and unit. */
LT_MUST_CHECK static lt_status retention(lt_db *db, GString *html, const char *outdir,
                                         lt_diag_list *diags) {
  g_string_append(html, "<h2>Tes ulang setelah lulus</h2>\n<p>Nilai rata-rata tes ulang (1 "
                        "bulan, 3 bulan, … setelah lulus tes akhir) dibandingkan dengan nilai "
                        "tes akhir terbaik peserta yang sama.</p>\n");
  rp_chart ch;
  rp_chart_init(&ch);
  rp_table t;
  const char *heads[] = {"Kursus",
                         "Unit kerja",
                         "Tes ulang (hari)",
                         "Peserta",
                         "Rata-rata tes akhir (%)",
                         "Rata-rata tes ulang (%)",
                         "Selisih (poin %)"};
  GString *tables = g_string_new(NULL);
  rp_table_begin(&t, tables, heads, 7);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH post AS (SELECT course, actor, max(score) AS score FROM statement WHERE verb IN "
      "('passed', 'failed') AND role = 'posttest' GROUP BY course, actor), "
      "fu AS (SELECT s.course, s.actor, max(s.unit) AS unit, json_extract(j.json, "
      "'$.context.extensions.\"" LT_XAPI_EXT_FOLLOWUP_DAYS "\"') AS days, max(s.score) AS score "
      "FROM statement s JOIN statement_json j ON j.statement = s.rowid WHERE s.verb IN "
      "('passed', 'failed') AND s.role = 'followup' GROUP BY s.course, s.actor, days), "
      "names AS (SELECT course, max(course_name) AS name FROM statement WHERE course != '' "
      "GROUP BY course) "
      "SELECT names.name, fu.unit, fu.days, count(*), avg(post.score), avg(fu.score) FROM fu "
      "JOIN names USING (course) LEFT JOIN post USING (course, actor) WHERE fu.days > 0 "
      "GROUP BY fu.course, fu.unit, fu.days ORDER BY 1, 2, 3",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    double post = rp_share(st, 4), later = rp_share(st, 5);
    char *label = g_strdup_printf("%s · %s · %lld hari", rp_text(st, 0), rp_text(st, 1),
                                  (long long)sqlite3_column_int64(st, 2));
    rp_chart_add(&ch, label, isnan(post) ? 0 : post, isnan(later) ? 0 : later);
    g_free(label);
    rp_row(&t, "ttnnppp", rp_text(st, 0), rp_text(st, 1), sqlite3_column_int64(st, 2),
           sqlite3_column_int64(st, 3), post, later,
           isnan(post) || isnan(later) ? NAN : later - post);
  }
  if (ch.labels->len) {
    rp_chart_svg(&ch, html, "Tes akhir dan tes ulang", "Tes akhir", "Tes ulang");
  } else {
    rp_chart_free(&ch);
    g_string_append(html, "<p>Belum ada tes ulang yang selesai.</p>\n");
  }
  lt_status s = rp_done(st, &t, outdir, "tes-ulang.csv", diags);
  g_string_append(html, tables->str);
  g_string_free(tables, TRUE);
  return s;
}

LT_MUST_CHECK static lt_status active_time(lt_db *db, GString *html, const char *outdir,
                                           lt_diag_list *diags) {
  g_string_append(html, "<h2>Waktu belajar aktif</h2>\n<p>Waktu aktif di pelajaran dan lembar "
                        "ringkas yang diselesaikan (layar tanpa kegiatan tidak dihitung).</p>\n");
  rp_table t;
  const char *heads[] = {"Kursus", "Peserta", "Bagian selesai", "Total (menit)",
                         "Rata-rata per peserta (menit)"};
  rp_table_begin(&t, html, heads, 5);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "SELECT max(course_name), count(DISTINCT actor), count(*), coalesce(sum(duration), 0) "
      "FROM statement WHERE verb = 'completed' AND object_type = 'lesson' GROUP BY course "
      "ORDER BY 1",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int64_t n = sqlite3_column_int64(st, 1);
    double total = sqlite3_column_double(st, 3);
    rp_row(&t, "tnnmm", rp_text(st, 0), n, sqlite3_column_int64(st, 2), total, total / (double)n);
  }
  return rp_done(st, &t, outdir, "waktu-belajar.csv", diags);
}

/* "a[,]c" -> "Teks A; Teks C" with the choices' texts (typed answers as they are). */
static char *response_text(lt_db *db, const char *object, const char *response) {
  char **ids = g_strsplit(response, "[,]", -1);
  GString *out = g_string_new(NULL);
  for (int i = 0; ids[i]; i++) {
    sqlite3_stmt *st = lt_db_prepare(
        db, NULL, "SELECT text FROM choice WHERE object = ? AND id = ?", "tt", object, ids[i]);
    bool found = st && sqlite3_step(st) == SQLITE_ROW;
    g_string_append_printf(out, "%s%s", i ? "; " : "", found ? rp_text(st, 0) : ids[i]);
    if (st) sqlite3_reset(st);
  }
  g_strfreev(ids);
  return g_string_free(out, FALSE);
}

LT_MUST_CHECK static lt_status questions(lt_db *db, GString *html, const char *outdir,
                                         lt_diag_list *diags) {
  g_string_append(html, "<h2>Soal yang paling sering salah</h2>\n<p>Soal dengan jawaban benar "
                        "paling sedikit ada di atas: langkah itu perlu dijelaskan lagi di "
                        "pelajaran atau di SOP.</p>\n");
  rp_chart ch;
  rp_chart_init(&ch);
  rp_table t;
  const char *heads[] = {"Kursus",        "Kuis",      "Soal",
                         "Dijawab",       "Benar (%)", "Jawaban salah terbanyak",
                         "Dipilih (kali)"};
  GString *tables = g_string_new(NULL);
  rp_table_begin(&t, tables, heads, 7);
  /* per question: answers, share right, and its most frequent wrong response */
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH q AS (SELECT object, max(course_name) AS course_name, max(parent) AS parent, "
      "max(object_name) AS name, count(*) AS n, avg(success) AS ok FROM statement WHERE verb = "
      "'answered' AND " NOT_REFRESHER " GROUP BY object), "
      "wrong AS (SELECT object, response, count(*) AS n FROM statement WHERE verb = 'answered' "
      "AND success = 0 AND response IS NOT NULL AND " NOT_REFRESHER " GROUP BY object, response), "
      "top AS (SELECT object, response, max(n) AS n FROM wrong GROUP BY object), "
      "quiz AS (SELECT object AS parent, max(object_name) AS name FROM statement WHERE "
      "object_type = 'assessment' GROUP BY object) "
      "SELECT q.course_name, coalesce(quiz.name, q.parent), q.name, q.n, q.ok, top.response, "
      "top.n, q.object FROM q LEFT JOIN top USING (object) LEFT JOIN quiz USING (parent) "
      "ORDER BY q.ok, q.n DESC, q.name",
      "");
  int shown = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    const char *object = rp_text(st, 7);
    char *wrong = sqlite3_column_type(st, 5) == SQLITE_NULL
                      ? g_strdup("")
                      : response_text(db, object, rp_text(st, 5));
    if (shown++ < 10) {
      char *label = g_strdup_printf("%s", rp_text(st, 2));
      rp_chart_add(&ch, label, rp_share(st, 4), NAN);
      g_free(label);
    }
    rp_row(&t, "tttnptn", rp_text(st, 0), rp_text(st, 1), rp_text(st, 2),
           sqlite3_column_int64(st, 3), rp_share(st, 4), wrong,
           sqlite3_column_type(st, 6) == SQLITE_NULL ? (int64_t)0 : sqlite3_column_int64(st, 6));
    g_free(wrong);
  }
  rp_chart_svg(&ch, html, "Jawaban benar per soal (10 tersulit)", NULL, NULL);
  lt_status s = rp_done(st, &t, outdir, "soal-salah.csv", diags);
  g_string_append(html, tables->str);
  g_string_free(tables, TRUE);
  return s;
}

/* Monthly trend per unit: by the month of the statements' timestamps (UTC, as recorded),
 * learners who started a course that month (their first statement about it), who passed its
 * post-test that month (their first pass) and the active minutes in lessons completed. */
LT_MUST_CHECK static lt_status trend(lt_db *db, GString *html, const char *outdir,
                                     lt_diag_list *diags) {
  g_string_append(html, "<h2>Tren bulanan per unit kerja</h2>\n<p>Per bulan: peserta yang "
                        "mulai sebuah kursus, yang lulus tes akhirnya, dan menit belajar aktif "
                        "(tanggal menurut catatan, UTC).</p>\n");
  rp_table t;
  const char *heads[] = {"Bulan", "Unit kerja", "Mulai belajar", "Lulus tes akhir",
                         "Waktu aktif (menit)"};
  rp_table_begin(&t, html, heads, 5);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH s AS (SELECT substr(min(timestamp), 1, 7) AS m, unit FROM statement WHERE course != "
      "'' AND " NOT_SURVEY " GROUP BY unit, course, actor), "
      "p AS (SELECT substr(min(timestamp), 1, 7) AS m, unit FROM statement WHERE verb = "
      "'passed' AND role = 'posttest' GROUP BY unit, course, actor), "
      "a AS (SELECT substr(timestamp, 1, 7) AS m, unit, sum(duration) AS secs FROM statement "
      "WHERE verb = 'completed' AND object_type = 'lesson' GROUP BY 1, 2), "
      /* counted per month and unit first, then joined: a count per row of k scanned s and p
       * once for every month and unit (a sixth of the report's time at 1,000,000) */
      "sc AS (SELECT m, unit, count(*) AS n FROM s GROUP BY m, unit), "
      "pc AS (SELECT m, unit, count(*) AS n FROM p GROUP BY m, unit), "
      "k AS (SELECT m, unit FROM sc UNION SELECT m, unit FROM pc UNION SELECT m, unit FROM a) "
      "SELECT k.m, k.unit, coalesce(sc.n, 0), coalesce(pc.n, 0), coalesce(a.secs, 0) FROM k "
      "LEFT JOIN sc USING (m, unit) LEFT JOIN pc USING (m, unit) LEFT JOIN a USING (m, unit) "
      "WHERE k.m != '' ORDER BY 1, 2",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW)
    rp_row(&t, "ttnnm", rp_text(st, 0), *rp_text(st, 1) ? rp_text(st, 1) : "(tanpa unit)",
           sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), sqlite3_column_double(st, 4));
  return rp_done(st, &t, outdir, "tren-bulanan.csv", diags);
}

/* ---- item analysis ----
 * Moodle's quiz statistics over each learner's first attempt of each quiz (the attempt with
 * the lowest attempt-sequence, then the earliest): for a question answered by n learners,
 * x_i the learner's credit on it (result.score.scaled, else success as 1/0) and y_i the sum
 * of their credits on the quiz's other questions (the rest of the test),
 *   facility F = mean(x)   (as a percent)
 *   discrimination D = Pearson r(x, y) = sum((x-mx)(y-my)) / sqrt(sum((x-mx)^2) sum((y-my)^2))
 * (empty when either has no spread), and how often each choice was picked. Flags: too easy
 * F > 90 %, too hard F < 20 %, discriminates badly D < 0.2 (negative included). */

typedef struct {
  char *object, *name, *course, *quiz;
  GArray *credit;    /* double per learner of the quiz, NAN = not answered */
  GHashTable *picks; /* response part -> count (GINT_TO_POINTER) */
  GPtrArray *order;  /* response parts in first-seen order (borrowed from picks' keys) */
} item;

static void item_free(gpointer p) {
  item *it = p;
  g_free(it->object), g_free(it->name), g_free(it->course), g_free(it->quiz);
  g_array_free(it->credit, TRUE);
  g_ptr_array_free(it->order, TRUE);
  g_hash_table_destroy(it->picks);
  g_free(it);
}

static void item_pick(item *it, const char *part) {
  gpointer key, value;
  if (g_hash_table_lookup_extended(it->picks, part, &key, &value)) {
    g_hash_table_insert(it->picks, g_strdup(part), GINT_TO_POINTER(GPOINTER_TO_INT(value) + 1));
    return;
  }
  char *k = g_strdup(part);
  g_hash_table_insert(it->picks, k, GINT_TO_POINTER(1));
  g_ptr_array_add(it->order, k);
}

/* "Biru: 2; Hijau: 0": every known choice (picked or not), then typed answers as seen. */
static char *item_picks_text(lt_db *db, item *it) {
  GString *out = g_string_new(NULL);
  GHashTable *shown = g_hash_table_new(g_str_hash, g_str_equal);
  sqlite3_stmt *st = lt_db_prepare(
      db, NULL, "SELECT id, text FROM choice WHERE object = ? ORDER BY id", "t", it->object);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    const char *id = rp_text(st, 0);
    gpointer key = NULL, value = NULL;
    bool picked = g_hash_table_lookup_extended(it->picks, id, &key, &value);
    g_string_append_printf(out, "%s%s: %d", out->len ? "; " : "", rp_text(st, 1),
                           picked ? GPOINTER_TO_INT(value) : 0);
    if (picked) g_hash_table_add(shown, key);
  }
  if (st) sqlite3_reset(st);
  for (guint i = 0; i < it->order->len; i++) {
    const char *k = it->order->pdata[i];
    if (g_hash_table_contains(shown, k)) continue;
    g_string_append_printf(out, "%s%s: %d", out->len ? "; " : "", k,
                           GPOINTER_TO_INT(g_hash_table_lookup(it->picks, k)));
  }
  g_hash_table_destroy(shown);
  return g_string_free(out, FALSE);
}

/* Facility and discrimination of question `q` among `items` of one quiz (see above). */
static void item_stats(GPtrArray *items, guint q, int *out_n, double *out_f, double *out_d) {
  item *it = items->pdata[q];
  int n = 0;
  double sx = 0, sy = 0;
  guint learners = it->credit->len;
  double *rest = g_new0(double, learners);
  for (guint l = 0; l < learners; l++) {
    double x = g_array_index(it->credit, double, l);
    if (isnan(x)) continue;
    for (guint k = 0; k < items->len; k++) {
      GArray *c = ((item *)items->pdata[k])->credit;
      double v = l < c->len ? g_array_index(c, double, l) : NAN;
      if (k != q && !isnan(v)) rest[l] += v;
    }
    n++, sx += x, sy += rest[l];
  }
  double mx = n ? sx / n : NAN, my = n ? sy / n : NAN, sxy = 0, sxx = 0, syy = 0;
  for (guint l = 0; l < learners && n; l++) {
    double x = g_array_index(it->credit, double, l);
    if (isnan(x)) continue;
    sxy += (x - mx) * (rest[l] - my), sxx += (x - mx) * (x - mx);
    syy += (rest[l] - my) * (rest[l] - my);
  }
  g_free(rest);
  *out_n = n, *out_f = mx;
  *out_d = sxx > 1e-12 && syy > 1e-12 ? sxy / sqrt(sxx * syy) : NAN;
}

LT_MUST_CHECK static lt_status item_quiz_write(lt_db *db, GPtrArray *items, rp_table *t) {
  for (guint q = 0; q < items->len; q++) {
    item *it = items->pdata[q];
    int n;
    double f, d;
    item_stats(items, q, &n, &f, &d);
    GString *flags = g_string_new(NULL);
    if (f > 0.9) g_string_append(flags, "terlalu mudah");
    if (f < 0.2) g_string_append(flags, "terlalu sulit");
    if (!isnan(d) && d < 0.2)
      g_string_append_printf(flags, "%sdaya beda rendah", flags->len ? "; " : "");
    char *picks = item_picks_text(db, it);
    rp_row(t, "tttnpdtt", it->course, it->quiz, it->name, (int64_t)n, f, d, picks, flags->str);
    g_free(picks);
    g_string_free(flags, TRUE);
  }
  return LT_OK;
}

LT_MUST_CHECK static lt_status item_analysis(lt_db *db, GString *html, const char *outdir,
                                             lt_diag_list *diags) {
  g_string_append(html,
                  "<h2>Analisis butir soal</h2>\n<p>Per soal, dari percobaan pertama tiap "
                  "peserta (cara statistik kuis Moodle). <b>Fasilitas</b>: rata-rata nilai soal "
                  "(%). <b>Daya beda</b>: korelasi nilai soal dengan nilai soal lain di kuis yang "
                  "sama (−1 sampai 1; di bawah 0,2 soal kurang membedakan peserta yang paham dan "
                  "yang belum). <b>Pilihan</b>: berapa kali tiap pilihan dipilih. Catatan: terlalu "
                  "mudah (fasilitas di atas 90%), terlalu sulit (di bawah 20%), daya beda "
                  "rendah.</p>\n");
  rp_table t;
  const char *heads[] = {
      "Kursus", "Kuis", "Soal", "Peserta", "Fasilitas (%)", "Daya beda", "Pilihan (kali dipilih)",
      "Catatan"};
  rp_table_begin(&t, html, heads, 8);
  /* one row per (quiz, learner, question) of the learner's first attempt of the quiz; the
   * first answer of a question within it when it was answered twice */
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH a AS (SELECT parent, actor, registration, printf('%010d %s', coalesce(attempt, 0), "
      "timestamp) AS k FROM statement WHERE verb = 'answered' AND parent != '' AND " NOT_REFRESHER
      "), "
      "first AS (SELECT parent, actor, registration, min(k) FROM a GROUP BY parent, actor), "
      "quiz AS (SELECT object AS parent, max(object_name) AS name FROM statement WHERE "
      "object_type = 'assessment' GROUP BY object), "
      "ans AS (SELECT s.parent, s.actor, s.object, min(s.rowid), s.object_name, s.course_name, "
      "coalesce(s.score, s.success) AS credit, s.response FROM statement s JOIN first USING "
      "(parent, actor, registration) WHERE s.verb = 'answered' GROUP BY s.parent, s.actor, "
      "s.object) "
      "SELECT ans.parent, actor, object, object_name, course_name, coalesce(quiz.name, "
      "ans.parent), credit, response FROM ans LEFT JOIN quiz USING (parent) "
      "ORDER BY course_name, ans.parent, object",
      "");
  GPtrArray *items = g_ptr_array_new_with_free_func(item_free);
  GHashTable *by_object = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *learner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *quiz = NULL;
  lt_status s = LT_OK;
  while (st && s == LT_OK && sqlite3_step(st) == SQLITE_ROW) {
    if (!quiz || strcmp(quiz, rp_text(st, 0)) != 0) { /* a new quiz: write the one before */
      if (quiz) s = item_quiz_write(db, items, &t);
      g_ptr_array_set_size(items, 0);
      g_hash_table_remove_all(by_object), g_hash_table_remove_all(learner);
      g_free(quiz);
      quiz = g_strdup(rp_text(st, 0));
    }
    gpointer li;
    if (!g_hash_table_lookup_extended(learner, rp_text(st, 1), NULL, &li)) {
      li = GUINT_TO_POINTER(g_hash_table_size(learner));
      g_hash_table_insert(learner, g_strdup(rp_text(st, 1)), li);
    }
    item *it = g_hash_table_lookup(by_object, rp_text(st, 2));
    if (!it) {
      it = g_new0(item, 1);
      it->object = g_strdup(rp_text(st, 2)), it->name = g_strdup(rp_text(st, 3));
      it->course = g_strdup(rp_text(st, 4)), it->quiz = g_strdup(rp_text(st, 5));
      it->credit = g_array_new(FALSE, FALSE, sizeof(double));
      it->picks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      it->order = g_ptr_array_new();
      g_ptr_array_add(items, it);
      g_hash_table_insert(by_object, it->object, it);
    }
    guint l = GPOINTER_TO_UINT(li);
    double none = NAN;
    for (guint k = 0; k < items->len; k++) /* every question has a cell per learner */
      while (((item *)items->pdata[k])->credit->len <= l)
        g_array_append_val(((item *)items->pdata[k])->credit, none);
    g_array_index(it->credit, double, l) = rp_share(st, 6);
    if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
      char **parts = g_strsplit(rp_text(st, 7), "[,]", -1);
      for (int i = 0; parts[i]; i++)
        item_pick(it, parts[i]);
      g_strfreev(parts);
    }
  }
  if (quiz && s == LT_OK) s = item_quiz_write(db, items, &t);
  g_free(quiz);
  g_hash_table_destroy(learner), g_hash_table_destroy(by_object);
  g_ptr_array_free(items, TRUE);
  lt_status w = rp_done(st, &t, outdir, "soal.csv", diags);
  return s == LT_OK ? w : s;
}

/* ---- certificate register ----
 * One row per certificate the player prints: per learner and post-test, the pass it prints
 * from (lt_log_quiz_pass's choice: the best score, then the earliest), with the number and
 * check code that core/certificate.c computes from the "passed" statement's id, the date in
 * this computer's time (as printed), and the hours from the course's minutes that the
 * statement carries (empty for statements of players that did not send them). */
/* Feedback (role "survey", verb "responded"): per statement rated 1-5, how many answered,
 * the mean, how many gave each rating and the share who agree (4 or 5), charted; then the
 * free answers, with the name only where the survey was not anonymous (an anonymous
 * response's actor is "anonim-…" and carries no name). */
/* The page's contents: every section's <h2> from `at` on gets an id, and a numbered list
 * linking them goes in at `at` (a long report is found by its contents, on screen and on the
 * first printed page). */
static void contents(GString *html, size_t at) {
  GString *toc = g_string_new("<div class=toc><h3>Isi laporan</h3>\n<ol>\n");
  GString *rest = g_string_new(NULL);
  int n = 0;
  const char *p = html->str + at;
  for (const char *h; (h = strstr(p, "<h2>"));) {
    const char *end = strstr(h, "</h2>");
    if (!end) break;
    g_string_append_len(rest, p, h - p);
    g_string_append_printf(rest, "<h2 id=bagian-%d>", ++n);
    g_string_append_printf(toc, "<li><a href=\"#bagian-%d\">%.*s</a></li>\n", n, (int)(end - h - 4),
                           h + 4); /* the title, escaped already */
    p = h + 4;
  }
  g_string_append(rest, p);
  g_string_append(toc, "</ol></div>\n");
  g_string_truncate(html, at);
  g_string_append(html, toc->str);
  g_string_append(html, rest->str);
  g_string_free(toc, TRUE), g_string_free(rest, TRUE);
}

LT_MUST_CHECK static lt_status feedback(lt_db *db, GString *html, const char *outdir,
                                        lt_diag_list *diags) {
  g_string_append(html, "<h2>Umpan balik peserta</h2>\n<p>Penilaian peserta atas setiap "
                        "pernyataan, dari 1 (sangat tidak setuju) sampai 5 (sangat setuju). "
                        "Setuju = nilai 4 atau 5. Grafik: bagian semua penilaian sebuah "
                        "kursus yang setuju; tabel: per pernyataan (tanggapan = berapa peserta "
                        "menilainya).</p>\n");
  rp_chart ch;
  rp_chart_init(&ch);
  rp_table t;
  const char *heads[] = {"Kursus",
                         "Umpan balik",
                         "Anonim",
                         "Pernyataan",
                         "Tanggapan",
                         "Rata-rata (1–5)",
                         "1 (sangat tidak setuju)",
                         "2 (tidak setuju)",
                         "3 (ragu-ragu)",
                         "4 (setuju)",
                         "5 (sangat setuju)",
                         "Setuju (%)"};
  GString *tables = g_string_new(NULL);
  rp_table_begin(&t, tables, heads, 12);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH r AS (SELECT rowid AS k, course, course_name, parent, object, object_name, "
      "CAST(response AS INTEGER) AS v, actor LIKE 'anonim-%' AS anon FROM statement WHERE verb "
      "= 'responded' AND role = 'survey' AND score IS NOT NULL AND response IN ('1', '2', '3', "
      "'4', '5')), "
      "survey AS (SELECT object AS parent, max(object_name) AS name FROM statement WHERE "
      "object_type = 'survey' GROUP BY object) "
      "SELECT max(r.course_name), coalesce(max(survey.name), r.parent), max(r.object_name), "
      "count(*), avg(v), sum(v = 1), sum(v = 2), sum(v = 3), sum(v = 4), sum(v = 5), "
      "avg(v >= 4), max(anon) FROM r LEFT JOIN survey USING (parent) GROUP BY r.object "
      "ORDER BY 1, 2, min(r.k)",
      "");
  /* the chart: per course and survey, the share of all its ratings that agree (4 or 5) */
  char *group = NULL;
  int64_t agree = 0, all = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    char *mean = g_strdup_printf("%.1f", sqlite3_column_double(st, 4));
    char *key = g_strdup(rp_text(st, 0)); /* the course: the survey is named in the table */
    if (group && strcmp(group, key) != 0) {
      rp_chart_add(&ch, group, (double)agree / (double)all, NAN);
      agree = all = 0;
    }
    g_free(group);
    group = key;
    agree += sqlite3_column_int64(st, 8) + sqlite3_column_int64(st, 9);
    all += sqlite3_column_int64(st, 3);
    rp_row(&t, "ttttnxnnnnnp", rp_text(st, 0), rp_text(st, 1),
           sqlite3_column_int(st, 11) ? "ya" : "tidak", rp_text(st, 2), sqlite3_column_int64(st, 3),
           mean, sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
           sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9),
           rp_share(st, 10));
    g_free(mean);
  }
  if (group && all) rp_chart_add(&ch, group, (double)agree / (double)all, NAN);
  g_free(group);
  if (ch.labels->len) {
    rp_chart_svg(&ch, html, "Penilaian setuju (4 atau 5), semua pernyataan, per kursus", NULL,
                 NULL);
  } else {
    rp_chart_free(&ch);
    g_string_append(html, "<p>Belum ada umpan balik yang masuk.</p>\n");
  }
  lt_status s = rp_done(st, &t, outdir, "umpan-balik.csv", diags);
  g_string_append(html, tables->str);
  g_string_free(tables, TRUE);
  if (s != LT_OK) return s;

  g_string_append(html, "<h3>Saran dan komentar</h3>\n<p>Jawaban tertulis peserta. Umpan balik "
                        "anonim tidak memuat nama atau NIP, hanya bulannya; unit kerjanya hanya "
                        "bila unit itu memberi sedikitnya 5 tanggapan anonim pada survei itu "
                        "(kalau kurang: \"(disembunyikan)\"), agar tidak ada yang dapat "
                        "ditebak dari unitnya.</p>\n");
  const char *cheads[] = {"Kursus", "Pertanyaan", "Jawaban", "Dari", "Unit kerja", "Tanggal"};
  rp_table_begin(&t, html, cheads, 6);
  st = lt_db_prepare(
      db, diags,
      "WITH c AS (SELECT course_name, object_name, parent, trim(response) AS text, actor, "
      "actor_name, unit, timestamp, actor LIKE 'anonim-%' OR actor_name = '' AS anon FROM "
      "statement WHERE verb = 'responded' AND role = 'survey' AND score IS NULL AND "
      "trim(coalesce(response, '')) != ''), "
      "crowd AS (SELECT parent, unit, count(DISTINCT actor) AS n FROM statement WHERE verb = "
      "'responded' AND role = 'survey' AND actor LIKE 'anonim-%' GROUP BY parent, unit) "
      "SELECT course_name, object_name, text, CASE WHEN anon THEN '(anonim)' ELSE actor_name "
      "END, CASE WHEN NOT anon THEN unit WHEN coalesce(crowd.n, 0) >= 5 THEN unit ELSE "
      "'(disembunyikan)' END, CASE WHEN anon THEN "
      "substr(timestamp, 1, 7) ELSE substr(timestamp, 1, 10) END FROM c LEFT JOIN crowd USING "
      "(parent, unit) ORDER BY 1, 2, timestamp",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW)
    rp_row(&t, "tttttt", rp_text(st, 0), rp_text(st, 1), rp_text(st, 2), rp_text(st, 3),
           *rp_text(st, 4) ? rp_text(st, 4) : "(tanpa unit)", rp_text(st, 5));
  return rp_done(st, &t, outdir, "komentar.csv", diags);
}

LT_MUST_CHECK static lt_status certificates(lt_db *db, GString *html, const char *outdir,
                                            lt_diag_list *diags) {
  g_string_append(html, "<h2>Daftar sertifikat</h2>\n<p>Setiap sertifikat yang dicetak pemutar "
                        "saat peserta lulus tes akhir, dengan kode periksa yang tertera di "
                        "sertifikat.</p>\n");
  rp_table t;
  const char *heads[] = {"Kode sertifikat", "Nomor", "NIP",     "Nama",  "Unit kerja",
                         "Kursus",          "Versi", "Tanggal", "Nilai", "JP"};
  rp_table_begin(&t, html, heads, 10);
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH p AS (SELECT s.id, s.actor, s.actor_name, s.unit, s.course, s.course_name, s.parent, "
      "s.score, s.timestamp, json_extract(j.json, '$.context.revision') AS version, "
      "json_extract(j.json, '$.context.extensions.\"" LT_XAPI_EXT_COURSE_MINUTES "\"') AS minutes, "
      "row_number() OVER (PARTITION BY s.course, s.actor, s.object ORDER BY s.score DESC, "
      "s.timestamp, s.id) AS k FROM statement s JOIN statement_json j ON j.statement = s.rowid "
      "WHERE s.verb = 'passed' AND s.role = 'posttest') "
      "SELECT id, actor, actor_name, unit, course_name, version, timestamp, score, minutes FROM p "
      "WHERE k = 1 ORDER BY timestamp, id",
      "");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    const char *id = rp_text(st, 0);
    char code[LT_CERTIFICATE_CODE_LEN];
    lt_certificate_code(id, code);
    GDateTime *when = g_date_time_new_from_iso8601(rp_text(st, 6), NULL),
              *local = when ? g_date_time_to_local(when) : NULL;
    char *number = lt_certificate_number(id, local ? g_date_time_get_year(local) : 1970);
    char *date = local ? g_date_time_format(local, "%Y-%m-%d") : g_strdup("");
    char *jp = sqlite3_column_type(st, 8) == SQLITE_NULL
                   ? g_strdup("")
                   : lt_certificate_jp_text(lt_certificate_jp(sqlite3_column_int64(st, 8)), "en");
    char *nip = lt_certificate_nip_text(rp_text(st, 1)); /* as printed; stays text in Excel */
    rp_row(&t, "ttttttttpx", code, number, nip, rp_text(st, 2), rp_text(st, 3), rp_text(st, 4),
           rp_text(st, 5), date, rp_share(st, 7), jp);
    g_free(number), g_free(date), g_free(jp), g_free(nip);
    if (local) g_date_time_unref(local);
    if (when) g_date_time_unref(when);
  }
  return rp_done(st, &t, outdir, "sertifikat.csv", diags);
}

lt_status lt_report_write(lt_collection *c, const char *outdir, lt_indicators *indicators,
                          const lt_target_list *targets, lt_diag_list *diags) {
  if (indicators && rp_indicators_check(indicators, lt_collection_db(c), diags) != LT_OK)
    return LT_ERR_INVALID; /* nothing written for figures that name what the records lack */
  if (g_mkdir_with_parents(outdir, 0755) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, outdir, 0, 0, "cannot create: %s", g_strerror(errno));
    return LT_ERR_IO;
  }
  lt_db *db = lt_collection_db(c);
  GString *html = g_string_new(NULL);
  rp_page_head(html, "Laporan Pelatihan Lentera");
  GDateTime *now = g_date_time_new_now_local();
  char *date = g_date_time_format(now, "%d-%m-%Y %H:%M");
  g_date_time_unref(now);
  g_string_append_printf(
      html,
      "<h1>Laporan Pelatihan Lentera</h1>\n<p>Dibuat %s dari %" G_GINT64_FORMAT
      " catatan belajar.</p>\n<div class=ring><div><b>%" G_GINT64_FORMAT
      "</b>peserta</div><div><b>%" G_GINT64_FORMAT "</b>kursus</div><div><b>%" G_GINT64_FORMAT
      "</b>unit kerja</div></div>\n",
      date, lt_db_scalar(db, 0, "SELECT count(*) FROM statement", ""),
      lt_db_scalar(db, 0, "SELECT count(DISTINCT actor) FROM statement WHERE " NOT_SURVEY, ""),
      lt_db_scalar(db, 0, "SELECT count(DISTINCT course) FROM statement WHERE course != ''", ""),
      lt_db_scalar(db, 0, "SELECT count(DISTINCT unit) FROM statement WHERE unit != ''", ""));
  g_free(date);
  size_t toc_at = html->len; /* the contents go here, once the sections are known */
  lt_status s = completion(db, html, outdir, diags);
  if (s == LT_OK) s = pre_post(db, html, outdir, diags);
  if (s == LT_OK) s = pass_rate(db, html, outdir, diags);
  if (s == LT_OK) s = retention(db, html, outdir, diags);
  if (s == LT_OK) s = active_time(db, html, outdir, diags);
  if (s == LT_OK) s = trend(db, html, outdir, diags);
  if (s == LT_OK) s = rp_targets(targets, db, html, outdir, diags);
  if (s == LT_OK) s = questions(db, html, outdir, diags);
  if (s == LT_OK) s = item_analysis(db, html, outdir, diags);
  if (s == LT_OK) s = feedback(db, html, outdir, diags);
  if (s == LT_OK) s = certificates(db, html, outdir, diags);
  if (s == LT_OK) s = rp_transcripts(db, html, outdir, diags);
  if (s == LT_OK && indicators) s = rp_indicators(indicators, db, html, outdir, diags);
  if (s == LT_OK) contents(html, toc_at);
  g_string_append(
      html, "<p>Tabel yang sama ada dalam berkas CSV di folder ini (penyelesaian, "
            "tes-awal-akhir, kelulusan, tes-ulang, waktu-belajar, tren-bulanan, soal-salah, soal, "
            "umpan-balik, komentar, sertifikat, transkrip; indikator bila angka layanan "
            "diberikan).</p>\n</body>\n</html>\n");
  if (s == LT_OK) {
    char *path = g_build_filename(outdir, "index.html", NULL);
    s = lt_file_write_atomic(path, html->str, html->len, 0644, true, diags);
    g_free(path);
  }
  g_string_free(html, TRUE);
  return s;
}

/* ---- certificates ---- */

/* Whether the statement's timestamp falls in `year`, in UTC or in this computer's time (a
 * certificate's year is the player's local one). */
static bool in_year(const char *timestamp, int year) {
  GDateTime *t = g_date_time_new_from_iso8601(timestamp, NULL);
  if (!t) return false;
  GDateTime *local = g_date_time_to_local(t);
  bool ok = g_date_time_get_year(t) == year || (local && g_date_time_get_year(local) == year);
  if (local) g_date_time_unref(local);
  g_date_time_unref(t);
  return ok;
}

lt_status lt_report_find_certificate(lt_collection *c, const char *typed, bool *out_found,
                                     lt_report_certificate *out, lt_diag_list *diags) {
  char code[LT_CERTIFICATE_CODE_LEN], prefix[9];
  int year = 0;
  bool by_number = lt_certificate_number_parse(typed, &year, prefix);
  if (!by_number && !lt_certificate_code_parse(typed, code)) {
    lt_diag_add(diags, LT_DIAG_ERROR, typed, 0, 0,
                "not a certificate's check code (8 letters and digits, e.g. K7QF-2M9D) nor its "
                "number (LTR/2026/1A2B3C4D): copy it from the certificate");
    return LT_ERR_INVALID;
  }
  lt_db *db = lt_collection_db(c);
  /* every passed statement (a number narrows them by the id's start); the code of each is
   * computed here, as the player did */
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "SELECT s.id, s.actor, s.actor_name, s.unit, s.course_name, s.course, s.score, "
      "s.timestamp, json_extract(j.json, '$.context.revision') FROM statement s "
      "JOIN statement_json j ON j.statement = s.rowid "
      "WHERE s.verb = 'passed' AND (?1 IS NULL OR substr(s.id, 1, 8) = ?1) ORDER BY s.timestamp",
      "t", by_number ? prefix : NULL);
  if (!st) return LT_ERR_IO;
  bool found = false;
  int rc = SQLITE_DONE;
  while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *when = (const char *)sqlite3_column_text(st, 7);
    char mine[LT_CERTIFICATE_CODE_LEN];
    lt_certificate_code(id, mine);
    found = by_number ? in_year(when, year) : !strcmp(mine, code);
    if (!found) continue;
    GDateTime *t = g_date_time_new_from_iso8601(when, NULL),
              *local = t ? g_date_time_to_local(t) : NULL;
    memset(out, 0, sizeof *out);
    memcpy(out->code, mine, sizeof out->code);
    out->number = lt_certificate_number(id, by_number ? year
                                            : local   ? g_date_time_get_year(local)
                                                      : 1970);
    out->nip = g_strdup((const char *)sqlite3_column_text(st, 1));
    out->name = g_strdup((const char *)sqlite3_column_text(st, 2));
    out->unit = g_strdup((const char *)sqlite3_column_text(st, 3));
    out->course = g_strdup((const char *)sqlite3_column_text(st, 4));
    out->course_id = g_strdup((const char *)sqlite3_column_text(st, 5));
    out->score = sqlite3_column_double(st, 6);
    out->timestamp = g_strdup(when);
    out->version = g_strdup((const char *)sqlite3_column_text(st, 8));
    if (local) g_date_time_unref(local);
    if (t) g_date_time_unref(t);
  }
  lt_status s =
      found || rc == SQLITE_DONE ? LT_OK : lt_db_fail(db, diags, "cannot read the collection");
  sqlite3_reset(st);
  if (s == LT_OK)
    *out_found = found;
  else if (found)
    lt_report_certificate_clear(out);
  return s;
}

void lt_report_certificate_clear(lt_report_certificate *r) {
  if (!r) return;
  g_free(r->number), g_free(r->name), g_free(r->nip), g_free(r->unit);
  g_free(r->course), g_free(r->course_id), g_free(r->version), g_free(r->timestamp);
  memset(r, 0, sizeof *r);
}
