/* targets — courses' training targets, read from their packs, and the report's section that
 * sets them against the records ("Target pelatihan", target.csv, target-bulanan.csv).
 *
 * Per target, the staff counted are the learners of its group in the records: those whose
 * statements carry that audience extension (semua-staf: every learner in the records, no
 * anonymous survey actor); a learner reaches it at their first statement that qualifies
 * (started: any statement about the course but a survey's; passed: a post-test's
 * "passed"). Month by month the share reached is set beside the straight path from the
 * pack's creation (0%) to the deadline (the target's share), so a manager sees whether it
 * is on track: reached → "Tercapai"; deadline passed → "Tidak tercapai"; at or above the path
 * → "Sesuai jalur"; else "Tertinggal". Dates are this computer's calendar; statements' UTC
 * timestamps are read by their month. */
#include "lentera/target.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/course.h"
#include "lentera/manifest.h"
#include "lentera/pack.h"
#include "lentera/xapi.h"
#include "report_parts.h"

typedef struct {
  char *course_id, *title, *version;
  GDate start; /* the pack's creation */
  lt_target target;
} entry;

struct lt_target_list {
  GArray *entries; /* of entry, in the order the packs were given */
};

bool lt_target_measure_known(const char *measure) {
  return !g_strcmp0(measure, "started") || !g_strcmp0(measure, "passed");
}

static void entry_clear(gpointer p) {
  entry *e = p;
  g_free(e->course_id), g_free(e->title), g_free(e->version);
}

lt_target_list *lt_target_list_new(void) {
  lt_target_list *l = g_new0(lt_target_list, 1);
  l->entries = g_array_new(FALSE, TRUE, sizeof(entry));
  g_array_set_clear_func(l->entries, entry_clear);
  return l;
}

void lt_target_list_free(lt_target_list *l) {
  if (!l) return;
  g_array_free(l->entries, TRUE);
  g_free(l);
}

size_t lt_target_list_count(const lt_target_list *l) { return l ? l->entries->len : 0; }

lt_status lt_target_list_add_pack(lt_target_list *l, const char *path, size_t *out_added,
                                  lt_diag_list *diags) {
  lt_manifest *m = NULL;
  char signer[LT_SIGN_KEY_ID_HEX];
  if (out_added) *out_added = 0;
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "is a folder: give the course's pack (.lentera), made by lentera-pack build");
    return LT_ERR_INVALID;
  }
  lt_status s = lt_pack_read_manifest(path, &m, signer, diags);
  if (s != LT_OK) return s;
  const lt_manifest_info *in = lt_manifest_get_info(m);
  char *course = lt_xapi_activity_id(in->activity_base, in->id, NULL, NULL);
  for (guint i = l->entries->len; i-- > 0;) { /* the newer version's targets stand */
    entry *e = &g_array_index(l->entries, entry, i);
    if (strcmp(e->course_id, course) != 0) continue;
    if (lt_course_semver_compare(e->version, in->version) > 0) {
      lt_manifest_free(m);
      free(course);
      return LT_OK;
    }
    g_array_remove_index(l->entries, i);
  }
  size_t n;
  const lt_target *t = lt_manifest_get_targets(m, &n);
  for (size_t i = 0; i < n; i++) {
    entry e = {g_strdup(course), g_strdup(in->title), g_strdup(in->version), {0}, t[i]};
    GDateTime *dt = g_date_time_new_from_unix_local(in->created);
    g_date_clear(&e.start, 1);
    if (dt) {
      g_date_set_dmy(&e.start, (GDateDay)g_date_time_get_day_of_month(dt),
                     (GDateMonth)g_date_time_get_month(dt), (GDateYear)g_date_time_get_year(dt));
      g_date_time_unref(dt);
    }
    g_array_append_val(l->entries, e);
  }
  if (out_added) *out_added = n;
  lt_manifest_free(m);
  free(course);
  return LT_OK;
}

/* ---- the report's section ---- */

