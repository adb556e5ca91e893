/* vttdump — test-only: reads each WebVTT (or, with --srt, SubRip) file given with Lentera's
 * reader and prints what it found, for tests/captions/compare.js and srt.sh:
 *   == NAME valid COUNT          then one line a cue: START<TAB>END<TAB>TEXT
 *   == NAME invalid              then one line a diagnostic: ! file:line:col: error: …
 * Times in seconds with three decimals; in TEXT a newline is written \n and a backslash \\.
 * Exit 0 when every file is valid, 1 otherwise, 2 when one cannot be read. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/srt.h"
#include "lentera/webvtt.h"

static void put_text(const char *s) {
  for (; *s; s++) {
    if (*s == '\n')
      fputs("\\n", stdout);
    else if (*s == '\\')
      fputs("\\\\", stdout);
    else
      putchar(*s);
  }
}

int main(int argc, char **argv) {
  int rc = 0, first = 1;
  bool srt = argc > 1 && !strcmp(argv[1], "--srt");
  if (srt) first = 2;
  for (int a = first; a < argc; a++) {
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(argv[a], &data, &len, NULL)) {
      fprintf(stderr, "vttdump: cannot read %s\n", argv[a]);
      return 2;
    }
    char *name = g_path_get_basename(argv[a]);
    lt_diag_list *d = lt_diag_list_new();
    lt_webvtt *v = NULL;
    lt_status st;
    if (srt) {
      char *vtt = NULL;
      size_t vlen = 0;
      st = lt_srt_to_webvtt(data, len, name, &vtt, &vlen, d);
      if (st == LT_OK) st = lt_webvtt_parse(vtt, vlen, name, &v, d);
      g_free(vtt);
    } else {
      st = lt_webvtt_parse(data, len, name, &v, d);
    }
    if (st == LT_OK) {
      printf("== %s valid %zu\n", name, v->count);
      for (size_t i = 0; i < v->count; i++) {
        printf("%.3f\t%.3f\t", v->cues[i].start, v->cues[i].end);
        put_text(v->cues[i].text);
        putchar('\n');
      }
    } else {
      printf("== %s invalid\n", name);
      rc = 1;
    }
    for (size_t i = 0; i < lt_diag_count(d); i++) {
      char *m = lt_diag_format(d, i);
      printf("! %s\n", m);
      free(m);
    }
    lt_diag_list_free(d);
    lt_webvtt_free(v);
    g_free(name), g_free(data);
  }
  return rc;
}
