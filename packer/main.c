/* lentera-pack — the trainer's command-line tool, a thin layer over core/.
 *
 * Each subcommand parses its options with GOption, calls one core function, prints the
 * diagnostics the core collected (compiler style, to stderr) and picks the exit code:
 * 0 success, 1 invalid content / failed verification / refused, 2 usage or I/O. */
#include <errno.h>
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <termios.h>
#endif
#include <time.h>
#include <unistd.h>

#include "lentera/build.h"
#include "lentera/diag.h"
#include "lentera/file.h"
#include "lentera/manifest.h"
#include "lentera/pack.h"
#include "lentera/sign.h"
#include "lentera/quizimport.h"
#include "lentera/relocate.h"
#include "lentera/version.h"
#include "lentera/watch.h"
#include "commands.h"
#include "newcourse.h"
#include "progress.h"

/* The usage: to stdout with exit 0 when asked for (--help), else to stderr with exit 2. */
static int usage(bool asked) {
  fputs("usage:\n"
        "  lentera-pack keygen [-W] [-f] -p PUBKEY -s SECKEY\n"
        "  lentera-pack check  COURSE_DIR [--watch]\n"
        "  lentera-pack build  COURSE_DIR -s SECKEY [-o OUT.lentera] [--transcode]\n"
        "  lentera-pack verify PACK -p PUBKEY\n"
        "  lentera-pack inspect PACK [--json]\n"
        "  lentera-pack new COURSE_DIR\n"
        "  lentera-pack import-quiz FILE (.gift | Aiken .txt | Moodle .xml) -o QUIZ.md [-f] "
        "[--title T]\n"
        "                           [--role pretest|posttest|practice] [--format gift|aiken]\n"
        "  lentera-pack collect SOURCE... --db COLLECTION.sqlite [--from-lrs URL] [--forward URL]\n"
        "  lentera-pack report --db COLLECTION.sqlite -o OUTDIR [--indicators FILE.csv] "
        "[--certificate CODE]\n"
        "  lentera-pack --version | --help\n"
        "Each command's own options: lentera-pack COMMAND --help.\n"
        "Passwords for encrypted keys come from LENTERA_PASSWORD or are asked for.\n"
        "LRS logins: in the URL (https://user:password@host/xAPI/) or from\n"
        "LENTERA_LRS_USERNAME and LENTERA_LRS_PASSWORD.\n",
        asked ? stdout : stderr);
  return asked ? 0 : EXIT_USAGE;
}

/* Parses options for one subcommand; returns false (after printing why) on misuse. */
bool parse_opts(const char *cmd, GOptionEntry *entries, int *argc, char ***argv, int positional) {
  char *summary = g_strdup_printf("- lentera-pack %s", cmd);
  GOptionContext *ctx = g_option_context_new(summary);
  g_free(summary);
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  bool ok = g_option_context_parse(ctx, argc, argv, &err);
  if (!ok) {
    fprintf(stderr, "lentera-pack %s: %s\n", cmd, err->message);
    g_error_free(err);
  } else if (positional >= 0 && *argc - 1 != positional) {
    fprintf(stderr, "lentera-pack %s: expected %d argument%s\n", cmd, positional,
            positional == 1 ? "" : "s");
    ok = false;
  }
  g_option_context_free(ctx);
  return ok;
}

/* Reads a password without echo from the terminal (the Windows console: SetConsoleMode
 * without ENABLE_ECHO_INPUT). NULL when there is no terminal. */
static char *ask_password(const char *prompt) {
  if (!isatty(STDIN_FILENO)) return NULL;
  fprintf(stderr, "%s", prompt);
#ifdef _WIN32
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  DWORD old = 0;
  GetConsoleMode(in, &old);
  SetConsoleMode(in, old & ~(DWORD)ENABLE_ECHO_INPUT);
#else
  struct termios old, quiet;
  tcgetattr(STDIN_FILENO, &old);
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
#endif
  char buf[1024];
  char *got = fgets(buf, sizeof buf, stdin);
#ifdef _WIN32
  SetConsoleMode(in, old);
#else
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
#endif
  fputc('\n', stderr);
  if (!got) return NULL;
  buf[strcspn(buf, "\r\n")] = '\0';
  char *pw = strdup(buf);
  sodium_memzero(buf, sizeof buf);
  return pw;
}

