/* Tests for quizimport: what the GIFT and Aiken readers keep, skip and refuse; HTML as
 * Markdown; images from data: URIs kept for media/. */
#include <stdlib.h>
#include <string.h>

#include "lentera/quizimport.h"
#include "check.h"

static char *write_tmp(const char *dir, const char *name, const char *text) {
  char *p = g_build_filename(dir, name, NULL);
  g_file_set_contents(p, text, -1, NULL);
  return p;
}

int main(void) {
  char *dir = tmp_dir();
  lt_diag_list *d = lt_diag_list_new();
  char *gift = fixture("quizimport/moodle.gift");
  lt_quizbank *bank = NULL;
  CHECK_INT(lt_quizimport_read(gift, LT_QUIZIMPORT_AUTO, &bank, d), LT_OK);
  CHECK_INT(lt_quizbank_count(bank), 9); /* the missing-word one plays, with "_____" */
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_WARNING), 4); /* the four unplayable kinds */
  char *md = lt_quizimport_markdown(bank, "Judul \"kutip\"", "practice");
  CHECK_CONTAINS(md, "title: \"Judul \\\"kutip\\\"\"\nrole: practice\n");
  CHECK_CONTAINS(md, "- [x] Desakan waktu <!-- weight: 50 -->\n- [x] Alamat pengirim meniru "
                     "<!-- weight: 50 -->\n- [ ] Dikirim pada jam kerja <!-- weight: -100 -->");
  CHECK_CONTAINS(md, "Moodle dipakai \\_\\_\\_\\_\\_ kantor.");
  CHECK_CONTAINS(md, "```answer\nOTP\nkode OTP\n```");
  free(md);
  lt_quizbank_free(bank);

  /* CRLF line ends and partial credit */
  char *crlf = write_tmp(dir, "crlf.gift", "::A::Pilih.{\r\n=%50%satu\r\n~dua\r\n}\r\n");
  bank = NULL;
  lt_diag_list *w = lt_diag_list_new();
  CHECK_INT(lt_quizimport_read(crlf, LT_QUIZIMPORT_AUTO, &bank, w), LT_OK);
  char *msgs = diags_text(w);
  CHECK_CONTAINS(msgs, "'A' has no answer worth 100%: 'satu' (50%) is taken as the right one");
  g_free(msgs);
  lt_diag_list_free(w);
  lt_quizbank_free(bank);

  /* refusals: no correct answer, unclosed brace, nothing playable, not UTF-8 */
  const char *bad[][2] = {
      {"a.gift", "::X::Pilih.{~satu ~dua}\n"},
      {"b.gift", "::X::Pilih.{=satu ~dua\n"},
      {"c.gift", "::E::Esai.{}\n"},
      {"d.gift", "::X::Pilih \xff.{=a ~b}\n"},
  };
  const char *want[] = {"'X' has no right answer", "'{' of 'X' is never closed",
                        "no question Lentera can play", "not UTF-8"};
  for (size_t i = 0; i < 4; i++) {
    char *p = write_tmp(dir, bad[i][0], bad[i][1]);
    lt_diag_list *e = lt_diag_list_new();
    bank = NULL;
    CHECK_INT(lt_quizimport_read(p, LT_QUIZIMPORT_AUTO, &bank, e), LT_ERR_INVALID);
    CHECK(bank == NULL);
    msgs = diags_text(e);
    CHECK_CONTAINS(msgs, want[i]);
    g_free(msgs);
    lt_diag_list_free(e);
    g_free(p);
  }

  /* HTML as Markdown: paragraphs, emphasis, lists, breaks, entities, a data: image */
  char *html =
      write_tmp(dir, "h.gift",
                "::H::[html]<p dir\\=\"ltr\">Satu <b>dua</b> <em>tiga </em>&lt;empat&gt;</p>"
                "<ul><li>a</li><li>b <i>c</i></li></ul><p>x<br>y</p><h3>Judul</h3>"
                "<p><img alt\\=\"titik\" src\\=\"data\\:image/png;base64,iVBORw0KGgo\\=\"></p>"
                "<script>jahat()</script>{=<p>ya</p><p>lagi</p> ~tidak}\n");
  bank = NULL;
  lt_diag_list *h = lt_diag_list_new();
  CHECK_INT(lt_quizimport_read(html, LT_QUIZIMPORT_AUTO, &bank, h), LT_OK);
  md = lt_quizimport_markdown(bank, "H", "practice");
  CHECK_CONTAINS(md, "Satu **dua** *tiga* \\<empat\\>\n\n- a\n- b *c*\n\nx\\\ny\n\n**Judul**\n\n"
                     "![titik](media/gambar-");
  CHECK_CONTAINS(md, "- [x] ya lagi\n- [ ] tidak\n");
  CHECK(!strstr(md, "jahat"));
  CHECK_INT(lt_quizbank_media_count(bank), 1);
  free(md);
  lt_quizbank_free(bank);
  lt_diag_list_free(h);
  g_free(html);

  char *aiken = fixture("quizimport/soal.txt");
  CHECK_INT(lt_quizimport_read(aiken, LT_QUIZIMPORT_AUTO, &bank, d), LT_OK);
  CHECK_INT(lt_quizbank_count(bank), 2);
  md = lt_quizimport_markdown(bank, "Soal", "pretest");
  CHECK_CONTAINS(md, "## Soal 2\n<!-- id: di-mana-menyimpan-berkas-kerja-bersama -->");
  CHECK_CONTAINS(md, "- [x] Di folder bersama kantor\n");
  free(md);
  lt_quizbank_free(bank);
  lt_quizbank_free(NULL);

  g_free(gift), g_free(aiken), g_free(crlf);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(dir);
  return check_done("test_quizimport");
}
