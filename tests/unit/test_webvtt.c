/* Tests for webvtt: the W3C parsing rules (header lines, NOTE/STYLE/REGION blocks against cue
 * identifiers, timestamps, empty cues, settings), the cue text (markup, voices, ruby,
 * timestamps, character references) with its styled runs, each kind of mistake at its line
 * and column, encodings, the SubRip hint, and which cues show at a time. */
#include <stdlib.h>

#include "check.h"
#include "lentera/webvtt.h"

/* Parses `text`; returns the status and the first diagnostic (or "") in *msg. */
static lt_status parse_n(const char *text, size_t len, lt_webvtt **v, char **msg) {
  lt_diag_list *d = lt_diag_list_new();
  lt_status s = lt_webvtt_parse(text, len, "c.vtt", v, d);
  *msg = lt_diag_count(d) ? lt_diag_format(d, 0) : strdup("");
  lt_diag_list_free(d);
  return s;
}

static lt_status parse(const char *text, lt_webvtt **v, char **msg) {
  return parse_n(text, strlen(text), v, msg);
}

/* The one cue of "WEBVTT\n\n00:01.000 --> 00:05.000\n<body>": its plain text. */
static char *text_of(const char *body, lt_webvtt **keep) {
  char *file = g_strdup_printf("WEBVTT\n\n00:01.000 --> 00:05.000\n%s\n", body);
  char *msg;
  lt_webvtt *v = NULL;
  lt_status s = parse(file, &v, &msg);
  g_free(file);
  if (s != LT_OK) {
    fprintf(stderr, "unexpected: %s\n", msg);
    free(msg);
    return strdup("(invalid)");
  }
  free(msg);
  char *t = strdup(v->count == 1 ? v->cues[0].text : "(count)");
  if (keep)
    *keep = v;
  else
    lt_webvtt_free(v);
  return t;
}