static char *password_from_env(void) {
  const char *env = getenv("LENTERA_PASSWORD");
  return env ? strdup(env) : NULL;
}

static void forget(char *pw) {
  if (!pw) return;
  sodium_memzero(pw, strlen(pw));
  free(pw);
}

static int cmd_keygen(int argc, char **argv) {
  gboolean unencrypted = FALSE, force = FALSE;
  char *pub = NULL, *sec = NULL;
  GOptionEntry entries[] = {
      {"unencrypted", 'W', 0, G_OPTION_ARG_NONE, &unencrypted, "Do not encrypt the secret key",
       NULL},
      {"force", 'f', 0, G_OPTION_ARG_NONE, &force, "Overwrite existing key files", NULL},
      {"public", 'p', 0, G_OPTION_ARG_FILENAME, &pub, "Public key file to write", "PUBKEY"},
      {"secret", 's', 0, G_OPTION_ARG_FILENAME, &sec, "Secret key file to write", "SECKEY"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("keygen", entries, &argc, &argv, 0) || !pub || !sec) {
    if (!pub || !sec) fputs("lentera-pack keygen: -p PUBKEY and -s SECKEY are required\n", stderr);
    g_free(pub), g_free(sec);
    return EXIT_USAGE;
  }
  char *pw = NULL;
  if (!unencrypted) {
    pw = password_from_env();
    if (!pw) {
      pw = ask_password("Password for the new secret key: ");
      char *again = pw ? ask_password("Password again: ") : NULL;
      if (pw && (!again || strcmp(pw, again) != 0)) {
        fputs("lentera-pack keygen: the passwords differ\n", stderr);
        forget(pw), forget(again);
        g_free(pub), g_free(sec);
        return EXIT_USAGE;
      }
      forget(again);
    }
    if (!pw) {
      fputs("lentera-pack keygen: no password: set LENTERA_PASSWORD, run in a terminal, or use "
            "-W for an unencrypted key\n",
            stderr);
      g_free(pub), g_free(sec);
      return EXIT_USAGE;
    }
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_status st = lt_sign_keygen(pub, sec, pw, force, d);
  lt_cli_print_diags(d);
  lt_diag_list_free(d);
  forget(pw);
  if (st == LT_OK)
    printf("Wrote public key %s and secret key %s (keep the secret key off shared drives).\n", pub,
           sec);
  g_free(pub), g_free(sec);
  return lt_status_exit_code(st);
}

/* "2 errors, 1 warning; no pack written" — `what` names the output ("pack", "quiz"). */
static void print_summary(const lt_diag_list *d, bool wrote, const char *what) {
  size_t e = lt_diag_count_severity(d, LT_DIAG_ERROR),
         w = lt_diag_count_severity(d, LT_DIAG_WARNING);
  if (e || w)
    fprintf(stderr, "%zu error%s, %zu warning%s%s%s%s\n", e, e == 1 ? "" : "s", w,
            w == 1 ? "" : "s", e && !wrote ? "; no " : "", e && !wrote ? what : "",
            e && !wrote ? " written" : "");
}

static int64_t build_time(void) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (!*end && v >= 0) return v;
    fprintf(stderr, "lentera-pack: ignoring SOURCE_DATE_EPOCH='%s' (not a unix time)\n", sde);
  }
  return (int64_t)time(NULL);
}

/* Checks the course once, printing its diagnostics and "DIR: ok" when it builds. */
static lt_status check_once(const char *dir) {
  lt_diag_list *d = lt_diag_list_new();
  lt_build_options o = {.course_dir = dir, .created = build_time()};
  lt_status st = lt_build_run(&o, NULL, d);
  lt_cli_print_diags(d);
  print_summary(d, false, "pack");
  if (st == LT_OK) printf("%s: ok\n", dir);
  lt_diag_list_free(d);
  return st;
}

