/* Tests for webvtt: cues and times read right; each kind of malformed cue is reported at
 * its line and column; lookups by time. */
#include <stdlib.h>

#include "check.h"
#include "lentera/webvtt.h"

/* Parses `text`; returns the status and the first diagnostic (or "") in *msg. */
static lt_status parse(const char *text, lt_webvtt **v, char **msg) {
  lt_diag_list *d = lt_diag_list_new();
  lt_status s = lt_webvtt_parse(text, strlen(text), "c.vtt", v, d);
  *msg = lt_diag_count(d) ? lt_diag_format(d, 0) : strdup("");
  lt_diag_list_free(d);
  return s;
}

int main(void) {
  lt_webvtt *v = NULL;
  char *msg;
  CHECK_INT(parse("\xEF\xBB\xBFWEBVTT - sample\r\nKind: captions\r\n\r\nNOTE a trainer's note\r\n"
                  "spanning two lines\r\n\r\n1\r\n00:00.000 --> 00:02.500 line:90%\r\n"
                  "Selamat <i>datang</i>.\r\n\r\n01:00:02.500 --> 01:00:05.000\r\nBaris satu\r\n"
                  "Baris dua\r\n",
                  &v, &msg),
            LT_OK);
  CHECK_STR(msg, "");
  free(msg);
  CHECK_INT((int)v->count, 2);
  CHECK(v->cues[0].start == 0.0 && v->cues[0].end == 2.5);
  CHECK_STR(v->cues[0].text, "Selamat <i>datang</i>.");
  CHECK(v->cues[1].start == 3602.5 && v->cues[1].end == 3605.0);
  CHECK_STR(v->cues[1].text, "Baris satu\nBaris dua");
  CHECK(lt_webvtt_at(v, 1.0) == &v->cues[0]);
  CHECK(lt_webvtt_at(v, 2.5) == NULL); /* the end is exclusive */
  CHECK(lt_webvtt_at(v, 3604.0) == &v->cues[1]);
  lt_webvtt_free(v);

  static const char *const bad[][2] = {
      {"WEBVT\n", "c.vtt:1:1: error: a captions file must start with the line 'WEBVTT'"},
      {"WEBVTT\n\n00:01.000 -> 00:02.000\nx\n",
       "c.vtt:3:1: error: expected a cue timing line like '00:01.000 --> 00:04.000'"},
      {"WEBVTT\n\n00:01.000 --> 00:0x.000\nx\n",
       "c.vtt:3:15: error: expected an end time like 00:04.000"},
      {"WEBVTT\n\n0:01.000 --> 00:02.000\nx\n",
       "c.vtt:3:1: error: expected a start time like 00:01.000"},
      {"WEBVTT\n\n00:61.000 --> 01:02.000\nx\n",
       "c.vtt:3:1: error: expected a start time like 00:01.000"},
      {"WEBVTT\n\n00:05.000 --> 00:02.000\nx\n", "c.vtt:3:1: error: the cue ends before it starts"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n\n", "c.vtt:3:1: error: the cue has no text"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 x\ny\n00:03.000 --> 00:04.000\nz\n",
       "c.vtt:5:1: error: a new cue must follow a blank line"},
      {"WEBVTT\n\n00:03.000 --> 00:04.000\na\n\n00:01.000 --> 00:02.000\nb\n",
       "c.vtt:6:1: error: cues must be in time order: this one starts before the one above"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000junk\nx\n",
       "c.vtt:3:24: error: unexpected text after the end time"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\n",
       "c.vtt:1:1: error: captions must be UTF-8 text"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    CHECK_INT(parse(bad[i][0], &v, &msg), LT_ERR_INVALID);
    CHECK_STR(msg, bad[i][1]);
    CHECK(v == NULL);
    free(msg);
  }
  /* every bad cue is reported, not only the first */
  lt_diag_list *d = lt_diag_list_new();
  const char *two = "WEBVTT\n\n00:01 --> 00:02.000\na\n\n00:03.000 --> 00:01.000\nb\n";
  CHECK_INT(lt_webvtt_parse(two, strlen(two), "c.vtt", &v, d), LT_ERR_INVALID);
  CHECK_INT((int)lt_diag_count(d), 2);
  lt_diag_list_free(d);
  return check_done("test_webvtt");
}
