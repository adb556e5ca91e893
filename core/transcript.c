/* transcript — the report's transcript of each learner: transkrip.csv (a row per learner and
 * course) and transkrip/<NIP>.html (one page per learner, printable on A4: their courses
 * with the pre-test, the post-test's tries and best, the pass date, the certificate's number
 * and check code, the follow-ups and the active minutes; then every finished test in the
 * order taken). Survey statements are left out (anonymous ones belong to no one).
 *
 * Two queries, both ordered by the learner's account, are stepped side by side (a merge),
 * so one learner's page is built and written at a time and memory stays one page however
 * many learners the collection holds. */
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "lentera/certificate.h"
#include "lentera/file.h"
#include "lentera/xapi.h"
#include "report_parts.h"

/* A learner's account as a file name: letters, digits, '.', '-' and '_' kept, the rest '_'. */
static char *page_name(const char *actor) {
  GString *s = g_string_new(NULL);
  for (const char *p = actor; *p && s->len < 64; p++)
    g_string_append_c(s, g_ascii_isalnum(*p) || strchr(".-_", *p) ? *p : '_');
  if (!s->len || s->str[0] == '.') g_string_prepend_c(s, '_');
  g_string_append(s, ".html");
  return g_string_free(s, FALSE);
}

static char *percent(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL
             ? g_strdup("")
             : g_strdup_printf("%.0f", sqlite3_column_double(st, i) * 100);
}

/* The local date of an ISO 8601 UTC time, YYYY-MM-DD ("" when there is none). The local zone
 * is looked up once a run: GLib reads /etc/localtime again for every g_date_time_to_local,
 * and a province's transcripts convert a few hundred thousand times. */
static char *local_day(const char *iso) {
  static gsize zone;
  if (g_once_init_enter(&zone)) g_once_init_leave(&zone, (gsize)g_time_zone_new_local());
  GDateTime *t = *iso ? g_date_time_new_from_iso8601(iso, NULL) : NULL;
  GDateTime *l = t ? g_date_time_to_timezone(t, (GTimeZone *)zone) : NULL;
  char *out = l ? g_date_time_format(l, "%Y-%m-%d") : g_strdup("");
  if (l) g_date_time_unref(l);
  if (t) g_date_time_unref(t);
  return out;
}

/* `s` is read again by each part rather than materialized: a copy of the whole table in a
 * temporary file cost more than the reads (5.8 s against 2.5 s at 1,000,000 statements). */
static const char summary_sql[] =
    "WITH s AS NOT MATERIALIZED (SELECT rowid AS k, * FROM statement WHERE course != '' AND "
    "coalesce(role, '') != 'survey'), "
    "who AS (SELECT actor, max(actor_name) AS name, max(unit) AS unit FROM s GROUP BY actor), "
    "pre AS (SELECT actor, course, score, row_number() OVER (PARTITION BY actor, course ORDER BY "
    "timestamp, k) AS n FROM s WHERE verb = 'completed' AND role = 'pretest' AND score IS NOT "
    "NULL), "
    "cert AS (SELECT actor, course, id, timestamp, row_number() OVER (PARTITION BY actor, course "
    "ORDER BY score DESC, timestamp, id) AS n FROM s WHERE verb = 'passed' AND role = "
    "'posttest'), "
    "fu0 AS (SELECT s.actor, s.course, json_extract(j.json, "
    "'$.context.extensions.\"" LT_XAPI_EXT_FOLLOWUP_DAYS
    "\"') AS days, max(s.score) AS score FROM s JOIN statement_json j ON j.statement = s.k WHERE "
    "s.verb IN ('passed', 'failed') AND s.role = 'followup' GROUP BY 1, 2, 3), "
    "fu AS (SELECT actor, course, group_concat(days || ' hari: ' || printf('%.0f', score * 100), "
    "'; ') AS text FROM (SELECT * FROM fu0 ORDER BY days) GROUP BY actor, course), "
    "c AS (SELECT actor, course, max(course_name) AS course_name, sum(verb IN ('passed', "
    "'failed') AND role = 'posttest') AS tries, max(CASE WHEN verb IN ('passed', 'failed') AND "
    "role = 'posttest' THEN score END) AS best, min(CASE WHEN verb = 'passed' AND role = "
    "'posttest' THEN timestamp END) AS passed, coalesce(sum(CASE WHEN verb = 'completed' AND "
    "object_type = 'lesson' THEN duration END), 0) AS secs FROM s GROUP BY actor, course) "
    "SELECT c.actor, who.name, who.unit, c.course_name, pre.score, c.tries, c.best, "
    "coalesce(c.passed, ''), coalesce(cert.id, ''), coalesce(cert.timestamp, ''), "
    "coalesce(fu.text, ''), c.secs FROM c JOIN who USING (actor) "
    "LEFT JOIN pre ON pre.actor = c.actor AND pre.course = c.course AND pre.n = 1 "
    "LEFT JOIN cert ON cert.actor = c.actor AND cert.course = c.course AND cert.n = 1 "
    "LEFT JOIN fu ON fu.actor = c.actor AND fu.course = c.course "
    "ORDER BY c.actor, c.course_name";