static const char *measure_words(const char *measure) {
  return !strcmp(measure, "passed") ? "lulus tes akhir" : "mulai belajar";
}

static const char *group_words(const char *audience) {
  static const char *const ids[] = {"paket-a", "paket-b", "paket-c", "paket-d", "semua-staf"};
  static const char *const words[] = {"Paket A", "Paket B", "Paket C", "Paket D", "Semua staf"};
  for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
    if (!strcmp(audience, ids[i])) return words[i];
  return audience;
}

/* The share on the straight path from `start` (0) to `by` (the target's share) on day `d`. */
static double path_share(const entry *e, const GDate *start, const GDate *by, const GDate *d) {
  if (!g_date_valid(start) || g_date_compare(by, start) <= 0) return e->target.share;
  double total = g_date_days_between(start, by), gone = g_date_days_between(start, d);
  return e->target.share * CLAMP(gone / total, 0, 1);
}

/* The people still needed for `share` of `staff`, `reached` already there (0 when none). */
static int64_t short_by(double share, int64_t staff, int64_t reached) {
  int64_t need = (int64_t)ceil(share * (double)staff - 1e-9);
  return need > reached ? need - reached : 0;
}

/* One target: its month-by-month rows and chart, and its line of the summary. */
LT_MUST_CHECK static lt_status one_target(const entry *e, lt_db *db, GString *html,
                                          rp_table *summary, rp_table *months,
                                          lt_diag_list *diags) {
  GDate by, today;
  g_date_clear(&by, 1), g_date_clear(&today, 1);
  g_date_set_parse(&by, e->target.by);
  GDateTime *now = g_date_time_new_now_local();
  g_date_set_dmy(&today, (GDateDay)g_date_time_get_day_of_month(now),
                 (GDateMonth)g_date_time_get_month(now), (GDateYear)g_date_time_get_year(now));
  g_date_time_unref(now);
  const char *aud = e->target.audience;
  int64_t staff = lt_db_scalar(
      db, -1,
      "SELECT count(DISTINCT actor) FROM statement WHERE CASE WHEN ?1 = 'semua-staf' THEN "
      "role != 'survey' AND actor NOT LIKE 'anonim-%' ELSE audience = ?1 END",
      "t", aud);
  /* per month: how many of the group reached it for the first time then */
  sqlite3_stmt *st = lt_db_prepare(
      db, diags,
      "WITH g AS (SELECT DISTINCT actor FROM statement WHERE CASE WHEN ?1 = 'semua-staf' THEN "
      "role != 'survey' AND actor NOT LIKE 'anonim-%' ELSE audience = ?1 END), "
      "f AS (SELECT actor, min(timestamp) AS t FROM statement WHERE course = ?2 AND CASE WHEN "
      "?3 = 'passed' THEN verb = 'passed' AND role = 'posttest' ELSE role != 'survey' END AND "
      "actor IN g GROUP BY actor) "
      "SELECT substr(t, 1, 7), count(*) FROM f GROUP BY 1 ORDER BY 1",
      "ttt", aud, e->course_id, e->target.measure);
  if (!st || staff < 0) return LT_ERR_IO;
  GHashTable *per_month = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char first[8] = "";
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *m = rp_text(st, 0);
    if (!*first) g_strlcpy(first, m, sizeof first);
    g_hash_table_insert(per_month, g_strdup(m), GINT_TO_POINTER(sqlite3_column_int(st, 1)));
  }
  sqlite3_reset(st);
  /* the path starts when the course did: its pack's creation, or its first record when that
   * is earlier (a pack built again later does not move the start); the months run from
   * there to this month, or to the deadline's once it is past */
  GDate start = g_date_valid(&e->start) ? e->start : today;
  char *began = NULL;
  sqlite3_stmt *fs = lt_db_prepare(
      db, diags, "SELECT min(timestamp) FROM statement WHERE course = ?", "t", e->course_id);
  if (fs && sqlite3_step(fs) == SQLITE_ROW) began = g_strdup(rp_text(fs, 0));
  if (fs) sqlite3_reset(fs);
  if (began && strlen(began) >= 10) {
    GDate f;
    g_date_clear(&f, 1);
    g_date_set_dmy(&f, (GDateDay)atoi(began + 8), (GDateMonth)atoi(began + 5),
                   (GDateYear)atoi(began));
    if (g_date_valid(&f) && g_date_compare(&f, &start) < 0) start = f;
  }
  g_free(began);
  GDate m = start;
  if (*first) {
    GDate f;
    g_date_clear(&f, 1);
    g_date_set_dmy(&f, 1, (GDateMonth)atoi(first + 5), (GDateYear)atoi(first));
    if (g_date_valid(&f) && g_date_compare(&f, &m) < 0) m = f;
  }
  g_date_set_day(&m, 1);
  const GDate *last = g_date_compare(&today, &by) < 0 ? &today : &by;
  char *title =
      g_strdup_printf("%s · %s · %s", e->title, group_words(aud), measure_words(e->target.measure));
  rp_chart ch;
  rp_chart_init(&ch);
  int64_t reached = 0;
  double share = NAN, path = 0;
  for (int guard = 0; guard < 240 && (g_date_get_year(&m) < g_date_get_year(last) ||
                                      (g_date_get_year(&m) == g_date_get_year(last) &&
                                       g_date_get_month(&m) <= g_date_get_month(last)));
       guard++) {
    char key[8];
    g_snprintf(key, sizeof key, "%04d-%02d", g_date_get_year(&m), g_date_get_month(&m));
    reached += GPOINTER_TO_INT(g_hash_table_lookup(per_month, key));
    GDate end = m; /* the month's last day, or today in this month */
    g_date_set_day(&end, g_date_get_days_in_month(g_date_get_month(&m), g_date_get_year(&m)));
    if (g_date_compare(&end, &today) > 0) end = today;
    share = staff > 0 ? (double)reached / (double)staff : NAN;
    path = path_share(e, &start, &by, &end);
    char *label = g_date_compare(&end, &today) == 0 ? g_strdup_printf("%s (s.d. hari ini)", key)
                                                    : g_strdup(key);
    rp_chart_add(&ch, label, isnan(share) ? 0 : share, path);
    g_free(label);
    rp_row(months, "ttttnpp", e->title, group_words(aud), measure_words(e->target.measure), key,
           reached, share, path);
    g_date_add_months(&m, 1);
  }
  g_hash_table_destroy(per_month);
  /* once the deadline is past, `reached` counts up to the end of its month: whether the
   * target was met in time */
  double path_now = path_share(e, &start, &by, &today);
  const char *status = staff <= 0                        ? "Belum ada data"
                       : share + 1e-9 >= e->target.share ? "Tercapai"
                       : g_date_compare(&today, &by) > 0 ? "Tidak tercapai"
                       : share + 1e-9 >= path_now        ? "Sesuai jalur"
                                                         : "Tertinggal";
  char *when = g_strdup_printf("%02d-%02d-%04d", g_date_get_day(&by), g_date_get_month(&by),
                               g_date_get_year(&by));
  char *head = g_strdup_printf("%s: %.0f%% %s %s paling lambat %s", status, e->target.share * 100,
                               group_words(aud), measure_words(e->target.measure), when);
  char *esc = g_markup_escape_text(title, -1), *esc_head = g_markup_escape_text(head, -1);
  char *now_share = isnan(share) ? g_strdup("-") : g_strdup_printf("%.0f%%", share * 100);
  int64_t behind = short_by(path_now, staff, reached);
  int64_t to_go = short_by(e->target.share, staff, reached);
  GString *said = g_string_new(NULL);
  g_string_append_printf(said,
                         "Sekarang %" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT " pegawai (%s). ",
                         reached, staff, now_share);
  if (staff > 0 && g_date_compare(&today, &by) <= 0)
    g_string_append_printf(said,
                           "Menurut jalur ke target, hari ini seharusnya %.0f%% (%" G_GINT64_FORMAT
                           " pegawai)%s. ",
                           path_now * 100, (int64_t)ceil(path_now * (double)staff - 1e-9),
                           behind ? "" : ": sudah terpenuhi");
  if (behind)
    g_string_append_printf(said, "Kurang %" G_GINT64_FORMAT " pegawai dari jalur. ", behind);
  if (to_go)
    g_string_append_printf(
        said, "Untuk mencapai target masih perlu %" G_GINT64_FORMAT " pegawai lagi.", to_go);
  char *esc_said = g_markup_escape_text(said->str, -1);
  g_string_append_printf(html, "<h3>%s</h3>\n<p><b>%s.</b> %s</p>\n", esc, esc_head, esc_said);
  g_string_free(said, TRUE);
  g_free(esc), g_free(esc_head), g_free(now_share), g_free(esc_said);
  rp_chart_svg(&ch, html, title, "Capaian", "Seharusnya (jalur ke target)");
  rp_row(summary, "tttpxnnpptn", e->title, group_words(aud), measure_words(e->target.measure),
         e->target.share, when, staff, reached, share, path_now, status, to_go);
  g_free(title), g_free(when), g_free(head);
  return LT_OK;
}

