/* Tests for quizimport: what the GIFT and Aiken readers keep, skip and refuse. */
#include <stdlib.h>

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
  CHECK_INT(lt_quizbank_count(bank), 8);
  CHECK_INT(lt_diag_count_severity(d, LT_DIAG_WARNING), 5); /* the five unplayable kinds */
  char *md = lt_quizimport_markdown(bank, "Judul \"kutip\"", "practice");
  CHECK_CONTAINS(md, "title: \"Judul \\\"kutip\\\"\"\nrole: practice\n");
  CHECK_CONTAINS(md, "- [x] Desakan waktu\n- [x] Alamat pengirim meniru\n- [ ] Dikirim");
  CHECK_CONTAINS(md, "```answer\nOTP\nkode OTP\n```");
  free(md);
  lt_quizbank_free(bank);

  /* CRLF line ends and partial credit */
  char *crlf = write_tmp(dir, "crlf.gift", "::A::Pilih.{\r\n=%50%satu\r\n~dua\r\n}\r\n");
  bank = NULL;
  lt_diag_list *w = lt_diag_list_new();
  CHECK_INT(lt_quizimport_read(crlf, LT_QUIZIMPORT_AUTO, &bank, w), LT_OK);
  char *msgs = diags_text(w);
  CHECK_CONTAINS(msgs, "partial credit (50%) for 'satu' becomes full credit");
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
  const char *want[] = {"'X' has no correct answer", "'{' of 'X' is never closed",
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
