/* collect — `lentera-pack collect` and `lentera-pack report`: the trainer's side of the
 * records' journey. collect reads sync folders (USB sticks, shared drives) and optionally an
 * LRS into one collection file, and can forward it on to another LRS; report turns the
 * collection into index.html and CSV files for managers. A login over http:// is refused
 * (it would travel in clear) unless LENTERA_LRS_ALLOW_INSECURE=1; the pull follows `more`
 * only on the LRS's own origin and stops at a page it has read (lrs.h). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lentera/collection.h"
#include "lentera/lrs.h"
#include "lentera/report.h"
#include "progress.h"

/* An LRS from a URL, its login from the URL's user info or the environment. */
static bool lrs_from_url(const char *url, lt_lrs *out) {
  GError *err = NULL;
  GUri *u = g_uri_parse(url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, &err);
  if (!u) {
    fprintf(stderr, "lentera-pack collect: %s: %s\n", url, err->message);
    g_error_free(err);
    return false;
  }
  char *user = g_uri_unescape_string(g_uri_get_user(u) ? g_uri_get_user(u) : "", NULL);
  char *pass = g_uri_unescape_string(g_uri_get_password(u) ? g_uri_get_password(u) : "", NULL);
  if (!*user && getenv("LENTERA_LRS_USERNAME"))
    g_free(user), user = g_strdup(getenv("LENTERA_LRS_USERNAME"));
  if (!*pass && getenv("LENTERA_LRS_PASSWORD"))
    g_free(pass), pass = g_strdup(getenv("LENTERA_LRS_PASSWORD"));
  char *bare = g_uri_join(G_URI_FLAGS_ENCODED, g_uri_get_scheme(u), NULL, g_uri_get_host(u),
                          g_uri_get_port(u), g_uri_get_path(u), g_uri_get_query(u), NULL);
  lt_lrs_init(out, bare, user, pass);
  const char *insecure = getenv("LENTERA_LRS_ALLOW_INSECURE");
  out->allow_insecure = insecure && strcmp(insecure, "1") == 0;
  const char *ca = getenv("LENTERA_LRS_CA_FILE"); /* an office LRS's own certificate */
  if (ca && *ca) out->ca_file = g_strdup(ca);
  g_free(bare), g_free(user), g_free(pass);
  g_uri_unref(u);
  return true;
}

static void say_result(const char *what, const lt_lrs_result *r) {
  if (r->outcome == LT_LRS_DONE) return;
  fprintf(stderr, "lentera-pack collect: %s stopped: %s (%s)\n", what,
          lt_lrs_outcome_str(r->outcome), r->detail);
  if (r->outcome == LT_LRS_INSECURE)
    fputs("lentera-pack collect: use https://, or set LENTERA_LRS_ALLOW_INSECURE=1 if this "
          "network is trusted with the password\n",
          stderr);
}