lt_status rp_targets(const lt_target_list *l, lt_db *db, GString *html, const char *outdir,
                     lt_diag_list *diags) {
  g_string_append(html,
                  "<h2>Target pelatihan</h2>\n<p>Target yang ditetapkan pelatih untuk kursusnya, "
                  "misalnya \"paling lambat 30-06-2027, 80% pegawai Paket A lulus tes akhir\". "
                  "<b>Seharusnya</b> (hari ini): garis lurus dari 0% saat kursus mulai dipakai "
                  "sampai target pada tenggatnya. <b>Status</b>: Tercapai; Sesuai jalur (capaian "
                  "sudah sampai garis itu); Tertinggal (di bawahnya); Tidak tercapai (tenggat "
                  "lewat). <b>Kurang</b>: orang yang masih perlu untuk target. <b>Pegawai</b> "
                  "kelompok itu dihitung dari catatan belajar: pegawai yang "
                  "memilih paket itu di Lentera (Semua staf: semua pegawai dalam catatan). "
                  "Pegawai yang belum pernah memakai Lentera tidak terhitung, jadi bandingkan "
                  "jumlahnya dengan daftar pegawai unit Anda.</p>\n");
  rp_table summary, months;
  const char *heads[] = {"Kursus",         "Kelompok", "Yang diukur",   "Target (%)",
                         "Tenggat",        "Pegawai",  "Sudah",         "Capaian (%)",
                         "Seharusnya (%)", "Status",   "Kurang (orang)"};
  const char *month_heads[] = {
      "Kursus",      "Kelompok",      "Yang diukur", "Bulan", "Sudah mencapai (sampai bulan itu)",
      "Capaian (%)", "Seharusnya (%)"};
  GString *charts = g_string_new(NULL), *month_html = g_string_new(NULL);
  rp_table_begin(&summary, html, heads, 11);
  rp_table_begin(&months, month_html, month_heads, 7);
  lt_status s = LT_OK;
  for (guint i = 0; l && i < l->entries->len && s == LT_OK; i++)
    s = one_target(&g_array_index(l->entries, entry, i), db, charts, &summary, &months, diags);
  lt_status w = rp_table_end(&summary, outdir, "target.csv", diags);
  if (!lt_target_list_count(l))
    g_string_append(html, "<p>Tidak ada target: jalankan <code>lentera-pack report</code> dengan "
                          "<code>--pack BERKAS.lentera</code> untuk kursus yang punya "
                          "<code>targets</code>.</p>\n");
  g_string_append(html, charts->str);
  lt_status w2 = rp_table_end(&months, outdir, "target-bulanan.csv", diags);
  g_string_free(charts, TRUE), g_string_free(month_html, TRUE);
  if (s == LT_OK) s = w;
  if (s == LT_OK) s = w2;
  return s;
}
