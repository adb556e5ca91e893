/* fuzz_parsers — libFuzzer entry points for every parser a pack or a trainer's file reaches.
 * Built once per target with -DTARGET_<NAME> (tests/fuzz/CMakeLists.txt); each feeds the
 * input to one parser and frees what it got. Crashes and sanitizer reports are the finding;
 * the parsers' own error returns are expected. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lentera/collection.h"
#include "lentera/compile.h"
#include "lentera/course.h"
#include "lentera/frontmatter.h"
#include "lentera/indicators.h"
#include "lentera/layout.h"
#include "lentera/manifest.h"
#include "lentera/pack.h"
#include "lentera/quiz.h"
#include "lentera/quizimport.h"
#include "lentera/report.h"
#include "lentera/sign.h"
#include "lentera/srt.h"
#include "lentera/webvtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parser's refusal is an expected outcome here, not a finding. */
static void expected(lt_status s) { (void)s; }

/* A scratch folder for parsers that read files. */
static const char *scratch(void) {
  static char *dir;
  if (!dir) dir = g_dir_make_tmp("lentera-fuzz-XXXXXX", NULL);
  return dir;
}

static char *put(const char *name, const uint8_t *data, size_t size) {
  char *p = g_build_filename(scratch(), name, NULL);
  g_file_set_contents(p, (const char *)data, (gssize)size, NULL);
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool ready;
  if (!ready) ready = lt_sign_init() == LT_OK;
  lt_diag_list *d = lt_diag_list_new();
#if defined(TARGET_MANIFEST)
  lt_manifest *m = NULL;
  if (lt_manifest_parse((const char *)data, size, "m", &m, d) == LT_OK) {
    char *tc = lt_manifest_trusted_comment(m);
    free(tc);
  }
  lt_manifest_free(m);
#elif defined(TARGET_QUIZ)
  lt_quiz *q = NULL;
  if (lt_quiz_load((const char *)data, size, "q", &q, d) == LT_OK)
    for (size_t i = 0; i < lt_quiz_count(q); i++)
      lt_quiz_is_correct(q, i, "a,b");
  lt_quiz_free(q);
#elif defined(TARGET_LESSON)
  lt_layout_style st = {500, 16, "DejaVu Sans", "DejaVu Sans Mono", NULL, NULL, NULL};
  lt_layout *l = NULL;
  expected(lt_layout_new((const char *)data, size, "l", &st, &l, d));
  lt_layout_free(l);
#elif defined(TARGET_PACK)
  static lt_pubkey *key;
  if (!key) {
    const char pub[] =
        "untrusted comment: fuzz\nRWQBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJic=\n";
    expected(lt_sign_pubkey_parse(pub, sizeof pub - 1, "k", &key, NULL));
  }
  char *p = put("p.lentera", data, size);
  lt_manifest *m = NULL;
  const lt_pubkey *keys[] = {key};
  expected(lt_pack_verify(p, keys, key ? 1 : 0, NULL, NULL, &m, d));
  lt_manifest_free(m);
  char signer[LT_SIGN_KEY_ID_HEX];
  if (lt_pack_read_manifest(p, &m, signer, d) == LT_OK) lt_manifest_free(m);
  g_free(p);
#elif defined(TARGET_COURSE)
  /* the input is one lesson's whole file: front matter and Markdown */
  static const char course[] = "---\nid: f\ntitle: F\nversion: 1.0.0\nlanguage: id\n"
                               "audience: semua-staf\npublisher: P\nitems: [a.md]\n---\n";
  char *c = put("course.md", (const uint8_t *)course, sizeof course - 1);
  char *a = put("a.md", data, size);
  lt_course *co = NULL;
  expected(lt_course_load(scratch(), &co, d));
  for (size_t i = 0; co && i < lt_course_item_count(co); i++) {
    lt_compiled *out = NULL;
    expected(lt_compile_item(co, lt_course_item_at(co, i), &out, d));
    lt_compiled_free(out);
  }
  lt_course_free(co);
  g_free(c), g_free(a);
#elif defined(TARGET_QUIZIMPORT)
  /* the first byte picks GIFT, Aiken or Moodle XML */
  static const char *const names[] = {"b.txt", "b.gift", "b.xml", "b.gift"};
  char *p = put(names[size ? data[0] & 3 : 0], size ? data + 1 : data, size ? size - 1 : 0);
  lt_quizbank *bank = NULL;
  if (lt_quizimport_read(p, LT_QUIZIMPORT_AUTO, &bank, d) == LT_OK) {
    char *md = lt_quizimport_markdown(bank, "T", "practice");
    free(md);
    char *json = lt_quizimport_json(bank);
    free(json);
  }
  lt_quizbank_free(bank);
  g_free(p);
#elif defined(TARGET_STATEMENTS)
  /* the input is a sync file, a statement a line, as collect reads it; then the report over
   * whatever was stored */
  lt_collection *c = NULL;
  if (lt_collection_open(":memory:", &c, d) == LT_OK) {
    lt_collect_stats stats = {0};
    const char *p = (const char *)data, *end = p + size;
    for (int line = 1; p < end; line++) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
      expected(lt_collection_add(c, p, n, "fuzz", "f.jsonl", line, &stats, d));
      p += n + 1;
    }
    char *out = g_build_filename(scratch(), "report", NULL);
    expected(lt_report_write(c, out, NULL, NULL, d));
    g_free(out);
  }
  lt_collection_free(c);
#elif defined(TARGET_INDICATORS)
  /* the input is a service-figures CSV as a spreadsheet saves it; then the report's section
   * over an empty collection */
  char *p = put("i.csv", data, size);
  lt_indicators *ind = NULL;
  lt_collection *c = NULL;
  if (lt_indicators_load(p, &ind, d) == LT_OK && lt_collection_open(":memory:", &c, d) == LT_OK) {
    char *out = g_build_filename(scratch(), "report", NULL);
    expected(lt_report_write(c, out, ind, NULL, d));
    g_free(out);
  }
  lt_collection_free(c);
  lt_indicators_free(ind);
  g_free(p);
#elif defined(TARGET_WEBVTT)
  lt_webvtt *v = NULL;
  const lt_webvtt_cue *on[4];
  if (lt_webvtt_parse((const char *)data, size, "c.vtt", &v, d) == LT_OK)
    (void)lt_webvtt_active(v, 1.0, on, 4);
  lt_webvtt_free(v);
  v = NULL; /* and as the player reads it */
  if (lt_webvtt_parse_lenient((const char *)data, size, &v) == LT_OK)
    (void)lt_webvtt_active(v, 1.0, on, 4);
  lt_webvtt_free(v);
#elif defined(TARGET_SRT)
  char *vtt = NULL;
  size_t vlen = 0;
  lt_webvtt *v = NULL;
  /* what the SubRip reader writes must read as WebVTT without an error */
  if (lt_srt_to_webvtt((const char *)data, size, "c.srt", &vtt, &vlen, d) == LT_OK &&
      lt_webvtt_parse(vtt, vlen, "c.vtt", &v, d) != LT_OK)
    abort();
  lt_webvtt_free(v);
  g_free(vtt);
#else
#error "define one TARGET_*"
#endif
  lt_diag_list_free(d);
  return 0;
}