int main(void) {
  lt_webvtt *v = NULL;
  char *msg;
  /* a YouTube-style header, a NOTE, a STYLE block, an identifier starting with NOTE */
  CHECK_INT(parse("\xEF\xBB\xBFWEBVTT\r\nKind: captions\r\nLanguage: id\r\n\r\nSTYLE\r\n"
                  "::cue { color: yellow }\r\n\r\nNOTE a trainer's note\r\nspanning two lines\r\n"
                  "\r\nNOTEBOOK\r\n00:00.000 --> 00:02.500 line:90% align:start\r\n"
                  "Selamat <i>datang</i>.\r\n\r\n0:00:02.500 --> 101:00:05.000\r\nBaris satu\r\n"
                  "Baris dua\r\n\r\n01:00:05.000 --> 01:00:06.000\r\n",
                  &v, &msg),
            LT_OK);
  CHECK_STR(msg, "");
  free(msg);
  CHECK_INT((int)v->count, 3);
  CHECK(v->cues[0].start == 0.0 && v->cues[0].end == 2.5);
  CHECK_STR(v->cues[0].id, "NOTEBOOK");
  CHECK_STR(v->cues[0].settings, "line:90% align:start");
  CHECK_STR(v->cues[0].markup, "Selamat <i>datang</i>.");
  CHECK_STR(v->cues[0].text, "Selamat datang.");
  CHECK_INT((int)v->cues[0].nruns, 3);
  CHECK(v->cues[0].runs[1].start == 8 && v->cues[0].runs[1].end == 14 &&
        v->cues[0].runs[1].style == LT_WEBVTT_ITALIC && v->cues[0].runs[2].style == 0);
  CHECK(v->cues[1].start == 2.5 && v->cues[1].end == 363605.0);
  CHECK_STR(v->cues[1].text, "Baris satu\nBaris dua");
  CHECK_STR(v->cues[2].text, ""); /* an empty cue is valid */
  CHECK_INT((int)v->cues[2].nruns, 0);
  const lt_webvtt_cue *on[4];
  CHECK_INT((int)lt_webvtt_active(v, 1.0, on, 4), 1);
  CHECK(on[0] == &v->cues[0]);
  CHECK_INT((int)lt_webvtt_active(v, 2.5, on, 4), 1); /* the end is exclusive */
  CHECK(on[0] == &v->cues[1]);
  CHECK_INT((int)lt_webvtt_active(v, 3605.5, on, 4), 2); /* overlapping: both, in order */
  CHECK(on[0] == &v->cues[1] && on[1] == &v->cues[2]);
  CHECK_INT((int)lt_webvtt_active(v, 3605.5, on, 1), 2); /* counted even when not stored */
  CHECK_INT((int)lt_webvtt_active(NULL, 1, on, 4), 0);
  lt_webvtt_free(v);

  /* REGION blocks before the cues, a cue with the region setting */
  CHECK_INT(parse("WEBVTT\n\nREGION\nid:fred\nwidth:40%\n\n00:01.000 --> 00:02.000 region:fred\n"
                  "x\n",
                  &v, &msg),
            LT_OK);
  free(msg);
  CHECK_INT((int)v->count, 1);
  lt_webvtt_free(v);

  /* cue text: markup, voices, ruby, timestamps, references */
  static const char *const texts[][2] = {
      {"<v Budi>Selamat pagi</v>", "Budi: Selamat pagi"},
      {"<v.loud Ani Rahayu>Halo", "Ani Rahayu: Halo"},
      {"<c.yellow.bg_blue>kuning</c> <b>tebal</b> <u>garis</u>", "kuning tebal garis"},
      {"<lang en>hello</lang> <ruby>漢<rt>kan</rt></ruby>", "hello 漢(kan)"},
      {"<ruby>字<rt>ji</ruby>!", "字(ji)!"},
      {"satu<00:00:02.000><c> dua</c><00:00:03.500><c> tiga</c>", "satu dua tiga"},
      {"Tom &amp; Jerry &lt;3 &gt; &#65;&#x42; a&nbsp;b", "Tom & Jerry <3 > AB a\u00a0b"},
      {"&lrm;x&rlm;", "\u200ex\u200f"},
      {"Caf&eacute; &quot;ok&quot;&hellip; &mdash;", "Caf\u00e9 \"ok\"\u2026 \u2014"},
      {"&ampx;", "&x;"},
      {"", ""},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
    char *t = text_of(texts[i][0], NULL);
    CHECK_STR(t, texts[i][1]);
    free(t);
  }
  /* runs: bold inside italic, underline */
  char *t = text_of("a<i>b<b>c</b></i><u>d</u>", &v);
  CHECK_STR(t, "abcd");
  free(t);
  CHECK_INT((int)v->cues[0].nruns, 4);
  CHECK(v->cues[0].runs[0].style == 0 && v->cues[0].runs[1].style == LT_WEBVTT_ITALIC);
  CHECK(v->cues[0].runs[2].style == (LT_WEBVTT_ITALIC | LT_WEBVTT_BOLD));
  CHECK(v->cues[0].runs[3].style == LT_WEBVTT_UNDERLINE && v->cues[0].runs[3].end == 4);
  lt_webvtt_free(v);

  static const char *const bad[][2] = {
      {"WEBVT\n", "c.vtt:1:1: error: a captions file must start with the line 'WEBVTT'"},
      {"WEBVTTX\n", "c.vtt:1:1: error: a captions file must start with the line 'WEBVTT'"},
      {"\xEF\xBB\xBF"
       "1\r\n00:00:01,000 --> 00:00:02,000\r\nHalo\r\n",
       "c.vtt:1:1: error: a captions file must start with the line 'WEBVTT'; this one looks like "
       "SubRip (.srt): name it 'c.srt' instead and Lentera converts it"},
      {"WEBVTT\n00:01.000 --> 00:02.000\nx\n",
       "c.vtt:2:1: error: put a blank line between 'WEBVTT' and the first cue"},
      {"WEBVTT\n\n00:01.000 -> 00:02.000\nx\n",
       "c.vtt:3:11: error: expected '-->' between the start and the end time, like '00:01.000 "
       "--> 00:04.000'"},
      {"WEBVTT\n\nsatu\ndua\n",
       "c.vtt:4:1: error: expected a timing line like '00:01.000 --> 00:04.000' after the cue "
       "identifier 'satu'"},
      {"WEBVTT\n\nsatu\n\n",
       "c.vtt:3:1: error: 'satu' stands alone: a cue needs a timing line like '00:01.000 --> "
       "00:04.000' under its identifier"},
      {"WEBVTT\n\n00:01.000 --> 00:0x.000\nx\n",
       "c.vtt:3:19: error: write minutes and seconds with two digits, like 00:01.000"},
      {"WEBVTT\n\n0:01.000 --> 00:02.000\nx\n",
       "c.vtt:3:1: error: write minutes with two digits, like 00:01.000 (or add hours: "
       "0:00:01.000)"},
      {"WEBVTT\n\n00:00:01,000 --> 00:02.000\nx\n",
       "c.vtt:3:9: error: the seconds need a dot and three digits, like 00:01.000 (a comma is "
       "SubRip, not WebVTT)"},
      {"WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", "c.vtt:3:1: error: seconds go up to 59"},
      {"WEBVTT\n\n00:01.00 --> 01:02.000\nx\n",
       "c.vtt:3:9: error: write the milliseconds with three digits, like 00:01.500"},
      {"WEBVTT\n\n00:05.000 --> 00:02.000\nx\n",
       "c.vtt:3:1: error: the cue ends before it starts: the end time must be later"},
      {"WEBVTT\n\n00:01.000-->00:02.000\nx\n",
       "c.vtt:3:10: error: put a space between the start time and '-->'"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 x\ny\n00:03.000 --> 00:04.000\nz\n",
       "c.vtt:3:25: error: the setting 'x' needs a value after ':', like align:center"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\ny\n00:03.000 --> 00:04.000\nz\n",
       "c.vtt:5:1: error: a blank line is missing before this cue"},
      {"WEBVTT\n\n00:03.000 --> 00:04.000\na\n\n00:01.000 --> 00:02.000\nb\n",
       "c.vtt:6:1: error: cues must be in time order: this one starts before the one above"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 align:middle\nx\n",
       "c.vtt:3:25: error: align must be start, center, end, left or right"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 position:120%\nx\n",
       "c.vtt:3:25: error: position must be a percentage from 0% to 100%, like position:10%"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 line:0 line:1\nx\n",
       "c.vtt:3:32: error: the setting 'line' is given twice: keep one"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000 color:red\nx\n",
       "c.vtt:3:25: error: unknown cue setting 'color' (WebVTT has vertical, line, position, "
       "size, align and region)"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\nsatu\n<font color=red>x</font>\n",
       "c.vtt:5:1: error: unknown tag <font> (WebVTT has <b>, <i>, <u>, <c>, <v>, <lang>, <ruby> "
       "and <rt>): remove it"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\nTom & Jerry\n",
       "c.vtt:4:5: error: write '&' as '&amp;'"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n&bogus;\n",
       "c.vtt:4:1: error: unknown character reference '&bogus;' (HTML's names like &eacute; "
       "and numbers like &#233; work): write the character itself, or '&amp;' for '&'"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n<i>miring\n",
       "c.vtt:4:10: error: <i> is not closed: add </i>"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n<b>x</i></b>\n",
       "c.vtt:4:5: error: </i> does not close the tag open here (<b>)"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n<v>x\n",
       "c.vtt:4:1: error: <v> needs the speaker's name, like <v Budi>"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n<i Budi>x</i>\n",
       "c.vtt:4:1: error: only <v> and <lang> take words after the tag name: write <i>"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n<rt>x</rt>\n",
       "c.vtt:4:1: error: <rt> (a ruby's reading) must be inside <ruby>"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\na<00:00:03.000>b\n",
       "c.vtt:4:2: error: the time <00:00:03.000> is outside the cue's times"},
      {"WEBVTT\n\n00:01.000 --> 00:05.000\na<00:03.000>b<00:02.000>c\n",
       "c.vtt:4:14: error: times inside a cue must go forward: <00:02.000> comes after a later "
       "one"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nSTYLE\n::cue {}\n",
       "c.vtt:6:1: error: a STYLE block must come before the first cue: move it up"},
      {"WEBVTT\n\nNOTE x\n00:01.000 --> 00:02.000\n",
       "c.vtt:4:11: error: a NOTE block cannot contain '-->': put a blank line before the cue"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\n",
       "c.vtt:4:1: error: captions must be saved as UTF-8, and this file looks like Windows-1252 "
       "(Latin-1): open it in Notepad or Subtitle Edit, choose 'Save as', pick the encoding "
       "'UTF-8' and save it again"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    CHECK_INT(parse(bad[i][0], &v, &msg), LT_ERR_INVALID);
    CHECK_STR(msg, bad[i][1]);
    CHECK(v == NULL);
    free(msg);
  }
  /* UTF-16 by its byte order mark, and without one by its zero bytes */
  static const char le[] = "\xff\xfeW\0E\0B\0V\0T\0T\0", be[] = "\0W\0E\0B\0V\0T\0T\0\n";
  CHECK_INT(parse_n(le, sizeof le - 1, &v, &msg), LT_ERR_INVALID);
  CHECK(strstr(msg, "c.vtt:1:1: error: captions must be saved as UTF-8, and this file looks "
                    "like UTF-16 LE:") == msg);
  free(msg);
  CHECK_INT(parse_n(be, sizeof be - 1, &v, &msg), LT_ERR_INVALID);
  CHECK(strstr(msg, "looks like UTF-16 BE:") != NULL);
  free(msg);
  /* the player's reading: conformance errors tolerated, broken timings dropped */
  const char *old = "WEBVTT\n\n00:01.000 --> 00:02.000\nTom & <font>Jerry</font>\n\n"
                    "00:02,000 --> 00:03.000\nx\n\n00:03.000 --> 00:04.000 align:middle\n<i>y\n";
  CHECK_INT(lt_webvtt_parse_lenient(old, strlen(old), &v), LT_OK);
  CHECK_INT((int)v->count, 2);
  CHECK_STR(v->cues[0].text, "Tom & Jerry");
  CHECK_STR(v->cues[1].text, "y");
  CHECK(v->cues[1].nruns == 1 && v->cues[1].runs[0].style == LT_WEBVTT_ITALIC);
  lt_webvtt_free(v);
  CHECK_INT(lt_webvtt_parse_lenient("WEBVT\n", 6, &v), LT_ERR_INVALID);
  CHECK(v == NULL);
  /* every mistake is reported, not only the first */
  lt_diag_list *d = lt_diag_list_new();
  const char *two = "WEBVTT\n\n00:01 --> 00:02.000\na\n\n00:03.000 --> 00:01.000\n<b>b\n";
  CHECK_INT(lt_webvtt_parse(two, strlen(two), "c.vtt", &v, d), LT_ERR_INVALID);
  CHECK_INT((int)lt_diag_count(d), 3);
  lt_diag_list_free(d);
  return check_done("test_webvtt");
}
