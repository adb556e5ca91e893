/* Tests for manifest: XML round trip (the generator attribute and the signer too), schema refusals,
 * a format other than 1 refused, a manifest without generator still read, trusted comment, file
 * index. */
#include <stdlib.h>

#include "lentera/manifest.h"
#include "check.h"

static const char digest[] = "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8";

static lt_manifest *sample(void) {
  const char *aud[] = {"semua-staf", NULL};
  lt_manifest_info info = {"keamanan-dasar",
                           "1.2.0",
                           "Keamanan & Dasar",
                           "id",
                           "BPSDM",
                           "https://x.go.id/lentera",
                           aud,
                           "0123456789ABCDEF",
                           1700000000,
                           "lentera-pack 9.8.7 <test>",
                           "Kursus <uji> & pengantar."};
  lt_manifest *m = lt_manifest_new(&info);
  lt_manifest_item quiz = {"quiz",     "posttest", "Tes <Akhir>", "quizzes/posttest.xml", 7,
                           "posttest", 6,          NULL};
  lt_manifest_item sheet = {"cheatsheet",
                            "ringkas",
                            "Ringkas",
                            "cheatsheets/ringkas.xml",
                            0,
                            NULL,
                            0,
                            "cheatsheets/ringkas.pdf"};
  lt_manifest_add_item(m, &quiz);
  lt_manifest_add_item(m, &sheet);
  lt_manifest_add_file(m, "quizzes/posttest.xml", 10, digest);
  lt_manifest_add_file(m, "media/video.mp4", 52428800ULL * 100, digest);
  return m;
}

