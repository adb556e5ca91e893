/* Tests for srt: SubRip as Subtitle Edit and Aegisub write it (numbers, commas, CRLF, BOM,
 * <i>/<b>/<u>/<font>, {\an8}) becomes WebVTT that the WebVTT reader takes without an error;
 * each mistake at its line and column; encodings. */
#include <stdlib.h>

#include "check.h"
#include "lentera/srt.h"
#include "lentera/webvtt.h"

static lt_status conv(const char *text, size_t len, char **vtt, char **msg) {
  lt_diag_list *d = lt_diag_list_new();
  size_t n = 0;
  *vtt = NULL;
  lt_status s = lt_srt_to_webvtt(text, len, "v.srt", vtt, &n, d);
  *msg = lt_diag_count(d) ? lt_diag_format(d, 0) : strdup("");
  if (s == LT_OK) CHECK_INT(n, strlen(*vtt));
  lt_diag_list_free(d);
  return s;
}

int main(void) {
  char *vtt, *msg;
  const char *in = "\xEF\xBB\xBF"
                   "1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>Selamat</i> datang &amp; <font "
                   "color=\"#ffff00\">halo</font>\r\n\r\n2\r\n00:00:03,500 --> 00:01:04,25 X1:10 "
                   "X2:20\r\n{\\an8}<B>Baris</B> satu <u>dua\r\nTom & Jerry <3\r\n\r\n\r\n"
                   "3\r\n1:02:03.004 --> 01:02:05,000\r\n\r\n";
  CHECK_INT(conv(in, strlen(in), &vtt, &msg), LT_OK);
  CHECK_STR(msg, "");
  free(msg);
  CHECK_STR(vtt, "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\n<i>Selamat</i> datang &amp;amp; "
                 "halo\n\n2\n00:00:03.500 --> 00:01:04.250\n<b>Baris</b> satu <u>dua\nTom &amp; "
                 "Jerry &lt;3</u>\n\n3\n01:02:03.004 --> 01:02:05.000\n");
  lt_webvtt *v = NULL;
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_webvtt_parse(vtt, strlen(vtt), "v.vtt", &v, d), LT_OK);
  CHECK_INT((int)lt_diag_count(d), 0);
  lt_diag_list_free(d);
  CHECK_INT((int)v->count, 3);
  CHECK_STR(v->cues[0].text, "Selamat datang &amp; halo");
  CHECK_STR(v->cues[1].text, "Baris satu dua\nTom & Jerry <3");
  CHECK(v->cues[1].end == 64.25 && v->cues[2].start == 3723.004);
  lt_webvtt_free(v);
  free(vtt);

  /* a line of tags only, a tag that does not end on its line (found by fuzz_srt) */
  const char *tags = "1\n00:00:01,000 --> 00:00:02,000\nHalo\n<font color=red></font>\n"
                     "<font coBapa\n<b>\n<fo<\n--<font>>\n";
  CHECK_INT(conv(tags, strlen(tags), &vtt, &msg), LT_OK);
  free(msg);
  CHECK_STR(vtt, "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHalo\n&lt;font coBapa\n<b>\n"
                 "&lt;fo&lt;\n--&gt;</b>\n");
  lt_diag_list *d2 = lt_diag_list_new();
  CHECK_INT(lt_webvtt_parse(vtt, strlen(vtt), "v.vtt", &v, d2), LT_OK);
  lt_diag_list_free(d2);
  lt_webvtt_free(v);
  free(vtt);

  static const char *const bad[][2] = {
      {"1\n00:00:01 --> 00:00:02,000\nx\n",
       "v.srt:2:9: error: expected a start time like '00:00:01,000 --> 00:00:04,000'"},
      {"1\n00:00:01,000 -> 00:00:02,000\nx\n",
       "v.srt:2:14: error: expected '-->' after the start time, like '00:00:01,000 --> "
       "00:00:04,000'"},
      {"Halo\n00:00:01,000 --> 00:00:02,000\nx\n",
       "v.srt:1:1: error: expected a cue number and a timing line like '00:00:01,000 --> "
       "00:00:04,000'"},
      {"1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:00:01,000 --> 00:61:00,000\ny\n",
       "v.srt:6:21: error: expected an end time like '00:00:01,000 --> 00:00:04,000'"},
      {"1\n00:00:05,000 --> 00:00:02,000\nx\n",
       "v.srt:2:1: error: the cue ends before it starts: the end time must be later"},
      {"1\n00:00:05,000 --> 00:00:06,000\nx\n\n2\n00:00:01,000 --> 00:00:02,000\ny\n",
       "v.srt:6:1: error: cues must be in time order: this one starts before the one above"},
      {"1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny\n",
       "v.srt:5:1: error: a blank line is missing before this cue"},
      {"\n\n",
       "v.srt:1:1: error: no cues found: a SubRip file has blocks like '1', '00:00:01,000 --> "
       "00:00:04,000' and a line of text"},
      {"1\n00:00:01,000 --> 00:00:02,000\nSel\xe9lamat\n",
       "v.srt:3:4: error: captions must be saved as UTF-8, and this file looks like Windows-1252 "
       "(Latin-1): open it in Notepad or Subtitle Edit, choose 'Save as', pick the encoding "
       "'UTF-8' and save it again"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    CHECK_INT(conv(bad[i][0], strlen(bad[i][0]), &vtt, &msg), LT_ERR_INVALID);
    CHECK_STR(msg, bad[i][1]);
    CHECK(vtt == NULL);
    free(msg);
  }
  static const char le[] = "\xff\xfe"
                           "1\0\n\0";
  CHECK_INT(conv(le, sizeof le - 1, &vtt, &msg), LT_ERR_INVALID);
  CHECK(strstr(msg, "looks like UTF-16 LE:") != NULL);
  free(msg);
  return check_done("test_srt");
}
