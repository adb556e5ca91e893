/* test_certificate — the check code (against an independent BLAKE2b + base32 by hand), the
 * number, JP rounding, the date in both languages, and the PDF's page size and QR. */
#include "lentera/certificate.h"

#include <stdlib.h>

#include "check.h"
#include "lentera/sign.h"

static const char *const id = "99b8bf0a-25f8-43d0-9161-d2d931cd0152";

static void codes(void) {
  char code[LT_CERTIFICATE_CODE_LEN], again[LT_CERTIFICATE_CODE_LEN];
  /* python3: blake2b(id, digest_size=32)[:5] in Crockford base32 */
  lt_certificate_code(id, code);
  CHECK_STR(code, "AW9V-1QXF");
  lt_certificate_code("99B8BF0A-25F8-43D0-9161-D2D931CD0152", again); /* case does not matter */
  CHECK_STR(again, "AW9V-1QXF");
  CHECK(lt_certificate_code_parse("aw9v1qxf", again));
  CHECK_STR(again, "AW9V-1QXF");
  CHECK(lt_certificate_code_parse(" AW9V - lQXF ", again)); /* l is read as 1 */
  CHECK_STR(again, "AW9V-1QXF");
  CHECK(lt_certificate_code_parse("0o0o-iIlL", again));
  CHECK_STR(again, "0000-1111");
  CHECK(!lt_certificate_code_parse("AW9V-1QX", again));   /* too short */
  CHECK(!lt_certificate_code_parse("AW9V-1QXFF", again)); /* too long */
  CHECK(!lt_certificate_code_parse("AW9U-1QXF", again));  /* U is not a digit */
  char *n = lt_certificate_number(id, 2026);
  CHECK_STR(n, "LTR/2026/99B8BF0A");
  int year = 0;
  char prefix[9];
  CHECK(lt_certificate_number_parse("ltr/2026/99b8bf0a", &year, prefix));
  CHECK_INT(year, 2026);
  CHECK_STR(prefix, "99b8bf0a");
  CHECK(!lt_certificate_number_parse("LTR/26/99B8BF0A", &year, prefix));
  CHECK(!lt_certificate_number_parse("LTR/2026/99B8BF0", &year, prefix));
  CHECK(!lt_certificate_number_parse("AW9V-1QXF", &year, prefix));
  g_free(n);
}

static void hours(void) {
  CHECK(lt_certificate_jp(0) == 0);
  CHECK(lt_certificate_jp(1) == 0.5);
  CHECK(lt_certificate_jp(22) == 0.5);
  CHECK(lt_certificate_jp(23) == 1);
  CHECK(lt_certificate_jp(45) == 1);
  CHECK(lt_certificate_jp(46) == 1.5);
  CHECK(lt_certificate_jp(90) == 2);
  CHECK(lt_certificate_jp(91) == 2.5);
  char *a = lt_certificate_jp_text(1.5, "id"), *b = lt_certificate_jp_text(1.5, "en"),
       *c = lt_certificate_jp_text(2, "id");
  CHECK_STR(a, "1,5");
  CHECK_STR(b, "1.5");
  CHECK_STR(c, "2");
  g_free(a), g_free(b), g_free(c);
}

static void dates(void) {
#ifdef _WIN32 /* the zone is Windows' own setting there, not TZ */
  return;
#endif
  g_setenv("TZ", "Asia/Jakarta", TRUE); /* UTC+7: 2026-12-01T20:00Z is 2 December there */
  char *id_date = lt_certificate_date(1796155200, "id"),
       *en_date = lt_certificate_date(1796155200, "en");
  CHECK_STR(id_date, "2 Desember 2026");
  CHECK_STR(en_date, "2 December 2026");
  g_free(id_date), g_free(en_date);
}

/* Whether `needle` is in the first `len` bytes of `hay` (a PDF holds NUL bytes). */
static bool holds(const char *hay, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; hay && i + n <= len; i++)
    if (!memcmp(hay + i, needle, n)) return true;
  return false;
}

static void pdf(void) {
  lt_certificate c = {"id",
                      "Sari Dewi",
                      "198705122010012001",
                      "Bidang Pelayanan",
                      "Keamanan Dasar",
                      "1.2.0",
                      "Bidang Pengembangan SDM",
                      64,
                      0.9,
                      id,
                      1796155200,
                      "Dr. Budi Santoso",
                      "Kepala BKPSDM",
                      "197001011995031001"};
  char *out = NULL;
  size_t len = 0;
  lt_diag_list *d = lt_diag_list_new();
  CHECK(lt_certificate_render_pdf(&c, &out, &len, d) == LT_OK);
  CHECK(len > 1000 && out && !memcmp(out, "%PDF-", 5));
  /* the page is A4 landscape: cairo writes the MediaBox in points */
  CHECK(holds(out, len, "/MediaBox [ 0 0 841.89 595.28 ]"));
  if (getenv("CERT_PDF") && out)
    (void)g_file_set_contents(getenv("CERT_PDF"), out, (gssize)len, NULL);
  free(out);
  /* long texts shrink to fit; English; no signer (the publisher issues it) */
  lt_certificate en = c;
  en.lang = "en", en.signer_name = en.signer_position = en.signer_nip = NULL;
  en.name = "Raden Mas Muhammad Bambang Setyo Hadiwijoyo Kusumaningrat Prawiranegara, S.Kom.";
  en.unit = "Sub Bagian Perencanaan, Evaluasi dan Pelaporan Sekretariat Badan Kepegawaian dan "
            "Pengembangan Sumber Daya Manusia Kabupaten";
  en.course = "Pengelolaan Arsip Dinamis dan Statis secara Elektronik pada Perangkat Daerah "
              "sesuai Peraturan Terbaru";
  out = NULL;
  CHECK(lt_certificate_render_pdf(&en, &out, &len, d) == LT_OK);
  CHECK(holds(out, len, "/MediaBox [ 0 0 841.89 595.28 ]"));
  if (getenv("CERT_PDF_EN") && out)
    (void)g_file_set_contents(getenv("CERT_PDF_EN"), out, (gssize)len, NULL);
  free(out);
  lt_diag_list_free(d);
}

int main(void) {
  if (lt_sign_init() != LT_OK) return 1;
  codes();
  hours();
  dates();
  pdf();
  return check_done("test_certificate");
}