static const char tests_sql[] =
    "SELECT actor, timestamp, course_name, object_name, role, verb, score FROM statement WHERE "
    "object_type = 'assessment' AND verb IN ('completed', 'passed', 'failed') AND "
    "coalesce(role, '') != 'survey' ORDER BY actor, timestamp, rowid";

static const char *role_words(const char *role) {
  return !strcmp(role, "pretest")    ? "tes awal"
         : !strcmp(role, "posttest") ? "tes akhir"
         : !strcmp(role, "followup") ? "tes ulang"
         : !strcmp(role, "practice") ? "latihan"
                                     : role;
}

/* The end of one learner's page: their tests, as `tests` holds them from its current row
 * (stepped past every row of accounts before `actor`); returns whether `tests` has a row. */
static bool page_tests(GString *page, sqlite3_stmt *tests, bool have, const char *actor) {
  g_string_append(page,
                  "<h2 class=same>Tes yang diselesaikan</h2>\n<table><thead><tr><th>Tanggal</th>"
                  "<th>Kursus</th><th>Tes</th><th>Jenis</th><th>Nilai</th><th>Hasil</th>"
                  "</tr></thead><tbody>\n");
  while (have && strcmp(rp_text(tests, 0), actor) < 0)
    have = sqlite3_step(tests) == SQLITE_ROW;
  int rows = 0;
  for (; have && !strcmp(rp_text(tests, 0), actor); have = sqlite3_step(tests) == SQLITE_ROW) {
    rows++;
    char *day = local_day(rp_text(tests, 1)), *score = percent(tests, 6);
    const char *verb = rp_text(tests, 5);
    char *row = g_markup_printf_escaped(
        "<tr><td class=d>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=n>%s%%</td><td>%s</td>"
        "</tr>\n",
        day, rp_text(tests, 2), rp_text(tests, 3), role_words(rp_text(tests, 4)), score,
        !strcmp(verb, "passed")   ? "lulus"
        : !strcmp(verb, "failed") ? "belum lulus"
                                  : "selesai");
    g_string_append(page, row);
    g_free(row), g_free(day), g_free(score);
  }
  if (!rows) g_string_append(page, "<tr><td colspan=6>Belum ada tes yang selesai.</td></tr>\n");
  g_string_append(page, "</tbody></table>\n");
  return have;
}

LT_MUST_CHECK static lt_status write_page(const char *dir, const char *actor, GString *page,
                                          lt_diag_list *diags) {
  char *name = page_name(actor), *path = g_build_filename(dir, name, NULL);
  lt_status s = lt_file_write_atomic(path, page->str, page->len, 0644, true, diags);
  g_free(name), g_free(path);
  return s;
}