static int cmd_check(int argc, char **argv) {
  gboolean watch = FALSE;
  GOptionEntry entries[] = {{"watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
                             "Check again each time a file in the folder changes, until Ctrl+C",
                             NULL},
                            {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("check", entries, &argc, &argv, 1)) return EXIT_USAGE;
  if (!watch) return lt_status_exit_code(check_once(argv[1]));
  /* --watch: poll the folder's names, sizes and times twice a second; Ctrl+C ends it */
  char *seen = NULL;
  for (;;) {
    if (seen && !g_file_test(argv[1], G_FILE_TEST_IS_DIR)) { /* nothing left to watch */
      fprintf(stderr, "lentera-pack check: %s is not a folder (any more); stopped watching\n",
              argv[1]);
      g_free(seen);
      return EXIT_USAGE;
    }
    char *now = lt_watch_snapshot(argv[1]);
    if (!seen || strcmp(seen, now) != 0) {
      GDateTime *t = g_date_time_new_now_local();
      char *hms = g_date_time_format(t, "%H:%M:%S");
      printf("--- %s checking %s\n", hms, argv[1]);
      (void)fflush(stdout); /* before the diagnostics on stderr */
      g_free(hms), g_date_time_unref(t);
      lt_status st = check_once(argv[1]);
      (void)st; /* shown above; watching goes on whatever the result */
      fputs("--- watching for changes (Ctrl+C to stop)\n", stdout);
      (void)fflush(stderr);
      g_free(seen);
      seen = now;
      if (fflush(stdout) != 0) { /* nobody reads any more: lt_cli_finish says so */
        g_free(seen);
        return EXIT_USAGE;
      }
    } else {
      g_free(now);
    }
    g_usleep((gulong)500 * 1000);
  }
}

static lt_seckey *load_seckey(const char *path, lt_diag_list *d, lt_status *st) {
  bool encrypted = false;
  *st = lt_sign_seckey_is_encrypted(path, &encrypted, d);
  if (*st != LT_OK) return NULL;
  char *pw = NULL;
  if (encrypted) {
    pw = password_from_env();
    if (!pw) pw = ask_password("Password for the secret key: ");
  }
  lt_seckey *key = NULL;
  *st = lt_sign_seckey_load(path, pw, &key, d);
  forget(pw);
  return key;
}

static void transcode_started(void *user, const char *video) {
  (void)user;
  fprintf(stderr, "Transcoding %s to H.264 + AAC 720p...\n", video);
}

static int cmd_build(int argc, char **argv) {
  char *sec = NULL, *out = NULL;
  gboolean transcode = FALSE;
  GOptionEntry entries[] = {
      {"secret", 's', 0, G_OPTION_ARG_FILENAME, &sec, "Secret key to sign with", "SECKEY"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Pack to write", "OUT.lentera"},
      {"transcode", 0, 0, G_OPTION_ARG_NONE, &transcode,
       "Transcode videos Lentera does not play as they are to H.264 + AAC 720p", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("build", entries, &argc, &argv, 1) || !sec) {
    if (!sec) fputs("lentera-pack build: -s SECKEY is required\n", stderr);
    g_free(sec), g_free(out);
    return EXIT_USAGE;
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_status st;
  lt_seckey *key = load_seckey(sec, d, &st);
  char *written = NULL;
  if (key) {
    lt_progress *bar = lt_progress_new("Building"), *tbar = lt_progress_new_seconds("Transcoding");
    lt_build_options o = {argv[1],
                          key,
                          out,
                          build_time(),
                          lt_progress_update,
                          bar,
                          transcode,
                          transcode_started,
                          lt_progress_update,
                          tbar};
    st = lt_build_run(&o, &written, d);
    lt_progress_free(bar), lt_progress_free(tbar);
  }
  lt_cli_print_diags(d);
  print_summary(d, written != NULL, "pack");
  if (written) printf("Wrote %s\n", written);
  free(written);
  lt_sign_seckey_free(key);
  lt_diag_list_free(d);
  g_free(sec), g_free(out);
  return lt_status_exit_code(st);
}

static int cmd_verify(int argc, char **argv) {
  char *pub = NULL;
  GOptionEntry entries[] = {
      {"public", 'p', 0, G_OPTION_ARG_FILENAME, &pub, "Publisher's public key", "PUBKEY"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("verify", entries, &argc, &argv, 1) || !pub) {
    if (!pub) fputs("lentera-pack verify: -p PUBKEY is required\n", stderr);
    g_free(pub);
    return EXIT_USAGE;
  }
  lt_diag_list *d = lt_diag_list_new();
  lt_pubkey *key = NULL;
  lt_status st = lt_sign_pubkey_load(pub, &key, d);
  lt_manifest *m = NULL;
  if (st == LT_OK) {
    lt_progress *bar = lt_progress_new("Verifying");
    const lt_pubkey *keys[] = {key};
    st = lt_pack_verify(argv[1], keys, 1, lt_progress_update, bar, &m, d);
    lt_progress_free(bar);
  }
  lt_cli_print_diags(d);
  if (st == LT_OK) {
    const lt_manifest_info *in = lt_manifest_get_info(m);
    printf("%s: ok — %s %s, signed by %s, %zu files verified\n", argv[1], in->id, in->version,
           in->key_id, lt_manifest_file_count(m));
  } else {
    fprintf(stderr, "%s: verification FAILED\n", argv[1]);
  }
  lt_manifest_free(m);
  lt_sign_pubkey_free(key);
  lt_diag_list_free(d);
  g_free(pub);
  return lt_status_exit_code(st);
}

static char *human_size(uint64_t n) { return g_format_size(n); }

static char *iso(int64_t t) {
  GDateTime *dt = g_date_time_new_from_unix_utc(t);
  char *s = g_date_time_format_iso8601(dt);
  g_date_time_unref(dt);
  return s;
}

static void inspect_json(const lt_manifest *m, const char *signer) {
  char *s = lt_manifest_to_json(m, signer);
  puts(s);
  free(s);
}

static void inspect_text(const lt_manifest *m, const char *signer) {
  const lt_manifest_info *in = lt_manifest_get_info(m);
  GString *groups = g_string_new(NULL);
  for (const char *const *a = in->audience; *a; a++)
    g_string_append_printf(groups, "%s%s", groups->len ? ", " : "", *a);
  char *created = iso(in->created), *aud = g_string_free(groups, FALSE);
  char *size = human_size(lt_manifest_total_size(m));
  printf("%s\n  id         %s\n  version    %s\n  language   %s\n  publisher  %s\n"
         "  key id     %s%s\n  created    %s\n  audience   %s\n  size       %s\n",
         in->title, in->id, in->version, in->language, in->publisher, in->key_id,
         strcmp(signer, in->key_id) ? " (signature names another key!)" : "", created, aud, size);
  if (in->generator) printf("  generator  %s\n", in->generator);
  g_free(created), g_free(aud), g_free(size);
  long minutes = 0;
  for (size_t i = 0; i < lt_manifest_item_count(m); i++)
    minutes += lt_manifest_item_at(m, i)->minutes;
  printf("Items (%zu, about %ld minutes):\n", lt_manifest_item_count(m), minutes);
  for (size_t i = 0; i < lt_manifest_item_count(m); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(m, i);
    char *what = it->role ? g_strdup_printf("%s %s, %ld question%s", it->kind, it->role,
                                            it->questions, it->questions == 1 ? "" : "s")
                          : g_strdup(it->kind);
    char *mins = it->minutes ? g_strdup_printf("%2ld min", it->minutes) : g_strdup("      ");
    printf("  %2zu. %s  %-40s  (%s)\n", i + 1, mins, it->title, what);
    g_free(what), g_free(mins);
  }
  printf("Files (%zu):\n", lt_manifest_file_count(m));
  for (size_t i = 0; i < lt_manifest_file_count(m); i++) {
    const lt_manifest_file *f = lt_manifest_file_at(m, i);
    char *s = human_size(f->size);
    printf("  %10s  %s\n", s, f->path);
    g_free(s);
  }
}

static int cmd_inspect(int argc, char **argv) {
  gboolean json = FALSE;
  GOptionEntry entries[] = {{"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
                            {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("inspect", entries, &argc, &argv, 1)) return EXIT_USAGE;
  lt_diag_list *d = lt_diag_list_new();
  lt_manifest *m = NULL;
  char signer[LT_SIGN_KEY_ID_HEX];
  lt_status st = lt_pack_read_manifest(argv[1], &m, signer, d);
  lt_cli_print_diags(d);
  if (st == LT_OK) (json ? inspect_json : inspect_text)(m, signer);
  lt_manifest_free(m);
  lt_diag_list_free(d);
  return lt_status_exit_code(st);
}

static int cmd_new(int argc, char **argv) {
  GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (!parse_opts("new", entries, &argc, &argv, 1)) return EXIT_USAGE;
  lt_diag_list *d = lt_diag_list_new();
  lt_status st = lt_newcourse_create(argv[1], d);
  lt_cli_print_diags(d);
  lt_diag_list_free(d);
  if (st == LT_OK)
    printf("Created %s. Edit the .md files, then: lentera-pack check %s\n", argv[1], argv[1]);
  return lt_status_exit_code(st);
}

static int cmd_import_quiz(int argc, char **argv) {
  char *out = NULL, *title = NULL, *role = NULL, *format = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Quiz Markdown to write", "QUIZ.md"},
      {"force", 'f', 0, G_OPTION_ARG_NONE, &force, "Overwrite QUIZ.md", NULL},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title, "Quiz title (default: file name)", "T"},
      {"role", 0, 0, G_OPTION_ARG_STRING, &role, "pretest, posttest or practice", "ROLE"},
      {"format", 0, 0, G_OPTION_ARG_STRING, &format,
       "gift, aiken or moodle-xml (default: by extension)", "F"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int code = EXIT_USAGE;
  bool parsed = parse_opts("import-quiz", entries, &argc, &argv, 1);
  lt_quizimport_format fmt = LT_QUIZIMPORT_AUTO; /* --format is known only once parsed */
  if (format && !strcmp(format, "gift"))
    fmt = LT_QUIZIMPORT_GIFT;
  else if (format && !strcmp(format, "aiken"))
    fmt = LT_QUIZIMPORT_AIKEN;
  else if (format && (!strcmp(format, "moodle-xml") || !strcmp(format, "xml")))
    fmt = LT_QUIZIMPORT_MOODLE_XML;
  if (!parsed || !out) {
    if (parsed) fputs("lentera-pack import-quiz: -o QUIZ.md is required\n", stderr);
  } else if (format && fmt == LT_QUIZIMPORT_AUTO) {
    fprintf(stderr, "lentera-pack import-quiz: unknown format '%s' (gift, aiken or moodle-xml)\n",
            format);
  } else if (role && strcmp(role, "pretest") != 0 && strcmp(role, "posttest") != 0 &&
             strcmp(role, "practice") != 0) {
    fprintf(stderr, "lentera-pack import-quiz: unknown role '%s'\n", role);
  } else {
    lt_diag_list *d = lt_diag_list_new();
    lt_quizbank *bank = NULL;
    lt_status st = lt_quizimport_read(argv[1], fmt, &bank, d);
    if (st == LT_OK) {
      char *base = g_path_get_basename(argv[1]);
      char *dot = strrchr(base, '.');
      if (dot && dot != base) *dot = '\0';
      char *md = lt_quizimport_markdown(bank, title ? title : base, role ? role : "practice");
      /* the images first: a quiz file is written only with everything it links */
      st = lt_quizimport_write_media(bank, out, force, d);
      if (st == LT_OK) st = lt_file_write_atomic(out, md, strlen(md), 0644, force, d);
      if (st == LT_OK && lt_quizbank_media_count(bank))
        printf("Wrote %s with %zu questions and %zu images in media/.\n", out,
               lt_quizbank_count(bank), lt_quizbank_media_count(bank));
      else if (st == LT_OK)
        printf("Wrote %s with %zu questions.\n", out, lt_quizbank_count(bank));
      free(md);
      g_free(base);
    }
    lt_cli_print_diags(d);
    print_summary(d, st == LT_OK, "quiz");
    lt_quizbank_free(bank);
    lt_diag_list_free(d);
    code = lt_status_exit_code(st);
  }
  g_free(out), g_free(title), g_free(role), g_free(format);
  return code;
}

static int run(int argc, char **argv) {
  if (argc < 2) return usage(false);
  if (!strcmp(argv[1], "--version")) {
    printf("lentera-pack %s\n", LT_VERSION);
    return 0;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
    return usage(true);
  if (lt_sign_init() != LT_OK) {
    fputs("lentera-pack: cannot initialise libsodium\n", stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"keygen", cmd_keygen},           {"check", cmd_check},     {"build", cmd_build},
              {"verify", cmd_verify},           {"inspect", cmd_inspect}, {"new", cmd_new},
              {"import-quiz", cmd_import_quiz}, {"collect", cmd_collect}, {"report", cmd_report}};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
    if (!strcmp(cmd, cmds[i].name)) return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "lentera-pack: unknown command '%s'\n", cmd);
  return usage(false);
}

/* Whatever ran, a result printed to a full disk or a closed pipe is not a success. */
int main(int argc, char **argv) {
  lt_relocate_init();
#ifdef _WIN32 /* the arguments as UTF-8 (Windows hands the ANSI code page's to main) */
  argv = g_win32_get_command_line();
#endif
  return lt_cli_finish(run(argc, argv));
}