int cmd_collect(int argc, char **argv) {
  char *db = NULL, *from = NULL, *forward = NULL;
  GOptionEntry entries[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The collection (created when missing)",
       "COLLECTION.sqlite"},
      {"from-lrs", 0, 0, G_OPTION_ARG_STRING, &from, "Also pull the statements of an LRS", "URL"},
      {"forward", 0, 0, G_OPTION_ARG_STRING, &forward, "Push what is collected to an LRS", "URL"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  bool ok = parse_opts("collect", entries, &argc, &argv, -1);
  if (ok && (!db || (argc < 2 && !from && !forward))) {
    fputs("usage: lentera-pack collect SOURCE... --db COLLECTION.sqlite [--from-lrs URL] "
          "[--forward URL]\n",
          stderr);
    ok = false;
  }
  lt_lrs pull = {0}, push = {0};
  if (ok && from) ok = lrs_from_url(from, &pull);
  if (ok && forward) ok = lrs_from_url(forward, &push);
  if (!ok) {
    g_free(db), g_free(from), g_free(forward);
    lt_lrs_clear(&pull), lt_lrs_clear(&push);
    return EXIT_USAGE;
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_collection *c = NULL;
  lt_collect_stats stats = {0};
  lt_status st = lt_collection_open(db, &c, d);
  int code = 0;
  for (int i = 1; i < argc && st == LT_OK; i++) {
    lt_progress *bar = lt_progress_new("Collecting");
    st = lt_collection_read(c, argv[i], lt_progress_update, bar, &stats, d);
    lt_progress_free(bar);
  }
  lt_lrs_result r = {0};
  if (st == LT_OK && from) {
    lt_collection_pull(c, &pull, &stats, &r, d);
    say_result("the pull", &r);
    if (r.outcome != LT_LRS_DONE) code = r.outcome == LT_LRS_INSECURE ? EXIT_INVALID : EXIT_USAGE;
  }
  lt_cli_print_diags(d);
  if (st == LT_OK)
    printf("%zu file(s) read, %zu read before; %zu statement(s) added, %zu already there, %zu "
           "conflict(s), %zu rejected; the collection holds %zu.\n",
           stats.files_read, stats.files_skipped, stats.added, stats.duplicates, stats.conflicts,
           stats.rejected, lt_collection_count(c));
  if (st == LT_OK && forward) {
    lt_diag_list *fd = lt_diag_list_new();
    lt_progress *bar = lt_progress_new_count("Forwarding");
    lt_collection_forward(c, &push, lt_progress_update, bar, &r, fd);
    lt_progress_free(bar);
    for (size_t i = 0; i < lt_diag_count(fd); i++)
      if (lt_diag_severity(fd, i) != LT_DIAG_ERROR) {
        char *m = lt_diag_format(fd, i);
        fprintf(stderr, "%s\n", m);
        free(m);
      }
    lt_diag_list_free(fd);
    printf("%zu statement(s) forwarded to %s, %zu refused.\n", r.sent, push.endpoint, r.refused);
    say_result("forwarding", &r);
    if (r.outcome != LT_LRS_DONE)
      code = r.outcome == LT_LRS_AUTH || r.outcome == LT_LRS_INSECURE ? EXIT_INVALID : EXIT_USAGE;
    else if (r.refused && !code)
      code = EXIT_INVALID;
  }
  if (st != LT_OK)
    code = lt_status_exit_code(st);
  else if (!code && stats.files_unreadable)
    code = EXIT_USAGE; /* an I/O error, named above; what could be read is kept */
  else if (!code && (stats.rejected || stats.conflicts))
    code = EXIT_INVALID;
  lt_collection_free(c);
  lt_diag_list_free(d);
  lt_lrs_clear(&pull), lt_lrs_clear(&push);
  g_free(db), g_free(from), g_free(forward);
  return code;
}

/* --certificate: who the certificate names, from the collection, or why it is not there. */
static lt_status print_certificate(lt_collection *c, const char *db, const char *typed,
                                   lt_diag_list *d) {
  lt_report_certificate r;
  bool found = false;
  lt_status st = lt_report_find_certificate(c, typed, &found, &r, d);
  if (st != LT_OK) return st;
  if (!found) {
    lt_diag_add(d, LT_DIAG_ERROR, db, 0, 0,
                "no passed post-test in this collection has certificate '%s': it is not from "
                "these records (collect the learner's sync folder first, or check what was typed)",
                typed);
    return LT_ERR_VERIFY;
  }
  printf("certificate %s (check code %s) is in the records:\n"
         "  name     %s\n  NIP      %s\n  unit     %s\n  course   %s\n  activity %s\n"
         "  version  %s\n  score    %.0f\n  passed   %s\n",
         r.number, r.code, r.name, r.nip, *r.unit ? r.unit : "-", r.course, r.course_id,
         r.version ? r.version : "- (not in the statement: a player up to 0.2.0 made it)",
         r.score * 100, r.timestamp);
  lt_report_certificate_clear(&r);
  return LT_OK;
}

int cmd_report(int argc, char **argv) {
  char *db = NULL, *out = NULL, *certificate = NULL, *indicators = NULL, **packs = NULL;
  GOptionEntry entries[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The collection", "COLLECTION.sqlite"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder for index.html and the CSV files",
       "OUTDIR"},
      {"certificate", 0, 0, G_OPTION_ARG_STRING, &certificate,
       "Look a certificate up by its check code or number instead (who, course, score, date)",
       "CODE"},
      {"indicators", 0, 0, G_OPTION_ARG_FILENAME, &indicators,
       "Monthly service figures per unit (CSV: bulan,unit,indikator,nilai[,kursus]) to show "
       "beside the training",
       "FILE.csv"},
      {"pack", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &packs,
       "A course pack whose targets (course.md targets) the report follows; repeat for each",
       "FILE.lentera"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("report", entries, &argc, &argv, 0) || !db || (!out && !certificate)) {
    if (!db || (!out && !certificate))
      fputs("usage: lentera-pack report --db COLLECTION.sqlite (-o OUTDIR [--indicators "
            "FILE.csv] [--pack FILE.lentera]... | --certificate CODE)\n",
            stderr);
    g_free(db), g_free(out), g_free(certificate), g_free(indicators), g_strfreev(packs);
    return EXIT_USAGE;
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_collection *c = NULL;
  lt_status st = g_file_test(db, G_FILE_TEST_EXISTS) ? lt_collection_open(db, &c, d) : LT_ERR_IO;
  if (!c && st == LT_ERR_IO && !lt_diag_count(d))
    lt_diag_add(d, LT_DIAG_ERROR, db, 0, 0,
                "no such collection; make one with lentera-pack collect");
  bool looked_up = st == LT_OK && certificate;
  if (looked_up) st = print_certificate(c, db, certificate, d);
  lt_indicators *ind = NULL;
  if (st == LT_OK && out && indicators) st = lt_indicators_load(indicators, &ind, d);
  lt_target_list *targets = lt_target_list_new();
  for (char **p = packs; st == LT_OK && out && p && *p; p++) {
    size_t added = 0;
    st = lt_target_list_add_pack(targets, *p, &added, d);
    if (st == LT_OK && !added)
      lt_diag_add(d, LT_DIAG_WARNING, *p, 0, 0,
                  "this course has no targets (course.md targets: [...]): nothing to follow");
  }
  if (st == LT_OK && out) st = lt_report_write(c, out, ind, targets, d);
  lt_target_list_free(targets);
  lt_indicators_free(ind);
  lt_cli_print_diags(d);
  if (st == LT_OK && out) printf("Report written: %s/index.html (and CSV files beside it)\n", out);
  lt_collection_free(c);
  lt_diag_list_free(d);
  g_free(db), g_free(out), g_free(certificate), g_free(indicators), g_strfreev(packs);
  /* a code that is not a code is a usage mistake; one not in the records is "refused" */
  return looked_up && st == LT_ERR_INVALID ? EXIT_USAGE : lt_status_exit_code(st);
}