int main(void) {
  lt_manifest *m = sample();
  char *xml;
  size_t len;
  CHECK_INT(lt_manifest_to_xml(m, &xml, &len), LT_OK);
  CHECK_CONTAINS(xml, "created=\"2023-11-14T22:13:20Z\"");
  CHECK_CONTAINS(xml, "<title>Keamanan &amp; Dasar</title>");
  CHECK_CONTAINS(xml, " generator=\"lentera-pack 9.8.7 &lt;test&gt;\">");
  CHECK_CONTAINS(xml, "<publisher>");
  CHECK_CONTAINS(xml, "<description>Kursus &lt;uji&gt; &amp; pengantar.</description>");
  lt_diag_list *d = lt_diag_list_new();
  lt_manifest *back = NULL;
  CHECK_INT(lt_manifest_parse(xml, len, "lentera.xml", &back, d), LT_OK);
  if (back) {
    const lt_manifest_info *in = lt_manifest_get_info(back);
    CHECK_STR(in->id, "keamanan-dasar");
    CHECK_STR(in->title, "Keamanan & Dasar");
    CHECK_STR(in->activity_base, "https://x.go.id/lentera");
    CHECK_INT(in->created, 1700000000);
    CHECK_STR(in->generator, "lentera-pack 9.8.7 <test>");
    CHECK_STR(in->description, "Kursus <uji> & pengantar.");
    CHECK_STR(in->audience[0], "semua-staf");
    CHECK_INT(lt_manifest_item_count(back), 2);
    CHECK_STR(lt_manifest_item_at(back, 0)->title, "Tes <Akhir>");
    CHECK_INT(lt_manifest_item_at(back, 0)->questions, 6);
    CHECK_STR(lt_manifest_item_at(back, 1)->pdf, "cheatsheets/ringkas.pdf");
    CHECK(lt_manifest_item_at(back, 1)->role == NULL);
    CHECK_INT(lt_manifest_find_file(back, "media/video.mp4"), 1);
    CHECK_INT(lt_manifest_find_file(back, "media/other.mp4"), -1);
    CHECK_INT(lt_manifest_file_at(back, 1)->size, 5242880000LL); /* over 4 GiB survives */
    CHECK_INT(lt_manifest_total_size(back), 5242880010LL);
    char *tc = lt_manifest_trusted_comment(back);
    CHECK_STR(tc, "lentera id=keamanan-dasar version=1.2.0 created=1700000000");
    free(tc);
  }
  lt_manifest_free(back);

  /* the certificates' signer: absent in a manifest without <signer> (older packs), and
   * carried through XML (escaped) and JSON when the course names one */
  CHECK(!strstr(xml, "<signer"));
  back = NULL;
  CHECK_INT(lt_manifest_parse(xml, len, "lentera.xml", &back, d), LT_OK);
  CHECK(back && lt_manifest_get_signer(back) == NULL);
  lt_manifest_free(back);
  lt_manifest_signer who = {"Dr. Budi \"BS\" Santoso", "Kepala <Bidang>", "197001011995031001"};
  lt_manifest *signed_m = sample();
  lt_manifest_set_signer(signed_m, &who);
  char *sxml, *json;
  size_t slen;
  CHECK_INT(lt_manifest_to_xml(signed_m, &sxml, &slen), LT_OK);
  CHECK_CONTAINS(sxml, "<signer name=\"Dr. Budi &quot;BS&quot; Santoso\" position=\"Kepala "
                       "&lt;Bidang&gt;\" nip=\"197001011995031001\"/>");
  back = NULL;
  CHECK_INT(lt_manifest_parse(sxml, slen, "lentera.xml", &back, d), LT_OK);
  const lt_manifest_signer *sg = back ? lt_manifest_get_signer(back) : NULL;
  CHECK(sg != NULL);
  if (sg) {
    CHECK_STR(sg->name, "Dr. Budi \"BS\" Santoso");
    CHECK_STR(sg->position, "Kepala <Bidang>");
    CHECK_STR(sg->nip, "197001011995031001");
  }
  json = back ? lt_manifest_to_json(back, "K") : NULL;
  CHECK(json && strstr(json, "\"position\": \"Kepala <Bidang>\""));
  free(json);
  lt_manifest_free(back);
  who.nip = NULL; /* the NIP is optional */
  lt_manifest_set_signer(signed_m, &who);
  g_free(sxml);
  CHECK_INT(lt_manifest_to_xml(signed_m, &sxml, &slen), LT_OK);
  back = NULL;
  CHECK_INT(lt_manifest_parse(sxml, slen, "lentera.xml", &back, d), LT_OK);
  CHECK(back && lt_manifest_get_signer(back) && !lt_manifest_get_signer(back)->nip);
  lt_manifest_free(back);
  g_free(sxml);
  lt_manifest_free(signed_m);

  /* things the schema must refuse */
  const char *bad[][2] = {
      {"path=\"quizzes/posttest.xml\"", "path=\"../etc/passwd\""},
      {"version=\"1.2.0\"", "version=\"1.2\""},
      {digest, "XYZ"},
      {"<group>semua-staf</group>", "<group>direksi</group>"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char **parts = g_strsplit(xml, bad[i][0], 2);
    char *evil = g_strjoinv(bad[i][1], parts);
    lt_diag_list *e = lt_diag_list_new();
    lt_manifest *none = NULL;
    CHECK_INT(lt_manifest_parse(evil, strlen(evil), "lentera.xml", &none, e), LT_ERR_INVALID);
    CHECK(none == NULL);
    CHECK(lt_diag_count(e) > 0);
    lt_diag_list_free(e);
    g_free(evil);
    g_strfreev(parts);
  }
  /* a format this reader does not know is refused by name; no generator is fine */
  const char *changed[][2] = {{"format=\"1\"", "format=\"2\""},
                              {" generator=\"lentera-pack 9.8.7 &lt;test&gt;\"", ""}};
  for (size_t i = 0; i < 2; i++) {
    char **parts = g_strsplit(xml, changed[i][0], 2);
    char *other = g_strjoinv(changed[i][1], parts);
    lt_diag_list *e = lt_diag_list_new();
    lt_manifest *got = NULL;
    CHECK_INT(lt_manifest_parse(other, strlen(other), "lentera.xml", &got, e),
              i == 0 ? LT_ERR_INVALID : LT_OK);
    char *msgs = diags_text(e);
    if (i == 0) CHECK_CONTAINS(msgs, "pack format 2 is not one this Lentera reads (format 1)");
    if (i == 1) CHECK(got && lt_manifest_get_info(got)->generator == NULL);
    g_free(msgs);
    lt_manifest_free(got);
    lt_diag_list_free(e);
    g_free(other);
    g_strfreev(parts);
  }
  /* entities are never expanded and the network is never used */
  const char *xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<pack xmlns=\"urn:lentera:pack:1\">&x;</pack>";
  lt_manifest *none = NULL;
  lt_diag_list *e = lt_diag_list_new();
  CHECK_INT(lt_manifest_parse(xxe, strlen(xxe), "lentera.xml", &none, e), LT_ERR_INVALID);
  char *msgs = diags_text(e);
  CHECK(!strstr(msgs, "root:"));
  g_free(msgs);
  lt_diag_list_free(e);
  g_free(xml);
  lt_manifest_free(m);
  lt_diag_list_free(d);
  return check_done("test_manifest");
}