lt_status rp_transcripts(lt_db *db, GString *html, const char *outdir, lt_diag_list *diags) {
  char *dir = g_build_filename(outdir, "transkrip", NULL);
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    lt_diag_add(diags, LT_DIAG_ERROR, dir, 0, 0, "cannot create the folder: %s", g_strerror(errno));
    g_free(dir);
    return LT_ERR_IO;
  }
  g_string_append(html, "<h2>Transkrip per peserta</h2>\n<p>Semua kursus, tes, nilai dan "
                        "sertifikat setiap peserta: satu halaman per peserta di folder "
                        "<code>transkrip/</code> (siap dicetak A4), dan semuanya dalam "
                        "<code>transkrip.csv</code>.</p>\n");
  rp_table t;
  const char *heads[] = {"NIP",
                         "Nama",
                         "Unit kerja",
                         "Kursus",
                         "Tes awal (%)",
                         "Percobaan tes akhir",
                         "Tes akhir terbaik (%)",
                         "Lulus",
                         "Nomor sertifikat",
                         "Kode cek",
                         "Tes ulang (%)",
                         "Menit aktif"};
  GString *csv_only = g_string_new(NULL); /* the CSV's rows; the page lists learners */
  rp_table_begin(&t, csv_only, heads, 12);
  g_string_append(html, "<table><thead><tr><th>Nama</th><th>NIP</th><th>Unit kerja</th>"
                        "<th>Kursus diikuti</th><th>Kursus lulus</th><th>Transkrip</th></tr>"
                        "</thead><tbody>\n");
  GDateTime *now = g_date_time_new_now_local();
  char *made = g_date_time_format(now, "%Y-%m-%d %H:%M");
  g_date_time_unref(now);
  sqlite3_stmt *st = lt_db_prepare(db, diags, summary_sql, "");
  sqlite3_stmt *tests = lt_db_prepare(db, diags, tests_sql, "");
  lt_status s = st && tests ? LT_OK : LT_ERR_IO;
  bool have_tests = tests && sqlite3_step(tests) == SQLITE_ROW;
  bool have = st && sqlite3_step(st) == SQLITE_ROW;
  while (s == LT_OK && have) {
    char *actor = g_strdup(rp_text(st, 0)), *nip = lt_certificate_nip_text(actor);
    GString *page = g_string_new(NULL);
    rp_page_head(page, "Transkrip pelatihan");
    char *head = g_markup_printf_escaped(
        "<style>td.d{white-space:nowrap}</style>\n"
        "<h1>Transkrip pelatihan</h1>\n<p><b>%s</b> · NIP %s · %s</p>\n<table><thead><tr>"
        "<th>Kursus</th><th>Tes awal</th><th>Tes akhir terbaik (berapa kali dicoba)</th>"
        "<th>Lulus</th><th>Sertifikat</th><th>Tes ulang setelah lulus</th><th>Menit aktif</th>"
        "</tr></thead><tbody>\n",
        rp_text(st, 1), nip, *rp_text(st, 2) ? rp_text(st, 2) : "(tanpa unit)");
    g_string_append(page, head);
    g_free(head);
    char *name = g_strdup(rp_text(st, 1)), *unit = g_strdup(rp_text(st, 2));
    int courses = 0, passed = 0;
    for (; have && !strcmp(rp_text(st, 0), actor); have = sqlite3_step(st) == SQLITE_ROW) {
      char *pre = percent(st, 4), *best = percent(st, 6), *day = local_day(rp_text(st, 7));
      char *number = g_strdup(""), code[LT_CERTIFICATE_CODE_LEN] = "";
      if (*rp_text(st, 8)) {
        char *cday = local_day(rp_text(st, 9));
        g_free(number);
        number = lt_certificate_number(rp_text(st, 8), *cday ? atoi(cday) : 1970);
        lt_certificate_code(rp_text(st, 8), code);
        g_free(cday);
      }
      char *mins = g_strdup_printf("%.0f", sqlite3_column_double(st, 11) / 60.0);
      rp_row(&t, "tttttntttttx", nip, name, unit, rp_text(st, 3), pre, sqlite3_column_int64(st, 5),
             best, day, number, code, rp_text(st, 10), mins);
      long long tries = sqlite3_column_int64(st, 5);
      char *post = tries ? g_strdup_printf("%s%% (%lld×)", best, tries) : g_strdup("belum");
      char *row = g_markup_printf_escaped("<tr><td>%s</td><td class=n>%s%s</td><td "
                                          "class=n>%s</td><td class=d>%s</td><td>%s%s%s</td>"
                                          "<td>%s</td><td class=n>%s</td></tr>\n",
                                          rp_text(st, 3), *pre ? pre : "belum", *pre ? "%" : "",
                                          post, *day ? day : "belum", *number ? number : "belum",
                                          *code ? " · kode cek " : "", code,
                                          *rp_text(st, 10) ? rp_text(st, 10) : "—", mins);
      g_free(post);
      g_string_append(page, row);
      g_free(row);
      courses++, passed += *day != '\0';
      g_free(pre), g_free(best), g_free(day), g_free(number), g_free(mins);
    }
    g_string_append(page, "</tbody></table>\n");
    have_tests = page_tests(page, tests, have_tests, actor);
    g_string_append_printf(page,
                           "<p>Dari laporan pelatihan Lentera, dibuat %s. Keaslian sertifikat "
                           "dapat diperiksa pelatih dengan kode ceknya.</p>\n</body>\n</html>\n",
                           made);
    s = write_page(dir, actor, page, diags);
    char *file = page_name(actor);
    char *entry = g_markup_printf_escaped(
        "<tr><td>%s</td><td>%s</td><td>%s</td><td class=n>%d</td><td class=n>%d</td>"
        "<td><a href=\"transkrip/%s\">buka</a></td></tr>\n",
        name, nip, *unit ? unit : "(tanpa unit)", courses, passed, file);
    g_string_append(html, entry);
    g_free(entry), g_free(file);
    g_string_free(page, TRUE);
    g_free(actor), g_free(nip), g_free(name), g_free(unit);
  }
  g_string_append(html, "</tbody></table>\n");
  if (tests) sqlite3_reset(tests);
  lt_status e = rp_done(st, &t, outdir, "transkrip.csv", diags);
  g_string_free(csv_only, TRUE);
  g_free(dir), g_free(made);
  return s != LT_OK ? s : e;
}
